"""`rl-audit check` over every real public file: the run-wide invariants of trust.

No finding claims more than its sheet holds, no OPD more than its budget, the period
comes from the files (never from today), no rule passes on nothing, no score on partial
data is banded, and the JSON says all of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import Config
from rl_audit.engine.money_caps import sheet_totals
from rl_audit.findings import AuditReport, Status
from rl_audit.run import CheckRequest, run_check

REAL = Path(__file__).parent / "data" / "realdata"


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return run_check(CheckRequest(paths=(REAL,), config=Config()))


def test_no_finding_claims_more_than_its_sheets_hold(report: AuditReport) -> None:
    docs = [d for f in report.inputs for d in f.documents()]
    totals = sheet_totals(docs)
    assert report.findings
    for f in report.findings:
        limits = [
            totals[(loc.file, loc.sheet)] for loc in f.locations if (loc.file, loc.sheet) in totals
        ]
        if f.amount_sen is not None and limits:
            assert abs(f.amount_sen) <= max(limits), (f.rule_id, f.message)


def test_no_opd_has_more_money_at_risk_than_its_budget(report: AuditReport) -> None:
    budgets = 0
    for s in report.opds:
        if s.absorption is not None and s.absorption.denominator_sen > 0:
            budgets += 1
            assert s.amount_sen <= s.absorption.denominator_sen, s.opd.name
    assert budgets >= 3


def test_the_kota_yogyakarta_typos_are_capped_at_its_budget_and_said(report: AuditReport) -> None:
    yk = next(s for s in report.opds if s.opd.code == "1.06.01")
    assert yk.absorption is not None and yk.amount_sen == yk.absorption.denominator_sen
    assert yk.amount_uncapped_sen is not None and yk.amount_uncapped_sen > yk.amount_sen
    assert any(n.key == "opd_amount_capped" for n in report.notices)


def test_the_period_comes_from_the_titles_not_today(report: AuditReport) -> None:
    # DIY 2014 ×3, 2016 ×4, 2015 ×1; Bali 2026 once (13 sheets, one file); KIB titles 2010 ×3
    assert (report.year, report.year_source, report.as_of) == (2016, "title", "2016-12-31")
    assert {r.as_of for r in report.opd_runs} == {"2016-12-31"}


def test_no_rule_passes_without_rows_and_none_banded_on_partial_data(report: AuditReport) -> None:
    kinds = {r.opd.code: set(r.kinds) for r in report.opd_runs}
    for o in report.outcomes:
        if o.status is Status.PASSED and o.opd is not None:
            assert kinds[o.opd.code], o.rule_id
    assert all(s.band in ("data_belum_lengkap", None) for s in report.opds)
    unknown = [s for s in report.opds if s.opd.code == "?"]
    assert unknown and unknown[0].score is None and unknown[0].band is None


def test_anggaran_only_opds_do_not_error_on_missing_realisation(report: AuditReport) -> None:
    errors = [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert not [e for e in errors if e[0] in ("ANG-01", "ANG-02", "ANG-03")], errors


def test_cli_json_and_stderr_say_it_and_the_budget_caps_whatever_is_selected(
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.json"
    args = ["check", str(REAL), "--select", "ANG-03", "--format", "json", "--output", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"]["year"] == 2016
    assert len(data["problems"]) >= 8
    assert "KIBA, KIBB, KIBC, KIBD, KIBE" in result.stderr
    # the budget is measured although ANG-02 was not selected, and caps the money
    yk = next(o for o in data["opds"] if o["code"] == "1.06.01")
    assert yk["absorption"]["budget"] == yk["amount_at_risk"] == 12988027312.0
    for opd in data["opds"]:
        budget = (opd.get("absorption") or {}).get("budget")
        if budget:
            assert opd["amount_at_risk"] <= budget
