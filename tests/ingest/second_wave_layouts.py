"""Exports of the second-wave kinds (honor, sp2d, pembayaran) as real ones are laid out.

Each builder writes one file into a folder and returns its path: a title block
(PEMERINTAH KABUPATEN REJANG LEBONG / list title / SKPD / TAHUN ANGGARAN), the header (the
SP2D register's `Potongan` parent merged over its tax children), rows, a `Jumlah` row and a
signature block. `SECOND_WAVE` describes what the importer must make of two layouts per
kind, as the fields of `test_pipeline.Case`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from builders import TITLE_PEMKAB, Sheet, Span, signature, write_csv, write_html_xls, write_xlsx

DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
PUPRKP = (
    "1.03.1.04.0.00.01.0000",
    "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
)
NIP_A, NIP_B, NIP_C = "198003122006042015", "199001012015031002", "197505052000121003"
SPK = "027/SPK/PUPRKP/2025"
FOOTER, TOTAL = "footer", "total"


def skpd(opd: tuple[str, str]) -> list[object]:
    """The title block's SKPD line."""
    return [f"SKPD : {opd[0]} {opd[1]}"]


def month(year: int, number: int) -> pd.Timestamp:
    """The first day of a month, as `bulan` holds it."""
    return pd.Timestamp(year, number, 1)


# --------------------------------------------------------------------------- honor

HONOR_HEADER = [
    "No", "Nama", "NIP", "Pangkat/Gol", "Jabatan dalam Tim", "Bulan", "Jumlah Bulan",
    "Besaran Honor (Rp)", "PPh 21 (Rp)", "Jumlah Bersih (Rp)", "Tanda Tangan",
]  # fmt: skip
HONOR_CANON = [
    "no", "nama", "nip", "golongan", "jabatan_tim", "bulan", "jumlah_bulan", "bruto", "pph21",
    "netto", None,
]  # fmt: skip


def honor_rows(year_line: str | None = "TAHUN ANGGARAN 2025") -> list[list[object]]:
    """A honor list of Dinkes: five recipients, month in five spellings, Jumlah, signatures.

    With the year line the header is on row 6 and the data on rows 7–11, Jumlah on 12.
    """
    title = [
        [TITLE_PEMKAB],
        ["DAFTAR PEMBAYARAN HONORARIUM TIM PELAKSANA KEGIATAN PENANGGULANGAN STUNTING"],
        skpd(DINKES),
        *([[year_line]] if year_line else []),
        [],
        HONOR_HEADER,
    ]
    rows: list[list[object]] = [
        [1, "dr. RINA MARLINA", NIP_A, "Pembina (IV/a)", "Penanggung Jawab", "Januari", 1,
         "1.500.000", "225.000", "1.275.000", "1. ....."],
        [2, "BUDI SANTOSO, S.KM", NIP_B, "III/c", "Ketua", "Pebruari", 1, 1250000, 62500,
         1187500, "2. ....."],
        [3, "SITI RAHMAH, Amd.Keb", NIP_C, "II/d", "Sekretaris", "03/2025", 1, 1000000, 0,
         1000000, "3. ....."],
        [4, "ANDI PRATAMA", None, "Non ASN", "Anggota", dt.datetime(2025, 4, 30), 1, 750000,
         0, 750000, "4. ....."],
        [5, "DEWI LESTARI", None, None, "Anggota", "Mei-25", 1, 750000, 0, 750000, "5. ....."],
        [None, "Jumlah", None, None, None, None, None, 5250000, 287500, 4962500, None],
    ]  # fmt: skip
    return title + rows + signature(left=1, right=7, head="Kepala Dinas Kesehatan")


def build_honor_a(folder: Path) -> Path:
    """Honor list of Dinkes (xlsx)."""
    return write_xlsx(folder / "honor_tim_dinkes.xlsx", Sheet("Honor Tim", honor_rows()))


HONOR_B_HEADER = [
    "No", "Nama Penerima", "Gol", "Kedudukan dalam Tim", "Nama Tim", "Bulan Pembayaran",
    "Jumlah Bruto", "PPh Ps. 21", "Diterima",
]  # fmt: skip


