"""The cache of parsed contracts: same figures and diagnostics, a changed file read again,
corrupt or foreign entries ignored, concurrent runs safe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clskit._region_text import to_data
from clskit.cache import ContractCache, default_folder
from clskit.cli import main
from clskit.loader import validate
from clskit.region import load_region
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "region"
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, root / name)
    (root / "mauges" / "extra.yaml").write_text("a: 1\n", encoding="utf-8")  # an info note
    (root / "broken.yaml").write_text("id: x\nname: y\nperiod: 2021-Q9\nterritory:\n  name: t\n",
                                      encoding="utf-8")
    return root


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _run(folder: Path, store: Path) -> tuple[dict[str, object], ContractCache]:
    cache = ContractCache(store)
    region = load_region(folder, cache=cache)
    data = to_data(region)
    return data, cache


def _counts(cache: ContractCache) -> tuple[int, int, int]:
    return cache.hits, cache.misses, cache.ignored


def test_warm_run_gives_the_same_figures_and_diagnostics(folder: Path, store: Path) -> None:
    fresh = to_data(load_region(folder, cache=False))
    cold, cache = _run(folder, store)
    assert _counts(cache) == (0, 4, 0)
    warm, cache = _run(folder, store)
    assert _counts(cache) == (4, 0, 0)
    assert fresh == cold == warm
    assert warm["failures"] and "period" in json.dumps(warm["failures"])
    # The same diagnostics, notes and warnings included, from an entry as from the files.
    for name in ["mauges", "broken.yaml"]:
        expected = validate(folder / name).diagnostics
        assert ContractCache(store).report(folder / name).diagnostics == expected
    again = ContractCache(store)
    report = again.report(folder / "mauges")
    assert again.hits == 1 and any(d.rule == "CLS006" for d in report.diagnostics)


def test_another_as_of_is_a_row_of_its_own(folder: Path, store: Path) -> None:
    import datetime as dt

    _run(folder, store)
    day = dt.date(2021, 12, 31)
    cache = ContractCache(store)
    assert to_data(load_region(folder, day, cache=cache)) == to_data(
        load_region(folder, day, cache=False))
    assert cache.hits == 4


def _one_file(folder: Path) -> Path:
    return sorted((folder / "mauges" / "actions").iterdir())[0]


def test_touched_file_is_read_again(folder: Path, store: Path) -> None:
    before, _ = _run(folder, store)
    target = _one_file(folder)
    info = target.stat()
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0) and after == before


def test_edited_file_is_read_again_even_with_the_same_size_and_time(folder: Path,
                                                                    store: Path) -> None:
    _run(folder, store)
    target = folder / "mauges" / "contract.yaml"
    info = target.stat()
    text = target.read_text(encoding="utf-8")
    changed = text.replace("short_name: CLS 1 de Mauges Communauté",
                           "short_name: CLS 1 de Mauges Communaut\u00ea")
    assert len(changed.encode()) == len(text.encode()) and changed != text
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # the very same time
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0)
    assert to_data(load_region(folder, cache=False)) == after


def test_renamed_added_and_deleted_files_are_read_again(folder: Path, store: Path) -> None:
    _run(folder, store)
    target = _one_file(folder)
    target.rename(target.with_name("zz-" + target.name))      # renamed in a list folder
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0)
    assert after == to_data(load_region(folder, cache=False))
    (folder / "mauges" / "actions" / "zz-new.yaml").write_text(
        (folder / "mauges" / "actions" / ("zz-" + target.name)).read_text(encoding="utf-8")
        .replace("id: ", "id: new-", 1), encoding="utf-8")   # added
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0)
    assert after == to_data(load_region(folder, cache=False))
    (folder / "mauges" / "actions" / "zz-new.yaml").unlink()  # deleted
    (folder / "mauges" / "journal.yaml").unlink()
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0)
    assert after == to_data(load_region(folder, cache=False))
    (folder / "mauges").rename(folder / "mauges-2")           # a workspace renamed
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 1, 0)
    assert after == to_data(load_region(folder, cache=False))
    (folder / "broken.yaml").unlink()                         # a contract deleted
    after, cache = _run(folder, store)
    assert _counts(cache) == (3, 0, 0) and not after["failures"]


def test_corrupt_entries_are_ignored_and_rebuilt(folder: Path, store: Path) -> None:
    before, _ = _run(folder, store)
    entries = sorted(store.glob("*.entry"))
    assert len(entries) == 4
    entries[0].write_bytes(b"garbage")
    data = entries[1].read_bytes()
    entries[1].write_bytes(data[: len(data) // 2])                    # torn
    own = entries[2].read_bytes()
    entries[2].write_bytes(own[:-10] + bytes(10))                     # a blob damaged
    after, cache = _run(folder, store)
    assert after == before and cache.misses == 3 and cache.ignored == 3
    again, cache = _run(folder, store)
    assert _counts(cache) == (4, 0, 0) and again == before


def test_an_entry_never_serves_another_record(folder: Path, store: Path) -> None:
    _run(folder, store)
    cache = ContractCache(store)
    camvs = cache._name(folder.resolve() / "melun-val-de-seine")
    mauges = cache._name(folder.resolve() / "mauges")
    shutil.copyfile(camvs, mauges)                  # another contract's entry, renamed
    report = cache.report(folder / "mauges")
    assert cache.misses == 1 and report.contract is not None
    assert report.contract.id == "mauges-cls1"


def test_entries_others_may_write_are_ignored(folder: Path, store: Path) -> None:
    _run(folder, store)
    for entry in store.glob("*.entry"):
        entry.chmod(0o666)
    _, cache = _run(folder, store)
    assert cache.hits == 0 and cache.ignored == 4


def test_concurrent_runs_share_the_cache(folder: Path, store: Path) -> None:
    env = {**os.environ, "CLSKIT_CACHE_DIR": str(store)}
    command = [sys.executable, "-m", "clskit.cli", "region", str(folder), "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=env, text=True) for _ in range(3)]
    outputs = [json.loads(p.communicate(timeout=120)[0]) for p in runs]
    expected = to_data(load_region(folder, cache=False))
    assert all(out == expected for out in outputs)
    assert not list(store.glob(".tmp-*"))
    _, cache = _run(folder, store)
    assert _counts(cache) == (4, 0, 0)


def test_no_cache_writes_nothing(folder: Path, tmp_path: Path, monkeypatch,
                                 capsys) -> None:
    store = tmp_path / "never"
    monkeypatch.setenv("CLSKIT_CACHE_DIR", str(store))
    assert default_folder() == store
    assert main(["region", str(folder), "--no-cache", "--format", "json"]) == 1
    assert not store.exists()
    assert main(["region", str(folder), "--format", "json"]) == 1
    assert len(list(store.glob("*.entry"))) == 4
    capsys.readouterr()


def test_unusable_folder_turns_the_cache_off(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = ContractCache(blocker / "cache")
    assert to_data(load_region(folder, cache=cache)) == to_data(
        load_region(folder, cache=False))
    assert cache.misses == 4
