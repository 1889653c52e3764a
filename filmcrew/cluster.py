"""Shots on a Ray cluster: the shot executor that renders each shot on a Ray worker.

`Cluster` holds the connection and a pool of shot workers: Ray actors, each with its own media clients built
once (so a diffusers pipeline or a Coqui model is loaded once per worker and stays loaded between shots), each
asking Ray for one GPU when the chosen backends run on one and the cluster has GPUs, else for one CPU.
`RayShots` is the executor behind the render node's seam. For each shot it first walks the shot's render code
against the run's cache (film/recorder.py `Probe`): a shot whose every call is stored is finished here from
the cache and never sent. Otherwise the shot job goes to an idle worker with the results the run already has
for it; the worker runs the same render code (agents/shooting.py `render_shot`) against a scratch recorder in a
folder of its own and returns what it made; the driver's recorder takes it in (files checked against their
sha256 and written atomically, cache entries, every event in order). So the run folder has one writer, and
the film is the same bytes as one rendered here. The Editor's picture segments go the same way
(`RayShots.media`), several at once.

Faults: a worker that dies or becomes unreachable mid-shot made nothing in the run folder; it is replaced by
a new worker process and the shot is sent again to another worker (a `worker_lost` event names the worker,
the shot and the error; a `remote` event names who rendered each shot). When no new worker can be started,
the cluster is gone: the run stops with `ClusterLost`, saying how to resume (here or on a new cluster).

Loopback: a Ray that filmcrew starts on this machine binds and advertises 127.0.0.1 only, keeps usage stats
off and runs without token auth (a private single-machine instance); see `LOOPBACK`.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import queue
import shutil
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from agents.shooting import NODE, render_shot
from film import events
from film.executor import ClusterLost, MediaCall
from film.recorder import NotStored, Probe, Scratch, media_file
from film.settings import Settings
from filmcrew.clients import media_clients
from film.shots import ShotJob, Take
from tools.llm import BackendMissing

INSTALL = "pip install 'filmcrew[ray]'"
# Set before Ray starts on this machine: bind and advertise 127.0.0.1 only (Ray otherwise advertises the
# machine's routable address), no usage stats, no token auth for this private instance.
LOOPBACK = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
WORKER_START_S = 120.0  # a worker builds its media clients (imports torch for diffusers) before it answers
LOST_LIMIT = 3  # workers that may die on one piece of work before it counts as a render failure
SCRATCH = Path(tempfile.gettempdir()) / "filmcrew-scratch"


def require_ray() -> None:
    """Ray is installed, or a BackendMissing naming the install (said before any run folder is made)."""
    if importlib.util.find_spec("ray") is None:
        raise BackendMissing(f"--executor ray needs Ray, which is not installed: {INSTALL} (or use "
                             "--executor local to render the shots on this machine)")


def gpu_backends(settings: Settings) -> list[str]:
    """The chosen backends that run on a GPU where there is one (diffusers pictures or motion, Coqui voices)."""
    return [name for name, used in (("diffusers image", settings.image_backend == "diffusers"),
                                    ("diffusers video", settings.video_backend == "diffusers"),
                                    ("coqui voices", bool(settings.coqui_model))) if used]


def worker_plan(settings: Settings, resources: dict[str, float]) -> tuple[int, dict[str, float]]:
    """How many shot workers to start on a cluster with these resources, and what each asks Ray for: with a
    GPU backend and GPUs in the cluster, one GPU per worker (an actor per GPU, at most one per GPU); else one
    CPU per worker, one per CPU. `settings.ray_workers` caps the count (0: as many as fit)."""
    gpus, cpus = int(resources.get("GPU", 0)), int(resources.get("CPU", 0))
    if gpu_backends(settings) and gpus:
        return min(settings.ray_workers or gpus, gpus), {"num_gpus": 1, "num_cpus": 1 if cpus >= gpus else 0}
    return max(1, min(settings.ray_workers or cpus, cpus) if cpus else 1), {"num_cpus": 1}


def worker_clients(settings: Settings) -> dict[str, Any]:
    """The media clients a shot worker renders with: the same ones the driver would build from settings."""
    return {k: v for k, v in media_clients(settings).items() if k in ("pictures", "motion", "voices")}


def answers(address: str, timeout: float = 3.0) -> bool:
    """Whether something accepts a TCP connection at a Ray address (host:port or ray://host:port); an address
    without a port (auto) is taken as answering, for Ray to resolve."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return True
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
        return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ShotWorker:
    """One shot worker (a Ray actor, one process): its media clients are built once and kept, so models stay
    loaded between shots. Each piece of work runs against a scratch recorder in a folder of its own under the
    worker's temporary folder, removed afterwards; folders left by killed workers are swept at start."""

    def __init__(self, clients: Callable[[], dict], render: Callable[..., Take]):
        import ray

        self.clients, self.render = clients(), render
        self.pid, self.node = os.getpid(), ray.util.get_node_ip_address()
        self.root = SCRATCH / str(self.pid)
        if SCRATCH.is_dir():
            for old in SCRATCH.iterdir():
                if old.name.isdigit() and old.name != str(self.pid) and not _alive(int(old.name)):
                    shutil.rmtree(old, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)

    def who(self) -> dict:
        return {"pid": self.pid, "node": self.node}

    def shot(self, job: ShotJob, carried: list, run_seed: int, settings: Settings) -> tuple[Take, Any]:
        """Render one shot job against a scratch recorder holding `carried` (the run's stored results for it)."""
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            scratch = Scratch(folder, run_seed, carried)
            take = self.render(job, recorder=scratch, settings=settings, **self.clients)
            return take, scratch.work()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def media(self, call: MediaCall, files: dict[str, bytes], run_seed: int) -> tuple[dict, Any]:
        """Make one recorded media call from the run files it reads (`files`, by their run-relative names)."""
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            scratch = Scratch(folder, run_seed)
            for name, data in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
            result = call.local(scratch)
            return result, scratch.work()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Worker:
    handle: Any
    label: str  # node address:process id


class Cluster:
    """A connection to Ray and a pool of shot workers. `start()` connects (or starts Ray on this machine when
    no address is given) and starts the workers; `send` runs one piece of work on an idle worker, replacing
    a worker that dies and sending the work again, and raises ClusterLost when no worker can be started."""

    def __init__(self, settings: Settings, clients: Callable[[], dict] | None = None,
                 render: Callable[..., Take] = render_shot):
        # "" or "local": a Ray of filmcrew's own on this machine ("local" lets a resume leave a recorded address)
        self.settings, self.address = settings, "" if settings.ray_address == "local" else settings.ray_address
        self.clients = clients or partial(worker_clients, settings)
        self.render = render
        self.count, self.options = 0, {}
        self.start_seconds = 0.0
        self.workers: list[Worker] = []  # every worker started, replacements included
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._lost: ClusterLost | None = None
        self.started = False

    def where(self) -> str:
        return f"the Ray cluster at {self.address}" if self.address else "the Ray instance on this machine"

    def start(self) -> "Cluster":
        with self._lock:
            if self.started:
                return self
            t0 = time.perf_counter()
            require_ray()
            if not self.address:
                for name, value in LOOPBACK.items():
                    os.environ.setdefault(name, value)  # before Ray is imported: it reads them at import
            import ray

            if not ray.is_initialized():
                # ClusterLost, not a render error: a shot that cannot be sent stops the run instead of a slate
                if self.address and not answers(self.address):  # Ray itself would wait minutes for it
                    raise ClusterLost(f"no Ray cluster answers at {self.address}: start one there (ray start "
                                      "--head), check --ray-address, or use --executor local")
                here = {} if self.address else {"num_cpus": self.settings.ray_workers or os.cpu_count(),
                                                "_temp_dir": str(self._session_folder())}
                try:
                    ray.init(address=self.address or "local", include_dashboard=False, log_to_driver=False,
                             logging_level="WARNING", **here)
                except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError... by case
                    raise ClusterLost(f"could not reach {self.where()} ({type(exc).__name__}: "
                                      f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); start one with "
                                      "`ray start --head`, check --ray-address, or use --executor local") from None
            self.count, self.options = worker_plan(self.settings, ray.cluster_resources())
            made = [self._spawn() for _ in range(self.count)]
            for worker in self._ready(made, ray):
                self._idle.put(worker)
            self.start_seconds = time.perf_counter() - t0
            self.started = True
            return self

    def _session_folder(self) -> Path:
        """Where the Ray that filmcrew starts here keeps its session (logs, sockets, spilled objects): the folder
        the user named (settings.ray_temp_dir), kept; else a short-named folder of filmcrew's own in the
        temporary folder, removed when this process ends (and, if it was killed, by the next start). Ray's own
        default, /tmp/ray/session_*, is never left behind."""
        if self.settings.ray_temp_dir:
            folder = Path(self.settings.ray_temp_dir).expanduser()
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        root = Path(tempfile.gettempdir())
        for old in root.glob("fcray-*"):  # left by a filmcrew that was killed
            pid = old.name.split("-")[1] if old.name.count("-") >= 2 else ""
            if pid.isdigit() and not _alive(int(pid)) and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=f"fcray-{os.getpid()}-", dir=root))  # short: Ray's socket paths

        def remove() -> None:
            import ray

            if ray.is_initialized():
                ray.shutdown()
            shutil.rmtree(folder, ignore_errors=True)

        atexit.register(remove)  # after Ray's own exit hook (registered later, so run first), which shuts it down
        return folder

    def _spawn(self):
        import ray

        return ray.remote(ShotWorker).options(max_restarts=0, max_task_retries=0, max_concurrency=1,
                                              **self.options).remote(self.clients, self.render)

    def _ready(self, handles: list, ray) -> list[Worker]:
        """The started workers, once each answers; ClusterLost when the cluster cannot place them or a worker
        cannot build its media clients."""
        try:
            infos = ray.get([h.who.remote() for h in handles], timeout=WORKER_START_S)
        except ray.exceptions.GetTimeoutError:
            raise ClusterLost(f"{self.where()} started no shot worker asking for {self.options} within "
                              f"{WORKER_START_S:.0f} s (resources: {ray.cluster_resources()}); add nodes or set "
                              "ray_workers lower, then run the same command again") from None
        except ray.exceptions.RayError as exc:  # a worker could not build its media clients
            why = next((ln.strip() for ln in reversed(str(exc).splitlines()) if ln.strip()), type(exc).__name__)
            raise ClusterLost(f"the shot workers on {self.where()} could not start ({why[:300]}); every node needs "
                              "the same filmcrew and backends as this machine. Fix that and run the same command "
                              "again (finished work is kept), or use --executor local") from None
        ready = [Worker(h, f"{i['node']}:{i['pid']}") for h, i in zip(handles, infos)]
        self.workers.extend(ready)
        return ready

    def _take(self) -> Worker:
        while True:
            if self._lost is not None:
                raise self._lost
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                continue

    def _replace(self, what: str, dead: Worker, error: str, run: str) -> Worker:
        """A new worker for one that died; ClusterLost (once, for every waiting shot) when none starts."""
        import ray

        try:
            if not self._head_answers():
                raise ConnectionRefusedError("the cluster's head (GCS) does not answer")
            handle = self._spawn()
            info = ray.get(handle.who.remote(), timeout=WORKER_START_S)
        except Exception as exc:  # the cluster itself is gone (or cannot place a worker any more)
            with self._lock:
                if self._lost is None:
                    self._lost = ClusterLost(
                        f"{self.where()} went away while rendering {what} (worker {dead.label}: {error[:160]}; "
                        f"no new worker started: {type(exc).__name__}). Finished shots are kept: continue with "
                        f"filmcrew resume {run} (add --executor local to finish on this machine, or "
                        "--ray-address ADDRESS for a new cluster)")
            raise self._lost from None
        worker = Worker(handle, f"{info['node']}:{info['pid']}")
        self.workers.append(worker)
        return worker

    @staticmethod
    def _head_answers() -> bool:
        """Whether the cluster's head still accepts connections. Asked with a plain TCP connect: Ray's own calls
        wait (and after a minute end the process) when the head is gone, which would leave no clear message."""
        import ray

        try:
            address = ray.get_runtime_context().gcs_address
        except Exception:  # a Ray Client connection has no head address here: let the new worker tell
            return True
        return answers(address)

    def send(self, what: str, method: str, *args, log: Callable[[events.Event], None], node: str,
             run: str) -> tuple[Any, str, float]:
        """Run `method(*args)` on an idle worker; returns its result, the worker's label and the seconds it took.
        Work that raises re-raises here (the caller retries or holds a slate); a worker that dies is replaced
        and the work goes to another worker, up to LOST_LIMIT times."""
        import ray

        self.start()
        lost = []
        for _ in range(LOST_LIMIT):
            worker = self._take()
            t0 = time.perf_counter()
            try:
                out = ray.get(getattr(worker.handle, method).remote(*args))
            except ray.exceptions.RayTaskError as exc:  # the work itself raised: the worker is fine
                self._idle.put(worker)
                cause = exc.cause if isinstance(getattr(exc, "cause", None), BaseException) else None
                raise (cause or RuntimeError(str(exc).splitlines()[-1][:400])) from None
            except ray.exceptions.RayError as exc:  # the worker died or is unreachable
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:400]
                try:
                    replacement = self._replace(what, worker, error, run)
                except ClusterLost:
                    log(events.WorkerLost(node=node, what=what, worker=worker.label, error=error, retried=False))
                    raise
                log(events.WorkerLost(node=node, what=what, worker=worker.label, error=error, retried=True))
                lost.append(worker.label)
                self._idle.put(replacement)
                continue
            self._idle.put(worker)
            return out, worker.label, time.perf_counter() - t0
        raise RuntimeError(f"{LOST_LIMIT} workers died rendering {what} ({', '.join(lost)})")

    def stop(self) -> None:
        """Let the workers go (the Ray instance itself stays for whoever started it)."""
        import ray

        for w in self.workers:
            try:
                ray.kill(w.handle)
            except Exception:  # already gone
                pass
        self.workers.clear()
        self._idle = queue.Queue()
        self.started = False


