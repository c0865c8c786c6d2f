"""Plugins: discovery through the ``clskit`` entry-point group, listing, and export.

The core's own exporters (YAML/JSON dump, graph) are plugins registered the same way a
territory's are, from :data:`DEFAULT_PLUGINS`. The variable ``CLSKIT_LOAD_PLUGINS``
restricts which installed plugins load: a comma-separated list of their names, empty
for none (the default plugins always load).

A plugin that cannot be imported, or that raises in a hook, is reported with its name
and distribution; the other plugins keep working.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import os
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pluggy
from attrs import define, field

from clskit import hookspecs
from clskit._atomic import atomic_path, check_target
from clskit._entry_points import entry_points
from clskit._records import FrozenRecord
from clskit.diagnostics import Diagnostic, Location, Severity
from clskit.errors import ClsError, ExportError, ImportFailed
from clskit.exporters import Exporter, ExportRequest, Needs, Section
from clskit.importers import Importer, ImportRequest, ImportResult, ImportTarget
from clskit.model import Contract
from clskit.period import Period

if typing.TYPE_CHECKING:
    from clskit.checks import Rule
    from clskit.snapshot import Snapshot

ENV_LOAD = "CLSKIT_LOAD_PLUGINS"
GROUP = "clskit"
DEFAULT_PLUGINS = ("clskit._builtin.dump", "clskit._builtin.graph")


@define(frozen=True, eq=False, repr=False)
class PluginProblem(FrozenRecord):
    """A plugin that failed to load, or a hook of it that raised."""

    plugin: str
    distribution: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.distribution}): {self.message}"


@define(frozen=True, eq=False, repr=False)
class PluginInfo(FrozenRecord):
    """What ``clskit plugins`` shows of one plugin."""

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...]
    exporters: tuple[Exporter, ...]
    importers: tuple[Importer, ...] = ()


@define
class Plugins:
    """A plugin manager with the origin of each plugin and the problems met."""

    manager: pluggy.PluginManager
    origins: dict[str, tuple[str, str]] = field(factory=dict)
    problems: list[PluginProblem] = field(factory=list)

    def origin(self, name: str) -> str:
        dist, version = self.origins.get(name, ("unknown distribution", ""))
        return f"{dist} {version}".strip()

    def register(self, plugin: object, name: str, distribution: str = "registered in code",
                 version: str = "") -> bool:
        """Register a plugin object or module (tests register plugins this way).

        Returns ``False`` when that plugin is already registered (an installed plugin
        loaded through its entry point): it is then kept under its first name.
        """
        if self.manager.is_registered(plugin):
            return False
        self.manager.register(plugin, name=name)
        self.origins[name] = (distribution, version)
        self._check_hooks(plugin, name)
        return True

    def problem(self, plugin: str, message: str) -> None:
        """Record a problem of ``plugin`` (once: the same problem met again is not
        repeated), named with its distribution."""
        found = PluginProblem(plugin, self.origin(plugin), message)
        if found not in self.problems:
            self.problems.append(found)

    def _check_hooks(self, plugin: object, name: str) -> None:
        """A plugin's silent mistakes, said at registration: a function marked
        ``@hookimpl`` whose name is no hook (``clskit_exporter``), or a plugin that
        implements no hook at all (the ``@hookimpl`` marks forgotten)."""
        known = set(hook_names())
        callers = self.manager.get_hookcallers(plugin) or []
        for caller in callers:
            if caller.name not in known:
                close = difflib.get_close_matches(caller.name, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.problem(name, f"{caller.name!r} is not a clskit hook{hint}; it is "
                             f"never called (hooks: {', '.join(sorted(known))})")
        if not callers:
            self.problem(name, "implements no hook: mark its functions with "
                         "@clskit.hookimpl (hooks: " + ", ".join(sorted(known)) + ")")

    def unregister(self, name: str) -> None:
        self.manager.unregister(name=name)
        self.origins.pop(name, None)

    def each(self, hook: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Call ``hook`` plugin by plugin; a plugin that raises is recorded, not fatal."""
        for impl in reversed(getattr(self.manager.hook, hook).get_hookimpls()):
            try:
                yield impl.plugin_name, impl.function(**kwargs)
            except Exception as exc:  # a third party's bug must not stop the others
                self.problems.append(PluginProblem(
                    impl.plugin_name, self.origin(impl.plugin_name),
                    f"{hook} raised {type(exc).__name__}: {exc}"))

    def _items(self, hook: str, kind: type[Any], what: str) -> Iterator[tuple[str, Any]]:
        """``(plugin, item)`` for each item the plugins' ``hook`` returns, in the order the
        plugins were registered (the built-in ones first); a result that is not a list
        of ``kind`` is a problem of its plugin, and its wrong items are left out."""
        results = list(self.each(hook))
        order = {name: i for i, (name, _) in enumerate(self.manager.list_name_plugin())}
        for plugin, batch in sorted(results, key=lambda r: order.get(r[0], len(order))):
            if batch is None:
                continue
            if isinstance(batch, kind | str | bytes | Mapping) or not isinstance(batch,
                                                                             Iterable):
                self.problem(plugin, f"{hook} returned {type(batch).__name__}, not a list "
                             f"of {kind.__name__}: return [{kind.__name__}(...), ...]")
                continue
            for item in batch:
                if not isinstance(item, kind):
                    self.problem(plugin, f"{hook} returned a {type(item).__name__} among "
                                 f"its {what}, not a {kind.__name__}: it is left out")
                    continue
                yield plugin, item

    def _by_name(self, hook: str, kind: type[Any], what: str,
                 key: Callable[[Any], str]) -> dict[str, tuple[Any, str]]:
        """Items by name with the plugin providing each: on a clash, the plugin
        registered first (a built-in one) keeps the name and the other is a problem."""
        found: dict[str, tuple[Any, str]] = {}
        for plugin, item in self._items(hook, kind, what):
            name = key(item)
            if name in found:
                owner = found[name][1]
                if owner != plugin:
                    self.problem(plugin, f"{what[:-1]} {name!r} clashes with the one of "
                                 f"plugin {owner!r} ({self.origin(owner)}), which is kept: "
                                 "choose another name")
                continue
            found[name] = (item, plugin)
        return found

    def exporters(self) -> dict[str, tuple[Exporter, str]]:
        """Every exporter by name, with the plugin that provides it. A name given twice
        stays with the plugin registered first (the built-in ``yaml``, ``json``,
        ``graph``); the other is reported in :attr:`problems`."""
        return self._by_name("clskit_exporters", Exporter, "exporters", lambda e: e.name)

    def importers(self) -> dict[str, tuple[Importer, str]]:
        """Every importer by name, with the plugin that provides it (as
        :meth:`exporters`: the first registered keeps a name)."""
        return self._by_name("clskit_importers", Importer, "importers", lambda i: i.name)

    def rules(self) -> list[Rule]:
        """The plugins' check rules, each guarded: a rule that raises, or yields a
        finding that is not ``(path, message)``, is a problem of its plugin (one line)
        and the other rules go on. An id that clashes with a built-in rule (``CLS…``) or
        another plugin's is a problem too, and that rule is not run."""
        from clskit.checks import Rule, rules

        builtin = {r.id for r in rules()}
        found = self._by_name("clskit_rules", Rule, "rules", lambda r: r.id)
        out = []
        for rule_id, (rule, plugin) in found.items():
            if rule_id in builtin:
                self.problem(plugin, f"rule {rule_id!r} clashes with a built-in rule of "
                             "clskit: it is not run; use your own prefix (T77-001)")
                continue
            out.append(rule.guarded(lambda message, p=plugin: self.problem(p, message)))
        return out

    def sections(self, request: ExportRequest) -> list[Section]:
        sections: list[Section] = []
        for impl in reversed(self.manager.hook.clskit_sections.get_hookimpls()):
            try:
                batch = impl.function(exporter=request.exporter.name,
                                      contract=request.contract, snapshot=request.snapshot,
                                      options=request.options)
            except Exception as exc:
                raise ExportError(
                    f"plugin {impl.plugin_name!r} ({self.origin(impl.plugin_name)}) failed "
                    f"adding sections to {request.exporter.name!r}: "
                    f"{type(exc).__name__}: {exc}") from exc
            sections.extend(typing.cast("Sequence[Section]", batch or ()))
        return sections

    def info(self) -> list[PluginInfo]:
        exporters = self.exporters()
        importers = self.importers()
        out = []
        for name, plugin in sorted(self.manager.list_name_plugin(), key=lambda np: np[0]):
            if plugin is None:
                continue
            dist, version = self.origins.get(name, ("unknown", ""))
            hooks = tuple(sorted(c.name for c in self.manager.get_hookcallers(plugin) or ()))
            out.append(PluginInfo(
                name=name, distribution=dist, version=version,
                builtin=name in {m.rsplit(".", 1)[-1] for m in DEFAULT_PLUGINS}
                and dist == "clskit",
                hooks=hooks,
                exporters=tuple(e for e, p in exporters.values() if p == name),
                importers=tuple(i for i, p in importers.values() if p == name),
            ))
        return out


