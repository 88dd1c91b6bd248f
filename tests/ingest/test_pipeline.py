"""End-to-end tests of the ingest stage: realistic workbooks → recognised `Document`s.

Every input is built in `tmp_path` (see `builders.py`): title blocks, merged two-row
headers, column-number rows, opening/total rows, signature blocks, Indonesian money
and date texts, in xlsx, ods, CSV (`;`/`,`, cp1252/UTF-8 BOM) and HTML saved as .xls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from blud_layouts import BLUD  # persediaan, piutang, hibah, izin (issue 18)
from builders import (
    TITLE_PEMKAB,
    Sheet,
    Span,
    signature,
    write_csv,
    write_html_xls,
    write_ods,
    write_xlsx,
)
from second_wave_layouts import SECOND_WAVE  # honor, sp2d, pembayaran (issue 17)
from tl_layouts import LHP_2024, LHP_KIN, build_tl_blocks_csv, build_tl_matrix

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import ROLE, ROW, Document, InputFile, RowRole, SheetResult
from rl_audit.ingest.pipeline import IngestOptions, ingest_file

DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
PUPRKP = (
    "1.03.1.04.0.00.01.0000",
    "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
)
DPMPTSP = ("2.18.0.00.0.00.01.0000", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
NIP_1 = "198003122006042015"
NIP_2 = "199001012015031002"
FOOTER, TOTAL, OPENING, SUBTOTAL = "footer", "total", "opening", "subtotal"


def D(year: int, month: int, day: int) -> pd.Timestamp:  # noqa: N802 - reads like a literal
    return pd.Timestamp(year, month, day)


def d(year: int, month: int, day: int) -> dt.datetime:
    """An Excel date cell."""
    return dt.datetime(year, month, day)


@dataclass
class Case:
    """One realistic layout and what the importer must make of it."""

    build: Callable[[Path], Path]
    kind: str
    opd: tuple[str, str, str]  # code, name, source
    header_rows: list[int]
    mapping: dict[str, str | None]  # every header text -> canonical (None = extra)
    columns: dict[str, str]  # canonical -> column letter, exactly
    cells: dict[tuple[int, str], object]  # (Excel row, column) -> parsed value
    roles: dict[int, str]  # every row that is not a data row -> its role
    n_data: int
    sheet: str | None = None  # sheet to check (default: the only one)
    options: dict[str, object] = field(default_factory=dict)
    issues: set[str] = field(default_factory=set)  # issue keys expected on the sheet


def footer(*rows: int) -> dict[int, str]:
    return dict.fromkeys(rows, FOOTER)


# --------------------------------------------------------------------------- realisasi
# The layouts below are tables: one spreadsheet row per source line, kept as written.
# fmt: off

REALISASI_A_HEADER = [
    "Nomor",
    "Kode SKPD",
    "Nama SKPD",
    "Kode Sub Kegiatan",
    "Nama Sub Kegiatan",
    "Kode Rekening",
    "Nama Rekening",
    "Nomor Dokumen",
    "Jenis Dokumen",
    "Jenis Transaksi",
    "Tanggal Dokumen",
    "Keterangan Dokumen",
    "Nilai Realisasi",
    "NIP Pegawai",
    "Nama Pegawai",
    "Nomor SP2D",
    "Tanggal SP2D",
    "Tanggal Transfer",
    "Nilai SP2D",
    "Tahapan",
]


def build_realisasi_a(tmp: Path) -> Path:
    """Titled SIPD report: 3 title rows, header on row 5, Total row, signature."""
    skpd = [*RSUD]
    sub = ["1.02.02.2.01.0001", "Pelayanan dan Penunjang Pelayanan BLUD"]
    sp2d = ["00045/SP2D/LS/RSUD/2025", "09/01/2025", "10/01/2025", 2500000]
    rows = [
        ["LAPORAN REALISASI PER DOKUMEN"],
        [TITLE_PEMKAB],
        ["TAHUN ANGGARAN 2025"],
        [],
        REALISASI_A_HEADER,
        [1, *skpd, *sub, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK",
         "00123/SPP-LS/RSUD/2025", "SPP", "LS", "07/01/2025", "Pembelian ATK Januari",
         1234567, "198503152010012002", "SITI AMINAH", *sp2d, "Murni"],
        [2, *skpd, *sub, "5.1.02.01.01.0025", "Belanja Alat/Bahan-Kertas dan Cover",
         "00123/SPP-LS/RSUD/2025", "SPP", "LS", "07/01/2025", "Pembelian kertas",
         1265433, "198503152010012002", "SITI AMINAH", *sp2d, "Murni"],
        [3, *skpd, *sub, "5.1.02.02.01.0013", "Belanja Jasa Tenaga Kebersihan",
         "00007/TBP/RSUD/2025", "TBP", "GU", "21/01/2025", "Honor kebersihan",
         3000000.5, None, None, None, None, None, None, "Murni"],
        [4, *skpd, *sub, "5.1.02.02.01.0013", "Belanja Jasa Tenaga Kebersihan",
         "00009/TBP-KKPD/RSUD/2025", "TBP KKPD", "GU KKPD", "31/01/2025", "Bayar KKPD",
         750000, None, None, None, None, None, None, "Murni"],
        ["Total", None, None, None, None, None, None, None, None, None, None, None, 6250000.5],
        *signature(left=0, right=11, head="Direktur"),
    ]
    sheet = Sheet("Laporan", rows, formats={"M6:M10": '"Rp."#,##0', "S6:S9": '"Rp."#,##0'})
    return write_xlsx(tmp / "realisasi_rsud_2025.xlsx", sheet)


REALISASI_A = Case(
    build=build_realisasi_a,
    kind="realisasi",
    opd=(*RSUD, "column"),
    header_rows=[5],
    mapping={
        "Nomor": None,
        "Kode SKPD": "kode_skpd",
        "Nama SKPD": "nama_skpd",
        "Kode Sub Kegiatan": "kode_sub_kegiatan",
        "Nama Sub Kegiatan": "nama_sub_kegiatan",
        "Kode Rekening": "kode_rekening",
        "Nama Rekening": "nama_rekening",
        "Nomor Dokumen": "nomor_dokumen",
        "Jenis Dokumen": "jenis_dokumen",
        "Jenis Transaksi": "jenis_transaksi",
        "Tanggal Dokumen": "tanggal_dokumen",
        "Keterangan Dokumen": "keterangan",
        "Nilai Realisasi": "nilai_realisasi",
        "NIP Pegawai": "nip_pegawai",
        "Nama Pegawai": "nama_pegawai",
        "Nomor SP2D": "nomor_sp2d",
        "Tanggal SP2D": "tanggal_sp2d",
        "Tanggal Transfer": "tanggal_transfer",
        "Nilai SP2D": "nilai_sp2d",
        "Tahapan": None,
    },
    columns={
        "kode_skpd": "B",
        "nama_skpd": "C",
        "kode_sub_kegiatan": "D",
        "nama_sub_kegiatan": "E",
        "kode_rekening": "F",
        "nama_rekening": "G",
        "nomor_dokumen": "H",
        "jenis_dokumen": "I",
        "jenis_transaksi": "J",
        "tanggal_dokumen": "K",
        "keterangan": "L",
        "nilai_realisasi": "M",
        "nip_pegawai": "N",
        "nama_pegawai": "O",
        "nomor_sp2d": "P",
        "tanggal_sp2d": "Q",
        "tanggal_transfer": "R",
        "nilai_sp2d": "S",
    },
    cells={
        (6, "kode_rekening"): "5.1.02.01.01.0024",
        (6, "kode_skpd"): "1.02.0.00.0.00.02.0000",
        (6, "kode_sub_kegiatan"): "1.02.02.2.01.0001",
        (6, "tanggal_dokumen"): D(2025, 1, 7),
        (6, "tanggal_transfer"): D(2025, 1, 10),
        (6, "nilai_realisasi"): 123456700,
        (6, "nilai_sp2d"): 250000000,
        (6, "nip_pegawai"): "198503152010012002",
        (6, "Tahapan"): "Murni",
        (8, "nilai_realisasi"): 300000050,
        (8, "tanggal_dokumen"): D(2025, 1, 21),
        (8, "nomor_sp2d"): None,
        (9, "jenis_dokumen"): "TBP KKPD",
        (9, "jenis_transaksi"): "GU KKPD",
        (9, "tanggal_dokumen"): D(2025, 1, 31),
        (10, "nilai_realisasi"): 625000050,
    },
    roles={10: TOTAL, **footer(12, 13, 15, 16)},
    n_data=4,
)

REALISASI_B_HEADER = [
    "Kode SKPD", "Nama SKPD", "Kode Sub SKPD", "Nama Sub SKPD", "Kode Sub Kegiatan",
    "Nama Sub Kegiatan", "Kode Rekening", "Nama Rekening", "Nomor Dokumen", "Jenis Dokumen",
    "Jenis Transaksi", "Nomor DPT", "Tanggal Dokumen", "Keterangan Dokumen", "Nilai Realisasi",
    "Nilai Setoran", "NIP Pegawai", "Nama Pegawai", "Nomor SPP", "Tanggal SPP", "Nomor SPM",
    "Tanggal SPM", "Nomor SP2D", "Tanggal SP2D", "Tanggal Transfer", "Nilai SP2D",
    "Nama Urusan", "Nama Program",
]


def _realisasi_b_row(code: str, doc: str, date: object, value: object, nip: object) -> list:
    kegiatan = ["2.18.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"]
    return [
        *DPMPTSP, *DPMPTSP, *kegiatan, code, "Belanja Alat Tulis Kantor", doc, "TBP", "GU",
        "null", date, "Belanja kebutuhan kantor", value, "-", nip, "HENDRA GUNAWAN",
        "null", "undefined", "null", "undefined", "-", "undefined", None, "-",
        "Penanaman Modal", "Program Penunjang Urusan Pemerintahan Daerah",
    ]


def build_realisasi_b(tmp: Path) -> Path:
    """Raw SIPD export: header on row 1 of `Data Realisasi Dokumen`, text values (.ods)."""
    rows = [
        REALISASI_B_HEADER,
        _realisasi_b_row("5.1.02.01.01.0024", "TBP-001", "2025-01-07T00:00:00Z",
                         "Rp 1.234.567", "197912312005011003"),
        _realisasi_b_row("5.1.02.01.01.0024", "TBP-002", "7 Januari 2025",
                         "1.234.567,00", "undefined"),
        _realisasi_b_row("5.1.02.01.01.0025", "TBP-003", "12 Jan 2025", "(1.234,00)", NIP_1),
        _realisasi_b_row("5.1.02.01.01.0025", "TBP-004", "12-Agu-2025", "Rp.1.234.567,-", NIP_1),
        _realisasi_b_row("5.1.02.01.01.0026", "TBP-005", "2025-08-13", "-", NIP_2),
    ]
    return write_ods(tmp / "sipd_export.ods", Sheet("Data Realisasi Dokumen", rows))


_REALISASI_B_CANON = {
    "Kode Sub SKPD": "kode_sub_skpd",
    "Nama Sub SKPD": "nama_sub_skpd",
    "Nomor DPT": "nomor_dpt",
    "Nilai Setoran": "nilai_setoran",
    "Nomor SPP": "nomor_spp",
    "Tanggal SPP": "tanggal_spp",
    "Nomor SPM": "nomor_spm",
    "Tanggal SPM": "tanggal_spm",
    "Nama Urusan": None,
    "Nama Program": None,
}
_LETTERS = [chr(ord("A") + i) for i in range(26)] + ["AA", "AB"]
REALISASI_B_MAPPING = {
    h: _REALISASI_B_CANON.get(h, REALISASI_A.mapping.get(h)) for h in REALISASI_B_HEADER
}

REALISASI_B = Case(
    build=build_realisasi_b,
    kind="realisasi",
    opd=(*DPMPTSP, "column"),
    header_rows=[1],
    mapping=REALISASI_B_MAPPING,
    columns={
        c: _LETTERS[i] for i, c in enumerate(REALISASI_B_MAPPING.values()) if c is not None
    },
    cells={
        (2, "tanggal_dokumen"): D(2025, 1, 7),
        (2, "nilai_realisasi"): 123456700,
        (2, "nilai_setoran"): 0,
        (2, "nip_pegawai"): "197912312005011003",
        (2, "nomor_spp"): None,  # "null"
        (2, "tanggal_spp"): None,  # "undefined"
        (2, "kode_sub_skpd"): DPMPTSP[0],
        (3, "tanggal_dokumen"): D(2025, 1, 7),
        (3, "nilai_realisasi"): 123456700,
        (3, "nip_pegawai"): None,  # "undefined"
        (4, "tanggal_dokumen"): D(2025, 1, 12),
        (4, "nilai_realisasi"): -123400,
        (4, "nip_pegawai"): NIP_1,
        (5, "tanggal_dokumen"): D(2025, 8, 12),
        (5, "nilai_realisasi"): 123456700,
        (6, "tanggal_dokumen"): D(2025, 8, 13),
        (6, "nilai_realisasi"): 0,
        (6, "kode_rekening"): "5.1.02.01.01.0026",
        (6, "Nama Program"): "Program Penunjang Urusan Pemerintahan Daerah",
    },
    roles={},
    n_data=5,
    sheet="Data Realisasi Dokumen",
)

# --------------------------------------------------------------------------- bku


def bku_a_sheet() -> Sheet:
    """SIPD BKU: title block, SKPD line, Saldo Awal, three footer totals, signature."""
    rows = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        ["PERIODE JANUARI 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        ["Pengguna Anggaran : dr. H. AHMAD FAUZI, M.Kes"],
        ["Bendahara Pengeluaran : SITI AMINAH, S.E."],
        [],
        ["No", "Tgl", "No. BKU", "Kode Rekening", "Uraian", "Penerimaan (Rp)",
         "Pengeluaran (Rp)", "Saldo (Rp)", "Cara Bayar", "Paraf"],
        [None, None, None, None, "Saldo Awal", 0, 0, 5000000],
        [1, d(2025, 1, 3), "0001/BKU/2025", None, "Penerimaan SP2D UP 00001/SP2D/UP/2025",
         50000000, 0, 55000000, "Bank"],
        [2, d(2025, 1, 7), "0002/BKU/2025", "5.1.02.01.01.0024",
         "Belanja ATK - kertas HVS", 0, 1234567.89, 53765432.11, "Tunai"],
        [3, d(2025, 1, 7), "0003/BKU/2025", "5.1.02.01.01.0025", "Belanja cetak spanduk",
         0, 750000, 53015432.11, "Transfer"],
        [4, d(2025, 1, 15), "0004/BKU/2025", "5.1.02.02.01.0013", "Honor tenaga kebersihan",
         0, 3000000, 50015432.11, "CMS"],
        [5, d(2025, 1, 31), "0005/BKU/2025", "5.1.02.01.01.0052", "Makan minum rapat",
         0, 1500000, 48515432.11, "KKPD"],
        [None, None, None, None, "Jumlah bulan ini", 50000000, 6484567.89],
        [None, None, None, None, "Jumlah s.d. bulan ini", 50000000, 6484567.89],
        [None, None, None, None, "Sisa Kas", None, None, 48515432.11],
        *signature(left=1, right=4),
    ]
    return Sheet("BKU", rows, formats={"F9:H17": "#,##0.00"})


def build_bku_a(tmp: Path) -> Path:
    return write_xlsx(tmp / "bku_januari.xlsx", bku_a_sheet())


BKU_A = Case(
    build=build_bku_a,
    kind="bku",
    opd=(*DINKES, "title"),
    header_rows=[8],
    mapping={
        "No": "no",
        "Tgl": "tanggal",
        "No. BKU": "no_bukti",
        "Kode Rekening": "kode_rekening",
        "Uraian": "uraian",
        "Penerimaan (Rp)": "penerimaan",
        "Pengeluaran (Rp)": "pengeluaran",
        "Saldo (Rp)": "saldo",
        "Cara Bayar": "cara_bayar",
        "Paraf": None,
    },
    columns={
        "no": "A",
        "tanggal": "B",
        "no_bukti": "C",
        "kode_rekening": "D",
        "uraian": "E",
        "penerimaan": "F",
        "pengeluaran": "G",
        "saldo": "H",
        "cara_bayar": "I",
    },
    cells={
        (9, "saldo"): 500000000,
        (9, "tanggal"): None,
        (10, "penerimaan"): 5000000000,
        (10, "kode_rekening"): None,
        (10, "no"): "1",
        (11, "tanggal"): D(2025, 1, 7),
        (11, "no_bukti"): "0002/BKU/2025",
        (11, "kode_rekening"): "5.1.02.01.01.0024",
        (11, "pengeluaran"): 123456789,
        (11, "saldo"): 5376543211,
        (11, "cara_bayar"): "Tunai",
        (14, "tanggal"): D(2025, 1, 31),
        (14, "cara_bayar"): "KKPD",
        (15, "pengeluaran"): 648456789,
        (17, "saldo"): 4851543211,
    },
    roles={9: OPENING, 15: TOTAL, 16: TOTAL, 17: TOTAL, **footer(19, 20, 22, 23)},
    n_data=5,
    sheet="BKU",
)


def build_bku_b(tmp: Path) -> Path:
    """`;` CSV in cp1252: Debet/Kredit headers, colnum row, text amounts and dates."""
    rows = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        ["Periode : 01-02-2025 s/d 28-02-2025"],
        ["SKPD : " + " ".join(PUPRKP)],
        [],
        ["No Urut", "Tanggal", "Nomor Bukti", "Kode Akun", "Keterangan", "Debet (Rp.)",
         "Kredit (Rp.)", "Saldo (Rp.)", "Tunai/Non Tunai"],
        list(range(1, 10)),
        [None, None, None, None, "Saldo Sebelumnya", "-", "-", "10.000.000,00"],
        [1, "03-02-2025", "0001/BKU/II/2025", None, "Penerimaan SP2D GU 00012/SP2D/GU/2025",
         "25.000.000,00", "-", "35.000.000,00", "Bank"],
        [2, "05-02-2025", "0002/BKU/II/2025", "5.1.02.01.01.0026",
         "Belanja bahan bangunan \u2013 semen", "-", "1.234.567,00", "33.765.433,00", "Transfer"],
        [3, "2025-02-10", "0003/BKU/II/2025", "5.1.02.01.01.0026", "Koreksi belanja bahan",
         "-", "(1.234,00)", "33.766.667,00", "Transfer"],
        [4, "12/02/2025", "0004/BKU/II/2025", "5.1.02.03.02.0035",
         "Sewa alat berat \u2013 ekskavator", "-", "Rp 7.500.000", "26.266.667,00", "KKPD"],
        [None, None, None, None, "Jumlah bulan ini", "25.000.000,00", "8.733.333,00"],
        [None, None, None, None, "Jumlah s.d. bulan ini", "45.000.000,00", "28.733.333,00"],
        [None, None, None, None, "Sisa Kas", None, None, "26.266.667,00"],
        *signature(left=0, right=6, place="Curup, 28 Februari 2025"),
    ]
    return write_csv(tmp / "bku_februari.csv", rows, delimiter=";", encoding="cp1252")


BKU_B = Case(
    build=build_bku_b,
    kind="bku",
    opd=(*PUPRKP, "title"),
    header_rows=[6],
    mapping={
        "No Urut": "no",
        "Tanggal": "tanggal",
        "Nomor Bukti": "no_bukti",
        "Kode Akun": "kode_rekening",
        "Keterangan": "uraian",
        "Debet (Rp.)": "penerimaan",
        "Kredit (Rp.)": "pengeluaran",
        "Saldo (Rp.)": "saldo",
        "Tunai/Non Tunai": "cara_bayar",
    },
    columns={
        "no": "A",
        "tanggal": "B",
        "no_bukti": "C",
        "kode_rekening": "D",
        "uraian": "E",
        "penerimaan": "F",
        "pengeluaran": "G",
        "saldo": "H",
        "cara_bayar": "I",
    },
    cells={
        (8, "saldo"): 1000000000,
        (8, "penerimaan"): 0,
        (9, "tanggal"): D(2025, 2, 3),
        (9, "penerimaan"): 2500000000,
        (9, "pengeluaran"): 0,
        (10, "uraian"): "Belanja bahan bangunan \u2013 semen",
        (10, "pengeluaran"): 123456700,
        (11, "tanggal"): D(2025, 2, 10),
        (11, "pengeluaran"): -123400,
        (12, "tanggal"): D(2025, 2, 12),
        (12, "pengeluaran"): 750000000,
        (12, "kode_rekening"): "5.1.02.03.02.0035",
        (13, "pengeluaran"): 873333300,
        (15, "saldo"): 2626666700,
    },
    roles={8: OPENING, 13: TOTAL, 14: TOTAL, 15: TOTAL, **footer(17, 18, 20, 21)},
    n_data=4,
    issues={"csv_encoding"},
)

# --------------------------------------------------------------------------- pajak


def build_pajak_a(tmp: Path) -> Path:
    """Buku Pembantu Pajak (xlsx): dates as Excel cells and as text in one column."""
    rows = [
        [TITLE_PEMKAB],
        ["BUKU PEMBANTU PAJAK"],
        ["BENDAHARA PENGELUARAN"],
        ["PERIODE : JANUARI 2025"],
        ["SKPD : 1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"],
        [],
        ["No", "Tanggal", "No Bukti", "Uraian", "Jenis Pajak", "Penerimaan (Rp)",
         "Pengeluaran (Rp)", "Saldo (Rp)", "NTPN", "Kode Billing"],
        [None, None, None, "Saldo Sebelumnya", None, 0, 0, 125000],
        [1, d(2025, 1, 7), "0002/BKU/2025", "Pungut PPh 23 jasa kebersihan CV Bersih",
         "PPh 23", 60000, 0, 185000],
        [2, "12 Jan 2025", "0002/BKU/2025", "Pungut PPN belanja ATK", "PPN", 122340.55, 0,
         307340.55],
        [3, d(2025, 1, 14), "0007/BKU/2025", "Setor PPh 23", "PPh 23", 0, 60000, 247340.55,
         "0A1B2C3D4E5F6G7H", "820250114000123"],
        [4, "14/01/2025", "0007/BKU/2025", "Setor PPN", "PPN", 0, 122340.55, 125000,
         "1B2C3D4E5F6G7H8I", "820250114000124"],
        [5, "2025-01-20", "0010/BKU/2025", "Pungut PPh 21 honor narasumber", "PPh 21", 450000,
         0, 575000],
        [None, None, None, "Jumlah", None, 632340.55, 182340.55, 575000],
        *signature(left=0, right=3, head="Direktur"),
    ]
    return write_xlsx(tmp / "bpp_januari.xlsx", Sheet("Pajak", rows))


PAJAK_A = Case(
    build=build_pajak_a,
    kind="pajak",
    opd=(*RSUD, "title"),
    header_rows=[7],
    mapping={
        "No": "no",
        "Tanggal": "tanggal",
        "No Bukti": "no_bukti",
        "Uraian": "uraian",
        "Jenis Pajak": "jenis_pajak",
        "Penerimaan (Rp)": "pungut",
        "Pengeluaran (Rp)": "setor",
        "Saldo (Rp)": "saldo",
        "NTPN": "ntpn",
        "Kode Billing": "kode_billing",
    },
    columns=dict(
        zip(
            ["no", "tanggal", "no_bukti", "uraian", "jenis_pajak", "pungut", "setor", "saldo",
             "ntpn", "kode_billing"],
            "ABCDEFGHIJ",
            strict=True,
        )
    ),
    cells={
        (8, "saldo"): 12500000,
        (9, "tanggal"): D(2025, 1, 7),
        (9, "pungut"): 6000000,
        (9, "jenis_pajak"): "PPh 23",
        (10, "tanggal"): D(2025, 1, 12),
        (10, "pungut"): 12234055,
        (11, "setor"): 6000000,
        (11, "ntpn"): "0A1B2C3D4E5F6G7H",
        (11, "kode_billing"): "820250114000123",
        (12, "tanggal"): D(2025, 1, 14),
        (13, "tanggal"): D(2025, 1, 20),
        (13, "jenis_pajak"): "PPh 21",
        (14, "pungut"): 63234055,
        (14, "setor"): 18234055,
    },
    roles={8: OPENING, 14: TOTAL, **footer(16, 17, 19, 20)},
    n_data=5,
)

PAJAK_B_ROWS: list[list[object]] = [
    [Span("BUKU PEMBANTU PAJAK", colspan=8)],
    [Span("PERIODE : AGUSTUS 2025", colspan=8)],
    [Span("SKPD : " + " ".join(DPMPTSP), colspan=8)],
    [Span(None, colspan=8)],
    [Span("No", rowspan=2), Span("Tanggal", rowspan=2), Span("No Bukti", rowspan=2),
     Span("Uraian", rowspan=2), Span("Jumlah (Rp)", colspan=2), Span("Saldo (Rp)", rowspan=2),
     Span("NTPN", rowspan=2)],
    ["Pemotongan/Pemungutan", "Penyetoran"],
    ["1", "2", "3", "4", "5", "6", "7", "8"],
    [None, None, None, "Saldo Sebelumnya", "-", "-", "0", None],
    ["1", "04-Agu-2025", "0101/BKU/VIII/2025", "Pungut PPh 23 atas jasa konsultan CV Maju",
     "Rp 1.234.567", "-", "Rp 1.234.567", None],
    ["2", "12-Agu-2025", "0105/BKU/VIII/2025", "Pungut PPh Pasal 21 honor tim",
     "Rp 450.000", "-", "Rp 1.684.567", None],
    ["3", "12-Agu-2025", "0106/BKU/VIII/2025", "Pungut PPh 4 ayat (2) sewa gedung",
     "Rp 2.000.000", "-", "Rp 3.684.567", None],
    ["4", "15-Agu-2025", "0110/BKU/VIII/2025", "Setor PPh 23 CV Maju", "-", "Rp 1.234.567",
     "Rp 2.450.000", "1234567890ABCDEF"],
    ["5", "20-Agu-2025", "0111/BKU/VIII/2025", "Pungut PPN belanja modal", "Rp 3.000.000", "-",
     "Rp 5.450.000", None],
    [None, None, None, "Jumlah", "Rp 6.684.567", "Rp 1.234.567", "Rp 5.450.000", None],
    [Span(None, colspan=8)],
    ["Mengetahui,", None, None, None, None, "Curup, 29 Agustus 2025", None, None],
    ["Kepala Dinas", None, None, None, None, "Bendahara Pengeluaran", None, None],
    ["NIP. 197001011990031001", None, None, None, None, "NIP. 198503152010012002", None, None],
]


def build_pajak_b(tmp: Path) -> Path:
    """Pajak recap saved as HTML `.xls`: rowspan/colspan two-row header, no Jenis Pajak."""
    return write_html_xls(tmp / "rekap_pajak_agustus.xls", PAJAK_B_ROWS)


PAJAK_B = Case(
    build=build_pajak_b,
    kind="pajak",
    opd=(*DPMPTSP, "title"),
    header_rows=[5, 6],
    mapping={
        "No": "no",
        "Tanggal": "tanggal",
        "No Bukti": "no_bukti",
        "Uraian": "uraian",
        "Jumlah (Rp) / Pemotongan/Pemungutan": "pungut",
        "Jumlah (Rp) / Penyetoran": "setor",
        "Saldo (Rp)": "saldo",
        "NTPN": "ntpn",
    },
    columns=dict(
        zip(
            ["no", "tanggal", "no_bukti", "uraian", "pungut", "setor", "saldo", "ntpn"],
            "ABCDEFGH",
            strict=True,
        )
    ),
    cells={
        (8, "pungut"): 0,
        (8, "saldo"): 0,
        (9, "tanggal"): D(2025, 8, 4),
        (9, "pungut"): 123456700,
        (9, "jenis_pajak"): "PPh 23",
        (10, "jenis_pajak"): "PPh 21",
        (11, "jenis_pajak"): "PPh 4(2)",
        (11, "tanggal"): D(2025, 8, 12),
        (12, "setor"): 123456700,
        (12, "ntpn"): "1234567890ABCDEF",
        (12, "jenis_pajak"): "PPh 23",
        (13, "jenis_pajak"): "PPN",
        (13, "tanggal"): D(2025, 8, 20),
        (14, "pungut"): 668456700,
    },
    roles={8: OPENING, 14: TOTAL, **footer(16, 17, 18)},
    n_data=5,
    sheet="Tabel 1",
)

# --------------------------------------------------------------------------- penerimaan


def build_penerimaan_a(tmp: Path) -> Path:
    """BKU Penerimaan of the BLUD (xlsx): Excel dates, TOTAL row, Direktur signature."""
    rows = [
        [TITLE_PEMKAB],
        ["BUKU PENERIMAAN DAN PENYETORAN BENDAHARA PENERIMAAN"],
        ["BULAN MARET 2025"],
        ["SKPD : 1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"],
        [],
        ["No", "Tanggal Terima", "No TBP", "Uraian", "Kode Rekening", "Jumlah (Rp)",
         "Tanggal Setor", "No STS", "Keterangan"],
        [1, d(2025, 3, 3), "TBP/001/III/2025", "Pendapatan jasa layanan rawat jalan",
         "4.1.04.16.01.0001", 12500000, d(2025, 3, 4), "STS/001/2025", "Setor tunai"],
        [2, d(2025, 3, 10), "TBP/002/III/2025", "Pendapatan jasa layanan rawat inap",
         "4.1.04.16.01.0001", 48750000.75, d(2025, 3, 11), "STS/002/2025", None],
        [3, d(2025, 3, 17), "TBP/003/III/2025", "Klaim BPJS Kesehatan Februari",
         "4.1.04.16.01.0002", 325000000, d(2025, 3, 20), "STS/003/2025", None],
        [4, d(2025, 3, 31), "TBP/004/III/2025", "Pendapatan jasa layanan laboratorium",
         "4.1.04.16.01.0001", 7250000, d(2025, 4, 2), "STS/004/2025", "Terlambat setor"],
        [None, None, None, "TOTAL", None, 393500000.75],
        *signature(left=0, right=5, head="Direktur", place="Curup, 31 Maret 2025"),
    ]
    return write_xlsx(tmp / "penerimaan_maret.xlsx", Sheet("Maret", rows))


PENERIMAAN_A = Case(
    build=build_penerimaan_a,
    kind="penerimaan",
    opd=(*RSUD, "title"),
    header_rows=[6],
    mapping={
        "No": "no",
        "Tanggal Terima": "tanggal_terima",
        "No TBP": "no_bukti",
        "Uraian": "uraian",
        "Kode Rekening": "kode_rekening",
        "Jumlah (Rp)": "jumlah",
        "Tanggal Setor": "tanggal_setor",
        "No STS": "no_sts",
        "Keterangan": None,
    },
    columns=dict(
        zip(
            ["no", "tanggal_terima", "no_bukti", "uraian", "kode_rekening", "jumlah",
             "tanggal_setor", "no_sts"],
            "ABCDEFGH",
            strict=True,
        )
    ),
    cells={
        (7, "tanggal_terima"): D(2025, 3, 3),
        (7, "tanggal_setor"): D(2025, 3, 4),
        (7, "kode_rekening"): "4.1.04.16.01.0001",
        (7, "Keterangan"): "Setor tunai",
        (8, "jumlah"): 4875000075,
        (10, "tanggal_setor"): D(2025, 4, 2),
        (10, "no_sts"): "STS/004/2025",
        (11, "jumlah"): 39350000075,
    },
    roles={11: TOTAL, **footer(13, 14, 16, 17)},
    n_data=4,
)


def build_penerimaan_b(tmp: Path) -> Path:
    """Register STS (.ods) in a folder named after the OPD: header row 1, `(1) (2)` row."""
    rows = [
        ["No", "Tgl Diterima", "No Karcis", "Uraian", "Kode Rekening", "Nilai", "Tgl STS",
         "Nomor STS"],
        [f"({i})" for i in range(1, 9)],
        [1, "2025-03-03", "K-0001", "Retribusi PBG ruko Jl. Merdeka", "4.1.02.03.01.0001",
         1500000, "04-03-2025", "STS/DPMPTSP/001"],
        [2, "2025-03-05", "K-0002", "Retribusi PBG rumah tinggal", "4.1.02.03.01.0001",
         "750.000,50", "05/03/2025", "STS/DPMPTSP/002"],
        [3, "2025-03-12", "K-0003", "Retribusi PBG gudang", "4.1.02.03.01.0001",
         "2.250.000,00", "7 Maret 2025", "STS/DPMPTSP/003"],
        [None, None, None, "TOTAL", None, "4.500.000,50"],
    ]
    return write_ods(tmp / "DPMPTSP" / "register_maret.ods", Sheet("Register STS", rows))


PENERIMAAN_B = Case(
    build=build_penerimaan_b,
    kind="penerimaan",
    opd=(*DPMPTSP, "path"),
    header_rows=[1],
    mapping={
        "No": "no",
        "Tgl Diterima": "tanggal_terima",
        "No Karcis": "no_bukti",
        "Uraian": "uraian",
        "Kode Rekening": "kode_rekening",
        "Nilai": "jumlah",
        "Tgl STS": "tanggal_setor",
        "Nomor STS": "no_sts",
    },
    columns=dict(
        zip(
            ["no", "tanggal_terima", "no_bukti", "uraian", "kode_rekening", "jumlah",
             "tanggal_setor", "no_sts"],
            "ABCDEFGH",
            strict=True,
        )
    ),
    cells={
        (3, "tanggal_terima"): D(2025, 3, 3),
        (3, "tanggal_setor"): D(2025, 3, 4),
        (3, "jumlah"): 150000000,
        (3, "no"): "1",
        (4, "jumlah"): 75000050,
        (4, "tanggal_setor"): D(2025, 3, 5),
        (5, "jumlah"): 225000000,
        (5, "tanggal_setor"): D(2025, 3, 7),
        (6, "jumlah"): 450000050,
    },
    roles={6: TOTAL},
    n_data=3,
    sheet="Register STS",
)

# --------------------------------------------------------------------------- anggaran

LRA_TREE = [
    ("5", "BELANJA DAERAH", 185000000, 164845678.90),
    ("5.1", "BELANJA OPERASI", 35000000, 16345678.90),
    ("5.1.02", "Belanja Barang dan Jasa", 35000000, 16345678.90),
    ("5.1.02.01", "Belanja Barang", 35000000, 16345678.90),
    ("5.1.02.01.01", "Belanja Barang Pakai Habis", 35000000, 16345678.90),
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK", 25000000, 12345678.90),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan-Kertas dan Cover", 10000000, 4000000),
    ("5.2", "BELANJA MODAL", 150000000, 148500000),
    ("5.2.02", "Belanja Modal Peralatan dan Mesin", 150000000, 148500000),
    ("5.2.02.05.01.0005", "Belanja Modal Peralatan Komputer", 150000000, 148500000),
]


def build_anggaran_a(tmp: Path) -> Path:
    """LRA per akun (xlsx): code tree with subtotal rows, `%` column, JUMLAH row."""
    body = [
        [code, name, budget, real, round(budget - real, 2), round(real / budget * 100, 2), None]
        for code, name, budget, real in LRA_TREE
    ]
    rows = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN"],
        ["TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(PUPRKP)],
        [],
        ["Kode Rekening", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)", "Sisa Anggaran (Rp)",
         "%", "Keterangan"],
        *body,
        [None, "JUMLAH BELANJA", 185000000, 164845678.90, 20154321.10, 89.11],
        *signature(left=0, right=3),
    ]
    return write_xlsx(tmp / "lra_2025.xlsx", Sheet("LRA", rows))


ANGGARAN_A = Case(
    build=build_anggaran_a,
    kind="anggaran",
    opd=(*PUPRKP, "title"),
    header_rows=[6],
    mapping={
        "Kode Rekening": "kode_rekening",
        "Uraian": "uraian",
        "Anggaran (Rp)": "anggaran",
        "Realisasi (Rp)": "realisasi",
        "Sisa Anggaran (Rp)": "sisa",
        "%": "persen",
        "Keterangan": "keterangan",
    },
    columns=dict(
        zip(
            ["kode_rekening", "uraian", "anggaran", "realisasi", "sisa", "persen", "keterangan"],
            "ABCDEFG",
            strict=True,
        )
    ),
    cells={
        (7, "kode_rekening"): "5",
        (7, "anggaran"): 18500000000,
        (8, "kode_rekening"): "5.1",
        (12, "kode_rekening"): "5.1.02.01.01.0024",
        (12, "realisasi"): 1234567890,
        (12, "sisa"): 1265432110,
        (12, "persen"): 49.38,
        (16, "kode_rekening"): "5.2.02.05.01.0005",
        (17, "realisasi"): 16484567890,
    },
    roles={
        **dict.fromkeys([7, 8, 9, 10, 11, 14, 15], SUBTOTAL),
        17: TOTAL,
        **footer(19, 20, 22, 23),
    },
    n_data=3,
)

DPA_KAS = [
    ("5.1.02.01.01", "Belanja Barang Pakai Habis", "24.300.000,50",
     ["6.075.000,00", "6.075.000,00", "6.075.000,00", "6.075.000,50"]),
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", "12.000.000,00", ["3.000.000,00"] * 4),
    ("5.1.02.01.01.0025", "Belanja Kertas dan Cover", "4.800.000,00", ["1.200.000,00"] * 4),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "7.500.000,50",
     ["1.875.000,00", "1.875.000,00", "1.875.000,00", "1.875.000,50"]),
]


def build_anggaran_b(tmp: Path) -> Path:
    """DPA anggaran kas as `,` CSV with BOM: two-row header with an unmerged parent."""
    rows = [
        ["DOKUMEN PELAKSANAAN ANGGARAN (DPA) SATUAN KERJA PERANGKAT DAERAH"],
        [TITLE_PEMKAB],
        ["TAHUN ANGGARAN 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        ["Kode Rekening", "Uraian", "Jumlah Anggaran (Rp)", "Anggaran Kas per Triwulan"],
        [None, None, None, "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"],
        list(range(1, 8)),
        *[[code, name, total, *tw] for code, name, total, tw in DPA_KAS],
        [None, "JUMLAH", "24.300.000,50", "6.075.000,00", "6.075.000,00", "6.075.000,00",
         "6.075.000,50"],
    ]
    return write_csv(tmp / "dpa_kas.csv", rows, delimiter=",", encoding="utf-8-sig")


ANGGARAN_B = Case(
    build=build_anggaran_b,
    kind="anggaran",
    opd=(*DINKES, "title"),
    header_rows=[6, 7],
    mapping={
        "Kode Rekening": "kode_rekening",
        "Uraian": "uraian",
        "Jumlah Anggaran (Rp)": "anggaran",
        "Anggaran Kas per Triwulan / Triwulan I": "tw1",
        "Anggaran Kas per Triwulan / Triwulan II": "tw2",
        "Anggaran Kas per Triwulan / Triwulan III": "tw3",
        "Anggaran Kas per Triwulan / Triwulan IV": "tw4",
    },
    columns=dict(
        zip(
            ["kode_rekening", "uraian", "anggaran", "tw1", "tw2", "tw3", "tw4"],
            "ABCDEFG",
            strict=True,
        )
    ),
    cells={
        (9, "anggaran"): 2430000050,
        (10, "kode_rekening"): "5.1.02.01.01.0024",
        (10, "tw1"): 300000000,
        (12, "tw4"): 187500050,
        (12, "anggaran"): 750000050,
        (13, "tw4"): 607500050,
    },
    roles={9: SUBTOTAL, 13: TOTAL},
    n_data=3,
)

# --------------------------------------------------------------------------- kontrak

KONTRAK_A_HEADER = [
    "No", "Nama Paket", "Nama Penyedia", "NPWP", "Metode Pemilihan", "Jenis Pengadaan",
    "Kode Sub Kegiatan", "Nomor Kontrak", "Nilai Kontrak (Rp)", "Tanggal Kontrak",
    "Tanggal Mulai", "Tanggal Selesai", "Tanggal BAST", "Progres Fisik",
    "Nilai Dibayar (Rp)", "Denda (Rp)", "Sumber Dana",
]


def build_kontrak_a(tmp: Path) -> Path:
    """Daftar kontrak (xlsx): OPD named in words only, NPWP in 15 and 16 digit forms."""
    sub = "1.03.10.2.01.0012"
    rows = [
        ["DAFTAR KONTRAK PEKERJAAN TAHUN ANGGARAN 2025"],
        ["DINAS PEKERJAAN UMUM, PENATAAN RUANG, PERUMAHAN DAN KAWASAN PERMUKIMAN"],
        ["KABUPATEN REJANG LEBONG"],
        [],
        KONTRAK_A_HEADER,
        [1, "Rehabilitasi Jalan Lingkar Curup Ruas A", "CV Karya Mandiri",
         "01.234.567.8-901.000", "Tender", "Pekerjaan Konstruksi", sub,
         "600/012/SPK/PUPRKP/2025", 1850000000, d(2025, 3, 10), d(2025, 3, 12),
         d(2025, 9, 8), d(2025, 9, 5), 100, 1850000000, 0, "DAU"],
        [2, "Pembangunan Drainase Kel. Talang Rimbo", "CV Sumber Rejeki", "0123456789012345",
         "Pengadaan Langsung", "Pekerjaan Konstruksi", sub, "600/031/SPK/PUPRKP/2025",
         195500000, d(2025, 4, 2), d(2025, 4, 3), d(2025, 6, 1), None, 85.5, 97750000,
         1955000.5, "DAU"],
        [3, "Pengawasan Rehabilitasi Jalan Lingkar", "PT Cipta Konsultan",
         "02.345.678.9-012.000", "Seleksi", "Jasa Konsultansi", sub,
         "600/013/SPK/PUPRKP/2025", 92500000, d(2025, 3, 11), d(2025, 3, 12),
         d(2025, 9, 8), None, 60, 55500000, None, "DAU"],
        [4, "Pengadaan Aspal Curah", "PT Aspal Jaya", "03.456.789.0-123.000",
         "E-Purchasing", "Barang", sub, "EP-2025-000123", 420000000, d(2025, 5, 20),
         d(2025, 5, 20), d(2025, 6, 20), d(2025, 6, 18), 100, 420000000, 0, "DAK"],
        ["Jumlah", None, None, None, None, None, None, None, 2558000000, None, None, None,
         None, None, 2423250000, 1955000.5],
        *signature(left=1, right=6),
    ]
    return write_xlsx(tmp / "daftar_kontrak.xlsx", Sheet("Kontrak 2025", rows))


KONTRAK_A = Case(
    build=build_kontrak_a,
    kind="kontrak",
    opd=(*PUPRKP, "title"),
    header_rows=[5],
    mapping=dict(
        zip(
            KONTRAK_A_HEADER,
            [None, "nama_paket", "nama_penyedia", "npwp", "metode_pemilihan",
             "jenis_pengadaan", "kode_sub_kegiatan", "nomor_kontrak", "nilai_kontrak",
             "tanggal_kontrak", "tanggal_mulai", "tanggal_selesai", "tanggal_bast",
             "progres_fisik", "nilai_dibayar", "denda", None],
            strict=True,
        )
    ),
    columns=dict(
        zip(
            ["nama_paket", "nama_penyedia", "npwp", "metode_pemilihan", "jenis_pengadaan",
             "kode_sub_kegiatan", "nomor_kontrak", "nilai_kontrak", "tanggal_kontrak",
             "tanggal_mulai", "tanggal_selesai", "tanggal_bast", "progres_fisik",
             "nilai_dibayar", "denda"],
            "BCDEFGHIJKLMNOP",
            strict=True,
        )
    ),
    cells={
        (6, "npwp"): "01.234.567.8-901.000",
        (6, "nilai_kontrak"): 185000000000,
        (6, "tanggal_kontrak"): D(2025, 3, 10),
        (6, "tanggal_bast"): D(2025, 9, 5),
        (6, "kode_sub_kegiatan"): "1.03.10.2.01.0012",
        (6, "Sumber Dana"): "DAU",
        (7, "npwp"): "0123456789012345",
        (7, "progres_fisik"): 85.5,
        (7, "denda"): 195500050,
        (7, "tanggal_bast"): None,
        (9, "metode_pemilihan"): "E-Purchasing",
        (9, "nomor_kontrak"): "EP-2025-000123",
        (10, "nilai_dibayar"): 242325000000,
    },
    roles={10: TOTAL, **footer(12, 13, 15, 16)},
    n_data=4,
)

KONTRAK_B_HEADER = [
    "No", "Nama Pekerjaan", "Rekanan", "NPWP Penyedia", "Metode Pengadaan", "No SPK",
    "Nilai SPK", "Tgl SPK", "Batas Akhir", "Tanggal PHO", "Realisasi Fisik",
    "Realisasi Keuangan", "Denda Keterlambatan",
]


def build_kontrak_b(tmp: Path) -> Path:
    """Rekap paket as an HTML table saved as .xls: colnum row, `Rp.1.234.567,-` amounts."""
    rows = [
        [Span("REKAP PAKET PENGADAAN BARANG/JASA TAHUN 2025", colspan=13)],
        [Span("SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan", colspan=13)],
        KONTRAK_B_HEADER,
        [str(i) for i in range(1, 14)],
        ["1", "Pengadaan Obat dan BMHP Puskesmas", "PT Farmasi Sehat", "01.234.567.8-901.000",
         "E-Purchasing", "SP/001/DINKES/2025", "Rp.1.234.567.890,-", "7 Januari 2025",
         "12 Feb 2025", "10/02/2025", "100", "Rp.1.234.567.890,-", "-"],
        ["2", "Rehab Puskesmas Talang Rimbo", "CV Bangun Sehat", "02.345.678.9-012.000",
         "Pengadaan Langsung", "SPK/014/DINKES/2025", "Rp 185.000.000", "3 Maret 2025",
         "2025-06-30", "2025-07-05", "75,5", "Rp 92.500.000", "Rp 925.000,00"],
        ["3", "Jasa Kebersihan Kantor", "CV Bersih Selalu", "03.456.789.0-123.000",
         "Pengadaan Langsung", "SPK/002/DINKES/2025", "Rp 96.000.000", "02-01-2025",
         "31-12-2025", None, "25", "Rp 24.000.000", "-"],
        [None, "Total", None, None, None, None, "Rp 1.515.567.890", None, None, None, None,
         "Rp 1.351.067.890", "Rp 925.000,00"],
    ]
    return write_html_xls(tmp / "rekap_paket.xls", rows)


KONTRAK_B = Case(
    build=build_kontrak_b,
    kind="kontrak",
    opd=(*DINKES, "title"),
    header_rows=[3],
    mapping=dict(
        zip(
            KONTRAK_B_HEADER,
            [None, "nama_paket", "nama_penyedia", "npwp", "metode_pemilihan", "nomor_kontrak",
             "nilai_kontrak", "tanggal_kontrak", "tanggal_selesai", "tanggal_bast",
             "progres_fisik", "nilai_dibayar", "denda"],
            strict=True,
        )
    ),
    columns=dict(
        zip(
            ["nama_paket", "nama_penyedia", "npwp", "metode_pemilihan", "nomor_kontrak",
             "nilai_kontrak", "tanggal_kontrak", "tanggal_selesai", "tanggal_bast",
             "progres_fisik", "nilai_dibayar", "denda"],
            "BCDEFGHIJKLM",
            strict=True,
        )
    ),
    cells={
        (5, "nilai_kontrak"): 123456789000,
        (5, "tanggal_kontrak"): D(2025, 1, 7),
        (5, "tanggal_selesai"): D(2025, 2, 12),
        (5, "tanggal_bast"): D(2025, 2, 10),
        (5, "denda"): 0,
        (5, "progres_fisik"): 100.0,
        (6, "progres_fisik"): 75.5,
        (6, "tanggal_kontrak"): D(2025, 3, 3),
        (6, "tanggal_selesai"): D(2025, 6, 30),
        (6, "denda"): 92500000,
        (7, "tanggal_kontrak"): D(2025, 1, 2),
        (7, "tanggal_bast"): None,
        (8, "nilai_dibayar"): 135106789000,
    },
    roles={8: TOTAL},
    n_data=3,
    sheet="Tabel 1",
)

# --------------------------------------------------------------------------- perjadin

PERJADIN_A_HEADER = [
    "No", "Nama Pegawai", "NIP", "Pangkat/Gol", "Jabatan/Eselon", "No SPT", "Tujuan",
    "Provinsi Tujuan", "Tgl Berangkat", "Tgl Kembali", "Lama (hari)", "Uang Harian (Rp)",
    "Penginapan (Rp)", "Jumlah Malam", "Transport (Rp)", "Jumlah (Rp)",
]
PERJADIN_A_CANON = [
    None, "nama", "nip", "golongan", "eselon", "no_spt", "tujuan", "provinsi_tujuan",
    "tgl_berangkat", "tgl_kembali", "lama_hari", "uang_harian", "penginapan", "jumlah_malam",
    "transport", "jumlah",
]


def build_perjadin_a(tmp: Path) -> Path:
    """Daftar perjalanan dinas (xlsx): NIP as 18-digit text, `4 hari` durations."""
    rows = [
        [TITLE_PEMKAB],
        ["DAFTAR PERJALANAN DINAS"],
        ["BULAN JANUARI 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        PERJADIN_A_HEADER,
        [1, "dr. RATNA SARI", NIP_1, "Pembina / IV.a", "Kepala Bidang / III.a",
         "094/015/SPT/DINKES/2025", "Bengkulu", "Bengkulu", d(2025, 1, 13), d(2025, 1, 15),
         3, 1140000, 1200000, 2, 500000, 2840000],
        [2, "Ns. DEDI PRASETYO, S.Kep", NIP_2, "Penata Muda / III.a", "Staf",
         "094/021/SPT/DINKES/2025", "Jakarta", "DKI Jakarta", d(2025, 1, 20), d(2025, 1, 23),
         "4 hari", 2120000, 2850000, 3, 3500000.5, 8470000.5],
        [3, "HENDRA GUNAWAN", "198805052010011001", "Pengatur / II.c", "Staf",
         "094/022/SPT/DINKES/2025", "Lebong", "Bengkulu", d(2025, 1, 27), d(2025, 1, 27),
         1, 150000, None, 0, 200000, 350000],
        ["Total", None, None, None, None, None, None, None, None, None, None, 3410000,
         4050000, None, 4200000.5, 11660000.5],
        *signature(left=1, right=6),
    ]
    return write_xlsx(tmp / "perjadin_januari.xlsx", Sheet("Perjadin", rows))


PERJADIN_A = Case(
    build=build_perjadin_a,
    kind="perjadin",
    opd=(*DINKES, "title"),
    header_rows=[6],
    mapping=dict(zip(PERJADIN_A_HEADER, PERJADIN_A_CANON, strict=True)),
    columns={c: chr(ord("A") + i) for i, c in enumerate(PERJADIN_A_CANON) if c},
    cells={
        (7, "nip"): NIP_1,
        (7, "tgl_berangkat"): D(2025, 1, 13),
        (7, "tgl_kembali"): D(2025, 1, 15),
        (7, "lama_hari"): 3,
        (7, "uang_harian"): 114000000,
        (8, "nip"): NIP_2,
        (8, "lama_hari"): 4,
        (8, "transport"): 350000050,
        (8, "jumlah_malam"): 3,
        (9, "penginapan"): None,
        (9, "golongan"): "Pengatur / II.c",
        (10, "jumlah"): 1166000050,
    },
    roles={10: TOTAL, **footer(12, 13, 15, 16)},
    n_data=3,
)


def build_perjadin_b(tmp: Path) -> Path:
    """SPPD list (.ods): two-row header whose parents (`Tanggal`, `Biaya`) are not merged."""
    rows = [
        ["No", "Nama", "NIP", "Golongan", "Nomor SPT", "Kota Tujuan", "Provinsi", "Tanggal",
         None, "Lama", "Biaya (Rp)", None, None, "Total"],
        [None] * 7 + ["Berangkat", "Kembali", None, "Uang Harian", "Hotel", "Tiket", None],
        [str(i) for i in range(1, 15)],
        [1, "AGUS SALIM, S.E.", "197505051998031004", "III/d", "090/007/SPT/DPMPTSP/2025",
         "Palembang", "Sumatera Selatan", d(2025, 2, 3), "05/02/2025", 3, 1140000, 900000,
         650000, 2690000],
        [2, "MERI ANDRIANI", "198811112012122001", "III/b", "090/008/SPT/DPMPTSP/2025",
         "Bengkulu", "Bengkulu", d(2025, 2, 10), "11/02/2025", 2, 760000, 450000, 300000,
         1510000],
        [None, "Jumlah", None, None, None, None, None, None, None, None, 1900000, 1350000,
         950000, 4200000],
    ]
    return write_ods(tmp / "sppd.ods", Sheet("SPPD", rows))


PERJADIN_B = Case(
    build=build_perjadin_b,
    kind="perjadin",
    opd=(*DPMPTSP, "cli"),
    header_rows=[1, 2],
    mapping={
        "No": None,
        "Nama": "nama",
        "NIP": "nip",
        "Golongan": "golongan",
        "Nomor SPT": "no_spt",
        "Kota Tujuan": "tujuan",
        "Provinsi": "provinsi_tujuan",
        "Tanggal / Berangkat": "tgl_berangkat",
        "Tanggal / Kembali": "tgl_kembali",
        "Lama": "lama_hari",
        "Biaya (Rp) / Uang Harian": "uang_harian",
        "Biaya (Rp) / Hotel": "penginapan",
        "Biaya (Rp) / Tiket": "transport",
        "Total": "jumlah",
    },
    columns={
        "nama": "B",
        "nip": "C",
        "golongan": "D",
        "no_spt": "E",
        "tujuan": "F",
        "provinsi_tujuan": "G",
        "tgl_berangkat": "H",
        "tgl_kembali": "I",
        "lama_hari": "J",
        "uang_harian": "K",
        "penginapan": "L",
        "transport": "M",
        "jumlah": "N",
    },
    cells={
        (4, "nip"): "197505051998031004",
        (4, "tgl_berangkat"): D(2025, 2, 3),
        (4, "tgl_kembali"): D(2025, 2, 5),
        (4, "penginapan"): 90000000,
        (5, "tgl_kembali"): D(2025, 2, 11),
        (5, "lama_hari"): 2,
        (5, "jumlah"): 151000000,
        (6, "jumlah"): 420000000,
    },
    roles={6: TOTAL},
    n_data=2,
    sheet="SPPD",
    options={"opd": "DPMPTSP"},
)

# --------------------------------------------------------------------------- kib

KIB_A_ROWS: list[list[object]] = [
    ["KARTU INVENTARIS BARANG (KIB) A TANAH"],
    ["SKPD : " + " ".join(DPMPTSP)],
    ["KABUPATEN : REJANG LEBONG"],
    ["PROVINSI : BENGKULU"],
    [],
    ["No", "Jenis Barang / Nama Barang", "Nomor", None, "Luas (M2)", "Tahun Pengadaan",
     "Letak/Alamat", "Status Tanah", None, None, "Penggunaan", "Asal Usul", "Harga (Rp)",
     "Keterangan"],
    [None, None, "Kode Barang", "Register", None, None, None, "Hak", "Sertifikat Tanggal",
     "Sertifikat Nomor"],
    list(range(1, 15)),
    [1, "Tanah Bangunan Kantor Pemerintah", "1.3.1.01.01.04.001", "0001", 1250, 2005,
     "Jl. S. Sukowati No. 1 Curup", "Hak Pakai", d(2006, 5, 10), "00012", "Kantor",
     "Pembelian", 1250000000, None],
    [2, "Tanah Bangunan Kantor Pemerintah", "1.3.1.01.01.04.001", "0002", 300, 2010,
     "Jl. Merdeka Curup", "Hak Pakai", "-", None, "Kantor pelayanan", "Hibah", 450000000.5,
     "Belum bersertifikat"],
    [3, "Tanah Kosong", "1.3.1.01.01.02.003", "0001", 800, 2018, "Kel. Talang Rimbo",
     "Hak Pakai", d(2019, 1, 2), "00345", "Cadangan", "Pembelian", 320000000, None],
    [None, "Jumlah", None, None, 2350, None, None, None, None, None, None, None,
     2020000000.5],
    *signature(left=1, right=7),
]


def build_kib_a(tmp: Path) -> Path:
    """KIB A (xlsx): merged two-row header (`Nomor` → `Kode Barang`, `Register`), colnums."""
    merges = ["A6:A7", "B6:B7", "C6:D6", "E6:E7", "F6:F7", "G6:G7", "H6:J6", "K6:K7",
              "L6:L7", "M6:M7", "N6:N7", "A1:N1"]
    return write_xlsx(tmp / "kib_a.xlsx", Sheet("Sheet1", KIB_A_ROWS, merges=merges))


KIB_A = Case(
    build=build_kib_a,
    kind="kib",
    opd=(*DPMPTSP, "title"),
    header_rows=[6, 7],
    mapping={
        "No": "no",  # the row number column
        "Jenis Barang / Nama Barang": "nama_barang",
        "Nomor / Kode Barang": "kode_barang",
        "Nomor / Register": "register",
        "Luas (M2)": None,
        "Tahun Pengadaan": "tahun",
        "Letak/Alamat": "lokasi",
        "Status Tanah / Hak": None,
        "Status Tanah / Sertifikat Tanggal": None,
        "Status Tanah / Sertifikat Nomor": "sertifikat_nomor",
        "Penggunaan": None,
        "Asal Usul": None,
        "Harga (Rp)": "harga",
        "Keterangan": "keterangan",
    },
    columns={
        "no": "A",
        "nama_barang": "B",
        "kode_barang": "C",
        "register": "D",
        "tahun": "F",
        "lokasi": "G",
        "sertifikat_nomor": "J",
        "harga": "M",
        "keterangan": "N",
    },
    cells={
        (9, "kode_barang"): "1.3.1.01.01.04.001",
        (9, "register"): "0001",
        (9, "sertifikat_nomor"): "00012",
        (9, "tahun"): 2005,
        (9, "harga"): 125000000000,
        (9, "kib"): "A",
        (10, "harga"): 45000000050,
        (10, "register"): "0002",
        (10, "sertifikat_nomor"): None,
        (10, "keterangan"): "Belum bersertifikat",
        (11, "lokasi"): "Kel. Talang Rimbo",
        (12, "harga"): 202000000050,
    },
    roles={12: TOTAL, **footer(14, 15, 17, 18)},
    n_data=3,
)

KIB_B_HEADER: list[object] = [
    "No", "Kode Barang", "Nama Barang", "Register", "Merk/Type", "Tahun Pembelian", "Nomor",
    None, None, None, None, "Asal Usul", "Harga", "Kondisi", "Keterangan",
]


def build_kib_b(tmp: Path) -> Path:
    """Sheet `KIB B` with the header on rows 1–2 (`Nomor` → Pabrik … BPKB); J U M L A H."""
    rows = [
        KIB_B_HEADER,
        [None] * 6 + ["Pabrik", "Rangka", "Mesin", "Polisi", "BPKB"],
        [1, "1.3.2.02.01.01.004", "Minibus", "0001", "Toyota Innova", 2019, "-", "MHF11KF8",
         "1TR-7712", "BD 1234 AB", "P-0912345", "Pembelian", 325000000, "B", None],
        [2, "1.3.2.02.01.02.003", "Ambulance", "0001", "Toyota Hiace", 2021, "-", "JTF22",
         "2KD-9981", "BD 8001 A", "Q-1234567", "Hibah", "Rp 612.500.000", "KB", "Dinkes"],
        [3, "1.3.2.02.01.05.001", "Sepeda Motor", "0003", "Honda Supra", 2015, "-", "MH1J",
         "JB-112", "BD 2245 AC", "K-5551212", "Pembelian", "17.250.000,50", "RB", None],
        [None, None, "J U M L A H", None, None, None, None, None, None, None, None, None,
         "954.750.000,50"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:F2", "G1:K1", "L1:L2",
              "M1:M2", "N1:N2", "O1:O2"]
    sheet = Sheet("KIB B", rows, merges=merges)
    return write_xlsx(tmp / "RSUD Curup" / "aset_2025.xlsx", sheet)


KIB_B = Case(
    build=build_kib_b,
    kind="kib",
    opd=(*RSUD, "path"),
    header_rows=[1, 2],
    mapping={
        "No": "no",  # the row number column
        "Kode Barang": "kode_barang",
        "Nama Barang": "nama_barang",
        "Register": "register",
        "Merk/Type": None,
        "Tahun Pembelian": "tahun",
        "Nomor / Pabrik": None,
        "Nomor / Rangka": None,
        "Nomor / Mesin": None,
        "Nomor / Polisi": "nomor_polisi",
        "Nomor / BPKB": "nomor_bpkb",
        "Asal Usul": None,
        "Harga": "harga",
        "Kondisi": "kondisi",
        "Keterangan": "keterangan",
    },
    columns={
        "no": "A",
        "kode_barang": "B",
        "nama_barang": "C",
        "register": "D",
        "tahun": "F",
        "nomor_polisi": "J",
        "nomor_bpkb": "K",
        "harga": "M",
        "kondisi": "N",
        "keterangan": "O",
    },
    cells={
        (3, "kode_barang"): "1.3.2.02.01.01.004",
        (3, "nomor_polisi"): "BD 1234 AB",
        (3, "nomor_bpkb"): "P-0912345",
        (3, "harga"): 32500000000,
        (3, "kib"): "B",
        (3, "Nomor Rangka"): "MHF11KF8",  # extra: parent and child joined
        (4, "harga"): 61250000000,
        (4, "kondisi"): "KB",
        (5, "harga"): 1725000050,
        (5, "tahun"): 2015,
        (6, "harga"): 95475000050,
    },
    roles={6: TOTAL},
    n_data=3,
    sheet="KIB B",
)

# --------------------------------------------------------------------------- tindak lanjut
# Follow-up matrices of BPK recommendations; the layouts are in tl_layouts.py.

TL_A = Case(
    build=build_tl_matrix,
    kind="tindak_lanjut",
    opd=(*PUPRKP, "title"),
    header_rows=[6, 7],
    mapping={
        "No": "no",
        "LHP / Nomor": "nomor_lhp",
        "LHP / Tanggal": "tanggal_lhp",
        "Temuan / No": "nomor_temuan",
        "Temuan / Kode": "kode_temuan",
        "Temuan / Uraian": "uraian_temuan",
        "Rekomendasi / Kode": "kode_rekomendasi",
        "Rekomendasi / Uraian": "rekomendasi",
        "Rekomendasi / Nilai (Rp)": "nilai_rekomendasi",
        "Tindak Lanjut / Uraian": "tindak_lanjut",
        "Tindak Lanjut / Nilai (Rp)": "nilai_setor",
        "Status": "status_tl",
        "Sisa (Rp)": "sisa",
    },
    columns={
        "no": "A", "nomor_lhp": "B", "tanggal_lhp": "C", "nomor_temuan": "D",
        "kode_temuan": "E", "uraian_temuan": "F", "kode_rekomendasi": "G", "rekomendasi": "H",
        "nilai_rekomendasi": "I", "tindak_lanjut": "J", "nilai_setor": "K", "status_tl": "L",
        "sisa": "M",
    },
    cells={
        (9, "nilai_rekomendasi"): 45_678_900_50,
        (9, "status_tl"): "belum sesuai",
        # merged LHP and finding cells carried onto the second recommendation
        (10, "nomor_lhp"): LHP_2024,
        (10, "tanggal_lhp"): D(2024, 5, 17),
        (10, "kode_temuan"): "1.01.03",
        (10, "status_tl"): "sesuai",
        (10, "nilai_rekomendasi"): None,
        (11, "kode_temuan"): "1.03.01",  # written 1.3.1
        (11, "sisa"): 12_500_000_00,
        (12, "tanggal_lhp"): D(2025, 5, 20),
        (13, "sisa"): 38_178_900_50,
    },
    roles={13: TOTAL, **footer(15, 16, 18, 19)},
    n_data=4,
)

TL_B = Case(
    build=build_tl_blocks_csv,
    kind="tindak_lanjut",
    opd=(*DINKES, "title"),
    header_rows=[6],
    mapping={
        "No": "no",
        "No Temuan": "nomor_temuan",
        "Kode Temuan": "kode_temuan",
        "Uraian Temuan": "uraian_temuan",
        "Kode Rekomendasi": "kode_rekomendasi",
        "Uraian Rekomendasi": "rekomendasi",
        "Nilai Temuan (Rp)": "nilai_rekomendasi",
        "Uraian Tindak Lanjut": "tindak_lanjut",
        "Nilai yang Telah Ditindaklanjuti (Rp)": "nilai_setor",
        "Sisa (Rp)": "sisa",
        "Status": "status_tl",
        "Batas Waktu": "batas_waktu",
    },
    columns={
        "no": "A", "nomor_temuan": "B", "kode_temuan": "C", "uraian_temuan": "D",
        "kode_rekomendasi": "E", "rekomendasi": "F", "nilai_rekomendasi": "G",
        "tindak_lanjut": "H", "nilai_setor": "I", "sisa": "J", "status_tl": "K",
        "batas_waktu": "L",
    },
    cells={
        (7, "nomor_lhp"): LHP_2024,  # from the heading above the header
        (7, "tanggal_lhp"): D(2024, 5, 17),
        (7, "batas_waktu"): D(2024, 7, 16),
        (13, "nomor_lhp"): "12.B/LHP/XVIII.BKL/05/2025",  # `Nomor LHP :` line
        (13, "tanggal_lhp"): D(2025, 5, 20),  # `Tanggal LHP :` line
        (13, "nilai_rekomendasi"): 12_345_678_90,
        (13, "status_tl"): "belum sesuai",  # written BS
        (14, "kode_temuan"): "1.01.07",  # the finding of the row above
        (16, "nomor_lhp"): LHP_KIN,
        (16, "status_tl"): "belum ditindaklanjuti",  # written BD
        (18, "tanggal_lhp"): D(2025, 12, 1),
        (19, "nilai_setor"): 13_250_000_00,
    },
    roles={
        **dict.fromkeys([10, 11, 12, 15, 17], "heading"),
        19: TOTAL,
        **footer(21, 22, 24, 25),
    },
    n_data=6,
)

CASES = {
    "realisasi-a-xlsx-title": REALISASI_A,
    "realisasi-b-ods-row1": REALISASI_B,
    "bku-a-xlsx-title": BKU_A,
    "bku-b-csv-semicolon-cp1252": BKU_B,
    "pajak-a-xlsx-title": PAJAK_A,
    "pajak-b-html-xls-merged": PAJAK_B,
    "penerimaan-a-xlsx-title": PENERIMAAN_A,
    "penerimaan-b-ods-path-opd": PENERIMAAN_B,
    "anggaran-a-xlsx-lra": ANGGARAN_A,
    "anggaran-b-csv-bom-two-row": ANGGARAN_B,
    "kontrak-a-xlsx-title": KONTRAK_A,
    "kontrak-b-html-xls": KONTRAK_B,
    "perjadin-a-xlsx-title": PERJADIN_A,
    "perjadin-b-ods-two-row-cli": PERJADIN_B,
    "kib-a-xlsx-merged-title": KIB_A,
    "kib-b-xlsx-sheet-name": KIB_B,
    "tindak-lanjut-a-xlsx-merged-siptl": TL_A,
    "tindak-lanjut-b-csv-lhp-blocks": TL_B,
    **{name: Case(**spec) for name, spec in SECOND_WAVE.items()},  # type: ignore[arg-type]
    **{name: Case(**spec) for name, spec in BLUD.items()},  # type: ignore[arg-type]
}

# fmt: on

# --------------------------------------------------------------------------- helpers


def ingest(path: Path, root: Path, **options: object) -> InputFile:
    result = ingest_file(path, IngestOptions(root=root, **options))  # type: ignore[arg-type]
    assert result.status == "ok", result.error
    return result


def sheet_of(result: InputFile, name: str | None) -> SheetResult:
    if name is None:
        assert len(result.sheets) == 1, [s.sheet for s in result.sheets]
        return result.sheets[0]
    found = [s for s in result.sheets if s.sheet == name]
    assert found, [s.sheet for s in result.sheets]
    return found[0]


def row_at(doc: Document, excel_row: int) -> pd.Series:
    hits = doc.frame[doc.frame[ROW] == excel_row]
    assert len(hits) == 1, f"row {excel_row}: {len(hits)} frame rows"
    return hits.iloc[0]


def assert_value(actual: object, expected: object, where: str) -> None:
    if expected is None:
        assert pd.isna(actual), f"{where}: expected empty, got {actual!r}"
    elif isinstance(expected, pd.Timestamp):
        assert isinstance(actual, pd.Timestamp) and actual == expected, f"{where}: {actual!r}"
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected), f"{where}: {actual!r}"
    elif isinstance(expected, int):
        assert not pd.isna(actual) and int(actual) == expected, f"{where}: {actual!r}"
        assert float(actual) == expected, f"{where}: not exact: {actual!r}"
    else:
        assert not pd.isna(actual) and str(actual) == expected, f"{where}: {actual!r}"


def assert_types(doc: Document) -> None:
    """Money → Int64 sen, dates → datetime64, codes/text → strings, whatever the source."""
    spec = load_kinds()[doc.kind]
    for name, col in spec.columns.items():
        if name not in doc.frame.columns:
            continue
        dtype = doc.frame[name].dtype
        if col.type == "money":
            assert str(dtype) == "Int64", (name, dtype)
        elif col.type == "date":
            assert str(dtype) == "datetime64[ns]", (name, dtype)
        elif col.type in ("code", "text"):
            assert pd.api.types.is_string_dtype(dtype), (name, dtype)
    assert str(doc.frame[ROW].dtype) == "int64"


# --------------------------------------------------------------------------- layout tests


Layout = tuple[Case, SheetResult, Document]


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def layout(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """Build and ingest each layout once; the four layout tests share the result."""
    case = CASES[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    result = ingest(case.build(tmp), tmp, **case.options)
    sheet = sheet_of(result, case.sheet)
    assert sheet.document is not None, sheet.issues
    return case, sheet, sheet.document


def test_layout_kind_opd_and_header(layout: Layout) -> None:
    case, sheet, doc = layout
    assert (doc.kind, sheet.kind) == (case.kind, case.kind)
    assert doc.confidence >= 0.6
    assert sheet.candidates[0][0] == case.kind
    assert doc.opd is not None
    assert (doc.opd.code, doc.opd.name, doc.opd.source) == case.opd
    assert doc.opd.registered
    assert doc.header_rows == case.header_rows == sheet.header_rows
    assert {i.key for i in sheet.issues} == case.issues, sheet.issues


def test_layout_column_mapping(layout: Layout) -> None:
    case, _, doc = layout
    assert {m.header: m.canonical for m in doc.mapping} == case.mapping
    assert len(doc.mapping) == len(case.mapping)  # no header read twice
    assert doc.columns == case.columns
    for m in doc.mapping:
        if m.canonical is not None:
            assert doc.columns[m.canonical] == m.letter
    # unknown headers stay as extra frame columns under their header text
    extras = [m.header.replace(" / ", " ") for m in doc.mapping if m.canonical is None]
    for header in extras:
        assert header in doc.frame.columns, (header, list(doc.frame.columns))


def test_layout_cell_values(layout: Layout) -> None:
    case, _, doc = layout
    assert_types(doc)
    for (excel_row, column), expected in case.cells.items():
        assert column in doc.frame.columns, (column, list(doc.frame.columns))
        assert_value(row_at(doc, excel_row)[column], expected, f"{column} row {excel_row}")


def test_layout_row_roles(layout: Layout) -> None:
    case, sheet, doc = layout
    roles = dict(zip(doc.frame[ROW], doc.frame[ROLE], strict=True))
    special = {r: role for r, role in roles.items() if role != RowRole.DATA.value}
    assert special == case.roles
    assert len(doc.data()) == case.n_data == sheet.data_rows
    # data rows follow the header (and colnum row) directly, numbered as in Excel
    first = min(r for r, role in roles.items() if role == RowRole.DATA.value)
    assert first > max(case.header_rows)
    assert all(r > max(case.header_rows) for r in roles)
    assert list(doc.frame[ROW]) == sorted(doc.frame[ROW])
    assert [r for r, _, _ in sheet.special_rows] == sorted(case.roles)


def test_layouts_cover_every_kind_twice_in_every_format() -> None:
    kinds = [c.kind for c in CASES.values()]
    assert sorted(set(kinds)) == sorted(load_kinds())
    assert all(kinds.count(k) >= 2 for k in set(kinds))


def test_documents_keep_file_and_sheet_provenance(tmp_path: Path) -> None:
    path = build_bku_a(tmp_path)
    result = ingest(path, tmp_path)
    assert result.sha256 is not None and len(result.sha256) == 64
    (doc,) = result.documents()
    assert (doc.file, doc.sheet) == ("bku_januari.xlsx", "BKU")
    assert "BUKU KAS UMUM PENGELUARAN" in doc.title
    assert doc.preamble["SKPD"] == "1.02.0.00.0.00.01.0000 Dinas Kesehatan"


# --------------------------------------------------------------------------- derived columns


def _pajak_ledger(tmp: Path, uraian: list[str]) -> Path:
    """A BPP without a `Jenis Pajak` column: the tax is named only in `Uraian`."""
    body = [
        [i, f"{10 + i:02d}/01/2025", f"{i:04d}/BKU/2025", text, 1000 * i, "-"]
        for i, text in enumerate(uraian, start=1)
    ]
    rows = [
        ["BUKU PEMBANTU PAJAK"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        ["No", "Tanggal", "No Bukti", "Uraian", "Dipungut", "Disetor"],
        [None, None, None, "Saldo Sebelumnya", 0, 0],
        *body,
        [None, None, None, "Jumlah", 1000, 0],
    ]
    return write_xlsx(tmp / "bpp.xlsx", Sheet("BPP", rows))


@pytest.mark.parametrize(
    ("uraian", "expected"),
    [
        ("Pungut PPh 23 atas jasa kebersihan CV Bersih", "PPh 23"),
        ("Setor PPh Pasal 21 gaji Januari", "PPh 21"),
        ("Pungut PPh 22 belanja ATK", "PPh 22"),
        ("Pungut PPh 4 ayat (2) sewa tanah", "PPh 4(2)"),
        ("Pungut PPh Pasal 4 (2) jasa konstruksi", "PPh 4(2)"),
        ("Pemotongan pph21 honor narasumber", "PPh 21"),
        ("Pungut PPN belanja modal", "PPN"),
        ("Setor pajak daerah restoran", None),
    ],
)
def test_pajak_without_jenis_column_reads_it_from_uraian(
    tmp_path: Path, uraian: str, expected: str | None
) -> None:
    (doc,) = ingest(_pajak_ledger(tmp_path, [uraian]), tmp_path).documents()
    assert doc.kind == "pajak"
    assert "jenis_pajak" not in doc.columns  # derived, no source column
    assert {m.canonical for m in doc.mapping} == {"no", "tanggal", "no_bukti", "uraian"} | {
        "pungut",
        "setor",
    }
    assert_value(row_at(doc, 6)["jenis_pajak"], expected, "jenis_pajak")
    assert pd.isna(row_at(doc, 5)["jenis_pajak"])  # Saldo Sebelumnya
    assert row_at(doc, 5)[ROLE] == OPENING
    assert row_at(doc, 7)[ROLE] == TOTAL


def _kib_sheet(title: list[str], header_extra: list[str], row_extra: list[object]) -> list:
    header = ["No", "Kode Barang", "Nama Barang", "Register", "Tahun Pengadaan", "Harga"]
    return [
        *[[t] for t in title],
        *([[]] if title else []),
        header + header_extra,
        [1, "1.3.1.01.01.04.001", "Tanah Kantor", "0001", 2005, 125000000, *row_extra],
        [2, "1.3.1.01.01.04.001", "Tanah Gudang", "0002", 2011, 80000000, *row_extra],
    ]


@pytest.mark.parametrize(
    ("sheet_name", "title", "codes", "letter"),
    [
        ("KIB B", [], None, "B"),
        ("Sheet1", ["KARTU INVENTARIS BARANG (KIB) A TANAH"], None, "A"),
        ("Sheet1", ["KARTU INVENTARIS BARANG (KIB) C", "GEDUNG DAN BANGUNAN"], None, "C"),
        ("Aset", ["KARTU INVENTARIS BARANG", "JALAN, IRIGASI DAN JARINGAN"], None, "D"),
        ("KIB-E", ["KARTU INVENTARIS BARANG"], None, "E"),
        ("Inventaris", ["KARTU INVENTARIS BARANG"], ["06.01.01.01.001", "02.03.01"], None),
    ],
)
def test_kib_letter_from_title_or_sheet_name(
    tmp_path: Path, sheet_name: str, title: list[str], codes: list[str] | None, letter: str | None
) -> None:
    rows = _kib_sheet(title, [], [])
    if codes is not None:  # no letter named: the old 2-digit kode barang prefix decides
        rows[-2][1], rows[-1][1] = codes
    path = write_xlsx(tmp_path / "kib.xlsx", Sheet(sheet_name, rows))
    (doc,) = ingest(path, tmp_path, opd="Dinkes").documents()
    assert doc.kind == "kib"
    first, second = len(rows) - 1, len(rows)
    if codes is None:
        assert list(doc.data()["kib"]) == [letter, letter]
    else:
        assert row_at(doc, first)["kib"] == "F"
        assert row_at(doc, second)["kib"] == "B"


def test_kib_jenis_column_wins_over_title(tmp_path: Path) -> None:
    rows = _kib_sheet(["KARTU INVENTARIS BARANG (KIB) A TANAH"], ["Jenis KIB"], ["C"])
    path = write_xlsx(tmp_path / "kib.xlsx", Sheet("Sheet1", rows))
    (doc,) = ingest(path, tmp_path, opd="Dinkes").documents()
    assert doc.columns["kib"] == "G"
    assert list(doc.data()["kib"]) == ["C", "C"]


# --------------------------------------------------------------------------- sheet-level issues

BKU_LIKE_HEADER = ["Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]
BKU_LIKE_ROWS = [
    BKU_LIKE_HEADER,
    ["02/01/2025", "0001", "Terima UP", "10.000.000,00", "-", "10.000.000,00"],
    ["03/01/2025", "0002", "Belanja ATK", "-", "1.250.000,00", "8.750.000,00"],
]


def test_bku_like_header_without_title_is_ambiguous(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", BKU_LIKE_ROWS, encoding="utf-8-sig")
    sheet = sheet_of(ingest(path, tmp_path, opd="Dinkes"), None)
    assert sheet.document is not None
    assert sheet.header_rows == [1]
    assert sheet.document.columns["tanggal"] == "A"  # the BOM is not part of the header
    ambiguous = [i for i in sheet.issues if i.key == "kind_ambiguous"]
    assert len(ambiguous) == 1
    issue = ambiguous[0]
    assert {issue.params["first"], issue.params["second"]} == {"bku", "pajak"}
    assert issue.params["first"] == sheet.kind == sheet.document.kind
    assert (issue.file, issue.sheet) == ("export.csv", "export")
    assert issue in sheet.document.warnings
    assert [k for k, _ in sheet.candidates[:2]] == [issue.params["first"], issue.params["second"]]
    assert len(sheet.document.data()) == 2


@pytest.mark.parametrize(
    ("title", "kind"),
    [("BUKU KAS UMUM PENGELUARAN", "bku"), ("BUKU PEMBANTU PAJAK", "pajak")],
)
def test_title_settles_an_ambiguous_header(tmp_path: Path, title: str, kind: str) -> None:
    path = write_csv(tmp_path / "export.csv", [[title], [], *BKU_LIKE_ROWS])
    sheet = sheet_of(ingest(path, tmp_path, opd="Dinkes"), None)
    assert sheet.kind == kind
    assert "kind_ambiguous" not in {i.key for i in sheet.issues}
    assert sheet.header_rows == [3]


PERSEDIAAN_ROWS = [
    ["DAFTAR BARANG PERSEDIAAN"],
    [],
    ["No", "Tanggal", "Uraian", "Volume", "Satuan", "Harga Satuan"],
    [1, "02/01/2025", "Kertas HVS A4", 10, "rim", 50000],
]
CATATAN_ROWS = [
    ["CATATAN"],
    ["Dokumen ini dicetak dari SIPD-RI pada 2 Januari 2025"],
    ["Halaman 1 dari 1"],
]


def test_sheet_of_unknown_kind_names_missing_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "persediaan.xlsx", Sheet("Persediaan", PERSEDIAAN_ROWS))
    result = ingest(path, tmp_path)
    sheet = sheet_of(result, "Persediaan")
    assert result.documents() == []
    assert (sheet.document, sheet.kind, sheet.data_rows) == (None, None, 0)
    assert sheet.header_rows == [3]
    (issue,) = sheet.issues
    assert issue.key == "sheet_unknown_kind"
    assert (issue.file, issue.sheet) == ("persediaan.xlsx", "Persediaan")
    best = issue.params["best"]
    assert best == sheet.candidates[0][0]
    required = load_kinds()[best].required
    missing = issue.params["missing"].split(", ")
    assert missing and set(missing) <= set(required)
    # a list of stock items without any quantity column (issue 18 made persediaan a kind)
    assert best == "persediaan" and missing == ["saldo_awal", "masuk", "keluar", "saldo_akhir"]
    assert float(issue.params["confidence"]) < 0.6
    assert [m.header for m in sheet.mapping] == PERSEDIAAN_ROWS[2]
    # what the closest kind could map is shown; the sheet itself is not read
    assert {m.header: m.canonical for m in sheet.mapping if m.canonical} == {
        "No": "no",
        "Uraian": "nama_barang",
        "Satuan": "satuan",
        "Harga Satuan": "harga_satuan",
    }


def test_sheet_with_text_but_no_header_is_no_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "catatan.xlsx", Sheet("Catatan", CATATAN_ROWS))
    sheet = sheet_of(ingest(path, tmp_path), "Catatan")
    assert sheet.document is None
    assert [(i.key, i.sheet) for i in sheet.issues] == [("sheet_no_table", "Catatan")]


def test_one_bad_sheet_does_not_spoil_the_good_one(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "campur.xlsx",
        Sheet("Catatan", CATATAN_ROWS),
        bku_a_sheet(),
        Sheet("Persediaan", PERSEDIAAN_ROWS),
    )
    result = ingest(path, tmp_path)
    assert [s.sheet for s in result.sheets] == ["Catatan", "BKU", "Persediaan"]
    (doc,) = result.documents()
    assert (doc.sheet, doc.kind, len(doc.data())) == ("BKU", "bku", BKU_A.n_data)
    assert doc.opd is not None and doc.opd.code == DINKES[0]
    keys = {s.sheet: [i.key for i in s.issues] for s in result.sheets}
    assert keys == {
        "Catatan": ["sheet_no_table"],
        "BKU": [],
        "Persediaan": ["sheet_unknown_kind"],
    }


# --------------------------------------------------------------------------- code tree

TREE = [
    ("5", "BELANJA DAERAH", "37.345.678,90", "16.400.000,50"),
    ("5.1", "BELANJA OPERASI", "37.345.678,90", "16.400.000,50"),
    ("5.1.02", "Belanja Barang dan Jasa", "37.345.678,90", "16.400.000,50"),
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", "25.000.000,00", "12.345.678,25"),
    ("5.1.02.01.01.0025", "Belanja Kertas dan Cover", "12.345.678,90", "4.054.322,25"),
]


def _tree_rows(money_as_text: bool) -> list[list[object]]:
    def money(text: str) -> object:
        if money_as_text:
            return text
        return float(text.replace(".", "").replace(",", "."))

    return [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH"],
        ["SKPD : 1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"],
        [],
        ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Lebih/(Kurang)"],
        *[[c, n, money(a), money(r), None] for c, n, a, r in TREE],
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv", "html-xls"])
def test_code_tree_subtotals_are_tagged_and_leaves_add_up(tmp_path: Path, fmt: str) -> None:
    rows = _tree_rows(money_as_text=fmt in ("csv", "html-xls"))
    path = {
        "xlsx": lambda: write_xlsx(tmp_path / "lra.xlsx", Sheet("LRA", rows)),
        "ods": lambda: write_ods(tmp_path / "lra.ods", Sheet("LRA", rows)),
        "csv": lambda: write_csv(tmp_path / "lra.csv", rows, delimiter=";"),
        "html-xls": lambda: write_html_xls(tmp_path / "lra.xls", rows),
    }[fmt]()
    (doc,) = ingest(path, tmp_path).documents()
    assert doc.kind == "anggaran"
    assert doc.opd is not None and doc.opd.code == RSUD[0]
    frame = doc.frame.set_index("kode_rekening")
    assert list(frame.index) == [c for c, *_ in TREE]
    assert dict(zip(frame.index, frame[ROLE], strict=True)) == {
        "5": SUBTOTAL,
        "5.1": SUBTOTAL,
        "5.1.02": SUBTOTAL,
        "5.1.02.01.01.0024": "data",
        "5.1.02.01.01.0025": "data",
    }
    assert list(frame[ROW]) == [6, 7, 8, 9, 10]
    leaves = doc.data()
    assert leaves["anggaran"].sum() == frame.loc["5", "anggaran"] == 3734567890
    assert leaves["realisasi"].sum() == frame.loc["5", "realisasi"] == 1640000050
    for parent in ("5.1", "5.1.02"):
        assert frame.loc[parent, "anggaran"] == frame.loc["5", "anggaran"]


def test_lra_layout_leaves_match_every_subtotal(tmp_path: Path) -> None:
    (doc,) = ingest(build_anggaran_a(tmp_path), tmp_path).documents()
    frame = doc.frame
    leaves = doc.data()
    codes = frame["kode_rekening"]
    for _, sub in frame[frame[ROLE] == SUBTOTAL].iterrows():
        prefix = sub["kode_rekening"] + "."
        under = leaves[leaves["kode_rekening"].str.startswith(prefix)]
        assert under["anggaran"].sum() == sub["anggaran"], sub["kode_rekening"]
        assert under["realisasi"].sum() == sub["realisasi"], sub["kode_rekening"]
    total = frame[frame[ROLE] == TOTAL].iloc[0]
    assert leaves["realisasi"].sum() == total["realisasi"] == 16484567890
    assert codes[frame[ROLE] != FOOTER].notna().sum() == len(LRA_TREE)


# --------------------------------------------------------------------------- unreadable values


def _bku_with(cell_f9: object, fmt: str, tmp: Path) -> Path:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        ["No", "Tanggal", "No Bukti", "Kode Rekening", "Uraian", "Penerimaan", "Pengeluaran"],
        [None, None, None, None, "Saldo Awal", "0,00", "0,00"],
        [1, "02/01/2025", "0001", None, "Terima UP", "10.000.000,00", "-"],
        [2, "03/01/2025", "0002", "5.1.02.01.01.0024", "Belanja ATK", "-", "1.250.000,00"],
        [3, "04/01/2025", "0003", None, "Terima GU", cell_f9, "-"],
        [4, "05/01/2025", "0004", "5.1.02.01.01.0025", "Belanja kertas", "-", "250.000,00"],
        [None, None, None, None, "Jumlah", "10.000.000,00", "1.500.000,00"],
    ]
    if fmt == "csv":
        return write_csv(tmp / "bku.csv", rows, delimiter=";")
    return write_xlsx(tmp / "bku.xlsx", Sheet("BKU", rows))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("bad", ["12abc", "Rp 1.000 + 2.000", "1,2,3"])
def test_unparseable_money_is_reported_with_its_cell(tmp_path: Path, fmt: str, bad: str) -> None:
    sheet = sheet_of(ingest(_bku_with(bad, fmt, tmp_path), tmp_path), None)
    doc = sheet.document
    assert doc is not None and doc.kind == "bku"
    unparsed = [i for i in sheet.issues if i.key == "value_unparsed"]
    assert len(unparsed) == 1, sheet.issues
    (issue,) = unparsed
    assert (issue.cell, issue.row) == ("F9", 9)
    assert issue.params["cell"] == "F9"
    assert issue.params["column"] == "penerimaan"
    assert issue.params["example"] == bad
    assert issue.params["count"] == 1
    assert issue in doc.warnings
    row = row_at(doc, 9)
    assert row[ROLE] == "data"
    assert pd.isna(row["penerimaan"])
    assert (row["uraian"], row["no_bukti"], row["pengeluaran"]) == ("Terima GU", "0003", 0)
    assert len(doc.data()) == 4
    assert row_at(doc, 7)["penerimaan"] == 1000000000


def test_code_stored_as_number_is_flagged(tmp_path: Path) -> None:
    rows = [
        ["DAFTAR PERJALANAN DINAS"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        ["Nama", "NIP", "Tgl Berangkat", "Tgl Kembali"],
        ["dr. RATNA SARI", int(NIP_1), "13/01/2025", "15/01/2025"],
    ]
    sheet = sheet_of(ingest(write_xlsx(tmp_path / "p.xlsx", Sheet("S", rows)), tmp_path), None)
    issues = [i for i in sheet.issues if i.key == "code_as_number"]
    assert [(i.cell, i.params["column"]) for i in issues] == [("B5", "nip")]


def test_ambiguous_locale_warning_names_an_ambiguous_cell(tmp_path: Path) -> None:
    rows = [
        ["DAFTAR KONTRAK"],
        [],
        ["Nama Paket", "Nama Penyedia", "Nilai Kontrak", "Tanggal Kontrak", "Denda"],
        ["Rehab Puskesmas", "CV Bangun Sehat", 185000000, "03/03/2025", "-"],
        ["Jasa Kebersihan", "CV Bersih", 96000000, "02/01/2025", "Rp 925.000"],
    ]
    path = write_xlsx(tmp_path / "kontrak.xlsx", Sheet("Kontrak", rows))
    sheet = sheet_of(ingest(path, tmp_path, opd="Dinkes"), None)
    (issue,) = [i for i in sheet.issues if i.key == "value_ambiguous_locale"]
    assert (issue.cell, issue.params["example"], issue.params["column"]) == (
        "E5",
        "Rp 925.000",
        "denda",
    )
    assert sheet.document is not None
    assert row_at(sheet.document, 5)["denda"] == 92500000  # read as Indonesian


# --------------------------------------------------------------------------- importer bugs
# Each test states the behaviour documents.md asks for; strict xfail until it is fixed.


@pytest.mark.parametrize("header", ["Progres Fisik (%)", "Realisasi Fisik (%)"])
def test_bug_percent_unit_suffix_is_ignored(tmp_path: Path, header: str) -> None:
    rows = [
        ["DAFTAR KONTRAK"],
        [],
        ["Nama Paket", "Nama Penyedia", "Nilai Kontrak", "Tanggal Kontrak", header],
        ["Rehab Puskesmas", "CV Bangun Sehat", 185000000, "03/03/2025", "75,5"],
    ]
    path = write_xlsx(tmp_path / "kontrak.xlsx", Sheet("Kontrak", rows))
    (doc,) = ingest(path, tmp_path, opd="Dinkes").documents()
    assert doc.columns.get("progres_fisik") == "E"
    assert row_at(doc, 4)["progres_fisik"] == pytest.approx(75.5)


def _realisasi_row1(extra: list[str], values: list[object]) -> Sheet:
    header = ["Kode SKPD", "Nama SKPD", "Kode Rekening", "Nomor Dokumen", "Tanggal Dokumen"]
    header += ["Nilai Realisasi", *extra]
    base = [*DINKES, "5.1.02.01.01.0024", "TBP-001", "07/01/2025", "Rp 1.234.567"]
    return Sheet("Data Realisasi Dokumen", [header, base + values, base + values])


def test_bug_dash_in_date_column_means_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", _realisasi_row1(["Tanggal SP2D"], ["-"]))
    sheet = sheet_of(ingest(path, tmp_path), None)
    assert sheet.document is not None
    assert pd.isna(row_at(sheet.document, 2)["tanggal_sp2d"])
    assert [i.key for i in sheet.issues] == []


def test_bug_dash_in_code_column_means_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", _realisasi_row1(["NIP Pegawai"], ["-"]))
    (doc,) = ingest(path, tmp_path).documents()
    assert pd.isna(row_at(doc, 2)["nip_pegawai"])


def _bku_sheet(body: list[list[object]], tail: list[list[object]] | None = None) -> Sheet:
    header = ["No", "Tanggal", "No Bukti", "Kode Rekening", "Uraian", "Penerimaan", "Pengeluaran"]
    head = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        header,
    ]
    return Sheet("BKU", head + body + (tail or []))


def test_bug_numeric_cells_do_not_sway_the_locale_of_text_amounts(tmp_path: Path) -> None:
    day = d(2025, 1, 2)
    body = [
        [1, day, "B1", "5.1.02.01.01.0024", "ATK", 0, 750000.5],
        [2, day, "B2", "5.1.02.01.01.0024", "Kertas", 0, 4500000.5],
        [3, day, "B3", "5.1.02.01.01.0024", "Tinta", 0, "2.250.000,00"],
        [4, day, "B4", "5.1.02.01.01.0024", "Materai", 0, "1.500"],
    ]
    sheet = sheet_of(ingest(write_xlsx(tmp_path / "b.xlsx", _bku_sheet(body)), tmp_path), None)
    assert sheet.document is not None
    values = list(sheet.document.data()["pengeluaran"])
    assert values == [75000050, 450000050, 225000000, 150000]
    assert [i.key for i in sheet.issues] == []


@pytest.mark.xfail(
    strict=True,
    reason="known limitation: calamine/fastexcel turn a mixed number/text column into text "
    "without saying which cells were numbers, so a NIP stored as a number among text NIPs "
    "('198003122006041984', digits already lost in the file) cannot be flagged",
)
def test_bug_numeric_nip_among_text_nips_is_flagged(tmp_path: Path) -> None:
    rows = [
        ["DAFTAR PERJALANAN DINAS"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        ["Nama", "NIP", "Tgl Berangkat", "Tgl Kembali"],
        ["HENDRA GUNAWAN", "198805052010011001", "13/01/2025", "15/01/2025"],
        ["dr. RATNA SARI", int(NIP_1), "13/01/2025", "15/01/2025"],
    ]
    sheet = sheet_of(ingest(write_xlsx(tmp_path / "p.xlsx", Sheet("S", rows)), tmp_path), None)
    assert [(i.key, i.cell) for i in sheet.issues] == [("code_as_number", "B6")]


def test_bug_signature_under_non_label_columns_is_footer(tmp_path: Path) -> None:
    body = [
        [1, "02/01/2025", "B1", "5.1.02.01.01.0024", "ATK", 0, 1000],
        [2, "03/01/2025", "B2", "5.1.02.01.01.0025", "Kertas", 0, 2000],
        [None, None, None, None, "Jumlah", 0, 3000],
    ]
    path = write_xlsx(tmp_path / "b.xlsx", _bku_sheet(body, signature(left=1, right=6)))
    sheet = sheet_of(ingest(path, tmp_path), None)
    assert sheet.document is not None
    roles = dict(zip(sheet.document.frame[ROW], sheet.document.frame[ROLE], strict=True))
    assert roles == {6: "data", 7: "data", 8: TOTAL, **footer(10, 11, 13, 14)}
    assert [i.key for i in sheet.issues] == []


@pytest.mark.parametrize("label", ["Saldo Awal", "Saldo Sebelumnya"])
def test_bug_opening_row_with_dash_amounts_is_not_a_header(tmp_path: Path, label: str) -> None:
    body = [
        [None, None, None, None, label, "-", "-"],
        [1, "02/01/2025", "B1", None, "Terima UP", "10.000.000,00", "-"],
        [2, "03/01/2025", "B2", "5.1.02.01.01.0024", "Belanja ATK", "-", "1.250.000,00"],
        [None, None, None, None, "Jumlah", "10.000.000,00", "1.250.000,00"],
    ]
    sheet = sheet_of(ingest(write_csv(tmp_path / "b.csv", _bku_sheet(body).rows), tmp_path), None)
    assert sheet.header_rows == [5]
    assert sheet.kind == "bku"
    assert sheet.document is not None
    assert dict(zip(sheet.document.frame[ROW], sheet.document.frame[ROLE], strict=True)) == {
        6: OPENING,
        7: "data",
        8: "data",
        9: TOTAL,
    }


def test_bug_kib_item_named_total_station_is_data(tmp_path: Path) -> None:
    rows = [
        ["No", "Kode Barang", "Nama Barang", "Register", "Tahun Pembelian", "Harga"],
        [1, "1.3.2.03.01.01.001", "Total Station Topcon GTS-255", "0001", 2020, 185000000],
        [2, "1.3.2.03.01.01.002", "Theodolit Digital", "0001", 2019, 45000000],
        [None, None, "Jumlah", None, None, 230000000],
    ]
    path = write_xlsx(tmp_path / "kib.xlsx", Sheet("KIB B", rows))
    (doc,) = ingest(path, tmp_path, opd="PUPRKP").documents()
    assert list(doc.frame[ROLE]) == ["data", "data", TOTAL]


def test_bug_total_under_kode_skpd_is_total(tmp_path: Path) -> None:
    header = ["Kode SKPD", "Nama SKPD", "Kode Rekening", "Nomor Dokumen", "Tanggal Dokumen"]
    rows = [
        ["LAPORAN REALISASI PER DOKUMEN"],
        [TITLE_PEMKAB],
        ["TAHUN ANGGARAN 2025"],
        [],
        [*header, "Nilai Realisasi"],
        [*DINKES, "5.1.02.01.01.0024", "TBP-1", "07/01/2025", 1000000],
        [*DINKES, "5.1.02.01.01.0025", "TBP-2", "08/01/2025", 2000000],
        ["Total", None, None, None, None, 3000000],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", Sheet("Laporan", rows, merges=["A8:E8"]))
    (doc,) = ingest(path, tmp_path).documents()
    assert row_at(doc, 8)[ROLE] == TOTAL
    assert doc.data()["nilai_realisasi"].sum() == 300000000


class _MemoCache:
    """A `FileCache` (rl_audit.ingest.options) kept in memory: ingest knows no other cache."""

    def __init__(self) -> None:
        self.kept: dict[Path, InputFile] = {}
        self.reads = 0

    def fetch(self, path, display, options, read):
        if path not in self.kept:
            self.reads += 1
            self.kept[path] = read(path, display, options)
        return self.kept[path]

    def lookup(self, path, display, options):
        return self.kept.get(path), None

    def keep(self, found, result, options) -> None:
        self.kept[result.path] = result


def test_ingest_uses_the_file_cache_it_is_given(tmp_path: Path) -> None:
    import ast

    import rl_audit.ingest.pipeline as pipeline

    path = tmp_path / "bku.csv"
    path.write_text("No;Tanggal;Uraian;Pengeluaran\n1;06/01/2025;ATK;1.500.000\n", "utf-8")
    cache = _MemoCache()
    first = ingest_file(path, IngestOptions(root=tmp_path, cache=cache))
    second = ingest_file(path, IngestOptions(root=tmp_path, cache=cache))
    assert first.status == "ok" and second is first and cache.reads == 1
    tree = ast.parse(Path(pipeline.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "rl_audit.ingest.options" in imported
    assert not any((m or "").startswith("rl_audit.cache") for m in imported)
