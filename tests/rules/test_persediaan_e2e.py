"""End to end: a pharmacy stock report as a workbook → ingest → PRS-01 … PRS-03.

RSUD Curup's laporan persediaan obat dan BMHP per 31 December 2025 (title block, SKPD
line, header, Jumlah row, signatures) holds one planted case per rule among clean rows
on the edges: quantities typed as text (`1.250`, `1,5`), an item expiring exactly on the
as-of date, an expired item with no stock left, an item without an expiry date.
Dinas Kesehatan's stock report is clean.
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

RULES = ("PRS-01", "PRS-02", "PRS-03")
HEADER = ["No", "Kode Barang", "Nama Barang", "Satuan", "Saldo Awal", "Masuk", "Keluar",
          "Saldo Akhir", "Harga Satuan", "Nilai", "Tgl Kedaluwarsa"]  # fmt: skip
FIRST = 7  # Excel row of the first data row (header on row 6)
RSUD = "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"
DINKES = "1.02.0.00.0.00.01.0000 Dinas Kesehatan"


def d(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day)


# (kode, nama, satuan, saldo awal, masuk, keluar, saldo akhir, harga, nilai, kedaluwarsa)
# fmt: off
RSUD_ROWS: list[tuple] = [
    ("OBT-001", "Paracetamol 500 mg", "tablet", "1.250", "2.000", "1.750", "1.500", 150,
     225000, d(2027, 5, 31)),
    ("OBT-014", "Povidone Iodine 1 L", "botol", "2,5", "1", "1,5", "2", 85000, 170000,
     d(2026, 2, 28)),
    # 2: PRS-01, 100 tablets short
    ("OBT-020", "Amoxicillin 500 mg", "kapsul", 500, 1000, 900, 500, 400, 200000,
     d(2026, 8, 31)),
    # 3: PRS-02, expired on 30/12/2025 with 30 vials left
    ("OBT-030", "Ceftriaxone 1 g", "vial", 40, 0, 10, 30, 12500, 375000, d(2025, 12, 30)),
    # 4: expiring exactly on the as-of date: not expired yet
    ("OBT-031", "Ringer Laktat 500 ml", "kolf", 20, 0, 5, 15, 9000, 135000, d(2025, 12, 31)),
    # 5: expired but no stock left
    ("OBT-032", "Dexamethasone 0,5 mg", "tablet", 100, 0, 100, 0, 200, 0, d(2025, 6, 30)),
    # 6: PRS-03, more issued than available: a negative balance
    ("BHP-007", "Spuit 3 cc", "pcs", 100, 50, 180, -30, 2500, -75000, d(2028, 1, 31)),
    ("BHP-010", "Kasa Steril", "pak", 12, 0, 2, 10, 15000, 150000, None),
]
DINKES_ROWS: list[tuple] = [
    ("VKS-002", "Vaksin BCG", "vial", "1,5", 10, "3,5", 8, 60000, 480000, d(2026, 6, 30)),
    ("ATK-003", "Kertas HVS A4", "rim", 10, 0, 4, 6, 55000, 330000, None),
]
# fmt: on


def stock_book(path: Path, skpd: str, rows: list[tuple]) -> Path:
    body = [[i + 1, *row] for i, row in enumerate(rows)]
    total = ["Jumlah", *[None] * 8, sum(r[8] for r in rows), None]
    sheet_rows = [
        [TITLE_PEMKAB], ["LAPORAN PERSEDIAAN OBAT DAN BMHP"], ["PER 31 DESEMBER 2025"],
        [f"SKPD : {skpd}"], [], HEADER, *body, total, *signature(left=1, right=9),
    ]  # fmt: skip
    return write_xlsx(path, Sheet("Persediaan", sheet_rows))


def run(tmp: Path) -> tuple:
    paths = [
        stock_book(tmp / "rsud" / "persediaan_2025.xlsx", RSUD, RSUD_ROWS),
        stock_book(tmp / "dinkes" / "persediaan_2025.xlsx", DINKES, DINKES_ROWS),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp)) for p in paths]
    assert [doc.kind for i in inputs for doc in i.documents()] == ["persediaan", "persediaan"]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))
    return report, inputs


def test_stock_rules_end_to_end(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    found = {
        (f.rule_id, f.bpk_code, f.locations[0].file, tuple(loc.row for loc in f.locations)): (
            f.amount_sen
        )
        for f in report.findings
    }
    rsud = "rsud/persediaan_2025.xlsx"
    assert found == {
        ("PRS-01", "2.01.01", rsud, (FIRST + 2,)): 40_000_00,  # 100 kapsul × 400
        ("PRS-02", "3.03.03", rsud, (FIRST + 3,)): 375_000_00,  # 30 vial × 12.500
        ("PRS-03", "2.01.01", rsud, (FIRST + 6,)): None,
    }
    prs01 = next(f for f in report.findings if f.rule_id == "PRS-01")
    text = prs01.text("message", "id")
    assert "Amoxicillin 500 mg" in text and "= 600" in text and "saldo akhir tercatat 500" in text
    prs02 = next(f for f in report.findings if f.rule_id == "PRS-02")
    assert "30/12/2025" in prs02.text("message", "en") and "1 days" in prs02.text("message", "en")


def test_clean_stock_report_passes_every_rule(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    dinkes = [o for o in report.outcomes if o.opd and o.opd.code.startswith("1.02.0.00.0.00.01")]
    assert sorted(o.rule_id for o in dinkes) == list(RULES)
    assert all(o.status is Status.PASSED for o in dinkes)


def test_expiry_dates_years_ahead_say_nothing_about_the_period(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    assert [n.key for n in report.notices if n.key.startswith("period_")] == []
