"""clskit: one structured record of a Contrat Local de Santé, every document from it.

The public API is what this module exports, and these modules: ``clskit.model``,
``clskit.period``, ``clskit.labels``, ``clskit.fr`` (French formatting for documents),
``clskit.checks``, ``clskit.indicators``, ``clskit.snapshot``, ``clskit.region``,
``clskit.graph`` (networkx loads only for the graph objects), ``clskit.plugins``,
``clskit.display`` (names of pilots and meetings, key figures), ``clskit.csvfile`` (CSV
for French Excel), ``clskit.sandbox`` (jinja2 templates with the French filters),
``clskit.scaffold`` (``clskit init``),
``clskit.exporters``, ``clskit.importers``, ``clskit.workspace`` (writing a workspace
folder), ``clskit.workbooks`` (reading and writing spreadsheets, for importers and
exporters), ``clskit.hookspecs``, ``clskit.batch`` (every contract of a
folder exported in parallel), ``clskit.cache`` (the cache of parsed contracts).
Modules whose name starts with ``_`` are private and may move.

>>> import clskit
>>> contract = clskit.load("examples/melun-val-de-seine")      # doctest: +SKIP
>>> q4 = clskit.snapshot(contract, "2021-Q4")                    # doctest: +SKIP
>>> clskit.export("graph", contract, "gouvernance.png")          # doctest: +SKIP
"""


# The model loads eagerly; the rest on first use (see __getattr__ below). ``dump``, ``redact`` and
# ``snapshot`` are bound eagerly too: as lazy attributes, the submodules of the same names
# would shadow them as soon as anything imported those modules.
import importlib
from typing import TYPE_CHECKING, Any

from clskit.diagnostics import Diagnostic, Location, Severity
from clskit.dump import dump
from clskit.errors import ClsError, ExportError, ImportFailed, LoadError
from clskit.labels import label
from clskit.model import (
    Action,
    ActionStatus,
    Answer,
    ArsQuestions,
    Axis,
    AxisKind,
    Baseline,
    Body,
    BodyKind,
    Commune,
    Contract,
    ContractStatus,
    Direction,
    EntryKind,
    Funding,
    Indicator,
    IndicatorFamily,
    IndicatorKind,
    JournalEntry,
    KeyFigure,
    Measure,
    Measurement,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Member,
    Milestone,
    Objective,
    ObjectiveLevel,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    OtherAction,
    ParticipationDegree,
    Partner,
    PartnerRole,
    Person,
    Place,
    PlaceScope,
    Priority,
    PriorityNeighbourhood,
    Publication,
    PublicationKind,
    RelatedScheme,
    Sector,
    Signatory,
    Signature,
    Successor,
    Survey,
    SurveyQuestion,
    Target,
    Territory,
    Validation,
    ValidationBody,
    Value,
    Workshop,
    WorkshopSession,
)
from clskit.period import Period
from clskit.redact import redact

if TYPE_CHECKING:
    from clskit.snapshot import snapshot
else:
    # The module itself, callable as its function (see clskit.snapshot._CallableModule):
    # help(clskit.snapshot) shows the module's guide and every class of the view.
    from clskit import snapshot

if TYPE_CHECKING:
    from clskit import csvfile, display, fr, sandbox
    from clskit.batch import ContractResult, export_all
    from clskit.cache import ContractCache
    from clskit.checks import Index, Rule, check, rule, rules
    from clskit.convert import converter
    from clskit.dump import dumps, to_data
    from clskit.exporters import Exporter, ExportRequest, Needs, Option, Section
    from clskit.hookspecs import hookimpl
    from clskit.importers import (
        Additions,
        Extension,
        Importer,
        ImportRequest,
        ImportResult,
        ImportTarget,
    )
    from clskit.indicators import (
        Achievement,
        IndicatorStatus,
        RollUp,
        achievement,
        achievements,
        breakdown,
        rollup,
        series,
    )
    from clskit.loader import Report, SourceMap, from_data, load, validate
    from clskit.plugins import Imported, export, import_file, read_import
    from clskit.region import Region, load_region
    from clskit.scaffold import init_workspace
    from clskit.schema import json_schema
    from clskit.snapshot import Snapshot

