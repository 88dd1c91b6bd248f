"""WorkCalendar: Indonesian holidays, cuti bersama and deadline rules."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.catalog.calendar import WorkCalendar, is_rule, parse_rule

CAL = WorkCalendar()


def dates(*values: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)))


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2025-03-31", False),  # Idul Fitri 1446 H
        ("2025-04-01", False),  # Idul Fitri, second day
        ("2025-04-02", False),  # cuti bersama Idul Fitri
        ("2025-04-07", False),  # cuti bersama Idul Fitri
        ("2025-04-08", True),
        ("2025-03-28", False),  # cuti bersama Nyepi (Friday)
        ("2025-08-16", False),  # Saturday
        ("2025-08-17", False),  # Independence Day, a Sunday
        ("2025-08-18", False),  # cuti bersama for 17 August
        ("2025-08-19", True),
        ("2025-12-26", False),  # cuti bersama Natal
        ("2025-01-02", True),
        ("2024-02-14", False),  # general election day
    ],
)
def test_is_workday(day: str, workday: bool) -> None:
    assert CAL.is_workday(dates(day)).tolist() == [workday]


def test_is_workday_blank_is_na_and_keeps_index() -> None:
    s = pd.Series(pd.to_datetime(["2025-01-02", None]), index=[7, 9])
    out = CAL.is_workday(s)
    assert list(out.index) == [7, 9]
    assert bool(out.iloc[0])
    assert out.isna().tolist() == [False, True]


def test_extra_and_removed_dates() -> None:
    cal = WorkCalendar(extra=["2025-01-02"], removed=["2025-12-26"])
    out = cal.is_workday(dates("2025-01-02", "2025-12-26", "2025-12-25"))
    assert out.tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("day", "rule", "expected"),
    [
        # PPh for January 2025: 15 Feb 2025 is a Saturday → Monday 17 Feb
        ("2025-01-20", "day_of_next_month:15", "2025-02-17"),
        ("2025-01-31", "day_of_next_month:15", "2025-02-17"),
        # before 2025: the 10th; 10 Feb 2024 is a Saturday (and Imlek) → Monday 12 Feb
        ("2024-01-05", "day_of_next_month:10", "2024-02-12"),
        # the 15th falling in Idul Fitri 2024 leave? 15 Apr 2024 is cuti bersama → 16 Apr
        ("2024-03-05", "day_of_next_month:15", "2024-04-16"),
        # PPN: end of next month; 28 Feb 2025 is a Friday and stays
        ("2025-01-10", "end_of_next_month", "2025-02-28"),
        # leap year
        ("2024-01-10", "end_of_next_month", "2024-02-29"),
        # 31 May 2025 is a Saturday → Monday 2 June
        ("2025-04-15", "end_of_next_month", "2025-06-02"),
        # across the year end: December withholding, deadline in January
        ("2024-12-31", "day_of_next_month:15", "2025-01-15"),
        # day 31 in a 28-day month is clamped to the month end
        ("2025-01-05", "day_of_next_month:31", "2025-02-28"),
        ("2025-03-15", "same_day", "2025-03-15"),
        # one working day after Friday 28 Mar 2025 (cuti bersama) is Tuesday 8 Apr
        ("2025-03-27", "workdays:1", "2025-04-08"),
        ("2025-01-10", "workdays:1", "2025-01-13"),
        # counted from a Saturday: the Monday is the first working day after it
        ("2025-01-11", "workdays:1", "2025-01-13"),
        ("2025-01-10", "days:3", "2025-01-13"),
    ],
)
def test_deadline(day: str, rule: str, expected: str) -> None:
    assert CAL.deadline(dates(day), rule).tolist() == [pd.Timestamp(expected)]


def test_deadline_blank_stays_blank() -> None:
    out = CAL.deadline(dates("2025-01-10", None), "day_of_next_month:15")
    assert out.isna().tolist() == [False, True]


@pytest.mark.parametrize("rule", ["day_of_next_month", "day_of_next_month:0", "weeks:2", ""])
def test_bad_rule(rule: str) -> None:
    assert not is_rule(rule)
    with pytest.raises(ValueError):
        parse_rule(rule)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2025-03-27", "2025-04-08", 1),  # Lebaran 2025: 28 Mar – 7 Apr off
        ("2025-03-27", "2025-04-07", 0),
        ("2025-03-26", "2025-04-09", 3),  # 27 Mar, 8 Apr, 9 Apr
        ("2025-01-10", "2025-01-13", 1),  # Friday → Monday
        ("2025-01-10", "2025-01-10", 0),
        ("2025-04-08", "2025-03-27", -1),
        ("2025-01-13", "2025-01-10", -1),
        (None, "2025-01-10", None),
        ("2025-01-10", None, None),
    ],
)
def test_workdays_between(start: str | None, end: str | None, count: int | None) -> None:
    out = CAL.workdays_between(dates(start), dates(end))
    assert str(out.dtype) == "Int64"
    if count is None:
        assert out.isna().all()
    else:
        assert out.iloc[0] == count


def test_add_workdays_and_next_workday() -> None:
    s = dates("2025-03-27", "2025-03-29", "2025-04-08", None)
    assert CAL.add_workdays(s, 2).tolist()[:3] == [
        pd.Timestamp("2025-04-09"),
        pd.Timestamp("2025-04-09"),
        pd.Timestamp("2025-04-10"),
    ]
    assert CAL.add_workdays(s, -1).tolist()[:3] == [
        pd.Timestamp("2025-03-26"),
        pd.Timestamp("2025-03-27"),
        pd.Timestamp("2025-03-27"),
    ]
    assert CAL.add_workdays(s, 0).tolist()[:3] == list(s[:3])
    nxt = CAL.next_workday(s)
    assert nxt.tolist()[:3] == [
        pd.Timestamp("2025-03-27"),
        pd.Timestamp("2025-04-08"),
        pd.Timestamp("2025-04-08"),
    ]
    assert nxt.isna().tolist() == [False, False, False, True]


def test_years_extend_lazily() -> None:
    cal = WorkCalendar()
    cal.is_workday(dates("2025-06-01"))
    first = cal._years
    assert cal.is_workday(dates("2021-05-13")).tolist() == [False]  # Idul Fitri 2021
    assert cal._years is not None and first is not None
    assert cal._years[0] <= 2020 and cal._years[1] == first[1]


def test_all_blank_input() -> None:
    s = dates(None, None)
    assert CAL.is_workday(s).isna().all()
    assert CAL.deadline(s, "end_of_next_month").isna().all()
    assert CAL.workdays_between(s, s).isna().all()
