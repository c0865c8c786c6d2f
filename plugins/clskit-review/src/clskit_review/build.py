"""From an export request to the review's content: which kind of document the window
makes, its title, and its parts in the order asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from clskit import Contract, ExportError, Period, Section, fr
from clskit.snapshot import Snapshot
from clskit_review.context import Context
from clskit_review.document import Part, Review
from clskit_review.sections import DEFAULT_ORDER, SECTIONS
from clskit_review.sections import extra as extra_sections

if TYPE_CHECKING:
    from clskit_review.diagram import Governance


def kind_of(window: Period, meeting: bool) -> str:
    """«quarterly» for a calendar quarter, «yearly» for a calendar year, else «period»."""
    if not meeting:
        if window == Period.year(window.start.year):
            return "yearly"
        quarter = (window.start.month - 1) // 3 + 1
        if window == Period.quarter(window.start.year, quarter):
            return "quarterly"
    return "period"


def title_of(kind: str, window: Period) -> str:
    """«Revue trimestrielle d'octobre à décembre 2021», «Bilan annuel 2021»,
    «Revue du 1er janvier au 7 décembre 2021»."""
    if kind == "quarterly":
        return f"Revue trimestrielle {fr.during(window)}"
    if kind == "yearly":
        return f"Bilan annuel {window.start.year}"
    return f"Revue {fr.during(window)}"


def order(option: str | None) -> list[str]:
    if not option:
        return list(DEFAULT_ORDER)
    names = [n.strip() for n in option.split(",") if n.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise ExportError(f"unknown section(s) {', '.join(map(repr, unknown))}; the sections "
                          f"are {', '.join(DEFAULT_ORDER)}")
    return names


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"true", "yes", "oui", "1", "on"}


def build_review(contract: Contract, snapshot: Snapshot, options: Mapping[str, str],
                 contributed: Sequence[Section] = (),
                 governance: Governance | None = None) -> Review:
    """The review's content for ``snapshot``'s window; ``governance``: its diagram,
    already being painted."""
    kind = kind_of(snapshot.window, snapshot.meeting is not None)
    ctx = Context(contract, snapshot, kind, redact=truthy(options.get("redact")),
                  governance=governance)
    names = order(options.get("sections"))
    parts: list[Part] = []
    for name in names:
        builder = SECTIONS[name]
        if builder is None:
            for part, after in extra_sections.parts(ctx, contributed):
                at = next((i for i, p in enumerate(parts) if p.name == after), None)
                if after is not None and at is not None:
                    parts.insert(at + 1, part)
                else:
                    parts.append(part)
            continue
        built = builder(ctx)
        if built is not None:
            parts.append(built)
    day = _day(snapshot, options.get("date"))
    return Review(kind=kind, contract_name=contract.name,
                  short_name=contract.short_name or contract.name,
                  territory=contract.territory.name, title=title_of(kind, snapshot.window),
                  period=fr.period(snapshot.window), parts=tuple(parts),
                  date_iso=day.isoformat())


def _day(snapshot: Snapshot, option: str | None) -> dt.date:
    if option:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise ExportError(f"option date: {option!r} is not a date (YYYY-MM-DD)") from None
    if snapshot.meeting is not None and snapshot.meeting.date is not None:
        return snapshot.meeting.date
    return snapshot.window.end