def _allowed() -> set[str] | None:
    value = os.environ.get(ENV_LOAD)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def load_plugins(installed: bool = True) -> Plugins:
    """A fresh plugin manager: the default plugins, then (with ``installed``) the plugins
    installed in the ``clskit`` entry-point group. Tests of a plugin start from
    ``load_plugins(installed=False)`` and register the plugin under test."""
    from clskit import __version__

    manager = pluggy.PluginManager(hookspecs.NAME)
    manager.add_hookspecs(hookspecs)
    plugins = Plugins(manager)
    for module_name in DEFAULT_PLUGINS:
        plugins.register(importlib.import_module(module_name), module_name.rsplit(".", 1)[-1],
                         "clskit", __version__)
    allowed = _allowed() if installed else set()
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        if allowed is not None and ep.name not in allowed:
            continue
        dist = ep.dist.name if ep.dist else "unknown distribution"
        version = ep.dist.version if ep.dist else ""
        if manager.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # any import-time failure of a third party
            plugins.problems.append(PluginProblem(
                ep.name, f"{dist} {version}".strip(),
                f"cannot be imported: {type(exc).__name__}: {exc}"))
            continue
        plugins.register(plugin, ep.name, dist, version)
    return plugins


_PLUGINS: Plugins | None = None


def plugins() -> Plugins:
    """The process-wide plugins, loaded on first use."""
    global _PLUGINS
    if _PLUGINS is None:
        _PLUGINS = load_plugins()
    return _PLUGINS