# Everything else loads on first use: ``import clskit`` stays light for scripts and for
# commands that need only part of it (PEP 562).
_LAZY: dict[str, str] = {
    "Achievement": "clskit.indicators",
    "Additions": "clskit.importers",
    "ContractCache": "clskit.cache",
    "ContractResult": "clskit.batch",
    "ExportRequest": "clskit.exporters",
    "Exporter": "clskit.exporters",
    "Extension": "clskit.importers",
    "ImportRequest": "clskit.importers",
    "ImportResult": "clskit.importers",
    "Imported": "clskit.plugins",
    "Importer": "clskit.importers",
    "Index": "clskit.checks",
    "IndicatorStatus": "clskit.indicators",
    "Needs": "clskit.exporters",
    "Option": "clskit.exporters",
    "Region": "clskit.region",
    "Report": "clskit.loader",
    "RollUp": "clskit.indicators",
    "Rule": "clskit.checks",
    "Section": "clskit.exporters",
    "Snapshot": "clskit.snapshot",
    "SourceMap": "clskit.loader",
    "ImportTarget": "clskit.importers",
    "achievement": "clskit.indicators",
    "achievements": "clskit.indicators",
    "breakdown": "clskit.indicators",
    "check": "clskit.checks",
    "converter": "clskit.convert",
    "csvfile": "clskit.csvfile",
    "display": "clskit.display",
    "dumps": "clskit.dump",
    "export": "clskit.plugins",
    "export_all": "clskit.batch",
    "fr": "clskit.fr",
    "from_data": "clskit.loader",
    "hookimpl": "clskit.hookspecs",
    "import_file": "clskit.plugins",
    "init_workspace": "clskit.scaffold",
    "json_schema": "clskit.schema",
    "load": "clskit.loader",
    "load_region": "clskit.region",
    "read_import": "clskit.plugins",
    "rollup": "clskit.indicators",
    "rule": "clskit.checks",
    "rules": "clskit.checks",
    "sandbox": "clskit.sandbox",
    "series": "clskit.indicators",
    "to_data": "clskit.dump",
    "validate": "clskit.loader",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'clskit' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name == f"clskit.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    "Achievement",
    "Action",
    "ActionStatus",
    "Additions",
    "Answer",
    "ArsQuestions",
    "Axis",
    "AxisKind",
    "Baseline",
    "Body",
    "BodyKind",
    "ClsError",
    "Commune",
    "Contract",
    "ContractCache",
    "ContractResult",
    "ContractStatus",
    "Diagnostic",
    "Direction",
    "EntryKind",
    "ExportError",
    "ExportRequest",
    "Exporter",
    "Extension",
    "Funding",
    "ImportFailed",
    "ImportRequest",
    "ImportResult",
    "ImportTarget",
    "Imported",
    "Importer",
    "Index",
    "Indicator",
    "IndicatorFamily",
    "IndicatorKind",
    "IndicatorStatus",
    "JournalEntry",
    "KeyFigure",
    "LoadError",
    "Location",
    "Measure",
    "Measurement",
    "Meeting",
    "MeetingMode",
    "MeetingStatus",
    "Member",
    "Milestone",
    "Needs",
    "Objective",
    "ObjectiveLevel",
    "Option",
    "Organisation",
    "OrganisationKind",
    "OrganisationRelation",
    "OtherAction",
    "ParticipationDegree",
    "Partner",
    "PartnerRole",
    "Period",
    "Person",
    "Place",
    "PlaceScope",
    "Priority",
    "PriorityNeighbourhood",
    "Publication",
    "PublicationKind",
    "Region",
    "RelatedScheme",
    "Report",
    "RollUp",
    "Rule",
    "Section",
    "Sector",
    "Severity",
    "Signatory",
    "Signature",
    "Snapshot",
    "SourceMap",
    "Successor",
    "Survey",
    "SurveyQuestion",
    "Target",
    "Territory",
    "Validation",
    "ValidationBody",
    "Value",
    "Workshop",
    "WorkshopSession",
    "__version__",
    "achievement",
    "achievements",
    "breakdown",
    "check",
    "converter",
    "csvfile",
    "display",
    "dump",
    "dumps",
    "export",
    "export_all",
    "fr",
    "from_data",
    "hookimpl",
    "import_file",
    "init_workspace",
    "json_schema",
    "label",
    "load",
    "load_region",
    "read_import",
    "redact",
    "rollup",
    "rule",
    "rules",
    "sandbox",
    "series",
    "snapshot",
    "to_data",
    "validate",
]
