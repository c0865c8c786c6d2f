"""Write a file so that a crash never leaves half of it, and never destroys an input.

Every output goes to a temporary file beside the target, renamed onto it once whole.
Before that, :func:`check_target` refuses what would destroy something: a target that
is one of the command's inputs (or lies inside an input workspace), a read-only file
(unless forced), and, always, a directory, a symbolic link or a device (``-o
/dev/stdout`` run as root would otherwise replace the device by a regular file; clskit
writes to standard output with ``-o -``).

A process killed mid-write (SIGKILL, a power cut) leaves its temporary file, named
``.STEM.PID.XXXXXXXX.EXT`` and never the target; the next write beside it removes the
temporaries of processes that no longer run.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from clskit.errors import ExportError

#: The name standing for standard output on the command line (``-o -``).
STDOUT = "-"


class UnsafeTarget(ExportError):
    """An output path clskit refuses to write to; nothing was written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_special(target: Path) -> None:
    """Refuse to rename over a symbolic link, a folder or a device: the rename would
    replace the link or the device by a regular file (or fail on a folder)."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnsafeTarget(f"{target}: cannot be checked ({exc.strerror or exc}); nothing "
                           "was written") from None
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeTarget(f"{target}: is a symbolic link; clskit does not replace links: "
                           "give the file it points to, or remove the link (to print, use "
                           "-o -); nothing was written")
    kind = _kind(info.st_mode)
    if kind is not None:
        hint = " (to print, use -o -)" if kind != "a folder" else ""
        raise UnsafeTarget(f"{target}: is {kind}, not a file clskit can replace{hint}; "
                           "nothing was written")


def _read_only(target: Path) -> bool:
    try:
        info = target.stat()
    except OSError:
        return False
    # Root may write anything: the mode bits say what the owner meant.
    return not info.st_mode & 0o222 or not os.access(target, os.W_OK)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (),
                 *, force: bool = False) -> Path:
    """Raise :class:`UnsafeTarget` when writing ``path`` would destroy something.

    ``inputs`` are the files and folders the output is made from (a workspace folder
    stands for every file in it): the target may be none of them and lie inside none of
    the folders. A read-only target is refused unless ``force``. Symbolic links,
    folders and devices are always refused. Returns the target as a path.
    """
    target = Path(path)
    _refuse_special(target)
    resolved = target.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if resolved == source:
            raise UnsafeTarget(f"{target}: is an input of this command; writing it would "
                               "destroy it: choose another output file; nothing was written")
        if source.is_dir() and _inside(resolved, source):
            raise UnsafeTarget(f"{target}: lies inside the input {given}; an output there "
                               "could replace a file of it and would be read as part of it "
                               "next time: write it outside; nothing was written")
    if not target.parent.is_dir():
        raise UnsafeTarget(f"{target}: the folder {target.parent} does not exist; nothing "
                           "was written")
    if not force and _read_only(target):
        raise UnsafeTarget(f"{target}: is read-only; give --force (force=True) to replace "
                           "it anyway; nothing was written")
    return target


def _publish(temporary: Path, target: Path) -> None:
    # mkstemp creates files readable by their owner only; an output should get the
    # permissions any new file gets (0666 less the umask), as if written directly.
    os.chmod(temporary, 0o666 & ~_umask())
    _refuse_special(target)  # again, just before: it may have changed meanwhile
    os.replace(temporary, target)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _remove_stale(target: Path) -> None:
    """Remove the temporaries that killed writers left beside ``target``."""
    pattern = re.compile(rf"^\.{re.escape(target.stem)}\.(\d+)\.[a-z0-9_]{{8}}"
                         rf"{re.escape(target.suffix)}$")
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        found = pattern.match(entry.name)
        if found and not _alive(int(found[1])):
            with contextlib.suppress(OSError):
                entry.unlink()


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block
    ends normally, removed when it raises. It keeps the target's extension, which some
    writers (openpyxl, LibreOffice) look at. A symbolic link, a folder or a device at
    ``path`` is refused (:class:`UnsafeTarget`) before anything is written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent}: no such folder")
    _refuse_special(target)
    _remove_stale(target)
    fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.",
                                suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temporary = Path(temp)
    try:
        yield temporary
        _publish(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
