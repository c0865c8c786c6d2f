"""The plugin author's kit: the examples of docs/plugins.md and docs/format.md run as
written, the helpers every exporter needs, per-exporter help, and no silent failure."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pydoc
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import clskit
from clskit import Rule, Severity, display, fr, hookimpl
from clskit.cli import main
from clskit.errors import ExportError
from clskit.exporters import Exporter, ExportRequest, Option
from clskit.plugins import export, load_plugins
from clskit_test_support import EXAMPLES, ROOT

DOCS = ROOT / "docs"


def _example(doc: str, name: str) -> str:
    """The code block that follows ``<!-- doc-example: NAME -->`` in ``doc``."""
    text = (DOCS / doc).read_text(encoding="utf-8")
    found = re.search(rf"<!-- doc-example: {re.escape(name)} -->\n```\w*\n(.*?)```", text, re.S)
    assert found, f"no example {name} in {doc}"
    return found[1]


# --------------------------------------------------------------------------- the docs


def test_the_plugin_examples_run_as_written(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV exporter and its test, copied from docs/plugins.md into a fresh folder."""
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "clskit_fiches_csv.py").write_text(_example("plugins.md", "clskit_fiches_csv"),
                                                 encoding="utf-8")
    (folder / "test_it.py").write_text(_example("plugins.md", "test_clskit_fiches_csv"),
                                       encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.chdir(folder)
    try:
        module = importlib.import_module("test_it")
        tests = [getattr(module, n) for n in dir(module) if n.startswith("test_")]
        assert len(tests) == 2
        for i, test in enumerate(tests):
            test(tmp_path / f"run-{i}")
    finally:
        for name in ("test_it", "clskit_fiches_csv"):
            sys.modules.pop(name, None)


def test_the_csv_example_writes_what_french_excel_reads(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clskit_fiches_csv.py").write_text(
        _example("plugins.md", "clskit_fiches_csv"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        plugin = importlib.import_module("clskit_fiches_csv")
        plugins = load_plugins(installed=False)
        plugins.register(plugin, "fiches-csv")
        contract = clskit.load(EXAMPLES / "melun-val-de-seine")
        target = export("fiches-csv", contract, tmp_path / "f.csv", period="2021-Q4",
                        options={"moved": "true"}, using=plugins)
    finally:
        sys.modules.pop("clskit_fiches_csv", None)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";")[:3] == ["Code", "Intitulé", "Porteur"]
    codes = [line.split(";")[0] for line in lines[1:] if line and line[:2] == "FA"]
    assert "FA 10" in codes and len(codes) == 6       # the six fiches that moved in 2021-Q4
    assert not plugins.problems


def test_the_minimal_contract_of_format_md_is_complete(tmp_path: Path) -> None:
    """format.md opens with it; it validates with no warning and makes a snapshot."""
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- minimal-contract -->\n```yaml\n(.*?)```", text, re.S)
    assert block and text.index("## A minimal complete contract") < text.index("## Two shapes")
    path = tmp_path / "cls.yaml"
    path.write_text(block[1], encoding="utf-8")
    report = clskit.validate(path)
    assert report.ok and report.diagnostics == [], report.diagnostics
    assert report.contract is not None
    snap = clskit.snapshot(report.contract, meeting="copil-2024-03-28")
    assert snap.counts.actions_moved == 1


# --------------------------------------------------------------------------- the snapshot


def test_help_of_clskit_snapshot_shows_the_module() -> None:
    text = pydoc.render_doc(clskit.snapshot, renderer=pydoc.plaintext)
    assert "module clskit.snapshot" in text
    for name in ("class Snapshot", "class ActionView", "class Counts", "moving_count",
                 "snapshot(contract: 'Contract'"):
        assert name in text, name
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    assert [v.action.code for v in clskit.snapshot(contract, "2021-Q4").moved][:2] == [
        "FA 2", "FA 3"]
    assert clskit.snapshot.Snapshot is clskit.Snapshot
    from clskit import snapshot as from_package
    from clskit.snapshot import snapshot as function

    assert from_package is clskit.snapshot and isinstance(function, types.FunctionType)


def test_moving_entries_and_their_count() -> None:
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    snap = clskit.snapshot(contract, "2021-Q4")
    for view in snap.actions:
        assert view.moving == clskit.snapshot.moving(view.entries)
        assert view.moving_count == len(view.moving)
        assert view.moved == bool(view.moving_count)
        assert all(e.kind is not clskit.EntryKind.TODO for e in view.moving)
    assert sum(v.moving_count > 0 for v in snap.actions) == snap.counts.actions_moved


# --------------------------------------------------------------------------- helpers


def test_short_date() -> None:
    assert fr.short_date(dt.date(2021, 12, 7)) == "07/12/2021"
    assert fr.short_date(dt.date(2022, 1, 1)) == "01/01/2022"


def test_display_names_of_pilots_parties_and_meetings() -> None:
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    index = clskit.Index(contract)
    for action in contract.actions:
        name = display.pilot_name(index, action)
        if action.pilot_label:
            assert name == action.pilot_label
        elif action.pilot in index.organisations:
            org = index.organisations[action.pilot]
            assert name == (org.short_name or org.name)
        assert display.pilot_name(contract, action) == name
    plain = clskit.Action(id="x", code="FA X", title="t")
    assert display.pilot_name(index, plain) == ""
    assert display.party_name(index, "nobody") == "nobody"
    meeting = index.meetings["copil-2021-12-07"]
    assert display.meeting_when(meeting) == "7 décembre 2021"
    body = index.bodies[meeting.body]
    assert display.meeting_name(index, meeting) == (meeting.title or body.name)
    assert display.meeting_name(index, meeting, dated=True).endswith("du 7 décembre 2021")
    loose = clskit.Meeting(id="gt", body=body.id, date=None,
                           period=clskit.Period.parse("2021"), count=None)
    assert display.meeting_when(loose) == "2021"
    assert display.meeting_when(clskit.Meeting(id="u", body=body.id)) == fr.UNKNOWN_DATE


def test_key_figures_are_the_decks_words() -> None:
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    snap = clskit.snapshot(contract, meeting="copil-2021-12-07")
    figures = dict((words, number) for number, words in display.key_figures(snap))
    assert figures["fiches action qui ont avancé"] == f"12/{len(contract.actions)}"
    assert display.held(clskit.BodyKind.COPIL, 1) == "COPIL tenu"
    assert display.held(clskit.BodyKind.OTHER, 2) == "autres instances tenues"


def test_csv_for_french_excel(tmp_path: Path) -> None:
    from clskit import csvfile

    path = csvfile.write_csv(tmp_path / "x.csv", ["Code", "Début", "Taux", "Clé", "Statut"],
                             [["=SOMME(A1)", dt.date(2021, 12, 7), 12.5, True,
                               clskit.ActionStatus.IN_PROGRESS], ["FA 2", None, 3, False, ""]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n") == [
        "Code;Début;Taux;Clé;Statut", "'=SOMME(A1);07/12/2021;12,5;oui;En cours",
        "FA 2;;3;non;", ""]


def test_the_sandbox_has_the_french_filters_and_bounds() -> None:
    from clskit import sandbox

    env = sandbox.environment(autoescape=True)
    text = sandbox.render(env, "{{ d|date }} {{ d|short_date }} {{ n|number }} {{ s|status }} "
                          "{{ none|status }} {{ k|label }} {{ p|period }} {{ '<b>' }}",
                          "t.html", {"d": dt.date(2021, 12, 7), "n": 229203,
                                     "s": clskit.ActionStatus.DONE, "none": None,
                                     "k": clskit.BodyKind.COPIL,
                                     "p": clskit.Period.parse("2021-Q4")})
    assert text == ("7 décembre 2021 07/12/2021 229\u202f203 Réalisé non renseigné "
                    f"{clskit.label(clskit.BodyKind.COPIL)} octobre à décembre 2021 "
                    "&lt;b&gt;")
    for source, said in [("{{ ''.__class__ }}", "refused by the sandbox"),
                         ("{{ 'x' * 10**9 }}", "refused by the sandbox"),
                         ("{{ nothing }}", "is undefined"), ("{% if %}", "syntax error")]:
        with pytest.raises(ExportError, match=said):
            sandbox.render(env, source, "t.html", {})


def test_the_review_renders_in_the_shared_sandbox() -> None:
    """One sandbox for every exporter: the review keeps no copy whose bounds could
    drift from clskit.sandbox's."""
    import clskit_review.docx_template
    import clskit_review.text_writers

    from clskit import sandbox

    assert clskit_review.text_writers.sandbox is sandbox
    source = Path(clskit_review.docx_template.__file__).read_text(encoding="utf-8")
    assert "from clskit import sandbox" in source


# --------------------------------------------------------------------------- options


def test_export_name_help_lists_the_exporters_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export", "graph", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "exporter 'graph': Graphe de la gouvernance" in out
    assert "writes: graphml, gexf, png, svg" in out
    assert re.search(r"^    axis +id of an axis", out, re.M)
    with pytest.raises(SystemExit):
        main(["export", "copil", "--help"])
    out = capsys.readouterr().out
    assert re.search(r"dividers .*\(one of true, false; default: true\)", out)
    with pytest.raises(SystemExit) as done:
        main(["export", "nothing-of-that-name", "-h"])
    assert done.value.code == 2
    assert "no exporter named 'nothing-of-that-name'" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["import", "tet", "--help"])
    assert "importer 'tet'" in capsys.readouterr().out


def test_plugins_json_gives_every_option_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    main(["plugins", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    exporters = {e["name"]: e for p in data["plugins"] for e in p["exporters"]}
    options = {o["name"]: o for o in exporters["copil"]["options"]}
    assert options["dividers"] == {"name": "dividers", "help": options["dividers"]["help"],
                                   "default": "true", "choices": ["true", "false"]}
    assert options["dividers"]["help"]
    importers = {i["name"]: i for p in data["plugins"] for i in p["importers"]}
    assert all(set(o) == {"name", "help", "default", "choices"}
               for i in importers.values() for o in i["options"])


# --------------------------------------------------------------------------- failures


def _module(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook, function in hooks.items():
        function.__name__ = hook
        setattr(module, hook, hookimpl(function))
    return module


def _problems(plugins: Any) -> list[str]:
    return [str(p) for p in plugins.problems]


def test_an_unknown_hook_name_is_said() -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("typo", clskit_exporter=lambda: []), "typo")
    assert _problems(plugins) == [
        "plugin 'typo' (registered in code): 'clskit_exporter' is not a clskit hook (did you "
        "mean 'clskit_exporters'?); it is never called (hooks: clskit_exporters, "
        "clskit_importers, clskit_rules, clskit_sections)"]


def test_a_plugin_with_no_hook_is_said() -> None:
    plugins = load_plugins(installed=False)
    module = types.ModuleType("forgot")
    module.clskit_exporters = lambda: []  # type: ignore[attr-defined]  # no @hookimpl
    plugins.register(module, "forgot")
    assert "implements no hook" in _problems(plugins)[0]


def _write(request: ExportRequest, path: Path) -> None:
    path.write_text("x", encoding="utf-8")


def test_an_exporter_name_clash_keeps_the_built_in_one() -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("mine", clskit_exporters=lambda: [
        Exporter("json", "Le mien", ("json",), _write)]), "mine")
    exporter, owner = plugins.exporters()["json"]
    assert owner == "dump" and exporter.title != "Le mien"
    assert _problems(plugins) == [
        "plugin 'mine' (registered in code): exporter 'json' clashes with the one of plugin "
        f"'dump' (clskit {clskit.__version__}), which is kept: choose another name"]
    plugins.exporters()
    assert len(plugins.problems) == 1          # said once, however often it is asked


def test_a_hook_returning_the_wrong_type_is_said() -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("single", clskit_exporters=lambda: Exporter(
        "one", "Un", ("txt",), _write)), "single")
    plugins.register(_module("dicts", clskit_importers=lambda: [{"name": "x"}]), "dicts")
    assert "one" not in plugins.exporters() and "x" not in plugins.importers()
    said = _problems(plugins)
    assert "clskit_exporters returned Exporter, not a list of Exporter" in said[0]
    assert "clskit_importers returned a dict among its importers, not a Importer" in said[1]


def _contract() -> clskit.Contract:
    return clskit.load(EXAMPLES / "mauges")


def test_a_rule_that_raises_is_reported_and_the_others_run() -> None:
    def raises(contract: clskit.Contract, index: clskit.Index) -> Any:
        yield ("actions", 0), "first"
        raise ValueError("bad day")

    def fine(contract: clskit.Contract, index: clskit.Index) -> Any:
        yield ("actions", 1), "fine"

    plugins = load_plugins(installed=False)
    plugins.register(_module("rules", clskit_rules=lambda: [
        Rule("T-1", Severity.WARNING, "raises", raises),
        Rule("T-2", Severity.WARNING, "fine", fine)]), "rules")
    found = [d for d in clskit.check(_contract(), using=plugins) if d.rule.startswith("T-")]
    assert [(d.rule, d.message) for d in found] == [("T-1", "first"), ("T-2", "fine")]
    assert _problems(plugins) == [
        "plugin 'rules' (registered in code): rule T-1 raised ValueError: bad day; its "
        "findings after that are left out, the other rules ran"]


def test_a_rule_reusing_a_built_in_id_is_said_not_dropped_silently() -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("clash", clskit_rules=lambda: [
        Rule("CLS111", Severity.ERROR, "mine", lambda c, i: iter([((), "mine")]))]), "clash")
    found = clskit.check(_contract(), using=plugins)
    assert not [d for d in found if d.message == "mine"]
    assert "rule 'CLS111' clashes with a built-in rule" in _problems(plugins)[0]


def test_a_rule_yielding_a_text_path_is_read_and_said() -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("text", clskit_rules=lambda: [
        Rule("T-3", Severity.INFO, "text", lambda c, i: iter([("actions.0.title", "t")]))]),
        "text")
    found = [d for d in clskit.check(_contract(), using=plugins) if d.rule == "T-3"]
    assert found[0].location.path == ("actions", 0, "title")
    assert "write a tuple, ('actions', 0, 'title')" in _problems(plugins)[0]


