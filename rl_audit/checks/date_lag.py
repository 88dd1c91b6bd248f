"""`date_lag`: a date column must not come after a deadline counted from another date.

    check: {type: date_lag, start: tanggal_terima, end: tanggal_setor,
            max_days: deposit_days, unit: working, amount: jumlah}

The deadline is one of

- `max_days` (number or parameter name) days after `start`, counted in `unit`
  `calendar` (default) or `working` days (weekends, national holidays and cuti
  bersama skipped: 1 working day after a Friday is the Monday);
- `deadline`: a deadline rule (or a parameter naming one) applied to `start` —
  `day_of_next_month:N`, `end_of_next_month` (both moved to the next working day),
  `same_day`, `workdays:N`, `days:N`;
- `deadline_by`: a list of `{when: <expression>, deadline: <rule>}` tried in order,
  the first whose `when` holds deciding the row's rule (an entry without `when`
  matches every row). Rows no entry matches have no deadline and never fail. E.g.
  PJK-02 (PMK 81/2024 from tax period January 2025)::

      deadline_by:
        - {when: 'contains(jenis_pajak, "PPN") and tanggal < "2025-01-01"',
           deadline: "day_of_next_month:15"}
        - {when: 'contains(jenis_pajak, "PPN")', deadline: end_of_next_month}
        - {when: 'tanggal < "2025-01-01"', deadline: "day_of_next_month:10"}
        - {deadline: "day_of_next_month:15"}

A row is a finding when `end` is after its deadline. A blank `end` is ignored unless
`missing_end: overdue`, then the row is a finding once the as-of date is after the
deadline; without an `end` option every row counts as not yet done (overdue rule).
A blank `start` never fails. `when` limits the rows; `amount` (expression in rupiah)
is the money at risk. Opening-balance rows are not transactions and are skipped.

Hit columns: `_deadline` (date), `_late_days` (calendar days after the deadline; NA
when `end` is blank), `_overdue_days` (days from the deadline to the as-of date for a
blank `end`; NA otherwise).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.catalog.calendar import WorkCalendar, is_rule
from rl_audit.checks.base import CheckError, CheckInput, CheckType, hits, no_hits
from rl_audit.checks.exprscope import condition, to_sen, value

_NUMBER_OR_PARAM = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The national calendar without config extras (used when the engine gives none)."""
    return WorkCalendar()


def calendar_of(ci: CheckInput) -> WorkCalendar:
    """The check's working-day calendar."""
    return ci.calendar if ci.calendar is not None else default_calendar()


def _rule_text(ci: CheckInput, text: Any, where: str) -> str:
    """A deadline rule, resolving a parameter name; CheckError when it is no rule."""
    if isinstance(text, str) and text in ci.params:
        text = ci.params[text]
    if not is_rule(text):
        raise CheckError(f"{where}: aturan tenggat tidak dikenal / unknown deadline rule {text!r}")
    return str(text)


def _max_days_rule(ci: CheckInput) -> str:
    """`max_days` + `unit` as a deadline rule (`days:N` / `workdays:N`)."""
    days = ci.number("max_days")
    if days < 0 or days != int(days):
        raise CheckError(f"max_days: harus bilangan bulat ≥ 0 / must be a whole number ≥ 0: {days}")
    unit = ci.options.get("unit", "calendar")
    if unit not in ("calendar", "working"):
        raise CheckError(f"unit: calendar atau/or working, bukan/not {unit!r}")
    return f"{'workdays' if unit == 'working' else 'days'}:{int(days)}"


def _variants(ci: CheckInput) -> list[tuple[str | None, str]]:
    """The (when, rule) pairs of this check, in priority order."""
    given = [k for k in ("deadline", "deadline_by", "max_days") if k in ci.options]
    if len(given) != 1:
        raise CheckError(
            "date_lag: pakai tepat satu / use exactly one of deadline, deadline_by, max_days"
        )
    if given[0] == "max_days":
        return [(None, _max_days_rule(ci))]
    if given[0] == "deadline":
        return [(None, _rule_text(ci, ci.options["deadline"], "deadline"))]
    entries = ci.options["deadline_by"]
    if not isinstance(entries, list) or not entries:
        raise CheckError("deadline_by: daftar kosong / must be a non-empty list")
    return [
        (e.get("when"), _rule_text(ci, e.get("deadline"), f"deadline_by[{i}]"))
        for i, e in enumerate(entries)
    ]


