"""French wording the review needs beyond ``clskit.fr``: hours, lists of days, modes.

``clskit.fr`` writes dates, numbers and periods for every exporter; what is here is the
review's own prose («le 7 décembre 2021 à 10 h 00», «les 4 et 18 novembre 2021»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clskit import MeetingMode, Period, fr

NBSP = "\u00a0"


def hour(moment: dt.time) -> str:
    """«10 h 00», with no-break spaces (French typography)."""
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def on(day: dt.date | None, span: Period | None = None, moment: dt.time | None = None) -> str:
    """«le 7 décembre 2021 à 10 h 00», «en janvier 2022», «à une date non renseignée»."""
    if day is not None:
        text = f"le {fr.date(day)}"
        return f"{text} à {hour(moment)}" if moment is not None else text
    if span is not None:
        return fr.during(span)
    return f"à une {fr.UNKNOWN_DATE}"


def join(items: Sequence[str], last: str = "et") -> str:
    """«a», «a et b», «a, b et c»."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def days(dates: Sequence[dt.date]) -> str:
    """«4 et 18 novembre 2021», «30 juin et 4 novembre 2021», «1er mars 2021»: a list
    of days, the month and year said once when they are shared."""
    ordered = sorted(set(dates))
    if not ordered:
        return ""
    if len({(d.year, d.month) for d in ordered}) == 1:
        numbers = ["1er" if d.day == 1 else str(d.day) for d in ordered]
        return f"{join(numbers)} {fr.month(ordered[0].year, ordered[0].month)}"
    if len({d.year for d in ordered}) == 1:
        parts = [fr.date(d)[: -5] for d in ordered]
        return f"{join(parts)} {ordered[0].year}"
    return join([fr.date(d) for d in ordered])


def on_days(dates: Sequence[dt.date]) -> str:
    """«le 4 novembre 2021», «les 4 et 18 novembre 2021»."""
    text = days(dates)
    return f"les {text}" if len(set(dates)) > 1 else f"le {text}"


MODES = {
    MeetingMode.IN_PERSON: "en présentiel",
    MeetingMode.VIDEO: "par visioconférence",
    MeetingMode.HYBRID: "en format hybride (présentiel et visioconférence)",
    MeetingMode.PHONE: "par téléphone",
}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """«Des représentants…» → «des représentants…», not an acronym («CCAS…»)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """The text ending with a full stop (or its own closing punctuation)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…»)" else text + "."


def count(n: int, singular: str, plural: str | None = None) -> str:
    """«1 participant», «12 participants» with French number grouping."""
    return fr.plural(n, singular, plural)


def of_body(name: str) -> str:
    """«du Comité de Pilotage», «de la Coordination du CLS», «de l'instance « X »»."""
    first = name.split(" ", 1)[0].lower()
    if first in {"comité", "groupe", "conseil", "collectif", "réseau", "copil", "cotech"}:
        return f"du {name}"
    if first in {"coordination", "commission", "conférence", "cellule", "réunion"}:
        return f"de la {name}"
    return f"de l'instance « {name} »"
