"""End to end: a Buku Pembantu Pajak workbook → ingest → the pajak rules (PJK-01 … PJK-03).

Dinas Kesehatan's tax ledger for January–May 2025 (title block, SKPD line, Saldo
Sebelumnya, Jumlah row, signature), run at 20 May 2025, with one planted case per rule
among clean rows: a withholding never deposited (PJK-01), a PPN deposit after its
deadline, which Lebaran moved to 8 April (PJK-02), and a deposit without NTPN (PJK-03).
Clean rows include a deposit under another voucher number (matched by tax type and
amount) and an April PPN withholding not yet due.

A second ledger (the second wave's corrections) writes one tax in several spellings
(`PPh 23` / `Pph pasal 23` / `PPh Ps.23`, `Pajak Pertambahan Nilai` / `PPN`, `PPh Ps 4
ayat 2` / `PPh Final`) and pays a month's withholdings with one billing: correct rows
give nothing; a billing short of its month, a January withholding that February's
billing does not pay, and a combined billing a day late are found, to the sen.
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

RULES = ("PJK-01", "PJK-02", "PJK-03")
BPK = {"PJK-01": "1.03.01", "PJK-02": "1.04.10", "PJK-03": "1.04.01"}
HEADER_ROW = 7
HEADER = [
    "No",
    "Tanggal",
    "No Bukti",
    "Uraian",
    "Jenis Pajak",
    "Penerimaan (Rp)",
    "Pengeluaran (Rp)",
    "Saldo (Rp)",
    "NTPN",
    "Kode Billing",
]
OPENING = 0


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


# (date, bukti, uraian, jenis, pungut sen, setor sen, NTPN, kode billing)
Line = tuple[dt.datetime, str, str, str, int, int, str | None, str | None]
# fmt: off
LINES: list[Line] = [
    # due 15 February, a Saturday → Monday 17 February: deposited on the day, clean
    (d(1, 20), "0005/BKU/I/2025", "Pungut PPh 23 sewa tenda", "PPh 23", 200_000_00, 0,
     None, None),
    (d(2, 17), "0005/BKU/I/2025", "Setor PPh 23 sewa tenda", "PPh 23", 0, 200_000_00,
     "0A1B2C3D4E5F6G70", "820250217000101"),
    (d(2, 5), "0012/BKU/II/2025", "Pungut PPh 21 honor narasumber", "PPh 21",
     450_000_00, 0, None, None),
    (d(2, 7), "0012/BKU/II/2025", "Setor PPh 21 honor narasumber", "PPh 21",
     0, 450_000_00, "0A1B2C3D4E5F6G71", "820250207000102"),
    # PPN of February: due end of March = Idul Fitri, moved past cuti bersama to 8 April
    (d(2, 20), "0024/BKU/II/2025", "Pungut PPN belanja ATK", "PPN", 1_100_000_00, 0,
     None, None),
    # PJK-01: withheld, never deposited (due 15 April)
    (d(3, 12), "0123/BKU/III/2025", "Pungut PPh 23 jasa kebersihan CV Bersih", "PPh 23",
     450_000_00, 0, None, None),
    (d(3, 20), "0130/BKU/III/2025", "Pungut PPh 22 belanja ATK", "PPh 22", 16_500_00, 0,
     None, None),
    # PJK-03: deposited the same day, no NTPN recorded
    (d(3, 20), "0130/BKU/III/2025", "Setor PPh 22 belanja ATK", "PPh 22", 0, 16_500_00,
     None, "820250320000103"),
    # PJK-02: the February PPN deposited on 10 April, two days after its deadline
    (d(4, 10), "0024/BKU/II/2025", "Setor PPN belanja ATK", "PPN", 0, 1_100_000_00,
     "0A1B2C3D4E5F6G74", "820250410000106"),
    (d(4, 14), "0150/BKU/IV/2025", "Pungut PPh 4(2) sewa gedung", "PPh 4(2)",
     2_000_000_00, 0, None, None),
    (d(4, 15), "0150/BKU/IV/2025", "Setor PPh 4(2) sewa gedung", "PPh 4(2)",
     0, 2_000_000_00, "0A1B2C3D4E5F6G72", "820250415000104"),
    # not yet due at 20 May: PPN of April is due end of May (31 May Saturday → 2 June)
    (d(4, 28), "0160/BKU/IV/2025", "Pungut PPN belanja modal", "PPN", 3_300_000_00, 0,
     None, None),
    (d(5, 2), "0170/BKU/V/2025", "Pungut PPh 21 TPP", "PPh 21", 1_250_000_50, 0, None, None),
    # deposited under the billing number: matched by tax type and amount
    (d(5, 9), "BILL/0509", "Setor PPh 21 TPP", "PPh 21", 0, 1_250_000_50,
     "0A1B2C3D4E5F6G73", "820250509000105"),
]
# fmt: on


def pajak_sheet(lines: list[Line]) -> Sheet:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["BUKU PEMBANTU PAJAK"],
        ["BENDAHARA PENGELUARAN"],
        ["PERIODE : JANUARI S.D. MEI 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        [],
        HEADER,
        [None, None, None, "Saldo Sebelumnya", None, 0, 0, OPENING / 100],
    ]
    saldo = OPENING
    for i, (day, bukti, uraian, jenis, pungut, setor, ntpn, billing) in enumerate(lines):
        saldo += pungut - setor
        rows.append(
            [
                i + 1,
                day,
                bukti,
                uraian,
                jenis,
                pungut / 100,
                setor / 100,
                saldo / 100,
                ntpn,
                billing,
            ]
        )
    rows.append(
        [
            None,
            None,
            None,
            "Jumlah",
            None,
            sum(x[4] for x in lines) / 100,
            sum(x[5] for x in lines) / 100,
            saldo / 100,
        ]
    )
    rows += signature(left=0, right=4)
    return Sheet("Buku Pajak", rows)


def row_of(line: int) -> int:
    """Excel row of a data line (0-based): below the header and the Saldo Sebelumnya row."""
    return HEADER_ROW + 2 + line


def test_pajak_rules_end_to_end(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dinkes" / "bpp_januari_mei_2025.xlsx", pajak_sheet(LINES))
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    assert [doc.kind for doc in inputs[0].documents()] == ["pajak"]

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-05-20"), select=RULES))

    assert {o.rule_id: o.status for o in report.outcomes} == dict.fromkeys(RULES, Status.FAILED)
    found = {
        (f.rule_id, f.bpk_code, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    expected = {
        ("PJK-01", (row_of(5),)): 450_000_00,  # PPh 23 never deposited
        ("PJK-02", (row_of(8),)): 1_100_000_00,  # PPN of February deposited 10/04 (due 08/04)
        ("PJK-03", (row_of(7),)): None,  # PPh 22 deposit without NTPN
    }
    assert found == {(rule, BPK[rule], rows): amount for (rule, rows), amount in expected.items()}
    assert len(report.findings) == 3
    for f in report.findings:
        assert f.locations[0].file == "dinkes/bpp_januari_mei_2025.xlsx"
        assert f.opd is not None and f.opd.code == "1.02.0.00.0.00.01.0000"

    by_rule = {f.rule_id: f for f in report.findings}
    assert by_rule["PJK-01"].message == (
        "PPh 23 Rp 450.000 dipungut 12/03/2025 (bukti 0123/BKU/III/2025): Rp 450.000 belum "
        "disetor; batas setor 15/04/2025"
    )
    assert "batas setor 08/04/2025, terlambat 2 hari" in by_rule["PJK-02"].message
    assert "pungutan 20/02/2025" in by_rule["PJK-02"].message
    assert by_rule["PJK-02"].locations[0].cell == f"B{row_of(8)}"
    assert by_rule["PJK-03"].locations[0].cell == f"I{row_of(7)}"


# fmt: off
COMBINED: list[Line] = [
    # PJK-01: January's withholding is never deposited (due 17 February)
    (d(1, 15), "0009/BKU/I/2025", "Pungut PPh 23 jasa service AC", "PPh 23", 80_000_00, 0,
     None, None),
    (d(2, 3), "0031/BKU/II/2025", "Pungut PPh 23 jasa kebersihan", "PPh 23", 60_000_00, 0,
     None, None),
    (d(2, 10), "0038/BKU/II/2025", "Pungut PPh 23 sewa kendaraan", "Pph pasal 23",
     40_000_00, 0, None, None),
    # February's billing (on time): pays February, not the January hole
    (d(3, 10), "BILL/0310", "Setor PPh 23 masa Februari", "PPh Ps.23", 0, 100_000_00,
     "0A1B2C3D4E5F6G80", "820250310000201"),
    # PPN written out in full: same tax as "PPN", PPN deadline (Lebaran: 8 April)
    (d(2, 20), "0045/BKU/II/2025", "Pungut PPN belanja ATK", "Pajak Pertambahan Nilai",
     1_100_000_00, 0, None, None),
    (d(4, 8), "0045/BKU/II/2025", "Setor PPN belanja ATK", "PPN", 0, 1_100_000_00,
     "0A1B2C3D4E5F6G81", "820250408000202"),
    # two PPh 21 withholdings of March, one billing to the sen
    (d(3, 3), "0061/BKU/III/2025", "Pungut PPh 21 honor narasumber", "PPh Pasal 21",
     300_000_00, 0, None, None),
    (d(3, 20), "0075/BKU/III/2025", "Pungut PPh 21 honor tim", "PPh 21", 150_000_50, 0,
     None, None),
    (d(4, 14), "BILL/0414", "Setor PPh 21 masa Maret", "PPh21", 0, 450_000_50,
     "0A1B2C3D4E5F6G82", "820250414000203"),
    # PPh 4(2) under another voucher and spelling: matched by tax and amount
    (d(3, 5), "0063/BKU/III/2025", "Pungut PPh 4(2) sewa gedung", "PPh Ps 4 ayat 2",
     2_000_000_00, 0, None, None),
    (d(4, 10), "BILL/0410", "Setor PPh final sewa gedung", "PPh Final", 0, 2_000_000_00,
     "0A1B2C3D4E5F6G83", "820250410000204"),
    # PJK-01: April's PPh 22 billing is Rp 250.000,50 short: the later withholding
    (d(4, 10), "0090/BKU/IV/2025", "Pungut PPh 22 belanja modal", "PPh 22",
     1_500_000_00, 0, None, None),
    (d(4, 22), "0102/BKU/IV/2025", "Pungut PPh 22 belanja ATK", "PPh Ps. 22", 750_000_50,
     0, None, None),
    (d(5, 12), "BILL/0512", "Setor PPh 22 masa April", "PPh 22", 0, 2_000_000_00,
     "0A1B2C3D4E5F6G84", "820250512000205"),
    # PJK-02: April's PPh 21 in one billing on 16 May, a day after its deadline
    (d(4, 7), "0088/BKU/IV/2025", "Pungut PPh 21 honor April", "PPh 21", 200_000_00, 0,
     None, None),
    (d(4, 25), "0110/BKU/IV/2025", "Pungut PPh 21 TPP April", "PPh Pasal 21", 125_000_00,
     0, None, None),
    (d(5, 16), "BILL/0516", "Setor PPh 21 masa April", "PPh 21", 0, 325_000_00,
     "0A1B2C3D4E5F6G85", "820250516000206"),
]
# fmt: on


def test_folded_tax_names_and_combined_billings_end_to_end(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dinkes" / "bpp_gabungan_2025.xlsx", pajak_sheet(COMBINED))
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-05-31"), select=RULES))

    found = {
        (f.rule_id, tuple(loc.row for loc in f.locations)): f.amount_sen for f in report.findings
    }
    assert found == {
        ("PJK-01", (row_of(0),)): 80_000_00,  # January's PPh 23, never deposited
        ("PJK-01", (row_of(12),)): 250_000_50,  # what April's PPh 22 billing left unpaid
        ("PJK-02", (row_of(16),)): 325_000_00,  # April's PPh 21 billing, a day late
    }
    by_row = {f.locations[0].row: f for f in report.findings}
    assert by_row[row_of(12)].message == (
        "PPh Ps. 22 Rp 750.000,50 dipungut 22/04/2025 (bukti 0102/BKU/IV/2025): "
        "Rp 250.000,50 belum disetor; batas setor 15/05/2025"
    )
    assert "pungutan 07/04/2025; batas setor 15/05/2025, terlambat 1 hari" in (
        by_row[row_of(16)].message
    )
    assert {o.rule_id: o.status for o in report.outcomes}["PJK-03"] == Status.PASSED
