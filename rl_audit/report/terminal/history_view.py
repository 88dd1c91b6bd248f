"""The terminal view of `rl-audit history`: recorded runs and each OPD's score trend.

Names and texts read from the history database came from spreadsheets: they are shown
through `terminal_safe.plain` (never markup, control characters made visible).
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from rl_audit.messages import label, number, rupiah
from rl_audit.report.terminal.guard import plain

BARS = "▁▂▃▄▅▆▇█"
SHOWN_RUNS = 10


def sparkline(scores: list[float]) -> str:
    """One bar per score on a 0–100 scale (`▁` … `█`)."""
    return "".join(BARS[min(len(BARS) - 1, int(max(0.0, s) / 100 * len(BARS)))] for s in scores)


def _runs_table(runs: list[dict[str, Any]], lang: str) -> Table:
    """The latest runs: id, start, status, open findings."""
    table = Table(
        title=label("history_runs_title", lang), box=box.SIMPLE_HEAD, title_justify="left"
    )
    for key in ("history_col_run", "history_col_started", "col_status", "col_findings"):
        table.add_column(label(key, lang))
    for run in runs[-SHOWN_RUNS:]:
        table.add_row(*(plain(run[k]) for k in ("id", "started_at", "status", "findings")))
    return table


def _series(runs: list[dict[str, Any]]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """OPD code → (name, its entries over the runs, oldest first)."""
    out: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for run in runs:
        for opd in run["opds"]:
            out.setdefault(opd["code"], (opd["name"], []))[1].append(opd)
    return out


def _opd_table(runs: list[dict[str, Any]], lang: str) -> Table:
    """Each OPD: latest score, trend, change since its first run, money at risk."""
    table = Table(
        title=label("history_opds_title", lang), box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column(label("col_opd", lang), overflow="fold")
    table.add_column(label("col_score", lang), justify="right")
    table.add_column(label("history_col_trend", lang), no_wrap=True)
    table.add_column(label("history_col_change", lang), justify="right")
    table.add_column(label("col_at_risk", lang), justify="right", no_wrap=True)
    for code, (name, entries) in _series(runs).items():
        scores = [e["score"] for e in entries]
        change = scores[-1] - scores[0]
        table.add_row(
            plain(f"{name} ({code})"),
            number(scores[-1], 1),
            sparkline(scores),
            ("+" if change > 0 else "") + number(change, 1),
            rupiah(entries[-1]["amount_at_risk"]),
        )
    return table


def print_history(runs: list[dict[str, Any]], console: Console, lang: str) -> None:
    """The runs, then the OPDs with their trend."""
    console.print(_runs_table(runs, lang))
    console.print(_opd_table(runs, lang))
