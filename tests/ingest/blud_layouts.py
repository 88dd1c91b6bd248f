"""Exports of the issue-18 kinds (persediaan, piutang, hibah, izin) as real ones are laid out.

Each builder writes one file into a folder and returns its path: a title block
(PEMERINTAH KABUPATEN REJANG LEBONG / document title / SKPD / TAHUN ANGGARAN or `Per 31
Desember 2025`), the header (the pharmacy stock report's `Saldo Awal`, `Penerimaan`,
`Pengeluaran`, `Saldo Akhir` each merged over `Jumlah` | `Nilai`), rows, a `Jumlah` row and
a signature block. `BLUD` describes what the importer must make of two layouts per kind,
as the fields of `test_pipeline.Case`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from builders import TITLE_PEMKAB, Sheet, Span, signature, write_csv, write_html_xls, write_xlsx

RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
DPMPTSP = ("2.18.0.00.0.00.01.0000", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
SETDA = ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah")
FOOTER, TOTAL, HEADING = "footer", "total", "heading"


def skpd(opd: tuple[str, str]) -> list[object]:
    """The title block's SKPD line."""
    return [f"SKPD : {opd[0]} {opd[1]}"]


def letters(names: list[str | None], start: str = "A") -> dict[str, str]:
    """Canonical name → column letter, in sheet order from `start` (None: an extra column)."""
    first = ord(start)
    return {n: chr(first + i) for i, n in enumerate(names) if n is not None}


def D(year: int, month: int, day: int) -> pd.Timestamp:  # noqa: N802 - reads like a literal
    """A parsed date."""
    return pd.Timestamp(year, month, day)


def signed(total: int) -> dict[int, str]:
    """The footer rows of `signature()` written directly under the `Jumlah` row `total`."""
    return {total + k: FOOTER for k in (2, 3, 5, 6)}


# --------------------------------------------------------------------------- persediaan

PARENTS = ["Saldo Awal", "Penerimaan", "Pengeluaran", "Saldo Akhir"]
QTY = ["saldo_awal", "masuk", "keluar", "saldo_akhir"]
OBAT_HEAD = ["No", "Kode Barang", "Nama Obat/BMHP", "Satuan"]
OBAT_TAIL = ["Harga Satuan (Rp)", "Tgl Kedaluwarsa"]


def obat_rows() -> list[list[object]]:
    """Pharmacy stock of RSUD Curup: header rows 6–7, `A. OBAT` on 8, `B. BMHP` on 12.

    Data on rows 9–11 and 13–14 (quantities as numbers and as text, a negative balance, an
    expiry date as a date cell, as text and as garbage), `Jumlah` on 15, signatures.
    """
    sub: list[object] = [None] * 4 + ["Jumlah", "Nilai"] * 4
    return [
        [TITLE_PEMKAB],
        ["LAPORAN PERSEDIAAN OBAT DAN BMHP INSTALASI FARMASI"],
        skpd(RSUD),
        ["Per 31 Desember 2025"],
        [],
        [*OBAT_HEAD, "Saldo Awal", None, "Penerimaan", None, "Pengeluaran", None,
         "Saldo Akhir", None, *OBAT_TAIL],
        [*sub, None, None],
        ["A. OBAT"],
        [1, "1.1.7.01.03.01.001", "Amoksisilin 500 mg", "tablet", 1200, 600000, 5000, 2500000,
         4800, 2400000, 1400, 700000, 500, dt.datetime(2025, 11, 30)],
        [2, "1.1.7.01.03.01.002", "Parasetamol 500 mg", "tablet", "1.250", "312.500", "2.000",
         "500.000", "3.000", "750.000", "250", "62.500", "250", "31/12/2026"],
        [3, "1.1.7.01.03.01.003", "Sirup OBH 100 ml", "botol", 10, 150000, 0, 0, 12, 180000,
         -2, -30000, 15000, "kosong"],
        ["B. BMHP"],
        [4, "1.1.7.01.03.02.001", "Spuit 3 cc", "pcs", "1.000", "2.000.000", "0", "0",
         "1.000", "2.000.000", "0", "0", 2000, None],
        [5, "1.1.7.01.03.02.002", "Kasa steril", "box", "2,5", "125.000", 10, 500000, 11,
         550000, "1,5", "75.000", 50000, "15-Jan-2026"],
        [None, "Jumlah", None, None, None, 3037500, None, 3000000, None, 5880000, None, 807500,
         None, None],
        *signature(left=1, right=10, head="Direktur RSUD Curup"),
    ]  # fmt: skip


