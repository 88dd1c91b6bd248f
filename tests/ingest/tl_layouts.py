"""Follow-up matrices (`tindak_lanjut`) in the two layouts seen in Rejang Lebong.

Used by `test_pipeline.py` (the layout cases of every kind) and `test_tindak_lanjut.py`.
(1) SIPTL-style matrix: merged two-row header (LHP / Temuan / Rekomendasi / Tindak Lanjut
groups), a column-number row, LHP and finding cells merged down, numeric money.
(2) One LHP per block under a heading line (`LHP Nomor … Tanggal …`, or `Nomor LHP : …` /
`Tanggal LHP : …`), the first above the column header, the next with the header repeated
or without it, money as text. Both end with a total row and a signature block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import TITLE_PEMKAB, Sheet, signature, write_csv, write_xlsx

LHP_2024 = "27.B/LHP/XVIII.BKL/05/2024"
LHP_2025 = "12.B/LHP/XVIII.BKL/05/2025"
LHP_KIN = "40/LHP/XVIII.BKL/11/2025"


def d(year: int, month: int, day: int) -> dt.datetime:
    """An Excel date cell."""
    return dt.datetime(year, month, day)


# fmt: off
MATRIX_ROWS = [
    [TITLE_PEMKAB],
    ["MATRIKS PEMANTAUAN TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK RI"],
    ["POSISI 30 NOVEMBER 2025"],
    ["SKPD : 1.03.1.04.0.00.01.0000 Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan "
     "Kawasan Permukiman"],
    [],
    ["No", "LHP", None, "Temuan", None, None, "Rekomendasi", None, None, "Tindak Lanjut", None,
     "Status", "Sisa (Rp)"],
    [None, "Nomor", "Tanggal", "No", "Kode", "Uraian", "Kode", "Uraian", "Nilai (Rp)",
     "Uraian", "Nilai (Rp)"],
    list(range(1, 14)),
    # one finding (merged D9:F10) with two recommendations; the LHP merged over B9:C11
    [1, LHP_2024, d(2024, 5, 17), "1", "1.01.03", "Kekurangan volume pekerjaan jalan", "01",
     "Menyetor kekurangan volume ke kas daerah", 45_678_900.5, "Disetor sebagian",
     20_000_000, "Belum Sesuai", 25_678_900.5],
    [2, None, None, None, None, None, "05", "Memberi sanksi kepada PPK", None,
     "SK teguran", None, "SESUAI", None],
    [3, None, None, "2", "1.3.1", "Denda keterlambatan belum dipungut", "01",
     "Memungut denda keterlambatan", 12_500_000, None, None, "belum  ditindaklanjuti",
     12_500_000],
    [4, LHP_2025, d(2025, 5, 20), "1", "1.04.01", "Bukti pertanggungjawaban tidak lengkap",
     "06", "Melengkapi bukti", None, "Bukti dilengkapi", None, "Tidak Dapat Ditindaklanjuti",
     None],
    [None, "Jumlah", None, None, None, None, None, None, 58_178_900.5, None, 20_000_000, None,
     38_178_900.5],
    *signature(left=1, right=10, head="Kepala Dinas", place="Curup, 30 November 2025"),
]
MATRIX_MERGES = ["A1:M1", "A6:A7", "B6:C6", "D6:F6", "G6:I6", "J6:K6", "L6:L7", "M6:M7",
                 "B9:B11", "C9:C11", "D9:D10", "E9:E10", "F9:F10"]

BLOCK_HEADER = ["No", "No Temuan", "Kode Temuan", "Uraian Temuan", "Kode Rekomendasi",
                "Uraian Rekomendasi", "Nilai Temuan (Rp)", "Uraian Tindak Lanjut",
                "Nilai yang Telah Ditindaklanjuti (Rp)", "Sisa (Rp)", "Status", "Batas Waktu"]
BLOCK_ROWS = [
    [TITLE_PEMKAB],
    ["MATRIKS TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK"],
    ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
    [],
    [f"LHP Nomor {LHP_2024} Tanggal 17 Mei 2024"],
    BLOCK_HEADER,
    [1, "3", "1.01.07", "Kelebihan pembayaran perjalanan dinas", "01", "Menyetor kelebihan",
     "Rp 8.250.000,00", "Disetor lunas", "Rp 8.250.000,00", "Rp 0,00", "Sesuai", "16/07/2024"],
    [2, "4", "1.04.10", "Pajak terlambat disetor", "06", "Menyetor pajak tepat waktu", None,
     None, None, None, "Belum Ditindaklanjuti", "16/07/2024"],
    [],
    [f"Nomor LHP : {LHP_2025}"],
    ["Tanggal LHP : 20 Mei 2025"],
    BLOCK_HEADER,
    [1, "2", "1.01.07", "Perjalanan dinas ganda", "01", "Menyetor kelebihan perjalanan dinas",
     "Rp 12.345.678,90", "Angsuran I", "Rp 5.000.000,00", "Rp 7.345.678,90", "BS",
     "19/07/2025"],
    [2, None, None, None, "05", "Memberi sanksi kepada bendahara", None, None, None, None,
     "Belum Sesuai", "19/07/2025"],
    [f"LHP Nomor {LHP_KIN} tanggal 14 November 2025"],
    [1, "1", "2.01.01", "Pencatatan persediaan obat", "07", "Menertibkan kartu persediaan",
     None, None, None, None, "BD", None],
    # a heading that reads like a signature place and date must not start the footer
    ["LHP Kinerja atas Pelayanan Puskesmas, 1 Desember 2025"],
    [1, "2", "3.03.06", "Pelayanan puskesmas belum optimal", "09", "Menyusun SOP pelayanan",
     None, None, None, None, None, None],
    [None, "Jumlah", None, None, None, None, "Rp 20.595.678,90", None, "Rp 13.250.000,00",
     "Rp 7.345.678,90"],
    *signature(left=1, right=9, head="Kepala Dinas", place="Curup, 30 November 2025"),
]
BLOCK_MERGES = ["A5:L5", "A10:L10", "A11:L11", "A15:L15", "A17:L17"]

# fmt: on


def build_tl_matrix(tmp: Path) -> Path:
    """Layout 1 as xlsx (PUPRKP)."""
    sheet = Sheet("Matriks TL", MATRIX_ROWS, merges=MATRIX_MERGES)
    return write_xlsx(tmp / "matriks_tl_puprkp.xlsx", sheet)


def build_tl_blocks(tmp: Path) -> Path:
    """Layout 2 as xlsx (Dinkes), block headings merged across the table."""
    return write_xlsx(tmp / "tl_dinkes.xlsx", Sheet("TL", BLOCK_ROWS, merges=BLOCK_MERGES))


def build_tl_blocks_csv(tmp: Path) -> Path:
    """Layout 2 as a `;` CSV (Dinkes)."""
    return write_csv(tmp / "tl_dinkes.csv", BLOCK_ROWS, delimiter=";")
