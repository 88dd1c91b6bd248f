"""Build realistic input workbooks for the ingest tests (xlsx, ods, csv, HTML-.xls).

A sheet is a list of rows, each a list of cell values (None = empty cell); row 1 of
the list is Excel row 1. `datetime`/`date` values become date cells in xlsx/ods.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

Row = Sequence[object]

TITLE_PEMKAB = "PEMERINTAH KABUPATEN REJANG LEBONG"
NIP_KADIS = "197001011990031001"
NIP_BENDAHARA = "198503152010012002"


@dataclass
class Sheet:
    """One worksheet: rows from row 1, merged ranges, number formats by cell."""

    name: str
    rows: list[Row]
    merges: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # "F8" -> '"Rp."#,##0'


@dataclass(frozen=True)
class Span:
    """An HTML table cell spanning several columns/rows."""

    text: object
    colspan: int = 1
    rowspan: int = 1


def signature(
    left: int = 0,
    right: int = 4,
    head: str = "Kepala Dinas",
    place: str = "Curup, 31 Januari 2025",
) -> list[Row]:
    """A signature block: blank row, then Mengetahui / head / name / NIP on the left
    (column index `left`) and the treasurer's block on the right (index `right`).

    Rows: blank, `Mengetahui,`, head, blank, name, `NIP. ...` (6 rows, 4 filled).
    """

    def line(a: str | None, b: str | None) -> Row:
        row: list[object] = [None] * (max(left, right) + 1)
        row[left], row[right] = a, b
        return row

    return [
        [],
        line("Mengetahui,", place),
        line(head, "Bendahara Pengeluaran"),
        [],
        line("dr. H. AHMAD FAUZI, M.Kes", "SITI AMINAH, S.E."),
        line(f"NIP. {NIP_KADIS}", f"NIP. {NIP_BENDAHARA}"),
    ]


def write_xlsx(path: Path, *sheets: Sheet) -> Path:
    """Write sheets with openpyxl (merged ranges, number formats, date cells)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        for ref, fmt in spec.formats.items():
            for cell in _cells(ws[ref]):
                cell.number_format = fmt
        for rng in spec.merges:
            ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _cells(found: object) -> list:
    """Flatten what `ws["A1"]` / `ws["A1:B3"]` returns into a list of cells."""
    if not isinstance(found, tuple):
        return [found]
    out: list = []
    for item in found:
        out += _cells(item)
    return out


def write_ods(path: Path, *sheets: Sheet) -> Path:
    """Write sheets as OpenDocument with pandas' odf engine (no merges)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="odf") as writer:
        for spec in sheets:
            width = max(len(r) for r in spec.rows)
            rows = [list(r) + [None] * (width - len(r)) for r in spec.rows]
            frame = pd.DataFrame(rows, dtype=object)
            frame.to_excel(writer, sheet_name=spec.name, header=False, index=False)
    return path


def write_csv(
    path: Path,
    rows: list[Row],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    pad: bool = True,
) -> Path:
    """Write CSV text with the given delimiter and encoding (e.g. cp1252, utf-8-sig).

    With `pad`, every non-empty record is padded to the widest one (as Excel's
    "Save as CSV" does); empty rows stay empty lines.
    """
    width = max(len(r) for r in rows)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        cells = ["" if v is None else v for v in row]
        if pad and cells:
            cells += [""] * (width - len(cells))
        writer.writerow(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def html_table(rows: list[Row]) -> str:
    """An HTML page with one table; `Span` cells get colspan/rowspan attributes."""
    out = ["<html><head><meta charset='utf-8'></head><body><table border='1'>"]
    for row in rows:
        cells = []
        for cell in row:
            span = cell if isinstance(cell, Span) else Span(cell)
            attrs = ""
            if span.colspan > 1:
                attrs += f" colspan='{span.colspan}'"
            if span.rowspan > 1:
                attrs += f" rowspan='{span.rowspan}'"
            text = "" if span.text is None else html.escape(str(span.text))
            cells.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def write_html_xls(path: Path, rows: list[Row]) -> Path:
    """Save an HTML table under an `.xls` name, as SIPD/SIMDA web exports do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_table(rows), encoding="utf-8")
    return path
