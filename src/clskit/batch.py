"""Export every contract of a folder at once, in parallel processes.

A script that makes every territory's COPIL deck, or an ARS that wants every review,
runs one exporter over a folder of a few hundred contracts. Each contract is one job,
done in a pool of worker processes (a deck is CPU work in Python: threads would share
one core); one output per contract, named after its source (``cls-0004`` →
``cls-0004-copil.pptx``). A contract that fails (its record has errors, the exporter
fails) is reported with its first message and the others go on.

Stopping (Ctrl-C, or SIGTERM) is clean: each output is written through a temporary file
renamed into place when whole (:mod:`clskit._atomic`), workers turn SIGTERM into the
same :class:`KeyboardInterrupt` as Ctrl-C so that the temporary file is removed, and
the outputs already finished are kept.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

from attrs import define, field

from clskit.region import sources


@define(frozen=True)
class ContractResult:
    """What became of one contract of the folder.

    ``messages`` are, for a failure, the errors (the first one first), else the
    warnings of the export (a period outside the contract). ``peak_rss_mb`` is the
    worker process's peak resident memory once this contract was done.
    """

    source: str
    output: Path | None
    ok: bool
    messages: tuple[str, ...] = ()
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    worker: int = 0

    @property
    def first_message(self) -> str:
        return self.messages[0] if self.messages else ""


@define(frozen=True)
class _Job:
    source: str
    path: str
    output: str
    exporter: str
    period: str | None
    meeting: str | None
    options: Mapping[str, str] = field(factory=dict)
    format: str | None = None
    force: bool = False
    cache: bool = True
    redact: bool = False


class Interrupted(KeyboardInterrupt):
    """Raised by :func:`export_all` when stopped: ``results`` holds what was done."""

    def __init__(self, results: list[ContractResult]) -> None:
        super().__init__("interrupted")
        self.results = results


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this system
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds the job like KeyboardInterrupt (every ``finally`` runs: the
    # output's temporary file is removed) and ends the worker without a traceback.
    raise SystemExit(128 + signum)


def _init_worker() -> None:
    """Import what every job needs once; make Ctrl-C and SIGTERM stop a job cleanly."""
    import gc

    signal.signal(signal.SIGTERM, _stop_worker)
    signal.signal(signal.SIGINT, _stop_worker)
    from clskit.plugins import plugins

    plugins()
    # What the imports made lives as long as the worker: out of the collector's way.
    gc.collect()
    gc.freeze()


def _run_job(job: _Job) -> ContractResult:
    """One contract: read (through the cache unless asked not to), check, export."""
    from clskit.diagnostics import Severity
    from clskit.errors import ClsError
    from clskit.loader import validate
    from clskit.plugins import SnapshotWarning, export

    start = time.perf_counter()
    worker = os.getpid()

    def done(ok: bool, messages: Iterable[str], output: Path | None = None) -> ContractResult:
        return ContractResult(job.source, output, ok, tuple(messages),
                              round(time.perf_counter() - start, 3), round(_peak_rss_mb(), 1),
                              worker)

    try:
        if job.cache:
            from clskit.cache import ContractCache

            report = ContractCache().report(job.path)
        else:
            report = validate(job.path)
        if report.contract is None or not report.ok:
            errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
            return done(False, [str(d) for d in errors] or ["the record could not be read"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SnapshotWarning)
            written = export(job.exporter, report.contract, job.output, period=job.period,
                             meeting=job.meeting, options=job.options, format=job.format,
                             force=job.force, redact=job.redact)
        notes = [str(w.message) for w in caught if issubclass(w.category, SnapshotWarning)]
        return done(True, notes, written)
    except ClsError as exc:
        return done(False, [str(exc)])
    except OSError as exc:
        return done(False, [f"{type(exc).__name__}: {exc}"])
    except Exception as exc:  # a bug of a plugin or of clskit: reported, the batch goes on
        return done(False, [f"{type(exc).__name__}: {exc}"])


def _output_names(paths: Sequence[Path], exporter: str, extension: str) -> list[str]:
    """``STEM-EXPORTER.EXT`` per source; the full name when two sources share a stem
    (``a.yaml`` and ``a/``)."""
    stems = [p.stem if p.is_file() else p.name for p in paths]
    return [f"{stem if stems.count(stem) == 1 else p.name}-{exporter}.{extension}"
            for stem, p in zip(stems, paths, strict=True)]


def export_all(
    exporter: str,
    folder: str | os.PathLike[str],
    to: str | os.PathLike[str],
    *,
    period: str | None = None,
    meeting: str | dt.date | None = None,
    options: Mapping[str, str] | None = None,
    format: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    cache: bool = True,
    redact: bool = False,
    on_result: Callable[[ContractResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> list[ContractResult]:
    """Export every contract of ``folder`` (its workspaces and contract files, as
    :func:`clskit.load_region` finds them) with ``exporter`` into the folder ``to``.

    ``jobs`` worker processes (default: the CPU count; 0 works in this process). Returns
    one :class:`ContractResult` per contract, in the folder's order; a failing contract
    never stops the others. ``redact``: every output made from a redacted copy of its
    record, as :func:`clskit.export` does (people named by their role or organisation).
    ``on_start(total)`` and ``on_result(result)`` follow the work as it goes (a progress
    bar). Raises :class:`Interrupted` (a ``KeyboardInterrupt`` holding the results so
    far) when stopped; no partial file is left, the finished outputs are kept.
    """
    from clskit.plugins import plugins

    chosen = plugins().exporters().get(exporter)
    if chosen is None:
        from clskit.errors import ExportError

        known = ", ".join(sorted(plugins().exporters())) or "none"
        raise ExportError(f"no exporter named {exporter!r} (installed: {known})")
    extension = (format or chosen[0].formats[0]).lower()
    target = Path(to)
    target.mkdir(parents=True, exist_ok=True)
    paths = sources(folder)
    names = _output_names(paths, exporter, extension)
    work = [_Job(p.name, str(p), str(target / name), exporter, period,
                 str(meeting) if meeting is not None else None, dict(options or {}), format,
                 force, cache, redact) for p, name in zip(paths, names, strict=True)]
    if on_start is not None:
        on_start(len(work))
    count = jobs if jobs is not None else (os.cpu_count() or 1)
    results: dict[str, ContractResult] = {}

    def record(result: ContractResult) -> None:
        results[result.source] = result
        if on_result is not None:
            on_result(result)

    try:
        if count <= 0 or len(work) <= 1:
            for job in work:
                record(_run_job(job))
        else:
            _in_pool(work, min(count, len(work)), record)
    except KeyboardInterrupt:
        raise Interrupted([results[j.source] for j in work if j.source in results]) from None
    return [results[j.source] for j in work]


def _in_pool(work: list[_Job], count: int, record: Callable[[ContractResult], None]) -> None:
    # Spawned, not forked: the parent may run threads (the progress bar's), and a
    # forked child of a threaded process can deadlock.
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(count, initializer=_init_worker)
    try:
        for result in pool.imap_unordered(_run_job, work, chunksize=1):
            record(result)
        pool.close()
    except BaseException:
        # SIGTERM to every worker: each stops its job as on Ctrl-C (the temporary file
        # of the output it was writing removed) and exits.
        pool.terminate()
        raise
    finally:
        pool.join()


class _Plain:
    """Progress for a log: one line per contract."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        print(f"exporting {total} contract(s)", file=self.out, flush=True)

    def result(self, result: ContractResult) -> None:
        self.done += 1
        what = f"wrote {result.output}" if result.ok else f"FAILED: {result.first_message}"
        print(f"[{self.done}/{self.total}] {result.source}: {what} ({result.seconds:.1f} s)",
              file=self.out, flush=True)

    def stop(self) -> None:
        pass


