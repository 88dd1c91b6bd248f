"""Rows of the Excel report's focus sheet (Fokus / Focus): the focus OPDs against the rest.

A heading (the title, the focus OPD codes and names, whether a month earlier is known),
then a table: one row per figure (median score, open findings, findings per Rp 1 miliar,
money at risk, absorption, non-cash share), a column per side, and the same two columns
one month earlier when the nightly history has them. Figures come from the engine
(rl_audit.engine.focus); OPD names from spreadsheets go through `cells.text`. A figure
covering only some of its side's OPDs stays a number and says how many in its number
format (`97,2% (1 dari 2 OPD)`); a side without OPDs reads `tidak ada OPD diperiksa`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.findings import AuditReport
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import HEADER_FONT, MONEY, PERCENT, SCORE, Cells, Column, text

RATIO = "0.00"
FOCUS_COLUMNS: list[Column] = [
    ("xlsx_col_measure", 34), ("lead_side_focus", 18), ("lead_side_others", 18),
    ("lead_side_focus", 34), ("lead_side_others", 34),
]  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """One row of the table: its wording, its cell value, format, and the OPDs it covers."""

    key: str
    value: Callable[[FocusFigures], float | int | None]
    fmt: str | None = None
    covers: Callable[[FocusFigures], int] | None = None  # None: always the whole side


def _fraction(percent: float | None) -> float | None:
    """A percentage 0–100 as the 0–1 a percent cell holds."""
    return None if percent is None else percent / 100


FIGURES: list[Figure] = [
    Figure("lead_median_score", lambda f: f.median_score, SCORE, lambda f: f.scored),
    Figure("lead_findings", lambda f: f.findings),
    Figure(
        "lead_findings_per_billion",
        lambda f: f.findings_per_billion, RATIO, lambda f: f.with_spending,
    ),
    Figure("lead_amount_at_risk", lambda f: f.amount_at_risk_sen / 100, MONEY),
    Figure(
        "lead_absorption",
        lambda f: _fraction(f.absorption_percent), PERCENT, lambda f: f.with_spending,
    ),
    Figure("lead_non_cash", lambda f: f.non_cash_share, PERCENT, lambda f: f.with_non_cash),
]  # fmt: skip


def covered_format(fmt: str | None, n: int, total: int, lang: str) -> str | None:
    """`fmt` followed by `(n dari total OPD)` when the figure covers part of the side.

    `n` 0 is a count not recorded (a month earlier's figures): `fmt` as it is.
    """
    if not 0 < n < total:
        return fmt
    words = label("lead_covered", lang, n=n, total=total).replace('"', "")
    return f'{fmt or "General"}" ({words})"'


def figure_cell(mk: Cells, figure: Figure, f: FocusFigures, lang: str) -> Any:
    """One figure of one side: a number cell (blank when unknown), or no OPDs said."""
    if not f.opds:
        return label("lead_no_opds", lang)
    value = figure.value(f)
    if value is None:
        return None
    n = figure.covers(f) if figure.covers else 0
    return mk(value, fmt=covered_format(figure.fmt, n, len(f.opds), lang))


def _as_of(group: FocusGroup) -> str | None:
    """The date of the run the previous figures come from (None: no history)."""
    return group.focus.previous_as_of or group.others.previous_as_of


def has_previous(group: FocusGroup) -> bool:
    """Whether either side has the figures of a month earlier."""
    return group.focus.previous is not None or group.others.previous is not None


def focus_lines(report: AuditReport, group: FocusGroup, lang: str) -> list[list[Any]]:
    """The lines above the table: title, the focus OPDs, the missing history (if so)."""
    names = {s.opd.code: s.opd.name for s in report.opds}
    opds = ", ".join(f"{c} {names[c]}" if c in names else c for c in group.opds)
    lines: list[list[Any]] = [
        [label("lead_focus_title", lang)],
        [text(label("xlsx_focus_opds", lang, opds=opds or "-"))],
    ]
    if not has_previous(group):
        lines.append([label("lead_no_previous", lang)])
    return lines


def focus_header(mk: Cells, group: FocusGroup, lang: str) -> list[Any]:
    """The bold header: the figure, the two sides, and the sides a month earlier."""
    sides = [label("lead_side_focus", lang), label("lead_side_others", lang)]
    heads = [label("xlsx_col_measure", lang), *sides]
    if has_previous(group):
        previous = label("lead_previous", lang, as_of=_as_of(group) or "-")
        heads += [label("xlsx_previous_side", lang, side=s, previous=previous) for s in sides]
    return [mk(text(h), font=HEADER_FONT) for h in heads]


def focus_rows(mk: Cells, group: FocusGroup, lang: str) -> list[list[Any]]:
    """One row per figure: now on both sides, then a month earlier when known."""
    sides: list[FocusFigures | None] = [group.focus, group.others]
    if has_previous(group):
        sides += [group.focus.previous, group.others.previous]
    return [
        [
            label(figure.key, lang),
            *(None if f is None else figure_cell(mk, figure, f, lang) for f in sides),
        ]
        for figure in FIGURES
    ]
