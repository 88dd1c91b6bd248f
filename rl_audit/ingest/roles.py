"""Tag the role of every row below a header, vectorised.

Roles: data, opening balance, subtotal of a code tree, komponen detail, total,
footer/signature.
No row that could hold money is dropped: roles only decide which rows rules see.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rl_audit.documents import RowRole

_TOTAL = (
    r"^\s*(?:j\s*u\s*m\s*l\s*a\s*h|t\s*o\s*t\s*a\s*l|sub\s*total|grand\s*total|sisa\s*kas|"
    r"saldo\s*akhir|surplus|defisit|pembiayaan\s*netto)"
)
_OPENING = r"^\s*saldo\s*(?:awal|sebelum|bulan\s*lalu|lalu|tahun\s*lalu|pindahan)"
_FOOTER = (
    r"^\s*(?:mengetahui|menyetujui|disetujui|diperiksa|dibuat\s*oleh|nip\b|nip\.|"
    r"bendahara\s*(?:pengeluaran|penerimaan)?\s*$|pengguna\s*anggaran|kuasa\s*pengguna|"
    r"a\.?\s*n\.?\s|kepala\s*(?:dinas|badan|kantor)|direktur|"
    r"[a-z .]+,\s*\d{1,2}\s+[a-z]+\s+\d{4}\s*$)"
)
CODE_TREE_KINDS = ("anggaran",)


def regex_mask(values: pd.Series, pattern: str) -> pd.Series:
    """Case-insensitive regex search on a text column with pyarrow's RE2 (no Python loop)."""
    arr = pa.array(values.astype("string[pyarrow]"), type=pa.large_string(), from_pandas=True)
    hit = pc.match_substring_regex(arr, pattern, ignore_case=True).fill_null(False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index)


def _any_match(labels: pd.DataFrame, pattern: str) -> pd.Series:
    hit = pd.Series(False, index=labels.index)
    for col in labels.columns:
        hit |= regex_mask(labels[col], pattern)
    return hit


def subtotal_mask(codes: pd.Series) -> pd.Series:
    """True for codes that are a proper prefix (`5.1.02`) of another code in the column."""
    filled = codes.dropna()
    parts = filled.str.split(".", expand=True) if len(filled) else pd.DataFrame()
    parents: set[str] = set()
    prefix: pd.Series | None = None
    for level in range(parts.shape[1] - 1):
        seg = parts[level]
        prefix = seg if prefix is None else prefix + "." + seg
        has_child = parts[level + 1].notna() & (parts[level + 1] != "")
        parents.update(prefix[has_child].unique().tolist())
    return codes.isin(parents).fillna(False).astype(bool)


def _footer_mask(
    text: pd.DataFrame, has_money: pd.Series, data_seen: pd.Series, layout: pd.Series
) -> pd.Series:
    """From the first signature/footer line on; only rows without money can start it.

    Every text cell of those rows is looked at (a signature block may sit under any
    column), and only those rows, so a long table costs little. Layout rows (block
    headings such as `LHP …, 20 Mei 2025`) never start a footer.
    """
    candidates = ~has_money & data_seen & ~layout
    start = pd.Series(False, index=has_money.index)
    if candidates.any() and not text.empty:
        start[candidates] = _any_match(text.loc[candidates], _FOOTER)
    return start.cummax()


def tag_roles(
    labels: pd.DataFrame,
    money: pd.DataFrame,
    kind: str,
    code: pd.Series | None,
    text: pd.DataFrame | None = None,
    layout: pd.Series | None = None,
) -> pd.Series:
    """The role of each row, from its label cells, money cells, key code and text cells.

    `code` is the row's key code (kode rekening, kode barang): a row that has one is
    never a total. `text` holds every text column, searched for signature blocks.
    `layout` marks rows inside the table that are layout, not data (block headings,
    repeated headers; see `rl_audit.ingest.blocks`): they get the `heading` role.
    """
    index = labels.index if not labels.empty else money.index
    has_money = money.notna().any(axis=1) if not money.empty else pd.Series(False, index=index)
    # a code cell holding words ("SURPLUS / (DEFISIT)") is a label, not a code
    code_blank = ~regex_mask(code, r"^[0-9]") if code is not None else pd.Series(True, index=index)
    total = _any_match(labels, _TOTAL) & code_blank
    opening = _any_match(labels, _OPENING)
    text = labels if text is None else text
    layout = pd.Series(False, index=index) if layout is None else layout
    footer = _footer_mask(text, has_money, (~total & ~opening).cummax(), layout)
    role = pd.Series(RowRole.DATA.value, index=index, dtype=object)
    if kind in CODE_TREE_KINDS and code is not None:
        role[subtotal_mask(code)] = RowRole.SUBTOTAL.value
        role[code_blank] = RowRole.DETAIL.value
    role[opening] = RowRole.OPENING.value
    role[total] = RowRole.TOTAL.value
    role[layout & ~footer] = RowRole.HEADING.value
    role[footer] = RowRole.FOOTER.value
    return role
