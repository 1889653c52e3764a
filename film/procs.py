"""Child processes that end with filmcrew: ffmpeg and the voices are started with the kernel told to kill them
when their parent dies (Linux `PR_SET_PDEATHSIG`), so a filmcrew killed with SIGKILL mid-encode leaves no
encoder running on behind it. Elsewhere (or without libc) children start as usual.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def _die_with_parent(parent: int) -> None:
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above: nobody would kill us later
        os._exit(1)


def child() -> dict:
    """Keyword arguments for subprocess.run / Popen: the child is killed when this process dies."""
    if _PRCTL is None:
        return {}
    parent = os.getpid()
    return {"preexec_fn": lambda: _die_with_parent(parent)}
