"""Blocks of a follow-up matrix: LHP headings carried down, merged cells filled, vectorised.

A follow-up matrix (`tindak_lanjut`) often holds one LHP per block: a heading row such as
`LHP Nomor 12.B/LHP/XVIII.BKL/05/2025 Tanggal 20 Mei 2025` (or the two lines
`Nomor LHP : …` / `Tanggal LHP : …`), sometimes the column header again, then the
block's recommendations. The first heading may stand above the table (in the preamble).
Heading rows, repeated header rows and column-number rows are layout, not data: they get
`LAYOUT_ROLE`. The LHP number and date of each block are carried down onto its rows.

Cells merged down over several rows (the LHP of a group of findings, the finding of its
several recommendations) hold their value in the first row only; `carry_down` copies it
onto the following data rows of the same LHP.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rl_audit.documents import RowRole
from rl_audit.ingest import values
from rl_audit.ingest.colnum import colnum_rows
from rl_audit.ingest.furniture import header_rows, joined, row_texts
from rl_audit.ingest.layout import Layout

BLOCK_KINDS = ("tindak_lanjut",)
# Block headings, repeated headers and their column-number rows: layout, never checked.
LAYOUT_ROLE = RowRole.HEADING.value
LHP_COLUMNS = ("nomor_lhp", "tanggal_lhp")
FINDING_COLUMNS = ("kode_skpd", "nama_skpd", "nomor_temuan", "kode_temuan", "uraian_temuan")

_HEADING = (
    r"^(?:[0-9a-z]{1,3}[.)]\s*)?(?:lhp\b|laporan\s+hasil\s+pemeriksaan\b|"
    r"(?:nomor|no|tanggal|tgl)\.?\s*(?:lhp\b|laporan\s+hasil\s+pemeriksaan\b))"
)
# (whitespace runs are matched once: `\s*(?:lhp\b)?\s*:?\s*` backtracked cubically on
# `no` followed by a long run of spaces; the forms below match the same text)
_NOMOR = r"(?i)\b(?:nomor|no)\b\.?\s*(?:lhp\b\s*)?(?::\s*)?(?P<nomor>[0-9A-Za-z][^\s,;]*)"
_TANGGAL = (
    r"(?i)(?:\b(?:tanggal|tgl)\b\.?\s*(?:lhp\b\s*)?(?::\s*)?|,\s*)"
    r"(?P<tanggal>\d{1,2}[\s/.-]+(?:[A-Za-z]+|\d{1,2})[\s/.-]+\d{4}|\d{4}-\d{2}-\d{2})"
)


@dataclass(frozen=True)
class Blocks:
    """Where the blocks of a sheet are and the LHP each block names."""

    layout_rows: pd.Series  # bool: headings, repeated headers, column-number rows
    block: pd.Series  # int: number of the heading above each row (0: none yet)
    lhp: dict[str, pd.Series]  # nomor_lhp / tanggal_lhp of each row's block (parsed)


def lhp_parts(text: pd.Series) -> pd.DataFrame:
    """`nomor` and `tanggal` (text) named by LHP heading lines; <NA> where none."""
    head = text.str.contains(_HEADING, case=False, regex=True).fillna(False).astype(bool)
    nomor = text.str.extract(_NOMOR, expand=False)
    nomor = nomor.where(head & nomor.str.contains(r"\d", regex=True).fillna(False))
    tanggal = text.str.extract(_TANGGAL, expand=False).where(head)
    return pd.DataFrame({"nomor": nomor, "tanggal": tanggal}, index=text.index)


def _preamble_lhp(layout: Layout) -> tuple[str | None, str | None]:
    """The LHP number and date named above the table (the first block's heading)."""
    lines = [line for line in layout.free_title.split("\n") if line.strip()]
    lines += [f"{key} : {value}" for key, value in layout.preamble.items()]
    parts = lhp_parts(pd.Series(lines, dtype="string"))
    nomor, tanggal = parts["nomor"].dropna(), parts["tanggal"].dropna()
    return (
        str(nomor.iloc[-1]) if len(nomor) else None,
        str(tanggal.iloc[-1]) if len(tanggal) else None,
    )


def find_blocks(raw: pd.DataFrame, layout: Layout, money: pd.DataFrame) -> Blocks:
    """Heading, repeated header and column-number rows, and each row's LHP."""
    texts = row_texts(raw)
    filled = texts.notna().sum(axis=1)
    no_money = ~money.notna().any(axis=1) if not money.empty else filled >= 0
    parts = lhp_parts(joined(texts))
    repeat = no_money & header_rows(texts, layout, filled)
    heading = no_money & ~repeat & (parts["nomor"].notna() | parts["tanggal"].notna())
    layout_rows = heading | repeat | colnum_rows(raw)
    # consecutive heading lines (`Nomor LHP : …` then `Tanggal LHP : …`) open one block
    block = (heading & ~heading.shift(1, fill_value=False)).cumsum()
    nomor0, tanggal0 = _preamble_lhp(layout)
    nomor = parts["nomor"].where(heading).groupby(block).ffill()
    tanggal = parts["tanggal"].where(heading).groupby(block).ffill()
    nomor = nomor.where(block > 0, nomor0)
    tanggal = tanggal.where(block > 0, tanggal0)
    lhp = {
        "nomor_lhp": values.parse_text(nomor.astype(object)).values,
        "tanggal_lhp": values.parse_date(tanggal.astype(object)).values,
    }
    return Blocks(layout_rows.astype(bool), block, lhp)


def _fill_down(column: pd.Series, data: pd.Series, key: pd.Series) -> pd.Series:
    """Blank data cells take the value of the data row above in the same group."""
    above = column.where(data).groupby(key).ffill()
    return column.where(column.notna() | ~data, above)


def carry_down(
    canon: dict[str, pd.Series], blocks: Blocks, role: pd.Series
) -> dict[str, pd.Series]:
    """LHP and finding columns with merged cells and block headings carried down.

    A data row's own cell wins; then the data row above in the same block; then the
    block heading. Finding columns are carried only within the same LHP.
    """
    out = dict(canon)
    data = role == RowRole.DATA.value
    for name in LHP_COLUMNS:
        own = out.get(name, blocks.lhp[name].where(pd.Series(False, index=role.index)))
        carried = _fill_down(own, data, blocks.block)
        carried = carried.where(carried.notna() | ~data, blocks.lhp[name])
        if name in out or carried[data].notna().any():
            out[name] = carried
    lhp = out.get("nomor_lhp", pd.Series(pd.NA, index=role.index, dtype="string"))
    key = blocks.block.astype("string") + "|" + lhp.astype("string").fillna("")
    for name in FINDING_COLUMNS:
        if name in out:
            out[name] = _fill_down(out[name], data, key)
    return out
