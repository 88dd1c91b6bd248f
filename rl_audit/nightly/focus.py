"""The focus group's figures of about a month earlier, from the history (issue 21).

Before the nightly run writes its reports, each side of `report.focus` gets `previous`:
the same figures of the latest successful run dated on or before this run's date minus one
calendar month (rl_audit.history.focus), and `previous_as_of`: that run's date. A run's
date is its as-of date, else the day it started in the configured zone. Nothing changes
when the report has no focus group or no recorded run is that old.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.findings import AuditReport
from rl_audit.history.focus import run_day
from rl_audit.history.store import History


def attach(current: FocusFigures, earlier: FocusFigures) -> FocusFigures:
    """`current` with `earlier` as its previous figures (dated by `earlier.previous_as_of`)."""
    day = earlier.previous_as_of
    return replace(current, previous=replace(earlier, previous_as_of=None), previous_as_of=day)


def with_month_before(
    history: History, report: AuditReport, started: str, tz: str
) -> FocusGroup | None:
    """`report.focus` with each side's figures of a month earlier (unchanged without them)."""
    group = report.focus
    if group is None:
        return None
    day = date.fromisoformat(run_day(report.as_of, started, tz))
    earlier = history.focus_month_before(day, tz)
    if earlier is None:
        return group
    return replace(
        group, focus=attach(group.focus, earlier.focus), others=attach(group.others, earlier.others)
    )
