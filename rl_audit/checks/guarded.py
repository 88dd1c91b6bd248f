"""`guarded_condition`: a `row_condition` whose rows may first be set aside or flagged.

check: {type: guarded_condition, where: 'penyisihan < sisa * rate', unjudged: [...]}

Options (besides those of `row_condition`: `where`, `absent_blank`, `values`, `note`):

- `unjudged`: guards `{when, notice, column}`, in order. A row where a guard's `when`
  holds cannot be judged (a blank value the rule needs): it is not evaluated, and it is
  reported as an input problem worded by the label `notice` (one notice per document and
  distinct `column` value, naming the cells); the rule's outcome counts it as unchecked.
- `warn`: guards `{when, notice, column, values}`. A judged row where `when` holds is
  still evaluated, and also reported as an input problem naming its cell, e.g. an age
  written in a column that disagrees with the one computed from a date (PIU-01). The
  notice's `{name}`s are the row's columns, `{as_of}`, and the numbers `values`
  (name → expression) give.

Notice labels are named `notice_…` (`rl_audit/data/labels/guards.yaml`); each gets
`{rule}`, `{count}` and `{value}` (the text of the guard's `column`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from rl_audit.checks import row_condition
from rl_audit.checks.base import CheckError, CheckInput, CheckType
from rl_audit.checks.exprscope import condition, value
from rl_audit.checks.notices import RowNotice, attach, row_notices
from rl_audit.checks.sides import with_blank
from rl_audit.formatting import number
from rl_audit.messages import labels

GUARD_OPTIONS = ("unjudged", "warn")


def run(ci: CheckInput) -> pd.DataFrame:
    """The `where` hits among the judged rows, with the guards' notices attached."""
    kind = ci.kind
    frame = with_blank(ci.frame(kind), kind, ci.options.get("absent_blank"))
    skipped = pd.Series(False, index=frame.index)
    notices: list[RowNotice] = []
    for guard in ci.options.get("unjudged") or []:
        held = condition(ci, kind, guard["when"], frame) & ~skipped
        part = frame[held.to_numpy()]
        notices += row_notices(part, kind, _key(guard), guard.get("column"), {})
        skipped |= held
    judged = frame[(~skipped).to_numpy()]
    options = {k: v for k, v in ci.options.items() if k not in GUARD_OPTIONS}
    found = row_condition.run(replace(ci, frames={**ci.frames, kind: judged}, options=options))
    for guard in ci.options.get("warn") or []:
        notices += warn_notices(ci, judged, guard)
    found.attrs["evaluated"] = len(judged)
    return attach(found, notices, int(skipped.sum()))


def _key(guard: dict[str, Any]) -> str:
    """The guard's notice label; CheckError when the wording does not know it."""
    key = str(guard["notice"])
    if key not in labels():
        raise CheckError(f"notice tidak dikenal / unknown notice: {key}")
    return key


def warn_notices(ci: CheckInput, frame: pd.DataFrame, guard: dict[str, Any]) -> list[RowNotice]:
    """One notice per row of `frame` where the `warn` guard holds, with its values."""
    key = _key(guard)
    held = frame[condition(ci, ci.kind, guard["when"], frame).to_numpy()]
    column = guard.get("column")
    own = [c for c in held.columns if not str(c).startswith("_")]
    shown = {str(c): [_text(v) for v in held[c].tolist()] for c in own}
    for name, text in (guard.get("values") or {}).items():
        shown[name] = _shown(ci, held, text)
    fixed = {"as_of": _text(ci.as_of), "value": ""}
    out = []
    for pos, (doc, idx) in enumerate(zip(held["_doc"], held["_idx"], strict=True)):
        params = {**fixed, **{name: values[pos] for name, values in shown.items()}}
        if column in shown:
            params["value"] = shown[column][pos]
        out.append(RowNotice(key, ci.kind, int(doc), (idx,), column, params))
    return out


def _shown(ci: CheckInput, frame: pd.DataFrame, text: str) -> list[str]:
    """An expression's per-row values as text (whole numbers without decimals)."""
    found: Any = value(ci, ci.kind, text, frame)
    series = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
    return [_text(v) for v in series.tolist()]


def _text(item: Any) -> str:
    """A notice value as text: `-` when blank, a date dd/mm/yyyy, numbers the Indonesian way."""
    if item is None or (not isinstance(item, str) and bool(pd.isna(item))):
        return "-"
    if isinstance(item, pd.Timestamp):
        return str(item.strftime("%d/%m/%Y"))
    if isinstance(item, int | float) and not isinstance(item, bool):
        return number(float(item), 0 if float(item).is_integer() else 2)
    return str(item)


_GUARD = {
    "type": "object",
    "required": ["when", "notice"],
    "additionalProperties": False,
    "properties": {
        "when": {"type": "string"},
        "notice": {"type": "string", "pattern": "^notice_[a-z0-9_]+$"},
        "column": {"type": "string"},
        "values": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {"type": "string"},
        },
    },
}

_SCHEMA = row_condition.CHECK.options
CHECK = CheckType(
    "guarded_condition",
    {
        **_SCHEMA,
        "properties": {
            **_SCHEMA["properties"],
            "unjudged": {
                "description": (
                    "Guards `{when, notice, column}`: rows where `when` holds are not judged "
                    "but reported as input problems worded by the label `notice`."
                ),
                "type": "array",
                "items": _GUARD,
            },
            "warn": {
                "description": (
                    "Guards `{when, notice, column, values}`: judged rows where `when` holds "
                    "are also reported as input problems, `values` filling the notice."
                ),
                "type": "array",
                "items": _GUARD,
            },
        },
    },
    run,
    __doc__ or "",
)
