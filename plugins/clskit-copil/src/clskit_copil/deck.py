"""Write the COPIL deck: the sections in order, on the template, deterministic."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path

from clskit import ExportError, ExportRequest, fr
from clskit_copil import _xml
from clskit_copil.canvas import Deck
from clskit_copil.context import Context
from clskit_copil.sections import DEFAULT_ORDER, SECTIONS, part
from clskit_copil.sections import extra as extra_sections
from clskit_copil.template import open_template


def _order(option: str | None) -> list[str]:
    """The sections in order: the default, or those the option names. An option that
    names none (``sections=,`` or ``sections=``) is refused: it would write a deck with
    no slide and exit 0 (#13)."""
    if option is None:
        return list(DEFAULT_ORDER)
    names = [n.strip() for n in option.split(",") if n.strip()]
    if not names:
        raise ExportError(f"option sections: {option!r} names no section; name at least one "
                          f"of {', '.join(DEFAULT_ORDER)}, or leave the option out")
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise ExportError(f"unknown section(s) {', '.join(map(repr, unknown))}; the sections "
                          f"are {', '.join(DEFAULT_ORDER)}")
    return names


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"true", "yes", "oui", "1", "on"}


def _scrubber(ctx: Context) -> Context:
    """With redaction, every known person's name, e-mail and phone in any text becomes
    their role: free texts of the journal name people too."""
    replacements: list[tuple[re.Pattern[str], str]] = []
    for person in ctx.contract.people:
        role = person.position or person.role or "un(e) représentant(e)"
        for token in (person.name, person.email, person.phone):
            if token:
                replacements.append((re.compile(re.escape(token), re.IGNORECASE), role))
    replacements.sort(key=lambda pair: -len(pair[0].pattern))

    def scrub(text: str) -> str:
        for pattern, role in replacements:
            text = pattern.sub(role, text)
        return text

    ctx.deck.scrub = scrub
    return ctx


def write(request: ExportRequest, path: Path) -> None:
    """The exporter's write function (see clskit's ``Exporter``)."""
    snapshot = request.snapshot
    if snapshot is None:
        raise ExportError("the COPIL deck needs a period or a meeting")
    options = request.options
    order = _order(options.get("sections"))
    prs, layouts = open_template(options.get("template"))
    contract = request.contract
    occasion = snapshot.meeting.title if snapshot.meeting and snapshot.meeting.title else None
    deck = Deck(prs, layouts, dividers=_truthy(options.get("dividers", "true")))
    ctx = Context(contract, snapshot, deck, redact=_truthy(options.get("redact")),
                  explicit=bool(options.get("sections")))
    # The meeting's day, or (for a period) the occasion alone: it names the period.
    deck.footer = f"{contract.short_name or contract.name} — {occasion or ctx.occasion}" + (
        f" — {fr.date(ctx.meeting_day)}" if ctx.meeting_day is not None else "")
    if ctx.redact:
        _scrubber(ctx)
    for name in order:
        where = part(ctx, name)
        if where is not None:
            deck.enter(*where)
        builder = SECTIONS[name]
        if builder is None:
            extra_sections.build(ctx, request.sections())
        else:
            builder(ctx)
    deck.finish()
    day = _properties(prs, ctx, options.get("date"))
    buffer = io.BytesIO()
    prs.save(buffer)
    path.write_bytes(_normalised(buffer.getvalue(), day))


def _properties(prs: object, ctx: Context, date_option: str | None) -> dt.date:
    try:
        day = dt.date.fromisoformat(date_option) if date_option else ctx.day
    except ValueError:
        raise ExportError(f"option date: {date_option!r} is not a date (YYYY-MM-DD)") from None
    moment = dt.datetime(day.year, day.month, day.day)
    props = prs.core_properties  # type: ignore[attr-defined]
    props.title = _property(f"{ctx.occasion} — {ctx.contract.short_name or ctx.contract.name}")
    props.subject = _property(ctx.contract.name)
    props.author = "clskit"
    props.last_modified_by = "clskit"
    props.keywords = "CLS; COPIL"
    props.language = "fr-FR"
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    return day


#: python-pptx refuses a core property longer than this (the OOXML schema sets no limit,
#: but Office's own dialogs stop there): a long title or name is cut, never an error.
PROPERTY_CHARS = 255


def _property(text: str) -> str:
    """``text`` as a document property: on one line, at most :data:`PROPERTY_CHARS`
    characters (cut with «…»). A record may validly hold a 300-character title; the deck
    must still be written."""
    text = " ".join(text.split())
    return text if len(text) <= PROPERTY_CHARS else text[:PROPERTY_CHARS - 1] + "…"


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _normalised(data: bytes, day: dt.date) -> bytes:
    """The archive with fixed entry times, and the workbooks python-pptx embeds behind
    charts stamped with the deck's date instead of the clock: same input, same bytes.

    Usually only the entry times differ from run to run; they are then overwritten in
    place, without inflating and deflating every part again."""
    stamp = f"{day.isoformat()}T00:00:00Z".encode()
    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        for info in infos:
            if info.filename.endswith((".xlsx", ".docx", ".pptx")):
                content = source.read(info.filename)
                fixed = _normalised(content, day)
            elif info.filename == "docProps/core.xml":
                content = source.read(info.filename)
                fixed = _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            else:
                continue
            if fixed != content:
                changed[info.filename] = fixed
    if changed:
        return _rewritten(data, changed)
    return _timed_in_place(data, infos)


def _rewritten(data: bytes, replaced: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info, replaced.get(info.filename) or source.read(info.filename))
                   for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=_xml.ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


# DOS time and date of _xml.ZIP_TIME, as the headers hold them.
_Y, _MO, _D, _H, _MI, _S = _xml.ZIP_TIME
_FIXED_DOS = struct.pack("<HH", _H << 11 | _MI << 5 | _S // 2, (_Y - 1980) << 9 | _MO << 5 | _D)
_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"


def _timed_in_place(data: bytes, infos: list[zipfile.ZipInfo]) -> bytes:
    """``data`` with every entry's time set to _xml.ZIP_TIME, in the local headers and
    in the central directory (offsets 10 and 12 of a local header, 12 and 14 of a
    central one, per the ZIP format)."""
    out = bytearray(data)
    for info in infos:
        at = info.header_offset
        if out[at:at + 4] != _LOCAL:
            return _rewritten(data, {})
        out[at + 10:at + 14] = _FIXED_DOS
    end = out.rfind(_END)
    count, _, start = struct.unpack("<HII", out[end + 10:end + 20])
    at = start
    for _ in range(count):
        if out[at:at + 4] != _CENTRAL:
            return _rewritten(data, {})
        out[at + 12:at + 16] = _FIXED_DOS
        name, extra, comment = struct.unpack("<HHH", out[at + 28:at + 34])
        at += 46 + name + extra + comment
    return bytes(out)
