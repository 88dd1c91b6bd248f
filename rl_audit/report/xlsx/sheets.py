"""Rows of the Excel report: the columns of each sheet and one row per report item.

Every string taken from the report (file, sheet and OPD names, titles, messages) can
come from spreadsheet text, so it goes through `rl_audit.report.xlsx.cells.text` (never
stored as a formula). Money is a number cell in rupiah,
exact from integer sen; nothing is computed here beyond reshaping the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rl_audit import __version__
from rl_audit.documents import InputFile, Issue, OpdRef, SheetResult
from rl_audit.engine import problems
from rl_audit.findings import AuditReport, Finding, InputProblem, Measure, OpdSummary, RuleOutcome
from rl_audit.messages import label, render
from rl_audit.report import wording
from rl_audit.report.finding_notes import notes
from rl_audit.report.xlsx.cells import (
    BAND_FILL,
    CONFIDENCE,
    DATE,
    LINK_FONT,
    PERCENT,
    SCORE,
    SEVERITY_FILL,
    Cells,
    Column,
    excel_date,
    text,
    word,
)

SUMMARY_COLUMNS: list[Column] = [
    ("col_code", 24), ("col_name", 40), ("col_score", 8), ("col_band", 16),
    ("col_high", 8), ("col_medium", 8), ("col_low", 8), ("col_info", 8),
    ("col_at_risk", 20), ("col_absorption", 10), ("col_target", 10),
    ("col_budget", 22), ("col_realised", 22), ("col_worst", 60),
    ("col_follow_up_open", 14), ("col_follow_up_outstanding", 22),
    ("col_documents_read", 30), ("col_documents_missing", 30), ("col_last_data", 12),
]  # fmt: skip
PROBLEM_COLUMNS: list[Column] = [
    ("col_severity", 11), ("col_file", 40), ("col_sheet", 24), ("col_cell", 16),
    ("col_count", 8), ("col_message", 90),
]  # fmt: skip
FINDING_COLUMNS: list[Column] = [
    ("xlsx_col_opd_code", 24), ("xlsx_col_opd_name", 32), ("col_rule", 10),
    ("col_bpk_code", 10), ("col_severity", 10), ("col_status", 12), ("col_file", 36),
    ("col_sheet", 16), ("col_cell", 12), ("col_row", 7), ("col_amount", 18),
    ("col_title", 40), ("col_message", 70), ("col_remediation", 50), ("col_notes", 50),
    ("col_fingerprint", 20),
]  # fmt: skip
RULE_COLUMNS: list[Column] = [
    ("xlsx_col_opd_code", 24), ("xlsx_col_opd_name", 32), ("col_rule", 10),
    ("col_title", 50), ("col_bpk_code", 10), ("col_severity", 10), ("col_status", 20),
    ("col_findings", 9), ("col_reason", 60),
]  # fmt: skip
INPUT_COLUMNS: list[Column] = [
    ("col_file", 40), ("col_sha256", 20), ("col_status", 14), ("col_error", 50),
    ("col_sheet", 20), ("col_kind", 16), ("col_confidence", 11), ("xlsx_col_opd_code", 24),
    ("xlsx_col_opd_name", 32), ("col_data_rows", 10), ("xlsx_col_warnings", 11),
]  # fmt: skip


def _opd(opd: OpdRef | None) -> list[str | None]:
    """Code and name of an OPD (both blank when unknown)."""
    return [None, None] if opd is None else [text(opd.code), text(opd.name)]


def summary_lines(report: AuditReport, lang: str) -> list[list[Any]]:
    """The lines above the summary table: title, period, generation time, versions, setup.

    Each line is a row of values; the generation time is an Excel date in its own cell.
    """
    sets = ", ".join(f"{r.name} {r.version} ({r.rules})" for r in report.rule_sets)
    generated = excel_date(report.generated_at) or text(report.generated_at)
    lines: list[list[Any]] = [
        [label("report_title", lang)],
        [text(wording.period(report, lang))],
        [text(label("generated_at", lang) + ":"), generated],
        [text(label("tool_version", lang, version=__version__, rule_sets=sets or "-"))],
        *([text(used)] for used in wording.provenance_lines(report, lang)),
    ]
    if report.problems:
        sheet = label("xlsx_sheet_problems", lang)
        lines.append([text(f"{problems_count(report.problems, lang)} → {sheet}")])
    return lines


def problems_count(found: list[InputProblem], lang: str) -> str:
    """`12 masalah input (2 galat, 9 peringatan, 1 info)`."""
    n = {sev: sum(p.severity == sev for p in found) for sev in ("error", "warning", "info")}
    return label(
        "problems_count",
        lang,
        count=len(found),
        errors=n["error"],
        warnings=n["warning"],
        infos=n["info"],
    )


def _absorption(mk: Cells, m: Measure | None) -> list[Any]:
    """Absorption, target (percent cells), budget and realised; blank without a budget."""
    if m is None:
        return [None] * 4
    target = None if m.target is None else mk(m.target / 100, fmt=PERCENT)
    absorption = None if m.percent is None else mk(m.percent / 100, fmt=PERCENT)
    return [absorption, target, mk.money(m.denominator_sen), mk.money(m.numerator_sen)]


def _worst(f: Finding | None, lang: str) -> str | None:
    """`RULE — title` of an OPD's worst finding, or blank."""
    if f is None:
        return None
    return text(label("xlsx_worst", lang, rule=f.rule_id, title=f.text("title", lang)))


