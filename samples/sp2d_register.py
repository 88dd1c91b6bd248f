"""Register SP2D (kind `sp2d`) of PUPRKP, RSUD Curup and Dispusip (issue 17).

Two-row header with a merged `Potongan` parent over PPh 21 | PPh 22 | PPh 23 |
PPh Ps 4(2) | PPN | IWP. PUPRKP's register, whose LS rows name contracts, is built in
`registers.py` with these helpers. Planted: S2D-01 and S2D-02 at RSUD Curup. Dispusip's
register is clean with near misses (a TU settled on day 30, an LS of exactly Rp2.000.000
without tax).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from honor_lists import BULAN

YEAR = 2025
TOP = [
    "No",
    "Nomor SP2D",
    "Tanggal SP2D",
    "Jenis",
    "Uraian",
    "Nama Pihak Ketiga",
    "NPWP",
    "Nilai SP2D",
    "Potongan",
    None,
    None,
    None,
    None,
    None,
    "Jumlah Bersih",
]
SUB = [None] * 8 + ["PPh 21", "PPh 22", "PPh 23", "PPh Ps 4(2)", "PPN", "IWP", None]
TAXES = ["pph21", "pph22", "pph23", "pph4_2", "ppn", "iwp"]
MERGES = [f"{c}6:{c}7" for c in "ABCDEFGH"] + ["I6:N6", "O6:O7"]


@dataclass
class Sp2d:
    """One SP2D: date, jenis, uraian, gross, deductions; `short` nets leave one out."""

    date: dt.date
    jenis: str
    uraian: str
    bruto: int
    pot: dict[str, int] = field(default_factory=dict)
    penerima: str | None = None
    npwp: str | None = None
    short: int = 0  # netto recorded this much too high (S2D-02)
    tag: str = ""


def d(month: int, day: int) -> dt.date:
    """A date of the sample year."""
    return dt.date(YEAR, month, day)


def goods_tax(bruto: int) -> dict[str, int]:
    """PPN 11/111 and PPh 22 1,5 % of the base, withheld by the treasurer."""
    ppn = round(bruto * 11 / 111)
    return {"ppn": ppn, "pph22": round((bruto - ppn) * 0.015)}


def works_tax(bruto: int, rate: float) -> dict[str, int]:
    """PPN 11/111 and final PPh 4(2) on construction (1,75 %) or consultancy (3,5 %)."""
    ppn = round(bruto * 11 / 111)
    return {"ppn": ppn, "pph4_2": round((bruto - ppn) * rate)}


def routine(g: ModuleType, rnd: random.Random, up: int, gaji: int) -> list[Sp2d]:
    """UP in January, a GU and the LS Gaji every month."""
    rows = [Sp2d(d(1, 8), "UP", f"Uang Persediaan tahun anggaran {YEAR}", up)]
    for m in range(1, 13):
        first = min(x for x in g.WORKDAYS if x.month == m)
        pay = gaji + rnd.randrange(0, 40) * 250_000
        rows.append(
            Sp2d(
                first,
                "LS Gaji",
                f"Gaji dan tunjangan ASN bulan {BULAN[m - 1]}",
                pay,
                {"pph21": round(pay * 0.012), "iwp": round(pay * 0.04)},
            )
        )
        if m > 1:
            when = min(x for x in g.WORKDAYS if x.month == m and x.day >= 10)
            value = rnd.randrange(up // 5_000_000, up // 1_250_000) * 500_000
            rows.append(Sp2d(when, "GU", f"Ganti Uang Persediaan (GU) ke-{m - 1}", value))
    return rows


def netto(x: Sp2d) -> int:
    """Gross less every deduction, plus the planted shortfall."""
    return x.bruto - sum(x.pot.values()) + x.short


def write(out: Path, g: ModuleType, opd: str, items: list[Sp2d]) -> dict[str, int]:
    """Write the OPD's register; return the Excel row of each tagged SP2D."""
    items = sorted(items, key=lambda x: x.date)
    short = opd.upper().replace("_", "")
    data = []
    for i, x in enumerate(items):
        code = x.jenis.split()[0].upper()
        taxes = [x.pot.get(t) for t in TAXES]
        data.append(
            [
                i + 1,
                f"{i + 11:05d}/SP2D/{code}/{short}/{YEAR}",
                x.date,
                x.jenis,
                x.uraian,
                x.penerima,
                x.npwp,
                x.bruto,
                *taxes,
                netto(x),
            ]
        )
    total: list[object] = [None] * 4 + ["Jumlah", None, None]
    total += [sum(r[c] or 0 for r in data) for c in range(7, 15)]
    rows = [
        [g.TITLE],
        ["REGISTER SURAT PERINTAH PENCAIRAN DANA (SP2D)"],
        [g.skpd_line(opd)],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        TOP,
        SUB,
        *data,
        total,
        *g.signature(opd, 1, 9, len(TOP), "31 Desember 2025"),
    ]
    sheet = g.Sheet(
        "Register SP2D", rows, merges=MERGES, money_cols=list(range(8, 16)), first_data=8
    )
    g.write_xlsx(out / opd / f"register_sp2d_{YEAR}.xlsx", sheet)
    return {x.tag: 8 + i for i, x in enumerate(items) if x.tag}


