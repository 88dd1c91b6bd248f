"""Tests for rl_audit.ingest.read: formats, positions, dtypes, guards."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rl_audit.documents import Issue
from rl_audit.ingest.read import (
    Limits,
    RawSheet,
    ReadError,
    column_letter,
    open_workbook,
)

REALDATA = Path(__file__).resolve().parents[1] / "data" / "realdata"
REAL_FILES = sorted(p for p in REALDATA.rglob("*") if p.is_file() and p.suffix != ".md")


# --- helpers ------------------------------------------------------------------


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xlsx_bytes(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def simple_xlsx() -> bytes:
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws["A1"] = "Kode"
        ws["B1"] = "Nilai"
        ws["A2"] = "5.1"
        ws["B2"] = 100.0

    return xlsx_bytes(build)


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra=()) -> bytes:
    """Copy a zip, passing each member through `change` (None drops it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            content = change(info.filename, zin.read(info))
            if content is not None:
                zout.writestr(info.filename, content)
        for name, content in extra:
            zout.writestr(name, content)
    return out.getvalue()


def read_error(path: Path, limits: Limits | None = None) -> ReadError:
    """Open a bad file: it must raise ReadError and leave the file untouched."""
    before = path.read_bytes() if path.is_file() else None
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(ReadError) as info:
        open_workbook(path) if limits is None else open_workbook(path, limits)
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing  # nothing written
    return info.value


def only(sheets: list[RawSheet]) -> RawSheet:
    assert len(sheets) == 1
    return sheets[0]


def assert_text_frame(frame: pd.DataFrame) -> None:
    assert all(pd.api.types.is_object_dtype(dtype) for dtype in frame.dtypes)
    for value in frame.to_numpy().ravel():
        assert value is None or isinstance(value, str), repr(value)


# --- column letters -----------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "letter"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (701, "ZZ"),
        (702, "AAA"),
        (16383, "XFD"),
    ],
)
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


def test_column_letter_rejects_negative() -> None:
    with pytest.raises(ValueError):
        column_letter(-1)


# --- xlsx ---------------------------------------------------------------------


@pytest.fixture()
def offset_xlsx(tmp_path: Path) -> Path:
    """Sheet 'Offset': rows 1-3 and columns A-B empty; 'Judul': title rows; 'Kosong': empty."""

    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.title = "Offset"
        ws["C4"], ws["D4"], ws["E4"], ws["F4"] = "Kode", "Nilai", "Tanggal", "Teks"
        ws["C5"], ws["D5"], ws["E5"], ws["F5"] = "5.1", 1234.0, dt.datetime(2025, 1, 7), "  a "
        ws["C6"], ws["D6"], ws["E6"], ws["F6"] = "5.1.02", 12.5, dt.datetime(2025, 1, 7, 10, 30), 3
        title = wb.create_sheet("Judul")
        title["A1"] = "LAPORAN REALISASI PER DOKUMEN"
        title["A2"] = "KABUPATEN REJANG LEBONG"
        title["A4"], title["B4"] = "No", "Nilai Realisasi"
        title["A5"], title["B5"] = 1, 1500000.5
        wb.create_sheet("Kosong")

    return write_bytes(tmp_path / "laporan.xlsx", xlsx_bytes(build))


def test_xlsx_skips_empty_sheets_and_keeps_order(offset_xlsx: Path) -> None:
    sheets = open_workbook(offset_xlsx)
    assert [(s.name, s.fmt) for s in sheets] == [("Offset", "xlsx"), ("Judul", "xlsx")]
    assert all(s.issues == [] for s in sheets)


def test_xlsx_peek_keeps_leading_empty_rows_and_absolute_columns(offset_xlsx: Path) -> None:
    frame = open_workbook(offset_xlsx)[0].peek(10)
    assert_text_frame(frame)
    assert list(frame.index) == [1, 2, 3, 4, 5, 6]
    assert list(frame.columns) == [2, 3, 4, 5]
    assert [column_letter(c) for c in frame.columns] == ["C", "D", "E", "F"]
    assert frame.loc[1:3].isna().all().all()
    assert frame.loc[4].tolist() == ["Kode", "Nilai", "Tanggal", "Teks"]
    assert frame.loc[5].tolist() == ["5.1", "1234", "2025-01-07", "  a "]
    assert frame.loc[6].tolist() == ["5.1.02", "12.5", "2025-01-07 10:30:00", "3"]


