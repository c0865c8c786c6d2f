"""What a plugin declares to read other formats into a record: importers.

An importer reads a file (a workbook, an export of another platform) and returns
either a whole :class:`~clskit.model.Contract` — ``clskit import NAME FILE -o WORKSPACE``
writes it as a new workspace — or :class:`Additions` to an existing workspace
(``--into WORKSPACE``: a quarter of journal entries and meetings, say). Either way it
returns every problem it met as placed diagnostics (:class:`~clskit.Location` has a
sheet, a row and a column for workbooks); clskit writes nothing when one is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field

from clskit._records import FrozenRecord
from clskit.diagnostics import Diagnostic, Severity
from clskit.errors import ClsError
from clskit.exporters import Option, check_option_values, import_named

if TYPE_CHECKING:
    from clskit.model import Contract
    from clskit.plugins import Plugins


class ImportTarget(Enum):
    """What an importer makes: a new workspace, or additions to an existing one."""

    CONTRACT = "contract"
    ADDITIONS = "additions"


@define(frozen=True, eq=False, repr=False)
class Extension(FrozenRecord):
    """Items to append to a list field of one item the workspace already holds: the new
    measurements of an indicator (``Extension("indicators", "radon-kits", "measurements",
    (Measurement(...),))``).

    An existing item cannot be added again as a new one (its id would be taken twice), and
    rewriting the file that defines it would lose what a coordinator wrote there by hand.
    So the extension is written beside the additions, in ``COLLECTION/NAME.yaml``, as an
    item ``{extends: ID, FIELD: [...]}`` that the loader appends to the item of that id
    (``docs/format.md``, «Adding to an item from another file»).
    """

    collection: str
    id: str
    field: str
    items: tuple[Any, ...]


@define(frozen=True, eq=False, repr=False)
class Additions(FrozenRecord):
    """Items to add to an existing workspace, by collection (``"journal"``,
    ``"meetings"``…; model objects such as :class:`~clskit.JournalEntry`), and
    :class:`Extension` s of items it already holds.

    Each collection's items are written as one file, ``COLLECTION/NAME.yaml``, named after
    ``name`` (``"suivi-2022-T1"``). Importing the same source again replaces that file, and
    an item equal to one the workspace already holds elsewhere is left out: importing twice
    never duplicates anything.
    """

    name: str
    items: Mapping[str, Sequence[Any]] = field(factory=dict)
    extensions: Sequence[Extension] = ()

    def count(self) -> int:
        return (sum(len(items) for items in self.items.values())
                + sum(len(e.items) for e in self.extensions))


@define(frozen=True, eq=False, repr=False)
class ImportResult(FrozenRecord):
    """What a read function returns: a contract or additions, and every problem met.

    Errors make the import fail with nothing written; warnings (an odd but readable
    value) are shown and the import goes on.
    """

    contract: Contract | None = None
    additions: Additions | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@define(frozen=True, eq=False, repr=False)
class ImportRequest(FrozenRecord):
    """Everything a read function receives.

    ``into`` is the contract of the workspace being added to (for :attr:`ImportTarget.ADDITIONS`
    importers: to check the fiche codes a row names, or to skip what is already there);
    ``None`` for importers that make a new contract.
    """

    importer: Importer
    source: Path
    format: str
    options: Mapping[str, str]
    plugins: Plugins
    into: Contract | None = None


ReadFunction = Callable[[ImportRequest], ImportResult]


@define(frozen=True, eq=False, repr=False)
class Importer(FrozenRecord):
    """A kind of file clskit can read into a record.

    ``read(request)`` returns an :class:`ImportResult`; it must not write anything
    itself (clskit writes the workspace, atomically, once the result has no error). It
    may be a callable or ``"package.module:function"``, imported only when a file is
    actually read, so that listing plugins never loads openpyxl.
    """

    name: str
    title: str
    formats: tuple[str, ...]
    read: ReadFunction | str
    target: ImportTarget = ImportTarget.CONTRACT
    options: tuple[Option, ...] = ()
    description: str = ""

    def resolve(self) -> ReadFunction:
        """The read function, imported if it was named."""
        if not isinstance(self.read, str):
            return self.read
        function: ReadFunction = import_named(self.read, f"importer {self.name!r}", ClsError)
        return function

    def check_options(self, given: Mapping[str, str]) -> dict[str, str]:
        """``given`` completed with defaults; an unknown option or value is an error."""
        return check_option_values(f"importer {self.name!r}", self.options, given)


__all__ = ["Additions", "Extension", "ImportRequest", "ImportResult", "ImportTarget", "Importer",
           "ReadFunction"]
