"""The once-per-frame and fast paths of ingest give what the per-column code gave (issue 16)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rl_audit.ingest import columns, numbers, values
from rl_audit.ingest.textmask import frame_mask, regex_mask
from rl_audit.ingest.xlsx_peek import grid_frame

CELLS = ["Jumlah", " jumlah total", None, np.nan, 3.0, 12, "Saldo Awal", "", "SISA\u00a0KAS"]


def _mixed_frame() -> pd.DataFrame:
    """Object, str, string, float and datetime columns, an index not starting at 0."""
    index = pd.RangeIndex(7, 7 + len(CELLS))
    frame = pd.DataFrame({0: pd.Series(CELLS, index=index, dtype=object)})
    frame[1] = pd.Series([c if isinstance(c, str) else None for c in CELLS], index=index)
    frame[2] = frame[1].astype("string")
    frame[3] = pd.Series(np.linspace(0, 8, len(CELLS)), index=index).where(lambda s: s > 2)
    frame[4] = pd.Series(pd.date_range("2025-01-01", periods=len(CELLS)), index=index)
    placeholders = [" null", "NaN", "x", None, "undefined ", "", "-", "None", "a"]
    frame[5] = pd.Series(placeholders, index=index)
    return frame


@pytest.mark.parametrize("pattern", [r"^\s*jumlah", "kas", r"^[0-9]", "awal|total"])
def test_frame_mask_is_regex_mask_of_any_column(pattern: str) -> None:
    frame = _mixed_frame()
    expected = pd.Series(False, index=frame.index)
    for col in frame.columns:
        expected |= regex_mask(frame[col], pattern)
    got = frame_mask(frame, pattern)
    assert got.equals(expected)
    assert got.any()  # the patterns do hit something: the test can fail


def test_frame_mask_of_no_columns_is_false() -> None:
    frame = pd.DataFrame(index=pd.RangeIndex(3, 6))
    assert frame_mask(frame, "x").tolist() == [False, False, False]


def test_blank_frame_is_blank_mask_of_every_column() -> None:
    frame = _mixed_frame()
    expected = np.column_stack([values.blank_mask(frame[c]).to_numpy() for c in frame.columns])
    got = values.blank_frame(frame)
    assert got.dtype == bool and got.shape == frame.shape
    assert (got == expected).all()
    assert got[:, 5].tolist() == [True, True, False, True, True, True, False, True, False]


def test_arrow_text_paths_match_the_str_accessor() -> None:
    text = pd.Series(
        ["", " a  b ", "\u3000none\u00a0", "NULL\t", None, "İ ẞ", "x\u200by", " nan "],
        dtype=columns.STR,
        name="kol",
    )
    blank = np.asarray(text.str.strip(columns.WS_CHARS).str.lower().isin(columns.BLANK_WORDS))
    assert (columns.blank_text(text) == blank).all()
    assert columns.blank_text(text).tolist()[:4] == [True, False, True, True]
    for sep in (" ", ""):
        squashed = columns.squash(text, sep)
        assert squashed.equals(text.str.replace(columns.WS, sep, regex=True).str.strip(" "))
        assert squashed.name == "kol"


def test_money_of_a_numeric_column_skips_lexing_and_reads_the_same() -> None:
    column = pd.Series([1.5, np.nan, 1e20, -2.0], index=pd.RangeIndex(10, 14))
    parsed = numbers.parse_money(column)
    assert parsed.values.tolist() == [150, pd.NA, pd.NA, -200]
    assert parsed.bad.tolist() == [False, False, True, False]
    assert (parsed.note, parsed.locale) == (None, None)
    whole = numbers.parse_int(column)
    assert whole.values.tolist() == [pd.NA, pd.NA, pd.NA, -2]
    assert whole.bad.tolist() == [True, False, True, False]


def test_peek_frame_places_cells_by_sheet_row_and_column() -> None:
    frame = grid_frame({(3, 2): "c", (1, 0): "a", (3, 0): "b"})
    assert list(frame.index) == [1, 2, 3] and list(frame.columns) == [0, 2]
    assert frame.loc[1, 0] == "a" and frame.loc[3, 0] == "b" and frame.loc[3, 2] == "c"
    assert frame.loc[2].isna().all() and frame.dtypes.eq(object).all()