@contextmanager
def registered(plugin: object, name: str) -> Iterator[Plugins]:
    """Register ``plugin`` for the duration of a ``with`` block (for tests)."""
    current = plugins()
    added = current.register(plugin, name)
    try:
        yield current
    finally:
        if added:
            current.unregister(name)


def export(
    exporter: str,
    contract: Contract,
    to: str | os.PathLike[str],
    *,
    period: Period | str | None = None,
    meeting: str | dt.date | None = None,
    options: Mapping[str, str] | None = None,
    format: str | None = None,
    using: Plugins | None = None,
    force: bool = False,
    redact: bool = False,
) -> Path:
    """Write ``contract`` with the exporter named ``exporter`` to ``to``, atomically.

    With ``redact`` (``clskit export --redact``), the exporter sees
    :func:`clskit.redact.redact`'s copy of the record, and the snapshot of that copy:
    people are named by their role, their e-mails and phones are gone, whatever the
    exporter. An exporter's own ``redact`` option (the deck's, the review's) is an alias.

    ``period`` or ``meeting`` choose the snapshot (default: the quarter of the latest
    dated fact); ``options`` are the exporter's; ``format`` defaults to the file's
    extension. The snapshot's warnings (a period outside the contract) are issued as
    :class:`SnapshotWarning`. Raises :class:`~clskit.errors.ExportError`, naming the
    plugin, when anything fails; the target is then left as it was.

    ``to`` may not be a file ``contract`` was loaded from nor lie inside its workspace,
    nor be a symbolic link, a folder or a device; a read-only file is replaced only with
    ``force`` (:class:`~clskit.errors.ExportError` otherwise, before any work).
    """
    from clskit.loader import inputs_of

    current = using or plugins()
    available = current.exporters()
    if exporter not in available:
        names = ", ".join(sorted(available)) or "none"
        broken = [p for p in current.problems if p.plugin == exporter]
        hint = f"; {broken[0]}" if broken else ""
        raise ExportError(f"no exporter named {exporter!r} (installed: {names}){hint}")
    chosen, plugin_name = available[exporter]
    target = check_target(to, inputs_of(contract), force=force)
    fmt = (format or target.suffix.lstrip(".") or chosen.formats[0]).lower()
    if fmt not in chosen.formats:
        raise ExportError(f"exporter {exporter!r} writes {', '.join(chosen.formats)}, "
                          f"not {fmt!r}")
    values = chosen.check_options(options or {})
    if "redact" in values and any(o.name == "redact" for o in chosen.options):
        # The exporter's option, kept as an alias: the core redacts, the exporter is told
        # not to do it again (it would rename the labels a second time).
        redact = redact or values["redact"].strip().lower() in {"true", "yes", "oui", "1",
                                                                  "on"}
        values["redact"] = "false"
    if redact:
        from clskit.redact import redact as redacted

        contract = redacted(contract)
    snap = None
    # A contract-level exporter still gets the snapshot when a period is asked for.
    if chosen.needs is Needs.SNAPSHOT or period is not None or meeting is not None:
        snap = _export_snapshot(contract, period, meeting)
    write = chosen.resolve()
    request = ExportRequest(chosen, contract, snap, fmt, values, current)
    origin = current.origin(plugin_name)
    try:
        with atomic_path(target) as temporary:
            write(request, temporary)
            if not temporary.exists() or temporary.stat().st_size == 0:
                raise ExportError(f"plugin {plugin_name!r} ({origin}): its write function "
                                  f"left {target.name} empty (it must write the file at the "
                                  "path it is given); nothing was written")
    except ExportError:
        raise
    except Exception as exc:
        raise ExportError(f"plugin {plugin_name!r} ({origin}) failed writing {target.name}: "
                          f"{type(exc).__name__}: {exc}; nothing was written") from exc
    return target


