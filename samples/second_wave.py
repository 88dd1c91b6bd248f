"""Second-wave sample exports (issue 17): honor lists, payment and SP2D registers, fuel.

Called by `generate.py` after every first-wave file is written, with the generator module
as `g` (its helpers: title block, signature, writers, `plant`). Nothing here draws from the
generator's random stream, so the first-wave files stay byte for byte as they were; the
few draws here come from their own seeded `random.Random`.

Dinas Kesehatan's fuel lines are the one change to a first-wave file: `name_plates` writes
a number plate into the uraian of its small BBM/servis lines of the BKU (no row is added,
no amount changes), one of them a plate missing from the KIB B built here (BBM-01).
"""

from __future__ import annotations

import random
from pathlib import Path
from types import ModuleType

import blud
import grants_permits
import honor_teams
import registers

YEAR = 2025

# Dinas Kesehatan's vehicles (KIB B) and the plate its BKU names that is not among them.
DINKES_VEHICLES = [
    ("1.3.2.02.01.01.004", "Minibus", "0001", "Toyota Kijang Innova", 2019, "MHFJW8EM",
     "2GD-4417", "BD 1027 FY", "N-06612841", 298_500_000),
    ("1.3.2.02.01.01.004", "Minibus", "0002", "Mitsubishi Xpander", 2021, "MK2NCXTA",
     "4A91-2210", "BD 1145 DY", "P-08127730", 262_000_000),
    ("1.3.2.02.01.01.006", "Ambulance", "0001", "Toyota Hiace", 2018, "JTFSS22P",
     "1KD-7731", "BD 1318 CZ", "M-05518862", 415_000_000),
    ("1.3.2.02.01.05.001", "Sepeda Motor", "0001", "Honda Supra X 125", 2020, "MH1JB91",
     "JB91E-6620", "BD 6241 AC", "P-07731205", 18_750_000),
    ("1.3.2.02.01.05.001", "Sepeda Motor", "0002", "Yamaha Jupiter Z1", 2020, "MH3SE88",
     "E3R2E-1184", "BD 6242 AC", "P-07731206", 17_900_000),
]  # fmt: skip
FOREIGN_PLATE = "BD 1862 KZ"
FUEL_KODES = ("5.1.02.01.01.0004", "5.1.02.03.02.0035")


def name_plates(g: ModuleType, opd: str, lines: list) -> None:
    """Write a plate into Dinkes's small fuel/servis BKU lines; plant one foreign plate.

    Only lines without a tax withholding (below Rp1,5 juta or paid in cash) are named, so
    the buku pembantu pajak, whose uraian repeats the BKU's, is unchanged.
    """
    plates = [v[7] for v in DINKES_VEHICLES]
    fuel = [
        i
        for i, x in enumerate(lines)
        if x.kode in FUEL_KODES and (x.keluar < 1_500_000 or x.cara == "Tunai")
    ]
    foreign = next(i for i in fuel if lines[i].date.month >= 8 and "BBM" in lines[i].uraian)
    for n, i in enumerate(fuel):
        x = lines[i]
        car = FOREIGN_PLATE if i == foreign else plates[n % len(plates)]
        head, _, month = x.uraian.partition(" bulan ")
        x.uraian = f"{head} {car} bulan {month}"
    x = lines[foreign]
    x.uraian = x.uraian.replace("Belanja BBM", "Belanja BBM Pertalite")
    g.plant(
        opd,
        f"{opd}/bku_pengeluaran_{YEAR}.csv",
        "",
        g.BKU_FIRST + foreign,
        "BBM-01",
        f"BBM Pertalite Rp{x.keluar:,} ".replace(",", ".")
        + f"untuk {FOREIGN_PLATE}, kendaraan yang tidak ada di KIB B Dinkes",
    )


def dinkes_kib(out: Path, g: ModuleType) -> None:
    """Dinas Kesehatan's KIB B: vehicles with plates and BPKB, laid out like PUPRKP's."""
    assets = [
        [kode, nama, reg, merk, tahun, "-", rangka, mesin, polisi, bpkb, "Pembelian", harga,
         "B", None]
        for kode, nama, reg, merk, tahun, rangka, mesin, polisi, bpkb, harga in DINKES_VEHICLES
    ]  # fmt: skip
    g.write_xlsx(
        out / "dinkes" / f"kib_{YEAR}.xlsx",
        g.kib_sheet(
            "dinkes",
            "KIB B",
            "KARTU INVENTARIS BARANG (KIB) B PERALATAN DAN MESIN",
            g.KIB_B_HEADER,
            assets,
            "Harga",
        ),
    )


def build(out: Path, g: ModuleType) -> None:
    """Write every second-wave file into `out` and record its planted cases."""
    rnd = random.Random(2017)
    dinkes_kib(out, g)
    honor_teams.build(out, g, rnd)
    registers.build(out, g, rnd)
    blud.build(out, g)
    grants_permits.build(out, g)
