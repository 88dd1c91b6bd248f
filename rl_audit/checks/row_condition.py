"""`row_condition`: every row where the `where` expression holds is a finding.

check: {type: row_condition, where: 'lower(cara_bayar) == "tunai" and pengeluaran > cash_limit'}

Options:

- `absent_blank`: columns read as blank where the OPD's documents lack them (so
  `where` may use an optional column).
- `values`: name → expression, each given to the message as `{name}`: a money name
  (`per_unit`, `due`, `excess` … — `MONEY_EXTRAS`) is an amount in rupiah shown with
  `{name:rp}`; any other is a number (e.g. `late_days: "days(as_of, tanggal_selesai)"`).
  A value named `amount` is the finding's amount in rupiah (evaluated like the others,
  so it may use the `absent_blank` columns; a rule's own `amount:` cannot).
- `note`: `{when: <expression>, id: <text>, en: <text>}` — the message's `{note_id}` /
  `{note_en}` hold that text on rows where `when` holds and nothing elsewhere (a
  sentence only some findings need).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from rl_audit.checks.base import MONEY_EXTRAS, CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition, to_sen, value
from rl_audit.checks.sides import with_blank


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows of the rule's first document kind matching `where`."""
    kind = ci.kind
    frame = with_blank(ci.frame(kind), kind, ci.options.get("absent_blank"))
    extra = _values(ci, frame)
    amount = extra.pop("_amount", None)
    if note := ci.options.get("note"):
        holds = condition(ci, kind, note["when"], frame)
        for lang in ("id", "en"):
            extra[f"_note_{lang}"] = pd.Series(note[lang], index=frame.index).where(holds, "")
    return hits(frame, kind, condition(ci, kind, ci.options["where"], frame), amount, **extra)


def _values(ci: CheckInput, frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The `values` option as hit columns (money in sen, numbers as they are)."""
    out: dict[str, pd.Series] = {}
    for name, text in (ci.options.get("values") or {}).items():
        found: Any = value(ci, ci.kind, text, frame)
        series = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
        money = f"_{name}" in MONEY_EXTRAS or name == "amount"
        out[f"_{name}"] = to_sen(series, frame.index) if money else pd.to_numeric(series)
    return out


_TEXT = {"type": "string", "minLength": 1}

CHECK = CheckType(
    "row_condition",
    {
        "type": "object",
        "required": ["where"],
        "properties": {
            "where": {
                "description": "Expression; every row where it holds is a finding.",
                "type": "string",
            },
            "absent_blank": {
                "description": (
                    "Columns read as blank where the OPD's documents lack them (so `where` may "
                    "use an optional column)."
                ),
                "default": [],
                "type": "array",
                "items": {"type": "string"},
            },
            "values": {
                "description": (
                    "Name → expression, each given to the message as `{name}` (money names in "
                    "rupiah, others numbers)."
                ),
                "type": "object",
                "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                "additionalProperties": {"type": "string"},
            },
            "note": {
                "description": (
                    "`{when, id, en}`: a sentence given to the message as `{note_id}`/`{note_en}`"
                    " on rows where `when` holds."
                ),
                "type": "object",
                "required": ["when", "id", "en"],
                "additionalProperties": False,
                "properties": {"when": {"type": "string"}, "id": _TEXT, "en": _TEXT},
            },
        },
    },
    run,
    __doc__ or "",
)