def build_persediaan_a(folder: Path) -> Path:
    """Stock report of the pharmacy (xlsx): the four parents merged over two columns each."""
    merges = ["E6:F6", "G6:H6", "I6:J6", "K6:L6", *(f"{c}6:{c}7" for c in "ABCDMN")]
    sheet = Sheet("Persediaan Farmasi", obat_rows(), merges=merges)
    return write_xlsx(folder / "laporan_persediaan_obat.xlsx", sheet)


OBAT_MAPPING: dict[str, str | None] = {
    **dict(zip(OBAT_HEAD, ["no", "kode_barang", "nama_barang", "satuan"], strict=True)),
    **{f"{p} / Jumlah": q for p, q in zip(PARENTS, QTY, strict=True)},
    **{f"{p} / Nilai": None for p in PARENTS[:3]},
    "Saldo Akhir / Nilai": "nilai",
    **dict(zip(OBAT_TAIL, ["harga_satuan", "tanggal_kedaluwarsa"], strict=True)),
}
KARTU_HEADER = ["No", "Kode Barang", "Nama Barang", "Satuan", "Saldo Awal", "Masuk", "Keluar",
                "Sisa", "Harga Satuan", "Jumlah Nilai", "ED"]  # fmt: skip
KARTU_CANON: list[str | None] = [
    "no", "kode_barang", "nama_barang", "satuan", "saldo_awal", "masuk", "keluar",
    "saldo_akhir", "harga_satuan", "nilai", "tanggal_kedaluwarsa",
]  # fmt: skip


def build_persediaan_b(folder: Path) -> Path:
    """Kartu persediaan of RSUD's store as a `;` CSV: one header row on 4, rows 5–7, Jumlah 8."""
    rows: list[list[object]] = [
        ["KARTU PERSEDIAAN BARANG GUDANG FARMASI"],
        skpd(RSUD),
        ["TAHUN ANGGARAN 2025"],
        KARTU_HEADER,
        [1, "1.1.7.01.03.02.010", "Masker bedah", "box", "100", "0", "40", "60", "1.500",
         "90.000", "01/06/2027"],
        [2, "1.1.7.01.03.02.011", "Sarung tangan", "pasang", "1.250", "250", "1.000", "500",
         "2.000", "1.000.000", ""],
        [3, "1.1.7.01.03.02.012", "Alkohol 70%", "botol", "12,5", "0", "2", "", "35.000",
         "", "31-12-2025"],
        ["Jumlah", "", "", "", "", "", "", "", "", "1.090.000", ""],
    ]  # fmt: skip
    return write_csv(folder / "kartu_persediaan.csv", rows, delimiter=";")


# --------------------------------------------------------------------------- piutang

PIUTANG_HEADER = [
    "No", "Nama Debitur", "No Klaim", "Tgl Klaim", "Nilai Klaim (Rp)", "Pelunasan (Rp)",
    "Sisa Piutang (Rp)", "Umur (hari)", "Kolektibilitas", "Penyisihan (Rp)",
]  # fmt: skip
PIUTANG_CANON: list[str | None] = [
    "no", "debitur", "nomor_tagihan", "tanggal_tagihan", "nilai", "dibayar", "sisa",
    "umur_hari", "kualitas", "penyisihan",
]  # fmt: skip


