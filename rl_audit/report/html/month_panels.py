"""One OPD's panel in the leadership view: its two month charts and the numbers beside them.

Only formats the engine's `MonthPoint` figures (`OpdSummary.monthly`). The wording of the
OPD's `monthly_note` is shown whenever the engine sets one: alone when there are no months,
above the charts when the months end early or the budget is unknown (then no absorption
chart: its percentages are all unknown; the amounts and the non-cash chart remain). Under
the non-cash chart: where its share comes from (`non_cash_basis`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rl_audit.figures import MonthPoint
from rl_audit.findings import OpdSummary
from rl_audit.messages import label, rupiah_sen
from rl_audit.report.html import month_charts
from rl_audit.report.html.month_charts import LineChart
from rl_audit.report.html.view import pct

BEHIND_SIGN = "▼"  # beside the words, so the mark reads without colour


@dataclass(frozen=True)
class MonthRow:
    """One month of the table beside the charts, every figure already worded."""

    month: str
    realised: str
    cumulative: str
    percent: str
    target: str
    non_cash: str
    behind: bool
    behind_text: str  # empty when on track


@dataclass(frozen=True)
class OpdPanel:
    """The leadership view of one OPD: charts and table, or why there are none."""

    anchor: str
    name: str
    code: str
    focus: bool
    note: str  # the `monthly_note` wording (no months: why; with months: what is missing)
    absorption: LineChart | None  # None: no months, or the budget is unknown
    non_cash: LineChart | None
    non_cash_note: str  # why there is no non-cash chart
    rows: tuple[MonthRow, ...]
    non_cash_caption: str = ""  # the non-cash chart's title, with its target when set
    basis: str = ""  # where the non-cash share comes from (`lead_basis_*`)


def _percent(value: float | None, lang: str) -> str:
    """`13,0 %`, or `tidak diketahui`."""
    return label("lead_not_known", lang) if value is None else pct(value)


def month_row(m: MonthPoint, lang: str) -> MonthRow:
    """One month as table text; an unknown figure says so, never 0."""
    share = None if m.non_cash_share is None else m.non_cash_share * 100
    mark = f"{BEHIND_SIGN} {label('lead_behind_mark', lang)}" if m.behind else ""
    return MonthRow(
        month_charts.month_text(m.month, lang),
        rupiah_sen(m.realised_sen),
        rupiah_sen(m.realised_cumulative_sen),
        _percent(m.realised_cumulative_percent, lang),
        _percent(m.target_cumulative_percent, lang),
        _percent(share, lang),
        m.behind,
        mark,
    )


def _note(s: OpdSummary, lang: str) -> str:
    """The wording of the OPD's `monthly_note` (empty when the months need no note).

    An OPD with neither months nor a note gets a generic `no monthly data`.
    """
    if s.monthly_note:
        return label(s.monthly_note, lang)
    return "" if s.monthly else label("html_lead_no_monthly", lang)


def _absorption(s: OpdSummary, anchor: str, lang: str) -> LineChart | None:
    """The absorption chart, or None when no month has a percentage (budget unknown)."""
    if all(m.realised_cumulative_percent is None for m in s.monthly):
        return None
    return month_charts.absorption_chart(f"{anchor}-absorption", s.opd.label, s.monthly, lang)


def _non_cash(s: OpdSummary, anchor: str, lang: str) -> tuple[LineChart | None, str]:
    """The non-cash chart, or why there is none (no month tells the payment method)."""
    if all(m.non_cash_share is None for m in s.monthly):
        return None, label("html_lead_no_non_cash", lang)
    target = None if s.non_cash is None else s.non_cash.target
    chart = month_charts.non_cash_chart(f"{anchor}-non-cash", s.opd.label, s.monthly, target, lang)
    return chart, ""


def non_cash_caption(chart: LineChart | None, s: OpdSummary, lang: str) -> str:
    """`Porsi non-tunai Dinkes · target 90 %` (without the target when none is set)."""
    if chart is None:
        return ""
    if s.non_cash is None or s.non_cash.target is None:
        return chart.title
    return f"{chart.title} · {label('lead_non_cash_target', lang, target=pct(s.non_cash.target))}"


def opd_panel(s: OpdSummary, anchor: str, focus: bool, lang: str) -> OpdPanel:
    """The panel of one OPD (`anchor` is its element id)."""
    non_cash, non_cash_note = _non_cash(s, anchor, lang) if s.monthly else (None, "")
    basis = label(f"lead_basis_{s.non_cash_basis}", lang) if s.non_cash_basis else ""
    return OpdPanel(
        anchor, s.opd.label, s.opd.code, focus, _note(s, lang),
        _absorption(s, anchor, lang) if s.monthly else None,
        non_cash, non_cash_note, tuple(month_row(m, lang) for m in s.monthly),
        non_cash_caption(non_cash, s, lang), basis if s.monthly else "",
    )  # fmt: skip
