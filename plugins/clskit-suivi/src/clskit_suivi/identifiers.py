"""Ids of the meetings and partners a workbook adds, formed the same way every time.

A new meeting is ``BODY-AAAA-MM-JJ`` (``copil-2022-03-10``; ``BODY-2022-02`` for a month),
a new partner the slug of its short name, else of its name (``cidff``); when the record
or an earlier row holds that id already, ``-2``, ``-3``… is added. A row that names a
meeting the record holds (same body, same day or period) or an organisation it holds
(same name) is that meeting or organisation, not a new one (:func:`twin_meeting`,
:func:`twin_organisation`): importing the same workbook again adds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from clskit import Meeting, Organisation, workbooks
from clskit_suivi import rows
from clskit_suivi.references import normal
from clskit_suivi.rows import Context, Row

_NOT_ID = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def slug(text: str) -> str:
    """«Centre d'information (CIDFF 77)» → ``centre-d-information-cidff-77``; «Cœur» →
    ``coeur``."""
    spelled = text.translate(_LIGATURES)
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode().lower()
    return _NOT_ID.sub("-", folded).strip("-") or "item"


def _free(stem: str, used: Container[str]) -> str:
    """``stem``, or ``stem-2``…: the first id not ``used``."""
    candidate, n = stem, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def twin_meeting(row: Row, ctx: Context) -> Meeting | None:
    """The record's meeting of the row's body on the row's day (or period), if any."""
    body = ctx.refs.bodies.find(workbooks.text(row["body"]) or "")
    date, period = rows.meeting_when(row)
    return next((m for m in ctx.contract.meetings if m.body == body
                 and (m.date, m.period) == (date, period)), None)


def meeting_id(row: Row, ctx: Context, used: Container[str]) -> str | None:
    """The id of a new meeting row; ``None`` when its body or date cannot be read (the
    row's reading says why)."""
    body = ctx.refs.bodies.find(workbooks.text(row["body"]) or "")
    date, period = rows.meeting_when(row)
    if body is None or (date is None and period is None):
        return None
    when = date.isoformat() if date is not None else str(period).lower()
    return _free(f"{body}-{slug(when)}", used)


def twin_organisation(row: Row, ctx: Context) -> Organisation | None:
    """The record's organisation of the row's name (whatever its case and accents)."""
    name = normal(workbooks.text(row["name"]) or "")
    return next((o for o in ctx.contract.organisations if normal(o.name) == name), None)


def organisation_id(row: Row, used: Container[str]) -> str | None:
    name = workbooks.text(row["name"])
    if name is None:
        return None
    return _free(slug(workbooks.text(row["short_name"]) or name), used)


__all__ = ["meeting_id", "organisation_id", "slug"]
