"""Reading one cell of the platform's sheet: lists, numbered titles, choices, dates, money.

Each reader follows the platform's rule (``IPA/schemas/import-action.input.ts``) and says
where it is weak: the platform fuzzy-matches a status and silently drops what it cannot
match, reads an unformatted Excel serial as 1970 and a «12/14/20» the American way; here
an odd value is read when it can be, with a warning that says how, and refused only
where the platform refuses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from clskit import ActionStatus, ParticipationDegree, Priority, Severity
from clskit.workbooks import Cell, Problems, date, number
from clskit_tet.columns import fold

E = TypeVar("E", bound=Enum)

# --------------------------------------------------------------------------- lists

_OPENERS = {"(": ")", "«": "»", '"': '"', "“": "”"}


def split_list(text: str) -> list[str]:
    """Split a list cell on commas, except inside ``( )``, ``"…"`` and ``« »`` (as the
    platform does); items trimmed, enclosing quotes removed, duplicates (whatever the
    case) dropped, the first kept."""
    items: list[str] = []
    current: list[str] = []
    closing: list[str] = []
    for char in text:
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _OPENERS and not (closing and closing[-1] == char):
            closing.append(_OPENERS[char])
        elif char == "," and not closing:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    out: list[str] = []
    seen: set[str] = set()
    for raw in items:
        item = " ".join(raw.split())
        for left, right in (("«", "»"), ('"', '"'), ("“", "”")):
            if len(item) >= 2 and item.startswith(left) and item.endswith(right):
                item = item[1:-1].strip()
        if item and fold(item) not in seen:
            seen.add(fold(item))
            out.append(item)
    return out


def join_list(items: list[str]) -> str:
    """The cell text of a list the platform splits back into the same items: an item
    holding a comma outside brackets is put between « »."""
    shown = []
    for item in items:
        shown.append(f"«{item}»" if len(split_list(item)) != 1 or
                     split_list(item)[0] != item else item)
    return ", ".join(shown)


# --------------------------------------------------------------------------- titles

# «1. Titre», «1.1. Sous-titre», «4.2 : Titre», «2) Titre», «1.1 Titre».
_NUMBERED_STRICT = re.compile(r"^(\d+(?:\.\d+)*)\s*[.:)–—-]\s*(\S.*)$", re.S)
_DOTTED_SPACE = re.compile(r"^(\d+(?:\.\d+)+)\s+(\S.*)$", re.S)


def numbered(text: str) -> tuple[str | None, str]:
    """``"4.2 : Déployer"`` → ``("4.2", "Déployer")``; an axis title with no number →
    ``(None, title)``. A number needs a separator after it (``.``, ``:``, ``)``, a dash)
    or dots inside, so that «3 repas par jour» keeps its «3»."""
    for pattern in (_NUMBERED_STRICT, _DOTTED_SPACE):
        if m := pattern.match(text.strip()):
            return m[1], " ".join(m[2].split())
    return None, " ".join(text.split())


def number_of(code: str) -> str | None:
    """The dotted number a display code ends with: «Axe stratégique 1» → ``"1"``."""
    m = re.search(r"(\d+(?:\.\d+)*)\s*$", code)
    return m[1] if m else None


# --------------------------------------------------------------------------- choices

#: The labels of the template's drop-down lists («Listes déroulantes»), trimmed.
STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "À venir",
    ActionStatus.TO_DISCUSS: "À discuter",
    ActionStatus.IN_PROGRESS: "En cours",
    ActionStatus.DONE: "Réalisé",
    ActionStatus.LATE: "En retard",
    ActionStatus.PAUSED: "En pause",
    ActionStatus.BLOCKED: "Bloqué",
    ActionStatus.ABANDONED: "Abandonné",
}
PRIORITY_LABELS: dict[Priority, str] = {
    Priority.HIGH: "Élevé", Priority.MEDIUM: "Moyen", Priority.LOW: "Bas",
}
PARTICIPATION_LABELS: dict[ParticipationDegree, str] = {
    ParticipationDegree.NONE: "Pas de participation citoyenne",
    ParticipationDegree.INFORMATION: "Information",
    ParticipationDegree.CONSULTATION: "Consultation",
    ParticipationDegree.CONCERTATION: "Concertation",
    ParticipationDegree.CO_CONSTRUCTION: "Co-construction",
}

# Words coordinators write for the same thing; read with a warning, never silently.
_STATUS_WORDS = {
    "a discuter": ActionStatus.TO_DISCUSS, "termine": ActionStatus.DONE,
    "terminee": ActionStatus.DONE, "fini": ActionStatus.DONE, "realisee": ActionStatus.DONE,
    "acheve": ActionStatus.DONE, "non demarre": ActionStatus.PLANNED,
    "a faire": ActionStatus.PLANNED, "prevu": ActionStatus.PLANNED,
    "annule": ActionStatus.ABANDONED, "abandonnee": ActionStatus.ABANDONED,
    "suspendu": ActionStatus.PAUSED, "bloquee": ActionStatus.BLOCKED,
    "en cours de realisation": ActionStatus.IN_PROGRESS,
}
_PRIORITY_WORDS = {
    "elevee": Priority.HIGH, "haute": Priority.HIGH, "forte": Priority.HIGH,
    "moyenne": Priority.MEDIUM, "basse": Priority.LOW, "faible": Priority.LOW,
}
_PARTICIPATION_WORDS = {
    "pas de participation": ParticipationDegree.NONE, "aucune": ParticipationDegree.NONE,
    "non": ParticipationDegree.NONE, "coconstruction": ParticipationDegree.CO_CONSTRUCTION,
    "co construction": ParticipationDegree.CO_CONSTRUCTION,
}


def choice(cell: Cell, problems: Problems, labels: Mapping[E, str],
           words: Mapping[str, E], what: str, fallback: str) -> E | None:
    """The value of a drop-down column. The exact label (whatever the case, accents and
    spaces) is read as it is; a near spelling or a known synonym is read with a warning
    saying which label was taken; anything else is a warning, read as empty (the
    platform drops it without a word)."""
    if cell.empty:
        return None
    raw = " ".join(str(cell.value).split())
    key = fold(raw)
    by_fold = {fold(label): value for value, label in labels.items()}
    if key in by_fold:
        return by_fold[key]
    found = words.get(key)
    if found is None:
        close = difflib.get_close_matches(key, list(by_fold), n=1, cutoff=0.75)
        found = by_fold[close[0]] if close else None
    if found is not None:
        problems.warning(cell, f"{what} «{raw}» lu comme «{labels[found]}»")
        return found
    allowed = ", ".join(labels.values())
    problems.warning(cell, f"{what} «{raw}» non reconnu ({allowed}) : {fallback} ; la "
                           "plateforme l'ignorerait sans le signaler")
    return None


def status(cell: Cell, problems: Problems) -> ActionStatus | None:
    return choice(cell, problems, STATUS_LABELS, _STATUS_WORDS, "statut",
                  "la fiche garde le statut par défaut «À venir»")


def priority(cell: Cell, problems: Problems) -> Priority | None:
    return choice(cell, problems, PRIORITY_LABELS, _PRIORITY_WORDS,
                  "niveau de priorité", "laissé vide")


def participation(cell: Cell, problems: Problems) -> ParticipationDegree | None:
    return choice(cell, problems, PARTICIPATION_LABELS, _PARTICIPATION_WORDS,
                  "participation citoyenne", "laissée vide")


# --------------------------------------------------------------------------- dates

_SHORT_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$")


def tet_date(cell: Cell, problems: Problems) -> dt.date | None:
    """A date cell, an Excel serial number (the platform would read it as 1970), or a
    text: ``JJ/MM/AAAA``, ``JJ-MM-AAAA``, ``AAAA-MM-JJ``, a month alone. A year in two
    digits is read with a warning; «12/14/20», which can only be month/day, is read as
    the platform reads it (14 December 2020), an ambiguous «03/04/20» the French way."""
    value = cell.value
    if isinstance(value, str) and (m := _SHORT_YEAR.match(value.strip())):
        first, second, year = int(m[1]), int(m[2]), 2000 + int(m[3])
        shown = value.strip()
        try:
            if first > 12 or second <= 12:
                day = dt.date(year, second, first)
                note = ""
                if first <= 12 and first != second:
                    us = dt.date(year, first, second)
                    note = (f" ; la plateforme le lirait mois/jour, le "
                            f"{us.strftime('%d/%m/%Y')}")
                problems.warning(cell, f"«{shown}» : année sur deux chiffres, lu comme le "
                                       f"{day.strftime('%d/%m/%Y')}{note} ; écrivez "
                                       "JJ/MM/AAAA")
                return day
            day = dt.date(year, first, second)
        except ValueError:
            problems.error(cell, f"Une date est attendue : «{shown}» n'est pas une date "
                                 "qui existe")
            return None
        problems.warning(cell, f"«{shown}» est écrit mois/jour/année : lu comme le "
                               f"{day.strftime('%d/%m/%Y')} (comme la plateforme) ; écrivez "
                               "JJ/MM/AAAA")
        return day
    scratch = Problems()
    found = date(cell, scratch)
    for d in scratch.items:
        prefix = "Une date est attendue : " if d.severity is Severity.ERROR else ""
        (problems.error if prefix else problems.warning)(cell, prefix + d.message)
    return found


# --------------------------------------------------------------------------- money

#: The platform refuses a budget above this (it is likely a date or a typing slip).
MAX_BUDGET = 999_999_999_999


def money(cell: Cell, problems: Problems, message: str) -> int | float | None:
    """An amount: a number cell. A number written as text («12 500 €») is read with a
    warning (the platform refuses it in the funder amounts); anything else, a date
    included, is an error whose text starts with the platform's ``message``."""
    value = cell.value
    if cell.empty:
        return None
    if isinstance(value, dt.date):
        problems.error(cell, f"{message} : la cellule contient une date "
                             f"({value.strftime('%d/%m/%Y')})")
        return None
    scratch = Problems()
    found = number(cell, scratch, "un nombre")
    if found is None:
        problems.error(cell, f"{message} : «{_short(value)}» n'est pas un nombre")
        return None
    if isinstance(value, str):
        problems.warning(cell, f"montant écrit comme du texte («{_short(value)}») : lu "
                               f"comme {_plain(found)} ; saisissez un nombre (la plateforme "
                               "refuse le texte dans les montants des financeurs)")
    return int(found) if float(found).is_integer() else found


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


__all__ = ["MAX_BUDGET", "PARTICIPATION_LABELS", "PRIORITY_LABELS", "STATUS_LABELS",
           "choice", "join_list", "money", "number_of", "numbered", "participation",
           "priority", "split_list", "status", "tet_date"]
