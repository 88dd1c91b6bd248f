"""Column helpers shared by the value parsers (`values`, `numbers`, `dates` of ingest).

A column of any dtype is split into text, numeric and other cells; text is searched and
cast with pyarrow string kernels (RE2 regular expressions), never row by row. The
:class:`Parsed` result type lives here so that the parsers share it without importing
each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

STR = pd.StringDtype("pyarrow", na_value=np.nan)  # internal: missing = NaN, bool results
OUT = pd.StringDtype("pyarrow")  # public text results: missing = <NA>
WS_CHARS = " \t\r\n\x0b\x0c\u00a0\u1680\u2007\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
WS = f"[{WS_CHARS}]+"
UDASH = "[\u2013\u2014\u2212]"  # en dash, em dash, minus sign
DASHES = ["-", "\u2013", "\u2014", "\u2212"]
BLANK_WORDS = ["", "null", "undefined", "nan", "none"]
PUNCT = "[!-/:-@\\[-`{-~\u00a1-\u00bf\u2010-\u2027\u2030-\u205e]+"


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one column: values, a mask of unparseable cells, notes."""

    values: pd.Series  # parsed values, same index as input
    bad: pd.Series  # bool mask: cell non-empty but could not be parsed
    note: str | None = None  # e.g. "ambiguous" when the number locale was uncertain
    locale: str | None = None  # money/number: "id" (1.234,5) or "us" (1,234.5) or None


@dataclass(frozen=True)
class Cells:
    """A column split by cell type: text cells, numeric cells, anything else."""

    text: pd.Series  # STR; NaN where the cell is not a string
    num: np.ndarray  # float64; NaN where the cell is not a number
    other: np.ndarray  # bool: non-null cell that is neither (datetimes, ...)


def split_cells(s: pd.Series) -> Cells:
    """Split a column of any dtype into text, numeric and other cells (vectorised)."""
    nan, no = np.full(len(s), np.nan), np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if isinstance(s.dtype, pd.StringDtype):
        return Cells(s.astype(STR), nan, no)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return Cells(no_text(s.index), s.to_numpy(dtype="float64", na_value=np.nan), no)
    if s.dtype != object:
        return Cells(no_text(s.index), nan, np.asarray(s.notna()))
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "mixed", "mixed-integer"):
        is_text = s.notna() if kind == "string" else s.str.len().notna()
    else:
        is_text = s.isna() & False
    rest = s.where(~is_text)
    num = pd.to_numeric(rest, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return Cells(s.where(is_text).astype(STR), num, np.asarray(rest.notna()) & np.isnan(num))


def extract(text: pd.Series, pattern: str) -> dict[str, pd.Series]:
    """Named regex groups of `pattern` as text columns (pyarrow RE2, no Python loop)."""
    found = pc.extract_regex(pa.array(text.array), pattern.replace(r"\Z", r"\z"))
    out = {}
    for i in range(found.type.num_fields):
        col = pd.Series(pc.struct_field(found, [i]), index=text.index, dtype=STR)
        out[found.type.field(i).name] = col.where(col.str.len() > 0)  # unmatched → NaN
    return out


def floats(text: pd.Series) -> np.ndarray:
    """Cast validated numeric strings to float64 with Arrow's parser (missing → NaN)."""
    return np.asarray(pc.cast(pa.array(text.array), pa.float64()).to_numpy(zero_copy_only=False))


def ints(text: pd.Series) -> np.ndarray:
    """Cast validated digit strings to exact int64 (missing → 0)."""
    filled = pc.fill_null(pa.array(text.array), "0")
    return np.asarray(pc.cast(filled, pa.int64()).to_numpy(zero_copy_only=False), dtype="int64")


def has(text: pd.Series, pattern: str, regex: bool = True) -> np.ndarray:
    """Bool array: `pattern` occurs in the cell (False for missing cells)."""
    return np.asarray(text.str.contains(pattern, regex=regex), dtype=bool)


def flag(col: pd.Series) -> np.ndarray:
    """Bool array: the cell is present (e.g. an optional regex group matched)."""
    return np.asarray(col.notna())


def squash(text: pd.Series, sep: str = " ") -> pd.Series:
    """Replace runs of whitespace (incl. NBSP) by `sep` and strip the ends."""
    if text.dtype != STR:
        return text.str.replace(WS, sep, regex=True).str.strip(" ")
    # the `.str` calls above, without pandas re-parsing WS on every call
    arr = pc.replace_substring_regex(pa.array(text.array), pattern=WS, replacement=sep)
    return pd.Series(pc.utf8_trim(arr, characters=" "), index=text.index, dtype=STR, name=text.name)


def no_text(index: pd.Index) -> pd.Series:
    """A text column without any text cell (every cell NaN)."""
    return pd.Series(pa.nulls(len(index), pa.large_string()), index=index, dtype=STR)


def blank_text(text: pd.Series) -> np.ndarray:
    """Flag text cells that are empty or a placeholder word ('null', 'nan', ...)."""
    if text.dtype != STR:
        return np.asarray(text.str.strip(WS_CHARS).str.lower().isin(BLANK_WORDS))
    arr = pa.array(text.array)  # what `.str.strip().str.lower().isin()` does, in one pass
    if arr.null_count == len(arr):
        return np.zeros(len(arr), dtype=bool)
    folded = pc.utf8_lower(pc.utf8_trim(arr, characters=WS_CHARS))
    return np.asarray(pc.is_in(folded, value_set=pa.array(BLANK_WORDS, folded.type)), dtype=bool)


def blank_cells(s: pd.Series, cells: Cells) -> np.ndarray:
    """Blank cells of `s` (already split into `cells`) as a bool array."""
    return np.asarray(s.isna()) | blank_text(cells.text)


def is_ascii(text: pd.Series) -> bool:
    """Whether every present cell is pure ASCII (lets regexes use cheap ASCII classes)."""
    return bool(pc.all(pc.string_is_ascii(pa.array(text.array))).as_py())


def is_dash(text: pd.Series) -> np.ndarray:
    """Cells holding only a dash: the exports' way of writing 'empty'."""
    return np.asarray(text.str.strip(WS_CHARS).isin(DASHES), dtype=bool)
