"""The plugin system: discovery, listing, export, broken plugins, laziness, every hook."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import clskit
from clskit import Severity, hookspecs
from clskit import plugins as plugin_system
from clskit.checks import Rule
from clskit.cli import main
from clskit.errors import ExportError
from clskit.exporters import Exporter, ExportRequest, Needs, Option, Section, parse_options
from clskit.hookspecs import hookimpl
from clskit_test_support import EXAMPLES, ROOT

CAMVS = EXAMPLES / "melun-val-de-seine"


@pytest.fixture(scope="module")
def camvs() -> clskit.Contract:
    return clskit.load(CAMVS)


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> plugin_system.Plugins:
    """A fresh process-wide plugin manager, restored after the test."""
    monkeypatch.setattr(plugin_system, "_PLUGINS", None)
    return plugin_system.plugins()


class TextPlugin:
    """A plugin written in a test, never installed: one exporter of plain text."""

    @staticmethod
    def write(request: ExportRequest, path: Path) -> None:
        snap = request.snapshot
        assert snap is not None
        lines = [f"{request.contract.short_name} — {snap.window}"]
        lines += [f"{v.action.code}: {len(v.entries)}" for v in snap.moved]
        lines += [f"[{s.title}] " + " / ".join(s.items) for s in request.sections()]
        if request.options.get("shout") == "yes":
            lines = [line.upper() for line in lines]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @hookimpl
    def clskit_exporters(self) -> list[Exporter]:
        return [Exporter(name="text", title="Texte", formats=("txt",), write=self.write,
                         options=(Option("shout", "capitals", default="no",
                                         choices=("yes", "no")),))]


# --------------------------------------------------------------------------- hooks


def test_hook_clskit_exporters(camvs: clskit.Contract, tmp_path: Path) -> None:
    current = plugin_system.load_plugins()
    current.register(TextPlugin(), "text-test")
    target = tmp_path / "q4.txt"
    plugin_system.export("text", camvs, target, period="2021-Q4", using=current,
                         options={"shout": "yes"})
    text = target.read_text(encoding="utf-8")
    assert text.startswith("CLS 2 DE LA CAMVS — 2021-Q4")
    assert "FA 10: " in text
    assert [p.name for p in tmp_path.iterdir()] == ["q4.txt"]   # no temporary file left


def test_hook_clskit_importers(tmp_path: Path) -> None:
    from clskit import Importer, ImportRequest, ImportResult

    def read(request: ImportRequest) -> ImportResult:
        name = request.source.read_text(encoding="utf-8").strip()
        return ImportResult(contract=clskit.Contract(
            id="lu", name=name, territory=clskit.Territory(name="Pays de test")))

    module = types.SimpleNamespace(clskit_importers=hookimpl(
        lambda: [Importer("nom", "Nom d'un contrat", ("txt",), read)]))
    current = plugin_system.load_plugins(installed=False)
    current.register(module, "name-importer")
    source = tmp_path / "nom.txt"
    source.write_text("CLS du Pays de test\n", encoding="utf-8")
    clskit.import_file("nom", source, to=tmp_path / "ws", using=current)
    assert clskit.load(tmp_path / "ws").name == "CLS du Pays de test"


def test_hook_clskit_rules(tmp_path: Path, fresh: plugin_system.Plugins, capsys) -> None:
    def target_public(contract, index):
        for i, action in enumerate(contract.actions):
            if not action.target_public:
                yield ("actions", i, "target_public"), f"{action.code} has no public cible"

    module = types.SimpleNamespace(clskit_rules=hookimpl(
        lambda: [Rule("T77-001", Severity.WARNING, "public cible", target_public)]))
    fresh.register(module, "territory-rules")
    assert main(["validate", str(EXAMPLES / "mauges")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"actions/action-1-1-2\.yaml:\d+ target_public: warning T77-001", out)


def test_hook_clskit_sections(camvs: clskit.Contract, tmp_path: Path) -> None:
    class Extra:
        @hookimpl
        def clskit_sections(self, exporter, contract, snapshot, options):
            if exporter != "text":
                return []
            return [Section(title="Quartiers", items=(f"{len(contract.actions)} fiches",))]

    current = plugin_system.load_plugins()
    current.register(TextPlugin(), "text-test")
    current.register(Extra(), "extra")
    target = tmp_path / "q4.txt"
    plugin_system.export("text", camvs, target, period="2021-Q4", using=current)
    assert "[Quartiers] 15 fiches" in target.read_text(encoding="utf-8")

    class Broken:
        @hookimpl
        def clskit_sections(self, exporter, contract, snapshot, options):
            raise RuntimeError("boom")

    current.register(Broken(), "broken-sections")
    with pytest.raises(ExportError, match=r"plugin 'broken-sections'.*boom"):
        plugin_system.export("text", camvs, tmp_path / "again.txt", period="2021-Q4",
                             using=current)
    assert not (tmp_path / "again.txt").exists()


def test_every_hook_has_a_test_and_a_documented_section() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    names = plugin_system.hook_names()
    assert names == ["clskit_exporters", "clskit_importers", "clskit_rules", "clskit_sections"]
    for name in names:
        assert f"def test_hook_{name}(" in source, f"hook {name} has no test"
        assert f"### `{name}`" in docs, f"hook {name} has no section in docs/plugins.md"
        assert getattr(hookspecs, name).__doc__, f"hook {name} has no docstring"


# --------------------------------------------------------------------------- built-ins


def test_default_plugins_are_plugins(capsys, monkeypatch) -> None:
    monkeypatch.setenv(plugin_system.ENV_LOAD, "")          # whatever else is installed
    monkeypatch.setattr(plugin_system, "_PLUGINS", None)
    assert main(["plugins", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_name = {p["name"]: p for p in data["plugins"]}
    assert by_name["dump"]["builtin"] and by_name["graph"]["builtin"]
    assert by_name["dump"]["distribution"] == "clskit"
    exporters = {e["name"]: e for p in data["plugins"] for e in p["exporters"]}
    assert exporters["graph"]["formats"] == ["graphml", "gexf", "png", "svg"]
    assert exporters["yaml"]["needs"] == "contract"


@pytest.mark.parametrize("name", ["yaml", "json"])
def test_dump_exporters_round_trip(camvs: clskit.Contract, tmp_path: Path, name: str) -> None:
    target = plugin_system.export(name, camvs, tmp_path / f"camvs.{name}")
    assert clskit.load(target) == camvs


def test_graph_exporter_with_option(camvs: clskit.Contract, tmp_path: Path) -> None:
    target = plugin_system.export("graph", camvs, tmp_path / "axe.svg",
                                  options={"axis": camvs.axes[3].id})
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(ExportError, match="no option 'axe'"):
        plugin_system.export("graph", camvs, tmp_path / "x.svg", options={"axe": "x"})
    with pytest.raises(ExportError, match="writes graphml, gexf, png, svg"):
        plugin_system.export("graph", camvs, tmp_path / "x.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["axe.svg"]


def test_export_cli(tmp_path: Path, capsys) -> None:
    target = tmp_path / "camvs.json"
    assert main(["export", "json", str(CAMVS), "-o", str(target)]) == 0
    assert clskit.load(target).id == "camvs-cls2"
    assert main(["export", "nope", str(CAMVS), "-o", str(tmp_path / "x.txt")]) == 1
    err = capsys.readouterr().err
    assert "no exporter named 'nope' (installed:" in err


# --------------------------------------------------------------------------- broken plugins


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, *specs: tuple[str, str]) -> None:
    eps = [importlib.metadata.EntryPoint(name, value, "clskit") for name, value in specs]
    monkeypatch.setattr(plugin_system, "entry_points", lambda group: eps)
    monkeypatch.setattr(plugin_system, "_PLUGINS", None)


def test_a_plugin_that_fails_to_import(monkeypatch, capsys, tmp_path: Path) -> None:
    _fake_entry_points(monkeypatch, ("broken", "clskit_no_such_module_xyz"),
                       ("fine", "tests_fine_plugin"))
    module = types.ModuleType("tests_fine_plugin")
    module.clskit_exporters = hookimpl(lambda: [Exporter(  # type: ignore[attr-defined]
        name="fine", title="Fine", formats=("txt",), needs=Needs.CONTRACT,
        write=lambda request, path: path.write_text("ok", encoding="utf-8"))])
    monkeypatch.setitem(sys.modules, "tests_fine_plugin", module)

    assert main(["plugins"]) == 1
    out = capsys.readouterr().out
    broken = [line for line in out.splitlines() if line.startswith("BROKEN")]
    assert broken == ["BROKEN plugin 'broken' (unknown distribution): cannot be imported: "
                      "ModuleNotFoundError: No module named 'clskit_no_such_module_xyz'"]
    # The other plugins keep working.
    target = tmp_path / "fine.txt"
    assert main(["export", "fine", str(CAMVS), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == "ok"
    assert main(["export", "broken", str(CAMVS), "-o", str(tmp_path / "b.txt")]) == 1
    assert "cannot be imported" in capsys.readouterr().err


def test_a_plugin_that_raises_while_exporting(monkeypatch, capsys, tmp_path: Path,
                                              fresh) -> None:
    def write(request: ExportRequest, path: Path) -> None:
        path.write_text("half of a file", encoding="utf-8")
        raise ValueError("the template has no title placeholder")

    plugin = types.SimpleNamespace(clskit_exporters=hookimpl(lambda: [Exporter(
        name="bad", title="Bad", formats=("txt",), write=write, needs=Needs.CONTRACT)]))
    fresh.register(plugin, "bad-plugin", "clskit-bad", "1.0")
    target = tmp_path / "out.txt"
    assert main(["export", "bad", str(CAMVS), "-o", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["clskit: plugin 'bad-plugin' (clskit-bad 1.0) failed writing out.txt: "
                   "ValueError: the template has no title placeholder; nothing was written"]
    assert list(tmp_path.iterdir()) == []


def test_a_hook_that_raises_is_reported_not_fatal(fresh, capsys) -> None:
    def explode() -> list[Exporter]:
        raise RuntimeError("bad registration")

    fresh.register(types.SimpleNamespace(clskit_exporters=hookimpl(explode)), "explodes")
    assert "json" in fresh.exporters()
    assert any(p.plugin == "explodes" and "bad registration" in p.message
               for p in fresh.problems)


def test_load_plugins_variable(monkeypatch) -> None:
    module = types.ModuleType("tests_restricted_plugin")
    monkeypatch.setitem(sys.modules, "tests_restricted_plugin", module)
    _fake_entry_points(monkeypatch, ("restricted", "tests_restricted_plugin"))
    monkeypatch.setenv(plugin_system.ENV_LOAD, "")
    names = {i.name for i in plugin_system.load_plugins().info()}
    assert names == {"dump", "graph"}
    monkeypatch.setenv(plugin_system.ENV_LOAD, "restricted, other")
    assert "restricted" in plugin_system.load_plugins().manager.list_name_plugin()[-1]


def test_parse_options() -> None:
    assert parse_options(["a=1", "flag", " b = x=y "]) == {"a": "1", "flag": "true",
                                                         "b": "x=y"}
    with pytest.raises(ExportError):
        parse_options(["=x"])


def test_named_write_function_is_imported_lazily(camvs: clskit.Contract, tmp_path) -> None:
    exporter = Exporter(name="lazy", title="L", formats=("yaml",), needs=Needs.CONTRACT,
                        write="clskit._builtin.dump:write_dump")
    current = plugin_system.load_plugins()
    current.register(types.SimpleNamespace(clskit_exporters=hookimpl(lambda: [exporter])),
                     "lazy")
    target = plugin_system.export("lazy", camvs, tmp_path / "c.yaml", using=current)
    assert clskit.load(target) == camvs
    bad = Exporter(name="x", title="X", formats=("a",), write="nowhere.at_all:write")
    with pytest.raises(ExportError, match=r"cannot import 'nowhere\.at_all:write'"):
        bad.resolve()


@pytest.mark.parametrize("command", [["validate", str(CAMVS)], ["plugins"],
                                     ["status", str(CAMVS)]])
def test_light_commands_never_import_document_libraries(command: list[str]) -> None:
    code = (
        "import sys, clskit.cli\n"
        f"clskit.cli.main({command!r})\n"
        "heavy = {'pptx', 'openpyxl', 'docx', 'docxtpl', 'matplotlib', 'networkx'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_installed_plugins_are_listed() -> None:
    """After the README's install: the defaults, the deck and the example plugin."""
    for dist in ("clskit-copil", "clskit-ics"):
        try:
            importlib.metadata.distribution(dist)
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(f"{dist} is not installed")
    done = subprocess.run([sys.executable, "-m", "clskit.cli", "plugins", "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    found = {p["name"]: p["distribution"] for p in data["plugins"]}
    assert found == {"dump": "clskit", "graph": "clskit", "copil": "clskit-copil",
                     "review": "clskit-review", "ars": "clskit-ars", "suivi": "clskit-suivi",
                     "tet": "clskit-tet", "ics": "clskit-ics"}
    assert data["problems"] == []


def test_entry_points_are_those_importlib_metadata_finds() -> None:
    """clskit reads the ``clskit`` group without importing importlib.metadata (a tenth of
    a short command's time); it finds what importlib.metadata finds."""
    from clskit._entry_points import entry_points

    ours = sorted((e.name, e.value, e.dist.name if e.dist else "", e.dist.version if e.dist
                   else "") for e in entry_points(plugin_system.GROUP))
    theirs = sorted((e.name, e.value, e.dist.name if e.dist else "", e.dist.version if e.dist
                     else "") for e in importlib.metadata.entry_points(group="clskit"))
    assert ours == theirs and len(ours) >= 6


def test_entry_points_txt_is_read_as_importlib_reads_it(tmp_path: Path, monkeypatch) -> None:
    from clskit._entry_points import entry_points

    info = tmp_path / "clskit_demo-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clskit-demo\nVersion: 2.0\n\n"
                                   "Name: not a header\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[console_scripts]\ndemo = demo:main\n\n[clskit]\n# a comment\n"
        "demo = clskit_demo.plugin\nother=clskit_demo:plugin_object\n", encoding="utf-8")
    shadowed = tmp_path / "later"
    (shadowed / "clskit_demo-1.0.dist-info").mkdir(parents=True)
    (shadowed / "clskit_demo-1.0.dist-info" / "entry_points.txt").write_text(
        "[clskit]\nold = old\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(shadowed), str(tmp_path / "none")])
    found = entry_points("clskit")
    assert [(e.name, e.value, e.dist) for e in found] == [
        ("demo", "clskit_demo.plugin", found[0].dist), ("other", "clskit_demo:plugin_object",
                                                       found[0].dist)]
    assert found[0].dist is not None and (found[0].dist.name, found[0].dist.version) == (
        "clskit-demo", "2.0")
    assert entry_points("console_scripts")[0].value == "demo:main"
