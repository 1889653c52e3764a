"""What the hardening tests share: the pitch, the scripted CLI's settings, and ways to look at a folder.

The fixtures `cli` (filmcrew's CLI in-process with the scripted LLM) and `template_run` (one finished 5 s run,
made once a session) are in tests/conftest.py; the tests are in tests/test_hardening_*.py, one file a concern.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.fakes import ScriptedLLM


PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def scripted(monkeypatch, library: Path) -> None:
    import tools.llm

    monkeypatch.setattr(tools.llm, "build_llm", lambda settings: ScriptedLLM())
    for name, value in {"WIDTH": "256", "HEIGHT": "144", "LIBRARY_DIR": str(library)}.items():
        monkeypatch.setenv(f"FILMCREW_{name}", value)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: (size, link count); a new hard link to a file shows as a changed count."""
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_nlink)
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def contents(folder: Path) -> dict[str, str]:
    """Every entry under `folder` and what it holds (a file's sha256, a link's target): to show it untouched."""
    import hashlib

    return {str(p.relative_to(folder)): f"-> {os.readlink(p)}" if p.is_symlink() else
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def made(cli, runs: Path) -> Path:
    """A finished 5 s run in `runs`: the first time a copy of the template, after that `filmcrew make` again
    (which reuses every call it can, and repairs what it cannot)."""
    run = runs / cli.template.name
    if not run.exists():
        shutil.copytree(cli.template, run)
        return run
    code, out, err = cli("make", PITCH, "--seconds", 5, "--runs-dir", runs, "--quiet")
    assert code == 0, err
    return Path(out.split()[-1])


FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
OUTSIDE_RUNS = ("runs", "library")  # the only places a command may write


def outside(tmp_path: Path) -> dict:
    """`snapshot` of everything under tmp_path but the places a command may write (not walked at all: a fuzz
    test's runs folder grows by a film each example)."""
    found = {}
    for top in sorted(tmp_path.iterdir()):
        if top.name in OUTSIDE_RUNS:
            continue
        if top.is_dir() and not top.is_symlink():
            found.update({f"{top.name}/{k}": v for k, v in snapshot(top).items()})
        elif top.is_file() or top.is_symlink():
            found[top.name] = (top.lstat().st_size, top.lstat().st_nlink)
    return found