def test_a_rule_that_raises_never_shows_a_traceback_in_validate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from clskit.plugins import registered

    def raises(contract: clskit.Contract, index: clskit.Index) -> Any:
        raise KeyError("oops")
        yield

    plugin = _module("broken-rule", clskit_rules=lambda: [
        Rule("T-9", Severity.WARNING, "raises", raises)])
    with registered(plugin, "broken-rule") as current:
        try:
            assert main(["validate", str(EXAMPLES / "mauges")]) == 0
            err = capsys.readouterr().err
            assert "clskit: warning: plugin 'broken-rule' (registered in code): rule T-9 " \
                   "raised KeyError" in err
            assert "Traceback" not in err
            assert main(["export", "yaml", str(EXAMPLES / "mauges"), "-o",
                         str(tmp_path / "x.yaml")]) == 0
        finally:
            current.problems.clear()


def test_a_write_that_leaves_an_empty_file_fails(tmp_path: Path) -> None:
    plugins = load_plugins(installed=False)
    plugins.register(_module("lazy", clskit_exporters=lambda: [
        Exporter("lazy", "Rien", ("txt",), lambda request, path: None,
                 options=(Option("x", "unused"),))]), "lazy")
    with pytest.raises(ExportError, match=r"plugin 'lazy' \(registered in code\): its write "
                       r"function left out.txt empty"):
        export("lazy", _contract(), tmp_path / "out.txt", using=plugins)
    assert not list(tmp_path.iterdir())
