"""Every report shows what the run used: config, rule pack, parameters, waivers file."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest
from rich.console import Console

from rl_audit.findings import AuditReport
from rl_audit.provenance import FileStamp, Provenance, plain
from rl_audit.report.html.report import render_html
from rl_audit.report.json_report import report_dict, validate
from rl_audit.report.terminal.summary import print_report
from rl_audit.report.xlsx.report import build_workbook
from tests.report.constructed import constructed_report

CONFIG_SHA = "a" * 64
WAIVERS_SHA = "b" * 64
RULES_SHA = "c" * 64
USED = Provenance(
    FileStamp("/srv/rl-audit/rl-audit.yaml", CONFIG_SHA),
    "option",
    RULES_SHA,
    {"cash_limit": 1000000, "deposit_days": 1, "cash_payment_labels": ["tunai", "kas"]},
    {"cash_limit": "config", "deposit_days": "option"},
    FileStamp("/srv/rl-audit/waivers.yaml", WAIVERS_SHA),
    ("inbox/dinkes/rl-audit.yaml",),
)
CONFIG_LINE = {
    "id": "Konfigurasi: /srv/rl-audit/rl-audit.yaml (sha256 {sha}, dipilih dengan --config)",
    "en": "Config: /srv/rl-audit/rl-audit.yaml (sha256 {sha}, chosen with --config)",
}
PARAM_LINE = {
    "id": "Parameter: cash_limit=1000000 (konfigurasi), deposit_days=1 (--param); "
    "lainnya bawaan paket aturan",
    "en": "Parameters: cash_limit=1000000 (config), deposit_days=1 (--param); "
    "the rest rule-pack defaults",
}


def _report(used: Provenance | None = USED) -> AuditReport:
    report = constructed_report()
    report.provenance = used
    return report


def _terminal(report: AuditReport, lang: str) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=300, no_color=True, force_terminal=False)
    print_report(report, console, lang)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_terminal_header_shows_what_the_run_used(lang: str) -> None:
    head = _terminal(_report(), lang).split("\n\n")[0]
    assert CONFIG_LINE[lang].format(sha=CONFIG_SHA[:12]) in head
    assert f"/srv/rl-audit/waivers.yaml (sha256 {WAIVERS_SHA[:12]})" in head
    assert f"sha256 {RULES_SHA[:12]}" in head and PARAM_LINE[lang] in head
    assert CONFIG_SHA not in head  # a terminal shows short hashes


def test_defaults_and_missing_files_are_said_so() -> None:
    used = replace(USED, config=None, config_source="none", parameter_sources={}, waivers=None)
    head = _terminal(_report(used), "id").split("\n\n")[0]
    assert "Konfigurasi: tidak ada (nilai bawaan) · Pengecualian: tidak ada" in head
    assert "Parameter: semua bawaan paket aturan (3)" in head
    not_yet = replace(USED, waivers=FileStamp("/srv/w.yaml", None))
    assert "Waivers: /srv/w.yaml (not created yet)" in _terminal(_report(not_yet), "en")


def test_html_and_xlsx_summary_carry_the_full_hashes() -> None:
    html = render_html(_report(), "id")
    assert CONFIG_LINE["id"].format(sha=CONFIG_SHA) in html
    assert WAIVERS_SHA in html and RULES_SHA in html and PARAM_LINE["id"] in html
    sheet = openpyxl.load_workbook(io.BytesIO(build_workbook(_report(), "en"))).worksheets[0]
    column = [row[0] for row in sheet.iter_rows(max_col=1, values_only=True) if row[0]]
    assert CONFIG_LINE["en"].format(sha=CONFIG_SHA) + " · Waivers:" in column[4]
    assert any(PARAM_LINE["en"] in str(text) and RULES_SHA in str(text) for text in column)


def test_json_records_everything_and_follows_the_schema() -> None:
    doc = report_dict(_report())
    validate(doc)
    assert doc["provenance"] == {
        "config": {"path": "/srv/rl-audit/rl-audit.yaml", "sha256": CONFIG_SHA, "source": "option"},
        "rule_pack_sha256": RULES_SHA,
        "parameters": USED.parameters,
        "parameters_set": {"cash_limit": "config", "deposit_days": "option"},
        "waivers": {"path": "/srv/rl-audit/waivers.yaml", "sha256": WAIVERS_SHA},
        "ignored_files": ["inbox/dinkes/rl-audit.yaml"],
    }
    assert "provenance" not in report_dict(_report(None))  # an optional addition


def test_parameter_values_are_made_json_ready() -> None:
    from datetime import date

    assert plain({"d": date(2025, 1, 2), "s": {"b", "a"}, "t": (1, 2), "f": float("inf")}) == {
        "d": "2025-01-02",
        "s": ["a", "b"],
        "t": [1, 2],
        "f": "inf",
    }
