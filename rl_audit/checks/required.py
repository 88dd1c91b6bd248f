"""`required`: the listed columns must not be blank (optionally only where `when` holds).

    check: {type: required, columns: [no_bukti], when: "pengeluaran > 0"}

A column missing from the document is an error of the rule, not a pass.
"""

from __future__ import annotations

import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition
from rl_audit.expr.evaluate import blank_mask


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows where any required column is blank."""
    kind = ci.kind
    columns = list(ci.options["columns"])
    frame = ci.frame(kind, *columns)
    blank = pd.concat([blank_mask(frame[c]) for c in columns], axis=1).any(axis=1)
    when = ci.options.get("when")
    if when:
        blank &= condition(ci, kind, when)
    return hits(frame, kind, blank)


CHECK = CheckType(
    "required",
    {
        "type": "object",
        "required": ["columns"],
        "properties": {
            "columns": {
                "description": "Columns that must not be blank.",
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
            },
            "when": {
                "description": "Expression; only rows where it holds are checked.",
                "type": "string",
            },
        },
    },
    run,
    __doc__ or "",
)
