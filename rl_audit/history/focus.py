"""The focus group in the history: its rows per run and the figures about a month earlier.

Each recorded run with a focus group (rl_audit.engine.focus) has two `focus_figures` rows,
side `focus` and side `others`; a figure that is None is NULL. `month_before` finds the
latest successful run whose date (its `as_of`, else the local date it started) is on or
before a given date minus one calendar month, so the nightly report can say how each
figure moved since then. Runs recorded before the table existed have no rows and are passed
over.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from datetime import date

from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.history import zone

SIDES = ("focus", "others")


def insert_focus(conn: sqlite3.Connection, run_id: int, group: FocusGroup | None) -> None:
    """The two focus_figures rows of run `run_id` (none without a focus group)."""
    if group is None:
        return
    conn.executemany(
        "INSERT INTO focus_figures (run_id, side, opds, median_score, findings,"
        " findings_per_billion, amount_at_risk_sen, absorption_percent, non_cash_share,"
        " scored, with_spending, with_non_cash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(run_id, side, *_values(getattr(group, side))) for side in SIDES],
    )


def _values(f: FocusFigures) -> tuple[object, ...]:
    """One side's column values, in the table's order after `side`."""
    return (
        json.dumps(list(f.opds), ensure_ascii=False),
        f.median_score,
        f.findings,
        f.findings_per_billion,
        f.amount_at_risk_sen,
        f.absorption_percent,
        f.non_cash_share,
        f.scored,
        f.with_spending,
        f.with_non_cash,
    )


def read_focus(conn: sqlite3.Connection, run_id: int, day: str | None = None) -> FocusGroup | None:
    """Run `run_id`'s focus group (None without rows); `day` becomes `previous_as_of`.

    The configured focus codes are not recorded: the group's `opds` are the focus side's.
    """
    rows = conn.execute("SELECT * FROM focus_figures WHERE run_id = ?", (run_id,)).fetchall()
    sides = {row["side"]: _figures(row, day) for row in rows}
    if set(sides) != set(SIDES):
        return None
    return FocusGroup(sides["focus"].opds, sides["focus"], sides["others"])


def _figures(row: sqlite3.Row, day: str | None) -> FocusFigures:
    """A focus_figures row as FocusFigures."""
    return FocusFigures(
        opds=tuple(json.loads(row["opds"])),
        median_score=row["median_score"],
        findings=row["findings"],
        findings_per_billion=row["findings_per_billion"],
        amount_at_risk_sen=row["amount_at_risk_sen"],
        absorption_percent=row["absorption_percent"],
        non_cash_share=row["non_cash_share"],
        previous_as_of=day,
        scored=row["scored"],
        with_spending=row["with_spending"],
        with_non_cash=row["with_non_cash"],
    )


def month_earlier(day: date) -> date:
    """The same day one calendar month earlier (the month's last day when it is shorter)."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def run_day(as_of: str | None, started_at: str, tz: str = zone.DEFAULT_ZONE) -> str:
    """A run's date: its `as_of`, else the date it started in zone `tz` (ISO dates)."""
    return as_of[:10] if as_of else zone.local(started_at, tz)[:10]


def month_before(
    conn: sqlite3.Connection, day: date, tz: str = zone.DEFAULT_ZONE
) -> FocusGroup | None:
    """The focus group of the latest ok run dated on or before `day` minus one month.

    Latest by date, then by recording order; its sides carry `previous_as_of` = its date.
    None when no run with focus figures is that old.
    """
    limit = month_earlier(day).isoformat()
    runs = conn.execute(
        "SELECT id, as_of, started_at FROM runs WHERE status = 'ok'"
        " AND id IN (SELECT run_id FROM focus_figures)"
    ).fetchall()
    dated = [(run_day(r["as_of"], r["started_at"], tz), r["id"]) for r in runs]
    eligible = [d for d in dated if d[0] <= limit]
    if not eligible:
        return None
    found, run_id = max(eligible)
    return read_focus(conn, run_id, found)