def build_honor_b(folder: Path) -> Path:
    """Honor list of PUPRKP saved from the web as `.xls` (HTML), `T.A. 2025`, `Jumlah` spanned."""
    team = "Tim Teknis Pembangunan Jalan"
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DAFTAR PEMBAYARAN HONORARIUM TIM TEKNIS"],
        skpd(PUPRKP),
        ["T.A. 2025"],
        HONOR_B_HEADER,
        [1, "Ir. HENDRA GUNAWAN", "IV/b", "Ketua", team, "Juli", "2.000.000", "300.000",
         "1.700.000"],
        [2, "YUSUF HAKIM, S.T.", "III/a", "Anggota", team, "Agt", "1.200.000", "60.000",
         "1.140.000"],
        [3, "RAHMAT", "Non ASN", "Sekretaris", team, "09/2025", "900.000", "0", "900.000"],
        [Span("Jumlah", colspan=6), "4.100.000", "360.000", "3.740.000"],
    ]  # fmt: skip
    return write_html_xls(folder / "honor_tim_teknis.xls", rows)


# --------------------------------------------------------------------------- sp2d

POTONGAN = ["PPh 21", "PPh 22", "PPh 23", "PPh Ps 4(2)", "PPN", "IWP"]
SP2D_TAXES = [
    "potongan_pph21", "potongan_pph22", "potongan_pph23", "potongan_pph4_2", "potongan_ppn",
    "potongan_lain",
]  # fmt: skip
SP2D_HEAD = ["No", "Nomor SP2D", "Tanggal SP2D", "Jenis SP2D", "Uraian", "Nilai SP2D (Rp)"]
SP2D_TAIL = ["Jumlah Bersih (Rp)", "Nama Pihak Ketiga", "NPWP"]


def sp2d_rows() -> list[list[object]]:
    """Register SP2D of PUPRKP: header on rows 6–7, data 8–11, Jumlah 12, no contract column."""
    return [
        [TITLE_PEMKAB],
        ["REGISTER SP2D"],
        skpd(PUPRKP),
        ["TAHUN ANGGARAN 2025"],
        [],
        [*SP2D_HEAD, "Potongan", None, None, None, None, None, *SP2D_TAIL],
        [None] * 6 + POTONGAN,
        [1, "0123/SP2D/LS/2025", dt.datetime(2025, 3, 14), "LS Pihak Ketiga",
         f"Pembayaran uang muka 20% SPK No. {SPK} Rehabilitasi Jalan", "370.000.000",
         None, "5.550.000", None, None, "33.636.364", None, "330.813.636", "CV Karya Mandiri",
         "01.234.567.8-901.000"],
        [2, "0456/SP2D/LS/2025", "12/06/2025", "LS Pihak Ketiga",
         "Termin I Kontrak Nomor: 602.1/15/PUPRKP/2025", 555000000, None, None, None, 13875000,
         50000000, None, 491125000, "CV Sumber Rejeki", "0123456789012345"],
        [3, "0789/SP2D/GU/2025", "30-06-2025", "GU", "Ganti uang persediaan Juni", 25000000,
         None, 150000, None, None, None, None, 24850000, None, None],
        [4, "0790/SP2D/LS/2025", "01/07/2025", "LS Gaji", "Gaji Juli 2025", 480000000,
         12000000, None, None, None, None, 19200000, 448800000, None, None],
        [None, "Jumlah", None, None, None, 1430000000, 12000000, 5700000, None, 13875000,
         83636364, 19200000, 1295588636, None, None],
        *signature(left=1, right=9, head="Kepala Dinas"),
    ]  # fmt: skip


def build_sp2d_a(folder: Path) -> Path:
    """Register SP2D of PUPRKP (xlsx): `Potongan` merged over G6:L6, the others over two rows."""
    merges = ["G6:L6", *(f"{c}6:{c}7" for c in "ABCDEFMNO")]
    return write_xlsx(folder / "register_sp2d.xlsx", Sheet("SP2D", sp2d_rows(), merges=merges))


SP2D_B_HEADER = ["No", "No SP2D", "Tgl SP2D", "Jenis", "Uraian", "Nilai SP2D", "No SPK",
                 "Jumlah Bersih"]  # fmt: skip


