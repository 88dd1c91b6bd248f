"""The JSON report of `rl-audit check` (schema_version 1): contract, values and CLI."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from rl_audit import __version__
from rl_audit.cli.app import app
from rl_audit.config import Config
from rl_audit.report.json_report import report_dict, schema, to_json, validate
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DINKES = "1.02.0.00.0.00.01.0000"
DISPUSIP = "2.23.2.24.0.00.01.0000"
SEVERITIES = ("high", "medium", "low", "info")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dinkes (findings) + Dispusip (clean) sample exports and one corrupt workbook."""
    root = tmp_path_factory.mktemp("inbox")
    for folder in ("dinkes", "dispusip"):
        shutil.copytree(SAMPLES / folder, root / folder)
    (root / "rusak.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    return root


@pytest.fixture(scope="module")
def doc(inbox: Path) -> dict:
    report = run_check(CheckRequest(paths=[inbox], config=Config()))
    return report_dict(report, "id")


def _finding(doc: dict, rule_id: str) -> dict:
    (found,) = [f for f in doc["findings"] if f["rule_id"] == rule_id]
    return found


def test_document_validates_against_the_shipped_schema(doc: dict) -> None:
    validate(doc)
    assert schema()["$schema"].endswith("2020-12/schema")
    assert doc["schema_version"] == 1
    assert doc["tool"] == {"name": "rl-audit", "version": __version__}
    assert doc["rule_sets"][0]["name"] == "bpk-wtp" and doc["rule_sets"][0]["rules"] > 0
    assert set(doc["period"]) == {"year", "as_of", "year_source"}


def test_schema_rejects_a_bad_severity_and_a_missing_key(doc: dict) -> None:
    bad = json.loads(json.dumps(doc))
    bad["findings"][0]["severity"] = "critical"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    del bad["opds"]
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_known_findings_carry_rule_code_rupiah_and_cells(doc: dict) -> None:
    cash = _finding(doc, "KAS-05")  # honor kader Rp7,25 juta paid in cash (CSV line 48)
    assert cash["bpk_code"] == "2.02.03"
    assert cash["severity"] == "medium"
    assert cash["amount"] == 7_250_000.0
    assert cash["opd"] == {"code": DINKES, "name": "Dinas Kesehatan"}
    (loc,) = cash["locations"]
    assert loc["file"].endswith("dinkes/bku_pengeluaran_2025.csv")
    assert (loc["row"], loc["cell"]) == (48, "I48")
    assert cash["fingerprint"] and cash["status"] == "open"
    late = _finding(doc, "PJK-02")
    assert (late["bpk_code"], late["amount"]) == ("1.04.10", 387_775.0)
    assert [(x["sheet"], x["row"], x["cell"]) for x in late["locations"]] == [("Pajak", 47, "B47")]
    assert _finding(doc, "PJK-03")["amount"] is None  # setoran without NTPN: no amount
    overlap = _finding(doc, "PD-01")  # two overlapping trips: both rows listed
    assert [x["row"] for x in overlap["locations"]] == [42, 43]


def test_corrupt_input_is_an_error_with_a_message(doc: dict) -> None:
    (bad,) = [i for i in doc["inputs"] if i["file"].endswith("rusak.xlsx")]
    assert bad["status"] == "error"
    assert isinstance(bad["error"], str) and bad["error"]
    assert bad["sheets"] == []
    good = [i for i in doc["inputs"] if i["status"] == "ok"]
    assert good and all(len(i["sha256"]) == 64 and i["error"] is None for i in good)
    sheet = next(s for i in good for s in i["sheets"] if s["sheet"] == "Pajak")
    assert sheet["document"] == "pajak" and sheet["opd"]["code"] == DINKES
    assert sheet["header_rows"] and sheet["data_rows"] > 0


def test_opds_count_findings_and_sum_amounts_to_the_sen(doc: dict) -> None:
    opds = {o["code"]: o for o in doc["opds"]}
    assert set(opds) == {DINKES, DISPUSIP}
    for code, opd in opds.items():
        mine = [f for f in doc["findings"] if f["opd"]["code"] == code]
        counts = {s: sum(f["severity"] == s for f in mine) for s in SEVERITIES}
        assert opd["findings"] == counts
        total = sum(Decimal(str(f["amount"] or 0)) for f in mine)
        assert Decimal(str(opd["amount_at_risk"])) == total
        assert 0 <= opd["score"] <= 100 and opd["band"] in {"siap", "perlu_perbaikan", "belum_siap"}
    assert opds[DINKES]["findings"]["high"] >= 1 and opds[DINKES]["amount_at_risk"] > 0
    assert opds[DISPUSIP]["findings"] == {"high": 0, "medium": 0, "low": 0, "info": 0}
    assert opds[DISPUSIP]["amount_at_risk"] == 0
    assert opds[DISPUSIP]["score"] == 100.0 and opds[DISPUSIP]["band"] == "siap"
    assert opds[DINKES]["score"] < 100.0
    assert [o["code"] for o in doc["opds"]] == [DINKES, DISPUSIP]  # most attention first


def test_rules_are_aggregated_over_opds(doc: dict) -> None:
    rules = {r["id"]: r for r in doc["rules"]}
    assert len(rules) == len(doc["rules"]) == doc["rule_sets"][0]["rules"]
    assert rules["KAS-05"]["status"] == "failed" and rules["KAS-05"]["findings"] == 1
    assert rules["PJK-01"]["status"] == "passed"  # Dinkes taxes all deposited
    assert rules["KTR-01"]["status"] == "not_applicable"  # no contract register here
    assert rules["KTR-01"]["findings"] == 0
    for rule in rules.values():
        assert rule["findings"] == sum(f["rule_id"] == rule["id"] for f in doc["findings"])
        assert (rule["status"] == "failed") == (rule["findings"] > 0)


def test_to_json_keeps_indonesian_text_readable(inbox: Path) -> None:
    report = run_check(CheckRequest(paths=[inbox / "dinkes"], config=Config()))
    text = to_json(report, "id")
    assert json.loads(text) == report_dict(report, "id")
    assert "\\u" not in text and '\n  "schema_version": 1' in text


def test_cli_check_format_json_to_stdout_and_output(inbox: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(inbox / "dinkes"), "--format", "json"])
    assert result.exit_code == 1, result.output  # high finding (PD-01) planted
    doc = json.loads(result.stdout)
    validate(doc)
    assert "KAS-05" in {f["rule_id"] for f in doc["findings"]}
    target = tmp_path / "out" / "report.json"
    args = ["check", str(inbox / "dispusip"), "--format", "json", "--output", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output  # clean books
    assert result.stdout == ""
    written = json.loads(target.read_text(encoding="utf-8"))
    validate(written)
    assert written["findings"] == [] and written["opds"][0]["code"] == DISPUSIP
    assert not [p for p in target.parent.iterdir() if p.name != "report.json"]  # no temp left


def test_cli_fail_on_never_and_output_without_json(inbox: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["check", str(inbox / "dinkes"), "--format", "json", "--fail-on", "never"]
    assert runner.invoke(app, args).exit_code == 0
    args = ["check", str(inbox / "dinkes"), "--output", str(tmp_path / "r.json")]
    assert runner.invoke(app, args).exit_code == 2


def test_changes_of_a_nightly_run_follow_the_schema() -> None:
    from rl_audit.history.changes import Changes, OpdChange
    from tests.report.constructed import DINKES, PUPR, constructed_report

    report = constructed_report()
    assert "changes" not in report_dict(report)
    report.changes = Changes(
        "2026-11-27T02:00:05+07:00",
        3,
        1,
        7,
        (OpdChange(DINKES, 2, 1, 6, -4.5, 150_000_050), OpdChange(PUPR, 1, 0, 1, None, None)),
    )
    doc = report_dict(report)
    validate(doc)
    assert doc["changes"]["per_opd"][0] == {
        "code": DINKES.code,
        "name": DINKES.name,
        "new": 2,
        "resolved": 1,
        "persisting": 6,
        "score_delta": -4.5,
        "amount_at_risk_delta": 1500000.5,
    }
    assert doc["changes"]["per_opd"][1]["score_delta"] is None


def test_waived_expired_repeat_and_stale_follow_the_schema() -> None:
    from tests.report.constructed import constructed_report

    doc = report_dict(constructed_report())
    validate(doc)
    by_fp = {f["fingerprint"]: f for f in doc["findings"]}
    waived = next(f for f in doc["findings"] if f["rule_id"] == "KAS-05")
    assert waived["status"] == "waived" and waived["waiver"]["expired"] is False
    expired = by_fp["fp-PJK-01-10"]
    assert expired["status"] == "open" and expired["waiver"]["until"] == "2025-09-30"
    repeat = next(f for f in doc["findings"] if f["rule_id"] == "KTR-03")
    assert repeat["repeat_of"][0]["lhp"] == "12.B/LHP/XVIII.BKL/05/2025"
    assert doc["stale_waivers"] == [
        {
            "source": "waivers.yaml:9",
            "rule_id": "KAS-01",
            "opd": "1.02.0.00.0.00.01.0000",
            "fingerprint": None,
            "key": "B-9",
        }
    ]
    dinkes = next(o for o in doc["opds"] if o["code"] == "1.02.0.00.0.00.01.0000")
    assert dinkes["findings"]["medium"] == 0  # waived findings do not count


def test_follow_up_counts_open_recommendations_and_money_once() -> None:
    from rl_audit.config import Config

    samples = Path(__file__).parent.parent.parent / "samples" / "puprkp"
    doc = report_dict(run_check(CheckRequest(paths=[samples], config=Config())))
    validate(doc)
    (opd,) = doc["opds"]
    tl = [f for f in doc["findings"] if f["document"] == "tindak_lanjut"]
    rows = {(loc["sheet"], loc["row"]) for f in tl for loc in f["locations"]}
    assert opd["follow_up"]["open_recommendations"] == len(rows) == 3
    assert Decimal(str(opd["follow_up"]["outstanding"])) == Decimal("91090250.50")


def test_money_per_bpk_group_counts_open_findings_only() -> None:
    from tests.report.constructed import constructed_report

    doc = report_dict(constructed_report())
    validate(doc)
    assert doc["bpk_groups"] == {  # the waived KAS-05 (1.04.01, Rp 12.500.000,50) is left out
        "groups": [
            {"code": "1.03", "findings": 1, "amount_at_risk": 35675675.68},
            {"code": "1.04", "findings": 9, "amount_at_risk": 1050000.21},
        ],
        "total": {"findings": 10, "amount_at_risk": 36725675.89},
    }
    doc["bpk_groups"]["total"]["findings"] = "10"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_reporters_show_the_roll_ups_the_engine_carries() -> None:
    from dataclasses import replace

    from rl_audit.findings import BpkGroup, Status
    from rl_audit.report.html.report import render_html
    from tests.report.constructed import constructed_report

    report = constructed_report()
    assert [r.status for r in report.rules][:3] == [Status.FAILED, Status.FAILED, Status.ERROR]
    report.rules = [replace(report.rules[0], status=Status.PASSED, findings=99)]
    report.bpk_groups = [BpkGroup("7.77", 5, 123_45)]
    report.bpk_total = BpkGroup("", 5, 123_45)
    doc = report_dict(report)  # nothing recomputed from findings or outcomes
    assert [(r["id"], r["status"], r["findings"]) for r in doc["rules"]] == [
        ("PJK-01", "passed", 99)
    ]
    assert doc["bpk_groups"]["groups"] == [
        {"code": "7.77", "findings": 5, "amount_at_risk": 123.45}
    ]
    html = render_html(report)
    assert "7.77" in html and "Rp 123,45" in html