class SnapshotWarning(UserWarning):
    """What a reader of an export should know about its window (a period outside the
    contract): the snapshot's warnings, in French. ``clskit export`` prints them as
    «avertissement : …» and goes on."""


def _export_snapshot(contract: Contract, period: Period | str | None,
                     meeting: str | dt.date | None) -> Snapshot:
    """The snapshot an export reads; the warnings of a window asked for are issued as
    :class:`SnapshotWarning`.

    Raises :class:`~clskit.errors.ExportError` for an unknown meeting, a bad period, or,
    with neither, a record with no date to choose a default period from.
    """
    from clskit.snapshot import default_period, snapshot

    try:
        if meeting is not None:
            snap = snapshot(contract, meeting=meeting)
        else:
            snap = snapshot(contract, period or default_period(contract))
    except (KeyError, ValueError) as exc:
        raise ExportError(str(exc.args[0] if exc.args else exc)) from None
    if meeting is not None or period:  # a default window is the record's own present
        for message in snap.warnings:
            warnings.warn(message, SnapshotWarning, stacklevel=3)
    return snap


def _importer(name: str, current: Plugins) -> tuple[Importer, str]:
    available = current.importers()
    if name not in available:
        names = ", ".join(sorted(available)) or "none"
        broken = [p for p in current.problems if p.plugin == name]
        hint = f"; {broken[0]}" if broken else ""
        raise ClsError(f"no importer named {name!r} (installed: {names}){hint}")
    return available[name]


