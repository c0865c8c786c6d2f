"""Fixtures every test folder shares: the rendering harness (``tests/render.py``) and
LibreOffice, for the core's tests and every plugin's.

Tests that render mark themselves ``@pytest.mark.render`` (or ``pytestmark``); they are
skipped when soffice or poppler-utils are missing. ``convert`` converts with this
session's own LibreOffice user profile, so parallel sessions never share one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

from render import Converter, missing_tools, soffice_path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "render: converts with LibreOffice and reads with poppler-utils; "
        "skipped when they are missing")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = missing_tools()
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"rendering tools missing: {', '.join(missing)}")
    for item in items:
        if "render" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice executable; skips the test when it (or poppler-utils) is missing."""
    missing = missing_tools()
    found = soffice_path()
    if missing or found is None:
        pytest.skip(f"rendering tools missing: {', '.join(missing)}")
    return found


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice user profile folder for this session (``-env:UserInstallation``)."""
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(scope="session")
def convert(soffice: str, lo_profile: Path) -> Converter:
    """``convert(*paths, outdir=None) -> [pdf, ...]`` in one LibreOffice start."""
    return Converter(lo_profile)