def build_piutang_a(folder: Path) -> Path:
    """BPJS and umum receivables of RSUD Curup (xlsx): header on 6, rows 7–10, Jumlah 11."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DAFTAR PIUTANG PELAYANAN KESEHATAN RSUD CURUP"],
        skpd(RSUD),
        ["Per 31 Desember 2025"],
        [],
        PIUTANG_HEADER,
        [1, "BPJS Kesehatan", "0001/KLAIM/X/2025", dt.datetime(2025, 10, 15), "850.000.000",
         "600.000.000", "250.000.000", 77, "Lancar", "1.250.000"],
        [2, "BPJS Kesehatan", "0002/KLAIM/XII/2024", "15/12/2024", 420000000, 0, 420000000,
         "381 hari", "Kurang Lancar", 42000000],
        [3, "Pasien Umum - Tn. Rahmat", "INV/2023/0412", "12 Mei 2023", "3.500.000", "-",
         None, "964", "Diragukan", 1750000],
        [4, "PT Asuransi Jiwa Sehat", "INV/2019/0100", "02/01/2019", "12.750.000", "0",
         "12.750.000", 2555, "Macet", "12.750.000"],
        [None, "Jumlah", None, None, 1286250000, 600000000, 682750000, None, None, 57750000],
        *signature(left=1, right=6, head="Direktur RSUD Curup"),
    ]  # fmt: skip
    return write_xlsx(folder / "daftar_piutang_rsud.xlsx", Sheet("Piutang", rows))


PIUTANG_B_HEADER = ["No", "Penjamin", "Nomor Tagihan", "Tanggal Tagihan", "Jumlah Piutang",
                    "Dibayar", "Sisa", "Umur Piutang", "Kualitas"]  # fmt: skip
PIUTANG_B_CANON: list[str | None] = [
    "no", "debitur", "nomor_tagihan", "tanggal_tagihan", "nilai", "dibayar", "sisa",
    "umur_hari", "kualitas",
]  # fmt: skip


def build_piutang_b(folder: Path) -> Path:
    """Receivables of RSUD saved as `.xls` (HTML): `T.A. 2025`, `Jumlah` spanned."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DAFTAR PIUTANG BLUD RSUD CURUP"],
        skpd(RSUD),
        ["T.A. 2025"],
        PIUTANG_B_HEADER,
        [1, "BPJS Kesehatan", "TAG/11/2025", "20/11/2025", "Rp 150.000.000", "Rp 0",
         "Rp 150.000.000", "41", "Lancar"],
        [2, "Umum", "TAG/02/2024", "05-02-2024", "Rp 2.400.000", "Rp 400.000",
         "Rp 2.000.000", "", "Kurang Lancar"],
        [Span("Jumlah", colspan=4), "Rp 152.400.000", "Rp 400.000", "Rp 152.000.000", None,
         None],
    ]  # fmt: skip
    return write_html_xls(folder / "piutang_blud.xls", rows)


# --------------------------------------------------------------------------- hibah

HIBAH_HEADER = [
    "No", "Nama Penerima Hibah", "Alamat", "NIK/NPWP", "Nomor NPHD", "Tanggal NPHD",
    "Tanggal Pencairan", "Nilai Hibah (Rp)", "Tanggal LPJ",
]  # fmt: skip
HIBAH_CANON: list[str | None] = [
    "no", "penerima", None, "nik_npwp", "nomor_nphd", "tanggal_nphd", "tanggal_sp2d", "nilai",
    "tanggal_lpj",
]  # fmt: skip


