"""Every page of the studio over a film made with the defaults, as a person makes one (`filmcrew make PITCH`:
30 s, several scenes, dissolves at the scene changes), its rebuild and a fork of it, in real headless Chromium
against a real `filmcrew studio`; and what the studio answers to a page that fails and to hostile forms.

A module of its own: tests/test_studio.py keeps one Playwright session open across its module (the film made
in the browser), and Playwright's sync API allows one at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from tests.conftest import ROOT
from tests.test_studio import PITCH, SMALL, Studio, chromium, client, shot

@pytest.fixture(scope="module")
def default_film(tmp_path_factory):
    """ONE film made with the defaults (`filmcrew make PITCH`: 30 s, several scenes, dissolves at the scene
    changes, performed shots cut from encoded segments in film.otio), its rebuild and a fork of it at the cut
    gate, and `filmcrew studio` over them with an empty library of its own."""
    runs = tmp_path_factory.mktemp("default-runs")
    env = {**os.environ, **SMALL, "PYTHONPATH": str(ROOT), "FILMCREW_LIBRARY_DIR": str(runs.parent / "library")}

    def filmcrew(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "filmcrew.cli", *args, "--runs-dir", str(runs), "--quiet"],
                              capture_output=True, text=True, timeout=900, env=env)
        assert done.returncode == 0, done.stderr[-1500:]
        return Path(done.stdout.strip().splitlines()[-1]).name  # the run folder is the last line printed

    film = filmcrew("make", PITCH)
    shots = json.loads((runs / film / "shots.json").read_text())
    assert len({s["scene_id"] for s in shots}) >= 2, "the default film has one scene: no dissolve to show"
    line = next(lid for s in shots for lid in s["line_ids"])
    made = {"film": film, "rebuild": filmcrew("replay", film, "--rebuild"),
            "fork": filmcrew("fork", film, "--at", "cut", "--edit", f"line {line} We go now, before the tide turns.")}
    studio = Studio(runs, env={"FILMCREW_LIBRARY_DIR": env["FILMCREW_LIBRARY_DIR"]})
    try:
        yield {"runs": runs, "studio": studio, **made}
    finally:
        studio.kill()


def until(page, expression: str, timeout: float = 30) -> None:
    """Wait until `expression` is true in the page, polled from here: Playwright's own polling evaluates a
    string in the page, which the studio's policy (no eval) refuses."""
    deadline = time.time() + timeout
    while not page.evaluate(expression):
        assert time.time() < deadline, f"{expression} still false after {timeout} s"
        time.sleep(0.1)


def csrf_of(c: httpx.Client) -> str:
    page = c.get("/").text
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.mark.slow
def test_every_page_shows_a_default_film_its_rebuild_and_its_fork(default_film):
    from playwright.sync_api import expect, sync_playwright

    f = default_film
    base, runs = f["studio"].base, f["runs"]
    shots = json.loads((runs / f["film"] / "shots.json").read_text())
    scene_changes = sum(a["scene_id"] != b["scene_id"] for a, b in zip(shots, shots[1:]))
    answered: list[tuple[int, str]] = []
    with sync_playwright() as p:
        browser = chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("response", lambda r: answered.append((r.status, r.url)))

        def visit(path: str) -> None:
            response = page.goto(f"{base}{path}")
            assert response.status == 200, f"{path} answered {response.status}"

        page.goto(f["studio"].url)
        for run in (f["film"], f["rebuild"], f["fork"]):
            row = page.locator("table.runs tr").filter(has=page.get_by_text(run, exact=True))
            expect(row.locator(".status")).to_have_text("finished")
        for run in (f["film"], f["rebuild"], f["fork"]):
            visit(f"/run/{run}/cut")
            film = page.locator("#film")
            until(page, "document.getElementById('film').readyState >= 1")
            duration = film.evaluate("v => v.duration")
            cut = float(page.locator("h2", has_text="Shots").inner_text().split(", ")[1].split(" s")[0])
            assert 25 <= duration <= 35 and abs(duration - cut) < 0.2, (run, duration, cut)
            film.evaluate("v => { v.muted = true; return v.play(); }")
            until(page, "document.getElementById('film').currentTime > 0.5")  # it plays
            assert film.evaluate("v => v.textTracks.length") == 1 and page.locator("svg.wave").count() == 2
            strip = page.locator(".strip li")
            assert strip.evaluate_all("els => els.map(e => e.dataset.shot)") == \
                [s["id"] for s in json.loads((runs / run / "shots.json").read_text())], run  # each shot once
            lengths = strip.evaluate_all("els => els.map(e => Number(e.dataset.seconds))")
            assert abs(sum(lengths) - cut) < 0.05, (run, lengths, cut)
            # a dissolve at every scene change, drawn across the cut between the two scenes' shots
            dissolves = page.locator(".transitions li")
            assert dissolves.count() == scene_changes and all(
                k == "dissolve" for k in dissolves.evaluate_all("els => els.map(e => e.dataset.kind)"))
            starts = {s["id"]: i for i, s in enumerate(shots)}
            for i in range(dissolves.count()):
                mark = dissolves.nth(i)
                middle = float(mark.get_attribute("data-start")) + float(mark.get_attribute("data-seconds")) / 2
                entered = next(li for li in strip.all() if abs(float(li.get_attribute("data-start")) - middle) < 0.03)
                before = shots[starts[entered.get_attribute("data-shot")] - 1]
                assert before["scene_id"] != shots[starts[entered.get_attribute("data-shot")]]["scene_id"]
                box, edge = mark.bounding_box(), entered.bounding_box()["x"]
                assert abs(box["x"] + box["width"] / 2 - edge) < 2 and box["width"] > 0  # on the cut, on screen
            if run == f["film"]:
                film.evaluate("v => v.pause()")
                shot(page, "cut")
        run = f["film"]
        visit(f"/run/{run}")
        expect(page.locator(".runhead .status")).to_have_text("finished")
        assert page.locator("#messages li").count() >= 5
        visit(f"/run/{run}/script")
        assert page.locator(".fountain.heading").count() == len({s["scene_id"] for s in shots})
        assert page.locator("table.shots tbody tr").count() == len(shots)
        visit(f"/run/{run}/storyboard")
        assert page.locator(".shot").count() == len(shots)
        page.locator(".shot summary").last.click()
        page.locator(".shot[open] video").evaluate("v => { v.preload = 'metadata'; v.load(); }")
        until(page, "document.querySelector('.shot[open] video').readyState >= 1")
        visit(f"/run/{run}/cast")
        assert page.locator(".character").count() == len(json.loads((runs / run / "characters.json").read_text()))
        visit(f"/run/{run}/replay")
        assert page.locator("#timeline li").count() > 20
        visit(f"/diff?a={run}&b={f['fork']}")
        expect(page.locator('tbody[data-section="Screenplay"] tr.changed td').nth(1)).to_contain_text(
            "We go now, before the tide turns.")
        browser.close()
    assert not [a for a in answered if a[0] >= 500], [a for a in answered if a[0] >= 500]