def read_import(
    importer: str,
    source: str | os.PathLike[str],
    *,
    into: Contract | None = None,
    options: Mapping[str, str] | None = None,
    format: str | None = None,
    using: Plugins | None = None,
) -> ImportResult:
    """Read ``source`` with the importer named ``importer``; nothing is written.

    ``into`` is the contract that additions are meant for (see
    :class:`~clskit.importers.ImportRequest`). Raises
    :class:`~clskit.errors.ImportFailed` with every placed problem when the file has an
    error; the result's warnings are in its ``diagnostics``.
    """
    current = using or plugins()
    chosen, plugin_name = _importer(importer, current)
    path = Path(source)
    fmt = (format or path.suffix.lstrip(".") or chosen.formats[0]).lower()
    if fmt not in chosen.formats:
        raise ClsError(f"importer {importer!r} reads {', '.join(chosen.formats)}, "
                       f"not {fmt!r}")
    if not path.is_file():
        raise ImportFailed([Diagnostic("CLS001", Severity.ERROR, "no such file",
                                       Location(str(path)))], str(path))
    values = chosen.check_options(options or {})
    read = chosen.resolve()
    request = ImportRequest(chosen, path, fmt, values, current, into)
    try:
        result = read(request)
    except ClsError:
        raise
    except Exception as exc:
        raise ClsError(f"plugin {plugin_name!r} ({current.origin(plugin_name)}) failed "
                       f"reading {path.name}: {type(exc).__name__}: {exc}; nothing was "
                       "written") from exc
    if not result.ok:
        raise ImportFailed(result.diagnostics, str(path))
    if chosen.target is ImportTarget.CONTRACT and result.contract is None:
        raise ClsError(f"importer {importer!r} returned no contract for {path.name}")
    if chosen.target is ImportTarget.ADDITIONS and result.additions is None:
        raise ClsError(f"importer {importer!r} returned no additions for {path.name}")
    return result


@define(frozen=True, eq=False, repr=False)
class Imported(FrozenRecord):
    """What :func:`import_file` did: the files it wrote, the number of items added (for
    additions) and the warnings met on the way."""

    files: tuple[Path, ...]
    added: int
    diagnostics: tuple[Diagnostic, ...]


def import_file(
    importer: str,
    source: str | os.PathLike[str],
    *,
    to: str | os.PathLike[str] | None = None,
    into: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    options: Mapping[str, str] | None = None,
    format: str | None = None,
    using: Plugins | None = None,
) -> Imported:
    """Import ``source``: as a new workspace at ``to`` (an importer that makes a contract,
    :func:`~clskit.workspace.write_workspace`), or as additions to the workspace at
    ``into`` (:func:`~clskit.workspace.add_to_workspace`).

    The new workspace, or the workspace with its additions, must validate: otherwise
    :class:`~clskit.errors.ImportFailed` is raised and nothing is written.
    """
    from clskit.loader import load
    from clskit.workspace import add_to_workspace, write_workspace

    current = using or plugins()
    chosen, _ = _importer(importer, current)
    _spare_source(source, to if chosen.target is ImportTarget.CONTRACT else into)
    if chosen.target is ImportTarget.CONTRACT:
        if to is None:
            raise ClsError(f"importer {importer!r} makes a new workspace: give its folder "
                           "(-o WORKSPACE)")
        result = read_import(importer, source, options=options, format=format, using=current)
        assert result.contract is not None
        report = write_workspace(result.contract, to, overwrite=overwrite,
                                 what=f"import {importer}")
        files = tuple(sorted(p for p in Path(to).rglob("*") if p.is_file()))
        shown = (d for d in report.diagnostics if d.severity is not Severity.INFO)
        return Imported(files, 0, (*result.diagnostics, *shown))
    if into is None:
        raise ClsError(f"importer {importer!r} adds to a workspace: give it (--into "
                       "WORKSPACE)")
    contract = load(into)
    result = read_import(importer, source, into=contract, options=options, format=format,
                         using=current)
    assert result.additions is not None
    written, added = add_to_workspace(into, result.additions.name, result.additions.items,
                                      result.additions.extensions)
    return Imported(tuple(written), added, result.diagnostics)


def _spare_source(source: str | os.PathLike[str],
                  workspace: str | os.PathLike[str] | None) -> None:
    """Refuse to import a file into the workspace folder it lies in: ``-o --force``
    replaces that folder whole, and additions rewrite its files."""
    if workspace is None:
        return
    folder, path = Path(workspace).resolve(), Path(source).resolve()
    if path == folder or folder in path.parents:
        from clskit._atomic import UnsafeTarget

        raise UnsafeTarget(f"{source}: lies inside the workspace {workspace} it is imported "
                           "into, which the import rewrites: move it out first; nothing "
                           "was written")


def hook_names() -> list[str]:
    """The names of the hooks a plugin may implement."""
    return sorted(n for n in dir(hookspecs) if n.startswith("clskit_"))

