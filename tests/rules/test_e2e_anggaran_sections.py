"""End to end: BPKAD's consolidated LRA of three SKPDs → one document per SKPD → ANG-01 … ANG-03.

BPKAD hands in one `LRA per SKPD` sheet: Dinas Kesehatan, RSUD Curup and DPMPTSP one
after the other, each headed by its kode SKPD and name (with the SKPD's own totals on the
heading row), its account tree and `JUMLAH BELANJA <SKPD>`, then `JUMLAH BELANJA DAERAH`
over all three. Planted: RSUD's ATK account spends Rp 1.000.000 above its pagu (ANG-01,
on RSUD only: read as one table, the other SKPDs' slack on the same account hid it),
DPMPTSP has absorbed 25 % by 30 September (ANG-02 on DPMPTSP only), and one DPMPTSP
subtotal is typed Rp 5.000.000 too high (ANG-03, checked along DPMPTSP's own tree).
Dinas Kesehatan is clean. Each SKPD's budget is its own section's total, not the sum.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from rl_audit.config import Config
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Measure, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.report.json_report import report_dict, validate
from rl_audit.report.xlsx.report import build_workbook
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from rl_audit.run import CheckRequest, run_check
from tests.ingest.builders import Leaf, Sheet, consolidated_lra_rows, write_xlsx

RULES = ("ANG-01", "ANG-02", "ANG-03")
BPK = {"ANG-01": "1.04.16", "ANG-02": "3.03.05", "ANG-03": "2.01.01"}
DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
DPMPTSP = ("2.18.0.00.0.00.01.0000", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
ATK = ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")
# fmt: off
SECTIONS: list[tuple[tuple[str, str], list[Leaf]]] = [
    (DINKES, [(*ATK, 25_000_000, 20_000_000),
              ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
               10_000_000, 8_500_000)]),
    # ANG-01: 21.000.000 spent on a pagu of 20.000.000
    (RSUD, [(*ATK, 20_000_000, 21_000_000),
            ("5.2.02.05.01.0001", "Belanja Modal Mebel", 300_000_000, 250_000_000)]),
    # ANG-02: 5.000.000 of 20.000.000 (25 %) by 30 September
    (DPMPTSP, [(*ATK, 5_000_000, 1_000_000),
               ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Administrasi", 15_000_000,
                4_000_000)]),
]
# fmt: on
WRONG_SUBTOTAL = (DPMPTSP[0], "5.1.02.02", 5_000_000)  # ANG-03: typed too high (sisa follows)


def consolidated_workbook(tmp: Path) -> tuple[Path, dict[tuple[str, str], int]]:
    rows, where = consolidated_lra_rows(SECTIONS)
    line = list(rows[where[WRONG_SUBTOTAL[:2]] - 1])
    budget, real = float(line[2]) + WRONG_SUBTOTAL[2], float(line[3])  # type: ignore[arg-type]
    line[2:] = [budget, real, budget - real, round(real / budget * 100, 2)]
    rows[where[WRONG_SUBTOTAL[:2]] - 1] = line
    sheet = Sheet("LRA SKPD", rows, formats={f"C7:E{len(rows)}": "#,##0.00"})
    return write_xlsx(tmp / "bpkad" / "lra_per_skpd_tw3_2025.xlsx", sheet), where


def test_findings_budgets_and_absorption_follow_each_section(tmp_path: Path) -> None:
    path, at = consolidated_workbook(tmp_path)
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    docs = inputs[0].documents()
    assert [(d.kind, d.opd.code if d.opd else None) for d in docs] == [
        ("anggaran", DINKES[0]),
        ("anggaran", RSUD[0]),
        ("anggaran", DPMPTSP[0]),
    ]

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-09-30"), select=RULES))

    assert not [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    file = "bpkad/lra_per_skpd_tw3_2025.xlsx"
    found = {
        (f.rule_id, f.bpk_code, f.opd.code if f.opd else None,
         tuple((loc.file, loc.sheet, loc.row) for loc in f.locations)): f.amount_sen
        for f in report.findings
    }  # fmt: skip
    dpm_first = at[DPMPTSP[0], ATK[0]]
    expected = {
        ("ANG-01", RSUD[0], ((file, "LRA SKPD", at[RSUD[0], ATK[0]]),)): 1_000_000_00,
        ("ANG-02", DPMPTSP[0], ((file, "LRA SKPD", dpm_first),)): None,
        ("ANG-03", DPMPTSP[0], ((file, "LRA SKPD", at[WRONG_SUBTOTAL[:2]]),)): 5_000_000_00,
    }
    assert found == {
        (rule, BPK[rule], opd, locations): amount
        for (rule, opd, locations), amount in expected.items()
    }
    by_rule = {(f.rule_id, f.opd.code if f.opd else None): f for f in report.findings}
    assert by_rule["ANG-01", RSUD[0]].message == (
        "Realisasi belanja akun 5.1.02.01.01.0024 Rp 21.000.000 melebihi pagu Rp 20.000.000 "
        "(lebih Rp 1.000.000)"
    )
    assert by_rule["ANG-01", RSUD[0]].locations[0].cell == f"A{at[RSUD[0], ATK[0]]}"

    # every SKPD is measured on its own section: budget = its JUMLAH BELANJA, not the sum
    budgets = {r.opd.code: r.metrics.get("absorption") for r in report.opd_runs}
    assert budgets == {
        DINKES[0]: Measure(28_500_000_00, 35_000_000_00, 65.0),
        RSUD[0]: Measure(271_000_000_00, 320_000_000_00, 65.0),
        DPMPTSP[0]: Measure(5_000_000_00, 20_000_000_00, 65.0),
    }
    outcome = {(o.rule_id, o.opd.code): o.status for o in report.outcomes if o.opd}
    assert {rule: outcome[rule, DINKES[0]] for rule in RULES} == dict.fromkeys(RULES, Status.PASSED)
    assert not [n for n in report.notices if n.key == "amount_capped"]


def test_check_reports_name_every_section(tmp_path: Path) -> None:
    path, at = consolidated_workbook(tmp_path)
    report = run_check(
        CheckRequest(paths=(path.parent,), config=Config(), as_of="2025-09-30", select=RULES)
    )
    # each SKPD counts the consolidated sheet as its LRA; BPKAD (the folder) has none
    coverage = {s.opd.code: s.coverage for s in report.opds}
    assert set(coverage) == {DINKES[0], RSUD[0], DPMPTSP[0]}
    assert all(c is not None and "anggaran" in c.read for c in coverage.values())
    doc = report_dict(report, "id")
    validate(doc)
    (sheet,) = doc["inputs"][0]["sheets"]
    assert sheet["opd"] is None and sheet["data_rows"] == 6
    assert [(s["rows"], s["opd"]["code"], s["data_rows"]) for s in sheet["sections"]] == [
        ([at[c, "heading"], at[c, "total"]], c, 2) for c in (DINKES[0], RSUD[0], DPMPTSP[0])
    ]
    book = load_workbook(io.BytesIO(build_workbook(report, "id")), read_only=True)
    inputs = [row for row in book["Input"].iter_rows(min_row=2, values_only=True) if row[0]]
    # file, sha256, status, problems, sheet, kind, confidence, OPD code, OPD name, rows …
    assert [(r[4], r[7], r[9]) for r in inputs] == [
        (f"LRA SKPD ({at[c, 'heading']}–{at[c, 'total']})", c, 2)
        for c in (DINKES[0], RSUD[0], DPMPTSP[0])
    ]
