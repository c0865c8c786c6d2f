"""Batch export: every contract of a folder, in parallel, past failures, stopped cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import clskit
from clskit.batch import ContractResult, export_all
from clskit.cli import main
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_region import make_region


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("README.md"))
    (root / "broken.yaml").write_text("id: x\nname: y\nperiod: 2021-Q9\nterritory:\n  name: t\n",
                                      encoding="utf-8")
    (root / "no-date.yaml").write_text("id: z\nname: Sans date\nterritory:\n  name: t\n",
                                       encoding="utf-8")
    return root


def _is_whole_pptx(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return archive.testzip() is None and "ppt/presentation.xml" in archive.namelist()


@pytest.mark.parametrize("jobs", [0, 1, 2])
def test_every_contract_past_failures(folder: Path, tmp_path: Path, jobs: int) -> None:
    seen: list[ContractResult] = []
    results = clskit.export_all("copil", folder, tmp_path / "out", jobs=jobs,
                                on_result=seen.append)
    assert [r.source for r in results] == ["broken.yaml", *sorted(EXAMPLE_NAMES)[:2],
                                           "no-date.yaml", sorted(EXAMPLE_NAMES)[2]]
    assert sorted(r.source for r in seen) == sorted(r.source for r in results)
    by_source = {r.source: r for r in results}
    assert not by_source["broken.yaml"].ok
    assert "period" in by_source["broken.yaml"].first_message
    assert not by_source["no-date.yaml"].ok and by_source["no-date.yaml"].first_message
    for name in EXAMPLE_NAMES:
        result = by_source[name]
        assert result.ok, result.messages
        assert result.output == tmp_path / "out" / f"{name}-copil.pptx"
        assert _is_whole_pptx(result.output)
        assert 0 < result.peak_rss_mb < 1000
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{n}-copil.pptx" for n in EXAMPLE_NAMES)


def test_command_lists_failures_and_exits_1(folder: Path, tmp_path: Path, capsys) -> None:
    code = main(["export", "copil", str(folder), "--all", "-o", str(tmp_path / "out"),
                 "--jobs", "0"])
    captured = capsys.readouterr()
    assert code == 1
    assert "[5/5]" in captured.out and "3 of 5 contract(s) exported" in captured.out
    assert "2 contract(s) failed:" in captured.err
    assert "  broken.yaml: " in captured.err and "  no-date.yaml: " in captured.err


def test_command_usage(folder: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", "copil", str(folder), "--all"]) == 2
    assert main(["export", "copil", str(folder), "--all", "-o", str(folder / "out")]) == 2
    assert main(["export", "copil", str(EXAMPLES / "mauges" / "contract.yaml"), "--all",
                 "-o", str(tmp_path)]) == 2
    assert "needs -o OUTDIR" in capsys.readouterr().err
    with pytest.raises(clskit.ExportError):
        export_all("nope", folder, tmp_path / "out")


def test_ctrl_c_keeps_finished_outputs_and_leaves_no_partial_file(tmp_path: Path) -> None:
    region = tmp_path / "region"
    make_region(40, region)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "clskit.cli", "export", "copil", str(region), "--all", "-o",
         str(out), "--jobs", "2", "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if out.is_dir() and len([p for p in out.iterdir() if not p.name.startswith(".")]) >= 3:
                break
            time.sleep(0.05)
        else:
            pytest.fail("no output in time")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    files = sorted(out.iterdir())
    assert all(not p.name.startswith(".") for p in files), files   # no temporary left
    assert 3 <= len(files) < 40
    assert all(_is_whole_pptx(p) for p in files)


def test_clskit_exports_the_name() -> None:
    assert "export_all" in clskit.__all__ and clskit.export_all is export_all


def test_benchmark_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_batch.py"), "--count", "4"],
        capture_output=True, text=True, check=True, timeout=300)
    import json

    result = json.loads(done.stdout.splitlines()[0])
    assert result["contracts"] == 4 and result["speedup"] > 0
    assert 0 < result["peak_rss_worker_mb"] < 1000


@pytest.mark.parametrize("exporter", ["yaml", "copil"])
def test_redact_with_all_redacts_every_output(tmp_path, exporter: str) -> None:
    from extract import texts
    from test_redact import leaks

    out = tmp_path / "out"
    plain = tmp_path / "plain"
    assert main(["export", exporter, str(EXAMPLES), "--all", "--jobs", "2", "--redact",
                 "--no-cache", "-o", str(out)]) == 0
    assert main(["export", exporter, str(EXAMPLES), "--all", "--jobs", "0", "-o",
                 str(plain)]) == 0
    outputs = sorted(out.iterdir())
    assert len(outputs) == len(EXAMPLE_NAMES)
    leaked_plain = 0
    for output in outputs:
        contract = clskit.load(EXAMPLES / output.name.split(f"-{exporter}.")[0])
        assert not leaks(contract, texts(output)), output.name
        leaked_plain += bool(leaks(contract, texts(plain / output.name)))
    assert leaked_plain, "without --redact the same check finds people"
