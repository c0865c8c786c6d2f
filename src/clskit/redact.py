"""Redaction: a contract whose people are named by their role, for documents shown outside.

A COPIL deck or a quarterly review is often projected or mailed beyond the partners who
may see who is who. ``clskit export --redact`` (``clskit.export(..., redact=True)``) hands
every exporter :func:`redact`'s copy of the record instead of the record, and the snapshot
is taken from that copy: no exporter has to know about redaction, and none can forget a
field. What changes:

- each person's **name** becomes their position, else their role in the contract, else
  their organisation's name (``Directrice de la délégation territoriale``); the field the
  name came from is emptied, so a document never prints «Directrice – Directrice»; the
  honorific, the **e-mail** and the **phone** are removed;
- every **text** of the record (journal entries, notes, descriptions, titles…) is
  searched for each person's name (case and spacing aside, also written surname first),
  e-mail and phone number (whatever the separators, also as +33…), each replaced by that
  person's label; a text is scanned once, so a label is never itself rewritten;
- each person's **id**, often made of their name (``didier-huchon``), becomes
  ``personne-1``, ``personne-2``…, everywhere it is referred to.

What it cannot see: a person the record does not list in ``people``, a surname written
alone, initials. Organisations keep their names and service e-mails (they are not
personal data).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import attrs

from clskit.model import Contract, Person

#: What a person with neither position, role nor organisation is called.
ANONYMOUS = "un(e) représentant(e)"

_PHONE_SEPARATORS = r"[\s.\-/]*"


def label_of(person: Person, organisations: dict[str, str]) -> str:
    """What a redacted document calls ``person``: their position, role or organisation."""
    for text in (person.position, person.role):
        if text and text.strip():
            return " ".join(text.split())
    if person.organisation and person.organisation in organisations:
        return organisations[person.organisation]
    return ANONYMOUS


def _name_patterns(name: str) -> Iterator[str]:
    words = name.split()
    if not words:
        return
    forms = [words] + ([words[1:] + words[:1]] if len(words) > 1 else [])
    for form in forms:
        yield r"(?<!\w)" + r"\s+".join(map(re.escape, form)) + r"(?!\w)"


def _phone_patterns(phone: str) -> Iterator[str]:
    digits = re.sub(r"\D", "", phone)
    if phone.strip():
        yield re.escape(phone.strip())
    if len(digits) < 6:   # too short to tell from a figure of the text
        return
    yield r"(?<!\d)" + _PHONE_SEPARATORS.join(digits) + r"(?!\d)"
    if digits.startswith("0"):   # 01 64 …  written +33 1 64 … or 0033 (0)1 64 …
        yield (r"(?:\+|\b00)33" + _PHONE_SEPARATORS + r"(?:\(0\)" + _PHONE_SEPARATORS
               + r")?" + _PHONE_SEPARATORS.join(digits[1:]) + r"(?!\d)")


def _scrubber(people: list[tuple[Person, str]]) -> Callable[[str], str]:
    """One function that rewrites every name, e-mail and phone of ``people`` in a text,
    in a single pass (one alternation, longest first: «Anne-Marie DURAND» before «Anne»)."""
    alternatives: list[tuple[str, str]] = []
    for person, label in people:
        for pattern in _name_patterns(person.name):
            alternatives.append((pattern, label))
        if person.email and person.email.strip():
            alternatives.append((re.escape(person.email.strip()), label))
        if person.phone:
            alternatives.extend((pattern, label) for pattern in _phone_patterns(person.phone))
    if not alternatives:
        return lambda text: text
    alternatives.sort(key=lambda pair: -len(pair[0]))
    combined = re.compile("|".join(f"({pattern})" for pattern, _ in alternatives),
                          re.IGNORECASE)
    labels = [label for _, label in alternatives]

    def scrub(text: str) -> str:
        if not text:
            return text
        return combined.sub(lambda m: labels[(m.lastindex or 1) - 1], text)

    return scrub


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            yield from _strings(getattr(value, f.name))


def _rebuilt(value: Any, fix: Callable[[str], str]) -> Any:
    """``value`` with every text passed through ``fix``; objects left untouched are
    returned as they are (no copy)."""
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, bool | int | float | Enum) or value is None:
        return value
    if isinstance(value, list):
        items = [_rebuilt(item, fix) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, tuple):
        return tuple(_rebuilt(item, fix) for item in value)
    if isinstance(value, dict):
        return {_rebuilt(k, fix): _rebuilt(v, fix) for k, v in value.items()}
    if attrs.has(type(value)):
        changes: dict[str, Any] = {}
        for f in attrs.fields(type(value)):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _rebuilt(old, fix)
            if new is not old and new != old:
                changes[f.alias or f.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value   # dates, times: nothing personal


def _redacted_person(person: Person, label: str, new_id: str,
                     fix: Callable[[str], str]) -> Person:
    """``person`` named ``label``: contacts removed, the field the label came from
    emptied, the other texts scrubbed."""
    emptied: dict[str, Any] = {}
    if person.position and " ".join(person.position.split()) == label:
        emptied["position"] = None
    elif person.role and " ".join(person.role.split()) == label:
        emptied["role"] = None
    rest: Person = _rebuilt(attrs.evolve(person, name="", **emptied), fix)
    return attrs.evolve(rest, id=new_id, name=label, honorific=None, email=None, phone=None)


def redact(contract: Contract) -> Contract:
    """A copy of ``contract`` with its people named by their role (see the module's
    docstring); ``contract`` itself is not changed."""
    if not contract.people:
        return contract
    organisations = {o.id: " ".join((o.short_name or o.name).split())
                     for o in contract.organisations}
    raw = [(p, label_of(p, organisations)) for p in contract.people]
    first = _scrubber(raw)
    # A label may hold another person's name («assistante de Claire COGNIER»).
    people = [(p, first(label)) for p, label in raw]
    scrub = _scrubber(people)
    taken = set(_strings(contract))
    ids: dict[str, str] = {}
    number = 0
    for person, _ in people:
        number += 1
        while f"personne-{number}" in taken:
            number += 1
        ids[person.id] = f"personne-{number}"

    def fix(text: str) -> str:
        return ids.get(text) or scrub(text)

    people_out = [_redacted_person(p, label, ids[p.id], fix) for p, label in people]
    result: Contract = attrs.evolve(_rebuilt(attrs.evolve(contract, people=[]), fix),
                                    people=people_out)
    return result


__all__ = ["ANONYMOUS", "label_of", "redact"]
