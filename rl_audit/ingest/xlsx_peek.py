"""Stream the first rows of an xlsx worksheet without parsing the whole sheet.

calamine (through fastexcel) parses a whole sheet on every load, which for a
1,000,000-row export costs seconds; finding the header needs only the first
rows. This reads the sheet XML and the shared strings incrementally and stops
early. Entity declarations were already refused by the zip guards in `read`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO

import pandas as pd
from lxml import etree

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"([A-Z]+)(\d+)")


def _events(stream: IO[bytes], tag: str) -> Iterator[etree._Element]:
    parser = etree.iterparse(
        stream, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False
    )
    for _, elem in parser:
        yield elem


def _sheet_path(archive: zipfile.ZipFile, name: str) -> str | None:
    wb = etree.fromstring(archive.read("xl/workbook.xml"), etree.XMLParser(resolve_entities=False))
    rels = etree.fromstring(
        archive.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(resolve_entities=False)
    )
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for sheet in wb.iter(f"{_NS}sheet"):
        if sheet.get("name") == name:
            target = targets.get(sheet.get(_REL), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


_DATE_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_DATE_CODE = re.compile(r'\[[^]]*\]|"[^"]*"|\\.')


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (`s=`) whose number format is a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = etree.fromstring(archive.read("xl/styles.xml"), etree.XMLParser(resolve_entities=False))
    custom = {
        int(f.get("numFmtId", "0"))
        for f in root.iter(f"{_NS}numFmt")
        if re.search(r"[dmyhs]", _DATE_CODE.sub("", f.get("formatCode", "")), re.IGNORECASE)
    }
    xfs = root.find(f"{_NS}cellXfs")
    ids = [int(x.get("numFmtId", "0")) for x in (xfs if xfs is not None else [])]
    return {i for i, fmt in enumerate(ids) if fmt in _DATE_IDS or fmt in custom}


def _as_date(serial: str) -> str:
    """Excel serial (1900 system) → `YYYY-MM-DD` (with the time when it has one)."""
    stamp = pd.Timestamp("1899-12-30") + pd.to_timedelta(float(serial), unit="D")
    stamp = stamp.round("s")
    return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S")


def _cell_text(cell: etree._Element, dates: set[int]) -> tuple[str | None, bool]:
    """The cell's text and whether it is a shared-string index."""
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(cell.itertext()), False
    value = cell.find(f"{_NS}v")
    text = None if value is None else value.text
    if text and kind in (None, "n") and int(cell.get("s", "0")) in dates:
        return _as_date(text), False
    return text, kind == "s"


Cells = dict[tuple[int, int], str]


def _rows(
    stream: IO[bytes], n_rows: int, dates: set[int]
) -> tuple[Cells, dict[tuple[int, int], int]]:
    """Cell texts and shared-string indexes of the first rows."""
    texts: Cells = {}
    shared: dict[tuple[int, int], int] = {}
    number = 0
    for row in _events(stream, f"{_NS}row"):
        number = int(row.get("r") or number + 1)  # as calamine: no `r`, the next row
        if number > n_rows:
            break
        column = -1
        for cell in row.iter(f"{_NS}c"):
            key, column = _position(cell.get("r"), number, column)
            text, is_shared = _cell_text(cell, dates)
            if text is not None:
                if is_shared:
                    shared[key] = int(text)
                else:
                    texts[key] = text
        row.clear()
    return texts, shared


def _position(ref: str | None, row: int, column: int) -> tuple[tuple[int, int], int]:
    """(row, 0-based column) of a cell and its column: its `r`, else after the previous cell."""
    match = _REF.fullmatch(ref.upper()) if ref else None
    if match is None:
        return (row, column + 1), column + 1
    at = _col_index(match.group(1))
    return (int(match.group(2)), at), at


def _shared_strings(archive: zipfile.ZipFile, needed: set[int]) -> dict[int, str]:
    if not needed or "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    found: dict[int, str] = {}
    last = max(needed)
    with archive.open("xl/sharedStrings.xml") as stream:
        for i, si in enumerate(_events(stream, f"{_NS}si")):
            if i in needed:
                found[i] = "".join(
                    t.text or ""
                    for t in si.iter(f"{_NS}t")
                    if t.getparent() is not None and t.getparent().tag != f"{_NS}rPh"
                )
            si.clear()
            if i >= last:
                break
    return found


def peek_xlsx(data: bytes, sheet_name: str, n_rows: int) -> pd.DataFrame | None:
    """The first `n_rows` rows of a sheet as text, or None if the sheet cannot be found.

    Index = sheet row number (up to the last filled row), columns = 0-based absolute
    column index, cells = str or None.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        path = _sheet_path(archive, sheet_name)
        if path is None or path not in archive.namelist():
            return None
        dates = _date_styles(archive)
        with archive.open(path) as stream:
            texts, shared = _rows(stream, n_rows, dates)
        strings = _shared_strings(archive, set(shared.values()))
    texts.update({key: strings.get(idx, "") for key, idx in shared.items()})
    return grid_frame(texts)


def grid_frame(texts: Cells) -> pd.DataFrame:
    """Cells by (row, column) as a frame of rows 1.. up to the last filled one."""
    cols = sorted({c for _, c in texts})
    last = max((r for r, _ in texts), default=0)
    index = pd.RangeIndex(1, last + 1)
    if any(r < 1 for r, _ in texts):  # not a sheet row: let pandas place it as before
        frame = pd.DataFrame(None, index=index, columns=cols, dtype=object)
        for (row, col), text in texts.items():
            frame.at[row, col] = text
        return frame
    data: dict[int, list[str | None]] = {c: [None] * last for c in cols}
    for (row, col), text in texts.items():
        data[col][row - 1] = text
    return pd.DataFrame(data, index=index, columns=cols, dtype=object)
