"""The governance picture painted in a forked child: the same bytes as painted in
place, whatever happens to the child."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from clskit_review import background
from clskit_review.diagram import Governance, governance_png
from support import CAMVS, contract, review

import clskit

forking = pytest.mark.skipif(not background.can_fork(), reason="no fork here")


def _snapshot() -> clskit.Snapshot:
    return clskit.snapshot(contract(CAMVS), clskit.Period.parse("2021-Q4"))


@forking
def test_the_child_paints_the_same_picture_as_the_parent() -> None:
    with Governance(contract(CAMVS), _snapshot()) as drawing:
        assert drawing._pending._pid is not None, "painted in a child"
        png = drawing.png()
    alone, scene = governance_png(contract(CAMVS), _snapshot())
    assert png == alone
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert drawing.scene == scene


@forking
def test_a_failing_child_is_replaced_by_the_parent() -> None:
    parent = os.getpid()

    def make() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return b"made by the parent"

    assert background.start(make).result() == b"made by the parent"


def test_an_error_of_the_work_reaches_the_parent() -> None:
    def make() -> bytes:
        raise ValueError("no picture")

    with pytest.raises(ValueError, match="no picture"):
        background.start(make).result()


@forking
def test_a_result_never_asked_for_leaves_no_child() -> None:
    pending = background.start(lambda: b"x" * 5_000_000)   # more than a pipe holds
    pid = pending._pid
    assert pid is not None
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_no_fork_with_threads_or_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not background.can_fork()
        assert background.start(lambda: b"inline")._pid is None
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv(background.ENV_NO_FORK, "1")
    assert not background.can_fork()
    assert background.start(lambda: b"inline").result() == b"inline"


def test_the_review_is_the_same_with_and_without_the_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = review(CAMVS, tmp_path / "forked.docx", period="2021-Q4",
                    options={"toc": "fields"}).read_bytes()
    monkeypatch.setenv(background.ENV_NO_FORK, "1")
    alone = review(CAMVS, tmp_path / "alone.docx", period="2021-Q4",
                   options={"toc": "fields"}).read_bytes()
    assert forked == alone
