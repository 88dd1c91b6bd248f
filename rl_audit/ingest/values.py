"""Vectorised parsing of cell values from Indonesian finance spreadsheets.

Every parser takes a whole column (a pandas Series of float64, datetime64, string or
mixed object cells) and returns a :class:`Parsed` with the same index. Text is handled
by pyarrow string kernels (RE2 regular expressions, trims, casts) and numbers by numpy;
there is no per-row Python code except for the rare float that Python would print in
scientific notation (see :func:`parse_code`). Money is exact to the sen: text amounts
become int64 sen from their digit strings, never through float.

Shared column helpers live here; amounts are parsed in :mod:`rl_audit.ingest.numbers`
and dates in :mod:`rl_audit.ingest.dates` (their parsers stay importable from here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # internal: missing = NaN, bool results
_OUT = pd.StringDtype("pyarrow")  # public text results: missing = <NA>
_WS_CHARS = " \t\r\n\x0b\x0c\u00a0\u1680\u2007\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_WS = f"[{_WS_CHARS}]+"
_UDASH = "[\u2013\u2014\u2212]"  # en dash, em dash, minus sign
_DASHES = ["-", "\u2013", "\u2014", "\u2212"]
_BLANK_WORDS = ["", "null", "undefined", "nan", "none"]
PUNCT = "[!-/:-@\\[-`{-~\u00a1-\u00bf\u2010-\u2027\u2030-\u205e]+"


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one column: values, a mask of unparseable cells, notes."""

    values: pd.Series  # parsed values, same index as input
    bad: pd.Series  # bool mask: cell non-empty but could not be parsed
    note: str | None = None  # e.g. "ambiguous" when the number locale was uncertain
    locale: str | None = None  # money/number: "id" (1.234,5) or "us" (1,234.5) or None


@dataclass(frozen=True)
class _Cells:
    """A column split by cell type: text cells, numeric cells, anything else."""

    text: pd.Series  # _STR; NaN where the cell is not a string
    num: np.ndarray  # float64; NaN where the cell is not a number
    other: np.ndarray  # bool: non-null cell that is neither (datetimes, ...)