def build_sp2d_b(folder: Path) -> Path:
    """Register SP2D of RSUD Curup saved as `.xls` (HTML): a `No SPK` column, blank in row 6."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["REGISTER SP2D RSUD CURUP"],
        skpd(RSUD),
        ["T.A. 2025"],
        SP2D_B_HEADER,
        [1, "0001/SP2D/LS/2025", "10/02/2025", "LS Barang dan Jasa",
         "No. SPK 027 / SPK / RSUD / 2025 pengadaan linen", "12.500.000", None, "12.375.000"],
        [2, "0002/SP2D/LS/2025", "11/02/2025", "LS Barang dan Jasa",
         "Surat Perjanjian No 445/88/RSUD/2025", "20.000.000", "445/90/RSUD/2025",
         "19.800.000"],
        [None, Span("Jumlah", colspan=4), "32.500.000", None, "32.175.000"],
    ]  # fmt: skip
    return write_html_xls(folder / "register_sp2d_rsud.xls", rows)


# --------------------------------------------------------------------------- pembayaran

BAYAR_HEADER = [
    "No", "Nomor Kontrak", "Nama Paket", "Jenis Pembayaran", "Tanggal SP2D", "Nomor SP2D",
    "Prestasi (%)", "Nilai Kontrak (Rp)", "Nilai Bruto (Rp)", "Pengembalian Uang Muka (Rp)",
    "Retensi 5% (Rp)", "Keterangan",
]  # fmt: skip
BAYAR_CANON = [
    "no", "nomor_kontrak", "nama_paket", "jenis_pembayaran", "tanggal", "nomor_sp2d",
    "progres_fisik", "nilai_kontrak", "nilai_bruto", "potongan_uang_muka", "retensi", None,
]  # fmt: skip


def pembayaran_rows() -> list[list[object]]:
    """Payments of one PUPRKP contract: header row 6, rows 7–11, Jumlah 12, signatures."""
    paket, nilai = "Rehabilitasi Jalan Lingkar Curup", "1.850.000.000"
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DAFTAR PEMBAYARAN KONTRAK PEKERJAAN FISIK"],
        skpd(PUPRKP),
        ["TAHUN ANGGARAN 2025"],
        [],
        BAYAR_HEADER,
        [1, SPK, paket, "Uang Muka", dt.datetime(2025, 3, 14), "0123/SP2D/LS/2025", 0, nilai,
         "370.000.000", None, None, None],
        [2, SPK, paket, "Termin I", "12/06/2025", "0456/SP2D/LS/2025", "45%", nilai,
         "555.000.000", "166.500.000", None, None],
        [3, SPK, paket, "Termin II", "15/08/2025", "0601/SP2D/LS/2025", "45,5 %", nilai,
         "9.250.000", "2.775.000", None, None],
        [4, SPK, paket, "Termin Akhir (100%)", "20/11/2025", "0900/SP2D/LS/2025", 100, nilai,
         "915.750.000", "200.725.000", "92.500.000", None],
        [5, SPK, paket, "Retensi", "20/12/2025", "0999/SP2D/LS/2025", 100, nilai,
         "92.500.000", None, None, "setelah PHO"],
        ["Jumlah", None, None, None, None, None, None, None, "1.942.500.000", "370.000.000",
         "92.500.000", None],
    ]  # fmt: skip
    return rows + signature(left=1, right=8, head="Pengguna Anggaran")


def build_pembayaran_a(folder: Path) -> Path:
    """Payments per termin of PUPRKP (xlsx)."""
    return write_xlsx(folder / "pembayaran_kontrak.xlsx", Sheet("Termin", pembayaran_rows()))


BAYAR_B_HEADER = ["No", "No SPK", "Tahap Pembayaran", "Tanggal Bayar", "Progres Fisik",
                  "Nilai Termin", "Potongan Uang Muka", "Retensi"]  # fmt: skip


def build_pembayaran_b(folder: Path) -> Path:
    """Payments of RSUD Curup as a `;` CSV: two contracts, text amounts, `JUMLAH` row."""
    rows: list[list[object]] = [
        ["PEMBAYARAN KONTRAK PER TERMIN RSUD CURUP"],
        skpd(RSUD),
        ["TAHUN ANGGARAN 2025"],
        BAYAR_B_HEADER,
        [1, "445/12/RSUD/2025", "Uang Muka", "05/03/2025", "0", "Rp 60.000.000", "-", "-"],
        [2, "445/12/RSUD/2025", "Termin I (50%)", "10/06/2025", "50,00", "Rp 150.000.000",
         "Rp 30.000.000", "-"],
        [3, "445/20/RSUD/2025", "Termin Akhir", "15/09/2025", "100", "Rp 80.000.000", "-",
         "Rp 4.000.000"],
        ["JUMLAH", None, None, None, None, "Rp 290.000.000", "Rp 30.000.000", "Rp 4.000.000"],
    ]  # fmt: skip
    return write_csv(folder / "pembayaran_rsud.csv", rows, delimiter=";")


def letters(names: list[str | None], start: str = "A") -> dict[str, str]:
    """Canonical name → column letter, in sheet order from `start` (None: an extra column)."""
    first = ord(start)
    return {n: chr(first + i) for i, n in enumerate(names) if n is not None}


SIGNED = {14: FOOTER, 15: FOOTER, 17: FOOTER, 18: FOOTER}  # `signature()` under row 12

SECOND_WAVE: dict[str, dict[str, object]] = {
    "honor-a-xlsx-title": dict(
        build=build_honor_a,
        kind="honor",
        opd=(*DINKES, "title"),
        header_rows=[6],
        mapping=dict(zip(HONOR_HEADER, HONOR_CANON, strict=True)),
        columns=letters(HONOR_CANON),
        cells={
            (7, "bulan"): month(2025, 1),  # `Januari`, the year from the title block
            (8, "bulan"): month(2025, 2),  # `Pebruari`
            (9, "bulan"): month(2025, 3),  # `03/2025`
            (10, "bulan"): month(2025, 4),  # a date cell (30 April)
            (11, "bulan"): month(2025, 5),  # `Mei-25`
            (7, "bruto"): 150_000_000,
            (8, "pph21"): 6_250_000,
            (7, "nip"): NIP_A,
            (10, "golongan"): "Non ASN",
            (12, "netto"): 496_250_000,
        },
        roles={12: TOTAL, **SIGNED},
        n_data=5,
        issues={"value_ambiguous_locale"},  # `225.000` alone could be 225
    ),
    "honor-b-html-xls-spanned-total": dict(
        build=build_honor_b,
        kind="honor",
        opd=(*PUPRKP, "title"),
        header_rows=[5],
        mapping=dict(
            zip(
                HONOR_B_HEADER,
                [
                    "no",
                    "nama",
                    "golongan",
                    "jabatan_tim",
                    "nama_tim",
                    "bulan",
                    "bruto",
                    "pph21",
                    "netto",
                ],
                strict=True,
            )
        ),  # fmt: skip
        columns=letters(
            [
                "no",
                "nama",
                "golongan",
                "jabatan_tim",
                "nama_tim",
                "bulan",
                "bruto",
                "pph21",
                "netto",
            ]
        ),  # fmt: skip
        cells={
            (6, "bulan"): month(2025, 7),  # `Juli` in a `T.A. 2025` list
            (7, "bulan"): month(2025, 8),  # `Agt`
            (8, "bulan"): month(2025, 9),
            (7, "golongan"): "III/a",
            (6, "bruto"): 200_000_000,
            (8, "pph21"): 0,
        },
        roles={9: TOTAL},
        n_data=3,
        issues={"value_ambiguous_locale"},
    ),
    "sp2d-a-xlsx-merged-potongan": dict(
        build=build_sp2d_a,
        kind="sp2d",
        opd=(*PUPRKP, "title"),
        header_rows=[6, 7],
        mapping={
            **dict(
                zip(
                    SP2D_HEAD,
                    ["no", "nomor_sp2d", "tanggal_sp2d", "jenis", "uraian", "nilai_bruto"],
                    strict=True,
                )
            ),
            **{f"Potongan / {p}": c for p, c in zip(POTONGAN, SP2D_TAXES, strict=True)},
            **dict(zip(SP2D_TAIL, ["netto", "penerima", "npwp"], strict=True)),
        },
        columns={
            **letters(["no", "nomor_sp2d", "tanggal_sp2d", "jenis", "uraian", "nilai_bruto"]),
            **letters([*SP2D_TAXES, "netto", "penerima", "npwp"], "G"),
            "nomor_kontrak": "E",  # read from uraian: its cell is uraian's
        },
        cells={
            (8, "nomor_kontrak"): SPK,
            (9, "nomor_kontrak"): "602.1/15/PUPRKP/2025",
            (10, "nomor_kontrak"): None,
            (8, "tanggal_sp2d"): pd.Timestamp(2025, 3, 14),
            (9, "tanggal_sp2d"): pd.Timestamp(2025, 6, 12),
            (8, "nilai_bruto"): 37_000_000_000,
            (8, "potongan_pph22"): 555_000_000,
            (9, "potongan_pph4_2"): 1_387_500_000,
            (9, "potongan_ppn"): 5_000_000_000,
            (11, "potongan_lain"): 1_920_000_000,
            (8, "npwp"): "01.234.567.8-901.000",
        },
        roles={12: TOTAL, **SIGNED},
        n_data=4,
    ),
    "sp2d-b-html-xls-no-spk-column": dict(
        build=build_sp2d_b,
        kind="sp2d",
        opd=(*RSUD, "title"),
        header_rows=[5],
        mapping=dict(
            zip(
                SP2D_B_HEADER,
                [
                    "no",
                    "nomor_sp2d",
                    "tanggal_sp2d",
                    "jenis",
                    "uraian",
                    "nilai_bruto",
                    "nomor_kontrak",
                    "netto",
                ],
                strict=True,
            )
        ),  # fmt: skip
        columns=letters(
            [
                "no",
                "nomor_sp2d",
                "tanggal_sp2d",
                "jenis",
                "uraian",
                "nilai_bruto",
                "nomor_kontrak",
                "netto",
            ]
        ),  # fmt: skip
        cells={
            (6, "nomor_kontrak"): "027 / SPK / RSUD / 2025",  # blank cell: from uraian
            (7, "nomor_kontrak"): "445/90/RSUD/2025",  # the column wins where filled
            (6, "nilai_bruto"): 1_250_000_000,
            (7, "tanggal_sp2d"): pd.Timestamp(2025, 2, 11),
        },
        roles={8: TOTAL},
        n_data=2,
    ),
    "pembayaran-a-xlsx-title": dict(
        build=build_pembayaran_a,
        kind="pembayaran",
        opd=(*PUPRKP, "title"),
        header_rows=[6],
        mapping=dict(zip(BAYAR_HEADER, BAYAR_CANON, strict=True)),
        columns=letters(BAYAR_CANON),
        cells={
            (7, "jenis_pembayaran"): "Uang Muka",
            (10, "jenis_pembayaran"): "Termin Akhir (100%)",
            (11, "jenis_pembayaran"): "Retensi",
            (7, "progres_fisik"): 0.0,
            (8, "progres_fisik"): 45.0,  # `45%`
            (9, "progres_fisik"): 45.5,  # `45,5 %`
            (10, "progres_fisik"): 100.0,
            (7, "tanggal"): pd.Timestamp(2025, 3, 14),
            (9, "tanggal"): pd.Timestamp(2025, 8, 15),
            (8, "potongan_uang_muka"): 16_650_000_000,
            (10, "retensi"): 9_250_000_000,
            (7, "nilai_kontrak"): 185_000_000_000,
            (11, "Keterangan"): "setelah PHO",
        },
        roles={12: TOTAL, **SIGNED},
        n_data=5,
    ),
    "pembayaran-b-csv-semicolon": dict(
        build=build_pembayaran_b,
        kind="pembayaran",
        opd=(*RSUD, "title"),
        header_rows=[4],
        mapping=dict(
            zip(
                BAYAR_B_HEADER,
                [
                    "no",
                    "nomor_kontrak",
                    "jenis_pembayaran",
                    "tanggal",
                    "progres_fisik",
                    "nilai_bruto",
                    "potongan_uang_muka",
                    "retensi",
                ],
                strict=True,
            )
        ),  # fmt: skip
        columns=letters(
            [
                "no",
                "nomor_kontrak",
                "jenis_pembayaran",
                "tanggal",
                "progres_fisik",
                "nilai_bruto",
                "potongan_uang_muka",
                "retensi",
            ]
        ),  # fmt: skip
        cells={
            (5, "potongan_uang_muka"): 0,  # `-`
            (6, "progres_fisik"): 50.0,  # `50,00`
            (6, "potongan_uang_muka"): 3_000_000_000,
            (7, "retensi"): 400_000_000,
            (7, "tanggal"): pd.Timestamp(2025, 9, 15),
        },
        roles={8: TOTAL},
        n_data=3,
    ),
}
