"""Rows of the HTML report's tables, as plain text ready for the template.

Everything here reshapes and formats what the `AuditReport` holds (wording from the
label catalog, money with `rupiah_sen`); the template escapes every string it prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from rl_audit.engine import problems as input_problems
from rl_audit.findings import (
    STATUS_ORDER,
    Finding,
    InputProblem,
    OpdSummary,
    RuleOutcome,
    ScoreItem,
    Status,
)
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report.bounds import first_per_key
from rl_audit.report.finding_notes import notes

SHORT_FP = 12  # characters of a fingerprint shown (a prefix `rl-audit waive` accepts)


@dataclass(frozen=True)
class FindingRow:
    """One finding as a table row; `sort_amount` is -1 when it carries no amount."""

    severity: str
    severity_text: str
    rank: int
    rule_id: str
    title: str
    bpk_code: str
    locations: tuple[str, ...]
    amount: str
    sort_amount: int
    message: str
    remediation: str
    status_text: str  # empty for an open finding
    new: bool
    notes: tuple[str, ...] = ()  # waiver (active/expired) and repeat-finding notes
    fingerprint: str = ""  # its first SHORT_FP characters (enough for `rl-audit waive`)
    waive: str = ""  # the ready-to-copy `rl-audit waive …` command


@dataclass(frozen=True)
class RuleGroup:
    """The findings of one rule in one OPD section: title and remedy said once."""

    rule_id: str
    title: str
    bpk_code: str
    severity: str
    severity_text: str
    remediation: str  # shared by every row; empty when the rows' remedies differ
    rows: tuple[FindingRow, ...]
    more: str = ""  # "… and N more" when the rule was cut at the cap


@dataclass(frozen=True)
class OutcomeRow:
    """One rule's outcome for one OPD (the checklist)."""

    rule_id: str
    title: str
    bpk_code: str
    severity: str
    severity_text: str
    status: str
    status_text: str
    order: int
    findings: int
    reason: str


@dataclass(frozen=True)
class ScoreLine:
    """One line of a score explanation: what cost how many points."""

    text: str
    points: str


@dataclass(frozen=True)
class Problem:
    """An input problem as a table row: how bad, where and what."""

    severity: str  # error | warning | info
    severity_text: str
    where: str
    message: str


def pct(value: float, decimals: int = 1) -> str:
    """`94,1 %` (Indonesian decimal comma)."""
    return number(value, decimals) + " %"


def timestamp(text: str, seconds: bool = False) -> str:
    """`27/11/2026 02:00 +07:00` from an ISO timestamp (the text as given otherwise)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    shown = moment.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")
    zone = moment.strftime("%z")
    return f"{shown} {zone[:3]}:{zone[3:]}" if zone else shown


def _cells(cells: list[str]) -> str:
    return ", ".join(c for c in cells if c)


def locations(finding: Finding, lang: str) -> tuple[str, ...]:
    """`file › sheet › B18, B19`, one text per (file, sheet) the finding points at."""
    groups: dict[tuple[str, str], list[str]] = {}
    row_word = label("col_row", lang).lower()
    for loc in finding.locations:
        cell = loc.cell or (f"{row_word} {loc.row}" if loc.row else "")
        groups.setdefault((loc.file, loc.sheet), []).append(cell)
    return tuple(
        " › ".join(part for part in (file, sheet, _cells(cells)) if part)
        for (file, sheet), cells in groups.items()
    )


def finding_rows(findings: Iterable[Finding], lang: str, new: frozenset[str]) -> list[FindingRow]:
    """Findings as rows, most severe first (then by rule id)."""
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id))
    return [
        FindingRow(
            f.severity.value,
            label(f"sev_{f.severity.value}", lang),
            f.severity.rank,
            f.rule_id,
            f.text("title", lang),
            f.bpk_code,
            locations(f, lang),
            rupiah_sen(f.amount_sen),
            -1 if f.amount_sen is None else f.amount_sen,
            f.text("message", lang),
            f.text("remediation", lang),
            "" if f.status == "open" else label(f"status_{f.status}", lang),
            f.fingerprint in new,
            tuple(notes(f, lang)),
            f.fingerprint[:SHORT_FP],
            label("html_waive_command", lang, fingerprint=f.fingerprint[:SHORT_FP]),
        )
        for f in ordered
    ]


def shown_rows(
    findings: Sequence[Finding], lang: str, new: frozenset[str], cap: int
) -> tuple[list[FindingRow], tuple[str, ...]]:
    """Rows of the first `cap` findings of each rule, and "… and N more" for each rule cut."""
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id))
    kept, left = first_per_key(ordered, lambda f: f.rule_id, cap)
    more = tuple(label("html_more", lang, rule=rule, count=n) for rule, n in left.items())
    return finding_rows(kept, lang, new), more


def rule_groups(
    findings: Sequence[Finding], lang: str, new: frozenset[str], cap: int
) -> list[RuleGroup]:
    """The shown rows grouped by rule (most severe rule first), each remedy said once."""
    rows, _ = shown_rows(findings, lang, new, cap)
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id))
    _, left = first_per_key(ordered, lambda f: f.rule_id, cap)
    grouped: dict[str, list[FindingRow]] = {}
    for row in rows:
        grouped.setdefault(row.rule_id, []).append(row)
    return [_group(members, left.get(rule, 0), lang) for rule, members in grouped.items()]


def _group(rows: list[FindingRow], left: int, lang: str) -> RuleGroup:
    """One rule's group; rows keep their own remedy only when the remedies differ."""
    first = rows[0]
    remedies = {r.remediation for r in rows}
    shared = first.remediation if len(remedies) == 1 else ""
    if shared:
        rows = [replace(r, remediation="") for r in rows]
    more = label("html_more", lang, rule=first.rule_id, count=left) if left else ""
    return RuleGroup(
        first.rule_id,
        first.title,
        first.bpk_code,
        first.severity,
        first.severity_text,
        shared,
        tuple(rows),
        more,
    )


