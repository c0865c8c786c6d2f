"""French formatting of what readers see: dates, numbers, periods, counts.

Every exporter formats through here so that the deck, the review and the ARS files
write «7 décembre 2021», «229 203» and «octobre à décembre 2021» the same way.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from clskit.labels import label
from clskit.period import Period

LOCALE = "fr_FR"
_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"]
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def date(day: dt.date, *, weekday: bool = False) -> str:
    """«7 décembre 2021» (with ``weekday``: «mardi 7 décembre 2021»); «1er» for the first.

    Written from the French names rather than through Babel: loading Babel's French
    calendar costs a deck a noticeable share of its time, for names that never change
    (a test pins the result to Babel's ``d MMMM y``).
    """
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def short_date(day: dt.date) -> str:
    """«07/12/2021»: the day as a table cell, a form or a French spreadsheet writes it
    (``JJ/MM/AAAA``); :func:`date` is the long form of running text."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def time(moment: dt.time) -> str:
    """«10h00», as French documents write hours."""
    return f"{moment.hour}h{moment.minute:02d}"


def number(value: float, decimals: int | None = None) -> str:
    """«229 203», «12,5»: French grouping (narrow no-break space) and decimal comma.

    A whole number (every count a document prints) is written directly: importing
    Babel and loading its French locale costs a review a noticeable share of its time,
    for a format that never changes (a test pins the result to Babel's). Other values
    go through Babel's rounding.
    """
    if type(value) is int:  # not a bool, not a float
        grouped = f"{value:,}".replace(",", "\u202f")
        return grouped + ("," + "0" * decimals if decimals else "")
    from babel.numbers import format_decimal

    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(value, format=pattern, locale=LOCALE))
    return str(format_decimal(value, locale=LOCALE))


def percent(value: float, decimals: int = 0) -> str:
    """«45 %» from 45 (a value on a 0–100 scale)."""
    return f"{number(value, decimals)}\u00a0%"


def month(year: int, month_number: int) -> str:
    return f"{_MONTHS[month_number - 1]} {year}"


def period(span: Period) -> str:
    """A period as a French reader says it: «2021», «octobre à décembre 2021»,
    «octobre 2021», «2021-2023», «du 4 octobre au 18 novembre 2021»."""
    s, e = span.start, span.end
    # «e is the last day of its month», without adding a day: 9999-12-31 has no next day.
    whole_months = s.day == 1 and (e == dt.date.max or (e + dt.timedelta(days=1)).day == 1)
    if whole_months:
        if s.month == 1 and e.month == 12:
            return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
        if (s.year, s.month) == (e.year, e.month):
            return month(s.year, s.month)
        if s.year == e.year:
            return f"{_MONTHS[s.month - 1]} à {month(e.year, e.month)}"
        return f"{month(s.year, s.month)} à {month(e.year, e.month)}"
    if s == e:
        return date(s)
    if s.year == e.year:
        return f"du {date(s)[: -len(str(s.year)) - 1]} au {date(e)}"
    return f"du {date(s)} au {date(e)}"


#: What every output says where the record gives no date.
UNKNOWN_DATE = "date non renseignée"
#: What every output says of a contract (or a period) whose dates the record does not give.
UNKNOWN_DATES = "dates non renseignées"
#: What every output says of a status the record does not give for the window.
UNKNOWN_STATUS = "non renseigné"


def when(day: dt.date | None, span: Period | None = None) -> str:
    """«7 décembre 2021», «octobre 2021» for a loose period, else «date non renseignée»."""
    if day is not None:
        return date(day)
    if span is not None:
        return period(span)
    return UNKNOWN_DATE


def span(period_: Period | None, months: int | None = None) -> str:
    """A contract's period: «2021-2023»; without dates, «dates non renseignées», with its
    length when the record gives it («dates non renseignées (durée : 12 mois)»)."""
    if period_ is not None:
        return period(period_)
    if months:
        return f"{UNKNOWN_DATES} (durée : {plural(months, 'mois')})"
    return UNKNOWN_DATES


def done(state: bool | None) -> str:
    """A step's state after its date: « — fait», « — à venir», nothing when unknown."""
    return {True: " — fait", False: " — à venir", None: ""}[state]


def during(span: Period) -> str:
    """A loose period after a verb: «en 2021», «en octobre 2021», «d'octobre à décembre
    2021», «le 7 décembre 2021», «du 4 au 18 novembre 2021» («réuni en 2021»)."""
    text = period(span)
    if span.start == span.end:
        return f"le {text}"
    if text.startswith("du "):
        return text
    if " à " in text:
        return ("d'" if text[0] in "aeiouéèêàâîïôûh" else "de ") + text
    if text[:4].isdigit() and text[4:5] == "-":
        return f"de {text[:4]} à {text[5:]}"
    return f"en {text}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """«1 groupe de travail», «7 groupes de travail», «0 réunion»."""
    word = singular if count <= 1 else (plural_form or _plural(singular))
    return f"{number(count)} {word}"


_STOP = {"de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "avec", "sur", "par"}


def _plural(phrase: str) -> str:
    # Pluralise the noun and its adjectives, up to the first preposition:
    # «revue produite» → «revues produites», «groupe de travail» → «groupes de travail».
    words = phrase.split(" ")
    for i, word in enumerate(words):
        if word in _STOP or word.startswith("d'"):
            break
        if not word.endswith(("s", "x", "z")):
            words[i] = word + ("x" if word.endswith(("au", "eu")) else "s")
    return " ".join(words)


def enum(value: Enum) -> str:
    """The French label of a model value."""
    return label(value)