def build_hibah_a(folder: Path) -> Path:
    """Grant register of the regency secretariat (xlsx): header 6, rows 7–9, Jumlah 10."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["REGISTER BELANJA HIBAH"],
        skpd(SETDA),
        ["TAHUN ANGGARAN 2025"],
        [],
        HIBAH_HEADER,
        [1, "Yayasan Al-Ikhlas", "Curup Tengah", "01.234.567.8-301.000", "400.1/12/NPHD/2025",
         dt.datetime(2025, 3, 3), dt.datetime(2025, 3, 3), "150.000.000", "10/01/2026"],
        [2, "YAYASAN AL IKHLAS", "Curup Tengah", "01.234.567.8-301.000", None, None,
         "14/08/2025", "50.000.000", None],
        [3, "KONI Kabupaten Rejang Lebong", "Curup", "0987654321098765", "400.1/20/NPHD/2025",
         "10 April 2025", "5 April 2025", "1.000.000.000", "belum"],
        [None, "Jumlah", None, None, None, None, None, "1.200.000.000", None],
        *signature(left=1, right=6, head="Sekretaris Daerah"),
    ]  # fmt: skip
    return write_xlsx(folder / "register_hibah.xlsx", Sheet("Hibah", rows))


BANSOS_HEADER = ["No", "Nama Penerima", "NIK", "Tanggal SP2D", "Nilai Bansos",
                 "Tgl Laporan Penggunaan"]  # fmt: skip


def build_hibah_b(folder: Path) -> Path:
    """Bansos register of Setda as a `,` CSV (UTF-8 BOM): 16-digit NIKs, `TOTAL` row."""
    rows: list[list[object]] = [
        ["REGISTER BANTUAN SOSIAL"],
        skpd(SETDA),
        ["TAHUN ANGGARAN 2025"],
        BANSOS_HEADER,
        [1, "Siti Aisyah", "1702015505800001", "12/05/2025", "Rp 5.000.000", "30/06/2025"],
        [2, "Ahmad Dahlan", "1702010101700003", "12/05/2025", "Rp 5.000.000", ""],
        ["TOTAL", "", "", "", "Rp 10.000.000", ""],
    ]  # fmt: skip
    return write_csv(folder / "register_bansos.csv", rows, encoding="utf-8-sig")


# --------------------------------------------------------------------------- izin

PBG_HEADER = [
    "No", "No Registrasi", "Nama Pemohon", "Jenis Izin", "Lokasi Bangunan", "No SKRD",
    "Nilai Retribusi (Rp)", "Tanggal Bayar", "Tanggal Terbit", "Keterangan",
]  # fmt: skip
PBG_CANON: list[str | None] = [
    "no", "nomor_permohonan", "nama_pemohon", "jenis_izin", None, "nomor_skrd",
    "nilai_retribusi", "tanggal_bayar", "tanggal_terbit", None,
]  # fmt: skip


def build_izin_a(folder: Path) -> Path:
    """PBG permit register of DPMPTSP (xlsx): header 6, rows 7–9, Jumlah 10, signatures."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["REGISTER PERSETUJUAN BANGUNAN GEDUNG (PBG) DAN RETRIBUSI"],
        skpd(DPMPTSP),
        ["TAHUN ANGGARAN 2025"],
        [],
        PBG_HEADER,
        [1, "PBG-1702-2025-0001", "H. SUPRIADI", "PBG Rumah Tinggal", "Talang Rimbo",
         "SKRD/001/2025", "2.450.000", dt.datetime(2025, 2, 10), dt.datetime(2025, 2, 10),
         None],
        [2, "PBG-1702-2025-0002", "CV Bangun Jaya", "PBG Ruko", "Jl. Merdeka", "SKRD/002/2025",
         "12.800.000", None, "03/03/2025", "belum setor"],
        [3, "PBG-1702-2025-0003", "Koperasi Tani", "PBG Gudang", "Air Meles", "SKRD/003/2025",
         "7.300.000", "21-04-2025", "14-04-2025", None],
        [None, "Jumlah", None, None, None, None, "22.550.000", None, None, None],
        *signature(left=1, right=7, head="Kepala Dinas"),
    ]  # fmt: skip
    return write_xlsx(folder / "register_pbg.xlsx", Sheet("PBG", rows))


IZIN_B_HEADER = ["No", "Nomor Permohonan", "Jenis Perizinan", "Pemohon", "Retribusi",
                 "Tanggal Setor", "Tanggal Izin Terbit"]  # fmt: skip


