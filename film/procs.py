"""Child processes that end with filmcrew: ffmpeg and the voices are started with the kernel told to kill them
when their parent dies (Linux `PR_SET_PDEATHSIG`), so a filmcrew killed with SIGKILL mid-encode leaves no
encoder running on behind it. Elsewhere (or without libc) children start as usual.

The signal is set by util-linux's `setpriv --pdeathsig KILL` (Debian and Ubuntu have it in an essential package)
in front of the command: Python then starts the child with vfork. A `preexec_fn` that calls prctl itself, the
way used where setpriv is missing, makes Python fork the whole interpreter instead: 23-36 ms a child from a crew
process of 310 MB against 15 ms (bench/spawn.py).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from functools import cache

PR_SET_PDEATHSIG = 1


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


@cache
def _setpriv() -> str | None:
    return shutil.which("setpriv") if _PRCTL is not None else None


def _die_with_parent(parent: int) -> None:
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above: nobody would kill us later
        os._exit(1)


def _child(cmd: list[str], kwargs: dict) -> tuple[list[str], dict]:
    """The command and keyword arguments that start `cmd` as a child that dies with this process. A program
    that is not there is started as given, so the caller sees FileNotFoundError as it would without this."""
    if _PRCTL is None:
        return cmd, kwargs
    program = shutil.which(cmd[0])
    if _setpriv() and program:
        return [_setpriv(), "--pdeathsig", "KILL", "--", program, *cmd[1:]], kwargs
    parent = os.getpid()
    return cmd, {**kwargs, "preexec_fn": lambda: _die_with_parent(parent)}


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run of a child that dies with this process."""
    cmd, kwargs = _child(cmd, kwargs)
    return subprocess.run(cmd, **kwargs)


def popen(cmd: list[str], **kwargs) -> subprocess.Popen:
    """subprocess.Popen of a child that dies with this process."""
    cmd, kwargs = _child(cmd, kwargs)
    return subprocess.Popen(cmd, **kwargs)
