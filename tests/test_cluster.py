"""Shots on a Ray cluster: a local Ray with 2 worker processes, started here on loopback only.

The text stage is the scripted LLM (tests/fakes.py); the render stage is real (animatic pictures, performed
motion, Debian voices, ffmpeg), on Ray workers, and its film is compared byte for byte with the same film
rendered in this process. Worker faults are real: a worker process kills itself (SIGKILL) in the middle of
a shot; the cluster going away is a separate `ray start --head` whose processes are killed mid-render.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import socket
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from functools import partial
from pathlib import Path

import pytest

from film.events import read_events
from film.settings import load_settings
from filmcrew.cluster import LOOPBACK, Cluster, answers, worker_clients, worker_plan
from tests.conftest import SMALL, ROOT, open_crew, run_crew
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def test_workers_ask_for_a_gpu_each_only_with_a_gpu_backend_on_a_gpu_cluster():
    gpu = load_settings("cpu", image_backend="diffusers", video_backend="diffusers")
    assert worker_plan(gpu, {"CPU": 16, "GPU": 4}) == (4, {"num_gpus": 1, "num_cpus": 1})
    assert worker_plan(gpu.model_copy(update={"ray_workers": 2}), {"CPU": 16, "GPU": 4})[0] == 2
    assert worker_plan(gpu.model_copy(update={"ray_workers": 9}), {"CPU": 16, "GPU": 4})[0] == 4  # one per GPU
    assert worker_plan(gpu, {"CPU": 2}) == (2, {"num_cpus": 1})  # diffusers on a CPU-only cluster
    coqui = load_settings("cpu", coqui_model="/models/xtts")
    assert worker_plan(coqui, {"CPU": 8, "GPU": 1}) == (1, {"num_gpus": 1, "num_cpus": 1})
    assert worker_plan(load_settings("cpu"), {"CPU": 8, "GPU": 2}) == (8, {"num_cpus": 1})  # animatic: CPUs


@pytest.mark.parametrize("how", [["--executor", "ray"], ["--profile", "ray"]])
def test_without_ray_the_ray_executor_names_the_install_before_any_run_folder(tmp_path, monkeypatch, capsys, how):
    from filmcrew.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # Ray not installed
    assert main(["make", PITCH, "--runs-dir", str(tmp_path / "runs"), *how]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pip install 'filmcrew[ray]'" in err and "Traceback" not in err
    assert not (tmp_path / "runs").exists()


@pytest.fixture(scope="module")
def ray_local():
    """A Ray on this machine with 2 CPUs (2 shot workers), on 127.0.0.1 only; its workers import this repo."""
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed: pip install 'filmcrew[ray]'")
    saved = {k: os.environ.get(k) for k in [*LOOPBACK, "PYTHONPATH"]}
    os.environ.update(LOOPBACK)  # before Ray is imported
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [saved["PYTHONPATH"]] if p])
    import ray

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers get this module's fault injection
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        yield ray
    finally:
        ray.shutdown()
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


@pytest.fixture(scope="module")
def local_film(tmp_path_factory) -> Path:
    """The film rendered in this process, to compare the cluster's with."""
    run = open_crew(tmp_path_factory.mktemp("local"), ScriptedLLM())
    run_crew(run, PITCH, seconds=5)
    run.close()
    return run.run_dir


