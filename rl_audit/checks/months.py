"""A payment month as one key (HON-02's `bulan`, a meeting's `tanggal_kegiatan`).

The importer reads `bulan` however the sheet wrote it (`Maret 2025`, `03/2025`, a date:
`rl_audit.ingest.months`) into the first day of its month, so a key is `YYYY-MM` of a
date column; a text column (a user's own expression) is kept folded, so two rows still
compare as written.
"""

from __future__ import annotations

import pandas as pd

from rl_audit.ingest.values import fold_text


def month_key(series: pd.Series) -> pd.Series:
    """Per row: `YYYY-MM` of a date, else the folded text; NA when blank."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.strftime("%Y-%m").astype("string")
    text = series.astype("string").str.strip()
    return fold_text(text.mask(text == ""))
