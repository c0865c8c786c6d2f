"""The hooks a clskit plugin may implement. Four, on one screen.

A plugin is a module (or an object) with functions marked ``@hookimpl`` whose names
and parameters match these specifications; it is found through the ``clskit``
entry-point group. See ``docs/plugins.md``.
"""

# Specifications have no body: pluggy only reads their names and parameters.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

if TYPE_CHECKING:
    from clskit.checks import Rule
    from clskit.exporters import Exporter, Section
    from clskit.importers import Importer
    from clskit.model import Contract
    from clskit.snapshot import Snapshot

NAME = "clskit"
_F = TypeVar("_F", bound=Callable[..., Any])
_spec_marker = pluggy.HookspecMarker(NAME)
_impl_marker = pluggy.HookimplMarker(NAME)


def hookspec(func: _F) -> _F:
    """Mark a hook specification, keeping its signature for type checkers."""
    return _spec_marker(func)


def hookimpl(func: _F) -> _F:
    """Mark a plugin's implementation of a hook (``@clskit.hookimpl``)."""
    return _impl_marker(func)


@hookspec
def clskit_exporters() -> Sequence[Exporter]:
    """Return the exporters this plugin provides.

    Each :class:`~clskit.exporters.Exporter` has a name (``copil``), a French title, the
    formats it writes, its options, and the function that writes a file. Registering
    must stay cheap: import heavy libraries (python-pptx…) inside the write function,
    or name it as ``"module:function"``, so that ``clskit validate`` never loads them.
    """


@hookspec
def clskit_importers() -> Sequence[Importer]:
    """Return the importers this plugin provides.

    Each :class:`~clskit.importers.Importer` has a name (``tet``), a French title, the
    formats it reads, its options, what it makes (a new contract, or additions to a
    workspace) and the function that reads a file into an
    :class:`~clskit.importers.ImportResult`. As for exporters, name the read function as
    ``"module:function"`` so that registering loads no heavy library.
    """


@hookspec
def clskit_rules() -> Sequence[Rule]:
    """Return extra check rules (a territory's own), run by ``clskit validate``.

    Build them with :class:`clskit.Rule`; ids must not clash with the built-in ``CLS…``.
    """


@hookspec
def clskit_sections(
    exporter: str, contract: Contract, snapshot: Snapshot | None, options: Mapping[str, str]
) -> Sequence[Section]:
    """Return extra sections for the document ``exporter`` is writing.

    A :class:`~clskit.exporters.Section` is a title with paragraphs, bullet items or a
    table; each document exporter renders them in its own way (slides for the COPIL
    deck, headings for the review). Return an empty list for other exporters.
    """
