"""Vectorised parsing of cell values from Indonesian finance spreadsheets.

Every parser takes a whole column (a pandas Series of float64, datetime64, string or
mixed object cells) and returns a :class:`Parsed` with the same index. Text is handled
by pyarrow string kernels (RE2 regular expressions, trims, casts) and numbers by numpy;
there is no per-row Python code except for the rare float that Python would print in
scientific notation (see :func:`parse_code`). Money is exact to the sen: text amounts
become int64 sen from their digit strings, never through float.

Shared column helpers live in :mod:`rl_audit.ingest.columns`; amounts are parsed in
:mod:`rl_audit.ingest.numbers` and dates in :mod:`rl_audit.ingest.dates` (their parsers
are re-exported here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.ingest.columns import (
    DASHES,
    OUT,
    PUNCT,
    STR,
    Parsed,
    blank_cells,
    blank_text,
    flag,
    has,
    is_dash,
    split_cells,
    squash,
)
from rl_audit.ingest.dates import parse_date
from rl_audit.ingest.numbers import parse_int, parse_money, parse_number

__all__ = [
    "PUNCT",
    "Parsed",
    "blank_frame",
    "blank_mask",
    "fold_text",
    "parse_code",
    "parse_date",
    "parse_int",
    "parse_money",
    "parse_number",
    "parse_text",
]


def blank_mask(s: pd.Series) -> pd.Series:
    """Return True where the cell is empty: NA, whitespace only, or 'null'/'nan'/'None'."""
    return pd.Series(blank_cells(s, split_cells(s)), index=s.index)


def _texty(dtype: object) -> bool:
    """Whether a column of this dtype may hold text cells (see `split_cells`)."""
    return pd.api.types.is_object_dtype(dtype) or isinstance(
        dtype, (pd.StringDtype, pd.CategoricalDtype)
    )


def blank_frame(frame: pd.DataFrame) -> np.ndarray:
    """`blank_mask` of every column as one (rows × columns) bool array.

    A cell is blank when it is missing, or a text cell that is empty or a placeholder
    word; the cells of the columns that may hold text are looked at together, in
    passes of at most `STACKED_CELLS` cells (one pass for a small sheet).
    """
    out = np.asarray(frame.isna(), dtype=bool).copy()
    texty = [i for i, dtype in enumerate(frame.dtypes) if _texty(dtype)]
    per_pass = max(1, STACKED_CELLS // max(len(frame), 1))  # a big sheet: a few columns a pass
    for start in range(0, len(texty) if len(frame) else 0, per_pass):
        part = texty[start : start + per_pass]
        cells = [frame.iloc[:, i].to_numpy(dtype=object, na_value=None) for i in part]
        stacked = blank_mask(pd.Series(np.concatenate(cells), dtype=object))
        out[:, part] = stacked.to_numpy(dtype=bool).reshape(len(part), len(frame)).T
    return out


STACKED_CELLS = 500_000  # cells `blank_frame` looks at in one pass (memory stays bounded)


def _render_numbers(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """Render non-text cells as plain strings: '1.0' → '1', never scientific notation."""
    if not mask.any():
        return pd.Series(np.nan, index=s.index, dtype=STR)
    out = s.where(mask).astype(object).astype(STR).str.replace(r"\.0\Z", "", regex=True)
    sci = has(out, "e", regex=False)
    if sci.any():  # rare (|x| >= 1e16 or < 1e-4): format those few cells one by one
        fixed = (
            s[sci]
            .astype("float64")
            .map(lambda x: format(x, ".0f") if x.is_integer() else np.format_float_positional(x))
        )
        out = out.mask(sci, fixed.astype(STR))
    return out


def _to_out(text: pd.Series, blank: np.ndarray) -> pd.Series:
    """Public string result: blanks (incl. placeholder words) become <NA>."""
    return text.where(~(blank | blank_text(text))).astype(OUT)


def parse_code(s: pd.Series) -> Parsed:
    """Parse codes as text ('1.01 . 5.1 ' → '1.01.5.1'); numeric cells noted as lossy."""
    cells = split_cells(s)
    is_num = ~np.isnan(cells.num)
    text = squash(cells.text).str.replace(r" ?\. ?", ".", regex=True).str.strip(" .")
    text = text.where(flag(cells.text), _render_numbers(s, is_num))
    note = "code_as_number" if is_num.any() else None
    blank = cells.other | is_dash(text.fillna(""))
    return Parsed(_to_out(text, blank), pd.Series(cells.other, index=s.index), note)


def parse_text(s: pd.Series) -> Parsed:
    """Normalise free text: NBSP → space, whitespace collapsed; blank or '-' → <NA>."""
    cells = split_cells(s)
    text = squash(cells.text).where(flag(cells.text), _render_numbers(s, ~np.isnan(cells.num)))
    if cells.other.any():
        text = text.where(~cells.other, squash(s.where(cells.other).astype(object).astype(STR)))
    dash = np.asarray(text.isin(DASHES))
    return Parsed(_to_out(text, dash), pd.Series(False, index=s.index))


def fold_text(s: pd.Series) -> pd.Series:
    """Fold text for matching: lowercase, punctuation → space, whitespace collapsed.

    Long columns repeat their values, so each distinct value is folded once.
    """
    if len(s) > 1000:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if 0 < len(uniques) < len(s) // 2:
            once = _fold(pd.Series(uniques, dtype=object)).to_numpy()
            taken = pd.array(once.take(np.where(codes >= 0, codes, 0)), dtype=OUT)
            return pd.Series(taken, index=s.index).where(codes >= 0)
    return _fold(s)


def _fold(s: pd.Series) -> pd.Series:
    text = parse_text(s).values.astype(STR).str.lower()
    folded = squash(text.str.replace(PUNCT, " ", regex=True))
    return folded.where(folded.str.len() > 0).astype(OUT)
