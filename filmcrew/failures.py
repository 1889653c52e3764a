"""Failures as people read them: one line that says what happened and what to do, and the exit code.

The command line prints these lines and exits with the code; the studio shows the same line on the page. Input
filmcrew refuses is code 2 (fix the command or the files); what went wrong on the way is code 1.
"""

from __future__ import annotations

import errno
import os

from film.settings import Settings, SettingsError
from filmcrew.runs import PitchError, printable


class UsageError(Exception):
    """Bad input: reported on one line, exit code 2."""


def one_line(message: str) -> str:
    """A message as one line for a terminal: secrets redacted (film/redact.py), its lines joined, control and
    escape characters spelled out (text from a run folder or a server can hold anything)."""
    from film.redact import redact

    line = printable(" · ".join(part.strip() for part in redact(str(message)).splitlines() if part.strip()))
    return line if len(line) <= 2000 else line[:1999] + "…"


def explain(exc: BaseException, llm_url: str | None = None) -> tuple[str, int]:
    """A failure as one line for people, and the exit code: 2 for input filmcrew refuses (fix the command or
    the files), 1 for what went wrong on the way (a missing backend, a full disk, an unreachable server)."""
    import sqlite3

    from agents.gates import EditRefused
    from film.events import LogError
    from film.executor import ClusterLost
    from film.lock import RunBusy
    from film.recorder import CacheError
    from film.safe import UnsafePath
    from filmcrew.session import NotesError
    from memory.embedding import EmbeddingMissing
    from memory.library import LibraryError, UnknownCast
    from memory.store import MemoryUnavailable
    from tools.llm import BackendMissing

    if isinstance(exc, (UsageError, NotesError, EditRefused, LogError, RunBusy, CacheError, SettingsError,
                        PitchError, LibraryError, UnsafePath)):
        return str(exc), 2
    if isinstance(exc, RecursionError):
        return ("the input is nested too deeply to read (thousands of brackets or indents); write it flat, as "
                "the README's examples are"), 2
    if isinstance(exc, (BackendMissing, MemoryUnavailable, UnknownCast, EmbeddingMissing, ClusterLost)):
        return str(exc), 1
    unreachable = _unreachable_server(exc, llm_url)
    if unreachable:
        return unreachable, 1
    status = _server_status(exc)
    if status in (401, 403):
        url = llm_url or os.environ.get("FILMCREW_LLM_URL") or Settings().llm_url
        return (f"the language-model server at {url} refused filmcrew's request ({status}): check the key in "
                "FILMCREW_LLM_API_KEY (or the user:password in --llm-url). Finished calls are kept: run the same "
                "command again"), 1
    if isinstance(exc, sqlite3.DatabaseError):
        return (f"a run's checkpoints cannot be read ({exc}); move checkpoints.sqlite out of the run folder and "
                "make the film again with the same filmcrew make command: every finished call and shot is "
                "reused from the cache"), 1
    if isinstance(exc, OSError):
        where = exc.filename or "the run folder"
        if exc.errno == errno.ENOSPC:
            return (f"the disk is full ({where}). Finished shots are kept; free some space and run the same "
                    "command to continue."), 1
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
            return (f"cannot write {where}: {exc.strerror}; choose a folder you can write to (--runs-dir DIR)"), 2
        return f"{exc.strerror or exc} ({where})", 1
    return (f"unexpected {type(exc).__name__}: {str(exc)[:300]}. Finished work is kept in the run folder; "
            "run the same command again, and if it repeats, report it with FILMCREW_DEBUG=1 output"), 1


def _server_status(exc: BaseException) -> int | None:
    """The HTTP status a language-model server answered with, if `exc` (or what caused it) is its refusal."""
    seen = exc
    while seen is not None:
        status = getattr(seen, "status_code", None)
        if isinstance(status, int):
            return status
        seen = seen.__cause__ or seen.__context__
    return None


def _unreachable_server(exc: BaseException, llm_url: str | None) -> str | None:
    """The language-model server did not answer: say where filmcrew looked and how to start one."""
    seen = exc
    while seen is not None:
        if type(seen).__name__ in ("APIConnectionError", "APITimeoutError", "ConnectError", "ConnectTimeout"):
            url = llm_url or os.environ.get("FILMCREW_LLM_URL") or Settings().llm_url
            return (f"no language-model server answered at {url} ({type(seen).__name__}); start one, e.g. "
                    "python3 -m llama_cpp.server --model MODEL.gguf --port 8000, or leave out --backend openai "
                    "to use the embedded model. Finished calls are kept: run the same command again")
        seen = seen.__cause__ or seen.__context__
    return None