@pytest.mark.slow
def test_a_page_that_fails_says_what_failed_and_what_to_do(default_film, tmp_path):
    """An exception a page did not expect (planted here in the cut's view) answers a page that names it and says
    what to do, and the studio's log has the traceback; the other pages go on answering."""
    plant = ("import filmcrew.studio.views as views\n"
             "def cut(run_dir):\n    raise RuntimeError('planted: film.otio cannot be read')\n"
             "views.cut = cut")
    log = tmp_path / "studio.log"
    studio = Studio(default_film["runs"], log=log, plant=plant)
    try:
        c = client(studio)
        run = default_film["film"]
        r = c.get(f"/run/{run}/cut")
        assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
        assert "Internal Server Error" not in r.text and "Traceback" not in r.text
        for words in (f"/run/{run}/cut", "RuntimeError: planted: film.otio cannot be read", "reload the page",
                      "the studio's log (the terminal where <code>filmcrew studio</code> runs) has the traceback",
                      f'href="/run/{run}"'):
            assert words in r.text, words
        # the other pages still answer (on a new connection: uvicorn closes the one whose request failed)
        assert client(studio).get(f"/run/{run}/script").status_code == 200
    finally:
        studio.proc.send_signal(signal.SIGINT)
        studio.proc.wait(timeout=30)
        studio.log.close()
    written = log.read_text()
    assert "Traceback (most recent call last)" in written and "RuntimeError: planted: film.otio" in written


@pytest.mark.slow
def test_a_cast_not_in_the_library_is_refused_and_nothing_outside_it_is_read(default_film):
    f = default_film
    c = client(f["studio"])
    elsewhere = f["runs"].parent / "elsewhere"  # a cast sheet outside the library, reachable as ../elsewhere
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "characters.json").write_text((f["runs"] / f["film"] / "characters.json").read_text())
    before = sorted(p.name for p in f["runs"].iterdir())
    for name in ("../../../../etc", "../elsewhere", str(elsewhere), "lighthouse"):
        r = c.post("/start", data={"pitch": "A cat learns to sail.", "seconds": "30", "seed": "1", "cast": name,
                                   "csrf": csrf_of(c)}, headers={"origin": f["studio"].base})
        assert r.status_code == 400, (name, r.status_code, r.text[-300:])
        assert "Start a film" in r.text and f"no cast named {escape(repr(name))} in the studio library" in r.text
        assert "choose one the form lists" in r.text
    assert sorted(p.name for p in f["runs"].iterdir()) == before  # no run was started


@pytest.mark.slow
def test_a_fork_at_a_non_ascii_digit_is_refused(default_film):
    f = default_film
    c = client(f["studio"])
    before = sorted(p.name for p in f["runs"].iterdir())
    for at, says in (("²", "not a gate"), ("screenplay:²", escape("the visit after ':' must be a number"))):
        r = c.post(f"/run/{f['film']}/fork", data={"at": at, "note": "Make it rain.", "csrf": csrf_of(c)},
                   headers={"origin": f["studio"].base})
        assert r.status_code == 400, (at, r.status_code, r.text[-300:])
        assert f"--at {at}: " in r.text and says in r.text and 'id="timeline"' in r.text
    assert sorted(p.name for p in f["runs"].iterdir()) == before  # no fork was made