def outcome_rows(outcomes: Iterable[RuleOutcome], lang: str) -> list[OutcomeRow]:
    """The checklist: failed, then could not run, passed, no data (rule order kept)."""
    rows = [
        OutcomeRow(
            o.rule_id,
            o.title_in(lang),
            o.bpk_code,
            o.severity.value,
            label(f"sev_{o.severity.value}", lang),
            o.status.value,
            label(f"status_{o.status.value}", lang),
            STATUS_ORDER.index(o.status),
            o.findings,
            o.reason_in(lang) or "",
        )
        for o in outcomes
    ]
    return sorted(rows, key=lambda r: r.order)


def checklist_counts(outcomes: Sequence[RuleOutcome], lang: str) -> str:
    """`12 lulus · 3 ada temuan · 0 tidak dapat dijalankan · 5 tanpa data`."""
    n = {s: sum(o.status is s for o in outcomes) for s in Status}
    return label(
        "html_checklist_counts",
        lang,
        passed=n[Status.PASSED],
        failed=n[Status.FAILED],
        error=n[Status.ERROR],
        na=n[Status.NOT_APPLICABLE],
    )


def _points(points: float) -> str:
    return "0" if points == 0 else "−" + number(points, 1)


def score_line(item: ScoreItem, lang: str) -> ScoreLine:
    """The wording of one score item (rule, rule that could not run, money)."""
    capped = " " + label("score_capped", lang) if item.capped else ""
    if item.kind == "rule":
        sev = label(f"sev_{item.severity}", lang)
        text = label("score_rule", lang, rule=item.rule_id, count=item.count, severity=sev)
    elif item.kind == "error":
        text = label("score_error", lang, rule=item.rule_id)
    elif item.share is None:
        text = label("score_money_unknown", lang)
    else:
        text = label("score_money", lang, share=pct(item.share, 2))
    return ScoreLine(text + capped, _points(item.points))


def score_total(s: OpdSummary, lang: str) -> str:
    """`Skor = 100 − 63 = 37` (an OPD with a score)."""
    return label("score_total", lang, points=number(s.points, 1), score=number(s.score or 0, 1))


def problems(found: Iterable[InputProblem], lang: str) -> list[Problem]:
    """The run's input problems (`AuditReport.problems`) as rows, in their order."""
    return [
        Problem(
            p.severity,
            label(f"problem_sev_{p.severity}", lang),
            input_problems.where(p, lang) or "-",
            input_problems.message(p, lang),
        )
        for p in found
    ]
