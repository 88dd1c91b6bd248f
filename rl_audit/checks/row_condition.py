"""`row_condition`: every row where the `where` expression holds is a finding.

check: {type: row_condition, where: 'lower(cara_bayar) == "tunai" and pengeluaran > cash_limit'}
"""

from __future__ import annotations

import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows of the rule's first document kind matching `where`."""
    kind = ci.kind
    frame = ci.frame(kind)
    return hits(frame, kind, condition(ci, kind, ci.options["where"]))


CHECK = CheckType(
    "row_condition",
    {"type": "object", "required": ["where"], "properties": {"where": {"type": "string"}}},
    run,
    __doc__ or "",
)