def test_xlsx_peek_reads_only_n_rows(offset_xlsx: Path) -> None:
    frame = open_workbook(offset_xlsx)[0].peek(2)
    assert list(frame.index) == [1, 2]
    assert open_workbook(offset_xlsx)[0].peek(0).shape[0] == 0


def test_xlsx_load_is_typed_and_positioned(offset_xlsx: Path) -> None:
    frame = open_workbook(offset_xlsx)[0].load(5)
    assert list(frame.index) == [5, 6]
    assert list(frame.columns) == [2, 3, 4, 5]
    assert frame[3].dtype == "float64"
    assert frame.loc[5, 3] == 1234.0
    assert pd.api.types.is_datetime64_any_dtype(frame[4])
    assert frame.loc[6, 4] == pd.Timestamp(2025, 1, 7, 10, 30)
    assert pd.api.types.is_string_dtype(frame[2])
    assert frame.loc[6, 2] == "5.1.02"


def test_xlsx_title_rows_counted(offset_xlsx: Path) -> None:
    sheet = open_workbook(offset_xlsx)[1]
    peek = sheet.peek(5)
    assert list(peek.index) == [1, 2, 3, 4, 5]
    assert peek.loc[1, 0] == "LAPORAN REALISASI PER DOKUMEN"
    assert peek.loc[4].tolist() == ["No", "Nilai Realisasi"]
    loaded = sheet.load(5)
    assert list(loaded.index) == [5]
    assert loaded.loc[5, 1] == 1500000.5


