"""Issue #13, the core's part: what the corpus (test_bad_inputs.py) cannot show by one
command's output — time and memory bounds, the Python API's guards, a writer killed
mid-way, a permission error, standard output."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

import clskit
from clskit import _yaml
from clskit.cli import main
from clskit.errors import ExportError
from clskit_test_support import MINIMAL, ROOT


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory() -> None:
    text = _bomb(10)  # under 1 kB; 9**10 = 3.5 billion strings once expanded
    assert len(text) < 1000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(_yaml.YamlError, match="alias bomb") as info:
        _yaml.parse(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.line is not None
    assert elapsed < 5  # generous: it takes milliseconds; before, 28 s and 3.4 GB
    assert peak < 50 * 2**20


def test_a_few_aliases_are_still_read() -> None:
    data, _ = _yaml.parse("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


@pytest.mark.parametrize("text", [
    "a: 2021-02-30\n", "a: 2021-13-01\n", "a: 2021-01-01 25:00:00\n", "a: 2021-01-01T10:61:00\n",
    "2021-02-30: x\n", "a: " + "9" * 5000 + "\n", "a: &a [*a]\n", "a: &a {b: *a}\n",
    "a: " + "[" * 500 + "]" * 500 + "\n", "a: b\x00c\n", "!!python/name:os.system : 1\n",
])
def test_the_yaml_layer_raises_yamlerror_or_returns_data(text: str) -> None:
    try:
        _yaml.parse(text)
    except _yaml.YamlError as exc:
        assert exc.line is not None


def test_dump_never_writes_invalid_json(tmp_path: Path) -> None:
    contract = clskit.from_data({"id": "t", "name": "N", "territory": {"name": "T"}})
    contract.territory.key_figures.append(clskit.KeyFigure(label="x", value=math.nan))
    with pytest.raises(ExportError, match=r"NaN|nan"):
        clskit.dumps(contract, "json")
    contract.territory.key_figures.clear()
    contract.name = "half \ud800"
    with pytest.raises(ExportError, match="surrogate"):
        clskit.dump(contract, tmp_path / "c.json")
    assert list(tmp_path.iterdir()) == []


def test_the_python_api_refuses_to_write_over_its_inputs(write) -> None:
    root = write({"ws/contract.yaml": MINIMAL, "single.yaml": MINIMAL})
    before = (root / "ws" / "contract.yaml").read_bytes()
    contract = clskit.load(root / "ws")
    for target in (root / "ws" / "contract.yaml", root / "ws" / "actions" / "x.yaml"):
        with pytest.raises(ExportError, match="inside the input"):
            clskit.dump(contract, target)
        with pytest.raises(ExportError, match="inside the input"):
            clskit.export("yaml", contract, target)
    single = clskit.load(root / "single.yaml")
    with pytest.raises(ExportError, match="is an input"):
        clskit.export("yaml", single, root / "single.yaml")
    assert (root / "ws" / "contract.yaml").read_bytes() == before
    # A contract built in Python has no inputs: only the target's own checks apply.
    clskit.dump(clskit.from_data(clskit.to_data(contract)), root / "ws" / "copy.yaml")


def test_a_read_only_target_is_replaced_with_force_only(write, tmp_path: Path) -> None:
    root = write({"ws/contract.yaml": MINIMAL})
    target = tmp_path / "out.yaml"
    target.write_text("ancien\n", encoding="utf-8")
    target.chmod(0o444)
    assert main(["dump", str(root / "ws"), "-o", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "ancien\n"
    assert main(["dump", str(root / "ws"), "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("id: test")


def test_dash_writes_to_standard_output(write, capfd) -> None:
    root = write({"ws/contract.yaml": MINIMAL})
    for args in (["dump", str(root / "ws"), "-o", "-"],
                 ["export", "yaml", str(root / "ws"), "-o", "-"],
                 ["graph", str(root / "ws"), "-o", "-", "--format", "graphml"]):
        assert main(args) == 0
        out = capfd.readouterr().out
        assert ("id: test" in out or "<graphml" in out) and "wrote" not in out
    assert sorted(p.name for p in root.iterdir()) == ["ws"]


def test_a_folder_that_cannot_be_listed_is_a_placed_diagnostic(write, monkeypatch) -> None:
    root = write({"contract.yaml": MINIMAL, "actions/fa-01.yaml": "id: fa-01\n"})
    listing = Path.iterdir

    def refuse(self: Path):
        if self.name == "actions":
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    report = clskit.validate(root)
    (found,) = report.errors
    assert found.rule == "CLS001" and found.location.file == "actions/"
    assert "permission denied" in found.message and "Errno" not in found.message


def test_a_file_that_cannot_be_read_is_a_placed_diagnostic(write, monkeypatch) -> None:
    root = write({"contract.yaml": MINIMAL})
    opening = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == "contract.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return opening(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    (found,) = clskit.validate(root).errors
    assert found.location.file == "contract.yaml" and "permission denied" in found.message


SLOW_EXPORT = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from clskit.cli import main
    from clskit.exporters import Exporter, Needs
    from clskit.hookspecs import hookimpl
    from clskit.plugins import registered

    def write(request, path):
        with open(path, "wb") as handle:
            handle.write(b"half of a document")
            handle.flush()
            Path(sys.argv[3]).write_text("ready")
            time.sleep(60)

    class Slow:
        @hookimpl
        def clskit_exporters(self):
            return [Exporter(name="slow", title="Slow", formats=("txt",), write=write,
                             needs=Needs.CONTRACT)]

    with registered(Slow(), "slow-test"):
        sys.exit(main(["export", "slow", sys.argv[1], "-o", sys.argv[2]]))
""")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_export_killed_mid_way_leaves_no_partial_target(write, tmp_path: Path) -> None:
    root = write({"ws/contract.yaml": MINIMAL, "ws/actions/fa-01.yaml": "id: fa-01\ncode: A\n"
                  "title: T\n", "out/keep.txt": "x"})
    inputs = _files(root / "ws")
    target, ready = root / "out" / "deck.txt", tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(root / "ws"),
                                str(target), str(ready)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert not target.exists()
    left = [p.name for p in (root / "out").iterdir() if p.name != "keep.txt"]
    assert all(name.startswith(".deck.") for name in left)  # the killed writer's temporary
    assert _files(root / "ws") == inputs
    # The next write beside it removes what the dead writer left.
    assert main(["export", "json", str(root / "ws"), "-o", str(root / "out" / "deck.txt"),
                 "--format", "json"]) == 0
    assert sorted(p.name for p in (root / "out").iterdir()) == ["deck.txt", "keep.txt"]


@pytest.mark.parametrize(("exporter", "fmt"), [("graph", "svg"), ("graph", "png"),
                                               ("review", "md")])
def test_a_name_of_10000_characters_draws_the_diagrams_quickly(exporter: str, fmt: str,
                                                              tmp_path: Path) -> None:
    """The governance graph's and the review's diagram's label wrapping measured every
    prefix of a word wider than its box: a 10,000-character name with no space never
    finished (found by the fuzzing, #13)."""
    from clskit.plugins import plugins

    if exporter not in plugins().exporters():
        pytest.skip(f"needs the {exporter} exporter")
    pytest.importorskip("matplotlib" if exporter == "graph" else "PIL")
    import time
    import warnings

    import attrs

    import clskit
    from clskit.plugins import export

    contract = clskit.load(Path(__file__).resolve().parent.parent / "examples" / "mauges")
    contract = attrs.evolve(contract, people=[attrs.evolve(p, name="x" * 10_000)
                                              for p in contract.people])
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        export(exporter, contract, tmp_path / f"g.{fmt}")
    assert time.perf_counter() - start < 15
