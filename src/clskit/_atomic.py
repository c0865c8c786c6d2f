"""Write a file so that a crash never leaves half of it: temp file, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(temporary: Path, target: Path) -> None:
    # mkstemp creates files readable by their owner only; an output should get the
    # permissions any new file gets (0666 less the umask), as if written directly.
    os.chmod(temporary, 0o666 & ~_umask())
    os.replace(temporary, target)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(path)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block
    ends normally, removed when it raises. It keeps the target's extension, which some
    writers (openpyxl, LibreOffice) look at."""
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent}: no such folder")
    fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                                dir=target.parent)
    os.close(fd)
    temporary = Path(temp)
    try:
        yield temporary
        _publish(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
