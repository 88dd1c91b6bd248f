"""The text `inspect` shows for each special row of a sheet.

Rows of the table (opening balance, subtotals, totals, carry-overs, section headings)
are named by their label: `uraian`, else `kode_rekening`, else their first text cell.
Rows that are no part of the table (page furniture, footers and signatures, block
headings, the `1 2 3` row) are shown as they stand: their non-blank cells as read,
joined by one space and cut to `WIDTH` characters (`Halaman 1 dari 4` sits in the
saldo column, a repeated header is more than its `Uraian` cell).
"""

from __future__ import annotations

import pandas as pd

from rl_audit.documents import ROLE, ROW, RowRole

LABEL_FIRST = ("uraian", "kode_rekening")
WIDTH = 80
AS_READ = (
    RowRole.PAGE.value,
    RowRole.FOOTER.value,
    RowRole.HEADING.value,
    RowRole.COLNUM.value,
)


def _labels(frame: pd.DataFrame) -> pd.Series:
    """Per row: `uraian`, else `kode_rekening`, else its first non-blank text cell ('')."""
    text = [c for c in frame.columns if not c.startswith("_") and frame[c].dtype == "string"]
    ordered = [c for c in LABEL_FIRST if c in text] + [c for c in text if c not in LABEL_FIRST]
    if not ordered:
        return pd.Series("", index=frame.index, dtype="string")
    cells = frame[ordered].astype("string").replace(r"^\s*$", pd.NA, regex=True)
    return cells.bfill(axis=1).iloc[:, 0].fillna("")


def _cell_text(column: pd.Series) -> pd.Series:
    """A raw column as text; whole numbers of a numeric column without their `.0`."""
    text = column.astype("string").str.strip()
    if pd.api.types.is_float_dtype(column):
        whole = column.notna() & (column % 1 == 0)
        text.loc[whole] = column[whole].astype("int64").astype("string")
    return text


def row_texts(raw: pd.DataFrame) -> pd.Series:
    """Per raw row: its non-blank cells joined by one space, cut to `WIDTH` characters."""
    out = pd.Series("", index=raw.index, dtype="string")
    filled = raw.notna().any().to_numpy(dtype=bool)  # an empty column adds only spaces
    for col in raw.columns[filled]:
        out = out.str.cat(_cell_text(raw[col]).fillna(""), sep=" ")
    out = out.str.replace(r"\s+", " ", regex=True).str.strip()
    cut = out.str.slice(0, WIDTH - 1).str.rstrip() + "…"
    return out.where(out.str.len() <= WIDTH, cut)


def special_labels(special: pd.DataFrame, raw: pd.DataFrame | None) -> pd.Series:
    """Per special row of a document frame: the text `inspect` shows for it.

    `raw` is the sheet as read (index: Excel rows); rows in `AS_READ`, and rows with no
    label, show their own cells from it.
    """
    label = _labels(special)
    if raw is None or special.empty:
        return label
    own = row_texts(raw[raw.index.isin(special[ROW])])
    own = pd.Series(own.reindex(special[ROW]).fillna("").to_numpy(), index=special.index)
    as_read = special[ROLE].isin(AS_READ) | (label == "")
    return label.where(~as_read, own).astype("string")
