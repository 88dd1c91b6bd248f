"""Waivers are joined only with the rules they name: other findings are kept as they are."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rl_audit.findings import WaiverNote
from rl_audit.waivers import apply
from rl_audit.waivers.apply import apply_waivers, load_waivers
from tests.report.constructed import DINKES, constructed_report

DAY = date(2026, 1, 15)
RULE_WAIVER = (
    "waivers:\n"
    "  - rule: pjk-01 \n"  # folded: case and spaces do not matter
    "    opd: Dinkes\n"
    "    reason: Diklarifikasi\n"
    "    approved_by: Irban I\n"
    "    date: 2025-10-01\n"
)


def test_findings_of_rules_no_waiver_names_are_kept_untouched(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(RULE_WAIVER, encoding="utf-8")
    report = constructed_report()
    note = WaiverNote("lama", "Irban", "2025-01-01", None, False, "old.yaml:1")
    other = next(i for i, f in enumerate(report.findings) if f.rule_id != "PJK-01")
    report.findings[other] = replace(report.findings[other], status="waived", waiver=note)
    before = list(report.findings)
    apply_waivers(report, load_waivers(path), DAY)
    for old, new in zip(before, report.findings, strict=True):
        if old.rule_id == "PJK-01" and old.opd is not None and old.opd.code == DINKES.code:
            assert new.status == "waived" and new.waiver is not None
        elif old is before[other]:
            assert (new.status, new.waiver) == ("open", None)  # a stale mark is reset
        else:
            assert new is old
    assert report.stale_waivers == []


def test_a_fingerprint_waiver_still_reaches_every_rule(tmp_path: Path) -> None:
    report = constructed_report()
    target = next(f for f in report.findings if f.rule_id != "PJK-01")
    path = tmp_path / "waivers.yaml"
    path.write_text(
        RULE_WAIVER + f"  - fingerprint: {target.fingerprint.upper()}\n"
        "    reason: Diklarifikasi\n    approved_by: Irban I\n    date: 2025-10-01\n",
        encoding="utf-8",
    )
    apply_waivers(report, load_waivers(path), DAY)
    waived = {f.fingerprint for f in report.findings if f.status == "waived"}
    assert target.fingerprint in waived
    assert {f.rule_id for f in report.findings if f.status == "waived"} == {
        "PJK-01",
        target.rule_id,
    }


def test_findings_of_unnamed_rules_cost_no_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(RULE_WAIVER, encoding="utf-8")
    waivers, report = load_waivers(path), constructed_report()
    report.findings = report.findings * 50  # many findings, few rules
    folded: list[str] = []

    def counted(text: str) -> str:
        folded.append(text)
        return text.strip().casefold()

    monkeypatch.setattr(apply, "fold", counted)
    apply_waivers(report, waivers, DAY)
    named = sum(f.rule_id == "PJK-01" for f in report.findings)
    rules = {f.rule_id for f in report.findings}
    assert len(folded) <= len(rules) + 3 * named + len(waivers)  # per rule, not per finding
