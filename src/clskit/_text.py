"""Text cleaning at the model's edge.

Text pasted from Word or PowerPoint carries control characters (``\\x0b`` for a soft
line break, ``\\x0c`` for a page break, …) that lxml, and so every Office writer,
refuses. Breaks become newlines; the other control characters go.
"""

from __future__ import annotations

import re
import unicodedata

_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Return ``value`` without the characters Office files refuse, line breaks kept."""
    if not _SUSPECT.search(value) and unicodedata.is_normalized("NFC", value):
        return value  # the common case, checked without copying the text
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value)


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest of ``choices`` to ``word``, or ``None`` when nothing is close."""
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in choices}
    return lowered.get(word.lower())


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` for forgiving comparisons (œ→oe, é→e)."""
    text = text.replace("œ", "oe").replace("Œ", "OE")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.lower()).strip()


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut with «…» to at most ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
