"""Indonesian working-day calendar: weekends, national holidays and cuti bersama.

Holidays come from the maintained `holidays` library (country ``ID``, categories
``public`` and ``government`` — the latter holds the cuti bersama / joint leave days
set by the SKB 3 Menteri), plus extra dates from the project config (a regional
holiday, a late-announced cuti bersama) minus removed dates (a day the library lists
but the Pemkab worked). Saturdays and Sundays are never working days.

Every function takes and returns pandas Series and is vectorised with numpy's
business-day functions; the years a call needs are derived from its data (min..max
year ± 1) and the holiday table is extended lazily and cached.

Deadline rules (`WorkCalendar.deadline`):

- ``day_of_next_month:N`` — day N of the month after the date (clamped to that
  month's last day), moved to the next working day when it is not one;
- ``end_of_next_month`` — last day of the month after the date, moved likewise;
- ``same_day`` — the date itself;
- ``workdays:N`` — the N-th working day after the date;
- ``days:N`` — N calendar days after the date (not moved).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import holidays
import numpy as np
import pandas as pd

WEEKMASK = "1111100"
CATEGORIES = ("public", "government")
DEADLINE_RULES = ("day_of_next_month:N", "end_of_next_month", "same_day", "workdays:N", "days:N")
_RULE = re.compile(r"^\s*(day_of_next_month|workdays|days)\s*:\s*(-?\d+)\s*$|^\s*(\w+)\s*$")
_DAY = np.timedelta64(1, "D")
_EPOCH = np.datetime64("2000-01-01", "D")


def _days(dates: pd.Series) -> np.ndarray:
    """A Series of dates (any datetime dtype, strings, NaT) → numpy datetime64[D]."""
    values = pd.to_datetime(dates, errors="coerce")
    return np.asarray(values.to_numpy(), dtype="datetime64[D]")


def _series(days: np.ndarray, like: pd.Series) -> pd.Series:
    """Turn numpy datetime64[D] into a datetime Series on `like`'s index."""
    return pd.Series(days.astype("datetime64[s]"), index=like.index)


def _iso(values: Iterable[str | date]) -> set[date]:
    """ISO date strings or dates → a set of dates."""
    return {pd.Timestamp(v).date() for v in values}


