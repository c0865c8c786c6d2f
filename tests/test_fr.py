"""French formatting: dates agree with Babel's French calendar, numbers use its rules."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from clskit import fr


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_is_babels_french_date_with_premier(day: dt.date) -> None:
    expected = format_date(day, "d MMMM y", locale="fr_FR")
    if day.day == 1:
        expected = "1er" + expected[1:]
    assert fr.date(day) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_weekday_date_is_babels(day: dt.date) -> None:
    expected = format_date(day, "EEEE d MMMM y", locale="fr_FR")
    if day.day == 1:
        expected = expected.replace(" 1 ", " 1er ", 1)
    assert fr.date(day, weekday=True) == expected


@given(st.integers(min_value=-10**18, max_value=10**18),
       st.one_of(st.none(), st.integers(min_value=0, max_value=3)))
def test_whole_numbers_are_babels(value: int, decimals: int | None) -> None:
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    assert fr.number(value, decimals) == format_decimal(value, format=pattern, locale="fr_FR")


def test_examples() -> None:
    assert fr.date(dt.date(2021, 12, 7)) == "7 décembre 2021"
    assert fr.date(dt.date(2021, 10, 1), weekday=True) == "vendredi 1er octobre 2021"
    assert fr.number(229203) == "229\u202f203"
    assert fr.number(12.5) == "12,5"
    assert fr.percent(45) == "45\u00a0%"
