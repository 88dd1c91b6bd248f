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


def quoted_csv_text(rows: list[Row], *, delimiter: str = ",", style: str = "quoted") -> str:
    """CSV text with every field quoted, as some exporters write it (CRLF line ends).

    `style`: `quoted` (`"No","Tanggal"`), `spaced` (`"No", "Tanggal"`: a space after the
    delimiter) or `excel_text` (`="No",="Tanggal"`: Excel text formulas). An empty
    row stays an empty line; empty cells are `""`.
    """
    sep = delimiter + (" " if style == "spaced" else "")
    lead = "=" if style == "excel_text" else ""

    def field(value: object) -> str:
        text = "" if value is None else str(value)
        return lead + '"' + text.replace('"', '""') + '"'

    return "".join(sep.join(field(v) for v in row) + "\r\n" for row in rows)


# fmt: off
# A Buku Pembantu Pajak exported as CSV: a title block longer than the table, the row
# number column headed `NO URUT` (wording of SIMDA/Permendagri prints).
PAJAK_QUOTED_ROWS: list[Row] = [
    [TITLE_PEMKAB],
    ["BUKU PEMBANTU PAJAK"],
    ["BENDAHARA PENGELUARAN"],
    ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
    ["Pengguna Anggaran : dr. H. AHMAD FAUZI, M.Kes"],
    ["Bendahara Pengeluaran : SITI AMINAH, S.E."],
    ["PERIODE : JANUARI 2025"],
    [],
    ["NO URUT", "TANGGAL", "NO BUKTI", "URAIAN", "PEMOTONGAN/ PEMUNGUTAN", "PENYETORAN", "SALDO"],
    ["1", "06/01/2025", "BPP-0001", "Pungut PPh 21 Gaji Januari", "1.250.000,00", "",
     "1.250.000,00"],
    ["2", "10/01/2025", "BPP-0002", "Setor PPh 21 Gaji Januari", "", "1.250.000,00", "0,00"],
    ["", "", "", "JUMLAH", "1.250.000,00", "1.250.000,00", "0,00"],
]


def dkkb_realisasi_rows() -> list[Row]:
    """A hand-made DKKB + realisation sheet (header block, `DKKB`/`REALISASI` per month).

    Layout of OPD workbooks `DKKB DAN REALISASI.xlsx` (public analysis of a Jawa Timur
    UPT's file, domain reference §3.7): key–value block, a two-row header with the
    anggaran columns, a month pair per month, `JUMLAH DKKB` / `JUMLAH REALISASI`, a
    column-number row, an uncoded `Sumber Anggaran` group row, coded leaves, `JUMLAH`.
    Rows 1–8 preamble, header 9–10, numbers 11, data 12–15, total 16.
    """
    month = ["DKKB", "REALISASI"]
    return [
        [TITLE_PEMKAB],
        ["DOKUMEN KEBUTUHAN KAS BULANAN (DKKB) DAN REALISASI"],
        ["UNIT", ":", "Dinas Kesehatan"],
        ["BIDANG URUSAN", ":", "Urusan Pemerintahan Bidang Kesehatan"],
        ["PROGRAM", ":", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"],
        ["TRIWULAN", ":", "I"],
        ["TAHUN ANGGARAN", ":", "2025"],
        ["KPA", ":", "dr. H. AHMAD FAUZI, M.Kes"],
        ["NO URUT", "KODE REKENING", "URAIAN", "ANGGARAN 1 TAHUN SEBELUM EFISIENSI",
         "ANGGARAN PAPBD", "JANUARI", None, "FEBRUARI", None, "MARET", None,
         "JUMLAH DKKB", "JUMLAH REALISASI"],
        [None, None, None, None, None, *month, *month, *month, None, None],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "12 = (6+8+10)", "13 = (7+9+11)"],
        [None, None, "PAD MURNI", None, None, None, None, None, None, None, None, None, None],
        [1, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
         14_000_000, 12_000_000, 1_000_000, 950_000, 1_000_000, 1_000_000, 1_000_000, 0,
         3_000_000, 1_950_000],
        [2, "5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
         6_000_000, 6_000_000, 500_000, 500_000, 500_000, 450_500, 500_000, None,
         1_500_000, 950_500],
        [3, "5.1.02.02.01.0026", "Belanja Jasa Tenaga Administrasi",
         36_000_000, 36_000_000, 3_000_000, 3_000_000, 3_000_000, 3_000_000, 3_000_000,
         3_000_000, 9_000_000, 9_000_000],
        [None, None, "JUMLAH", 56_000_000, 54_000_000, 4_500_000, 4_450_000, 4_500_000,
         4_450_500, 4_500_000, 3_000_000, 13_500_000, 11_900_500],
    ]
