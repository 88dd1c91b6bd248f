"""`follow_up`: every left row must be followed by a right row within a number of days.

    # S2D-01: a TU SP2D settled (TU Nihil) within tu_settle_days of its date
    check: {type: follow_up, left_when: 'fold(jenis) == "tu"',
            right_when: 'fold(jenis) == "tu nihil"', date: tanggal_sp2d,
            max_days: tu_settle_days, amount: nilai_bruto, right_label: nomor_sp2d,
            absent_blank: [uraian]}

Left rows (the rule's kind, `left_when`) and right rows (`right_kind`, default the same
frame, `right_when`) pair in date order (a left row before a right row of the same day):
each right row settles the oldest left row still open, dated on or before it, whose
deadline it meets — an older row already past its deadline does not take a later
settlement meant for a newer one. Left rows left open then pair, first in first out,
with the right rows still unused dated on or after them (late settlements). A right row
settles at most one left row. Undated rows and opening-balance rows take no part; right
rows dated after the as-of date are not known yet.

The deadline of a left row is its `date` + `max_days` calendar days (number or
parameter). A left row is a finding when its settlement is later than the deadline, or
missing while the as-of date is past the deadline (a row settled exactly on the deadline
passes; one whose deadline has not passed yet is not late). `amount` (expression in
rupiah) is the money at risk. Extra columns: `_deadline`, `_settled` (date of the
settling right row, NaT when none), `_settled_by` (its `right_label` column, blank when
none), `_late_days` (days past the deadline: to the settlement, else to the as-of date).
`absent_blank` names columns read as blank where a document lacks them.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition
from rl_audit.checks.match_passes import amount_pairs
from rl_audit.checks.sides import data_rows, money_sen, with_blank


def _rows(ci: CheckInput, kind: str, when: str, date: str) -> pd.DataFrame:
    """Dated data rows of `kind` where `when` holds (`absent_blank` columns added blank)."""
    frame = with_blank(data_rows(ci.frame(kind, date)), kind, ci.options.get("absent_blank"))
    frame = frame[condition(ci, kind, when, frame).to_numpy()]
    return frame[frame[date].notna().to_numpy()]


def _events(frame: pd.DataFrame, date: str) -> pd.DataFrame:
    """The columns `amount_pairs` pairs on: every row one unit of one group."""
    return pd.DataFrame(
        {"_fk": "", "_amt": 1, "_date": pd.to_datetime(frame[date])}, index=frame.index
    ).assign(_doc=frame["_doc"], _idx=frame["_idx"])


def _in_time(left: pd.Series, right: pd.Series, deadline: pd.Series) -> dict[Any, Any]:
    """Left label → the right row settling it within its deadline (oldest open row first).

    One step per right row (settlements are few: a handful of TU Nihil a year); a left
    row whose deadline passed before a right row's date is skipped, not settled by it.
    """
    lefts = deque(left.sort_values(kind="stable").index)
    queue: deque[Any] = deque()
    pairs: dict[Any, Any] = {}
    for r, day in right.sort_values(kind="stable").items():
        while lefts and left[lefts[0]] <= day:
            queue.append(lefts.popleft())
        while queue and deadline[queue[0]] < day:
            queue.popleft()
        if queue:
            pairs[queue.popleft()] = r
    return pairs


def _settlements(ci: CheckInput, left: pd.DataFrame, deadline: pd.Series) -> pd.Series:
    """Per left row, the right row settling it: in time, else late (NA when none)."""
    o = ci.options
    rkind, date = o.get("right_kind", ci.kind), o["date"]
    rdate = o.get("right_date", date)
    right = _rows(ci, rkind, o["right_when"], rdate)
    right = right[(pd.to_datetime(right[rdate]) <= ci.as_of).to_numpy()]
    pairs = _in_time(pd.to_datetime(left[date]), pd.to_datetime(right[rdate]), deadline)
    rest = left[~left.index.isin(list(pairs))]
    unused = right[~right.index.isin(list(pairs.values()))]
    late = amount_pairs(_events(rest, date), _events(unused, rdate))
    pairs.update(zip(late["_l"], late["_r"], strict=True))
    return pd.Series(pairs, dtype="object").reindex(left.index), right


def _settled_by(
    ci: CheckInput, left: pd.DataFrame, deadline: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Per left row, the date and label of the right row settling it (NaT / NA when none)."""
    paired, right = _settlements(ci, left, deadline)
    has = paired.notna().to_numpy()
    rdate = ci.options.get("right_date", ci.options["date"])
    settled = pd.Series(pd.NaT, index=left.index, dtype="datetime64[ns]")
    label = pd.Series(pd.NA, index=left.index, dtype="string")
    targets = paired[has].astype("int64")
    settled[has] = pd.to_datetime(right.loc[targets, rdate]).to_numpy()
    if ci.options.get("right_label") in right.columns:
        label[has] = right.loc[targets, ci.options["right_label"]].astype("string").to_numpy()
    return settled, label


def run(ci: CheckInput) -> pd.DataFrame:
    """Left rows not followed by a right row within `max_days` (once the deadline passed)."""
    o = ci.options
    left = _rows(ci, ci.kind, o["left_when"], o["date"])
    deadline = pd.to_datetime(left[o["date"]]) + pd.to_timedelta(ci.number("max_days"), unit="D")
    settled, label = _settled_by(ci, left, deadline)
    late = (settled > deadline).fillna(False) | (settled.isna() & (ci.as_of > deadline))
    until = settled.fillna(ci.as_of)
    late_days = ((until - deadline) / pd.Timedelta(days=1)).round().astype("Int64")
    amount = money_sen(ci, ci.kind, left, o["amount"]) if o.get("amount") else None
    extra: dict[str, Any] = {"_deadline": deadline, "_settled": settled, "_settled_by": label}
    found = hits(left, ci.kind, late, amount, _late_days=late_days, **extra)
    found.attrs["evaluated"] = len(left)
    return found


_TEXT = {"type": "string"}
CHECK = CheckType(
    "follow_up",
    {
        "type": "object",
        "required": ["left_when", "right_when", "date", "max_days"],
        "properties": {
            "left_when": {**_TEXT, "description": "Expression selecting the rows to settle."},
            "right_when": {**_TEXT, "description": "Expression selecting the settling rows."},
            "right_kind": {
                **_TEXT,
                "description": "Document kind of the settling rows (default: the rule's kind).",
            },
            "date": {**_TEXT, "description": "Date column of the left rows."},
            "right_date": {
                **_TEXT,
                "description": "Date column of the right rows (default: date).",
            },
            "max_days": {
                "description": "Calendar days after the left date to settle (number or parameter).",
                "type": ["number", "string"],
            },
            "amount": {**_TEXT, "description": "Expression in rupiah: the money at risk."},
            "absent_blank": {
                "description": "Columns read as blank where a document lacks them.",
                "type": "array",
                "items": {"type": "string"},
            },
            "right_label": {
                **_TEXT,
                "description": "Column of the settling row shown as `{settled_by}`.",
            },
        },
    },
    run,
    __doc__ or "",
    uses_as_of=True,
)
