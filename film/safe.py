"""Run-folder paths, opened without following links: the one way filmcrew touches a file inside a run folder.

A run folder holds only plain files and plain folders. Everything filmcrew reads or writes there goes through
here: the run folder itself and each folder on the way are opened with O_NOFOLLOW | O_DIRECTORY, each relative
to the one before (never by a path string that the kernel would resolve through links), and the file with
O_NOFOLLOW | O_NONBLOCK, then checked to be a regular file. So a link planted anywhere in a run (events.jsonl
pointing at ~/.bashrc, media/ at /etc) is refused with its name, a FIFO or a device never blocks a reader,
and nothing is read or written outside the folder. Files that other programs write (ffmpeg, Pillow, SQLite,
Chroma) get their path from `target` or `replacing`, which check the same way on the way there; `scan` checks
a whole folder at once, before a process claims it.

The folders *above* a run folder (the runs folder and its parents) are the user's choice and may be links.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
from pathlib import Path
from typing import IO, Iterator

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
MODES = {"r": os.O_RDONLY, "rb": os.O_RDONLY, "r+b": os.O_RDWR,
         "a": os.O_WRONLY | os.O_APPEND | os.O_CREAT, "ab": os.O_WRONLY | os.O_APPEND | os.O_CREAT,
         "a+": os.O_RDWR | os.O_APPEND | os.O_CREAT, "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
         "wb": os.O_WRONLY | os.O_CREAT | os.O_TRUNC}


class UnsafePath(ValueError):
    """Something in a run folder that is not a plain file or folder (a link, a FIFO, a device, a socket), or a
    path that leaves the folder; the message names it and what to do. Refused input: exit 2."""


def _what(st: os.stat_result, path: Path) -> str:
    if stat.S_ISLNK(st.st_mode):
        try:
            return f"a link (to {os.readlink(path)})"
        except OSError:
            return "a link"
    if stat.S_ISFIFO(st.st_mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "a device"
    if stat.S_ISSOCK(st.st_mode):
        return "a socket"
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    return "not a plain file or folder"


def refusal(path: Path, st: os.stat_result | None = None, wanted: str = "a plain file") -> UnsafePath:
    """The one-line refusal for `path`, which is not `wanted`."""
    try:
        st = st or os.lstat(path)
        what = _what(st, path)
    except OSError:
        what = "not there"
    return UnsafePath(f"{path} is {what}, not {wanted}: filmcrew reads and writes only plain files and folders "
                      f"inside a run folder and never follows a link out of one; remove it (or put a plain copy "
                      f"in its place) and run the command again")


def _parts(root: Path, rel: str | os.PathLike) -> tuple[Path, list[str]]:
    """`rel` (relative to `root`, or an absolute path under it) as its folder names and file name; a path that
    leaves `root` is refused."""
    root = Path(root)
    path = Path(rel)
    for base in (root, Path(os.path.abspath(root))):
        if path.is_absolute() == base.is_absolute() and path.is_relative_to(base) and path != base:
            path = path.relative_to(base)
            break
    else:
        if path.is_absolute():
            raise UnsafePath(f"{rel} is outside the run folder {root}")
    parts = [p for p in path.parts if p not in ("", ".")]
    if not parts or ".." in parts:
        raise UnsafePath(f"{rel} is not a path inside the run folder {root}")
    return root, parts


def _open_root(root: Path, create: bool) -> int:
    if create:
        try:
            os.lstat(root)
        except FileNotFoundError:
            root.mkdir(parents=True, exist_ok=True)
    try:
        return os.open(root, DIR_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise refusal(root, wanted="a plain folder") from None
        raise


@contextlib.contextmanager
def folder_fd(root: Path, folders: list[str] | tuple[str, ...] = (), create: bool = True) -> Iterator[int]:
    """An open descriptor of `root/folders…`, each folder opened without following a link (made when missing
    and `create`); a link or anything but a folder on the way is refused by name."""
    fd = _open_root(Path(root), create)
    try:
        here = Path(root)
        for name in folders:
            here = here / name
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=fd)
            try:
                nfd = os.open(name, DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise refusal(here, wanted="a plain folder") from None
                raise
            os.close(fd)
            fd = nfd
        yield fd
    finally:
        os.close(fd)


def _check_entry(fd: int, name: str, path: Path, wanted: str = "a plain file") -> bool:
    """True when `name` (in the folder `fd`) exists and is a regular file; False when it is missing; refused
    when it is anything else."""
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        raise refusal(path, st, wanted)
    return True


def open_file(root: Path, rel: str | os.PathLike, mode: str = "rb", encoding: str = "utf-8") -> IO:
    """`root/rel` opened as `mode` ("r", "rb", "r+b", "a", "ab", "a+", "w", "wb") with no link followed on the
    way and the file itself a regular file (made, with its folders, when a writing mode needs it). A missing
    file for reading raises FileNotFoundError; a link, FIFO or device raises UnsafePath without blocking."""
    root, parts = _parts(root, rel)
    flags = MODES[mode]
    writing = bool(flags & os.O_CREAT)
    path = root.joinpath(*parts)
    with folder_fd(root, parts[:-1], create=writing) as dfd:
        if not _check_entry(dfd, parts[-1], path) and not writing:
            raise FileNotFoundError(errno.ENOENT, "No such file", str(path))
        try:
            fd = os.open(parts[-1], flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666, dir_fd=dfd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO, errno.ENODEV):
                raise refusal(path) from None
            raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise refusal(path, st)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding=encoding)


def read_bytes(root: Path, rel: str | os.PathLike) -> bytes:
    with open_file(root, rel, "rb") as fh:
        return fh.read()


def read_text(root: Path, rel: str | os.PathLike) -> str:
    return read_bytes(root, rel).decode("utf-8")


def exists(root: Path, rel: str | os.PathLike) -> bool:
    """Whether `root/rel` is a regular file reached with no link on the way (a link or FIFO there is refused)."""
    root, parts = _parts(root, rel)
    try:
        with folder_fd(root, parts[:-1], create=False) as dfd:
            return _check_entry(dfd, parts[-1], root.joinpath(*parts))
    except (FileNotFoundError, NotADirectoryError):
        return False


def _tmp_name(name: str) -> str:
    return f".{name[:80]}.{os.getpid()}.{threading.get_ident()}.tmp"


def write_atomic(root: Path, rel: str | os.PathLike, data: str | bytes) -> Path:
    """Write `root/rel` through a temporary file in the same folder and a rename, so a killed process never
    leaves half a file and a reader never sees one; the folders on the way are checked, and a link or other
    non-file already at the name is refused rather than replaced."""
    root, parts = _parts(root, rel)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    path = root.joinpath(*parts)
    with folder_fd(root, parts[:-1]) as dfd:
        _check_entry(dfd, parts[-1], path)
        tmp = _tmp_name(parts[-1])
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=dfd)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=dfd)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, parts[-1], src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
            raise
    return path


def target(root: Path, rel: str | os.PathLike, folder: bool = False) -> Path:
    """The path `root/rel` for another program to write (ffmpeg, Pillow, SQLite, Chroma): the folders on the
    way made and checked to be plain folders, and whatever is already at the name a regular file (or, with
    `folder`, a plain folder, made when missing). Returns the path to hand over."""
    root, parts = _parts(root, rel)
    path = root.joinpath(*parts)
    if folder:
        with folder_fd(root, parts):
            return path
    with folder_fd(root, parts[:-1]) as dfd:
        _check_entry(dfd, parts[-1], path)
    return path


@contextlib.contextmanager
def replacing(root: Path, rel: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside `root/rel` for another program to write; when the block ends it is renamed
    onto `rel` (a rename never follows a link at the name), or removed when the block fails."""
    path = target(root, rel)
    tmp = path.with_name(_tmp_name(path.name) + suffix)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        with folder_fd(*_split(root, rel)) as dfd:
            _check_entry(dfd, path.name, path)
            os.replace(tmp.name, path.name, src_dir_fd=dfd, dst_dir_fd=dfd)
    finally:
        tmp.unlink(missing_ok=True)


