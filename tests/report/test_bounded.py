"""Bounded human reports (`report: max_locations`): HTML and terminal cut per rule and OPD."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
from rich.console import Console

from rl_audit.findings import AuditReport
from rl_audit.report.bounds import MAX_LOCATIONS, first_per_key
from rl_audit.report.html.report import render_html
from rl_audit.report.terminal.summary import print_report
from rl_audit.report.xlsx.report import build_workbook, finding_order
from tests.report.constructed import DINKES, PUPR, RULES, constructed_report, finding

HTML_BUDGET = 5 * 1024 * 1024


def many(per_group: int) -> AuditReport:
    """The constructed report with `per_group` findings of each rule for Dinkes and PUPRKP."""
    findings = [
        finding(rule, opd, 10 + i, 1_000_00 + i, f"Temuan {rule} baris {10 + i}")
        for opd in (DINKES, PUPR)
        for rule in RULES
        for i in range(per_group)
    ]
    return replace(constructed_report(), findings=findings, changes=None)


def test_first_per_key_keeps_order_and_counts_the_rest() -> None:
    kept, left = first_per_key(["a1", "b1", "a2", "a3", "b2", "c1"], lambda s: s[0], 2)
    assert kept == ["a1", "b1", "a2", "b2", "c1"]
    assert left == {"a": 1}


def test_html_of_100000_findings_stays_within_5_mb_and_says_how_many_more() -> None:
    report = many(10_000)  # 2 OPDs × 5 rules × 10,000
    assert len(report.findings) == 100_000
    html = render_html(report, "id")
    assert len(html.encode("utf-8")) <= HTML_BUDGET
    assert html.count('<tr class="finding">') == 2 * len(RULES) * MAX_LOCATIONS
    assert html.count("PJK-01: … dan 9800 lagi, semua di JSON/xlsx") == 2
    assert html.count("Temuan (50000)") == 2  # the heading counts every finding of the OPD


def test_html_cap_is_a_parameter_and_english_says_so() -> None:
    html = render_html(many(4), "en", max_locations=3)
    assert html.count('<tr class="finding">') == 2 * len(RULES) * 3
    assert html.count("… and 1 more, all in the JSON/xlsx") == 2 * len(RULES)
    full = render_html(many(4), "en", max_locations=4)
    assert full.count('<tr class="finding">') == 2 * len(RULES) * 4
    assert "more, all in the JSON/xlsx" not in full


def terminal(report: AuditReport, lang: str, cap: int) -> str:
    """The terminal report as plain text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True, color_system=None)
    print_report(report, console, lang, max_locations=cap)
    return buffer.getvalue()


def test_terminal_shows_at_most_the_cap_per_rule() -> None:
    text = terminal(many(4), "id", 2)
    shown = re.findall(r"Temuan PJK-01 baris \d+", text)
    assert len(shown) == 2 * 2  # two OPDs, two each
    assert text.count("… dan 2 lagi, semua di JSON/xlsx") == 2 * len(RULES)
    wide = terminal(many(7), "en", MAX_LOCATIONS)  # the terminal's own cut (5) still holds
    assert len(re.findall(r"Temuan PJK-01 baris \d+", wide)) == 2 * 5
    assert wide.count("… and 2 more, all in the JSON/xlsx") == 2 * len(RULES)


def test_xlsx_findings_sheet_holds_every_finding() -> None:
    report = many(300)  # over the cap in every group
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(report, "id")), read_only=True)
    rows = list(book["Temuan"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(report.findings) == 2 * len(RULES) * 300
    ordered = sorted(report.findings, key=finding_order)  # open, most severe, largest first
    assert [r[15] for r in rows] == [f.fingerprint for f in ordered]
