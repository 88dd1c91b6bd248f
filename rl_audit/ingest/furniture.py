"""Page furniture of printed exports, found vectorised: what a print repeats is not data.

A ledger printed (or "printed to Excel") repeats at every page break, every ~40 rows:
the header row(s) and their column-number row, a `Halaman N` / `Hal. N dari M` /
`Page N of M` line, sometimes the whole title block (`PEMERINTAH KABUPATEN …`,
`BUKU KAS UMUM PENGELUARAN`, `SKPD : …`), and carry-over rows: `Jumlah dipindahkan`
at the bottom of a page, `Jumlah pindahan` at the top of the next.

- **page** rows: a repeated header row (most of its filled cells are the sheet's
  header texts, no money), a page-number line, and — inside a run of furniture rows
  only — a row equal to a line of the title block, a row holding header words alone
  (the lower row of a repeated two-row header) and a column-number row. A title line
  or a numbering row standing alone among data rows stays what it was: a data value
  that happens to equal a one-row title is never dropped.
- **carry** phrases: `Jumlah (yang) dipindahkan`, `Jumlah pindahan`, `Pindahan dari
  halaman …`, `Dipindahkan ke halaman berikut`, `Jumlah s/d halaman lalu`, `Saldo
  pindahan`. Which of them become the `carry` role is decided in
  `rl_audit.ingest.roles.tag_roles` (a `Saldo pindahan` above every data row opens
  the sheet's chain and stays an opening balance).

Texts are compared folded (case, punctuation and spaces ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce

import numpy as np
import pandas as pd

from rl_audit.ingest import columns, values
from rl_audit.ingest.layout import Layout
from rl_audit.ingest.textmask import frame_mask, regex_mask
from rl_audit.ingest.values import PUNCT  # the punctuation `fold_text` takes out

_PAGE_WORD = r"(?:halaman|hal\.?|hlm\.?|page)\s*:?\s*\d{1,4}(?:\s*(?:dari|of|/|dr\.?)\s*\d{1,4})?"
PAGE_NUMBER = (
    rf"^[\s\-–—]*{_PAGE_WORD}[\s\-–—]*$|^\s*[\-–—]\s*\d{{1,4}}\s*[\-–—]\s*$|"
    rf"^\s*(?:dicetak|printed|tanggal\s*cetak|tgl\.?\s*cetak)\b.*\b{_PAGE_WORD}\s*$"
)
_PAGE_REF = r"(?:halaman|hal\b|hal\.|hlm\b|hlm\.)"
CARRY = (
    r"^\s*(?:j\s*u\s*m\s*l\s*a\s*h\s+(?:yang\s+)?(?:di)?pindah(?:an|kan)\b|"
    rf"jumlah\s+(?:s\s*/\s*d\.?|s\.\s*d\.?|sd|sampai\s+dengan|sampai)\s+{_PAGE_REF}|"
    rf"jumlah\s+(?:per\s+)?{_PAGE_REF}\s+(?:ini|lalu|sebelumnya)|"
    rf"(?:saldo\s+|jumlah\s+)?pindahan\s+(?:dari\s+)?{_PAGE_REF}|"
    rf"(?:di)?pindahkan\s+ke\s+{_PAGE_REF}|"
    r"saldo\s+(?:di)?pindah(?:an|kan)\b|carried\s+forward|brought\s+forward)"
)
HEADER_SHARE = 0.6  # of a row's filled cells that must be header texts
_NOT_KEY = re.compile(rf"{PUNCT}|\s+")  # what `squash` takes out of a text
_DASH_KEYS = {"", "-", "\u2013", "\u2014", "\u2212"}


@dataclass(frozen=True)
class Furniture:
    """Per row (bool): page furniture, and rows worded as a carried-over total."""

    page: pd.Series
    carry: pd.Series


def row_texts(raw: pd.DataFrame) -> pd.DataFrame:
    """Every cell as clean text (<NA> when empty), column by column."""
    return pd.DataFrame({c: values.parse_text(raw[c]).values for c in raw.columns}, index=raw.index)


def joined(texts: pd.DataFrame) -> pd.Series:
    """The text of each row: its non-empty cells joined by one space."""
    if texts.empty:
        return pd.Series("", index=texts.index, dtype="string")
    cols = [texts[c].fillna("") for c in texts.columns]
    text = reduce(lambda a, b: a + " " + b, cols)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def squash(text: pd.Series) -> pd.Series:
    """Text folded for comparison: lowercase, no punctuation, no spaces (<NA> when empty)."""
    folded = values.fold_text(text.astype("string")).str.replace(" ", "", regex=False)
    return folded.where(folded.str.len() > 0)


def _keys(lines: list[str]) -> set[str]:
    """`squash` of a few layout strings (header parts, title lines), in plain Python."""
    keys = (re.sub(_NOT_KEY, "", line.lower()) for line in lines)
    return {key for key in keys if key and key not in _DASH_KEYS}


def cell_texts(raw: pd.DataFrame) -> pd.Series:
    """The non-empty cells as clean text, stacked: indexed (row, column) in sheet order."""
    if raw.empty:
        return pd.Series([], index=pd.MultiIndex.from_arrays([[], []]), dtype="string")
    return values.parse_text(raw.stack()).values.dropna()


def filled_counts(raw: pd.DataFrame) -> pd.Series:
    """Per row: how many cells hold text once cleaned (as `cell_texts` keeps them).

    Column by column, so a big sheet is never stacked whole: only the few rows that
    may be furniture are stacked afterwards.
    """
    count = np.zeros(len(raw), dtype="int64")
    for column in raw.columns:
        cells = columns.split_cells(raw[column])
        dash = np.asarray(columns.squash(cells.text).isin(columns.DASHES), dtype=bool)
        count += ~(columns.blank_cells(raw[column], cells) | dash)
    return pd.Series(count, index=raw.index)


def _per_row(cells: pd.Series, how: str) -> pd.Series:
    """`sum` or `size` of stacked cells per row (rows without a cell are left out)."""
    return cells.groupby(level=0, sort=False).agg(how)


def header_hits(keys: pd.Series, layout: Layout) -> pd.Series:
    """Per row holding cells: how many of its cells (`squash`ed, stacked) are header texts."""
    words = _keys([p for parts in layout.headers.values() for p in parts])
    return _per_row(keys.isin(words), "sum")


def header_rows(texts: pd.DataFrame, layout: Layout, filled: pd.Series) -> pd.Series:
    """Rows that repeat the header: two or more header texts, most of their filled cells."""
    keys = squash(texts.stack().dropna())
    hits = header_hits(keys, layout).reindex(texts.index, fill_value=0)
    return (hits >= 2) & (hits >= HEADER_SHARE * filled)


def title_lines(layout: Layout) -> set[str]:
    """The folded lines of the sheet's title block (free lines and `key : value` pairs)."""
    lines = [line for line in layout.free_title.split("\n") if line.strip()]
    lines += [f"{key} : {value}" for key, value in layout.preamble.items()]
    return _keys(lines)


