from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from clskit import Period
from strategies import periods


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("2021-Q4", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2021q1", dt.date(2021, 1, 1), dt.date(2021, 3, 31)),
        ("2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2021/2023", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        ("2021-2023", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        ("2021-10-04/2021-11-18", dt.date(2021, 10, 4), dt.date(2021, 11, 18)),
        ("2021-10-04..2021-11-18", dt.date(2021, 10, 4), dt.date(2021, 11, 18)),
    ],
)
def test_parse(text: str, start: dt.date, end: dt.date) -> None:
    assert Period.parse(text) == Period(start, end)


@pytest.mark.parametrize("text", ["", "2021-Q5", "2021-13", "T4 2021", "21/23"])
def test_parse_refuses_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match="2021-Q4"):
        Period.parse(text)


@given(periods)
def test_str_reads_back(period: Period) -> None:
    assert Period.parse(str(period)) == period


def test_membership_and_overlap() -> None:
    q4 = Period.quarter(2021, 4)
    assert dt.date(2021, 12, 7) in q4
    assert dt.date(2022, 1, 1) not in q4
    assert q4.overlaps(Period.year(2021))
    assert Period.year(2021).contains_period(q4)
    assert str(q4) == "2021-Q4"
