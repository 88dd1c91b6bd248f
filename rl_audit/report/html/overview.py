"""Report-wide tables of the HTML report: OPD summary, findings by BPK group, changes.

Like `html_view`, this only formats what the `AuditReport` holds (roll-ups included).
"""

from __future__ import annotations

from dataclasses import dataclass

from rl_audit.findings import AuditReport, BpkGroup, Finding, OpdSummary
from rl_audit.history.changes import Changes, OpdChange
from rl_audit.messages import label, labels, number, rupiah_sen
from rl_audit.report import wording
from rl_audit.report.html import view as html_view
from rl_audit.report.html.view import timestamp

SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True)
class SummaryRow:
    """One OPD in the summary table."""

    anchor: str
    name: str
    code: str
    score: float  # sort key: -1 without a score
    score_text: str
    band: str  # css suffix: band name, `none` without a score
    band_text: str
    counts: tuple[int, ...]  # in SEVERITIES order
    amount: str
    amount_sen: int
    absorption: str
    absorption_sort: float
    worst: Finding | None


@dataclass(frozen=True)
class BpkRow:
    """Open findings of one BPK sub-group (`1.04`): count and money."""

    code: str
    group: str
    subgroup: str
    count: int
    amount: str


@dataclass(frozen=True)
class ChangeRow:
    """One OPD against the previous run; `*_css` says whether the change is good."""

    name: str
    code: str
    new: int
    resolved: int
    persisting: int
    score_delta: str
    score_css: str
    amount_delta: str
    amount_css: str


def _bpk_label(key: str, lang: str) -> str:
    return label(key, lang) if key in labels() else label("html_bpk_unknown", lang)


def _bpk_row(g: BpkGroup, lang: str) -> BpkRow:
    """One BPK sub-group with its group and sub-group names."""
    group = _bpk_label("html_bpk_" + g.code.split(".")[0], lang)
    subgroup = _bpk_label("html_bpk_" + g.code.replace(".", "_"), lang)
    return BpkRow(g.code, group, subgroup, g.count, rupiah_sen(g.amount_sen))


def bpk_rows(report: AuditReport, lang: str) -> tuple[list[BpkRow], BpkRow]:
    """Open findings per BPK sub-group and the total row (rl_audit.engine.rollups)."""
    total = report.bpk_total
    every = BpkRow("", label("html_bpk_total", lang), "", total.count, rupiah_sen(total.amount_sen))
    return [_bpk_row(g, lang) for g in report.bpk_groups], every


def _signed(text: str, value: float) -> str:
    return "+" + text if value > 0 else text.replace("-", "−", 1)


def change_row(change: OpdChange) -> ChangeRow:
    """Deltas with their sign; a better score is good, more money at risk is bad."""
    score, amount = change.score_delta, change.amount_delta_sen
    return ChangeRow(
        change.opd.name,
        change.opd.code,
        change.new,
        change.resolved,
        change.persisting,
        "-" if score is None else _signed(number(score, 1), score),
        "" if not score else ("good" if score > 0 else "bad"),
        "-" if amount is None else _signed(rupiah_sen(amount), amount),
        "" if not amount else ("bad" if amount > 0 else "good"),
    )


def changes_intro(changes: Changes, lang: str) -> str:
    """The sentence above the changes table."""
    if changes.previous_run is None:
        return label("html_changes_first", lang)
    return label(
        "html_changes_previous",
        lang,
        when=timestamp(changes.previous_run),
        new=changes.new,
        resolved=changes.resolved,
        persisting=changes.persisting,
    )


def _absorption(s: OpdSummary, lang: str) -> tuple[str, float]:
    """`94,1 % / 65 %` (realised vs target) and a sort key; no budget sorts first."""
    m = s.absorption
    if m is None or m.denominator_sen <= 0:
        return label("no_budget", lang), -1.0
    if m.percent is None:
        return wording.budget_only(m, lang), -0.5
    target = "" if m.target is None else " / " + html_view.pct(m.target)
    return html_view.pct(m.percent) + target, m.percent


def summary_row(s: OpdSummary, anchor: str, lang: str) -> SummaryRow:
    """One OPD of the summary table."""
    absorption, key = _absorption(s, lang)
    return SummaryRow(
        anchor,
        s.opd.name,
        s.opd.code,
        -1.0 if s.score is None else s.score,
        wording.score(s),
        s.band or "none",
        wording.band(s, lang),
        tuple(s.counts.get(sev, 0) for sev in SEVERITIES),
        rupiah_sen(s.amount_sen),
        s.amount_sen,
        absorption,
        key,
        s.worst,
    )