def _furniture_runs(member: pd.Series, strong: pd.Series, title: pd.Series) -> pd.Series:
    """Members of runs of consecutive member rows that are surely furniture.

    A run is furniture when it holds a strong row (repeated header, page number) or
    two rows or more of which one is a title line.
    """
    run = (~member).cumsum()
    size = member.groupby(run).transform("sum")
    sure = (member & strong).groupby(run).transform("any")
    titled = (member & title).groupby(run).transform("any")
    return member & (sure | (titled & (size >= 2)))


def find_furniture(
    raw: pd.DataFrame,
    layout: Layout,
    money: pd.DataFrame,
    labels: pd.DataFrame,
    numbering: pd.Series,
) -> Furniture:
    """Page furniture and carry-over wording of the rows of `raw` (cells as loaded).

    `money` holds the parsed money cells, `labels` the cells that name a row, and
    `numbering` marks the column-number rows (`rl_audit.ingest.colnum`).
    """
    index = raw.index
    has_money = money.notna().any(axis=1) if not money.empty else pd.Series(False, index=index)
    carry = pd.Series(False, index=index) | frame_mask(labels, CARRY)
    count = filled_counts(raw)
    candidate = ~carry & (~has_money | (count <= 2))
    cells = cell_texts(raw.loc[candidate])
    line = _per_row(cells + " ", "sum").str.strip().reindex(index)
    page_no = regex_mask(line, PAGE_NUMBER)
    quiet = candidate & ~has_money
    keys = squash(cells)
    hits = header_hits(keys, layout).reindex(index, fill_value=0)
    header = quiet & (hits >= 2) & (hits >= HEADER_SHARE * count)
    header_only = quiet & (hits >= 1) & (hits == count)
    key = _per_row(keys.fillna(""), "sum").reindex(index)
    title = quiet & key.isin(title_lines(layout)).fillna(False).astype(bool)
    member = carry | page_no | header | header_only | title | numbering
    page = _furniture_runs(member, page_no | header, title) & ~carry
    return Furniture(page.astype(bool), carry.astype(bool))
