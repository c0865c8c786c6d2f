"""The one cattrs converter through which data enters and leaves the model.

Structuring is strict (no silent ``int("12")`` or ``bool("no")``), refuses unknown
keys, cleans text of control characters, and answers a wrong enum value with the
values it accepts and the one it probably meant, French labels included.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from enum import Enum
from typing import Any

import attrs
import cattrs
import cattrs.cols
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_unstructure_fn

from clskit import model
from clskit._text import clean_text, fold, suggest
from clskit._yaml import MAX_DIGITS, Unreadable
from clskit.labels import LABELS
from clskit.period import PERIOD_FORMS, Period


class ValueProblem(ValueError):
    """A value of the right shape but not acceptable; the message is for the reader.

    ``period`` is set when a date was expected but a period was written (``2021-03``):
    where the class also has a ``period`` field, the message says to write it there.
    """

    def __init__(self, message: str, period: str | None = None) -> None:
        super().__init__(message)
        self.period = period


#: Whole numbers from this size on are refused: no count or amount comes near, and
#: Python refuses to write a number of more than 4,300 digits as text.
MAX_INT = 10**MAX_DIGITS


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, Unreadable):
        return value.problem
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float) and math.isnan(value):
        return "NaN (not a number)"
    if isinstance(value, float) and math.isinf(value):
        return f"{'minus ' if value < 0 else ''}infinity"
    if isinstance(value, int) and abs(value) >= MAX_INT:
        return f"a whole number of more than {MAX_DIGITS} digits, more than any field holds"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _shown(text: str, width: int = 60) -> str:
    """``text`` quoted for a message, cut when long: a message names a value, it does
    not repeat a page of it."""
    return repr(text) if len(text) <= width else repr(text[: width - 1] + "…")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _text(value: str) -> str:
    if _SURROGATE.search(value):
        raise ValueProblem("expected text, got a text holding a lone surrogate (half of a "
                           "UTF-16 pair, no character): fix the text where it was escaped")
    return clean_text(value)


def _is_number(value: Any) -> bool:
    """A number a field can hold: not a boolean, finite (no NaN: ``dump`` could not write
    it as JSON), a whole number under :data:`MAX_INT`."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return bool(abs(value) < MAX_INT)
    return isinstance(value, float) and math.isfinite(value)


def _str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return _text(value)
    if _is_number(value):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ValueProblem(f"expected text, got {_type_name(value)}")


def _int(value: Any, _: Any) -> int:
    if isinstance(value, int) and _is_number(value):
        return value
    if isinstance(value, float) and _is_number(value) and value.is_integer():
        return int(value)
    raise ValueProblem(f"expected a whole number, got {_type_name(value)}")


def _float(value: Any, _: Any) -> float:
    if _is_number(value):
        return float(value)
    raise ValueProblem(f"expected a number, got {_type_name(value)}")


def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and fold(value) in {"oui", "yes", "vrai", "non", "no", "faux"}:
        hint = "; write true or false"
    raise ValueProblem(f"expected true or false, got {_type_name(value)}{hint}")


_DAY_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    message = f"expected a date written YYYY-MM-DD, got {_type_name(value)}"
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            if _DAY_LIKE.match(text):
                raise ValueProblem(f"{message}, which is not a day of the calendar "
                                   f"({exc})") from None
    loose = _as_period(value)
    if loose is not None:
        raise ValueProblem(f"{message}: a date needs its day", loose)
    raise ValueProblem(message)


