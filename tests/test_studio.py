"""The web studio: its security rules over HTTP, and a film made, answered, played, forked and diffed in real
headless Chromium (Debian's, driven by Playwright) against a real `filmcrew studio` on 127.0.0.1."""

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

from film.events import read_events
from filmcrew.session import parse_typed
from filmcrew.studio import views
from filmcrew.studio.room import gate_answer
from filmcrew.studio.views import OutsideRun, inside
from tests.conftest import ROOT
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."
NOTE = "Dress the keeper in a red coat."  # Gemma 270M takes in the coat (not its colour); the reply says so
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"]
SCREENSHOTS = Path(os.environ.get("FILMCREW_SCREENSHOTS", ROOT / "docs" / "studio"))
SMALL = {"FILMCREW_WIDTH": "256", "FILMCREW_HEIGHT": "144"}


def test_paths_outside_the_run_folder_are_refused(tmp_path):
    run = tmp_path / "run"
    (run / "media").mkdir(parents=True)
    (run / "media" / "a.wav").write_bytes(b"RIFF")
    (tmp_path / "secret.txt").write_text("not the run's")
    (run / "media" / "out.wav").symlink_to(tmp_path / "secret.txt")
    assert inside(run, "media/a.wav") == (run / "media" / "a.wav").resolve()
    for bad in ("../secret.txt", "media/../../secret.txt", "/etc/passwd", str(tmp_path / "secret.txt"),
                "media/out.wav", "media//a.wav", "C:/x", "media"):
        with pytest.raises(OutsideRun):
            inside(run, bad)


def test_gate_forms_give_the_answers_the_terminal_gives():
    form = lambda **kw: {k: v if isinstance(v, list) else [v] for k, v in kw.items()}  # noqa: E731
    assert gate_answer(form(action="approve")) == parse_typed("approve")
    assert gate_answer(form(action="note", note="Make the keeper kinder.")) == \
        parse_typed("note Make the keeper kinder.")
    assert gate_answer(form(action="rename", character="char-mara", name="Nell Harper")) == \
        parse_typed("rename char-mara Nell Harper")
    assert gate_answer(form(action="line", line="scene-1/line-2", text="We go now.")) == \
        parse_typed("line scene-1/line-2 We go now.")
    assert gate_answer(form(action="voice", character="char-mara", pitch="-3", rate="")) == \
        parse_typed("voice char-mara pitch=-3")
    assert gate_answer(form(action="drop", shot="scene-2/shot-3")) == parse_typed("drop scene-2/shot-3")
    assert gate_answer(form(action="add", shot="scene-1/shot-2", framing="close-up", characters=["char-mara"])) == \
        parse_typed("add after scene-1/shot-2 close-up char-mara")


def test_the_cut_places_each_shot_once_and_its_transitions_on_their_cuts(tmp_path):
    """film.otio as write_otio writes it (issue 28): clips of their own with a dissolve and a fade between them
    (diffusers takes), and clips that cut encoded segments at offsets (performed takes, the dissolve baked in)."""
    from tools import montage
    from tools.montage import Clip

    shapes = {"own clips": [Clip("scene-1/shot-1", Path("media/a.mp4"), 2.0),
                            Clip("scene-1/shot-2", Path("media/b.mp4"), 2.0),
                            Clip("scene-2/shot-1", Path("media/c.mp4"), 2.0, "dissolve"),
                            Clip("scene-3/shot-1", Path("media/d.mp4"), 2.0, "fade")],
              "segments": [Clip("scene-1/shot-1", Path("media/p1.mp4"), 2.0),
                           Clip("scene-1/shot-2", Path("media/p2.mp4"), 2.0),
                           Clip("scene-2/shot-1", Path("media/p2.mp4"), 2.0, "dissolve", offset=36)]}
    for shape, clips in shapes.items():
        montage.write_otio(clips, [], None, tmp_path / "film.otio", shape)
        cut = views.cut(tmp_path)
        assert [s["id"] for s in cut["shots"]] == [c.shot_id for c in clips], shape  # each shot once, in order
        assert cut["seconds"] == montage.timeline(clips)[-1][2]
        ends = [s["start"] + s["seconds"] for s in cut["shots"]]
        assert [s["start"] for s in cut["shots"]] == [0.0, *ends[:-1]] and ends[-1] == cut["seconds"], shape
        entered = [(c.transition, s["start"]) for c, s in zip(clips, cut["shots"]) if c.transition != "cut"]
        assert [(t["kind"], t["start"] + t["seconds"] / 2) for t in cut["transitions"]] == entered, shape
        assert all(t["seconds"] == 0.5 for t in cut["transitions"])


