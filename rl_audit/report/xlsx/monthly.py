"""Rows of the Excel report's monthly sheet (Bulanan / Monthly): the leadership view.

One long table, the focus OPDs first (in the configured order), then the others in the
report's order; the unknown OPD is left out. Each OPD gets one row per month (the month
as an Excel date, first of the month, shown `mmm yyyy`), or one row with the reason it has
no months (in the month column). Beside the first row of an OPD with months: where its
non-cash share comes from (`non_cash_basis`) and its `monthly_note` when set (the months
end early, or the budget is unknown). Money is exact from sen, percentages are percent
cells; every figure comes from the engine (rl_audit.engine.monthly), nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rl_audit.engine.scoring import is_unknown
from rl_audit.figures import MonthPoint
from rl_audit.findings import AuditReport, OpdSummary
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import PERCENT, Cells, Column, text

MONTH = "mmm yyyy"
MONTHLY_COLUMNS: list[Column] = [
    ("xlsx_col_opd_code", 24), ("xlsx_col_opd_name", 32), ("lead_month", 11),
    ("lead_realised", 20), ("lead_realised_cumulative", 22), ("lead_realised_percent", 14),
    ("lead_target_percent", 14), ("lead_non_cash_percent", 12), ("lead_behind", 16),
    ("xlsx_col_non_cash_basis", 44), ("xlsx_col_monthly_note", 50),
]  # fmt: skip
MONTH_COLUMN, REALISED_PERCENT_COLUMN, TARGET_COLUMN = 3, 6, 7  # 1-based, for the charts


@dataclass(frozen=True)
class Block:
    """One OPD's rows in the monthly sheet: its first row and how many rows it has."""

    summary: OpdSummary
    first_row: int
    rows: int


def leadership_order(report: AuditReport) -> list[OpdSummary]:
    """The OPDs with months or a note: focus OPDs first (configured order), then the rest."""
    shown = [s for s in report.opds if not is_unknown(s.opd) and (s.monthly or s.monthly_note)]
    order = list(report.focus.opds) if report.focus else []
    rank = {code: i for i, code in enumerate(order)}
    return sorted(shown, key=lambda s: rank.get(s.opd.code, len(order)))  # stable: rest as is


def blocks(report: AuditReport, top: int) -> list[Block]:
    """Where each OPD's rows are in the monthly sheet whose header row is `top`."""
    out: list[Block] = []
    row = top + 1
    for s in leadership_order(report):
        count = len(s.monthly) or 1
        out.append(Block(s, row, count))
        row += count
    return out


def month_date(month: str) -> date:
    """`2025-03` as the first day of that month (an Excel date cell)."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def _percent(mk: Cells, percent: float | None) -> Any:
    """A percentage 0–100 as a percent cell (blank when unknown)."""
    return None if percent is None else mk(percent / 100, fmt=PERCENT)


def _point(mk: Cells, p: MonthPoint, lang: str) -> list[Any]:
    """The month's cells of one row: month, money, percentages, the behind mark."""
    share = None if p.non_cash_share is None else mk(p.non_cash_share, fmt=PERCENT)
    return [
        mk(month_date(p.month), fmt=MONTH),
        mk.money(p.realised_sen),
        mk.money(p.realised_cumulative_sen),
        _percent(mk, p.realised_cumulative_percent),
        _percent(mk, p.target_cumulative_percent),
        share,
        label("lead_behind_mark", lang) if p.behind else None,
    ]


def _beside(s: OpdSummary, lang: str) -> list[Any]:
    """The basis of the non-cash share and the monthly note (None where not set)."""
    basis = label(f"lead_basis_{s.non_cash_basis}", lang) if s.non_cash_basis else None
    note = label(s.monthly_note, lang) if s.monthly_note else None
    return [basis, note]


def month_rows(mk: Cells, s: OpdSummary, lang: str) -> list[list[Any]]:
    """One OPD's rows: a row per month (the first with `_beside`), or why there are none."""
    opd = [text(s.opd.code), text(s.opd.name)]
    if not s.monthly:
        return [[*opd, text(label(s.monthly_note or "", lang))]]
    rows = [[*opd, *_point(mk, p, lang)] for p in s.monthly]
    rows[0] += _beside(s, lang)
    return rows


def charted(s: OpdSummary) -> bool:
    """Whether the OPD gets an absorption chart: some month has a percentage (budget known)."""
    return any(m.realised_cumulative_percent is not None for m in s.monthly)
