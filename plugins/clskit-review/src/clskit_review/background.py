"""Work that makes bytes, done in a forked child while the review is written.

The governance diagram (importing Pillow, painting, encoding) is a sixth of a review's
time and needs nothing but the scene; a thread does not help, the painting holds the
GIL. On Linux, in a process with one thread, :func:`start` forks: the child inherits
everything already imported, makes the bytes and sends them through a pipe, while the
parent opens the Word template and writes the other sections. Anywhere else (another
system, a process with threads, where forking is unsafe; a child that fails for any
reason) the work is done in the parent when its result is asked for, so the output is
the same either way — only the time differs.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import TracebackType

#: Turns forking off (``CLSKIT_NO_FORK=1``): for measuring, and for embedders who never
#: want a child process.
ENV_NO_FORK = "CLSKIT_NO_FORK"
_OK = b"\x00"


def can_fork() -> bool:
    """Whether :func:`start` would fork here."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1 and not os.environ.get(ENV_NO_FORK))


class Pending:
    """Bytes being made: :meth:`result` waits for them; :meth:`close` reaps the child
    when the result was never asked (the export failed first). A context manager."""

    def __init__(self, make: Callable[[], bytes]) -> None:
        self._make = make
        self._value: bytes | None = None
        self._pid: int | None = None
        self._pipe: int | None = None
        if can_fork():
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: never returns, never runs the parent's cleanups
            status = 1
            try:
                os.close(read)
                data = _OK + self._make()
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
                status = 0
            except BaseException:  # the parent does the work again, and reports
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> bytes:
        if self._value is None:
            data = self._collect()
            # A child that failed or was killed: the parent does the work, and any error
            # is raised here, where the export reports it.
            self._value = data[1:] if data[:1] == _OK else self._make()
        return self._value

    def _collect(self) -> bytes:
        if self._pipe is None:
            return b""
        chunks = []
        try:
            while chunk := os.read(self._pipe, 1 << 20):
                chunks.append(chunk)
        finally:
            status = self._reap()
        return b"".join(chunks) if status == 0 else b""

    def _reap(self) -> int | None:
        status = None
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            try:
                _, code = os.waitpid(self._pid, 0)
                status = os.waitstatus_to_exitcode(code)
            except ChildProcessError:
                pass
            self._pid = None
        return status

    def close(self) -> None:
        self._reap()

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def start(make: Callable[[], bytes]) -> Pending:
    """``make()``'s bytes, made in a child process when that is safe (see the module)."""
    return Pending(make)
