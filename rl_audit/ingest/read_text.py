"""Text inputs of `open_workbook`: CSV files and HTML tables saved as `.xls`.

`open_text` decodes the bytes and parses them into row grids (lists of
`str | None` cells plus the row number of each row) served by `GridSheet`
(CSV parsing itself lives in `rl_audit.ingest.read_csv`).
CSV rows are numbered by the line where the record starts; HTML rows by their
1-based position in the table. Empty fields/cells are None; CSV fields keep
their whitespace, HTML cell text has whitespace runs collapsed (`<br>` → newline).

HTML spans: a cell with `colspan`/`rowspan` fills its whole block in the grid,
but only the top-left position holds the text; the other positions stay None
(the same as a merged range in Excel, where only the first cell has a value).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pandas as pd
from lxml import html as lxml_html

from rl_audit.documents import Issue
from rl_audit.ingest.extent import Extent, refusal
from rl_audit.ingest.limits import DEFAULT_LIMITS, Limits, ReadError
from rl_audit.ingest.raw_sheet import RawSheet, RefusedSheet, check_row_args
from rl_audit.ingest.read_csv import Cell, Grid, parse_csv

MAX_COLSPAN = 1000
HEAD_BYTES = 65536
OTHER_FORMATS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"{\\rtf": "RTF document",
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"PK\x05\x06": "empty ZIP archive",
}
_BR = "\ue000"  # private-use placeholder for <br> while whitespace is collapsed
_SPACE = re.compile(r"[ \t\r\n\f]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_PRINTABLE = bytes(b for b in range(256) if b not in _CONTROL)


def looks_like_text(data: bytes) -> bool:
    """Tell whether `data` looks like text: a UTF-16 BOM, or no NUL and few control bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:HEAD_BYTES]
    if not head or b"\x00" in head:
        return False
    controls = len(head.translate(None, _PRINTABLE))
    return controls <= len(head) // 100


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode text bytes: UTF-16 (BOM), UTF-8 with or without BOM, else cp1252.

    Returns the text and the fallback encoding used (None when the bytes were
    valid UTF-8/UTF-16), so the caller can warn about a guessed encoding.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), "cp1252"


def markup_kind(text: str) -> str | None:
    """Return "html" for an HTML page holding tables, "xml" for other XML, else None."""
    head = text[:HEAD_BYTES].lstrip("\ufeff \t\r\n").lower()
    if not head.startswith("<"):
        return None
    if head.startswith(("<html", "<!doctype html", "<table")):
        return "html"
    if head.startswith("<?xml"):
        return "html" if "<html" in head else "xml"
    return "html" if "<table" in head else None


class GridSheet(RawSheet):
    """A CSV file or an HTML table, already parsed into text rows."""

    def __init__(self, name: str, fmt: str, grid: Grid, issues: list[Issue]) -> None:
        super().__init__(name, fmt, issues)
        self._rows, self._numbers = grid

    def peek(self, n_rows: int) -> pd.DataFrame:
        """Return the first `n_rows` rows (CSV: records; a record may span several lines)."""
        check_row_args(n_rows, 0, "n_rows")
        return self._frame(self._rows[:n_rows], self._numbers[:n_rows])

    def load(self, first_row: int) -> pd.DataFrame:
        """Rows whose number (CSV: starting line) is at least `first_row`."""
        check_row_args(first_row, 1, "first_row")
        start = next((i for i, n in enumerate(self._numbers) if n >= first_row), len(self._rows))
        return self._frame(self._rows[start:], self._numbers[start:])

    def _frame(self, rows: list[list[Cell]], numbers: list[int]) -> pd.DataFrame:
        width = len(self._rows[0]) if self._rows else 0
        return pd.DataFrame(rows, index=pd.Index(numbers), columns=range(width), dtype=object)


