"""Report-wide roll-ups, computed once so that every reporter only shows them.

`rule_rollups`: each rule's status across the OPDs (worst of failed, error, passed, else
not applicable — `STATUS_ORDER`), its findings summed and the reasons it could not run.
`bpk_groups`: open findings per BPK sub-group (the first two segments of the code, in
natural order) with their money, and the same over every group. `tallies`: open findings
per severity (high … info, all four) and per rule (rules with an open finding, in the
order they ran), also per OPD (`opd_rule_tallies`: the draft findings' counts and money).
`roll_up` fills them into the report once waivers are applied (a waived finding is not open).
"""

from __future__ import annotations

from collections.abc import Iterable

from rl_audit.engine.scoring import OPEN
from rl_audit.findings import (
    STATUS_ORDER,
    AuditReport,
    BpkGroup,
    Finding,
    RuleOutcome,
    Severity,
    Status,
    by_opd_code,
)


def rule_status(outcomes: Iterable[RuleOutcome]) -> Status:
    """Failed if any OPD failed, else error, else passed, else not_applicable."""
    statuses = {o.status for o in outcomes}
    return next((s for s in STATUS_ORDER if s in statuses), Status.NOT_APPLICABLE)


def rule_rollup(outcomes: list[RuleOutcome]) -> RuleOutcome:
    """One rule over its per-OPD outcomes (`opd` None); reasons kept when it is in error."""
    first, status = outcomes[0], rule_status(outcomes)
    reasons = [o.reason for o in outcomes if o.status is Status.ERROR and o.reason]
    reason = "; ".join(dict.fromkeys(reasons)) if status is Status.ERROR else None
    found = sum(o.findings for o in outcomes)
    return RuleOutcome(
        first.rule_id, first.title, first.bpk_code, first.severity, status, found, reason,
        titles=first.titles,
    )  # fmt: skip


def rule_rollups(outcomes: Iterable[RuleOutcome]) -> list[RuleOutcome]:
    """One roll-up per rule id, in the order the rules ran."""
    by_rule: dict[str, list[RuleOutcome]] = {}
    for outcome in outcomes:
        by_rule.setdefault(outcome.rule_id, []).append(outcome)
    return [rule_rollup(group) for group in by_rule.values()]


def bpk_prefix(code: str) -> str:
    """The BPK sub-group of a finding code: `1.04` of `1.04.10`."""
    return ".".join(code.split(".")[:2])


def natural(code: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a dotted code: numeric segments by value, others after them."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in code.split("."))


def _group(code: str, findings: list[Finding]) -> BpkGroup:
    return BpkGroup(code, len(findings), sum(f.amount_sen or 0 for f in findings))


def bpk_groups(findings: Iterable[Finding]) -> tuple[list[BpkGroup], BpkGroup]:
    """Open findings per BPK sub-group (natural code order), and over every group."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.status == OPEN:
            groups.setdefault(bpk_prefix(f.bpk_code), []).append(f)
    every = [f for group in groups.values() for f in group]
    return [_group(c, groups[c]) for c in sorted(groups, key=natural)], _group("", every)


def tallies(findings: Iterable[Finding], keys: Iterable[str], key: str) -> list[BpkGroup]:
    """Open findings counted and summed per value of their attribute `key`.

    `key` is `severity` or `rule_id`; one entry per value that has any, `keys` first.
    """
    groups: dict[str, list[Finding]] = {k: [] for k in keys}
    for f in findings:
        if f.status == OPEN:
            groups.setdefault(str(getattr(f, key)), []).append(f)
    return [_group(code, found) for code, found in groups.items() if found]


def severity_tallies(findings: Iterable[Finding]) -> list[BpkGroup]:
    """Open findings per severity: high, medium, low, info (each of the four, even at 0)."""
    found = {t.code: t for t in tallies(findings, (), "severity")}
    return [found.get(s.value, BpkGroup(s.value, 0, 0)) for s in Severity]


def opd_rule_tallies(findings: Iterable[Finding], order: list[str]) -> dict[str, list[BpkGroup]]:
    """Per OPD code (`?` without an OPD) with an open finding: its open findings per rule."""
    found = {
        code: tallies(group, order, "rule_id") for code, group in by_opd_code(findings).items()
    }
    return {code: groups for code, groups in found.items() if groups}


def roll_up(report: AuditReport) -> AuditReport:
    """Fill the report's roll-ups (`rules`, `bpk_groups`, `by_severity`, …); returns it."""
    report.rules = rule_rollups(report.outcomes)
    report.bpk_groups, report.bpk_total = bpk_groups(report.findings)
    report.by_severity = severity_tallies(report.findings)
    order = [rule.rule_id for rule in report.rules]
    report.by_rule = tallies(report.findings, order, "rule_id")
    report.by_opd_rule = opd_rule_tallies(report.findings, order)
    return report
