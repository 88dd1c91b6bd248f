"""The real extent of a sheet, read from its XML before the reader allocates it.

calamine allocates a sheet as one rectangle up to its last filled cell, so a 5 KB xlsx
with one cell at XFD1048576 asks for 512 GiB and aborts the whole process. The extent
is therefore taken from the cells themselves (the `<dimension>` a sheet declares is not
used, by calamine nor here), and a sheet whose last row, last column or rows x columns
pass `Limits` is refused as that sheet's `sheet_too_large` error.

The common xlsx (every cell written `<c r="B7" ...>`, as Excel, LibreOffice and
openpyxl write it) is scanned with array operations (`rl_audit.ingest.plain_cells`),
about as fast as inflating the XML. Anything else
(cells without a reference, namespace prefixes, other quoting or attributes) is walked
exactly, element by element, with the same rules as calamine: slower, but only for
unusual files. Empty cells (`<c r="X9" s="1"/>`) do not count, as for calamine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from rl_audit.ingest.limits import Limits, ReadError, column_letter
from rl_audit.ingest.plain_cells import plain_extent

TAG_MAX = 65536  # what is kept of an unfinished tag between two chunks
HUGE = 10**9  # a row/column number too long to read counts as this
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


@dataclass(frozen=True)
class Extent:
    """The last filled row and column of a sheet (1-based; 0 when it has no filled cell)."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        """The rectangle the reader allocates: rows x columns."""
        return self.rows * self.columns

    def grow(self, row: int, column: int) -> Extent:
        """The extent grown to hold the cell at (`row`, `column`), 1-based."""
        return Extent(max(self.rows, row), max(self.columns, column))

    def within(self, limits: Limits) -> bool:
        """Whether the reader may allocate this extent."""
        return refusal(self, limits, None) is None


def refusal(extent: Extent, limits: Limits, sheet: str | None, where: str = "") -> ReadError | None:
    """The `sheet_too_large` error for an extent past `limits`, else None."""
    over = []
    if extent.rows > limits.max_rows:
        over.append(f"{extent.rows} rows > {limits.max_rows}")
    if extent.columns > limits.max_columns:
        over.append(f"{extent.columns} columns > {limits.max_columns}")
    if not over and extent.cells > limits.max_cells:
        over.append(f"{extent.rows} x {extent.columns} cells > {limits.max_cells}")
    if not over:
        return None
    last = f"last cell {column_letter(min(max(extent.columns, 1), HUGE) - 1)}{extent.rows}"
    return ReadError("sheet_too_large", f"{where}{last}: {'; '.join(over)}", sheet=sheet)


def number(text: str | bytes | None, default: int = 1) -> int:
    """A count or position attribute as an int; too long to be real counts as `HUGE`."""
    if text is None or not text.strip().isdigit():
        return default
    digits = text.strip()
    return min(int(digits), HUGE) if len(digits) <= 10 else HUGE


def column_number(letters: str) -> int:
    """1-based column of letters (any case): "A" → 1, "XFD" → 16384; too long → `HUGE`."""
    if len(letters) > 6:
        return HUGE
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


# --- xlsx: the plain scan -------------------------------------------------------


class PlainScan:
    """The extent of a plain xlsx sheet, block by block (`rl_audit.ingest.plain_cells`)."""

    def __init__(self) -> None:
        self.extent = Extent()

    def feed(self, block: bytes) -> bool:
        """Scan one block of whole tags; False when it holds syntax this scan does not read."""
        found = plain_extent(block)
        if found is None:
            return False
        self.extent = self.extent.grow(*found)
        return True


def blocks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut chunks of XML so that no tag is split between two blocks."""
    carry = b""
    for chunk in chunks:
        block = carry + chunk
        cut = block.rfind(b"<")
        if cut < 0 or block.find(b">", cut) >= 0:
            carry = b""
            yield block
        else:
            carry = block[cut : cut + TAG_MAX]
            yield block[:cut]
    if carry:
        yield carry


# --- xlsx: the exact walk ---------------------------------------------------------


class _Walk:
    """calamine's positions: a cell's `r`, else the next column; a row's `r`, else the next row."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.row = 0
        self.column = 0

    def start_row(self, element: etree._Element) -> None:
        self.row = number(element.get("r"), self.row + 1)
        self.column = 0

    def end_cell(self, element: etree._Element) -> None:
        ref = element.get("r")
        row, column = self.row, self.column + 1
        if ref is not None:
            found = _REF.fullmatch(ref.strip())
            if not found:
                raise ReadError("sheet_unreadable", f"bad cell reference {ref[:20]!r}")
            row, column = number(found[2]), column_number(found[1])
        self.column = column
        if len(element) or (element.text or "").strip():
            self.extent = self.extent.grow(row, column)


def pull_parser(*tags: str) -> etree.XMLPullParser:
    """A pull parser of start/end events of `tags` that resolves no entity and fetches nothing."""
    return etree.XMLPullParser(
        events=("start", "end"),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )


def exact_extent(chunks: Iterable[bytes], limits: Limits) -> Extent:
    """Walk the sheet XML element by element; stop as soon as the extent passes `limits`."""
    parser = pull_parser("{*}row", "{*}c")
    walk = _Walk()
    try:
        for chunk in chunks:
            parser.feed(chunk)
            _events(parser, walk)
            if not walk.extent.within(limits):
                return walk.extent
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise ReadError("sheet_unreadable", f"invalid XML: {str(exc)[:120]}") from exc
    _events(parser, walk)
    return walk.extent


def _events(parser: etree.XMLPullParser, walk: _Walk) -> None:
    for event, element in parser.read_events():
        local = str(element.tag).rpartition("}")[2].rpartition(":")[2]
        if event == "start" and local == "row":
            walk.start_row(element)
        elif event == "end":
            if local == "c":
                walk.end_cell(element)
            element.clear()
            if local == "row":
                while element.getprevious() is not None:
                    del element.getparent()[0]
