"""Vectorised date parsing: `parse_date` and its helpers.

Dates come as datetime cells, Excel 1900-system serial numbers (20000–80000, i.e.
1954–2119) or text read day-first: '12/01/25', '12-Agu-2025', '12 Agustus 2025', ISO
dates with an optional time, serials written as text. Month names may be Indonesian or
English, full or abbreviated. Everything is normalised to midnight, datetime64[ns].

Built on the column helpers of :mod:`rl_audit.ingest.columns`, which re-exports
`parse_date` for its callers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rl_audit.ingest import columns as col
from rl_audit.ingest.columns import Parsed

_DATE_SEP = f"[/.,{col.WS_CHARS}-]+"
_DATE_RE = (
    r"^(?:(?:[a-z]+-)?(?P<a>[0-9]{1,4})-(?P<b>[0-9]{1,2}|[a-z]+)-(?P<c>[0-9]{1,4})"
    r"(?:[-t][0-9]{1,2}:[0-9:+-]*z?)?|(?P<ser>[0-9]{5}(?:-[0-9]+)?))\Z"
)
_MONTH_WORDS = (  # month n is the n-th "|"-separated group; Indonesian and English
    "januari jan january|februari pebruari feb peb february|maret mar march|april apr|"
    "mei may|juni jun june|juli jul july|agustus agu agt agst agts agust ags aug august|"
    "september sep sept|oktober okt oct october|november nopember nov nop|desember des dec december"
)
_MONTHS = {w: n + 1 for n, group in enumerate(_MONTH_WORDS.split("|")) for w in group.split()}
_MONTH_KEYS = pa.array(list(_MONTHS), pa.large_string())
_MONTH_NUMS = np.array(list(_MONTHS.values()) + [0], dtype="float64")  # last: not found
_SERIAL_MIN, _SERIAL_MAX = 20000.0, 80000.0
_NAT = np.datetime64("NaT", "ns")


def _ymd_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Build datetime64[ns] from float year/month/day arrays; invalid → NaT."""
    y, m, d = (np.nan_to_num(c, nan=0.0).astype("int64") for c in (year, month, day))
    months = ((y - 1970) * 12 + m - 1).astype("datetime64[M]")
    dates = months.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    ok = (y >= 1678) & (y <= 2261) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
    ok &= dates.astype("datetime64[M]") == months
    return np.where(ok, dates.astype("datetime64[ns]"), _NAT)


def _serial_dates(serial: np.ndarray) -> np.ndarray:
    """Excel 1900-system serials (20000–80000) to datetime64[ns]; others → NaT."""
    ok = (serial >= _SERIAL_MIN) & (serial <= _SERIAL_MAX)
    days = np.floor(np.where(ok, serial, 0.0)).astype("int64").astype("timedelta64[D]")
    return np.where(ok, (np.datetime64("1899-12-30", "D") + days).astype("datetime64[ns]"), _NAT)


def month_number(word: pd.Series) -> np.ndarray:
    """Month number from a numeric ('01') or named ('Agustus', 'Sep') month; else NaN."""
    named = pc.index_in(pa.array(word.array), value_set=_MONTH_KEYS).to_numpy(zero_copy_only=False)
    by_name = _MONTH_NUMS[np.nan_to_num(named, nan=len(_MONTHS)).astype("int64")]
    numeric = col.floats(word.where(col.has(word, r"^[0-9]+\Z")))
    return np.where(np.isnan(numeric), np.where(by_name > 0, by_name, np.nan), numeric)


def _text_dates(text: pd.Series) -> np.ndarray:
    """Parse date strings day-first ('12/01/25', '12-Agu-2025', ISO, serial digits)."""
    sep = _DATE_SEP if not col.is_ascii(text) else "[/., \t\r\n\x0b\x0c-]+"
    t = text.str.lower().str.replace(sep, "-", regex=True).str.strip("-")
    m = col.extract(t, _DATE_RE)
    a, c, clen = col.floats(m["a"]), col.floats(m["c"]), np.asarray(m["c"].str.len())
    a4 = np.asarray(m["a"].str.len() == 4)
    year = np.where(a4, a, np.where(clen == 2, c + 2000, np.where(clen == 4, c, np.nan)))
    dates = _ymd_dates(year, month_number(m["b"]), np.where(a4, c, a))
    serial = _serial_dates(col.floats(m["ser"].str.replace("-", ".", regex=False)))
    return np.where(np.isnat(serial), dates, serial)


def _object_dates(s: pd.Series, other: np.ndarray) -> np.ndarray:
    """Datetime-typed cells (datetime64 dtype or datetime objects) to naive ns."""
    if not other.any():
        return np.full(len(s), _NAT)
    dt = pd.to_datetime(s.where(other), errors="coerce")
    if isinstance(dt.dtype, pd.DatetimeTZDtype):
        dt = dt.dt.tz_localize(None)
    return np.asarray(dt.astype("datetime64[ns]"), dtype="datetime64[ns]")


def parse_date(s: pd.Series) -> Parsed:
    """Parse dates (datetimes, Excel serials, 'dd/mm/yyyy', '12 Agustus 2025', ...)."""
    cells = col.split_cells(s)
    out = _object_dates(s, cells.other)
    out = np.where(np.isnat(out), _serial_dates(cells.num), out)
    if col.flag(cells.text).any():
        out = np.where(np.isnat(out), _text_dates(cells.text), out)
    values = pd.Series(out, index=s.index, dtype="datetime64[ns]").dt.normalize()
    bad = np.isnat(out) & ~col.blank_cells(s, cells) & ~col.is_dash(cells.text)
    return Parsed(values, pd.Series(bad, index=s.index))
