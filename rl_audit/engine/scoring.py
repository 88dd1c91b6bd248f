"""Readiness score, money at risk and budget absorption per OPD.

The score is 100 minus penalty points, never below 0, rounded to one decimal
(docs/scoring.md explains it for users):

- each rule with open findings: `WEIGHT[severity] × findings`, capped at
  `CAP[severity]` per rule (one noisy rule cannot sink an OPD on its own); the
  severity is the worst of the rule's findings;
- each rule that could not run (`error`): `WEIGHT[severity]`, as if it had one
  finding — what cannot be checked is not ready;
- money at risk against the OPD's budget (the denominator of its `absorption`
  metric, ANG-02): `MONEY_CAP` points when at least `MONEY_FULL_SHARE` (1 %) of
  the budget is at risk, proportionally less below; nothing when the budget is
  unknown (the explanation says so).

Bands: `siap` from `READY` (85) when no high finding is open, `perlu_perbaikan`
from `NEEDS_WORK` (60) (and a score of 85 or more with an open high finding),
`belum_siap` below. Waived findings (status `waived`) count for nothing.

A band needs the OPD's core documents (rl_audit.engine.coverage): without them the band is
`data_belum_lengkap` and the score, computed the same way, is only indicative. The
unknown OPD (`?`: sheets whose OPD could not be identified) gets neither score nor
band; its findings are still reported. The summary lists banded OPDs (lowest score
first), then incomplete ones, then the unknown OPD.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rl_audit.documents import Issue, OpdRef
from rl_audit.engine.coverage import CoveragePolicy, coverage, lra_opds
from rl_audit.findings import (
    AuditReport,
    Coverage,
    Finding,
    Measure,
    OpdRun,
    OpdSummary,
    RuleOutcome,
    ScoreItem,
    Status,
    by_opd_code,
)
from rl_audit.formatting import rupiah_sen

WEIGHT = {"high": 8.0, "medium": 3.0, "low": 1.0, "info": 0.0}
CAP = {"high": 20.0, "medium": 9.0, "low": 3.0, "info": 0.0}
MONEY_CAP = 20.0
MONEY_FULL_SHARE = 0.01
READY, NEEDS_WORK = 85.0, 60.0
OPEN = "open"
INCOMPLETE = "data_belum_lengkap"


def band(score: float, high_open: bool = False) -> str:
    """The readiness band of a score; an open high finding keeps an OPD from `siap`."""
    if score >= READY and not high_open:
        return "siap"
    return "perlu_perbaikan" if score >= NEEDS_WORK else "belum_siap"


def _rule_items(findings: list[Finding]) -> list[ScoreItem]:
    """Points per rule with open findings (worst severity of the rule, capped)."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule_id].append(f)
    items = []
    for rule_id, group in by_rule.items():
        sev = max({f.severity for f in group}, key=lambda s: s.rank).value
        raw = WEIGHT[sev] * len(group)
        items.append(
            ScoreItem("rule", min(raw, CAP[sev]), rule_id, sev, len(group), raw > CAP[sev])
        )
    return items


def _error_items(outcomes: list[RuleOutcome]) -> list[ScoreItem]:
    """One finding's worth of points for each rule that could not run."""
    return [
        ScoreItem("error", WEIGHT[o.severity.value], o.rule_id, o.severity.value)
        for o in outcomes
        if o.status is Status.ERROR
    ]


def _money_item(amount_sen: int, absorption: Measure | None) -> ScoreItem:
    """Points for money at risk relative to the budget (none when it is unknown)."""
    if absorption is None or absorption.denominator_sen <= 0:
        return ScoreItem("money", 0.0)
    share = amount_sen / absorption.denominator_sen
    points = min(MONEY_CAP, MONEY_CAP * share / MONEY_FULL_SHARE)
    return ScoreItem("money", points, share=share * 100, capped=points >= MONEY_CAP)


def _worst(findings: list[Finding]) -> Finding | None:
    """The most severe finding, the largest amount first among equals."""
    return max(findings, key=lambda f: (f.severity.rank, f.amount_sen or 0), default=None)


FOLLOW_UP_KIND = "tindak_lanjut"


