"""Serving the studio: bind the address, make the launch's secrets, print the URL, run uvicorn.

The studio binds 127.0.0.1 unless told otherwise (and then warns: anyone who can reach that address and has
the printed URL can make films and read every run). The Host names it answers to are exactly the ones it
serves at, so a DNS-rebinding page is refused (security.py).
"""

from __future__ import annotations

import socket
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        from filmcrew.failures import UsageError

        raise UsageError(f"cannot serve at {host}:{port} ({exc.strerror}); choose another --port (0 picks a free "
                         "one) or --host") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def hosts_for(host: str, port: int) -> set[str]:
    """The Host header values the studio answers to when bound to `host`:`port`."""
    names = {"127.0.0.1", "localhost", "[::1]"} if host in LOOPBACK else {host if ":" not in host else f"[{host}]"}
    if host in ("0.0.0.0", "::"):  # every address of this machine, by its names
        name = socket.gethostname()
        names |= {name, socket.getfqdn(), "127.0.0.1", "localhost"}
        try:
            names |= set(socket.gethostbyname_ex(name)[2])
        except OSError:
            pass
    return {f"{n}:{port}" for n in names}


@dataclass
class Studio:
    """A studio being served: its URL (with the launch token), its secrets and its server."""

    url: str
    base: str
    keys: Any
    server: Any
    app: Any


def _prepare(runs_dir: Path, host: str, port: int, llm: Any = None):
    import uvicorn

    from filmcrew.studio.app import create_app
    from filmcrew.studio.security import Keys

    sock = _bind(host, port)
    port = sock.getsockname()[1]
    keys = Keys()
    app = create_app(Path(runs_dir), keys=keys, hosts=hosts_for(host, port), llm=llm)
    shown = "127.0.0.1" if host in LOOPBACK[:2] else (f"[{host}]" if ":" in host else host)
    base = f"http://{shown}:{port}"
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2, lifespan="on")

    class Server(uvicorn.Server):
        ready: Any = None  # called once the studio answers: `serve` prints its URL then, not before

        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if self.started and self.ready is not None:
                self.ready()

        def handle_exit(self, sig, frame) -> None:
            """Asked to stop: end the live streams first, so open tabs do not hold the shutdown up."""
            end_streams(app)
            super().handle_exit(sig, frame)

    return Studio(f"{base}/?token={keys.token}", base, keys, Server(config), app), sock


def end_streams(app) -> None:
    for stop in list(app.app.state.studio.streams):
        stop.set()


def serve(runs_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> int:
    """`filmcrew studio`: serve until Ctrl-C. Films at work go on in the studio's threads; a film stopped at a
    gate waits on disk and is answered from any later studio (or `filmcrew resume`)."""
    if host not in LOOPBACK:
        print(f"filmcrew studio: warning: serving on {host}, not only this machine: anyone who can reach it and "
              "has the URL below can make films and read every run. Leave out --host to serve on 127.0.0.1 only.",
              file=sys.stderr)
    studio, sock = _prepare(runs_dir, host, port)

    def ready() -> None:  # a Ctrl-C from here on is uvicorn's to handle: it shuts the studio down in order
        print(f"filmcrew studio: runs in {Path(runs_dir).resolve()}; open {studio.url}", file=sys.stderr, flush=True)
        print(studio.url, flush=True)

    studio.server.ready = ready
    try:
        studio.server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn hands Ctrl-C back once it has shut down
        pass
    cut_off = sorted(studio.app.app.state.studio.films.live)
    if cut_off:
        print(f"filmcrew studio: stopped while the crew worked on {', '.join(cut_off)}; finished calls and shots "
              "are kept: continue with the Resume button of a later studio, or filmcrew resume RUN", file=sys.stderr)
    return 0


@contextmanager
def serving(runs_dir: Path, host: str = "127.0.0.1", port: int = 0, llm: Any = None) -> Iterator[Studio]:
    """The studio served from a thread of this process while the block runs (tests and the bench; `llm` as
    for open_run)."""
    studio, sock = _prepare(runs_dir, host, port, llm)
    thread = threading.Thread(target=studio.server.run, kwargs={"sockets": [sock]}, daemon=True, name="studio server")
    thread.start()
    while not studio.server.started and thread.is_alive():
        threading.Event().wait(0.02)
    try:
        yield studio
    finally:
        end_streams(studio.app)
        studio.server.should_exit = True
        thread.join(timeout=10)
        sock.close()