def descendants(pid: int) -> set[int]:
    """The processes started under `pid` (a local Ray's head, raylet and workers all are), from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def listening(pids: set[int]) -> set[str]:
    """The addresses these processes listen on (TCP, IPv4 and IPv6), read from /proc."""
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        inodes |= {link[8:-1] for link in links if link.startswith("socket:[")}
    out = set()
    for table in ("tcp", "tcp6"):
        for row in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                raw = bytes.fromhex(fields[1].split(":")[0])
                words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]  # each 32-bit word is little-endian
                out.add(socket.inet_ntop(socket.AF_INET if table == "tcp" else socket.AF_INET6, b"".join(words)))
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def media_is_whole(run_dir: Path) -> None:
    """Every file in media/ is complete: named by the sha256 of its bytes, no temporary leftovers."""
    for f in (run_dir / "media").iterdir():
        assert f.name.split(".")[0] == sha(f), f"{f.name} is not whole"


def ray_film(run_dir: Path, cluster: Cluster | None = None):
    run = open_crew(run_dir, ScriptedLLM(), executor="ray", cluster=cluster)
    try:
        return run_crew(run, PITCH, seconds=5), run.context.executor.cluster
    finally:
        run.close()


@pytest.mark.slow
def test_ray_renders_the_same_film_as_local_and_never_resends_a_cached_shot(tmp_path, ray_local, local_film):
    assert ray_local.util.get_node_ip_address() == "127.0.0.1"
    assert {n["NodeManagerAddress"] for n in ray_local.nodes()} == {"127.0.0.1"}
    assert ray_local.get_runtime_context().gcs_address.startswith("127.0.0.1:")
    assert listening(descendants(os.getpid())) <= {"127.0.0.1", "::1", "::ffff:127.0.0.1"}  # Ray listens on loopback

    state, cluster = ray_film(tmp_path)
    assert sha(tmp_path / "film.mp4") == sha(local_film / "film.mp4")
    assert sorted(p.name for p in (tmp_path / "media").iterdir()) == \
        sorted(p.name for p in (local_film / "media").iterdir())
    media_is_whole(tmp_path)
    log = read_events(tmp_path)
    sent = [e for e in log if e.kind == "remote"]
    shots = {s.id for s in state.shots}
    assert {e.what for e in sent if e.what in shots} == shots  # every shot rendered on a worker...
    assert any(e.what.endswith("/picture") for e in sent)  # ...and the picture segments too
    assert {e.worker for e in sent} <= {w.label for w in cluster.workers}
    assert all(w.label.startswith("127.0.0.1:") for w in cluster.workers) and len(cluster.workers) == 2
    assert len({e.worker for e in sent}) == 2  # both workers took work
    made_here = {e.key for e in log if e.kind == "call" and e.tool in ("voice", "image", "video") and not e.cached}
    assert made_here == {e.key for e in read_events(local_film)
                         if e.kind == "call" and e.tool in ("voice", "image", "video") and not e.cached}
    cluster.stop()

    # the same run again, a fresh graph: every shot and segment is cached, so nothing is sent, Ray not even asked
    before = len(read_events(tmp_path))
    _, again = ray_film(tmp_path)
    after = read_events(tmp_path)[before:]
    assert not again.started and not [e for e in after if e.kind == "remote"]
    assert all(e.cached for e in after if e.kind == "call")
    assert sha(tmp_path / "film.mp4") == sha(local_film / "film.mp4")


KILL_SHOT = "scene-1/shot-2"


def killing_clients(settings, marker: str, shot_id: str) -> dict:
    """The real worker clients, whose keyframe renderer kills its own worker process (SIGKILL) once, half-way
    through writing `shot_id`'s keyframe; `marker` records the killed process's id (fault injection)."""
    clients = worker_clients(settings)
    real = clients["pictures"]

    class Dying:
        backend, model, expressive, staged = real.backend, real.model, real.expressive, real.staged

        def keyframe(self, shot, characters, location, seed, out, size, expression="neutral"):
            if shot.id == shot_id and not os.path.exists(marker):
                Path(marker).write_text(str(os.getpid()))
                Path(out).write_bytes(b"\x89PNG half a picture")
                os.kill(os.getpid(), signal.SIGKILL)
            return real.keyframe(shot, characters, location, seed, out, size, expression=expression)

    clients["pictures"] = Dying()
    return clients


@pytest.mark.slow
def test_a_worker_killed_mid_shot_is_replaced_and_the_shot_rendered_on_another(tmp_path, ray_local, local_film):
    marker = tmp_path / "killed.pid"
    settings = load_settings("cpu", **SMALL, executor="ray")
    cluster = Cluster(settings, clients=partial(killing_clients, settings, str(marker), KILL_SHOT))
    run_dir = tmp_path / "run"
    state, _ = ray_film(run_dir, cluster)
    killed = f"127.0.0.1:{marker.read_text()}"
    log = read_events(run_dir)
    lost = [e for e in log if e.kind == "worker_lost"]
    assert [(e.what, e.worker, e.retried) for e in lost] == [(KILL_SHOT, killed, True)]
    done = [e for e in log if e.kind == "remote" and e.what == KILL_SHOT]
    assert len(done) == 1 and done[0].worker != killed
    assert not any(t.error for t in state.takes) and not [e for e in log if e.kind == "render_error"]
    assert len(cluster.workers) == 3  # two at the start, one in place of the killed
    media_is_whole(run_dir)
    assert sha(run_dir / "film.mp4") == sha(local_film / "film.mp4")
    cluster.stop()


DRIVER = textwrap.dedent("""
    import sys
    import tools.llm
    from tests.fakes import ScriptedLLM
    from filmcrew.cli import main
    tools.llm.build_llm = lambda settings: ScriptedLLM()  # the text stage scripted; the render stage is real
    sys.exit(main(sys.argv[1:]))
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def filmcrew(*args: str, env: dict) -> subprocess.Popen:
    """The filmcrew CLI in a process of its own, with the scripted LLM."""
    return subprocess.Popen([sys.executable, "-c", DRIVER, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
@pytest.mark.parametrize("elsewhere", [["--executor", "local"], ["--ray-address", "local"]])  # here; a new Ray
def test_a_cluster_that_goes_away_stops_the_run_clearly_and_resume_finishes_it(tmp_path, local_film, elsewhere):
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed: pip install 'filmcrew[ray]'")
    env = {**os.environ, **LOOPBACK, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "FILMCREW_WIDTH": str(SMALL["width"]), "FILMCREW_HEIGHT": str(SMALL["height"]),
           "FILMCREW_LIBRARY_DIR": str(tmp_path / "library"), "RAY_ADDRESS": ""}
    port, runs = free_port(), tmp_path / "runs"
    temp = tempfile.mkdtemp(prefix="ray-", dir="/tmp")  # short: Ray's socket paths must fit in 107 bytes
    head = subprocess.Popen([sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
                             "--port", str(port), "--num-cpus", "2",
                             "--include-dashboard", "false", "--disable-usage-stats", "--temp-dir", temp],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while not answers(f"127.0.0.1:{port}") and time.time() < deadline:
            time.sleep(0.2)
        make = filmcrew("make", PITCH, "--seconds", "5", "--executor", "ray", "--ray-address", f"127.0.0.1:{port}",
                        "--runs-dir", str(runs), env=env)
        deadline, sent = time.time() + 300, []
        while time.time() < deadline and make.poll() is None and not sent:
            found = list(runs.glob("*/events.jsonl"))
            sent = [e for e in read_events(found[0].parent, complete_only=True) if e.kind == "remote"] if found else []
            time.sleep(0.05)
        assert sent, "the run ended before a shot came back from the cluster"
        os.killpg(head.pid, signal.SIGKILL)  # the whole cluster: head, raylet and every worker
        out, err = make.communicate(timeout=240)
    finally:
        if head.poll() is None:
            os.killpg(head.pid, signal.SIGKILL)
        head.wait(timeout=30)
        shutil.rmtree(temp, ignore_errors=True)
    run_dir = found[0].parent
    assert make.returncode == 1, err[-2000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("filmcrew: the Ray cluster at 127.0.0.1:") and "went away" in last
    assert f"filmcrew resume {run_dir}" in last and "--executor local" in last
    first = read_events(run_dir)
    assert any(e.kind == "worker_lost" and not e.retried for e in first)
    assert not list((run_dir / "media").glob(".*"))  # nothing half-written
    finished = {e.what for e in first if e.kind == "remote" and not e.what.endswith("/picture")}
    made = {e.key for e in first if e.kind == "call" and not e.cached}

    resume = filmcrew("resume", str(run_dir), *elsewhere, "--runs-dir", str(runs), env=env)
    out, err = resume.communicate(timeout=300)
    assert resume.returncode == 0, err[-2000:]
    again = read_events(run_dir)[len(first):]
    assert not {e.key for e in again if e.kind == "call" and not e.cached} & made  # nothing made twice
    shot_calls = [e for e in again if e.kind == "call" and e.node == "render.shot"]
    assert finished and all(e.cached for e in shot_calls if e.artifact.rsplit("/", 1)[0] in finished)
    assert not [e for e in again if e.kind == "worker_lost"]
    assert all(e.worker.startswith("127.0.0.1:") for e in again if e.kind == "remote")
    assert finished.isdisjoint(e.what for e in again if e.kind == "remote")  # a finished shot is not sent again
    assert any(e.kind == "remote" for e in again) == (elsewhere[0] == "--ray-address")
    media_is_whole(run_dir)
    assert sha(run_dir / "film.mp4") == sha(local_film / "film.mp4")


def counting_clients(settings, loads: str) -> dict:
    """The real worker clients, their diffusers pipeline counting each time it is loaded (one line per load,
    with the loading process's id, appended to `loads`)."""
    clients = worker_clients(settings)
    real = clients["pictures"]
    load = real._pipeline

    def counted():
        if real._pipe is None:
            with open(loads, "a") as fh:
                fh.write(f"{os.getpid()}\n")
        return load()

    real._pipeline = counted
    return clients


@pytest.mark.slow
def test_a_diffusers_model_is_loaded_once_per_worker_not_once_per_shot(tmp_path, ray_local):
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from bench.gpu_check import build_tiny_sd

    model = build_tiny_sd(torch, tmp_path / "tiny-sd")
    loads = tmp_path / "loads.txt"
    settings = load_settings("cpu", **SMALL, executor="ray", image_backend="diffusers", image_model=str(model))
    cluster = Cluster(settings, clients=partial(counting_clients, settings, str(loads)))
    run = open_crew(tmp_path / "run", ScriptedLLM(), executor="ray", image_backend="diffusers",
                    image_model=str(model), cluster=cluster)
    try:
        state = run_crew(run, PITCH, seconds=10)
    finally:
        run.close()
    assert cluster.options == {"num_cpus": 1}  # no GPU here: a CPU each (the GPU request is worker_plan's test)
    pids = loads.read_text().split()
    workers = {w.label.split(":")[1] for w in cluster.workers}
    sent = [e for e in read_events(run.run_dir) if e.kind == "remote" and e.what in {s.id for s in state.shots}]
    assert len(sent) == len(state.shots) > len(pids)  # more shots than loads...
    assert len(pids) == len(set(pids)) and set(pids) <= workers  # ...each worker loaded it once, the driver never
    assert {e.worker.split(":")[1] for e in sent} == set(pids)
    assert not any(t.error for t in state.takes)
    cluster.stop()


@pytest.mark.slow
def test_make_with_the_ray_executor_starts_its_own_ray_on_loopback(tmp_path, local_film):
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed: pip install 'filmcrew[ray]'")
    env = {k: v for k, v in os.environ.items() if k not in LOOPBACK}  # filmcrew must set them itself
    env.update({"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), "RAY_ADDRESS": "",
                "FILMCREW_WIDTH": str(SMALL["width"]), "FILMCREW_HEIGHT": str(SMALL["height"]),
                "FILMCREW_LIBRARY_DIR": str(tmp_path / "library"), "FILMCREW_EXECUTOR": "ray"})
    make = filmcrew("make", PITCH, "--seconds", "5", "--runs-dir", str(tmp_path / "runs"), env=env)
    out, err = make.communicate(timeout=300)
    assert make.returncode == 0, err[-2000:]
    run_dir = Path(out.strip().splitlines()[-1])
    sent = [e for e in read_events(run_dir) if e.kind == "remote"]
    assert sent and all(e.worker.startswith("127.0.0.1:") for e in sent)
    assert json.loads((run_dir / "run.json").read_text())["settings"]["executor"] == "ray"
    assert sha(run_dir / "film.mp4") == sha(local_film / "film.mp4")
