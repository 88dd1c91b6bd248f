"""Find the table in a sheet by content: preamble, header rows, column names.

Works on the first rows of a sheet (`RawSheet.peek`): title and key–value
preamble lines, a one- to four-row header (merged parents joined as
`Parent Child`), and a column-number row under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from rl_audit.ingest.detect import header_hit
from rl_audit.ingest.group_heads import is_group_heading

PEEK_ROWS = 60
MAX_HEADER_ROWS = 4
HEAD_CHARS = 200  # header detection reads this much of a cell: a header is never longer
# a number-like cell: only these characters, at least one digit (two linear checks; the
# single pattern `^[…]*\d[…]*$` backtracks quadratically on `1111…1x`)
_NUMERIC_CHARS = re.compile(r"[\s\d.,()\-%/+=xX*Rp]*")
_DIGIT = re.compile(r"\d")
# a column number (`3`, `(3)`, `3.0` from a numeric cell, `c`) or a formula (`6 = (3 x 5)`)
_COLNUM = re.compile(r"^\(?(\d{1,3}(\.0+)?|[a-zA-Z])\)?$|=")
_ROLE_WORDS = re.compile(r"^(saldo|jumlah|total|j u m l a h|sub total)", re.IGNORECASE)
_ROW_LABEL = re.compile(
    r"^(saldo (awal|sebelum|bulan lalu|lalu)\w*|jumlah|total|j u m l a h|[-\u2013])$", re.IGNORECASE
)
# a dotted code opening a cell (`1.02.0.00.0.00.01.0000 - DINAS …`, `5.1.02 Belanja …`) or a
# `key : value` cell (`SKPD : …`): a heading or data row of the table, never a header row
_NOT_HEADER_CELL = re.compile(r"^[0-9](\.[0-9]{1,4})+\b|^[^:\d]{1,40}:\s*\S")
_PREAMBLE_KEYS = re.compile(
    r"^(judul|daerah|tahun|kolom|skpd|skpa|opd|organisasi|kode organisasi|nama organisasi|"
    r"provinsi|kab|kabupaten|kota|periode|bulan|unit|sub unit|bendahara|pengguna anggaran)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    """Where a sheet's table is: header rows, column header parts, first data row."""

    header_rows: list[int]
    headers: dict[int, list[str]]  # column index -> header parts, parent first
    first_data_row: int
    colnum_rows: list[int] = field(default_factory=list)
    preamble: dict[str, str] = field(default_factory=dict)
    title: str = ""
    free_title: str = ""  # title lines that are not `key : value` pairs, one per line


def clean_grid(peek: pd.DataFrame) -> pd.DataFrame:
    """Cells as stripped single-line strings, empty cells as None."""

    def clean(v: object) -> str | None:
        if v is None or (isinstance(v, float) and v != v):
            return None
        s = " ".join(str(v).replace("\u00a0", " ").split())
        return s or None

    return peek.map(clean).dropna(how="all", axis=1)


def _cells(row: pd.Series) -> list[str]:
    return [str(v) for v in row if pd.notna(v)]


def _heads(row: pd.Series) -> list[str]:
    """The row's cells cut to `HEAD_CHARS`, for header detection (bounded work per cell)."""
    return [str(v)[:HEAD_CHARS] for v in row if pd.notna(v)]


def is_numeric(cell: str) -> bool:
    """Whether a cell's text is a number (digits with separators and signs only)."""
    return _NUMERIC_CHARS.fullmatch(cell) is not None and _DIGIT.search(cell) is not None


def _is_colnum_row(cells: list[str]) -> bool:
    return len(cells) >= 3 and sum(bool(_COLNUM.search(c)) for c in cells) >= 0.8 * len(cells)


def _row_score(cells: list[str]) -> tuple[bool, float]:
    """Whether a row may be the header, and how much it looks like one.

    Exact aliases count most; cells read as headers by meaning count when they make
    at least three of the row's cells and half of its text cells, so a data row
    holding one header-like word (`Pembayaran honor tanggal 5 Maret`) is not taken.
    """
    hits = [header_hit(c) for c in cells]
    exact, weak = hits.count(2), hits.count(1)
    texts = sum(not is_numeric(c) for c in cells)
    plausible = exact >= 2 or (exact >= 1 and texts >= 3)
    plausible |= exact + weak >= 3 and 2 * (exact + weak) >= texts
    return plausible, exact * 3 + weak * 2 + min(texts, 12) * 0.5


def _best_header_row(grid: pd.DataFrame) -> int | None:
    best: tuple[float, int] | None = None
    for row, values in grid.iterrows():
        plausible, score = _row_score(_heads(values))
        if plausible and (best is None or score > best[0]):
            best = (score, int(str(row)))
    return None if best is None else best[1]


def _is_parent_row(cells: list[str]) -> bool:
    return (
        len(cells) >= 2
        and not any(is_numeric(c) or ":" in c for c in cells)
        and not _PREAMBLE_KEYS.match(cells[0])
    )