def follow_up(findings: list[Finding]) -> tuple[int, int]:
    """Open recommendations (distinct matrix rows with an open finding) and money outstanding."""
    mine = [f for f in findings if f.document == FOLLOW_UP_KIND]
    rows = {(loc.file, loc.sheet, loc.row) for f in mine for loc in f.locations}
    return len(rows), sum(f.amount_sen or 0 for f in mine)


def is_unknown(opd: OpdRef) -> bool:
    """The group of sheets whose OPD could not be identified (code `?`)."""
    return not opd.registered and opd.source == "none"


def summarise_opd(
    opd: OpdRef,
    findings: list[Finding],
    outcomes: list[RuleOutcome],
    run: OpdRun | None,
    cover: Coverage | None = None,
) -> OpdSummary:
    """Score, band, counts, money, absorption and coverage of one OPD.

    Without `cover` (hand-built reports) the OPD is taken as complete.
    """
    open_ = [f for f in findings if f.status == OPEN]
    absorption = run.metrics.get("absorption") if run else None
    total = sum(f.amount_sen or 0 for f in open_)
    amount = capped_amount(total, absorption)
    found = Counter(f.severity.value for f in open_)
    counts = {s: found[s] for s in WEIGHT}
    items: tuple[ScoreItem, ...] = ()
    score: float | None = None
    points = 0.0
    grade: str | None = None
    if not is_unknown(opd):
        items = tuple(
            _rule_items(open_) + _error_items(outcomes) + [_money_item(amount, absorption)]
        )
        points = sum(i.points for i in items)
        score = round(max(0.0, 100.0 - points), 1)
        complete = cover is None or cover.complete
        grade = band(score, counts["high"] > 0) if complete else INCOMPLETE
    return OpdSummary(
        opd,
        score,
        grade,
        items,
        counts,
        amount,
        absorption,
        _worst(open_),
        run.year if run else None,
        run.as_of if run else None,
        *follow_up(open_),
        coverage=cover,
        last_data_date=run.last_data_date if run else None,
        amount_uncapped_sen=total if amount != total else None,
        points=points,
        non_cash=run.metrics.get("non_cash") if run else None,
        monthly=run.monthly if run else (),
        monthly_note=run.monthly_note if run else None,
        non_cash_basis=run.non_cash_basis if run else None,
    )


def capped_amount(total_sen: int, absorption: Measure | None) -> int:
    """Money at risk never exceeds the OPD's budget (findings can overlap: KTR-05 and KTR-06)."""
    if absorption is None or absorption.denominator_sen <= 0:
        return total_sen
    return min(total_sen, absorption.denominator_sen)


def capped_notices(summaries: list[OpdSummary]) -> list[Issue]:
    """A notice for each OPD whose findings add up to more than its budget."""
    return [
        Issue(
            "opd_amount_capped",
            "warning",
            {
                "opd": s.opd.label,
                "amount": rupiah_sen(s.amount_uncapped_sen),
                "budget": rupiah_sen(s.amount_sen),
            },
        )
        for s in summaries
        if s.amount_uncapped_sen is not None
    ]


def _order(s: OpdSummary) -> tuple[int, float, int, str]:
    """Banded OPDs (lowest score first), then incomplete ones, then the unknown OPD."""
    group = 2 if s.score is None else 1 if s.band == INCOMPLETE else 0
    return group, s.score or 0.0, -s.amount_sen, s.opd.code


def summarise(report: AuditReport, policy: CoveragePolicy | None = None) -> list[OpdSummary]:
    """One summary per OPD of the report, in the order of attention (see `_order`)."""
    refs: dict[str, OpdRef] = {r.opd.code: r.opd for r in report.opd_runs}
    for o in report.outcomes:
        if o.opd is not None:
            refs.setdefault(o.opd.code, o.opd)
    runs = {r.opd.code: r for r in report.opd_runs}
    findings, outcomes = by_opd_code(report.findings), by_opd_code(report.outcomes)
    rules = policy or CoveragePolicy()
    lra = lra_opds(report.inputs)

    def cover(code: str) -> Coverage:
        run = runs.get(code)
        return coverage(run.kinds if run else (), code in lra, rules)

    summaries = [
        summarise_opd(ref, findings[code], outcomes[code], runs.get(code), cover(code))
        for code, ref in refs.items()
    ]
    return sorted(summaries, key=_order)