def deadlines(ci: CheckInput, frame: pd.DataFrame, start: pd.Series) -> pd.Series:
    """Each row's deadline: the first matching variant's rule applied to `start`."""
    cal = calendar_of(ci)
    result = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    open_rows = pd.Series(True, index=frame.index)
    for when, rule in _variants(ci):
        match = open_rows & (condition(ci, ci.kind, when, frame) if when else True)
        if match.any():
            result = result.where(~match, cal.deadline(start, rule))
        open_rows &= ~match
    return result


def _day_count(later: Any, earlier: pd.Series) -> pd.Series:
    """Whole calendar days from `earlier` to `later` (Int64, NA on blanks)."""
    delta = (later - earlier) / pd.Timedelta(days=1)
    return pd.Series(np.floor(delta.astype("float64")), index=earlier.index).astype("Int64")


def _rows(ci: CheckInput) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The transaction rows (fresh index) with their start and end dates."""
    start_col, end_col = ci.options["start"], ci.options.get("end")
    frame = ci.frame(ci.kind, *[c for c in (start_col, end_col) if c])
    if "_role" in frame.columns:
        frame = frame[(frame["_role"].astype("string") != "opening").fillna(True)]
    frame = frame.reset_index(drop=True)
    start = pd.to_datetime(frame[start_col], errors="coerce")
    if end_col:
        end = pd.to_datetime(frame[end_col], errors="coerce")
    else:
        end = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    return frame, start, end


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows finished after their deadline (or still open past it at the as-of date)."""
    kind = ci.kind
    frame, start, end = _rows(ci)
    if frame.empty:
        return no_hits()
    due = deadlines(ci, frame, start)
    late = (end > due).fillna(False)
    if ci.options.get("missing_end", "ignore") == "overdue" or not ci.options.get("end"):
        late |= (end.isna() & (due < ci.as_of)).fillna(False)
    when = ci.options.get("when")
    if when:
        late &= condition(ci, kind, when, frame)
    text = ci.options.get("amount")
    amount = to_sen(value(ci, kind, text, frame), frame.index) if text else None
    return hits(
        frame,
        kind,
        late,
        amount,
        _deadline=due,
        _late_days=_day_count(end, due),
        _overdue_days=_day_count(ci.as_of, due).where(end.isna()),
    )


CHECK = CheckType(
    "date_lag",
    {
        "type": "object",
        "required": ["start"],
        "properties": {
            "start": {"description": "Date column the deadline is counted from.", "type": "string"},
            "end": {
                "description": (
                    "Date column that must not be after the deadline (without it: every row is "
                    "not yet done)."
                ),
                "type": "string",
            },
            "deadline": {
                "description": (
                    "Deadline rule (or parameter naming one): `day_of_next_month:N`, "
                    "`end_of_next_month`, `same_day`, `workdays:N`, `days:N`."
                ),
                "type": "string",
            },
            "deadline_by": {
                "description": (
                    "List of `{when, deadline}` tried in order; the first whose `when` holds "
                    "gives the row's rule."
                ),
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["deadline"],
                    "properties": {"when": {"type": "string"}, "deadline": {"type": "string"}},
                    "additionalProperties": False,
                },
            },
            "max_days": {
                **_NUMBER_OR_PARAM,
                "description": "Days after `start` (number or parameter).",
            },
            "unit": {
                "description": "How `max_days` counts: `calendar` or `working` days.",
                "default": "calendar",
                "enum": ["calendar", "working"],
            },
            "missing_end": {
                "description": (
                    "`overdue`: a blank `end` is a finding once the as-of date is past the "
                    "deadline; `ignore`: never."
                ),
                "default": "ignore",
                "enum": ["ignore", "overdue"],
            },
            "when": {
                "description": "Expression; only rows where it holds are checked.",
                "type": "string",
            },
            "amount": {"description": "Expression in rupiah: the money at risk.", "type": "string"},
        },
        "oneOf": [
            {"required": ["deadline"]},
            {"required": ["deadline_by"]},
            {"required": ["max_days"]},
        ],
    },
    run,
    __doc__ or "",
    uses_as_of=True,
)