def _split(root: Path, rel: str | os.PathLike) -> tuple[Path, list[str]]:
    root, parts = _parts(root, rel)
    return root, parts[:-1]


def replace(root: Path, source: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Rename `root/source` to `root/dest` (both inside the run; the folders on the way checked, dest's made):
    the entry itself moves, whatever it is, so setting a suspicious file aside never follows it."""
    root, src = _parts(root, source)
    _, dst = _parts(root, dest)
    with folder_fd(root, src[:-1], create=False) as sfd, folder_fd(root, dst[:-1]) as dfd:
        os.replace(src[-1], dst[-1], src_dir_fd=sfd, dst_dir_fd=dfd)
    return root.joinpath(*dst)


def unlink(root: Path, rel: str | os.PathLike) -> None:
    """Remove `root/rel` (the entry itself, never what a link points to); a missing one is fine."""
    root, parts = _parts(root, rel)
    try:
        with folder_fd(root, parts[:-1], create=False) as dfd:
            os.unlink(parts[-1], dir_fd=dfd)
    except FileNotFoundError:
        pass


def check_folder(root: Path) -> None:
    """Refuse a run folder that is itself a link or not a folder (a missing one is fine: it will be made)."""
    try:
        st = os.lstat(root)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        raise refusal(Path(root), st, "a plain folder")


def scan(root: Path) -> int:
    """Check a whole run folder: it and everything in it a plain folder or a regular file, nothing else, no link
    anywhere (a missing folder passes). Raises UnsafePath naming the first thing that is not; returns how many
    entries were seen. Entries that vanish while it looks (another process's temporary files) are passed over."""
    root = Path(root)
    check_folder(root)
    if not root.exists():
        return 0
    seen, pending = 0, [root]
    while pending:
        here = pending.pop()
        try:
            entries = list(os.scandir(here))
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            raise refusal(here, wanted="a plain folder") from None
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            seen += 1
            if stat.S_ISDIR(st.st_mode):
                pending.append(Path(entry.path))
            elif not stat.S_ISREG(st.st_mode):
                raise refusal(Path(entry.path), st, "a plain file or folder")
    return seen
