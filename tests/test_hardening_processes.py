"""Paths, locks and processes: odd characters in the runs path, a second writer, a full disk under ffmpeg, a
piped stdin, and children (encoders, voices, Ray) that never outlive filmcrew.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hardening import PITCH, made


def test_an_apostrophe_in_the_runs_path_makes_and_remakes_the_film(cli, tmp_path):
    runs = tmp_path / "films" / "o'brien"
    first = made(cli, runs)
    shutil.rmtree(first / "cache" / "montage")  # the copy's film is cut again, from this folder
    again = made(cli, runs)
    assert again == first and (first / "film.mp4").stat().st_size > 0
    assert not list(first.glob(".*.tmp")) and not list((first / "media").glob(".*tmp*"))


def test_a_newline_in_the_runs_path_makes_and_remakes_the_film(cli, tmp_path):
    runs = tmp_path / "films\nnight" / "o'brien"
    first = made(cli, runs)
    shutil.rmtree(first / "cache" / "montage")  # the copy's film is cut and joined again, in this folder
    code, out, err = cli("make", PITCH, "--seconds", 5, "--runs-dir", runs, "--quiet")
    assert code == 0, err
    assert (first / "film.mp4").stat().st_size > 0


def test_a_second_writer_is_told_who_holds_the_run(cli, tmp_path):
    from film.lock import RunLock

    run = made(cli, tmp_path / "runs")
    holder = RunLock(run, "make").acquire()
    try:
        code, _, err = cli("resume", run, "--runs-dir", tmp_path / "runs")
        assert code == 2 and f"pid {os.getpid()}" in err and "--wait" in err
    finally:
        holder.release()
    assert cli("resume", run, "--runs-dir", tmp_path / "runs")[0] == 0


def test_a_full_disk_under_ffmpeg_is_said_in_one_line(tmp_path):
    from filmcrew.cli import explain
    from tools.montage import _run_ffmpeg
    from tools.video import ffmpeg_exe

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
            "anullsrc=r=48000:cl=stereo", "-t", "2", "-progress", "pipe:1", "-f", "wav", "/dev/full"]
    with pytest.raises(OSError) as caught:
        _run_ffmpeg(args, tmp_path, 2.0, None)
    message, code = explain(caught.value)
    assert code == 1 and "the disk is full" in message and "\n" not in message


@pytest.mark.slow  # a fresh filmcrew process makes a whole film: its cold start (spaCy, MiniLM, the libraries)
#                   is most of it, and the fast tier keeps under a minute
def test_interactive_with_a_piped_stdin_ends_cleanly(tmp_path):
    import subprocess
    import sys
    import time

    script = ("import sys, tools.llm; from tests.fakes import ScriptedLLM; "
              "tools.llm.build_llm = lambda settings: ScriptedLLM(); "
              "from filmcrew.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144", "FILMCREW_LIBRARY_DIR": str(tmp_path / "library")}
    with (tmp_path / "err").open("wb") as err:  # as `yes "" | filmcrew make --interactive`: approve every gate
        proc = subprocess.Popen([sys.executable, "-c", script, "make", PITCH, "--seconds", "5", "--interactive",
                                 "--runs-dir", str(tmp_path / "runs")], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            for _ in range(30_000):  # the pipe stays open and full: the reader thread is busy when filmcrew exits
                if proc.poll() is not None:
                    break
                try:
                    proc.stdin.write(b"\n" * 64)
                    proc.stdin.flush()
                except BrokenPipeError:
                    break
                time.sleep(0.01)
            proc.wait(timeout=60)
        finally:
            proc.kill()
    said = (tmp_path / "err").read_text(errors="replace")
    assert proc.returncode == 0, said
    assert "Fatal Python error" not in said and "Film:" in said


@pytest.mark.parametrize("way", ["setpriv", "preexec_fn"])
def test_children_die_with_their_parent(tmp_path, way):
    """Started through setpriv, or where it is missing, by a prctl in the forked child."""
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time; from film import procs; "
        + ("procs._setpriv = lambda: None; " if way == "preexec_fn" else "") +
        f"child = procs.popen(['sleep', '300']); "
        f"open({str(pid_file)!r}, 'w').write(str(child.pid)); time.sleep(300)")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    try:
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        child = int(pid_file.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
        for _ in range(600):  # the kernel kills it at once; reaping it (it was reparented) may take a moment
            try:
                state = Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0]
            except FileNotFoundError:
                state = "gone"
            if state in ("gone", "Z"):
                break
            time.sleep(0.05)
        assert state in ("gone", "Z"), f"the child {child} outlived its parent ({state})"
    finally:
        parent.kill()


@pytest.mark.slow  # starts a real Ray on this machine
def test_a_ray_started_here_leaves_no_session_folder_behind(tmp_path):
    import subprocess
    import sys
    import tempfile

    pytest.importorskip("ray")
    before = set(Path("/tmp/ray").glob("session_*")) if Path("/tmp/ray").is_dir() else set()
    script = ("import os; from film.settings import load_settings; from filmcrew.cluster import Cluster; "
              "c = Cluster(load_settings(executor='ray', ray_workers=1)).start(); "
              "import ray; print(ray.cluster_resources()['CPU'], os.getpid())")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    pid = out.stdout.split()[-1]
    assert not list(Path(tempfile.gettempdir()).glob(f"fcray-{pid}-*"))
    after = set(Path("/tmp/ray").glob("session_*")) if Path("/tmp/ray").is_dir() else set()
    assert after == before


@pytest.mark.slow  # renders until an encoder runs, then kills filmcrew alone (kill -9 PID, not its group)
def test_a_make_killed_mid_encode_leaves_no_encoder_running(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    script = ("import sys, tools.llm; from tests.fakes import ScriptedLLM; "
              "tools.llm.build_llm = lambda settings: ScriptedLLM(); "
              "from filmcrew.cli import main; sys.exit(main(sys.argv[1:]))")
    runs = tmp_path / "runs"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144", "FILMCREW_LIBRARY_DIR": str(tmp_path / "library")}

    def encoders() -> dict[int, int]:
        """ffmpeg processes working in this test's runs folder: pid -> parent pid."""
        found = {}
        for proc in Path("/proc").iterdir():
            try:
                line = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if "ffmpeg" in line and str(runs) in line:
                found[int(proc.name)] = parent
        return found

    proc = subprocess.Popen([sys.executable, "-c", script, "make", PITCH, "--seconds", "20", "--runs-dir",
                             str(runs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen: dict[int, int] = {}
    try:
        for _ in range(20_000):
            seen = {pid: parent for pid, parent in encoders().items() if parent == proc.pid}
            if seen or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert seen, "the make ended before an encoder was seen running"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        for _ in range(400):  # the kernel kills them at once; give /proc a moment to let go of them
            if not set(seen) & set(encoders()):
                break
            time.sleep(0.05)
        assert not set(seen) & set(encoders()), "an encoder outlived filmcrew"
    finally:
        proc.kill()
        for pid in encoders():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