class RayShots:
    """The Ray shot executor for one run: cached shots finish here from the cache, the rest render on the
    cluster's workers and the run's recorder takes in what they made (see the module's docstring)."""

    name = "ray"

    def __init__(self, ctx, cluster: Cluster):
        self.ctx, self.cluster = ctx, cluster

    @property
    def capacity(self) -> int:
        """How many shots may be in flight at once (every worker busy)."""
        return max(self.cluster.count, self.ctx.settings.render_workers)

    def _render(self, job: ShotJob, recorder) -> Take:
        ctx = self.ctx
        return render_shot(job, recorder=recorder, settings=ctx.settings, pictures=ctx.pictures,
                           motion=ctx.motion, voices=ctx.voices)

    def run(self, job: ShotJob) -> Take:
        rec = self.ctx.recorder
        probe = Probe(rec)
        try:
            self._render(job, probe)
            stored = True
        except NotStored:
            stored = False
        if stored or rec.cache_only:  # a cached shot is never sent; a replay's misses must fail here, as a replay
            return self._render(job, rec)
        (take, work), worker, seconds = self.cluster.send(
            job.shot.id, "shot", job, probe.carried(), rec.run_seed, self.ctx.settings, log=rec.log, node=NODE,
            run=str(rec.run_dir))
        rec.take_in(work)
        rec.log(events.Remote(node=NODE, what=job.shot.id, worker=worker, seconds=round(seconds, 3),
                              made=work.made()))
        named = [take.keyframe, take.video, *(v.wav for v in take.voices)]
        lacking = [name for name in named if name and media_file(rec.run_dir, name) is None]
        if lacking:  # a worker's take must name only files the run now holds (the render node tries again)
            raise ValueError(f"{worker} returned a take of {job.shot.id} naming files the run lacks: {lacking}")
        return take

    def media(self, recorder, calls: list[MediaCall],
              progress: Callable[[int, int], None] = lambda done, total: None) -> list[dict]:
        """Recorded media calls (the Editor's picture segments): the stored ones from the cache, the rest on
        the workers at once; taken in and logged in the calls' order, so the log reads as a local run's."""
        send = sorted((i for i, c in enumerate(calls)
                       if not recorder.cache_only and recorder.stored(**c.recorded()) is None),
                      key=lambda i: -calls[i].weight)  # the heaviest first, so none runs alone at the end

        def one(i: int):
            call = calls[i]
            files = {name: (Path(recorder.run_dir) / name).read_bytes() for name in call.reads}
            return self.cluster.send(call.artifact, "media", call, files, recorder.run_seed, log=recorder.log,
                                     node=call.node, run=str(recorder.run_dir))

        done: dict[int, Any] = {}
        if send:
            self.cluster.start()
            progress(0, len(calls))
            with ThreadPoolExecutor(max(1, min(len(send), self.cluster.count))) as pool:
                done = dict(zip(send, pool.map(one, send)))
        results = []
        for i, call in enumerate(calls):
            progress(i, len(calls))
            if i not in done:
                results.append(call.local(recorder))
                continue
            (result, work), worker, seconds = done[i]
            recorder.take_in(work)
            recorder.log(events.Remote(node=call.node, what=call.artifact, worker=worker,
                                       seconds=round(seconds, 3), made=work.made()))
            results.append(result)
        return results
