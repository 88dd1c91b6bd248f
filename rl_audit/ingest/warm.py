"""Warming up reader processes (`rl_audit.ingest.isolate`).

Importing this module loads the shipped data every parse needs (document kinds,
header synonyms, the OPD registry). The forkserver imports it once, so every reader
process forked from it starts with that data instead of loading it again. Nothing here
starts a thread or touches a native reader (a forked child must not inherit one).

A reader process parses the one-row CSV and xlsx of `warm_files` once before its first
real file, so lazy allocations (the Excel reader's thread pool, caches) are made before
its memory budget is measured.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from rl_audit.catalog import kinds
from rl_audit.catalog.opds import default_registry
from rl_audit.ingest import detect, headers

ROWS = (("No", "Tanggal", "Uraian", "Jumlah"), ("1", "2025-01-02", "Pemanasan", "1000"))
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="BKU" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}


def load_shared() -> None:
    """Load the shipped data every parse uses (each loader caches its result)."""
    kinds.load_kinds()
    kinds.known_headers()
    detect.all_tables()
    headers.synonyms()
    default_registry()


def _sheet_xml() -> str:
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in row)
        + "</row>"
        for r, row in enumerate(ROWS, 1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>'


def warm_files(folder: Path) -> list[Path]:
    """A one-row CSV and a one-row xlsx written in `folder`."""
    csv = folder / "warm.csv"
    csv.write_text("\n".join(",".join(row) for row in ROWS) + "\n", encoding="utf-8")
    xlsx = folder / "warm.xlsx"
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in {**_PARTS, "xl/worksheets/sheet1.xml": _sheet_xml()}.items():
            book.writestr(name, text)
    return [csv, xlsx]


load_shared()  # at import: see the module doc
