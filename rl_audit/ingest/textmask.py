"""Vectorised text matching over a column of cells (pyarrow's RE2: linear time, no Python loop)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A column's cells as Arrow text (missing cells null)."""
    return pa.array(values.astype("string[pyarrow]"), type=pa.large_string(), from_pandas=True)


def _search(arr: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    hit = pc.match_substring_regex(arr, pattern, ignore_case=True).fill_null(False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def regex_mask(values: pd.Series, pattern: str) -> pd.Series:
    """Case-insensitive regex search on a text column with pyarrow's RE2 (no Python loop)."""
    return pd.Series(_search(_arrow(values), pattern), index=values.index)


def frame_mask(frame: pd.DataFrame, pattern: str) -> pd.Series:
    """Rows where `pattern` is found in any cell (`regex_mask` of every column, or-ed).

    The columns are searched as one Arrow array: one regex pass per frame, not per column.
    """
    if frame.shape[1] == 0:
        return pd.Series(False, index=frame.index)
    chunks = [_arrow(frame.iloc[:, i]) for i in range(frame.shape[1])]
    joined = pa.chunked_array(
        [c for arr in chunks for c in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])],
        type=pa.large_string(),
    )
    hits = _search(joined, pattern).reshape(frame.shape[1], len(frame))
    return pd.Series(hits.any(axis=0), index=frame.index)