def _is_child_row(cells: list[str], width: int) -> bool:
    if not cells or _is_colnum_row(cells) or any(is_numeric(c) for c in cells):
        return False
    if any(_NOT_HEADER_CELL.match(c) for c in cells):
        return False  # an SKPD heading (`1.02.… DINAS …`, `SKPD : …`) or an account row
    if is_group_heading(cells):
        return False  # `A. OBAT` opens the first group of items
    if _repeated_subheads(cells):
        return True  # `Jumlah | Nilai | Jumlah | Nilai` under merged `Saldo Awal` …
    if any(_ROW_LABEL.match(c) for c in cells) or (
        len(cells) <= 2 and any(_ROLE_WORDS.match(c) for c in cells)
    ):
        return False  # an opening, total or placeholder row, not a header
    return any(header_hit(c) for c in cells) or len(cells) < width


def _repeated_subheads(cells: list[str]) -> bool:
    """Sub-headers repeated under merged parents: each of two or more headers twice or more.

    `Jumlah` alone is a total row's label; `Jumlah | Nilai | Jumlah | Nilai` (quantity and
    value under `Saldo Awal`, `Penerimaan`, …) is a header row.
    """
    distinct = set(cells)
    return (
        len(distinct) >= 2
        and all(cells.count(c) >= 2 for c in distinct)
        and all(header_hit(c) for c in distinct)
    )


def _header_block(grid: pd.DataFrame, best: int) -> list[int]:
    rows = [best]
    while len(rows) < MAX_HEADER_ROWS and rows[0] - 1 in grid.index:
        if not _is_parent_row(_heads(grid.loc[rows[0] - 1])):
            break
        rows.insert(0, rows[0] - 1)
    while len(rows) < MAX_HEADER_ROWS and rows[-1] + 1 in grid.index:
        width = max(len(_heads(grid.loc[r])) for r in rows)
        if not _is_child_row(_heads(grid.loc[rows[-1] + 1]), width + 1):
            break
        rows.append(rows[-1] + 1)
    return rows


def _fill_parents(block: pd.DataFrame) -> pd.DataFrame:
    """Spread a merged parent cell right over the columns whose child rows have values."""
    block = block.copy()
    for i in range(len(block) - 1):
        below = block.iloc[i + 1 :].notna().any(axis=0)
        row = block.iloc[i]
        for pos in range(1, len(row)):
            left = row.iloc[pos - 1]
            if (
                pd.isna(row.iloc[pos])
                and pd.notna(left)
                and below.iloc[pos]
                and below.iloc[pos - 1]
            ):
                row.iloc[pos] = left
        block.iloc[i] = row
    return block


def _header_parts(block: pd.DataFrame) -> dict[int, list[str]]:
    filled = _fill_parents(block)
    headers: dict[int, list[str]] = {}
    for col in filled.columns:
        parts: list[str] = []
        for value in filled[col]:
            if pd.notna(value) and (not parts or parts[-1] != value):
                parts.append(str(value))
        if parts:
            headers[int(col)] = parts
    return headers


def _colnum_rows(grid: pd.DataFrame, start: int) -> list[int]:
    """The column-number rows (`1 2 3 …`, `(a) (b) …`) right under a header, blanks skipped."""
    found: list[int] = []
    row = start
    while row in grid.index and row < start + 3:
        cells = _heads(grid.loc[row])
        if cells and not _is_colnum_row(cells):
            break
        if cells:
            found.append(row)
        row += 1
    return found


def parse_preamble(rows: pd.DataFrame) -> tuple[dict[str, str], str, str]:
    """Read the rows above a table: key–value pairs, the whole title, the free lines.

    Pairs are lines like `SKPD : 1.02… Dinas Kesehatan`; free lines are the title
    lines that are not pairs, one per line.
    """
    pairs: dict[str, str] = {}
    lines: list[str] = []
    free: list[str] = []
    for _, values in rows.iterrows():
        cells = _cells(values)
        if not cells:
            continue
        lines.append(" ".join(cells))
        key, value = _split_pair(cells)
        if key:
            pairs.setdefault(key, value)
        else:
            free.append(lines[-1])
    return pairs, " ".join(lines), "\n".join(free)


_LABELS = re.compile(
    r"^(program|kegiatan|sub kegiatan|pptk|sub bagian|status|lokasi|urusan|bidang)$", re.IGNORECASE
)


def _split_pair(cells: list[str]) -> tuple[str | None, str]:
    key, value = _raw_pair(cells)
    if key and _LABELS.match(value):  # `SKPD : | PROGRAM :` — an empty field, next label
        return key, ""
    return key, value


def _raw_pair(cells: list[str]) -> tuple[str | None, str]:
    first, rest = cells[0], cells[1:]
    if ":" in first:
        key, _, value = first.partition(":")
        return key.strip(), " ".join([value.strip(), *rest]).strip()
    if rest and rest[0].startswith(":"):
        return first, " ".join([rest[0][1:].strip(), *rest[1:]]).strip()
    if len(cells) == 2 and len(first) <= 30 and not any(ch.isdigit() for ch in first):
        return first, rest[0]
    return None, ""


def find_layout(peek: pd.DataFrame) -> Layout | None:
    """Locate the header and data start of a sheet from its first rows; None if no table."""
    grid = clean_grid(peek)
    best = _best_header_row(grid)
    if best is None:
        return None
    rows = _header_block(grid, best)
    headers = _header_parts(grid.loc[rows])
    colnums = _colnum_rows(grid, rows[-1] + 1)
    nxt = (colnums[-1] if colnums else rows[-1]) + 1
    preamble, title, free = parse_preamble(grid.loc[grid.index < rows[0]])
    return Layout(rows, headers, nxt, colnums, preamble, title, free)
