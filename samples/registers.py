"""Payment register per contract (kind `pembayaran`) of PUPRKP (issue 17).

Uang Muka, Termin I…, Termin Akhir and Retensi rows per contract of PUPRKP's contract
list (its numbers, so TRM rules join it for the contract value; one number written with
spaces around the slashes). Planted: TRM-01 (contract 012 paid to 100 % at 85 %
progress), TRM-02 (contract 002's advance under-recovered), TRM-03 (contract 009's advance
of 35 %). Near misses: termins exactly at value × progress, an advance recovered whole in
the last termin, retention released at 100 %. Also PUPRKP's SP2D register: its LS rows
name the contract in the uraian (`SPK No. …`, once with spaces around the slashes);
planted TRM-04 (contract 013 paid above its value) and S2D-03 (an LS without tax).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from types import ModuleType

import openpyxl
import sp2d_register

YEAR = 2025
HEADER = ["No", "Nomor Kontrak", "Nama Paket", "Jenis Pembayaran", "Tanggal SP2D",
          "Nomor SP2D", "Prestasi (%)", "Nilai Bruto", "Potongan Uang Muka", "Retensi"]  # fmt: skip
FILE = f"puprkp/pembayaran_kontrak_{YEAR}.xlsx"


def d(month: int, day: int) -> dt.date:
    """A date of the sample year."""
    return dt.date(YEAR, month, day)


# (nomor as written, paket, [(jenis, date, progress %, gross, advance deducted, retention)])
# fmt: off
CONTRACTS = [
    ("600/001/SPK/PUPRKP/2025", "Peningkatan Jalan Lingkar Timur Curup", [
        ("Uang Muka", d(6, 2), None, 970_000_000, 0, 0),
        ("Termin I", d(7, 21), 40, 1_940_000_000, 0, 97_000_000),
        ("Termin II", d(9, 15), 75, 1_697_500_000, 0, 84_875_000),
        ("Termin Akhir (100%)", d(10, 20), 100, 1_212_500_000, 970_000_000, 60_625_000),
        ("Retensi", d(12, 15), 100, 242_500_000, 0, 0)]),
    ("600/002/SPK/PUPRKP/2025", "Rehabilitasi Jalan Ruas Air Bang - Kayu Manis", [
        ("Uang Muka", d(6, 20), None, 430_000_000, 0, 0),
        ("Termin I", d(8, 18), 50, 1_075_000_000, 215_000_000, 0),
        ("Termin Akhir (100%)", d(10, 13), 100, 1_075_000_000, 150_000_000, 0)]),
    ("600/003/SPK/PUPRKP/2025", "Pembangunan Drainase Kel. Talang Rimbo", [
        ("Termin I", d(8, 11), 30, 382_650_000, 0, 0),
        ("Termin II", d(9, 8), 70, 510_200_000, 0, 0),
        ("Termin Akhir (100%)", d(10, 6), 100, 382_650_000, 0, 0)]),
    ("600 / 009 / SPK / PUPRKP / 2025", "Pembangunan Talud Penahan Tanah Desa Kampung Delima", [
        ("Uang Muka", d(6, 11), None, 577_500_000, 0, 0),
        ("Termin I", d(8, 4), 60, 990_000_000, 346_500_000, 0),
        ("Termin Akhir (100%)", d(10, 8), 100, 660_000_000, 231_000_000, 0)]),
    ("600/012/SPK/PUPRKP/2025", "Peningkatan Jalan Ruas Lubuk Ubar - Karang Anyar", [
        ("Uang Muka", d(8, 25), None, 468_000_000, 0, 0),
        ("Termin I", d(10, 20), 50, 1_170_000_000, 234_000_000, 0),
        ("Termin II", d(12, 15), 85, 1_170_000_000, 234_000_000, 0)]),
]
# fmt: on
PLANTS = [  # (contract index, payment index, rule, why)
    (
        4,
        2,
        "TRM-01",
        "termin II dibayar sampai 100 % (Rp2,34 miliar) pada progres fisik 85 %, "
        "kelebihan Rp351 juta",
    ),
    (
        1,
        2,
        "TRM-02",
        "termin akhir 100 %: uang muka Rp430 juta baru dipotong Rp365 juta, sisa Rp65 juta",
    ),
    (3, 0, "TRM-03", "uang muka 35 % (Rp577,5 juta) di atas batas 30 % (Rp495 juta)"),
]


def payment_rows(g: ModuleType) -> tuple[list[list], dict[tuple[int, int], int]]:
    """The register's data rows and the Excel row of each (contract, payment)."""
    data: list[list] = []
    where: dict[tuple[int, int], int] = {}
    seq = 40
    for k, (nomor, paket, pays) in enumerate(CONTRACTS):
        for j, (jenis, date, prestasi, gross, um, ret) in enumerate(pays):
            seq += 3 + (k + j) % 4
            sp2d = f"{seq:05d}/SP2D/LS/PUPRKP/{YEAR}"
            where[(k, j)] = 7 + len(data)
            data.append([len(data) + 1, nomor, paket, jenis, date, sp2d, prestasi, gross, um, ret])
    return data, where


