"""One writer per run folder: a lock held while a process makes, resumes, rebuilds or forks into it.

Two `filmcrew make`s of the same run would both make every call; the second one instead says who holds the
folder and stops (or waits, when asked). The lock is an advisory `flock` on `<run>/.lock`, released by the
operating system when its process ends, however it ends, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from film import safe


class RunBusy(RuntimeError):
    """Another process is writing this run folder; the message says which and what to do."""


class RunLock:
    def __init__(self, run_dir: Path, command: str):
        self.path = Path(run_dir) / ".lock"
        self.command = command
        self._fh = None

    def acquire(self, wait: bool = False, poll: float = 0.5) -> "RunLock":
        fh = safe.open_file(self.path.parent, self.path.name, "a+")  # no link followed: film/safe.py
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    fh.close()
                    raise RunBusy(f"{self.path.parent} is being written by {holder}; wait for it to finish, "
                                  "or run the same command with --wait") from None
                time.sleep(poll)
        fh.seek(0)
        fh.truncate()
        fh.write(f"filmcrew {self.command} (pid {os.getpid()})\n")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
