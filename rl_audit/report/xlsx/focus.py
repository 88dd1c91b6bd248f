"""Rows of the Excel report's focus sheet (Fokus / Focus): the focus OPDs against the rest.

A heading (the title, the focus OPD codes and names, whether a month earlier is known),
then a table: one row per figure (median score, open findings, findings per Rp 1 miliar,
money at risk, absorption, non-cash share), a column per side, and the same two columns
one month earlier when the nightly history has them. Figures come from the engine
(rl_audit.engine.focus); OPD names from spreadsheets go through `cells.text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.findings import AuditReport
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import HEADER_FONT, PERCENT, SCORE, Cells, Column, text

RATIO = "0.00"
FOCUS_COLUMNS: list[Column] = [
    ("xlsx_col_measure", 34), ("lead_side_focus", 18), ("lead_side_others", 18),
    ("lead_side_focus", 34), ("lead_side_others", 34),
]  # fmt: skip
Figure = Callable[[Cells, FocusFigures], Any]
FIGURES: list[tuple[str, Figure]] = [
    ("lead_median_score", lambda mk, f: mk(f.median_score, fmt=SCORE)),
    ("lead_findings", lambda mk, f: f.findings),
    ("lead_findings_per_billion", lambda mk, f: mk(f.findings_per_billion, fmt=RATIO)),
    ("lead_amount_at_risk", lambda mk, f: mk.money(f.amount_at_risk_sen)),
    (
        "lead_absorption",
        lambda mk, f: (
            None if f.absorption_percent is None else mk(f.absorption_percent / 100, fmt=PERCENT)
        ),
    ),
    ("lead_non_cash", lambda mk, f: mk(f.non_cash_share, fmt=PERCENT)),
]


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
        [label(key, lang), *(None if f is None else cell(mk, f) for f in sides)]
        for key, cell in FIGURES
    ]
