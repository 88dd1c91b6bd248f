"""Report-wide tables of the HTML report: OPD summary, findings by BPK group, changes.

Like `html_view`, this only groups and formats what the `AuditReport` holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rl_audit.findings import Changes, Finding, OpdChange, OpdSummary
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


def _bpk_prefix(code: str) -> str:
    return ".".join(code.split(".")[:2])


def _bpk_label(key: str, lang: str) -> str:
    return label(key, lang) if key in labels() else label("html_bpk_unknown", lang)


def _natural(code: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a dotted code: numeric segments by value, others after them."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in code.split("."))


def bpk_rows(findings: Iterable[Finding], lang: str) -> tuple[list[BpkRow], BpkRow]:
    """Open findings per BPK sub-group (first two code segments), and the total row."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.status == "open":
            groups[_bpk_prefix(f.bpk_code)].append(f)
    rows = []
    for code in sorted(groups, key=_natural):
        group = groups[code]
        rows.append(
            BpkRow(
                code,
                _bpk_label("html_bpk_" + code.split(".")[0], lang),
                _bpk_label("html_bpk_" + code.replace(".", "_"), lang),
                len(group),
                rupiah_sen(sum(f.amount_sen or 0 for f in group)),
            )
        )
    every = [f for g in groups.values() for f in g]
    total = BpkRow(
        "",
        label("html_bpk_total", lang),
        "",
        len(every),
        rupiah_sen(sum(f.amount_sen or 0 for f in every)),
    )
    return rows, total


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
