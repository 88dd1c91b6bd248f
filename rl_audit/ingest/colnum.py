"""Column-number rows inside a table (`1 | 2 | 3`, `6 = ( 3 x 5 )`), found vectorised.

The layout skips the numbering row right under the header (`Layout.colnum_rows`).
Prints that repeat the header on every page repeat that row inside the table too, and
some sheets put a blank or a units row in between; read as data, `5 | 6 | 7` would
become money. A row is a numbering row when it has at least three filled cells, each
a column number (`3`, `(3)`, `3.0`) or a numbering formula (`6 = (3 x 5)`,
`12 = (6+8+10)`), and its numbers never fall from left to right.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.ingest import values
from rl_audit.ingest.textmask import regex_mask

MIN_CELLS = 3
# each whitespace run matched once (`\s*\(?\s*` is quadratic on a cell of spaces)
_NUMBER = r"^\s*(?:\(\s*)?(\d{1,3})(?:\.0+)?\s*(?:\)\s*)?$"
_FORMULA = r"^\s*(?:\(\s*)?(\d{1,3})\s*(?:\)\s*)?="
_CELL = f"{_NUMBER}|{_FORMULA}"


def _is_number(column: pd.Series) -> pd.Series:
    """Numeric cells holding a whole number from 1 to 999."""
    v = pd.to_numeric(column, errors="coerce").astype("float64")
    return (v == v.round()) & (v >= 1) & (v < 1000)


def _numbering_like(column: pd.Series) -> pd.Series:
    """Cells that read as a column number or a numbering formula."""
    if column.dtype.kind in "iuf":
        return _is_number(column)
    return regex_mask(column.astype(str).where(column.notna()), _CELL)


def _numbers(column: pd.Series) -> pd.Series:
    """The column number each cell states (NaN where none)."""
    if column.dtype.kind in "iuf":
        return column.astype("float64").where(_is_number(column))
    text = column.astype("string")
    found = text.str.extract(_NUMBER, expand=False)
    found = found.fillna(text.str.extract(_FORMULA, expand=False))
    return pd.to_numeric(found, errors="coerce").astype("float64")


def colnum_rows(raw: pd.DataFrame, blank: np.ndarray | None = None) -> pd.Series:
    """True for the rows of `raw` (cells as loaded) that number the columns.

    `blank`: the cells' blank mask when the caller has it (`values.blank_frame(raw)`).
    """
    out = pd.Series(False, index=raw.index)
    if raw.empty:
        return out
    blank = values.blank_frame(raw) if blank is None else blank
    filled = pd.DataFrame(~blank, index=raw.index, columns=raw.columns)
    like = pd.DataFrame({c: _numbering_like(raw[c]) for c in raw.columns})
    candidate = (filled.sum(axis=1) >= MIN_CELLS) & (like | ~filled).all(axis=1)
    if not candidate.any():
        return out
    rows = raw.loc[candidate]
    numbers = pd.DataFrame({c: _numbers(rows[c]) for c in rows.columns})
    before = numbers.ffill(axis=1).shift(1, axis=1)
    out.loc[candidate] = ~(numbers < before).any(axis=1)
    return out
