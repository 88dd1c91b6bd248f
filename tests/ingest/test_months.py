"""Tests for rl_audit.ingest.months: months (`bulan`) to the first day of the month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rl_audit.ingest.months import parse_month
from rl_audit.ingest.normalise import parse_column

SPELLINGS = {
    1: ["Januari", "Jan", "January"],
    2: ["Februari", "Pebruari", "Feb", "Peb"],
    3: ["Maret", "Mar", "March"],
    4: ["April", "Apr"],
    5: ["Mei", "May"],
    6: ["Juni", "Jun", "June"],
    7: ["Juli", "Jul", "July"],
    8: ["Agustus", "Agt", "Agu", "Aug", "August"],
    9: ["September", "Sept", "Sep"],
    10: ["Oktober", "Okt", "Oct", "October"],
    11: ["November", "Nopember", "Nop", "Nov"],
    12: ["Desember", "Des", "Dec", "December"],
}
months = st.integers(1, 12)
years = st.integers(2000, 2099)
seps = st.sampled_from([" ", "-", "/", ". ", " - ", "'"])


def one(cell: object, year: int | None = None) -> tuple[object, bool]:
    """Parse one cell; returns (value, bad)."""
    res = parse_month(pd.Series([cell], dtype=object), year)
    return res.values.iloc[0], bool(res.bad.iloc[0])


def cased(word: str, how: int) -> str:
    """`word` as typed: as listed, upper or lower case."""
    return (word, word.upper(), word.lower())[how]


@settings(max_examples=200, deadline=None)
@given(month=months, year=years, data=st.data())
def test_month_name_with_year(month: int, year: int, data: st.DataObject) -> None:
    name = cased(data.draw(st.sampled_from(SPELLINGS[month])), data.draw(st.integers(0, 2)))
    short = data.draw(st.booleans())
    text = f"{name}{data.draw(seps)}{year % 100:02d}" if short else f"{name} {year}"
    assert one(text, year=1999) == (pd.Timestamp(year, month, 1), False)


@settings(max_examples=200, deadline=None)
@given(month=months, year=years, data=st.data())
def test_month_name_without_year_takes_the_document_year(
    month: int, year: int, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(SPELLINGS[month]))
    assert one(name, year=year) == (pd.Timestamp(year, month, 1), False)
    value, bad = one(name)  # the year unknown: never guessed
    assert pd.isna(value) and bad


@settings(max_examples=200, deadline=None)
@given(month=months, year=years, form=st.integers(0, 3))
def test_numeric_months(month: int, year: int, form: int) -> None:
    text = (f"{month:02d}/{year}", f"{month}-{year}", f"{year}-{month:02d}", f"{month}/{year}")
    assert one(text[form], year=1999) == (pd.Timestamp(year, month, 1), False)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), as_text=st.booleans())
def test_dates_become_the_first_of_their_month(day: dt.date, as_text: bool) -> None:
    cell: object = (
        day.strftime("%d/%m/%Y") if as_text else dt.datetime(day.year, day.month, day.day)
    )
    assert one(cell) == (pd.Timestamp(day.year, day.month, 1), False)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.one_of(st.text(max_size=20), st.integers(-5, 99999), st.none())))
def test_any_cell_is_a_first_of_month_or_unparsed(cells: list[object]) -> None:
    res = parse_month(pd.Series(cells, dtype=object), 2025)
    found = res.values.dropna()
    assert (found.dt.day == 1).all()
    assert not (res.bad & res.values.notna()).any()
    assert res.values.index.equals(res.bad.index) and len(res.values) == len(cells)


@pytest.mark.parametrize("cell", ["13/2025", "Koordinator", "Januari s/d Maret 2025", "0/2025"])
def test_not_a_month_is_unparsed(cell: str) -> None:
    value, bad = one(cell, year=2025)
    assert pd.isna(value) and bad


@pytest.mark.parametrize("cell", [None, "", "-", "  "])
def test_blank_is_blank_not_unparsed(cell: object) -> None:
    value, bad = one(cell, year=2025)
    assert pd.isna(value) and not bad


def test_parse_column_passes_the_year_to_repeated_months() -> None:
    """Repeating values are parsed once per distinct value, with the document's year."""
    column = pd.Series(["Januari"] * 5 + ["Feb"] * 5, dtype=object)
    res = parse_column(column, "month", 2024)
    assert res.values.tolist() == [pd.Timestamp(2024, 1, 1)] * 5 + [pd.Timestamp(2024, 2, 1)] * 5
    assert not res.bad.any()
    assert parse_column(column, "month").bad.all()
