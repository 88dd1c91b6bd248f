"""Vectorised parsing of months (`bulan` of a honor list) to the first day of the month.

A month is written as a name, Indonesian or English, full, abbreviated or misspelt
(`Januari`, `Jan`, `Pebruari`, `Agt`, `Nop`, `Dec`), with or without a year
(`Januari 2025`, `Jan-25`), as numbers (`01/2025`, `1-2025`, `2025-01`), or as a real
date (a date cell, an Excel serial, `15/01/2025`). Every form becomes the first day of
its month (datetime64[ns]), so `month(bulan)` and grouping by `bulan` work.

A month without a year takes `year` (the year the document's title block names); with no
such year it stays unparsed: the month of an unknown year is never guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.ingest import columns as col
from rl_audit.ingest.columns import Parsed
from rl_audit.ingest.dates import month_number, parse_date

MONTH_RE = (
    r"^(?:bulan-)?(?:(?P<name>[a-z]+)(?:-(?P<ny>[0-9]{4}|[0-9]{2}))?"
    r"|(?P<num>[0-9]{1,2})-(?P<y>[0-9]{4})|(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2}))\Z"
)
_SEP = f"[/.,'’{col.WS_CHARS}-]+"
_NAT = np.datetime64("NaT", "ns")


def first_of_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """datetime64[ns] of the first day of (year, month) from float arrays; invalid → NaT."""
    ok = np.isfinite(year) & np.isfinite(month) & (month >= 1) & (month <= 12)
    ok &= (year >= 1900) & (year <= 2200)
    y = np.where(ok, year, 1970).astype("int64")
    m = np.where(ok, month, 1).astype("int64")
    months = ((y - 1970) * 12 + m - 1).astype("datetime64[M]")
    return np.where(ok, months.astype("datetime64[ns]"), _NAT)


def _year(text: pd.Series, default: int | None) -> np.ndarray:
    """Four- or two-digit years (`25` → 2025); missing → `default` (or NaN)."""
    value = col.floats(text)
    value = np.where(text.str.len().to_numpy(dtype="float64", na_value=0) == 2, value + 2000, value)
    return np.where(np.isnan(value), np.nan if default is None else float(default), value)


def _text_months(text: pd.Series, year: int | None) -> np.ndarray:
    """Month texts (name, `01/2025`, `2025-01`) to the first of the month; else NaT."""
    t = text.str.lower().str.replace(_SEP, "-", regex=True).str.strip("-")
    m = col.extract(t, MONTH_RE)
    named = first_of_month(_year(m["ny"], year), month_number(m["name"]))
    numeric = first_of_month(_year(m["y"], None), col.floats(m["num"]))
    iso = first_of_month(_year(m["iy"], None), col.floats(m["im"]))
    return np.where(np.isnat(named), np.where(np.isnat(numeric), iso, numeric), named)


def _to_month_start(dates: np.ndarray) -> np.ndarray:
    """Dates (datetime64[ns], NaT kept) moved to the first day of their month."""
    return dates.astype("datetime64[M]").astype("datetime64[ns]")


def parse_month(s: pd.Series, year: int | None = None) -> Parsed:
    """Parse months to the first day of the month; a month without a year takes `year`."""
    cells = col.split_cells(s)
    out = np.full(len(s), _NAT)
    if col.flag(cells.text).any():
        out = _text_months(cells.text, year)
    small = np.where((cells.num >= 1) & (cells.num <= 12) & (cells.num % 1 == 0), cells.num, np.nan)
    out = np.where(np.isnat(out), first_of_month(_year(col.no_text(s.index), year), small), out)
    dated = np.asarray(parse_date(s.where(np.isnat(out))).values, dtype="datetime64[ns]")
    out = np.where(np.isnat(out), _to_month_start(dated), out)
    values = pd.Series(out, index=s.index, dtype="datetime64[ns]")
    bad = np.isnat(out) & ~col.blank_cells(s, cells) & ~col.is_dash(cells.text)
    return Parsed(values, pd.Series(bad, index=s.index))