def build_izin_b(folder: Path) -> Path:
    """Permit register of DPMPTSP saved as `.xls` (HTML): `T.A. 2025`, `Jumlah` spanned."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["REGISTER IZIN DAN RETRIBUSI DPMPTSP"],
        skpd(DPMPTSP),
        ["T.A. 2025"],
        IZIN_B_HEADER,
        [1, "REG/2025/0101", "PBG", "Toko Sinar", "Rp 1.200.000", "05/05/2025", "07/05/2025"],
        [2, "REG/2025/0102", "PTKA", "PT Sawit Lestari", "Rp 3.000.000", "", "09/05/2025"],
        [Span("Jumlah", colspan=4), "Rp 4.200.000", None, None],
    ]  # fmt: skip
    return write_html_xls(folder / "register_izin.xls", rows)


# --------------------------------------------------------------------------- cases

BLUD: dict[str, dict[str, object]] = {
    "persediaan-a-xlsx-merged-jumlah-nilai": dict(
        build=build_persediaan_a,
        kind="persediaan",
        opd=(*RSUD, "title"),
        header_rows=[6, 7],
        mapping=OBAT_MAPPING,
        columns={
            **letters(["no", "kode_barang", "nama_barang", "satuan"]),
            **{q: "EGIK"[i] for i, q in enumerate(QTY)},
            **letters(["nilai", "harga_satuan", "tanggal_kedaluwarsa"], "L"),
        },
        cells={
            (9, "saldo_akhir"): 1400,
            (10, "saldo_awal"): 1250,  # `1.250`
            (10, "keluar"): 3000,  # `3.000`
            (11, "saldo_akhir"): -2,  # kept: PRS-03 needs it
            (14, "saldo_awal"): 2.5,  # `2,5`
            (14, "saldo_akhir"): 1.5,  # `1,5`
            (9, "nilai"): 70_000_000,  # `Saldo Akhir / Nilai`, in sen
            (10, "nilai"): 6_250_000,  # `62.500`
            (9, "harga_satuan"): 50_000,
            (9, "tanggal_kedaluwarsa"): D(2025, 11, 30),  # a date cell
            (10, "tanggal_kedaluwarsa"): D(2026, 12, 31),  # `31/12/2026`
            (11, "tanggal_kedaluwarsa"): None,  # `kosong`: reported with its cell
            (13, "tanggal_kedaluwarsa"): None,
            (14, "tanggal_kedaluwarsa"): D(2026, 1, 15),  # `15-Jan-2026`
            (10, "Saldo Awal Nilai"): "312.500",  # an extra, as read
        },
        roles={8: HEADING, 12: HEADING, 15: TOTAL, **signed(15)},
        n_data=5,
        issues={"value_ambiguous_locale", "value_unparsed"},
    ),
    "persediaan-b-csv-kartu-one-row": dict(
        build=build_persediaan_b,
        kind="persediaan",
        opd=(*RSUD, "title"),
        header_rows=[4],
        mapping=dict(zip(KARTU_HEADER, KARTU_CANON, strict=True)),
        columns=letters(KARTU_CANON),
        cells={
            (6, "saldo_awal"): 1250,
            (7, "saldo_awal"): 12.5,
            (7, "saldo_akhir"): None,  # blank stays blank
            (6, "keluar"): 1000,
            (5, "nilai"): 9_000_000,
            (5, "harga_satuan"): 150_000,
            (6, "tanggal_kedaluwarsa"): None,
            (7, "tanggal_kedaluwarsa"): D(2025, 12, 31),
        },
        roles={8: TOTAL},
        n_data=3,
        issues={"value_ambiguous_locale"},
    ),
    "piutang-a-xlsx-bpjs-umum": dict(
        build=build_piutang_a,
        kind="piutang",
        opd=(*RSUD, "title"),
        header_rows=[6],
        mapping=dict(zip(PIUTANG_HEADER, PIUTANG_CANON, strict=True)),
        columns=letters(PIUTANG_CANON),
        cells={
            (7, "sisa"): 25_000_000_000,
            (7, "tanggal_tagihan"): D(2025, 10, 15),
            (8, "umur_hari"): 381,  # `381 hari`
            (8, "penyisihan"): 4_200_000_000,
            (9, "sisa"): None,  # blank: the rule decides
            (9, "dibayar"): 0,  # `-`
            (9, "tanggal_tagihan"): D(2023, 5, 12),  # `12 Mei 2023`
            (10, "umur_hari"): 2555,
            (10, "kualitas"): "Macet",
        },
        roles={11: TOTAL, **signed(11)},
        n_data=4,
    ),
    "piutang-b-html-xls-spanned-total": dict(
        build=build_piutang_b,
        kind="piutang",
        opd=(*RSUD, "title"),
        header_rows=[5],
        mapping=dict(zip(PIUTANG_B_HEADER, PIUTANG_B_CANON, strict=True)),
        columns=letters(PIUTANG_B_CANON),
        cells={
            (6, "nilai"): 15_000_000_000,
            (6, "umur_hari"): 41,
            (7, "umur_hari"): None,
            (7, "tanggal_tagihan"): D(2024, 2, 5),
            (7, "sisa"): 200_000_000,
        },
        roles={8: TOTAL},
        n_data=2,
        issues={"value_ambiguous_locale"},  # `Rp 400.000` alone could be 400
    ),
    "hibah-a-xlsx-nphd": dict(
        build=build_hibah_a,
        kind="hibah",
        opd=(*SETDA, "title"),
        header_rows=[6],
        mapping=dict(zip(HIBAH_HEADER, HIBAH_CANON, strict=True)),
        columns=letters(HIBAH_CANON),
        cells={
            (7, "penerima"): "Yayasan Al-Ikhlas",
            (8, "penerima"): "YAYASAN AL IKHLAS",
            (7, "tanggal_nphd"): D(2025, 3, 3),
            (7, "tanggal_sp2d"): D(2025, 3, 3),
            (7, "tanggal_lpj"): D(2026, 1, 10),
            (8, "nomor_nphd"): None,
            (8, "nik_npwp"): "01.234.567.8-301.000",
            (9, "nik_npwp"): "0987654321098765",
            (9, "tanggal_sp2d"): D(2025, 4, 5),  # `5 April 2025`
            (9, "tanggal_lpj"): None,  # `belum`: reported with its cell
            (9, "nilai"): 100_000_000_000,
        },
        roles={10: TOTAL, **signed(10)},
        n_data=3,
        issues={"value_unparsed"},
    ),
    "hibah-b-csv-bansos": dict(
        build=build_hibah_b,
        kind="hibah",
        opd=(*SETDA, "title"),
        header_rows=[4],
        mapping=dict(
            zip(
                BANSOS_HEADER,
                ["no", "penerima", "nik_npwp", "tanggal_sp2d", "nilai", "tanggal_lpj"],
                strict=True,
            )
        ),
        columns=letters(["no", "penerima", "nik_npwp", "tanggal_sp2d", "nilai", "tanggal_lpj"]),
        cells={
            (5, "nik_npwp"): "1702015505800001",  # 16 digits, none lost
            (5, "nilai"): 500_000_000,
            (5, "tanggal_lpj"): D(2025, 6, 30),
            (6, "tanggal_lpj"): None,
        },
        roles={7: TOTAL},
        n_data=2,
    ),
    "izin-a-xlsx-pbg": dict(
        build=build_izin_a,
        kind="izin",
        opd=(*DPMPTSP, "title"),
        header_rows=[6],
        mapping=dict(zip(PBG_HEADER, PBG_CANON, strict=True)),
        columns=letters(PBG_CANON),
        cells={
            (7, "tanggal_bayar"): D(2025, 2, 10),
            (7, "tanggal_terbit"): D(2025, 2, 10),
            (8, "tanggal_bayar"): None,
            (8, "nilai_retribusi"): 1_280_000_000,
            (8, "Keterangan"): "belum setor",
            (9, "tanggal_bayar"): D(2025, 4, 21),  # `21-04-2025`
            (9, "tanggal_terbit"): D(2025, 4, 14),
        },
        roles={10: TOTAL, **signed(10)},
        n_data=3,
    ),
    "izin-b-html-xls-register": dict(
        build=build_izin_b,
        kind="izin",
        opd=(*DPMPTSP, "title"),
        header_rows=[5],
        mapping=dict(
            zip(
                IZIN_B_HEADER,
                [
                    "no",
                    "nomor_permohonan",
                    "jenis_izin",
                    "nama_pemohon",
                    "nilai_retribusi",
                    "tanggal_bayar",
                    "tanggal_terbit",
                ],
                strict=True,
            )
        ),  # fmt: skip
        columns=letters(
            [
                "no",
                "nomor_permohonan",
                "jenis_izin",
                "nama_pemohon",
                "nilai_retribusi",
                "tanggal_bayar",
                "tanggal_terbit",
            ]
        ),  # fmt: skip
        cells={
            (6, "nilai_retribusi"): 120_000_000,
            (6, "tanggal_terbit"): D(2025, 5, 7),
            (7, "tanggal_bayar"): None,
            (7, "jenis_izin"): "PTKA",
        },
        roles={8: TOTAL},
        n_data=2,
    ),
}