def test_xlsx_load_types_whole_column_without_sampling(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws["A1"] = "Nilai"
        for row in range(2, 1600):
            ws.cell(row, 1, float(row))
        ws.cell(1600, 1, "1.234,00")

    sheet = only(open_workbook(write_bytes(tmp_path / "t.xlsx", xlsx_bytes(build))))
    frame = sheet.load(2)
    assert frame.index[0] == 2 and frame.index[-1] == 1600
    assert frame.loc[1600, 0] == "1.234,00"
    assert frame.loc[2, 0] == "2"


def test_xlsx_load_past_the_end_is_empty(offset_xlsx: Path) -> None:
    frame = open_workbook(offset_xlsx)[0].load(10_000)
    assert frame.shape[0] == 0


def test_xlsx_mixed_dates_and_durations_fall_back_to_text(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws["A1"], ws["B1"] = dt.datetime(2025, 1, 1), 1.0
        ws["A2"], ws["B2"] = dt.timedelta(hours=5), 2.0

    frame = only(open_workbook(write_bytes(tmp_path / "t.xlsx", xlsx_bytes(build)))).load(1)
    assert frame.loc[1, 0].startswith("2025-01-01")
    assert frame[1].dtype == "float64"


def test_xlsx_formulas_give_cached_values() -> None:
    # DPA!S31 is `=S32` and DPA!S39 is `=P39*R39` in this real workbook.
    path = REALDATA / "opd-workbooks" / "dpa-realisasi-bali-2026.xlsx"
    dpa = next(s for s in open_workbook(path) if s.name == "DPA")
    column_s = 18
    assert dpa.peek(39).loc[39, column_s] == "247200"
    assert dpa.load(31).loc[31, column_s] == 104571400


def test_xlsx_with_a_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    sheet = only(open_workbook(write_bytes(tmp_path / "export.xls", simple_xlsx())))
    assert sheet.fmt == "xlsx"
    assert sheet.peek(2).loc[2].tolist() == ["5.1", "100"]


def test_unreadable_sheet_does_not_spoil_the_others(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook) -> None:
        wb.active["A1"] = "baik"
        broken = wb.create_sheet("Rusak")
        broken["A1"], broken["B2"] = "x", 2

    def corrupt(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet2.xml":
            return content.replace(b'<c r="B2" t="n">', b'<c r="B2" t="zz">')
        return content

    path = write_bytes(tmp_path / "t.xlsx", rezip(xlsx_bytes(build), corrupt))
    good, bad = open_workbook(path)
    assert good.peek(1).loc[1, 0] == "baik"
    # the streaming xlsx peek tolerates the bad cell type; loading the sheet does not
    with pytest.raises(ReadError) as info:
        bad.load(1)
    assert info.value.key == "sheet_unreadable"
    assert info.value.sheet == "Rusak"
    assert info.value.detail


# --- ods ----------------------------------------------------------------------


def test_ods_offset_table(tmp_path: Path) -> None:
    pytest.importorskip("odf", reason="odfpy is needed to write ods")
    path = tmp_path / "t.ods"
    frame = pd.DataFrame({"Kode": ["5.1", "5.2"], "Nilai": [1.5, 2.0]})
    frame.to_excel(path, engine="odf", startrow=3, startcol=2, index=False)
    sheet = only(open_workbook(path))
    assert sheet.fmt == "ods"
    peek = sheet.peek(6)
    assert_text_frame(peek)
    assert list(peek.index) == [1, 2, 3, 4, 5, 6]
    assert list(peek.columns) == [2, 3]
    assert peek.loc[4].tolist() == ["Kode", "Nilai"]
    assert peek.loc[6].tolist() == ["5.2", "2"]
    loaded = sheet.load(5)
    assert list(loaded.index) == [5, 6]
    assert loaded[3].dtype == "float64"
    assert loaded.loc[5, 3] == 1.5


def test_real_ods_codes_stored_as_floats() -> None:
    sheet = only(open_workbook(REALDATA / "apbd-diy" / "3403010011_1471190369.ods"))
    values = set(sheet.peek(40).stack().tolist())
    assert {"1", "2"} & values  # the float codes 1.0 / 2.0 show without ".0"
    assert not any(isinstance(v, str) and v.endswith(".0") for v in values)


# --- xls (BIFF) ---------------------------------------------------------------


def test_xls_biff_real_file() -> None:
    sheet = only(open_workbook(REALDATA / "kib" / "import_template_kibb.xls"))
    assert (sheet.name, sheet.fmt) == ("Sheet1", "xls")
    peek = sheet.peek(10)
    assert peek.loc[1, 0].startswith("KARTU INVENTARIS BARANG")
    assert peek.loc[7, 1] == "Nomor Kode Barang"
    assert peek.loc[10, 7] == "2007-01-20"  # an Excel-serial date cell
    loaded = sheet.load(10)
    assert loaded.index[0] == 10
    assert pd.api.types.is_datetime64_any_dtype(loaded[7])
    assert loaded.loc[10, 7] == pd.Timestamp(2007, 1, 20)
    assert loaded.loc[10, 1] == "02.06.01.04.06"


# --- CSV ----------------------------------------------------------------------

CSV_ROWS = [["Kode", "Uraian", "Nilai"], ["5.1", "Belanja café", "1.234.000"], ["5.2", "ATK", ""]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_delimiters_and_encodings(tmp_path: Path, delimiter: str, encoding: str) -> None:
    text = "\r\n".join(delimiter.join(row) for row in CSV_ROWS) + "\r\n"
    path = write_bytes(tmp_path / "bku.csv", text.encode(encoding))
    sheet = only(open_workbook(path))
    assert (sheet.name, sheet.fmt) == ("bku", "csv")
    peek = sheet.peek(10)
    assert_text_frame(peek)
    assert list(peek.index) == [1, 2, 3]
    assert list(peek.columns) == [0, 1, 2]
    assert peek.loc[1].tolist() == ["Kode", "Uraian", "Nilai"]
    assert peek.loc[2].tolist() == ["5.1", "Belanja café", "1.234.000"]
    assert peek.loc[3].tolist() == ["5.2", "ATK", None]
    if encoding == "cp1252":
        assert sheet.issues == [
            Issue("csv_encoding", params={"encoding": "cp1252"}, file=str(path), sheet="bku")
        ]
    else:
        assert sheet.issues == []


def test_csv_cr_only_and_mixed_line_ends(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "t.csv", b"a;b\rc;d\r\n\re;f\ng;h")
    frame = only(open_workbook(path)).peek(10)
    assert list(frame.index) == [1, 2, 3, 4, 5]
    assert frame.loc[3].isna().all()
    assert frame.loc[4].tolist() == ["e", "f"]
    assert frame.loc[5].tolist() == ["g", "h"]


def test_csv_quoted_multiline_field_keeps_line_numbers(tmp_path: Path) -> None:
    text = 'Kode,Keterangan\n5.1,"Sumber Dana : DAU\nLokasi : Curup\r\nlagi"\n5.2,x\r\n5.3,y\n'
    sheet = only(open_workbook(write_bytes(tmp_path / "t.csv", text.encode())))
    frame = sheet.peek(10)
    assert list(frame.index) == [1, 2, 5, 6]
    assert frame.loc[2, 1] == "Sumber Dana : DAU\nLokasi : Curup\r\nlagi"
    assert frame.loc[5].tolist() == ["5.2", "x"]
    assert list(sheet.load(3).index) == [5, 6]
    assert list(sheet.load(5).index) == [5, 6]


def test_csv_whitespace_kept_and_load_is_text(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "t.csv", b"a,b\n  1 ,2\n")
    sheet = only(open_workbook(path))
    assert sheet.peek(5).loc[2].tolist() == ["  1 ", "2"]
    loaded = sheet.load(2)
    assert_text_frame(loaded)
    assert loaded.loc[2].tolist() == ["  1 ", "2"]


def test_csv_ragged_records_are_flagged_not_dropped(tmp_path: Path) -> None:
    text = "Kode,Uraian,Nilai\n5.1,Gaji,1,234,567\n5.2,ATK,500\n5.3,Listrik,600\n"
    sheet = only(open_workbook(write_bytes(tmp_path / "t.csv", text.encode())))
    assert [(i.key, i.row, i.params) for i in sheet.issues] == [
        ("csv_ragged", 2, {"fields": 5, "expected": 3})
    ]
    assert sheet.issues[0].sheet == "t"
    frame = sheet.load(1)
    assert list(frame.columns) == [0, 1, 2, 3, 4]
    assert frame.loc[2].tolist() == ["5.1", "Gaji", "1", "234", "567"]
    assert frame.loc[3].tolist() == ["5.2", "ATK", "500", None, None]


def test_csv_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode Text" export: UTF-16 with BOM, tab-separated."""
    text = "Kode\tUraian\r\n5.1\tBelanja café\r\n"
    sheet = only(open_workbook(write_bytes(tmp_path / "t.txt", text.encode("utf-16"))))
    assert sheet.fmt == "csv" and sheet.issues == []
    assert sheet.peek(5).loc[2].tolist() == ["5.1", "Belanja café"]


def test_csv_load_past_the_end_is_empty(tmp_path: Path) -> None:
    frame = only(open_workbook(write_bytes(tmp_path / "t.csv", b"a,b\n1,2\n"))).load(99)
    assert frame.shape == (0, 2)


def test_csv_text_with_an_unknown_extension(tmp_path: Path) -> None:
    sheet = only(open_workbook(write_bytes(tmp_path / "data.xls", b"a;b;c\n1;2;3\n")))
    assert sheet.fmt == "csv"
    assert sheet.peek(2).loc[2].tolist() == ["1", "2", "3"]


def test_real_csv_semicolons_with_multiline_quoted_notes() -> None:
    sheet = only(open_workbook(REALDATA / "apbd-diy" / "3402_1473841363.csv"))
    assert sheet.issues == []
    frame = sheet.load(1)
    assert frame.shape[1] == 7
    assert frame.loc[7].tolist()[:3] == ["No. Rekening", "Uraian", "Sebelum"]
    assert frame.loc[8, 2] == "261.023.929.403,00"
    # the record on line 27 carries a two-line quoted note: the next record is on line 29
    assert 27 in frame.index and 28 not in frame.index and 29 in frame.index
    assert (
        frame.loc[27, 6]
        == "Sumber Dana : Dana Alokasi Umum (D A U)\nLokasi Kegiatan : Kabupaten Bantul"
    )


def test_real_csv_cr_only_line_ends() -> None:
    sheet = only(open_workbook(REALDATA / "apbd-diy" / "3471_1474362312.csv"))
    frame = sheet.load(1)
    assert list(frame.index) == list(range(1, len(frame) + 1))
    assert len(frame) > 400
    assert frame.loc[7].tolist()[:4] == ["No rekening", "Uraian", "anggaran", "penjelasan"]
    assert frame.loc[8, 0] == "1.06.1.06.01.000.000.4 "


def test_real_csv_quoted_us_numbers() -> None:
    sheet = only(open_workbook(REALDATA / "apbd-diy" / "2014_3403_1468467357.csv"))
    assert sheet.issues == []
    assert sheet.peek(8).loc[8, 2] == "759,243,300,538.61 "


# --- HTML saved as .xls -------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>BKU</title></head><body>
<table><tr><td>judul saja</td></tr></table>
<table border="1">
  <thead>
    <tr><th rowspan="2">No</th><th colspan="2">Nilai&nbsp;(Rp)</th></tr>
    <tr><th>Penerimaan</th><th>Pengeluaran</th></tr>
  </thead>
  <tbody>
    <tr><td>1</td><td>
        1.000.000,00 </td><td></td></tr>
    <tr><td>2</td><td>baris<br>kedua</td><td>500</td></tr>
  </tbody>
</table>
<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>
</body></html>
"""


def test_html_tables_with_spans(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "bku.xls", HTML.encode())
    sheets = open_workbook(path)
    assert [(s.name, s.fmt) for s in sheets] == [("Tabel 1", "html"), ("Tabel 2", "html")]
    frame = sheets[0].peek(10)
    assert_text_frame(frame)
    assert list(frame.index) == [1, 2, 3, 4]
    assert list(frame.columns) == [0, 1, 2]
    assert frame.loc[1].tolist() == ["No", "Nilai\xa0(Rp)", None]  # colspan: right part None
    assert frame.loc[2].tolist() == [None, "Penerimaan", "Pengeluaran"]  # rowspan: below None
    assert frame.loc[3].tolist() == ["1", "1.000.000,00", None]
    assert frame.loc[4].tolist() == ["2", "baris\nkedua", "500"]
    assert list(sheets[0].load(3).index) == [3, 4]
    assert sheets[1].peek(5).loc[2].tolist() == ["c", None]


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0" encoding="windows-1252"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><table>'
        "<tr><td>Kode</td><td>Uraian</td></tr><tr><td>5.1</td><td>Caf\xe9</td></tr>"
        "</table></body></html>"
    )
    sheet = only(open_workbook(write_bytes(tmp_path / "t.xls", text.encode("cp1252"))))
    assert sheet.fmt == "html"
    assert sheet.peek(5).loc[2].tolist() == ["5.1", "Café"]
    assert [i.key for i in sheet.issues] == ["csv_encoding"]


def test_html_without_tables_is_empty(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "t.xls", b"<html><body><table><tr><td>x</td></tr></table></html>")
    assert read_error(path).key == "file_empty"


def test_html_with_entity_declarations_is_rejected(tmp_path: Path) -> None:
    text = b'<!DOCTYPE html [<!ENTITY a "aaaa">]><html><table><tr><td>&a;</td></tr></table>'
    assert read_error(write_bytes(tmp_path / "t.xls", text)).key == "xml_bomb"


# --- bad input ----------------------------------------------------------------


def test_file_not_found(tmp_path: Path) -> None:
    assert read_error(tmp_path / "tidak-ada.xlsx").key == "file_not_found"


def test_empty_file(tmp_path: Path) -> None:
    assert read_error(write_bytes(tmp_path / "kosong.xlsx", b"")).key == "file_empty"


def test_csv_without_cells_is_empty(tmp_path: Path) -> None:
    assert read_error(write_bytes(tmp_path / "t.csv", b"\r\n;;\r\n")).key == "file_empty"


def test_directory_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    assert read_error(tmp_path / "folder.xlsx").key == "file_unsupported"


def test_random_bytes(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    assert read_error(write_bytes(tmp_path / "acak.xlsx", data)).key == "file_unsupported"


def test_pdf(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    error = read_error(write_bytes(tmp_path / "laporan.xls", data))
    assert (error.key, error.detail) == ("file_unsupported", "PDF")


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = (REALDATA / "opd-workbooks" / "deviasi-rak.xlsx").read_bytes()
    error = read_error(write_bytes(tmp_path / "potong.xlsx", data[: len(data) // 2]))
    assert error.key == "file_corrupt"
    assert error.detail


def test_word_document_in_a_zip(tmp_path: Path) -> None:
    data = rezip(simple_xlsx(), lambda name, c: None, extra=[("word/document.xml", b"<w/>")])
    assert read_error(write_bytes(tmp_path / "t.xlsx", data)).key == "file_unsupported"


def test_password_protected_xlsx(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(simple_xlsx())).encrypt("rahasia", encrypted)
    path = write_bytes(tmp_path / "rahasia.xlsx", encrypted.getvalue())
    assert read_error(path).key == "file_encrypted"


def test_password_protected_xls(tmp_path: Path) -> None:
    """A BIFF xls whose globals start with an RC4 FILEPASS record."""
    olefile = pytest.importorskip("olefile")
    path = tmp_path / "rahasia.xls"
    path.write_bytes((REALDATA / "kib" / "import_template_kibd.xls").read_bytes())
    ole = olefile.OleFileIO(str(path), write_mode=True)
    stream = bytearray(ole.openstream("Workbook").read())
    # records after BOF: INTERFACEHDR(6) MMS(6) INTERFACEEND(4) WRITEACCESS(116) = 132 bytes
    filepass = struct.pack("<HHHHH", 0x2F, 54, 1, 1, 1) + bytes(48)
    filler = struct.pack("<HH", 0x5C, 132 - len(filepass) - 4)
    stream[20:152] = filepass + filler + bytes(132 - len(filepass) - len(filler))
    ole.write_stream("Workbook", bytes(stream))
    ole.close()
    assert read_error(path).key == "file_encrypted"


@pytest.fixture(scope="module")
def zip_bomb_bytes() -> bytes:
    zeros = bytes(50 * 1024**2)
    return rezip(simple_xlsx(), lambda name, c: c, extra=[("xl/media/image1.bin", zeros)])


@pytest.mark.parametrize(
    "limits",
    [
        Limits(),  # 50 MB of zeros compress ~1000:1 > max_ratio
        Limits(max_ratio=1e9, max_uncompressed=10 * 1024**2),
        Limits(max_ratio=1e9, max_members=5),
    ],
    ids=["ratio", "uncompressed", "members"],
)
def test_zip_bomb(tmp_path: Path, zip_bomb_bytes: bytes, limits: Limits) -> None:
    path = write_bytes(tmp_path / "bom.xlsx", zip_bomb_bytes)
    assert read_error(path, limits).key == "zip_bomb"


def test_xml_bomb(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + b"".join(
            b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>\n"
    )

    def bomb(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            body = content.split(b"?>", 1)[-1] if content.startswith(b"<?xml") else content
            return laughs + body.replace(b"<v>100</v>", b"<v>&lol9;</v>")
        return content

    path = write_bytes(tmp_path / "tawa.xlsx", rezip(simple_xlsx(), bomb))
    error = read_error(path)
    assert error.key == "xml_bomb"
    assert "sheet1.xml" in error.detail


def test_too_large(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "besar.xlsx", simple_xlsx())
    error = read_error(path, Limits(max_bytes=1024))
    assert error.key == "file_too_large"
    assert error.params["limit_mb"] == "0.0"
    assert float(error.params["size_mb"]) >= 0


# --- every real file ----------------------------------------------------------


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_real_files_open_peek_and_load(path: Path) -> None:
    before = path.read_bytes()
    sheets = open_workbook(path)
    assert sheets
    for sheet in sheets:
        assert sheet.fmt in {"xlsx", "xls", "ods", "csv", "html"}
        peek = sheet.peek(30)
        assert_text_frame(peek)
        assert len(peek) > 0 and peek.index[0] >= 1
        assert peek.index.is_monotonic_increasing
        loaded = sheet.load(1)
        assert len(loaded) >= len(peek)
        filled = [c for c in peek.columns if peek[c].notna().any()]
        assert set(filled) <= set(loaded.columns)
        assert list(loaded.index[: len(peek)]) == list(peek.index)
        assert all(isinstance(c, int) and c >= 0 for c in loaded.columns)
    assert path.read_bytes() == before


XLSX_FILES = [p for p in REAL_FILES if p.suffix == ".xlsx"]


@pytest.mark.parametrize("path", XLSX_FILES, ids=[p.name for p in XLSX_FILES])
def test_streamed_xlsx_peek_agrees_with_calamine(path: Path) -> None:
    import fastexcel

    from rl_audit.ingest.xlsx_peek import peek_xlsx

    data = path.read_bytes()
    reader = fastexcel.read_excel(data)
    for name in reader.sheet_names:
        streamed = peek_xlsx(data, name, 40)
        assert streamed is not None
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, n_rows=40, dtypes="string")
        calamine = sheet.to_pandas()
        calamine.columns = [c.absolute_index for c in sheet.selected_columns]
        calamine.index = calamine.index + 1
        for (row, col), text in streamed.stack().items():
            if not isinstance(text, str):
                continue
            expected = calamine.at[row, col]
            assert str(expected).removesuffix(".0") == text.removesuffix(".0"), (name, row, col)
