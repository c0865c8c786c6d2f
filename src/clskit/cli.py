"""The ``clskit`` command: a thin layer over the public API.

Exit codes: 0 success, 1 the data has errors (or an output failed), 2 wrong usage.
A problem of the data never shows a traceback: it is printed as placed diagnostics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from clskit import __version__
from clskit._atomic import STDOUT, check_target, write_atomic
from clskit.diagnostics import Diagnostic, Severity, format_path
from clskit.errors import ClsError
from clskit.model import COLLECTIONS

if TYPE_CHECKING:
    from clskit.exporters import Exporter
    from clskit.loader import Report
    from clskit.model import Contract
    from clskit.period import Period
    from clskit.plugins import Plugins
    from clskit.snapshot import Snapshot


def _line(d: Diagnostic) -> str:
    loc = d.location
    if loc.sheet is not None or loc.row is not None:  # a cell of a workbook
        return f"{loc}: {d.severity.value} {d.rule} {d.message}"
    where = loc.file or ""
    if loc.file and loc.line:
        where += f":{loc.line}"
    field = format_path(loc.path)
    head = " ".join(part for part in (where, field) if part)
    return f"{head}: {d.severity.value} {d.rule} {d.message}" if head else \
        f"{d.severity.value} {d.rule} {d.message}"


def _counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    return {s.value: sum(d.severity is s for d in diagnostics) for s in Severity}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_report(report: Report, out: TextIO, fmt: str = "text",
                 minimum: Severity = Severity.INFO) -> None:
    """Print a validation report, grouped by file."""
    from clskit.loader import sorted_by_place

    order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    shown = [d for d in sorted_by_place(report.diagnostics)
             if order.index(d.severity) <= order.index(minimum)]
    counts = _counts(report.diagnostics)
    if fmt == "json":
        payload = {
            "ok": report.ok,
            "counts": counts,
            "diagnostics": [d.to_dict() for d in shown],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    current: str | None = None
    for d in shown:
        if d.location.file != current and current is not None:
            out.write("\n")
        current = d.location.file
        out.write(_line(d) + "\n")
    summary = ", ".join(_plural(counts[s.value], s.value) for s in order)
    verdict = "valid" if report.ok else "NOT valid"
    out.write(f"{'' if not shown else chr(10)}{verdict}: {summary}\n")


def _cmd_validate(args: argparse.Namespace) -> int:
    from clskit.loader import validate
    from clskit.plugins import plugins

    report = validate(args.path)
    print_report(report, sys.stdout, args.format, Severity(args.severity))
    for problem in plugins().problems:  # a broken plugin never blocks validation
        print(f"clskit: warning: {problem}", file=sys.stderr)
    return 0 if report.ok else 1


def _cmd_init(args: argparse.Namespace) -> int:
    from clskit.scaffold import run_command

    return run_command(args)


def _write_output(args: argparse.Namespace, write: Callable[[Path], Any], suffix: str,
                  inputs: Iterable[str | Path] = ()) -> None:
    """Write the command's output with ``write(path)``: to ``-o`` once it is checked
    (not an input, not inside one, not read-only unless ``--force``, never a link or a
    device), or, for ``-o -``, to a temporary file then standard output."""
    if args.output == STDOUT:
        with tempfile.TemporaryDirectory(prefix="clskit-") as folder:
            temporary = Path(folder) / f"stdout{suffix}"
            write(temporary)
            payload = temporary.read_bytes()
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(payload)
            buffer.flush()
        else:
            sys.stdout.write(payload.decode("utf-8", errors="replace"))
        return
    check_target(args.output, inputs, force=args.force)
    write(Path(args.output))


def _wrote(args: argparse.Namespace, what: str | None = None) -> None:
    if args.output != STDOUT:  # standard output holds the document alone
        print(f"wrote {what or args.output}")


def _write_text(args: argparse.Namespace, text: str, inputs: Iterable[str | Path] = ()) -> None:
    """Print ``text`` without ``-o``, else write it as :func:`_write_output` does."""
    if not args.output:
        sys.stdout.write(text)
        return
    _write_output(args, lambda path: write_atomic(path, text), "", inputs)


def _cmd_schema(args: argparse.Namespace) -> int:
    from clskit.schema import json_schema, schema_files

    if args.write_dir:
        folder = Path(args.write_dir)
        folder.mkdir(parents=True, exist_ok=True)
        files = {folder / name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
                 for name, schema in schema_files().items()}
        for target in files:
            check_target(target, force=args.force)
        for target, text in files.items():
            write_atomic(target, text)
        print(f"wrote {len(COLLECTIONS) + 1} schema files to {folder}")
        return 0
    text = json.dumps(json_schema(args.collection), ensure_ascii=False, indent=2) + "\n"
    _write_text(args, text)
    return 0


def _cmd_dump(args: argparse.Namespace) -> int:
    from clskit.dump import dump, dumps, format_for
    from clskit.loader import inputs_of

    if args.output != STDOUT:
        format_for(args.output)  # a usage mistake is told before the record is read
    report = _load_or_report(args.path)
    if report is None or report.contract is None:
        print(f"nothing written to {args.output}", file=sys.stderr)
        return 1
    contract = report.contract
    if args.output == STDOUT:
        sys.stdout.write(dumps(contract, args.format or "yaml"))
        return 0
    check_target(args.output, inputs_of(contract), force=args.force)
    dump(contract, args.output, force=args.force)
    print(f"wrote {args.output}")
    return 0


def _load_or_report(path: str) -> Report | None:
    from clskit.loader import validate

    report = validate(path)
    if report.contract is None or not report.ok:
        print_report(report, sys.stderr, minimum=Severity.ERROR)
        return None
    return report


_NO_DATE = ("the record holds no date to choose a default period from; give one with "
            "--period (2024, 2024-Q1, 2024-01-01/2024-12-31) or --meeting")


def _default_window(contract: Contract, command: str) -> Period | None:
    """The default window of ``status`` and ``export``, or ``None`` (and a usage message)
    for a record with no date at all."""
    from clskit.snapshot import default_period

    try:
        return default_period(contract)
    except ValueError:
        print(f"clskit {command}: error: {_NO_DATE}", file=sys.stderr)
        return None


def _warn(messages: Iterable[str]) -> None:
    """What a reader should know about the window (a period outside the contract)."""
    for message in messages:
        print(f"avertissement : {message}", file=sys.stderr)


def _status_snapshot(args: argparse.Namespace, contract: Contract) -> Snapshot | None:
    """The snapshot of ``--period``/``--meeting`` (its warnings on stderr), else of the
    default window; ``None`` (a message said why) when there is none."""
    from clskit.snapshot import snapshot

    period: Period | str | None = args.period
    if not args.meeting and not period:
        period = _default_window(contract, args.command)
        if period is None:
            return None
    try:
        snap = (snapshot(contract, meeting=args.meeting) if args.meeting
                else snapshot(contract, period))
    except (KeyError, ValueError) as exc:
        print(f"clskit: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return None
    if args.period or args.meeting:  # a default window is the record's own present
        _warn(snap.warnings)
    return snap


def _cmd_status(args: argparse.Namespace) -> int:
    from clskit._status_text import render_text, to_data

    report = _load_or_report(args.path)
    if report is None:
        return 1
    assert report.contract is not None
    snap = _status_snapshot(args, report.contract)
    if snap is None:
        return 2
    if args.format == "json":
        print(json.dumps(to_data(snap), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(snap))
    return 0


def _write_atomic_with(path: Path, write: Callable[[Any, Path], None], value: Any) -> None:
    """``write(value, temporary)`` then the temporary renamed onto ``path``: a binary
    document (a workbook) is never seen half written."""
    from clskit._atomic import atomic_path

    with atomic_path(path) as temporary:
        write(value, temporary)


def _cmd_region(args: argparse.Namespace) -> int:
    from clskit._region_text import render_csv, render_text, to_data
    from clskit.region import load_region

    if not Path(args.folder).is_dir():
        print(f"clskit: {args.folder}: not a folder of contracts", file=sys.stderr)
        return 2
    if args.output and args.output != STDOUT:
        check_target(args.output, [args.folder], force=args.force)
    if args.format == "xlsx" and not args.output:
        print("clskit region: error: --format xlsx needs -o FILE (or -o -)", file=sys.stderr)
        return 2
    region = load_region(args.folder, args.as_of, cache=not args.no_cache)
    if args.format == "xlsx":
        from clskit._region_xlsx import write_xlsx

        _write_output(args, lambda path: _write_atomic_with(path, write_xlsx, region), ".xlsx",
                      [args.folder])
    else:
        if args.format == "json":
            text = json.dumps(to_data(region), ensure_ascii=False, indent=2) + "\n"
        elif args.format == "csv":
            text = render_csv(region)
        elif args.format == "html":
            from clskit._region_html import render_html

            text = render_html(region)
        else:
            text = render_text(region)
        _write_text(args, text, [args.folder])
    for failure in region.failures:
        first = failure.diagnostics[0] if failure.diagnostics else None
        print(f"clskit: {failure.source}: not loaded ({len(failure.diagnostics)} error(s); "
              f"first: {first})", file=sys.stderr)
    return 1 if region.failures else 0


def _cmd_graph(args: argparse.Namespace) -> int:
    from clskit.graph import export_graph
    from clskit.loader import inputs_of

    if args.output == STDOUT and not args.format:
        print("clskit graph: error: -o - needs --format (graphml, gexf, png or svg)",
              file=sys.stderr)
        return 2
    report = _load_or_report(args.path)
    if report is None or report.contract is None:
        print(f"nothing written to {args.output}", file=sys.stderr)
        return 1
    snap = None
    if args.period or args.meeting:  # else the whole record
        snap = _status_snapshot(args, report.contract)
        if snap is None:
            print(f"nothing written to {args.output}", file=sys.stderr)
            return 2
    contract = report.contract
    _write_output(args, lambda path: export_graph(contract, path, args.format, axis=args.axis,
                                                  snapshot=snap),
                  f".{args.format}" if args.format else "", inputs_of(contract))
    _wrote(args)
    return 0


def _cmd_plugins(args: argparse.Namespace) -> int:
    from clskit.plugins import plugins

    current = plugins()
    infos = current.info()
    if args.format == "json":
        payload = {
            "plugins": [
                {"name": i.name, "distribution": i.distribution, "version": i.version,
                 "builtin": i.builtin, "hooks": list(i.hooks),
                 "exporters": [{"name": e.name, "title": e.title, "formats": list(e.formats),
                                "needs": e.needs.value,
                                "description": e.description,
                                "options": [o.to_dict() for o in e.options]}
                               for e in i.exporters],
                 "importers": [{"name": m.name, "title": m.title, "formats": list(m.formats),
                                "target": m.target.value,
                                "description": m.description,
                                "options": [o.to_dict() for o in m.options]}
                               for m in i.importers]}
                for i in infos
            ],
            "problems": [{"plugin": p.plugin, "distribution": p.distribution,
                          "message": p.message} for p in current.problems],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for i in infos:
            origin = "built in" if i.builtin else f"{i.distribution} {i.version}".strip()
            print(f"{i.name} ({origin}) — hooks: {', '.join(i.hooks)}")
            for e in i.exporters:
                print(f"    {e.name:<10} {', '.join(e.formats):<24} {e.title}")
            for m in i.importers:
                print(f"    {m.name:<10} {'reads ' + ', '.join(m.formats):<24} {m.title}")
        for problem in current.problems:
            print(f"BROKEN {problem}")
    return 1 if current.problems else 0


def _needs_default_window(args: argparse.Namespace, chosen: Exporter | None) -> bool:
    from clskit.exporters import Needs

    return (not args.period and not args.meeting and chosen is not None
            and chosen.needs is Needs.SNAPSHOT)


def _export_warning_on_stderr(args: argparse.Namespace, contract: Contract, output: str,
                              using: Plugins, format: str | None = None) -> None:
    """Export, printing the snapshot's warnings as «avertissement : …»."""
    from clskit.exporters import parse_options
    from clskit.plugins import SnapshotWarning, export

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SnapshotWarning)
        try:
            export(args.exporter, contract, output, period=args.period, meeting=args.meeting,
                   options=parse_options(args.option), format=format or args.format,
                   using=using, force=args.force, redact=args.redact)
        finally:
            _warn(str(w.message) for w in caught if issubclass(w.category, SnapshotWarning))
            for w in caught:  # other warnings go on as they came
                if not issubclass(w.category, SnapshotWarning):
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _cmd_export(args: argparse.Namespace) -> int:
    from clskit.plugins import plugins

    if args.all:  # every contract of a folder, in parallel (clskit.batch)
        from clskit.batch import run_command

        return run_command(args)
    current = plugins()
    available = current.exporters()
    report = _load_or_report(args.path)
    if report is None or report.contract is None:
        print("nothing written", file=sys.stderr)
        return 1
    contract = report.contract
    chosen = available.get(args.exporter)
    # A record with no date has no default window: a usage error, before any work.
    if (_needs_default_window(args, chosen[0] if chosen else None)
            and _default_window(contract, "export") is None):
        return 2
    output = args.output
    if output is None:
        extension = (args.format or (chosen[0].formats[0] if chosen else "out"))
        output = f"{contract.id}-{args.exporter}.{extension}"
    if output == STDOUT:
        fmt = (args.format or (chosen[0].formats[0] if chosen else "out")).lower()
        _write_output(args, lambda path: _export_warning_on_stderr(args, contract, str(path),
                                                                   current, fmt),
                      f".{fmt}")
    else:
        _export_warning_on_stderr(args, contract, output, current)
    for problem in current.problems:
        print(f"clskit: warning: {problem}", file=sys.stderr)
    if output != STDOUT:
        print(f"wrote {output}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from clskit.errors import ImportFailed
    from clskit.exporters import parse_options
    from clskit.plugins import import_file, plugins

    current = plugins()
    try:
        done = import_file(args.importer, args.file, to=args.output, into=args.into,
                           overwrite=args.force, options=parse_options(args.option),
                           format=args.format, using=current)
    except ImportFailed as exc:
        from clskit.loader import sorted_by_place

        for d in sorted_by_place(exc.diagnostics):
            print(_line(d), file=sys.stderr)
        errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
        print(f"{_plural(errors, 'error')} in {args.file}: nothing was written",
              file=sys.stderr)
        return 1
    for d in done.diagnostics:
        print(_line(d), file=sys.stderr)
    for problem in current.problems:
        print(f"clskit: warning: {problem}", file=sys.stderr)
    if args.into:
        names = ", ".join(str(f) for f in done.files) or "no file"
        print(f"added {_plural(done.added, 'item')} to {args.into} ({names})")
    else:
        print(f"wrote the workspace {args.output} ({_plural(len(done.files), 'file')})")
    return 0


def _period_text(text: str) -> str:
    """``--period`` as given, once it reads as a period: refused with the words a file's
    period gets (``2023/2021`` ends before it starts; ``202`` is no year)."""
    from clskit.period import Period

    try:
        Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


class _PluginHelp(argparse.Action):
    """``-h``/``--help`` of ``clskit export`` and ``clskit import``: the command's help,
    then, when an exporter (importer) is named before it, that plugin's formats and
    options with their help, defaults and choices (:func:`clskit.exporters.describe`)."""

    def __init__(self, option_strings: Sequence[str], dest: str, kind: str = "exporter",
                 **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show this help; after NAME, that plugin's formats and options",
                         **kwargs)
        self.kind = kind

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        from clskit.exporters import describe
        from clskit.plugins import plugins

        parser.print_help()
        name = getattr(namespace, self.kind, None)
        if name:
            current = plugins()
            found = (current.exporters() if self.kind == "exporter"
                     else current.importers()).get(name)
            print()
            if found is None:
                print(f"no {self.kind} named {name!r}: see clskit plugins")
                parser.exit(2)
            plugin, owner = found
            print(describe(plugin, current.origin(owner)), end="")
        parser.exit()


def _plugin_help(p: argparse.ArgumentParser, kind: str) -> None:
    p.add_argument("-h", "--help", action=_PluginHelp, kind=kind)


def _force(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true",
                   help="replace the output file even when it is read-only")


_OUTPUT_HELP = "; - for standard output"


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clskit",
        description="One record of a Contrat Local de Santé; every document from it.",
    )
    parser.add_argument("--version", action="version", version=f"clskit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="read and check a contract; list every problem")
    p.add_argument("path", help="a contract file (.yaml, .json) or a workspace folder")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--severity", choices=[s.value for s in Severity], default="info",
                   help="least severe diagnostics to show (default: info, all)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("init", help="start a new workspace: commented files, valid at once")
    p.add_argument("folder", help="the new workspace folder (must not exist, or be empty)")
    p.add_argument("--name", help="the contract's name (default: Contrat Local de Santé de "
                   "TERRITORY)")
    p.add_argument("--territory", help="the territory's name (default: the folder's name)")
    p.add_argument("--start", type=int, metavar="YEAR", help="first year (default: this year)")
    p.add_argument("--end", type=int, metavar="YEAR", help="last year (default: START + 4)")
    p.add_argument("--force", action="store_true",
                   help="replace the folder when it exists and is not empty")
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("schema", help="print the JSON Schema of the data format")
    p.add_argument("--collection", choices=COLLECTIONS,
                   help="schema of a file of one workspace list (e.g. actions/*.yaml)")
    p.add_argument("-o", "--output", help="write to this file instead of printing")
    p.add_argument("--write-dir", help="write every schema file into this folder")
    _force(p)
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("status", help="what moved in a period: the snapshot, in French")
    p.add_argument("path", help="a contract file or a workspace folder")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--period", type=_period_text,
                       help="2021-Q4, 2021, 2021-10, 2021-10-01/2021-12-31 "
                       "(default: the quarter of the latest dated fact)")
    group.add_argument("--meeting", help="a meeting id or date: since the previous meeting "
                       "of the same body")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("region", help="roll up every contract of a folder")
    p.add_argument("folder", help="a folder of workspaces and contract files")
    p.add_argument("--format", choices=["text", "json", "csv", "html", "xlsx"],
                   default="text",
                   help="html: a self-contained page with charts; xlsx needs -o")
    p.add_argument("--as-of", type=_iso_date,
                   help="date of the roll-up, YYYY-MM-DD (default: the latest date in the "
                   "records)")
    p.add_argument("-o", "--output", help="write to this file instead of printing")
    p.add_argument("--no-cache", action="store_true",
                   help="read every file again, without the cache of parsed contracts")
    _force(p)
    p.set_defaults(func=_cmd_region)

    p = sub.add_parser("graph", help="the governance graph as GraphML, GEXF, PNG or SVG")
    p.add_argument("path", help="a contract file or a workspace folder")
    p.add_argument("--format", choices=["graphml", "gexf", "png", "svg"],
                   help="default: the output file's extension")
    p.add_argument("-o", "--output", required=True, help="target file" + _OUTPUT_HELP)
    _force(p)
    p.add_argument("--axis", help="an axis id: the partnership network of its fiches action")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--period", type=_period_text,
                       help="count the meetings of this period only "
                       "(default: the whole record)")
    group.add_argument("--meeting", help="count the meetings as of this meeting (id or date)")
    p.set_defaults(func=_cmd_graph)

    p = sub.add_parser("plugins", help="list installed plugins and their exporters")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_plugins)

    p = sub.add_parser("export", help="write a document with an exporter plugin",
                       add_help=False)
    _plugin_help(p, "exporter")
    p.add_argument("exporter", help="the exporter's name (see clskit plugins)")
    p.add_argument("path", help="a contract file or a workspace folder")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--period", type=_period_text,
                       help="the period of the snapshot (2021-Q4, 2021…)")
    group.add_argument("--meeting", help="a meeting id or date: the snapshot as of it")
    p.add_argument("-o", "--output", help="target file (default: CONTRACT-EXPORTER.EXT)"
                   + _OUTPUT_HELP)
    p.add_argument("--format", help="the format to write (default: the file's extension)")
    _force(p)
    p.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                   help="an option of the exporter; repeat for several")
    p.add_argument("--redact", action="store_true",
                   help="people named by their role: no name, e-mail or phone in the "
                   "document, whatever the exporter")
    p.add_argument("--all", action="store_true",
                   help="PATH is a folder of contracts: export each into the folder -o, "
                   "in parallel")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="with --all: worker processes (default: the CPU count)")
    p.add_argument("--no-cache", action="store_true",
                   help="with --all: read every contract again, without the cache")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import", help="read a file (a workbook…) with an importer plugin",
                       add_help=False)
    _plugin_help(p, "importer")
    p.add_argument("importer", help="the importer's name (see clskit plugins)")
    p.add_argument("file", help="the file to read")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="WORKSPACE",
                       help="write a new workspace folder (importers that make a contract)")
    where.add_argument("--into", metavar="WORKSPACE",
                       help="add to this workspace (importers that add journal entries…)")
    p.add_argument("--force", action="store_true",
                   help="replace the -o folder when it exists and is not empty")
    p.add_argument("--format", help="the format to read (default: the file's extension)")
    p.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                   help="an option of the importer; repeat for several")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("dump", help="write a contract as one canonical YAML or JSON file")
    p.add_argument("path", help="a contract file or a workspace folder")
    p.add_argument("-o", "--output", required=True,
                   help="target file (.yaml, .yml, .json)" + _OUTPUT_HELP)
    p.add_argument("--format", choices=["yaml", "json"],
                   help="with -o -: the format to print (default: yaml)")
    _force(p)
    p.set_defaults(func=_cmd_dump)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ClsError as exc:
        print(f"clskit: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``clskit status … | head``): not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"clskit: {exc}", file=sys.stderr)
        return 1
    return code


def run() -> NoReturn:
    """The ``clskit`` command: :func:`main` in a process that ends with it.

    A command is one short process. Python's cyclic collector would walk the growing
    heap (thousands of classes and functions from the imports) again and again while
    the command runs, and all of it once more at exit, for garbage that dies with the
    process anyway: a sixth of a COPIL deck's time (benchmarks/bench_copil.py). The
    record and the documents make next to no reference cycles — ``clskit region`` on
    300 contracts peaks at the same 95 MB with the collector off — so it is off for the
    command's life, and the heap is frozen (left to the end of the process) before the
    interpreter shuts down. ``main()``, called from Python, keeps the usual collector.
    """
    gc.disable()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
