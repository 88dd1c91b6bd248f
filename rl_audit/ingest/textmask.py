"""Vectorised text matching over a column of cells (pyarrow's RE2: linear time, no Python loop)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def regex_mask(values: pd.Series, pattern: str) -> pd.Series:
    """Case-insensitive regex search on a text column with pyarrow's RE2 (no Python loop)."""
    arr = pa.array(values.astype("string[pyarrow]"), type=pa.large_string(), from_pandas=True)
    hit = pc.match_substring_regex(arr, pattern, ignore_case=True).fill_null(False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index)
