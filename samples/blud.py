"""Stock reports (kind `persediaan`) and RSUD Curup's receivables list (`piutang`), issue 18.

RSUD Curup's pharmacy stock report (`laporan_persediaan_obat_2025.xlsx`): two-row header,
merged parents `Saldo Awal` / `Penerimaan` / `Pengeluaran` / `Saldo Akhir` each over
`Jumlah` | `Nilai`, group headings `A. OBAT` / `B. BMHP`, `Tgl Kedaluwarsa`. Planted:
PRS-01 (Metformin: 15.000 + 40.000 − 42.000 written 12.000), PRS-02 (Ranitidin and insulin
expired with stock), PRS-03 (Captopril issued 400 more than it had). Near miss: a catheter
expired with no stock left. Its receivables list (`daftar_piutang_2025.xlsx`, per 31
Desember 2025): BPJS, asuransi, Jamkesda and pasien umum; planted PIU-01 (a 2023 umum
receivable provisioned at 10 % instead of 50 %), PIU-02 (a sisa Rp1 juta above nilai −
dibayar), PIU-03 (the two receivables older than 365 days). Near misses: a receivable of
exactly 365 days, provisions exactly at the rate. Dispusip's stock report is clean: an item
expiring exactly on the as-of date (31 Desember 2025, the samples run's cut-off), mutations
that add up exactly, one issued to zero.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

YEAR = 2025
AS_OF = dt.date(YEAR, 12, 31)  # the samples run's as-of date (latest date, capped at 31/12)
STOCK_FILE = f"rsud_curup/laporan_persediaan_obat_{YEAR}.xlsx"
PIUTANG_FILE = f"rsud_curup/daftar_piutang_{YEAR}.xlsx"
CLEAN_STOCK_FILE = f"dispusip/laporan_persediaan_{YEAR}.xlsx"

# fmt: off
STOCK_TOP = ["No", "Kode Barang", "Nama Barang", "Satuan", "Harga Satuan", "Saldo Awal", None,
             "Penerimaan", None, "Pengeluaran", None, "Saldo Akhir", None, "Tgl Kedaluwarsa"]
# fmt: on
STOCK_SUB = [None] * 5 + ["Jumlah", "Nilai"] * 4 + [None]
STOCK_MERGES = [f"{c}6:{c}7" for c in "ABCDE"] + ["F6:G6", "H6:I6", "J6:K6", "L6:M6", "N6:N7"]


def d(year: int, month: int, day: int) -> dt.date:
    """A date."""
    return dt.date(year, month, day)


# (kode, nama, satuan, harga, awal, masuk, keluar, akhir as written, expiry, plant)
# fmt: off
OBAT = [
    ("1.1.7.01.03.01.0001", "Amoksisilin 500 mg tablet", "Tablet", 450, 12_000, 60_000, 58_500,
     13_500, d(2027, 3, 31), None),
    ("1.1.7.01.03.01.0002", "Parasetamol 500 mg tablet", "Tablet", 180, 20_000, 90_000, 95_000,
     15_000, d(2027, 8, 31), None),
    ("1.1.7.01.03.01.0003", "Ceftriaxone 1 g injeksi", "Vial", 8_500, 600, 2_400, 2_650, 350,
     d(2026, 6, 30), None),
    ("1.1.7.01.03.01.0004", "Ranitidin 150 mg tablet", "Tablet", 320, 4_000, 0, 1_500, 2_500,
     d(2025, 9, 30), ("PRS-02", "Ranitidin 150 mg kedaluwarsa 30/09/2025, sisa 2.500 tablet "
                                "(Rp800.000) masih tercatat")),
    ("1.1.7.01.03.01.0005", "Metformin 500 mg tablet", "Tablet", 220, 15_000, 40_000, 42_000,
     12_000, d(2027, 1, 31), ("PRS-01", "Metformin: 15.000 + 40.000 − 42.000 = 13.000, "
                                        "saldo akhir ditulis 12.000 (selisih Rp220.000)")),
    ("1.1.7.01.03.01.0006", "Captopril 25 mg tablet", "Tablet", 150, 3_000, 5_000, 8_400, -400,
     d(2027, 5, 31), ("PRS-03", "Captopril dikeluarkan 8.400 tablet dari persediaan 8.000, "
                                "saldo akhir −400")),
    ("1.1.7.01.03.01.0007", "Insulin glargine 100 IU/ml pen", "Pen", 185_000, 40, 120, 135, 25,
     d(2025, 11, 30), ("PRS-02", "insulin glargine kedaluwarsa 30/11/2025, sisa 25 pen "
                                 "(Rp4.625.000) masih tercatat")),
    ("1.1.7.01.03.01.0008", "Ringer laktat 500 ml infus", "Botol", 9_800, 1_500, 6_000, 6_200,
     1_300, d(2027, 1, 31), None),
]
BMHP = [
    ("1.1.7.01.03.02.0001", "Spuit 3 ml", "Pcs", 1_800, 5_000, 20_000, 21_000, 4_000,
     d(2028, 5, 31), None),
    ("1.1.7.01.03.02.0002", "Kasa steril 16 x 16", "Box", 12_500, 200, 600, 640, 160,
     d(2027, 12, 31), None),
    ("1.1.7.01.03.02.0003", "Sarung tangan steril no. 7", "Pasang", 4_200, 1_000, 3_000,
     3_200, 800, d(2026, 2, 28), None),
    ("1.1.7.01.03.02.0004", "Kateter urin no. 16", "Pcs", 15_000, 100, 300, 400, 0,
     d(2025, 10, 31), None),  # expired, no stock left: no finding
]
# Dispusip: near misses only (expiry exactly on the as-of date, exact mutations)
DISPUSIP = [
    ("1.1.7.01.01.01.0001", "Kertas HVS A4 70 gram", "Rim", 52_000, 40, 120, 135, 25, None,
     None),
    ("1.1.7.01.01.01.0002", "Tinta printer hitam", "Botol", 95_000, 6, 24, 30, 0, None, None),
    ("1.1.7.01.01.02.0001", "Cairan fumigasi arsip", "Liter", 275_000, 4, 10, 8, 6, AS_OF,
     None),
    ("1.1.7.01.01.02.0002", "Lem plastik sampul buku", "Rol", 38_500, 15, 60, 52, 23,
     d(2026, 6, 30), None),
]
# fmt: on


def stock_line(n: int, item: tuple) -> list:
    """One stock row: quantities with their values, expiry."""
    kode, nama, satuan, harga, awal, masuk, keluar, akhir, ed, _ = item
    pairs = [x for q in (awal, masuk, keluar, akhir) for x in (q, q * harga)]
    return [n, kode, nama, satuan, harga, *pairs, ed]


def stock_rows(groups: list[tuple[str, list]]) -> tuple[list[list], dict[int, tuple]]:
    """Group headings and item rows from Excel row 8; the plants by Excel row."""
    rows: list[list] = []
    plants: dict[int, tuple] = {}
    n = 0
    for heading, items in groups:
        if heading:
            rows.append([None, None, heading])
        for item in items:
            n += 1
            rows.append(stock_line(n, item))
            if item[-1]:
                plants[7 + len(rows)] = item[-1]
    return rows, plants


def stock_sheet(g: ModuleType, opd: str, title: str, groups: list[tuple[str, list]]) -> tuple:
    """The stock report sheet (Jumlah of the value columns) and its plants by row."""
    data, plants = stock_rows(groups)
    total: list[object] = [None, None, "Jumlah", None, None]
    for c in range(5, 13):
        total.append(sum(r[c] for r in data if len(r) > 3) if c % 2 == 0 else None)
    rows = [[g.TITLE], [title], [g.skpd_line(opd)], [f"Per 31 Desember {YEAR}"], [],
            STOCK_TOP, STOCK_SUB, *data, total,
            *g.signature(opd, 1, 10, len(STOCK_TOP), f"31 Desember {YEAR}")]  # fmt: skip
    money = [5, 7, 9, 11, 13]
    sheet = g.Sheet("Persediaan", rows, STOCK_MERGES, money, first_data=8)
    return sheet, plants


def persediaan(out: Path, g: ModuleType) -> None:
    """RSUD Curup's pharmacy stock report (plants) and Dispusip's clean one."""
    title = "LAPORAN PERSEDIAAN OBAT DAN BAHAN MEDIS HABIS PAKAI (BMHP) INSTALASI FARMASI"
    sheet, plants = stock_sheet(g, "rsud_curup", title, [("A. OBAT", OBAT), ("B. BMHP", BMHP)])
    g.write_xlsx(out / STOCK_FILE, sheet)
    for row, (rule, why) in plants.items():
        g.plant("rsud_curup", STOCK_FILE, "Persediaan", row, rule, why)
    title = "LAPORAN PERSEDIAAN BARANG PAKAI HABIS"
    sheet, _ = stock_sheet(g, "dispusip", title, [("", DISPUSIP)])
    g.write_xlsx(out / CLEAN_STOCK_FILE, sheet)


PIUTANG_HEADER = ["No", "Nama Debitur", "Nomor Tagihan", "Tanggal Tagihan", "Nilai Tagihan",
                  "Dibayar", "Sisa", "Umur (hari)", "Kolektibilitas", "Penyisihan"]  # fmt: skip
# (debitur, nomor, date, nilai, dibayar, sisa as written, kolektibilitas, rate, plants)
# fmt: off
PIUTANG = [
    ("BPJS Kesehatan Cabang Curup", "KLAIM/RJRI/2024/08", d(2024, 8, 15), 286_400_000,
     214_800_000, 71_600_000, "Kurang Lancar", 0.10,
     [("PIU-03", "klaim BPJS Agustus 2024 sisa Rp71,6 juta berumur 503 hari")]),
    ("BPJS Kesehatan Cabang Curup", "KLAIM/RJRI/2025/10", d(2025, 11, 14), 1_842_650_000,
     1_500_000_000, 342_650_000, "Lancar", 0.005, []),
    ("BPJS Kesehatan Cabang Curup", "KLAIM/RJRI/2025/11", d(2025, 12, 12), 1_795_300_000, 0,
     1_795_300_000, "Lancar", 0.005, []),
    ("Jamkesda Kabupaten Rejang Lebong", "JKD/2024/12/031", d(2024, 12, 31), 64_800_000, 0,
     64_800_000, "Lancar", 0.005, []),  # exactly 365 days: not yet stale
    ("PT Asuransi Jasa Indonesia", "INV/ASR/2025/0917", d(2025, 9, 22), 48_750_000,
     30_000_000, 19_750_000, "Lancar", 0.005,
     [("PIU-02", "sisa ditulis Rp19.750.000, tagihan − pelunasan Rp18.750.000")]),
    ("PT Asuransi Mandiri Inhealth", "INV/ASR/2025/0688", d(2025, 6, 30), 27_450_000,
     27_450_000, 0, "Lancar", 0.005, []),
    ("Pasien umum a.n. Sutrisno", "RI/UMUM/2023/0412", d(2023, 3, 20), 14_250_000, 4_000_000,
     10_250_000, "Diragukan", 0.10,
     [("PIU-01", "piutang umum 2023 (1.017 hari) disisihkan 10 %, kebijakan 50 %: "
                 "kurang Rp4.100.000"),
      ("PIU-03", "piutang pasien umum Maret 2023 sisa Rp10,25 juta berumur 1.017 hari")]),
    ("Pasien umum a.n. Rahmat Hidayat", "RI/UMUM/2025/1180", d(2025, 7, 14), 3_850_000,
     1_000_000, 2_850_000, "Lancar", 0.005, []),
]
# fmt: on


def piutang(out: Path, g: ModuleType) -> None:
    """RSUD Curup's receivables list per 31 Desember 2025 and its plants."""
    data = [
        [n, deb, nomor, date, nilai, bayar, sisa, (AS_OF - date).days, kol, round(sisa * rate)]
        for n, (deb, nomor, date, nilai, bayar, sisa, kol, rate, _) in enumerate(PIUTANG, 1)
    ]
    total: list[object] = [None, "Jumlah", None, None]
    total += [sum(r[c] for r in data) for c in (4, 5, 6)] + [None, None, sum(r[9] for r in data)]
    title = "DAFTAR PIUTANG PELAYANAN KESEHATAN (BLUD)"
    sign = g.signature("rsud_curup", 1, 7, len(PIUTANG_HEADER), f"31 Desember {YEAR}")
    rows = [[g.TITLE], [title], [g.skpd_line("rsud_curup")], [f"Per 31 Desember {YEAR}"], [],
            PIUTANG_HEADER, *data, total, *sign]  # fmt: skip
    g.write_xlsx(out / PIUTANG_FILE, g.Sheet("Piutang", rows, [], [5, 6, 7, 10], first_data=7))
    for n, item in enumerate(PIUTANG):
        for rule, why in item[-1]:
            g.plant("rsud_curup", PIUTANG_FILE, "Piutang", 7 + n, rule, why)


def build(out: Path, g: ModuleType) -> None:
    """Write the stock reports and the receivables list."""
    persediaan(out, g)
    piutang(out, g)