def _split(s: pd.Series) -> _Cells:
    """Split a column of any dtype into text, numeric and other cells (vectorised)."""
    nan, none = np.full(len(s), np.nan), pd.Series(np.nan, index=s.index, dtype=_STR)
    no = np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if isinstance(s.dtype, pd.StringDtype):
        return _Cells(s.astype(_STR), nan, no)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return _Cells(none, s.to_numpy(dtype="float64", na_value=np.nan), no)
    if s.dtype != object:
        return _Cells(none, nan, np.asarray(s.notna()))
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "mixed", "mixed-integer"):
        is_text = s.notna() if kind == "string" else s.str.len().notna()
    else:
        is_text = s.isna() & False
    rest = s.where(~is_text)
    num = pd.to_numeric(rest, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return _Cells(s.where(is_text).astype(_STR), num, np.asarray(rest.notna()) & np.isnan(num))


def _extract(text: pd.Series, pattern: str) -> dict[str, pd.Series]:
    """Named regex groups of `pattern` as text columns (pyarrow RE2, no Python loop)."""
    found = pc.extract_regex(pa.array(text.array), pattern.replace(r"\Z", r"\z"))
    out = {}
    for i in range(found.type.num_fields):
        col = pd.Series(pc.struct_field(found, [i]), index=text.index, dtype=_STR)
        out[found.type.field(i).name] = col.where(col.str.len() > 0)  # unmatched → NaN
    return out


def _floats(text: pd.Series) -> np.ndarray:
    """Cast validated numeric strings to float64 with Arrow's parser (missing → NaN)."""
    return np.asarray(pc.cast(pa.array(text.array), pa.float64()).to_numpy(zero_copy_only=False))


def _ints(text: pd.Series) -> np.ndarray:
    """Cast validated digit strings to exact int64 (missing → 0)."""
    filled = pc.fill_null(pa.array(text.array), "0")
    return np.asarray(pc.cast(filled, pa.int64()).to_numpy(zero_copy_only=False), dtype="int64")


def _has(text: pd.Series, pattern: str, regex: bool = True) -> np.ndarray:
    """Bool array: `pattern` occurs in the cell (False for missing cells)."""
    return np.asarray(text.str.contains(pattern, regex=regex), dtype=bool)


def _flag(col: pd.Series) -> np.ndarray:
    """Bool array: the cell is present (e.g. an optional regex group matched)."""
    return np.asarray(col.notna())


def _squash(text: pd.Series, sep: str = " ") -> pd.Series:
    """Replace runs of whitespace (incl. NBSP) by `sep` and strip the ends."""
    return text.str.replace(_WS, sep, regex=True).str.strip(" ")


def _blank_text(text: pd.Series) -> np.ndarray:
    """Flag text cells that are empty or a placeholder word ('null', 'nan', ...)."""
    return np.asarray(text.str.strip(_WS_CHARS).str.lower().isin(_BLANK_WORDS))


def _blank(s: pd.Series, cells: _Cells) -> np.ndarray:
    """Blank cells of `s` (already split into `cells`) as a bool array."""
    return np.asarray(s.isna()) | _blank_text(cells.text)


def _is_ascii(text: pd.Series) -> bool:
    """Whether every present cell is pure ASCII (lets regexes use cheap ASCII classes)."""
    return bool(pc.all(pc.string_is_ascii(pa.array(text.array))).as_py())


def blank_mask(s: pd.Series) -> pd.Series:
    """Return True where the cell is empty: NA, whitespace only, or 'null'/'nan'/'None'."""
    return pd.Series(_blank(s, _split(s)), index=s.index)


def parse_money(s: pd.Series) -> Parsed:
    """Parse money to Int64 sen; see :func:`rl_audit.ingest.numbers.parse_money`."""
    from rl_audit.ingest.numbers import parse_money as parse  # numbers imports us

    return parse(s)


def parse_number(s: pd.Series) -> Parsed:
    """Parse numbers to float64; see :func:`rl_audit.ingest.numbers.parse_number`."""
    from rl_audit.ingest.numbers import parse_number as parse

    return parse(s)


def parse_int(s: pd.Series) -> Parsed:
    """Parse whole numbers to Int64; see :func:`rl_audit.ingest.numbers.parse_int`."""
    from rl_audit.ingest.numbers import parse_int as parse

    return parse(s)


def parse_date(s: pd.Series) -> Parsed:
    """Parse dates (datetimes, Excel serials, 'dd/mm/yyyy', '12 Agustus 2025', ...)."""
    from rl_audit.ingest.dates import parse_date as parse  # see there; dates imports us

    return parse(s)


def _render_numbers(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """Render non-text cells as plain strings: '1.0' → '1', never scientific notation."""
    if not mask.any():
        return pd.Series(np.nan, index=s.index, dtype=_STR)
    out = s.where(mask).astype(object).astype(_STR).str.replace(r"\.0\Z", "", regex=True)
    sci = _has(out, "e", regex=False)
    if sci.any():  # rare (|x| >= 1e16 or < 1e-4): format those few cells one by one
        fixed = (
            s[sci]
            .astype("float64")
            .map(lambda x: format(x, ".0f") if x.is_integer() else np.format_float_positional(x))
        )
        out = out.mask(sci, fixed.astype(_STR))
    return out


def _to_out(text: pd.Series, blank: np.ndarray) -> pd.Series:
    """Public string result: blanks (incl. placeholder words) become <NA>."""
    return text.where(~(blank | _blank_text(text))).astype(_OUT)


def _is_dash(text: pd.Series) -> np.ndarray:
    """Cells holding only a dash: the exports' way of writing 'empty'."""
    return np.asarray(text.str.strip(_WS_CHARS).isin(_DASHES), dtype=bool)


def parse_code(s: pd.Series) -> Parsed:
    """Parse codes as text ('1.01 . 5.1 ' → '1.01.5.1'); numeric cells noted as lossy."""
    cells = _split(s)
    is_num = ~np.isnan(cells.num)
    text = _squash(cells.text).str.replace(r" ?\. ?", ".", regex=True).str.strip(" .")
    text = text.where(_flag(cells.text), _render_numbers(s, is_num))
    note = "code_as_number" if is_num.any() else None
    blank = cells.other | _is_dash(text.fillna(""))
    return Parsed(_to_out(text, blank), pd.Series(cells.other, index=s.index), note)


def parse_text(s: pd.Series) -> Parsed:
    """Normalise free text: NBSP → space, whitespace collapsed; blank or '-' → <NA>."""
    cells = _split(s)
    text = _squash(cells.text).where(_flag(cells.text), _render_numbers(s, ~np.isnan(cells.num)))
    if cells.other.any():
        text = text.where(~cells.other, _squash(s.where(cells.other).astype(object).astype(_STR)))
    dash = np.asarray(text.isin(_DASHES))
    return Parsed(_to_out(text, dash), pd.Series(False, index=s.index))


def fold_text(s: pd.Series) -> pd.Series:
    """Fold text for matching: lowercase, punctuation → space, whitespace collapsed.

    Long columns repeat their values, so each distinct value is folded once.
    """
    if len(s) > 1000:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if len(uniques) < len(s) // 2:
            once = _fold(pd.Series(uniques, dtype=object)).to_numpy()
            taken = pd.array(once.take(np.where(codes >= 0, codes, 0)), dtype=_OUT)
            return pd.Series(taken, index=s.index).where(codes >= 0)
    return _fold(s)


def _fold(s: pd.Series) -> pd.Series:
    text = parse_text(s).values.astype(_STR).str.lower()
    folded = _squash(text.str.replace(PUNCT, " ", regex=True))
    return folded.where(folded.str.len() > 0).astype(_OUT)
