"""End to end: daftar perjalanan dinas workbooks → ingest → the perjadin rules (PD-01 … PD-05).

Dinas Kesehatan's list for the first quarter of 2025 (title block, SKPD line, header,
data, Jumlah row, signature) holds one planted case per rule among clean trips that sit
on the edges: a return day equal to the next departure day, a trip at exactly the
eselon III hotel ceiling, an in-town trip at exactly the in-town rate, a month-end
trip, another person travelling on the overlapping days, and a Jakarta trip (no rate
configured: not judged). DPMPTSP's list (two-row header, NIPs written with spaces) is
clean. Every finding must be a planted case, with rule, BPK code, Excel rows and amount
to the sen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("PD-01", "PD-02", "PD-03", "PD-04", "PD-05")
BPK = {"PD-01": "1.01.07", "PD-02": "1.01.07", "PD-03": "1.01.07", "PD-04": "1.01.07"}
BPK["PD-05"] = "2.01.01"
HEADER = [
    "No", "Nama Pegawai", "NIP", "Pangkat/Gol", "Jabatan/Eselon", "No SPT", "Tujuan",
    "Provinsi Tujuan", "Tgl Berangkat", "Tgl Kembali", "Lama (hari)", "Uang Harian (Rp)",
    "Penginapan (Rp)", "Jumlah Malam", "Transport (Rp)", "Jumlah (Rp)",
]  # fmt: skip
FIRST_ROW = 7  # Excel row of the first trip (header on row 6)

RATNA = ("dr. RATNA SARI", "198003122006042015", "Pembina / IV.a", "Kepala Bidang / III.a")
DEDI = ("Ns. DEDI PRASETYO, S.Kep", "199001012015031002", "Penata Muda / III.a", "Staf")
HENDRA = ("HENDRA GUNAWAN", "198805052010011001", "Pengatur / II.c", "Staf")
ZUL = ("ZULKARNAIN, S.T.", "198207072009041003", "Penata Tk.I (III/d)", "-")
MERI = ("MERI ANDRIANI, S.E.", "198811112012122001", "Penata / III.c", "Kasubbag Umum / IV.a")
FAUZI = (
    "dr. H. AHMAD FAUZI, M.Kes",
    "197001011990031001",
    "Pembina Utama Muda (IV/c)",
    "Kepala Dinas / II.a",
)


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


# (person, no SPT, tujuan, provinsi, berangkat, kembali, lama, uang harian, penginapan,
#  malam, transport, jumlah) — money in rupiah as typed in the sheet
# fmt: off
DINKES_TRIPS: list[tuple] = [
    # 0: eselon III, hotel exactly at the ceiling (2 × 1.546.000)
    (RATNA, "094/015/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(1, 13), d(1, 15), 3,
     1140000, 3092000, 2, 500000, 4732000),
    # 1: departs on the day trip 0 returns: not an overlap
    (RATNA, "094/016/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(1, 15), d(1, 17), 3,
     1140000, 2400000, 2, 500000, 4040000),
    # 2 + 3: PD-01, the second trip lies inside the first
    (HENDRA, "094/020/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(1, 20), d(1, 22), 3,
     1140000, 1384000, 2, 400000, 2924000),
    (HENDRA, "094/021/SPT/DINKES/2025", "Kab. Kepahiang", "Bengkulu", d(1, 21), d(1, 22), 2,
     760000, 692000, 1, 300000.5, 1752000.5),
    # 4: someone else on the same days: clean
    (ZUL, "094/022/SPT/DINKES/2025", "Kab. Kepahiang", "Bengkulu", d(1, 21), d(1, 22), 2,
     760000, 692000, 1, 300000, 1752000),
    # 5: PD-02, 3 days claimed for 3–4 February (2 days); 380.000/day is the rate
    (DEDI, "094/030/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(2, 3), d(2, 4), 3,
     1140000, 692000, 1, 400000, 2232000),
    # 6: PD-03, 450.000/day against 380.000
    (MERI, "094/041/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(2, 10), d(2, 12), 3,
     1350000, 1384000, 2, 450000, 3184000),
    # 7: in town (kecamatan of Rejang Lebong) at exactly the in-town rate, no hotel
    (HENDRA, "094/045/SPT/DINKES/2025", "Kec. Bermani Ulu", None, d(2, 14), d(2, 14), 1,
     150000, None, None, 100000, 250000),
    # 8: month end, 28 February – 1 March 2025 = 2 days
    (MERI, "094/048/SPT/DINKES/2025", "Kab. Lebong", "Bengkulu", d(2, 28), d(3, 1), 2,
     760000, 692000, 1, 300000, 1752000),
    # 9: PD-04, eselon II hotel 1.750.000/night against 1.628.000
    (FAUZI, "094/050/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(3, 3), d(3, 5), 3,
     1140000, 3500000, 2, 600000, 5240000),
    # 10: PD-05, the total is Rp 100.000,50 more than its items
    (DEDI, "094/055/SPT/DINKES/2025", "Kota Bengkulu", "Bengkulu", d(3, 10), d(3, 11), 2,
     760000, 692000, 1, 350000, 1902000.5),
    # 11: DKI Jakarta has no configured rate: not judged by PD-03/PD-04
    (RATNA, "094/060/SPT/DINKES/2025", "Jakarta Pusat", "DKI Jakarta", d(3, 17), d(3, 20), 4,
     2120000, 2850000, 3, 3500000, 8470000),
    # 12: PD-04, same-day return (0 nights, Jumlah Malam blank) with a hotel paid: all of it
    (HENDRA, "094/070/SPT/DINKES/2025", "Kab. Kepahiang", "Bengkulu", d(3, 24), d(3, 24), 1,
     380000, 350000.5, None, 300000, 1030000.5),
]
# fmt: on


def trip_rows(trips: list[tuple]) -> list[list[object]]:
    rows = []
    for i, (person, spt, tujuan, prov, go, back, lama, uh, hotel, malam, tr, total) in enumerate(
        trips
    ):
        rows.append(
            [i + 1, *person, spt, tujuan, prov, go, back, lama, uh, hotel, malam, tr, total]
        )
    return rows


def total_row(trips: list[tuple]) -> list[object]:
    def col(i: int) -> float:
        return sum(t[i] or 0 for t in trips)

    return ["Jumlah", *[None] * 10, col(7), col(8), None, col(10), col(11)]


def dinkes_workbook(tmp: Path) -> Path:
    rows = [
        [TITLE_PEMKAB],
        ["DAFTAR PERJALANAN DINAS"],
        ["TRIWULAN I TAHUN 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        HEADER,
        *trip_rows(DINKES_TRIPS),
        total_row(DINKES_TRIPS),
        *signature(left=1, right=9),
    ]
    last = FIRST_ROW + len(DINKES_TRIPS)
    sheet = Sheet("Perjadin", rows, formats={f"L{FIRST_ROW}:P{last}": "#,##0.00"})
    return write_xlsx(tmp / "dinkes" / "perjadin_tw1_2025.xlsx", sheet)


def dpmptsp_workbook(tmp: Path) -> Path:
    """Two-row header (`Tanggal` → Berangkat/Kembali, `Biaya` → …), NIPs with spaces."""
    header = [
        ["No", "Nama", "NIP", "Golongan", "Nomor SPT", "Kota Tujuan", "Provinsi", "Tanggal",
         None, "Lama", "Biaya (Rp)", None, None, None, "Total"],
        [None] * 8 + ["Kembali", None, "Uang Harian", "Hotel", "Jumlah Malam", "Tiket", None],
    ]  # fmt: skip
    header[1][7] = "Berangkat"
    agus = ["AGUS SALIM, S.E.", "19750505 199803 1 004", "III/d"]
    rows = [
        [TITLE_PEMKAB],
        ["DAFTAR PERJALANAN DINAS (SPPD)"],
        ["SKPD : 2.18.0.00.0.00.01.0000 Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"],
        [],
        *header,
        [1, *agus, "090/007/SPT/DPMPTSP/2025", "Kota Bengkulu", "Bengkulu", "03/02/2025",
         "05/02/2025", "3 hari", "1.140.000,00", "1.384.000,00", 2, "650.000,00",
         "3.174.000,00"],
        # returns on 5 February, leaves again on 5 February: clean
        [2, "AGUS SALIM, S.E.", "197505051998031004", "III/d", "090/008/SPT/DPMPTSP/2025",
         "Kab. Seluma", "Bengkulu", "05/02/2025", "06/02/2025", "2 hari", "760.000,00",
         "692.000,00", 1, "300.000,00", "1.752.000,00"],
        [None, "Jumlah", None, None, None, None, None, None, None, None, "1.900.000,00",
         "2.076.000,00", None, "950.000,00", "4.926.000,00"],
        *signature(left=1, right=9, head="Kepala Dinas"),
    ]  # fmt: skip
    merges = ["H5:I5", "K5:N5"]
    return write_xlsx(tmp / "dpmptsp" / "sppd_februari.xlsx", Sheet("SPPD", rows, merges=merges))


def row_of(trip: int) -> int:
    return FIRST_ROW + trip


def test_perjadin_rules_end_to_end(tmp_path: Path) -> None:
    paths = [dinkes_workbook(tmp_path), dpmptsp_workbook(tmp_path)]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    docs = [doc for inp in inputs for doc in inp.documents()]
    assert [doc.kind for doc in docs] == ["perjadin", "perjadin"]
    assert [doc.opd.code if doc.opd else None for doc in docs] == [
        "1.02.0.00.0.00.01.0000",
        "2.18.0.00.0.00.01.0000",
    ]
    assert "III/d" in set(docs[1].frame["golongan"].dropna())  # two-row header mapped

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-03-31"), select=RULES))

    errors = [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert not errors
    found = {
        (f.rule_id, f.bpk_code, f.locations[0].file, tuple(loc.row for loc in f.locations)): (
            f.amount_sen
        )
        for f in report.findings
    }
    dinkes = "dinkes/perjadin_tw1_2025.xlsx"
    expected = {
        ("PD-01", (row_of(2), row_of(3))): 1_752_000_50,  # jumlah of the later trip
        ("PD-02", (row_of(5),)): 380_000_00,  # one extra day × 1.140.000 / 3
        ("PD-03", (row_of(6),)): 210_000_00,  # (450.000 − 380.000) × 3
        ("PD-04", (row_of(9),)): 244_000_00,  # (1.750.000 − 1.628.000) × 2
        ("PD-04", (row_of(12),)): 350_000_50,  # 0 nights: the whole penginapan
        ("PD-05", (row_of(10),)): 100_000_50,
    }
    assert found == {
        (rule, BPK[rule], dinkes, rows): amount for (rule, rows), amount in expected.items()
    }
    assert len(report.findings) == len(expected)

    by_rule = {f.rule_id: f for f in report.findings if f.locations[0].row != row_of(12)}
    assert by_rule["PD-03"].message == (
        "SPT 094/041/SPT/DINKES/2025 MERI ANDRIANI, S.E. (NIP 198811112012122001) ke Kota "
        "Bengkulu: uang harian Rp 1.350.000 untuk 3 hari (Rp 450.000/hari) melebihi standar "
        "Bengkulu, luar kota Rp 380.000/hari, kelebihan Rp 210.000"
    )
    assert "Rp 3.500.000 untuk 2 malam melebihi batas Bengkulu, eselon II Rp 1.628.000/malam" in (
        by_rule["PD-04"].message
    )
    assert by_rule["PD-04"].locations[0].cell == f"M{row_of(9)}"
    same_day = next(f for f in report.findings if f.locations[0].row == row_of(12))
    assert same_day.message == (
        "SPT 094/070/SPT/DINKES/2025 HENDRA GUNAWAN (NIP 198805052010011001): biaya "
        "penginapan Rp 350.000,50 untuk 0 malam melebihi batas Bengkulu, golongan II "
        "Rp 692.000/malam, kelebihan Rp 350.000,50"
    )
    assert by_rule["PD-01"].severity.value == "high"
    assert all(f.opd is not None and f.opd.code.startswith("1.02.") for f in report.findings)