class _Bar:
    """Progress for a person at a terminal: rich's bar, failures printed above it."""

    def __init__(self, out: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(file=out)
        self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
                                 console=self.console, transient=False)
        self.task: Any = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("export", total=total, last="")

    def result(self, result: ContractResult) -> None:
        if not result.ok:
            self.progress.console.print(f"[red]échec[/red] {result.source}: "
                                        f"{result.first_message}", markup=True,
                                        highlight=False)
        self.progress.update(self.task, advance=1, last=result.source)

    def stop(self) -> None:
        self.progress.stop()


def run_command(args: Any) -> int:
    """``clskit export NAME DIR --all -o OUTDIR``: the batch, its progress, its summary.

    Exit 0 when every contract was exported, 1 when some failed (each listed with its
    first message), 2 for a usage mistake, 130 when interrupted.
    """
    from clskit.errors import ClsError
    from clskit.exporters import parse_options

    folder = Path(args.path)
    if not folder.is_dir():
        print(f"clskit export: error: --all needs a folder of contracts, not {folder}",
              file=sys.stderr)
        return 2
    if not args.output or args.output == "-":
        print("clskit export: error: --all needs -o OUTDIR, the folder to write into",
              file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(f"clskit export: error: {out} is not a folder", file=sys.stderr)
        return 2
    resolved, source = out.resolve(), folder.resolve()
    if resolved == source or source in resolved.parents:
        print(f"clskit export: error: {out} lies inside {folder}: outputs there would be "
              "read as part of the contracts; write them outside", file=sys.stderr)
        return 2
    progress: _Plain | _Bar = _Bar(sys.stderr) if sys.stderr.isatty() else _Plain(sys.stdout)
    total = [0]

    def start(count: int) -> None:
        total[0] = count
        progress.start(count)

    try:
        results = export_all(args.exporter, folder, out, period=args.period,
                             meeting=args.meeting, options=parse_options(args.option),
                             format=args.format, jobs=args.jobs, force=args.force,
                             cache=not getattr(args, "no_cache", False),
                             redact=getattr(args, "redact", False), on_start=start,
                             on_result=progress.result)
    except Interrupted as stop:
        progress.stop()
        print(f"clskit export: interrupted after {len(stop.results)} of {total[0]} "
              "contract(s); the outputs finished are kept, no partial file is left",
              file=sys.stderr)
        return 130
    except ClsError as exc:
        progress.stop()
        print(f"clskit: {exc}", file=sys.stderr)
        return 1
    progress.stop()
    failed = [r for r in results if not r.ok]
    written = len(results) - len(failed)
    print(f"{written} of {len(results)} contract(s) exported to {out}")
    for result in results:
        if result.ok:
            for message in result.messages:
                print(f"avertissement : {result.source}: {message}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} contract(s) failed:", file=sys.stderr)
        for result in failed:
            print(f"  {result.source}: {result.first_message}", file=sys.stderr)
        return 1
    return 0


__all__ = ["ContractResult", "Interrupted", "export_all", "run_command"]
