"""Sheet extents of ODS (content.xml) and xls (BIFF records), before calamine reads them.

ODS repeats a cell or a row with `table:number-columns-repeated` /
`table:number-rows-repeated`: a 450-byte file can ask for 60 million cells. The
repeats are counted arithmetically; as in calamine, trailing empty cells and rows (the
huge repeats LibreOffice writes to pad a sheet) do not count.

xls cell records carry a 16-bit row and column: one record at column 65535 makes
calamine allocate 65536 x 65536 cells and abort. The cell records of each worksheet
substream are walked (`olefile` reads the workbook stream).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import olefile
from lxml import etree

from rl_audit.ingest.extent import Extent, number, pull_parser
from rl_audit.ingest.limits import ReadError

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}


def ods_extents(chunks: Iterable[bytes]) -> dict[str, Extent]:
    """The extent of each table (sheet) of an ODS content.xml, by table name."""
    parser = pull_parser(f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row")
    tables = _Tables()
    try:
        for chunk in chunks:
            parser.feed(chunk)
            tables.read(parser)
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise ReadError("file_corrupt", f"content.xml: {str(exc)[:120]}") from exc
    tables.read(parser)
    return tables.found


class _Tables:
    """Rows and columns of each table as its rows go by."""

    def __init__(self) -> None:
        self.found: dict[str, Extent] = {}
        self.name = ""
        self.rows = 0
        self.extent = Extent()

    def read(self, parser: etree.XMLPullParser) -> None:
        for event, element in parser.read_events():
            if element.tag.endswith("}table"):
                self._table(event, element)
            elif event == "end":
                self._row(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _table(self, event: str, element: etree._Element) -> None:
        if event == "start":
            self.name = element.get(f"{{{_TABLE}}}name", "")
            self.rows, self.extent = 0, Extent()
        else:
            old = self.found.get(self.name, Extent())
            self.found[self.name] = old.grow(self.extent.rows, self.extent.columns)
            element.clear()

    def _row(self, row: etree._Element) -> None:
        self.rows += number(row.get(_ROWS_REPEATED))
        width = _row_width(row)
        if width:
            self.extent = self.extent.grow(self.rows, width)


def _row_width(row: etree._Element) -> int:
    """Columns up to the row's last filled cell, repeats counted."""
    at = width = 0
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        at += number(cell.get(_COLUMNS_REPEATED))
        if cell.get(_VALUE_TYPE) is not None or len(cell):
            width = at
    return width


# --- xls ------------------------------------------------------------------------

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}  # values, not blanks
_MULRK = 0x00BD


def xls_extents(data: bytes) -> dict[str, Extent]:
    """The extent of each worksheet of an xls file, by sheet name."""
    try:
        with olefile.OleFileIO(data) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error) as exc:
        raise ReadError("file_corrupt", f"OLE container: {str(exc)[:120]}") from exc
    return _walk_biff(stream)


def _records(stream: bytes) -> Iterable[tuple[int, int, bytes]]:
    """(offset, type, payload) of each BIFF record."""
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield at, kind, stream[at + 4 : at + 4 + size]
        at += 4 + size


def _walk_biff(stream: bytes) -> dict[str, Extent]:
    """Cell records of each worksheet substream, sheets named by their BOUNDSHEET record."""
    names: dict[int, str] = {}
    found: dict[str, Extent] = {}
    stack: list[str | None] = []
    for at, kind, body in _records(stream):
        if kind == _BOUNDSHEET and len(body) >= 8:
            names[struct.unpack_from("<I", body)[0]] = _sheet_name(body)
        elif kind == _BOF:
            stack.append(names.get(at))
        elif kind == _EOF and stack:
            stack.pop()
        elif stack and stack[-1] is not None and len(body) >= 4:
            cell = _cell(kind, body)
            if cell:
                found[stack[-1]] = found.get(stack[-1], Extent()).grow(*cell)
    return found


def _cell(kind: int, body: bytes) -> tuple[int, int] | None:
    """(row, last column), 1-based, of a value cell record."""
    row, column = struct.unpack_from("<HH", body)
    if kind == _MULRK and len(body) >= 6:
        return row + 1, struct.unpack_from("<H", body, len(body) - 2)[0] + 1
    return (row + 1, column + 1) if kind in _CELL_RECORDS else None


def _sheet_name(body: bytes) -> str:
    """The name in a BOUNDSHEET record (BIFF8: flagged 8/16-bit; BIFF5: 8-bit)."""
    length = body[6]
    if len(body) >= 8 + length and len(body) - 8 in (length, 2 * length):
        wide = body[7] & 1
        raw = body[8 : 8 + length * (2 if wide else 1)]
        return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")
    return body[7 : 7 + length].decode("cp1252", errors="replace")