def _as_period(value: Any) -> str | None:
    """``value`` as written when it reads as a period (``2021-03``, ``2021``)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    try:
        Period.parse(text)
    except ValueError:
        return None
    return text


_TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")


def _time(value: Any, _: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueProblem(f"expected a time written HH:MM, got {_type_name(value)}")


def _period(value: Any, _: Any) -> Period:
    if isinstance(value, str):
        try:
            period = Period.parse(value)
        except ValueError as exc:
            raise ValueProblem(str(exc)) from None
    elif isinstance(value, int) and not isinstance(value, bool):
        if not 1000 <= value <= 9999:
            raise ValueProblem(f"expected a period ({PERIOD_FORMS}), got {_type_name(value)}: "
                               "a year is written with its four digits")
        period = Period.year(value)
    elif isinstance(value, dict) and set(value) == {"start", "end"}:
        period = Period(_date(value["start"], None), _date(value["end"], None))
    else:
        raise ValueProblem(
            f"expected a period ({PERIOD_FORMS}, or start/end), got {_type_name(value)}"
        )
    if not period.is_valid:
        shown = value if isinstance(value, str) else f"{period.start}/{period.end}"
        raise ValueProblem(f"the period {shown!r} ends before it starts")
    return period


def _number(value: Any, _: Any) -> model.Number:
    if _is_number(value):
        return typing.cast(model.Number, value)
    raise ValueProblem(f"expected a number, got {_type_name(value)}")


def _value(value: Any, _: Any) -> model.Value:
    if isinstance(value, bool) or _is_number(value):
        return typing.cast(model.Value, value)
    if isinstance(value, str):
        return _text(value)
    raise ValueProblem(f"expected a number, true/false or text, got {_type_name(value)}")


def _enum_choices(cls: type[Enum]) -> list[str]:
    return [str(member.value) for member in cls]


def _enum_hook(cls: type[Enum]) -> Any:
    by_label = {fold(LABELS[member]): member for member in cls if member in LABELS}

    def structure(value: Any, _: Any) -> Enum:
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        choices = _enum_choices(cls)
        listed = ", ".join(repr(c) for c in choices)
        message = f"{_type_name(value)} is not one of {listed}"
        if isinstance(value, str):
            guess = by_label.get(fold(value))
            guessed = str(guess.value) if guess else suggest(value, choices)
            if guessed:
                message += f"; did you mean {guessed!r}?"
        raise ValueProblem(message)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(dt.time, _time)
    conv.register_structure_hook(Period, _period)
    conv.register_structure_hook(model.Value, _value)
    conv.register_structure_hook(model.Number, _number)
    # cattrs dispatches unions exactly, so the optional form needs its own hook.
    conv.register_structure_hook(
        model.Number | None, lambda v, t: None if v is None else _number(v, t)
    )
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(dt.time, lambda t: t.strftime("%H:%M"))
    conv.register_unstructure_hook(Period, str)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Enum), _enum_hook
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Enum), lambda _: lambda e: e.value
    )

    conv.register_structure_hook_factory(lambda t: _origin(t) is list,
                                         lambda t: _list_hook(t, conv))
    conv.register_structure_hook_factory(lambda t: _origin(t) is dict,
                                         lambda t: _dict_hook(t, conv))

    def structure_attrs(cls: type) -> Any:
        return _structure_fields(cls, conv)

    def unstructure_attrs(cls: type) -> Any:
        return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)

    conv.register_structure_hook_factory(_is_model_class, structure_attrs)
    conv.register_unstructure_hook_factory(_is_model_class, unstructure_attrs)
    return conv


def _origin(tp: Any) -> Any:
    return typing.get_origin(tp)


def _list_hook(tp: Any, conv: cattrs.Converter) -> Any:
    """Lists are lists: cattrs would take a text for a list of its characters (``agenda:
    Mots d'ouverture`` as the items «M», «o», «t»…)."""
    items = cattrs.cols.list_structure_factory(tp, conv)

    def structure(value: Any, _: Any) -> list[Any]:
        if not isinstance(value, list):
            hint = ""
            if isinstance(value, str):
                hint = "; write one item per line, each after «- », or [a, b] on one line"
            raise ValueProblem(f"expected a list, got {_type_name(value)}{hint}")
        return items(value, tp)  # type: ignore[no-any-return]

    return structure


def _dict_hook(tp: Any, conv: cattrs.Converter) -> Any:
    pairs = cattrs.cols.mapping_structure_factory(tp, conv)

    def structure(value: Any, _: Any) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise ValueProblem(f"expected a mapping of names to values (commune: melun), "
                               f"got {_type_name(value)}")
        return pairs(value, tp)  # type: ignore[no-any-return]

    return structure


def _expected_mapping(cls: type) -> str:
    names = [a.name for a in attrs.fields(cls) if a.init]
    required = [a.name for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING]
    shown = list(dict.fromkeys([*required, *names]))[:3]
    more = ", …" if len(names) > len(shown) else ""
    return f"a mapping of fields ({', '.join(shown)}{more})"


def _structure_fields(cls: type, conv: cattrs.Converter) -> Any:
    """The structure hook of a model class: a loop over its fields.

    It does what cattrs' generated hook does with ``forbid_extra_keys`` and detailed
    validation — the same statements in the same order, the same exceptions and notes —
    without generating and compiling a function per class, which took about a third
    of the time of loading one contract. Field hooks are looked up on first use, so classes
    that contain themselves (objectives) need no special case.
    """
    name = cls.__name__
    allowed = frozenset(a.name for a in attrs.fields(cls))
    fields: list[tuple[str, Any, Any, bool, AttributeValidationNote]] = []
    prepared = False

    def prepare() -> None:
        nonlocal prepared
        attrs.resolve_types(cls)
        fields[:] = [
            (a.name, a.type, conv.get_structure_hook(a.type), a.default is attrs.NOTHING,
             AttributeValidationNote(f"Structuring class {name} @ attribute {a.name}",
                                     a.name, a.type))
            for a in attrs.fields(cls) if a.init]
        prepared = True

    def structure(o: Any, _: Any) -> Any:
        if not isinstance(o, dict):
            raise ValueProblem(f"expected {_expected_mapping(cls)}, got {_type_name(o)}")
        if not prepared:
            prepare()
        res: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, type_, hook, required, note in fields:
            if required or key in o:
                try:
                    res[key] = hook(o[key], type_)
                except Exception as e:
                    if (key == "date" and isinstance(e, ValueProblem) and e.period
                            and "period" in allowed):
                        e = ValueProblem(
                            f"expected a date written YYYY-MM-DD, got {_type_name(o[key])}; "
                            f"when only the {_loose_unit(e.period)} is known, write "
                            f"period: {e.period}")
                    e.__notes__ = [*getattr(e, "__notes__", []), note]
                    errors.append(e)
        unknown = set(o.keys()) - allowed
        if unknown:
            errors.append(ForbiddenExtraKeysError("", cls, unknown))
        if errors:
            raise ClassValidationError(f"While structuring {name}", errors, cls)
        try:
            return cls(**res)
        except Exception as exc:
            raise ClassValidationError(f"While structuring {name}", [exc], cls) from exc

    return structure


def _loose_unit(text: str) -> str:
    """What a period written where a date was expected stands for: year, month…"""
    period = Period.parse(text)
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.year != end.year:
        return "span of years"
    return {12: "year", 6: "half-year", 3: "quarter", 1: "month"}.get(months, "period")


def _is_model_class(cls: Any) -> bool:
    return isinstance(cls, type) and getattr(cls, "__module__", "") == model.__name__ and hasattr(
        cls, "__attrs_attrs__"
    )


#: The converter. ``converter.structure(data, Contract)`` and ``converter.unstructure``.
converter: cattrs.Converter = _make_converter()
