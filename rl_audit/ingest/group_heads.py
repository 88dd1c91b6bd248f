"""Group heading rows inside a table: `A. OBAT`, `B. BMHP`, `II. ALAT KESEHATAN`.

A stock report (`persediaan`) lists its items in groups, each opened by a row that holds
one cell: a letter or Roman numeral, a dot or parenthesis, and the group's name. Such a
row is layout, not an item: it gets the `heading` role (`rl_audit.ingest.blocks.LAYOUT_ROLE`)
and is never read as the last row of a multi-row header.
"""

from __future__ import annotations

import re

import pandas as pd

from rl_audit.ingest import values

GROUP_KINDS = ("persediaan",)
GROUP_HEADING = re.compile(r"^\s*(?:[A-Z]|[IVX]{1,4})\s*[.)]\s*[^\W\d_][^\d]*$")


def is_group_heading(cells: list[str]) -> bool:
    """Whether a row's non-blank cells are one group heading (`A. OBAT`)."""
    return len(cells) == 1 and GROUP_HEADING.match(cells[0]) is not None


def group_rows(raw: pd.DataFrame) -> pd.Series:
    """Per row: whether it holds a group heading and nothing else."""
    if raw.empty:
        return pd.Series(False, index=raw.index)
    texts = pd.DataFrame({c: values.parse_text(raw[c]).values for c in raw.columns})
    texts.index = raw.index
    first = texts.bfill(axis=1).iloc[:, 0].astype("string")
    heading = first.str.match(GROUP_HEADING.pattern).fillna(False).astype(bool)
    return heading & (texts.notna().sum(axis=1) == 1)


def layout_rows(raw: pd.DataFrame, kind: str, rows: pd.Series | None) -> pd.Series | None:
    """Rows of the table that are layout: block headings (`rows`) and group headings."""
    if kind not in GROUP_KINDS:
        return rows
    groups = group_rows(raw)
    return groups if rows is None else rows | groups
