"""The leadership view of the HTML report: focus OPDs against the rest, months per OPD.

One panel of month-by-month charts per OPD, the focus OPDs first. Every figure comes
computed from the engine (`AuditReport.focus`, `OpdSummary.monthly`); this module only
words and orders them. A figure the engine could not compute (None) reads
`tidak diketahui` / `not known`, never 0; a figure covering only some of its side's OPDs
says how many (`97,2 % (1 dari 2 OPD)`); a side without OPDs reads `tidak ada OPD
diperiksa` for every figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rl_audit.engine.scoring import is_unknown
from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.findings import AuditReport, OpdSummary
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report.finding_notes import day
from rl_audit.report.html.month_panels import OpdPanel, opd_panel
from rl_audit.report.html.view import pct


@dataclass(frozen=True)
class FocusTable:
    """Figures (rows) by side and moment (columns), worded; who is on each side."""

    headers: tuple[str, ...]  # the figure's column first, then one per side and moment
    rows: tuple[tuple[str, ...], ...]  # the figure's name, then its values
    focus_names: str
    others_names: str
    note: str  # `lead_no_previous` when no side has figures from a month earlier


@dataclass(frozen=True)
class Leadership:
    """The whole leadership section."""

    focus: FocusTable | None
    panels: tuple[OpdPanel, ...]


def covered(shown: str, n: int, total: int, lang: str) -> str:
    """`shown`, with `(n dari total OPD)` when the figure covers only part of the side.

    `n` 0 (no count, a hand-built figure): no coverage is shown.
    """
    if not 0 < n < total:
        return shown
    return f"{shown} ({label('lead_covered', lang, n=n, total=total)})"


def _known(
    value: float | None, shown: Callable[[float], str], n: int, f: FocusFigures, lang: str
) -> str:
    """`shown(value)` with its coverage, or `tidak diketahui` when the engine could not tell."""
    if value is None:
        return label("lead_not_known", lang)
    return covered(shown(value), n, len(f.opds), lang)


def _values(f: FocusFigures, lang: str) -> tuple[str, ...]:
    """One side's figures, in FIGURES order (`tidak ada OPD diperiksa` without OPDs)."""
    if not f.opds:
        return (label("lead_no_opds", lang),) * len(FIGURES)
    return (
        _known(f.median_score, lambda v: number(v, 1), f.scored, f, lang),
        number(f.findings, 0),
        _known(f.findings_per_billion, lambda v: number(v, 2), f.with_spending, f, lang),
        rupiah_sen(f.amount_at_risk_sen),
        _known(f.absorption_percent, pct, f.with_spending, f, lang),
        _known(f.non_cash_share, lambda v: pct(v * 100), f.with_non_cash, f, lang),
    )


FIGURES = (
    "lead_median_score",
    "lead_findings",
    "lead_findings_per_billion",
    "lead_amount_at_risk",
    "lead_absorption",
    "lead_non_cash",
)


def _columns(f: FocusFigures, side: str, lang: str) -> list[tuple[str, tuple[str, ...]]]:
    """(header, values) of one side: now, and a month earlier when the history has it."""
    if f.previous is None:
        return [(label(side, lang), _values(f, lang))]
    earlier = label("lead_previous", lang, as_of=day(f.previous_as_of))
    return [
        (f"{label(side, lang)} · {earlier}", _values(f.previous, lang)),
        (f"{label(side, lang)} · {label('lead_now', lang)}", _values(f, lang)),
    ]


def _names(codes: tuple[str, ...], report: AuditReport, lang: str) -> str:
    """The short names of `codes`; a code no document was read for is named as such."""
    names = {s.opd.code: s.opd.label for s in report.opds}
    shown = [
        names[c] if c in names else label("html_lead_not_checked", lang, code=c) for c in codes
    ]
    return ", ".join(shown) or "-"


def focus_table(group: FocusGroup, report: AuditReport, lang: str) -> FocusTable:
    """The focus OPDs against the rest, with last month's figures when recorded."""
    columns = _columns(group.focus, "lead_side_focus", lang)
    columns += _columns(group.others, "lead_side_others", lang)
    rows = tuple(
        (label(key, lang), *(values[i] for _, values in columns)) for i, key in enumerate(FIGURES)
    )
    no_history = group.focus.previous is None and group.others.previous is None
    return FocusTable(
        (label("html_lead_figure", lang), *(header for header, _ in columns)),
        rows,
        label("html_lead_focus_names", lang, names=_names(group.opds, report, lang)),
        label("html_lead_others_names", lang, names=_names(group.others.opds, report, lang)),
        label("lead_no_previous", lang) if no_history else "",
    )


def ordered(report: AuditReport) -> list[tuple[OpdSummary, bool]]:
    """The OPDs to draw with whether each is a focus OPD: focus ones first.

    Focus OPDs in `focus_opds` order, then the rest in report order; never the unknown OPD.
    """
    focus = report.focus.opds if report.focus is not None else ()
    by_code = {s.opd.code: s for s in report.opds if not is_unknown(s.opd)}
    first = [by_code[c] for c in dict.fromkeys(focus) if c in by_code]
    rest = [s for s in by_code.values() if s.opd.code not in focus]
    return [(s, True) for s in first] + [(s, False) for s in rest]


def leadership(report: AuditReport, lang: str) -> Leadership | None:
    """The section, or None when there is nothing to show (no OPD and no focus group)."""
    drawn = ordered(report)
    if not drawn and report.focus is None:
        return None
    table = None if report.focus is None else focus_table(report.focus, report, lang)
    panels = tuple(opd_panel(s, f"lead-{i}", focus, lang) for i, (s, focus) in enumerate(drawn, 1))
    return Leadership(table, panels)