def open_text(path: Path, data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Read text bytes as HTML tables or as one CSV sheet.

    A table or CSV whose grid would pass `limits` (rows, columns, cells) is refused
    (`sheet_too_large`) before its grid is built.
    """
    for magic, label in OTHER_FORMATS.items():
        if data.startswith(magic):
            raise ReadError("file_unsupported", label)
    if not looks_like_text(data):
        raise ReadError("file_unsupported", "binary data")
    text, fallback = decode(data)
    markup = markup_kind(text)
    if markup == "xml":
        raise ReadError("file_unsupported", "XML document (not an HTML table)")
    if markup == "html":
        if "<!entity" in text[:HEAD_BYTES].lower():
            raise ReadError("xml_bomb", "entity declaration in an HTML file")
        return _html_sheets(parse_html(text, limits), fallback, path)
    grid, ragged = parse_csv(text, path.stem, str(path), limits)
    if not any(v is not None for row in grid[0] for v in row):
        return []
    return [GridSheet(path.stem, "csv", grid, _encoding_issues(fallback, path, path.stem) + ragged)]


def _html_sheets(grids: list[Grid | ReadError], fallback: str | None, path: Path) -> list[RawSheet]:
    """One sheet per table, `Tabel 1`, `Tabel 2`, …; a refused table stays as its error."""
    sheets: list[RawSheet] = []
    for i, grid in enumerate(grids, 1):
        name = f"Tabel {i}"
        if isinstance(grid, ReadError):
            sheets.append(RefusedSheet(name, "html", ReadError(grid.key, grid.detail, sheet=name)))
        else:
            sheets.append(GridSheet(name, "html", grid, _encoding_issues(fallback, path, name)))
    return sheets


def _encoding_issues(fallback: str | None, path: Path, sheet: str) -> list[Issue]:
    """Return a `csv_encoding` warning when the text was not valid UTF-8."""
    if fallback is None:
        return []
    return [Issue("csv_encoding", params={"encoding": fallback}, file=str(path), sheet=sheet)]


# --- HTML ---------------------------------------------------------------------


def parse_html(text: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid | ReadError]:
    """Grids of the tables (≥ 2 rows, ≥ 1 filled cell) of an HTML page, in page order.

    Parsed offline by lxml's HTML parser (no network, no DTD, huge_tree off);
    rows are the table's own `tr` (also under thead/tbody/tfoot), numbered from 1.
    A table whose spans would make its grid pass `limits` is its `sheet_too_large`
    error instead (found while expanding, before the grid is built).
    """
    parser = lxml_html.HTMLParser(
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    root = lxml_html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    grids: list[Grid | ReadError] = []
    for table in root.iter("table"):
        try:
            rows = _table_rows(table, limits)
        except ReadError as err:
            grids.append(err)
            continue
        if len(rows) >= 2 and any(v is not None for row in rows for v in row):
            grids.append((rows, list(range(1, len(rows) + 1))))
    return grids


def _span(value: str | None, limit: int) -> int:
    """Read a rowspan/colspan attribute as an int in 1..limit (junk or 0 counts as 1)."""
    digits = re.match(r"\s*(\d+)", value or "")
    if digits and len(digits.group(1)) > 9:
        return limit  # `colspan="99999…"`: too long for int(), as large as allowed
    return max(1, min(int(digits.group(1)) if digits else 1, limit))


def _table_rows(table: lxml_html.HtmlElement, limits: Limits) -> list[list[Cell]]:
    """Expand one table's rows into a rectangular grid, honouring row/col spans.

    Raises `sheet_too_large` as soon as the grid would pass `limits`.
    """
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    _check_grid(Extent(len(trs), 1), limits)
    rows: list[dict[int, Cell]] = []
    pending: dict[int, int] = {}  # column -> rows it stays covered, this row included
    width = 0
    for r, tr in enumerate(trs):
        row: dict[int, Cell] = {}
        covered = {c for c, left in pending.items() if left > 0}
        col = 0
        for cell in tr.xpath("./td | ./th"):
            while col in covered:
                col += 1
            rowspan = _span(cell.get("rowspan"), len(trs) - r)
            colspan = _span(cell.get("colspan"), MAX_COLSPAN)
            _check_grid(Extent(r + 1, col + colspan), limits)
            row[col] = _cell_text(cell)
            if rowspan > 1:
                pending.update(dict.fromkeys(range(col, col + colspan), rowspan))
            col += colspan
        width = max(width, col)
        _check_grid(Extent(r + 1, width), limits)
        rows.append(row)
        pending = {c: left - 1 for c, left in pending.items() if left > 1}
    return [[row.get(c) for c in range(width)] for row in rows]


def _check_grid(extent: Extent, limits: Limits) -> None:
    """Raise `sheet_too_large` when a grid of `extent` would pass `limits`."""
    error = refusal(extent, limits, None)
    if error is not None:
        raise error


def _cell_text(cell: lxml_html.HtmlElement) -> Cell:
    """Text of a cell: whitespace runs collapsed, `<br>` kept as a line break, '' → None."""
    for br in cell.iter("br"):
        br.tail = _BR + (br.tail or "")
    lines = [_SPACE.sub(" ", part).strip(" ") for part in cell.text_content().split(_BR)]
    text = "\n".join(lines).strip("\n")
    return text or None