# --- over HTTP, against a studio served from this process with a scripted model (as open_run takes one) ---

@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    from filmcrew.studio.serve import serving

    runs = tmp_path_factory.mktemp("studio-runs")
    old = {k: os.environ.get(k) for k in SMALL}
    os.environ.update(SMALL)
    try:
        with serving(runs, llm=ScriptedLLM()) as served:
            yield served, runs
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def client(served) -> httpx.Client:
    c = httpx.Client(base_url=served.base, timeout=60)
    assert c.get(served.url).status_code == 303
    return c


def start(served, c: httpx.Client, pitch: str, gates: bool = False) -> str:
    data = {"pitch": pitch, "seconds": "10", "seed": "1", "csrf": served.keys.csrf,
            **({"gates": "on"} if gates else {})}
    r = c.post("/start", data=data, headers={"origin": served.base})
    assert r.status_code == 303, r.text[-500:]
    return r.headers["location"].rsplit("/", 1)[1]


def finished(c: httpx.Client, run: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if 'data-status="finished"' in c.get(f"/run/{run}").text:
            return
        time.sleep(0.3)
    raise AssertionError(f"{run} did not finish")


@pytest.mark.slow
def test_a_note_typed_while_the_crew_works_is_answered_by_the_next_agent(studio):
    served, runs = studio
    c = client(served)
    run = start(served, c, "A baker finds a talking loaf of bread at midnight.")
    r = c.post(f"/run/{run}/note", data={"note": "Let the loaf sing.", "csrf": served.keys.csrf},
               headers={"origin": served.base})
    assert r.status_code == 303, r.text[-300:]
    finished(c, run)
    heard = [e for e in read_events(runs / run) if e.kind == "intervention" and e.get("note") == "Let the loaf sing."]
    assert len(heard) == 1 and heard[0]["node"] != "gate"
    replies = [e for e in read_events(runs / run) if e.kind == "message" and e["addressee"] == "You"
               and 'Re your note "Let the loaf sing."' in e["text"]]
    assert replies and replies[0]["node"] == heard[0]["node"]  # the agent whose turn took it answers it


@pytest.mark.slow
def test_the_token_becomes_a_strict_http_only_cookie(studio):
    served, _ = studio
    c = httpx.Client(base_url=served.base)
    assert c.get("/").status_code == 403  # no cookie yet
    assert c.get("/?token=wrong").status_code == 403
    r = c.get(served.url)
    cookie = r.headers["set-cookie"]
    assert r.status_code == 303 and r.headers["location"] == "/" and "token" not in r.headers["location"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and served.keys.token not in cookie
    page = c.get("/")
    assert page.status_code == 200 and "Start a film" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.slow
def test_another_host_header_is_refused(studio):
    served, _ = studio
    c = client(served)
    port = served.base.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
        r = c.get("/", headers={"host": host})
        assert r.status_code == 421 and "Open the URL the studio printed" in r.text
    assert c.get("/", headers={"host": f"localhost:{port}"}).status_code == 200


@pytest.mark.slow
def test_a_change_needs_the_studios_origin_and_its_csrf_token(studio):
    served, runs = studio
    c = client(served)
    before = set(runs.iterdir())
    data = {"pitch": "A cat forged this request.", "seconds": "10", "csrf": served.keys.csrf}
    assert c.post("/start", data=data).status_code == 403  # no Origin
    assert c.post("/start", data=data, headers={"origin": "http://evil.example"}).status_code == 403
    assert c.post("/start", data={**data, "csrf": "guess"}, headers={"origin": served.base}).status_code == 403
    assert c.post("/start", data={k: v for k, v in data.items() if k != "csrf"},
                  headers={"origin": served.base}).status_code == 403
    assert c.put("/start", headers={"origin": served.base}).status_code == 405
    assert set(runs.iterdir()) == before  # nothing was made


@pytest.mark.slow
def test_files_come_only_from_inside_a_run_folder(studio):
    served, runs = studio
    c = client(served)
    run = start(served, c, PITCH)
    finished(c, run)
    (runs.parent / "secret.txt").write_text("not the studio's")
    (runs / run / "media" / "link.wav").symlink_to(runs.parent / "secret.txt")
    assert c.get(f"/run/{run}/file/film.srt").status_code == 200
    video = c.get(f"/run/{run}/file/film.mp4", headers={"range": "bytes=0-99"})
    assert video.status_code == 206 and len(video.content) == 100  # the player can seek
    for path in (f"/run/{run}/file/%2e%2e/%2e%2e/secret.txt", f"/run/{run}/file/..%2f..%2fsecret.txt",
                 f"/run/{run}/file/%2fetc%2fpasswd", f"/run/{run}/file//etc/passwd", f"/run/{run}/file/media/link.wav",
                 "/run/%2e%2e/file/secret.txt", "/run/..%2f..%2ftmp/file/x"):
        r = c.get(path)
        assert r.status_code == 404 and "not the studio's" not in r.text and "root:" not in r.text, path


@pytest.mark.slow
def test_a_pitch_of_script_shows_as_text(studio):
    from playwright.sync_api import sync_playwright

    served, _ = studio
    pitch = '<script>alert("pwned")</script> A robot <b>paints</b> a lighthouse.'
    c = client(served)
    run = start(served, c, pitch)
    finished(c, run)
    with sync_playwright() as p:
        browser = chromium(p)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(served.url)
        assert page.locator("table.runs a", has_text='<script>alert("pwned")</script>').count() >= 1
        page.goto(f"{served.base}/run/{run}")
        assert page.locator("h1.pitch").inner_text() == pitch
        assert page.locator("b", has_text="paints").count() == 0 and page.locator("script:not([src])").count() == 0
        browser.close()
    assert dialogs == []


@pytest.mark.slow
def test_the_studio_binds_this_machine_only_unless_told(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "filmcrew", "studio", "--runs-dir", str(tmp_path), "--port", "0"]
    for extra, bound in (([], "127.0.0.1"), (["--host", "0.0.0.0"], "0.0.0.0")):
        proc = subprocess.Popen(cmd + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            url = proc.stdout.readline().strip()
            port = int(url.split(":")[2].split("/")[0])
            assert f"{bound}:{port}" in _listening(proc.pid) or bound == "0.0.0.0"
            if not extra:
                assert url.startswith(f"http://127.0.0.1:{port}/?token=") and len(url.split("token=")[1]) >= 32
                assert httpx.get(url).status_code == 303
        finally:
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=30)
        assert ("warning: serving on 0.0.0.0" in err) == bool(extra), err
        assert proc.returncode == 0 and "Traceback" not in err  # Ctrl-C stops it cleanly


def _listening(pid: int) -> str:
    """The addresses the process listens on (IPv4), as host:port."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:  # closed in the meantime
            continue
        if target.startswith("socket:"):
            inodes.add(target[8:-1])
    out = []
    for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        f = row.split()
        if f[3] == "0A" and f[9] in inodes:
            ip, port = f[1].split(":")
            out.append(".".join(str(int(ip[i:i + 2], 16)) for i in (6, 4, 2, 0)) + f":{int(port, 16)}")
    return " ".join(out)


# --- the whole studio in the browser, with the real model: `filmcrew studio` as a person starts it ---

class Studio:
    """`filmcrew studio` in a subprocess; its URL is the first line it prints. `env` adds to its environment,
    `log` keeps its stderr (the studio's log), `plant` is Python run in it before the studio starts."""

    def __init__(self, runs: Path, env: dict | None = None, log: Path | None = None, plant: str = ""):
        env = {**os.environ, **SMALL, "PYTHONPATH": str(ROOT), **(env or {})}
        program = ["-c", f"{plant}\nimport sys\nfrom filmcrew.launch import main\nsys.exit(main())"] if plant else \
            ["-m", "filmcrew"]
        self.log = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen([sys.executable, *program, "studio", "--runs-dir", str(runs), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, env=env,
                                     start_new_session=True)
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), "filmcrew studio printed no URL"
        self.base = self.url.split("/?")[0]

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        if self.log is not subprocess.DEVNULL:
            self.log.close()


def chromium(p):
    """Debian's Chromium under Playwright (Playwright's own browser download is not used)."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"
    return p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def made_in_the_browser(tmp_path_factory):
    """A film made from the browser with the real model: two tabs on one run, a note at the casting gate, the
    studio killed while a gate waits and started again, a gate answered by `filmcrew resume`."""
    runs = tmp_path_factory.mktemp("browser-runs")
    seen: dict = {}
    started: list[Studio] = []
    try:
        yield from _make_in_the_browser(runs, seen, started)
    finally:
        for studio in started:
            if studio.proc.poll() is None:
                studio.kill()


def _make_in_the_browser(runs: Path, seen: dict, started: list):
    from playwright.sync_api import expect, sync_playwright

    first = Studio(runs)
    started.append(first)
    with sync_playwright() as p:
        browser = chromium(p)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(first.url)
        page.fill("textarea[name=pitch]", PITCH)
        page.fill("input[name=seconds]", "10")
        page.click("text=Start the film")
        page.wait_for_url("**/run/**")
        run = page.url.rsplit("/", 1)[1]
        gate = page.locator("#gate")
        expect(gate).to_have_attribute("data-gate", "treatment", timeout=180_000)
        shot(page, "room-at-a-gate")
        other = context.new_page()  # a second tab on the same run
        other.goto(page.url)
        expect(other.locator("#gate")).to_have_attribute("data-gate", "treatment")
        page.click("#approve")
        expect(other.locator('#gate[data-gate="treatment"]')).to_have_count(0, timeout=30_000)
        seen["other_tab_closed_the_gate"] = True
        expect(gate).to_have_attribute("data-gate", "casting", timeout=180_000)
        page.fill("#gate-note", NOTE)
        page.click("text=Send back with this note")
        expect(page.locator("#messages")).to_contain_text(f'Re your note "{NOTE}"', timeout=180_000)
        expect(gate).to_have_attribute("data-gate", "casting", timeout=180_000)
        expect(gate).to_contain_text("visit 2")
        shot(page, "room-after-a-note")
        first.kill()  # a gate waits; the studio dies

        second = Studio(runs)
        started.append(second)
        page.goto(second.url)
        row = page.locator("table.runs tr", has_text=PITCH)
        expect(row.locator(".status")).to_have_text("stopped at the casting gate")
        seen["after_restart"] = row.locator(".status").inner_text()
        shot(page, "runs")
        row.locator("a").click()
        expect(gate).to_have_attribute("data-gate", "casting")
        page.click("#approve")
        expect(gate).to_have_attribute("data-gate", "screenplay", timeout=300_000)
        # under the stage bar: the stage, the shots and the time left, from this run's own log (issue 23)
        expect(page.locator("#progress")).to_contain_text("stage 3 of 6, screenplay")
        expect(page.locator("#progress")).to_contain_text(" left")
        seen["progress_at_the_screenplay_gate"] = page.locator("#progress").inner_text()
        page.click("#approve")
        expect(gate).to_have_attribute("data-gate", "shots", timeout=300_000)
        # The same run from the command line: resume answers the shots gate (and approves the rest)
        notes = runs.parent / "shots-approve.yaml"
        notes.write_text("shots: approve\n")
        done = subprocess.run([sys.executable, "-m", "filmcrew.cli", "resume", run, "--runs-dir", str(runs),
                               "--notes", str(notes), "--quiet"], capture_output=True, text=True, timeout=600,
                              env={**os.environ, **SMALL, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr[-1500:]
        expect(page.locator(".runhead .status")).to_have_text("finished", timeout=60_000)  # the tab saw it
        expect(page.locator("#progress")).to_contain_text("finished: ")
        seen.update(browser=browser, context=context, page=page, studio=second, run=run, runs=runs)
        yield seen
        browser.close()


@pytest.mark.slow
def test_a_note_at_the_casting_gate_shows_in_the_cast(made_in_the_browser):
    page, s = made_in_the_browser["page"], made_in_the_browser
    assert s["other_tab_closed_the_gate"] and s["after_restart"] == "stopped at the casting gate"
    page.goto(f"{s['studio'].base}/run/{s['run']}/cast")
    notes = page.locator(".casting-notes").inner_text()
    assert NOTE in notes and f'Re your note "{NOTE}": it is in now — "' in notes
    # Casting's reply quotes the cast entry the note changed; that entry is the keeper the cast page shows
    quoted = notes.split(f'Re your note "{NOTE}": it is in now — "', 1)[1].split('"', 1)[0]
    keeper = next(c for c in json.loads((s["runs"] / s["run"] / "characters.json").read_text())
                  if "keeper" in c["role"])
    assert quoted.startswith(f"{keeper['name']}, the lighthouse keeper") and keeper["look"]["wardrobe"] in quoted
    assert "coat" in keeper["look"]["wardrobe"]  # the word of the note the crew took in
    card = page.locator(".character", has_text="lighthouse keeper").inner_text()
    assert keeper["name"] in card and keeper["look"]["wardrobe"] in card
    shot(page, "cast")


@pytest.mark.slow
def test_the_film_plays_in_the_page_and_every_page_shows(made_in_the_browser):
    page, s = made_in_the_browser["page"], made_in_the_browser
    base = f"{s['studio'].base}/run/{s['run']}"
    page.goto(f"{base}/cut")
    page.wait_for_function("document.getElementById('film').readyState >= 1", timeout=30_000)
    duration = page.evaluate("document.getElementById('film').duration")
    assert 9 <= duration <= 12
    assert page.evaluate("document.getElementById('film').textTracks.length") == 1
    assert page.locator(".strip li").count() >= 2 and page.locator("svg.wave").count() == 2
    page.goto(base)
    shot(page, "room-finished")
    page.goto(f"{base}/script")
    assert page.locator(".fountain.heading").count() >= 1 and page.locator("table.shots tbody tr").count() >= 2
    shot(page, "script-and-shots")
    page.goto(f"{base}/storyboard")
    page.locator(".shot summary").first.click()
    assert page.locator(".shot[open] video").count() == 1 and "Seed" in page.locator(".shot[open]").inner_text()
    shot(page, "storyboard")
    page.goto(f"{base}/replay")
    assert page.locator("#timeline li").count() > 20
    shot(page, "replay")
    replayed = subprocess.run([sys.executable, "-m", "filmcrew.cli", "replay", s["run"], "--no-wait", "--runs-dir",
                               str(s["runs"])], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert replayed.returncode == 0 and "YOU" in replayed.stdout and "at the casting gate" in replayed.stdout


@pytest.mark.slow
def test_a_line_forked_at_the_cut_gate_shows_in_the_diff(made_in_the_browser):
    from playwright.sync_api import expect

    page, s = made_in_the_browser["page"], made_in_the_browser
    page.goto(f"{s['studio'].base}/run/{s['run']}/replay")
    row = page.locator("#timeline li.intervention", has_text="cut gate").first
    row.locator("summary", has_text="fork from here").click()
    line = row.locator("select[name=line_id] option").nth(1).inner_text()
    row.locator("select[name=line_id]").select_option(line)
    row.locator("input[name=line_text]").fill("We go now, before the tide turns.")
    row.locator("button").click()
    page.wait_for_url("**/diff?**", timeout=300_000)
    screenplay = page.locator('tbody[data-section="Screenplay"]')
    expect(screenplay.locator("tr.changed td").nth(1)).to_contain_text("We go now, before the tide turns.")
    assert "We go now" not in screenplay.locator("tr.changed td").nth(0).inner_text()
    assert "fork of" in page.locator('tbody[data-section="Run"]').inner_text() or \
        "B is a fork of A" in page.locator('tbody[data-section="Run"]').inner_text()
    shot(page, "diff")
