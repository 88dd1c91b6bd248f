"""End to end: RSUD Curup's receivables list as a workbook → ingest → PIU-01 … PIU-03.

The daftar piutang BLUD per 31 December 2025 (BPJS, asuransi, pasien umum) holds one
planted case per rule among clean rows on the edges: a claim exactly 365 days old (still
0,5 %), an age given only in `Umur (hari)`, a blank `Sisa` computed from invoice − paid,
and rows the rules cannot judge or must warn about: an age column disagreeing with the
invoice date (the date is used, the cell is an input problem) and a blank `Sisa` with a
blank `Dibayar` (an input problem, never a silent pass).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.messages import render
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("PIU-01", "PIU-02", "PIU-03")
HEADER = ["No", "Nama Debitur", "No Tagihan", "Tanggal Tagihan", "Nilai Tagihan", "Dibayar",
          "Sisa", "Umur (hari)", "Penyisihan"]  # fmt: skip
FIRST = 7  # Excel row of the first data row (header on row 6)
RSUD = "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"


def d(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day)


# (debitur, nomor, tanggal, nilai, dibayar, sisa, umur, penyisihan)
# fmt: off
ROWS: list[tuple] = [
    # 0: exactly 365 days: ≤ 1 year, 0,5 % allowance is enough, not stale
    ("BPJS Kesehatan", "KLM/2024/12/001", d(2024, 12, 31), 100_000_000, 0, 100_000_000,
     365, 500_000),
    # 1: PIU-01 and PIU-03, 3 years old (50 %); the age column says 200: warned, date used
    ("PT Asuransi Sehat", "INV/2022/017", d(2022, 12, 31), 20_000_000, 5_000_000, None,
     200, 75_000),
    # 2: PIU-02, the payment did not reduce the balance
    ("BPJS Kesehatan", "KLM/2025/10/004", d(2025, 11, 10), 150_000_000, 100_000_000,
     150_000_000, 51, 750_000),
    # 3: age only in the column: 700 days, 10 % made: PIU-03 only
    ("Pasien Umum a.n. Darmawan", "INV/2024/101", None, 4_000_000, 1_000_000, 3_000_000,
     700, 300_000),
    # 4: blank Sisa and blank Dibayar: PIU-01 and PIU-03 cannot judge it
    ("Pasien Umum a.n. Yanti", "INV/2025/311", d(2025, 11, 16), 2_000_000, None, None,
     None, 0),
    ("Pasien Umum a.n. Sutrisno", "INV/2025/310", d(2025, 11, 15), 3_000_000, 0, 3_000_000,
     46, 15_000),
]
# fmt: on


def receivables_book(path: Path) -> Path:
    body = [[i + 1, *row] for i, row in enumerate(ROWS)]
    total = ["Jumlah", None, None, sum(r[3] for r in ROWS), None, None, None, None]
    sheet_rows = [
        [TITLE_PEMKAB], ["DAFTAR PIUTANG BLUD RSUD CURUP"], ["PER 31 DESEMBER 2025"],
        [f"SKPD : {RSUD}"], [], HEADER, *body, total, *signature(left=1, right=7),
    ]  # fmt: skip
    return write_xlsx(path, Sheet("Piutang", sheet_rows))


def run(tmp: Path) -> tuple:
    inputs = [
        ingest_file(receivables_book(tmp / "rsud" / "piutang_2025.xlsx"), IngestOptions(root=tmp))
    ]
    assert [doc.kind for i in inputs for doc in i.documents()] == ["piutang"]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))
    return report, inputs


def test_receivable_rules_end_to_end(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    found = {
        (f.rule_id, f.bpk_code, f.severity, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    assert {(k[0], k[1], str(k[2])) for k in found} == {
        ("PIU-01", "1.04.09", "medium"), ("PIU-02", "2.01.01", "low"),
        ("PIU-03", "1.02.08", "info"),
    }  # fmt: skip
    amounts = {(k[0], k[3]): v for k, v in found.items()}
    assert amounts == {
        ("PIU-01", (FIRST + 1,)): 7_425_000_00,  # 50 % of 15.000.000 − 75.000
        ("PIU-02", (FIRST + 2,)): 100_000_000_00,
        ("PIU-03", (FIRST + 1,)): 15_000_000_00,  # blank sisa = nilai − dibayar
        ("PIU-03", (FIRST + 3,)): 3_000_000_00,  # age from the column
    }
    piu01 = next(f for f in report.findings if f.rule_id == "PIU-01")
    assert "1.096 hari" in piu01.text("message", "id") and "50 %" in piu01.text("message", "id")


def test_unjudged_rows_and_a_disagreeing_age_are_input_problems(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    notices = sorted((n.params["rule"], n.key, n.cell) for n in report.notices)
    assert notices == [
        ("PIU-01", "notice_piutang_age_mismatch", f"H{FIRST + 1}"),
        ("PIU-01", "notice_piutang_sisa_unknown", f"G{FIRST + 4}"),
        ("PIU-03", "notice_piutang_age_mismatch", f"H{FIRST + 1}"),
        ("PIU-03", "notice_piutang_sisa_unknown", f"G{FIRST + 4}"),
    ]
    mismatch = next(n for n in report.notices if n.key == "notice_piutang_age_mismatch")
    text = render(mismatch.key, "id", **mismatch.params)
    assert "umur 200 hari di kolom, 1.096 hari dari tanggal tagihan 31/12/2022" in text
    assert "INV/2022/017" in text and "31/12/2025" in text
    outcomes = {o.rule_id: o for o in report.outcomes}
    assert outcomes["PIU-01"].status is Status.FAILED
    assert outcomes["PIU-01"].reason_key == "rows_unchecked"
    assert "1 row(s) could not be checked" in (outcomes["PIU-01"].reason_in("en") or "")


def test_without_penyisihan_piu01_does_not_apply_and_unjudged_only_is_an_error(
    tmp_path: Path,
) -> None:
    header = ["No", "Nama Debitur", "Tanggal Tagihan", "Nilai Tagihan", "Dibayar", "Sisa"]
    rows = [[1, "Pasien Umum a.n. Yanti", d(2024, 6, 1), 2_000_000, None, None]]
    sheet = [[TITLE_PEMKAB], ["DAFTAR PIUTANG BLUD"], [], [f"SKPD : {RSUD}"], [], header, *rows]
    path = write_xlsx(tmp_path / "piutang.xlsx", Sheet("Piutang", sheet))
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))
    status = {o.rule_id: o.status for o in report.outcomes}
    assert status == {
        "PIU-01": Status.NOT_APPLICABLE, "PIU-02": Status.PASSED, "PIU-03": Status.ERROR,
    }  # fmt: skip
    assert [n.key for n in report.notices] == ["notice_piutang_sisa_unknown"]