# fmt: on


# --- a consolidated LRA of several SKPDs (BPKAD), one section per SKPD ----------------
Leaf = tuple[str, str, int, int]  # kode rekening, uraian, anggaran, realisasi (rupiah)
LRA_ACCOUNT_NAMES = {
    "5": "BELANJA DAERAH", "5.1": "BELANJA OPERASI", "5.1.02": "Belanja Barang dan Jasa",
    "5.1.02.01": "Belanja Barang", "5.1.02.01.01": "Belanja Barang Pakai Habis",
    "5.1.02.02": "Belanja Jasa", "5.1.02.02.01": "Belanja Jasa Kantor",
    "5.2": "BELANJA MODAL", "5.2.02": "Belanja Modal Peralatan dan Mesin",
    "5.2.02.05": "Belanja Modal Alat Kantor dan Rumah Tangga",
    "5.2.02.05.01": "Belanja Modal Alat Kantor",
}  # fmt: skip
CONSOLIDATED_HEADER = ["Kode Rekening", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)",
                       "Sisa Anggaran (Rp)", "%"]  # fmt: skip
CONSOLIDATED_FIRST = 7  # title 1–3, blank 4, header 5, column numbers 6


def _lra_line(kode: str | None, uraian: str, budget: float, real: float) -> list[object]:
    persen = round(real / budget * 100, 2) if budget else 0
    return [kode, uraian, budget, real, budget - real, persen]


def lra_tree_rows(leaves: list[Leaf]) -> list[tuple[str, str, int, int]]:
    """The account tree of `leaves`: every parent (the sum of its leaves) above them."""
    out: list[tuple[str, str, int, int]] = []
    seen: set[str] = set()
    for kode, uraian, budget, real in leaves:
        parts = kode.split(".")
        for n in range(1, 6):
            parent = ".".join(parts[:n])
            if parent not in seen:
                seen.add(parent)
                below = [x for x in leaves if x[0].startswith(parent + ".")]
                out.append((parent, LRA_ACCOUNT_NAMES[parent], sum(x[2] for x in below),
                            sum(x[3] for x in below)))  # fmt: skip
        out.append((kode, uraian, budget, real))
    return out


def consolidated_lra_rows(
    sections: list[tuple[tuple[str, str], list[Leaf]]],
    *,
    heading_money: bool = True,
    grand_total: bool = True,
) -> tuple[list[Row], dict[tuple[str, str], int]]:
    """A BPKAD `LRA per SKPD`: per SKPD a heading row `<kode SKPD> | <NAMA>` (with the
    SKPD's own totals when `heading_money`), its account tree, `JUMLAH BELANJA <NAMA>`;
    then `JUMLAH BELANJA DAERAH` over all SKPDs (`grand_total`) and a signature.

    Also returns the Excel row of each `(kode SKPD, kode rekening)`, of each heading
    (`(kode SKPD, "heading")`), closing total (`(kode SKPD, "total")`) and of the grand
    total (`("", "grand")`).
    """
    rows: list[Row] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH PER SKPD"],
        ["PERIODE 1 JANUARI S.D. 30 SEPTEMBER 2025"],
        [],
        CONSOLIDATED_HEADER,
        [1, 2, 3, 4, "5 = (3 - 4)", 6],
    ]
    where: dict[tuple[str, str], int] = {}
    grand = [0, 0]
    for (kode, nama), leaves in sections:
        budget, real = sum(x[2] for x in leaves), sum(x[3] for x in leaves)
        grand = [grand[0] + budget, grand[1] + real]
        where[kode, "heading"] = len(rows) + 1
        money = _lra_line(kode, nama.upper(), budget, real)
        rows.append(money if heading_money else [kode, nama.upper()])
        for code, uraian, b, r in lra_tree_rows(leaves):
            where[kode, code] = len(rows) + 1
            rows.append(_lra_line(code, uraian, b, r))
        where[kode, "total"] = len(rows) + 1
        rows.append(_lra_line(None, f"JUMLAH BELANJA {nama.upper()}", budget, real))
    if grand_total:
        where["", "grand"] = len(rows) + 1
        rows.append(_lra_line(None, "JUMLAH BELANJA DAERAH", grand[0], grand[1]))
    rows += signature(left=1, right=4, head="Kepala BPKAD", place="Curup, 30 September 2025")
    return rows, where