def rsud(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """RSUD Curup: S2D-01 (TU settled after 49 days), S2D-02 (PPh 22 left in the net)."""
    items = routine(g, rnd, 750_000_000, 1_120_000_000)
    vendors = [
        ("PT Kimia Farma Trading & Distribution", "01.002.630.4-093.000"),
        ("PT Anugrah Argon Medica", "01.345.276.2-054.000"),
    ]
    for n, m in enumerate(range(2, 13, 2)):
        bruto = 180_000_000 + rnd.randrange(0, 120) * 1_000_000
        name, npwp = vendors[n % 2]
        items.append(
            Sp2d(
                min(x for x in g.WORKDAYS if x.month == m and x.day >= 20),
                "LS Barang dan Jasa",
                f"Pengadaan obat dan BMHP tahap {n + 1}",
                bruto,
                goods_tax(bruto),
                name,
                npwp,
                tag=f"obat{m}",
            )
        )
    plant02 = next(x for x in items if x.tag == "obat6")
    plant02.short = plant02.pot["pph22"]
    items += [
        Sp2d(d(3, 10), "TU", "Tambahan uang persediaan kegiatan survei akreditasi", 120_000_000),
        Sp2d(d(4, 7), "TU Nihil", "Pertanggungjawaban TU kegiatan survei akreditasi", 120_000_000),
        Sp2d(
            d(8, 4), "TU", "Tambahan uang persediaan penanganan KLB campak", 150_000_000, tag="tu"
        ),
        Sp2d(d(9, 22), "TU Nihil", "Pertanggungjawaban TU penanganan KLB campak", 150_000_000),
    ]
    rows = write(out, g, "rsud_curup", items)
    f_ = f"rsud_curup/register_sp2d_{YEAR}.xlsx"
    for row, rule, why in [
        (
            rows["tu"],
            "S2D-01",
            "TU Rp150 juta 04/08 baru di-TU-Nihil-kan 22/09 (49 hari, batas 30 hari)",
        ),
        (
            rows["obat6"],
            "S2D-02",
            f"netto obat Juni tidak dikurangi PPh 22 Rp{plant02.short:,}".replace(",", "."),
        ),
    ]:
        g.plant("rsud_curup", f_, "Register SP2D", row, rule, why)


def dispusip(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """Dispusip: clean, with a TU settled on day 30 and an LS of exactly Rp2.000.000."""
    items = routine(g, rnd, 120_000_000, 265_000_000)
    items += [
        Sp2d(d(5, 5), "TU", "Tambahan uang persediaan pameran buku daerah", 45_000_000),
        Sp2d(d(6, 4), "TU Nihil", "Pertanggungjawaban TU pameran buku daerah", 45_000_000),
        Sp2d(
            d(7, 21),
            "LS Barang dan Jasa",
            "Pengadaan personal computer ruang layanan",
            48_000_000,
            goods_tax(48_000_000),
            "CV Bengkulu Komputindo",
            "02.881.245.7-311.000",
        ),
        Sp2d(
            d(9, 16),
            "LS Barang dan Jasa",
            "Jasa servis AC ruang baca",
            2_000_000,
            {},
            "CV Sejuk Abadi",
            "03.114.872.9-311.000",
        ),
    ]
    write(out, g, "dispusip", items)


def build(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """Write the SP2D registers of RSUD Curup and Dispusip (PUPRKP's: registers.py)."""
    rsud(out, g, rnd)
    dispusip(out, g, rnd)