def summary_row(mk: Cells, s: OpdSummary, lang: str) -> list[Any]:
    """One OPD of the summary table, score and band coloured by band; coverage, latest data."""
    fill = BAND_FILL.get(s.band or "")
    counts = [s.counts.get(k, 0) for k in ("high", "medium", "low", "info")]
    cover = s.coverage
    return [
        *_opd(s.opd),
        mk(s.score, fill=fill, fmt=SCORE),
        mk(text(wording.band(s, lang)), fill=fill),
        *counts,
        mk.money(s.amount_sen),
        *_absorption(mk, s.absorption),
        _worst(s.worst, lang),
        s.follow_up_open,
        mk.money(s.follow_up_outstanding_sen),
        text(wording.kinds(cover.read, lang)) if cover else None,
        text(", ".join(cover.missing)) or None if cover else None,
        mk(excel_date(s.last_data_date), fmt=DATE),
    ]


def problem_row(mk: Cells, p: InputProblem, lang: str) -> list[Any]:
    """One input problem: severity (filled like findings), where, how many, what."""
    fill = SEVERITY_FILL.get({"error": "high", "warning": "medium"}.get(p.severity, "info"))
    spot = ", ".join(p.cells) or p.cell or ", ".join(str(r) for r in p.rows) or None
    return [
        mk(label(f"problem_sev_{p.severity}", lang), fill=fill),
        text(p.file),
        text(", ".join(p.sheets)) or None,
        text(spot),
        p.count,
        text(problems.message(p, lang)),
    ]


def finding_row(mk: Cells, f: Finding, lang: str, link: str | None = None) -> list[Any]:
    """One finding: where it is (first location, every cell), what, how much, how to fix.

    `link`, a `HYPERLINK` formula to the annotated copy (`rl_audit.report.xlsx.links`),
    replaces the plain cell text when given.
    """
    first = f.locations[0] if f.locations else None
    cells = ", ".join(loc.cell for loc in f.locations if loc.cell)
    return [
        *_opd(f.opd),
        text(f.rule_id),
        text(f.bpk_code),
        mk(word("sev", f.severity.value, lang), fill=SEVERITY_FILL[f.severity.value]),
        word("status", f.status, lang),
        text(first.file) if first else None,
        text(first.sheet) if first else None,
        mk(link, font=LINK_FONT) if link else text(cells) or None,
        first.row if first else None,
        mk.money(f.amount_sen),
        text(f.text("title", lang)),
        text(f.text("message", lang)),
        text(f.text("remediation", lang)) or None,
        text("\n".join(notes(f, lang))) or None,
        text(f.fingerprint),
    ]


def outcome_row(o: RuleOutcome, lang: str) -> list[Any]:
    """One rule's outcome for one OPD, with the reason when it could not run."""
    return [
        *_opd(o.opd),
        text(o.rule_id),
        text(o.title_in(lang)),
        text(o.bpk_code),
        word("sev", o.severity.value, lang),
        word("status", o.status.value, lang),
        o.findings,
        text(o.reason_in(lang)),
    ]


def _issues(issues: list[Issue], lang: str) -> str | None:
    """The catalog wording of input problems, joined (blank when none)."""
    return text("; ".join(render(i.key, lang, **i.params) for i in issues)) or None


def _sheet_cells(mk: Cells, sheet: SheetResult) -> list[list[Any]]:
    """Sheet name, document kind, confidence, OPD and data rows of one sheet.

    A consolidated sheet gives a line per OPD section, named `sheet (first–last row)`.
    """
    confidence = mk(sheet.confidence, fmt=CONFIDENCE) if sheet.kind else None
    parts = sheet.sections
    if parts:
        return [
            [text(f"{sheet.sheet} ({p.first_row}–{p.last_row})"), text(sheet.kind), confidence,
             *_opd(p.opd), p.data_rows]
            for p in parts
        ]  # fmt: skip
    opd = sheet.document.opd if sheet.document is not None else None
    return [[text(sheet.sheet), text(sheet.kind), confidence, *_opd(opd), sheet.data_rows]]


def input_rows(mk: Cells, item: InputFile, lang: str) -> Iterator[list[Any]]:
    """One row per sheet of an input file (or per OPD section of a consolidated sheet).

    A file without sheets gets one row.

    The problem column holds the file's error and every issue of the sheet (errors
    first); the warnings column counts the sheet's issues that are not errors.
    """
    status = label("xlsx_input_ok" if item.status == "ok" else "xlsx_input_error", lang)
    head = [text(item.display), item.sha256, status]
    file_error = [item.error] if item.error is not None else []
    if not item.sheets:
        yield [*head, _issues(file_error, lang)]
    for sheet in item.sheets:
        issues = sorted(sheet.issues, key=lambda i: i.level != "error")
        warnings = sum(i.level != "error" for i in sheet.issues)
        for cells in _sheet_cells(mk, sheet):
            yield [*head, _issues(file_error + issues, lang), *cells, warnings]
