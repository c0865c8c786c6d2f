"""What a plugin declares to write documents: exporters, their options, sections."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field

from clskit._records import FrozenRecord
from clskit.errors import ExportError

if TYPE_CHECKING:
    from clskit.importers import Importer
    from clskit.model import Contract
    from clskit.plugins import Plugins
    from clskit.snapshot import Snapshot


class Needs(Enum):
    """What an exporter reads: the whole contract, or a snapshot of a period."""

    CONTRACT = "contract"
    SNAPSHOT = "snapshot"


@define(frozen=True, eq=False, repr=False)
class Option(FrozenRecord):
    """An option of an exporter, given as ``--option name=value``."""

    name: str
    """What users type before ``=``: ``--option template=ours.pptx``."""
    help: str
    """One line saying what it does, shown by ``clskit export NAME --help``."""
    default: str | None = None
    """The value used when the option is not given (``None``: no value)."""
    choices: tuple[str, ...] = ()
    """The values it accepts, when it accepts only some (others are refused before any
    work)."""

    def to_dict(self) -> dict[str, Any]:
        """The option as data: ``clskit plugins --format json`` lists it so."""
        return {"name": self.name, "help": self.help, "default": self.default,
                "choices": list(self.choices)}


@define(frozen=True, eq=False, repr=False)
class Section(FrozenRecord):
    """A piece another plugin adds to a document: a title and its content.

    Exporters render what they can of it: ``paragraphs`` as text, ``items`` as bullets,
    ``table`` (a header row then rows) as a table. ``notes`` go to speaker notes or to
    a footnote.
    """

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    notes: str | None = None
    after: str | None = field(default=None)  # the name of a section it should follow


@define(frozen=True, eq=False, repr=False)
class ExportRequest(FrozenRecord):
    """Everything a write function receives."""

    exporter: Exporter
    contract: Contract
    snapshot: Snapshot | None
    format: str
    options: Mapping[str, str]
    plugins: Plugins

    def sections(self) -> list[Section]:
        """Sections other plugins contribute to this document (``clskit_sections``)."""
        return self.plugins.sections(self)


WriteFunction = Callable[[ExportRequest, Path], None]


@define(frozen=True, eq=False, repr=False)
class Exporter(FrozenRecord):
    """A kind of document clskit can write.

    ``write(request, path)`` writes the file at ``path`` (a temporary file beside the
    target: clskit renames it into place once ``write`` returns, and removes it when
    ``write`` raises). ``write`` may be a callable or ``"package.module:function"``,
    imported only when a document is actually written.
    """

    name: str
    title: str
    formats: tuple[str, ...]
    write: WriteFunction | str
    needs: Needs = Needs.SNAPSHOT
    options: tuple[Option, ...] = ()
    description: str = ""

    def resolve(self) -> WriteFunction:
        """The write function, imported if it was named."""
        if not isinstance(self.write, str):
            return self.write
        function: WriteFunction = import_named(self.write, f"exporter {self.name!r}",
                                               ExportError)
        return function

    def check_options(self, given: Mapping[str, str]) -> dict[str, str]:
        """``given`` completed with defaults; an unknown option or value is an error."""
        return check_option_values(f"exporter {self.name!r}", self.options, given)


def import_named(name: str, owner: str, error: type[Exception]) -> Any:
    """The object ``"package.module:attribute"`` names, imported now; ``error`` naming
    ``owner`` when it cannot be (exporters and importers name their functions so)."""
    module_name, _, attribute = name.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise error(f"{owner}: cannot import {name!r}: {exc}") from exc


def check_option_values(owner: str, options: Sequence[Option],
                        given: Mapping[str, str]) -> dict[str, str]:
    """``given`` completed with the defaults of ``options``; an unknown option or a value
    outside its choices raises :class:`~clskit.errors.ExportError` naming ``owner``."""
    known = {o.name: o for o in options}
    for name, value in given.items():
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            raise ExportError(f"{owner} has no option {name!r} (its options: {names})")
        choices = known[name].choices
        if choices and value not in choices:
            raise ExportError(f"option {name!r} of {owner.split(' ', 1)[-1]} takes one of "
                              f"{', '.join(choices)}, not {value!r}")
    values = {o.name: o.default for o in options if o.default is not None}
    values.update(given)
    return values


def describe(plugin: Exporter | Importer, origin: str = "") -> str:
    """What ``clskit export NAME --help`` (or ``clskit import NAME --help``) prints after
    the command's own help: the exporter's or importer's title, formats, what it reads
    or makes, and each option with its help, default and choices."""
    from clskit.importers import Importer

    reading = isinstance(plugin, Importer)
    lines = [f"{'importer' if reading else 'exporter'} {plugin.name!r}: {plugin.title}"
             + (f" ({origin})" if origin else "")]
    if plugin.description:
        lines.append(f"  {plugin.description}")
    lines.append(f"  {'reads' if reading else 'writes'}: {', '.join(plugin.formats)}"
                 f" (default: {'the file' if reading else 'the output'}'s extension, else "
                 f"{plugin.formats[0]})")
    if isinstance(plugin, Importer):
        lines.append("  makes: " + ("a new workspace (-o WORKSPACE)"
                                    if plugin.target.value == "contract"
                                    else "additions to a workspace (--into WORKSPACE)"))
    else:
        lines.append("  reads: " + ("a period's snapshot (--period or --meeting; default: "
                                    "the quarter of the latest dated fact)"
                                    if plugin.needs is Needs.SNAPSHOT else "the contract"))
    if not plugin.options:
        lines.append("  options: none")
    else:
        lines.append("  options (--option NAME=VALUE):")
        for o in plugin.options:
            facts = []
            if o.choices:
                facts.append("one of " + ", ".join(o.choices))
            if o.default is not None:
                facts.append(f"default: {o.default or chr(34) * 2}")
            extra = f" ({'; '.join(facts)})" if facts else ""
            lines.append(f"    {o.name:<14} {o.help}{extra}")
    return "\n".join(lines) + "\n"


def parse_options(pairs: Sequence[str]) -> dict[str, str]:
    """``["theme=dark", "redact"]`` → ``{"theme": "dark", "redact": "true"}``."""
    options: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not name:
            raise ExportError(f"option {pair!r}: write name=value")
        options[name.strip()] = value.strip() if sep else "true"
    return options


__all__ = ["ExportRequest", "Exporter", "Needs", "Option", "Section", "WriteFunction",
           "check_option_values", "describe", "parse_options"]
