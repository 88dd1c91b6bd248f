"""Export variants seen on real files: quoted CSVs, DKKB sheets, asset lists, workbook OPD.

Every input is built in `tmp_path` from the realistic rows in `builders.py`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import (
    PAJAK_QUOTED_ROWS,
    TITLE_PEMKAB,
    Sheet,
    dkkb_realisasi_rows,
    quoted_csv_text,
    write_xlsx,
)

from rl_audit.documents import ROLE, ROW, Document, InputFile, SheetResult
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ingest.read_csv import parse_csv

DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")


def ingest(path: Path, root: Path, **kw: object) -> InputFile:
    result = ingest_file(path, IngestOptions(root=root, **kw))  # type: ignore[arg-type]
    assert result.status == "ok", result.error
    return result


def only(result: InputFile) -> tuple[SheetResult, Document]:
    (sheet,) = result.sheets
    assert sheet.document is not None, sheet.issues
    return sheet, sheet.document


def at(doc: Document, excel_row: int) -> pd.Series:
    return doc.frame.loc[doc.frame[ROW] == excel_row].iloc[0]


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("style", ["quoted", "spaced", "excel_text"])
def test_quoted_csv_with_a_title_block_longer_than_its_table(
    tmp_path: Path, delimiter: str, style: str
) -> None:
    text = quoted_csv_text(PAJAK_QUOTED_ROWS, delimiter=delimiter, style=style)
    path = tmp_path / "bpp_januari_2025.csv"
    path.write_bytes(text.encode("utf-8"))
    sheet, doc = only(ingest(path, tmp_path))
    assert (doc.kind, doc.header_rows) == ("pajak", [9])
    assert doc.columns == {
        "no": "A",
        "tanggal": "B",
        "no_bukti": "C",
        "uraian": "D",
        "pungut": "E",
        "setor": "F",
        "saldo": "G",
    }
    data = doc.data()
    assert list(data[ROW]) == [10, 11]
    assert list(data["no"]) == ["1", "2"]
    assert list(data["pungut"].fillna(0)) == [125_000_000, 0]
    assert list(data["setor"].fillna(0)) == [0, 125_000_000]
    assert list(data["tanggal"]) == [pd.Timestamp(2025, 1, 6), pd.Timestamp(2025, 1, 10)]
    assert at(doc, 12)[ROLE] == "total"
    assert doc.opd is not None and (doc.opd.code, doc.opd.name) == DINKES
    assert doc.title_year == 2025
    assert [i.key for i in sheet.issues] == []  # no csv_ragged, nothing unread


def test_a_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    rows = [";".join("" if v is None else str(v) for v in r) for r in PAJAK_QUOTED_ROWS]
    text = "sep=;\r\n" + "\r\n".join(rows) + "\r\n"
    (rows_, numbers), issues = parse_csv(text, "bpp")
    assert rows_[0] == [None] * 7  # the hint line is blank, its line still counted
    assert numbers[9] == 10 and rows_[9][0] == "NO URUT"
    assert issues == []


def test_a_preamble_of_one_field_lines_does_not_make_the_table_ragged() -> None:
    text = quoted_csv_text(PAJAK_QUOTED_ROWS, delimiter=";")
    (rows, _), issues = parse_csv(text, "bpp")
    assert issues == [] and {len(r) for r in rows} == {7}


# --------------------------------------------------------------------------- DKKB


def test_dkkb_realisation_sheet_budget_and_total_realisation(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dkkb.xlsx", Sheet("REALISASI 2025", dkkb_realisasi_rows()))
    sheet, doc = only(ingest(path, tmp_path))
    assert (doc.kind, doc.header_rows) == ("anggaran", [9, 10])
    # ANGGARAN PAPBD is the budget; JUMLAH REALISASI (not a month's) the realisation
    assert doc.columns["anggaran"] == "E" and doc.columns["realisasi"] == "M"
    assert doc.columns["no"] == "A" and doc.columns["kode_rekening"] == "B"
    headers = {m.letter: m.header for m in doc.mapping}
    assert headers["F"] == "JANUARI / DKKB" and headers["G"] == "JANUARI / REALISASI"
    leaves = doc.data()
    assert list(leaves[ROW]) == [13, 14, 15]
    assert list(leaves["anggaran"]) == [1_200_000_000, 600_000_000, 3_600_000_000]
    assert list(leaves["realisasi"]) == [195_000_000, 95_050_000, 900_000_000]
    assert 11 not in set(doc.frame[ROW])  # the column-number row `12 = (6+8+10)`
    assert at(doc, 12)[ROLE] == "detail" and at(doc, 16)[ROLE] == "total"
    assert at(doc, 16)["realisasi"] == 1_190_050_000
    assert doc.title_year == 2025
    assert doc.opd is not None and (doc.opd.code, doc.opd.name) == DINKES
    assert [i.key for i in sheet.issues] == []


# --------------------------------------------------------------------------- assets

ASSET_HEADER = ["No Urut", "Kode Barang", "{name}", "Merk/Type", "Tahun Pembelian", "Harga"]


@pytest.mark.parametrize("name", ["Jenis Barang", "Uraian", "Uraian Barang"])
def test_asset_list_named_by_jenis_barang_or_uraian(tmp_path: Path, name: str) -> None:
    rows = [
        [TITLE_PEMKAB],
        ["DAFTAR BARANG MILIK DAERAH - PERALATAN DAN MESIN"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        [h.format(name=name) for h in ASSET_HEADER],
        [1, "1.3.2.05.01.05.001", "Laptop", "Lenovo ThinkPad", 2024, 15_750_000],
        [2, "1.3.2.05.02.06.002", "Kursi Kerja", "Chitose", 2024, 300_000],
    ]
    path = write_xlsx(tmp_path / "bmd.xlsx", Sheet("BMD", rows))
    _, doc = only(ingest(path, tmp_path))
    assert doc.kind == "kib"
    assert doc.columns["nama_barang"] == "C" and doc.columns["no"] == "A"
    assert list(doc.data()["nama_barang"]) == ["Laptop", "Kursi Kerja"]
    assert list(doc.data()["harga"]) == [1_575_000_000, 30_000_000]
    assert set(doc.data()["kib"]) == {"B"}


def test_asset_list_without_any_name_column_stays_unknown_with_what_it_maps(
    tmp_path: Path,
) -> None:
    rows = [
        ["No", "ASet_ID", "kodeSatker", "kodeKelompok", "NoRegister", "Tahun", "NilaiPerolehan"],
        [1, 101, "1.02.01", "1.3.2.05.01.05.001", "0001", 2019, 15_000_000],
    ]
    path = write_xlsx(tmp_path / "mesin.xlsx", Sheet("mesin", rows))
    (sheet,) = ingest(path, tmp_path).sheets
    assert sheet.document is None
    issue = next(i for i in sheet.issues if i.key == "sheet_unknown_kind")
    assert issue.params["best"] == "kib" and issue.params["missing"] == "nama_barang"
    mapped = {m.header: m.canonical for m in sheet.mapping if m.canonical}
    assert mapped == {
        "No": "no",
        "kodeKelompok": "kode_barang",
        "NoRegister": "register",
        "Tahun": "tahun",
        "NilaiPerolehan": "harga",
    }


# --------------------------------------------------------------------------- numbering row


def test_numbering_row_with_a_formula_cell_is_not_data(tmp_path: Path) -> None:
    rows = [
        ["RENCANA KERJA DAN ANGGARAN"],
        ["PEMERINTAH KABUPATEN REJANG LEBONG TAHUN ANGGARAN 2025"],
        ["ORGANISASI : 1.02.0.00.0.00.01.0000 - Dinas Kesehatan"],
        [],
        ["Kode Rekening", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
        # the Bali DPA sheet's XML holds `<v>1.0</v>`: read as the text `1.0`
        ["1.0", "2.0", "3.0", "4.0", "5.0", "6 = ( 3 x 5 )"],
        ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 10, "rim", 55_000, 550_000],
    ]
    path = write_xlsx(tmp_path / "dpa.xlsx", Sheet("DPA", rows))
    sheet, doc = only(ingest(path, tmp_path))
    assert doc.header_rows == [5] and list(doc.frame[ROW]) == [7]
    assert at(doc, 7)["anggaran"] == 55_000_000
    assert not any(i.key == "value_unparsed" for i in sheet.issues)
    assert doc.title_year == 2025


# --------------------------------------------------------------------------- workbook OPD


def month_sheet(name: str, skpd: str = "") -> Sheet:
    """A monthly realisation sheet whose `SKPD :` field is empty unless given."""
    return Sheet(
        name,
        [
            ["LAPORAN REALISASI FISIK DAN KEUANGAN TAHUN 2025"],
            [f"SKPD : {skpd}"],
            [],
            ["Kode Rekening", "Uraian", "Anggaran", "Realisasi"],
            ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 550_000, 275_000],
        ],
    )


def dpa_sheet(opd: str) -> Sheet:
    return Sheet(
        "DPA",
        [
            ["DOKUMEN PELAKSANAAN ANGGARAN TAHUN ANGGARAN 2025"],
            [f"ORGANISASI : {opd}"],
            [],
            ["Kode Rekening", "Uraian", "Jumlah"],
            ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 550_000],
        ],
    )


def opds(result: InputFile) -> dict[str, tuple[str, str] | None]:
    out: dict[str, tuple[str, str] | None] = {}
    for s in result.sheets:
        assert s.document is not None
        opd = s.document.opd
        out[s.sheet] = None if opd is None else (opd.code, opd.source)
    return out


def test_sheets_naming_no_opd_take_the_one_their_workbook_names(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "realisasi.xlsx",
        dpa_sheet("1.02.0.00.0.00.01.0000 - Dinas Kesehatan"),
        month_sheet("Jan"),
        month_sheet("Feb"),
    )
    result = ingest(path, tmp_path)
    code = DINKES[0]
    assert opds(result) == {
        "DPA": (code, "title"),
        "Jan": (code, "workbook"),
        "Feb": (code, "workbook"),
    }
    for s in result.sheets:
        assert not any(i.key == "opd_unknown" for i in s.issues)
        assert s.document is not None and s.document.warnings is s.issues


def test_an_unregistered_workbook_opd_is_shared_unregistered(tmp_path: Path) -> None:
    name = "2.16.2.20.2.21.02.0000 - Dinas Komunikasi, Informatika dan Statistik"
    path = write_xlsx(tmp_path / "bali.xlsx", dpa_sheet(name), month_sheet("Jan"))
    result = ingest(path, tmp_path)
    jan = result.sheets[1].document
    assert jan is not None and jan.opd is not None
    assert (jan.opd.code, jan.opd.registered, jan.opd.source) == (
        "2.16.2.20.2.21.02.0000",
        False,
        "workbook",
    )


def test_a_workbook_naming_two_opds_shares_none(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "gabungan.xlsx",
        month_sheet("Dinkes", "1.02.0.00.0.00.01.0000 Dinas Kesehatan"),
        month_sheet("RSUD", "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"),
        month_sheet("Lain"),
    )
    result = ingest(path, tmp_path)
    assert opds(result)["Lain"] is None
    assert any(i.key == "opd_unknown" for i in result.sheets[2].issues)


def test_the_workbook_opd_beats_the_folder_and_the_fallback(tmp_path: Path) -> None:
    folder = tmp_path / "rsud"
    path = write_xlsx(
        folder / "realisasi.xlsx",
        dpa_sheet("1.02.0.00.0.00.01.0000 - Dinas Kesehatan"),
        month_sheet("Jan"),
    )
    assert opds(ingest(path, tmp_path))["Jan"] == (DINKES[0], "workbook")
    fallback = ingest(path, tmp_path, fallback_opd="RSUD Curup")
    assert opds(fallback)["Jan"] == (DINKES[0], "workbook")


def test_a_forced_opd_names_every_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "realisasi.xlsx",
        dpa_sheet("1.02.0.00.0.00.01.0000 - Dinas Kesehatan"),
        month_sheet("Jan"),
    )
    forced = opds(ingest(path, tmp_path, opd="RSUD Curup"))
    assert {source for _, source in filter(None, forced.values())} == {"cli"}
    assert {code for code, _ in filter(None, forced.values())} == {"1.02.0.00.0.00.02.0000"}


def test_a_period_line_gives_the_title_year(tmp_path: Path) -> None:
    rows = [
        ["KARTU INVENTARIS BARANG (KIB) B"],
        ["PERALATAN DAN MESIN"],
        ["Periode : 1 Januari 2025 s/d 31 Desember 2025"],
        [],
        ["No", "Kode Barang", "Nama Barang", "Tahun Pembelian", "Harga"],
        [1, "1.3.2.05.01.05.001", "Laptop", 2024, 15_000_000],
    ]
    path = write_xlsx(tmp_path / "kib.xlsx", Sheet("KIB B", rows))
    _, doc = only(ingest(path, tmp_path))
    assert doc.title_year == 2025


def test_a_numbering_row_repeated_inside_the_table_is_tagged_colnum(tmp_path: Path) -> None:
    numbers = [1, 2, 3, 4, 5, 6, 7]
    rows = [
        ["BUKU KAS UMUM PENGELUARAN"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        ["PERIODE JANUARI 2025"],
        [],
        ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"],
        numbers,
        [1, "02/01/2025", "BKU-001", "SP2D UP", "50.000.000,00", None, "50.000.000,00"],
        [2, "05/01/2025", "BKU-002", "Belanja ATK", None, "1.250.000,00", "48.750.000,00"],
        numbers,  # the page break of the print: numbers repeated, read as money 5 6 7
        [3, "06/01/2025", "BKU-003", "Belanja Cetak", None, "750.000,00", "48.000.000,00"],
        [4, "07/01/2025", "7", "8", "9", "10", "11"],  # odd but with a date: data
    ]
    path = write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", rows))
    sheet, doc = only(ingest(path, tmp_path))
    assert at(doc, 9)[ROLE] == "colnum"
    assert list(doc.data()[ROW]) == [7, 8, 10, 11]
    assert [(r, role) for r, role, _ in sheet.special_rows] == [(9, "colnum")]
    assert not any(i.key == "value_unparsed" for i in sheet.issues)