class WorkCalendar:
    """Working days in Indonesia: Mon–Fri except national holidays and cuti bersama.

    `extra` adds holiday dates, `removed` turns listed holidays back into working days
    (weekends stay weekends). Both accept ISO strings or `datetime.date`.
    """

    def __init__(
        self,
        extra: Iterable[str | date] = (),
        removed: Iterable[str | date] = (),
    ) -> None:
        """Create a calendar; the holiday table is built lazily per year range."""
        self.extra = frozenset(_iso(extra))
        self.removed = frozenset(_iso(removed))
        self._years: tuple[int, int] | None = None
        self._cal = np.busdaycalendar(weekmask=WEEKMASK)

    def __reduce__(self) -> tuple[type[WorkCalendar], tuple[list[date], list[date]]]:
        """Pickled as its added and removed dates (the holiday table is built again lazily)."""
        return WorkCalendar, (sorted(self.extra), sorted(self.removed))

    # --- the holiday table -----------------------------------------------------

    def holiday_dates(self, years: Iterable[int]) -> list[date]:
        """Sorted non-working dates (besides weekends) of `years`."""
        years = list(years)
        found = holidays.country_holidays("ID", years=years, categories=CATEGORIES)
        span = set(years)
        dates = (set(found) | {d for d in self.extra if d.year in span}) - self.removed
        return sorted(d for d in dates if d.year in span)

    def _calendar(self, *arrays: np.ndarray, pad: int = 1) -> np.busdaycalendar:
        """The numpy business-day calendar covering the years of `arrays` ± `pad`."""
        known = np.concatenate([a[~np.isnat(a)] for a in arrays]) if arrays else np.array([])
        if known.size == 0:
            return self._cal
        years = known.astype("datetime64[Y]").astype(int) + 1970
        lo, hi = int(years.min()) - pad, int(years.max()) + pad
        if self._years is None or lo < self._years[0] or hi > self._years[1]:
            if self._years is not None:
                lo, hi = min(lo, self._years[0]), max(hi, self._years[1])
            table = np.array(self.holiday_dates(range(lo, hi + 1)), dtype="datetime64[D]")
            self._cal = np.busdaycalendar(weekmask=WEEKMASK, holidays=table)
            self._years = (lo, hi)
        return self._cal

    # --- vectorised day arithmetic ---------------------------------------------

    def is_workday(self, dates: pd.Series) -> pd.Series:
        """True on working days; NA where the date is blank (dtype ``boolean``)."""
        days = _days(dates)
        result = np.is_busday(days, busdaycal=self._calendar(days))
        out = pd.Series(result, index=dates.index, dtype="boolean")
        out[np.isnat(days)] = pd.NA
        return out

    def workdays_between(self, start: pd.Series, end: pd.Series) -> pd.Series:
        """Working days after `start` up to and including `end` (Int64; NA on a blank).

        Negative when `end` is before `start` (then minus the count from `end` to `start`).
        """
        a, b = _days(start), _days(end)
        blank = np.isnat(a) | np.isnat(b)
        cal = self._calendar(a, b)
        a, b = np.where(blank, _EPOCH, a), np.where(blank, _EPOCH, b)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        count = np.busday_count(lo + _DAY, hi + _DAY, busdaycal=cal) * np.where(b < a, -1, 1)
        out = pd.Series(count, index=start.index, dtype="Int64")
        out[blank] = pd.NA
        return out

    def add_workdays(self, dates: pd.Series, n: int) -> pd.Series:
        """The n-th working day after each date (before it when n < 0); n = 0 keeps it.

        A date that is not a working day counts from itself: 1 working day after a
        Saturday is the Monday.
        """
        days = _days(dates)
        if n == 0:
            return _series(days, dates)
        cal = self._calendar(days, pad=1 + abs(n) // 200)
        if n > 0:
            return _series(np.busday_offset(days, n, roll="backward", busdaycal=cal), dates)
        return _series(np.busday_offset(days, n, roll="forward", busdaycal=cal), dates)

    def next_workday(self, dates: pd.Series) -> pd.Series:
        """The date itself when it is a working day, else the next working day."""
        days = _days(dates)
        moved = np.busday_offset(days, 0, roll="forward", busdaycal=self._calendar(days))
        return _series(moved, dates)

    # --- deadlines -------------------------------------------------------------

    def deadline(self, dates: pd.Series, rule: str) -> pd.Series:
        """Apply a deadline rule (see the module docstring) to each date; NaT stays NaT."""
        name, number = parse_rule(rule)
        days = _days(dates)
        if name == "same_day":
            return _series(days, dates)
        if name == "days":
            return _series(days + np.timedelta64(number, "D"), dates)
        if name == "workdays":
            return self.add_workdays(dates, number)
        month = days.astype("datetime64[M]")
        last = (month + 2).astype("datetime64[D]") - _DAY
        if name == "end_of_next_month":
            target = last
        else:
            target = np.minimum((month + 1).astype("datetime64[D]") + (number - 1) * _DAY, last)
        return self.next_workday(_series(target, dates))


def parse_rule(rule: str) -> tuple[str, int]:
    """Split a deadline rule into (name, number); ValueError when it is not one."""
    match = _RULE.match(str(rule))
    if match and match.group(1):
        name, number = match.group(1), int(match.group(2))
        if name == "day_of_next_month" and not 1 <= number <= 31:
            raise ValueError(f"day_of_next_month: day {number} not in 1..31")
        return name, number
    if match and match.group(3) in ("end_of_next_month", "same_day"):
        return match.group(3), 0
    raise ValueError(
        f"aturan tenggat tidak dikenal / unknown deadline rule {rule!r}; "
        f"expected one of {', '.join(DEADLINE_RULES)}"
    )


def is_rule(text: object) -> bool:
    """Whether `text` is a valid deadline rule."""
    try:
        parse_rule(str(text))
    except ValueError:
        return False
    return True