def pembayaran(out: Path, g: ModuleType) -> None:
    """Write PUPRKP's payment register and record its planted cases."""
    data, where = payment_rows(g)
    total: list[object] = [
        None,
        None,
        "Jumlah",
        None,
        None,
        None,
        None,
        *(sum(r[c] for r in data) for c in (7, 8, 9)),
    ]
    rows = [
        [g.TITLE],
        ["REGISTER PEMBAYARAN KONTRAK (UANG MUKA, TERMIN DAN RETENSI)"],
        [g.skpd_line("puprkp")],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        HEADER,
        *data,
        total,
        *g.signature("puprkp", 1, 7, len(HEADER), "31 Desember 2025"),
    ]
    g.write_xlsx(out / FILE, g.Sheet("Pembayaran", rows, money_cols=[8, 9, 10], first_data=7))
    for k, j, rule, why in PLANTS:
        g.plant("puprkp", FILE, "Pembayaran", where[(k, j)], rule, why)


def contracts(out: Path) -> dict[str, tuple]:
    """PUPRKP's contract list: nomor → (paket, penyedia, NPWP, nilai)."""
    ws = openpyxl.load_workbook(out / "puprkp" / f"daftar_kontrak_{YEAR}.xlsx").active
    rows = ws.iter_rows(min_row=7, values_only=True)
    return {r[7]: (r[1], r[5], r[6], r[9]) for r in rows if r[7]}


# (nomor, as written in the uraian, date, gross, payment, PPh 4(2) rate)
# fmt: off
LS_KONTRAK = [
    ("600/006/SPK/PUPRKP/2025", None, d(4, 21), 145_000_000, "100%", 0.0175),
    ("600/007/SPK/PUPRKP/2025", None, d(5, 6), 138_500_000, "100%", 0.0175),
    ("600/013/SPK/PUPRKP/2025", None, d(5, 12), 155_000_000, "termin I (50%)", 0.035),
    ("600/008/SPK/PUPRKP/2025", None, d(5, 15), 149_900_000, "100%", 0.0175),
    ("600/013/SPK/PUPRKP/2025", None, d(6, 16), 172_500_000, "termin akhir", 0.035),
    ("600/010/SPK/PUPRKP/2025", "600 / 010 / SPK / PUPRKP / 2025", d(10, 9), 888_000_000,
     "100%", 0.0175),
    ("600/011/SPK/PUPRKP/2025", None, d(10, 10), 975_000_000, "100%", 0.0175),
    ("600/005/SPK/PUPRKP/2025", None, d(10, 17), 468_750_000, "100%", 0.0175),
    ("600/004/SPK/PUPRKP/2025", None, d(10, 22), 87_450_000, "100%", 0.035),
]
# fmt: on


def sp2d_puprkp(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """PUPRKP's SP2D register: TRM-04 (contract 013 above its value), S2D-03 (no tax)."""
    known = contracts(out)
    items = sp2d_register.routine(g, rnd, 350_000_000, 410_000_000)
    for nomor, written, date, bruto, what, rate in LS_KONTRAK:
        paket, penyedia, npwp, _ = known[nomor]
        items.append(
            sp2d_register.Sp2d(
                date,
                "LS Barang dan Jasa",
                f"Pembayaran {what} {paket} SPK No. {written or nomor}",
                bruto,
                sp2d_register.works_tax(bruto, rate),
                penyedia,
                npwp,
                tag="trm04" if what == "termin akhir" else "",
            )
        )
    items.append(
        sp2d_register.Sp2d(
            d(7, 14),
            "LS Barang dan Jasa",
            "Belanja suku cadang excavator UPTD Alat Berat",
            18_750_000,
            {},
            "CV Mitra Alat Berat",
            "71.204.558.3-311.000",
            tag="s2d03",
        )
    )
    rows = sp2d_register.write(out, g, "puprkp", items)
    f_ = f"puprkp/register_sp2d_{YEAR}.xlsx"
    for row, rule, why in [
        (
            rows["trm04"],
            "TRM-04",
            "SP2D kontrak 600/013 berjumlah Rp327,5 juta, nilai kontrak Rp310 juta",
        ),
        (
            rows["s2d03"],
            "S2D-03",
            "LS suku cadang Rp18,75 juta kepada CV Mitra Alat Berat tanpa PPN maupun PPh 22",
        ),
    ]:
        g.plant("puprkp", f_, "Register SP2D", row, rule, why)


def build(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """Write the payment register and the SP2D registers."""
    pembayaran(out, g)
    sp2d_puprkp(out, g, rnd)
    sp2d_register.build(out, g, rnd)
