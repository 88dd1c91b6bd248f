"""`pattern`: a column's non-blank values must match a regular expression.

    check: {type: pattern, column: npwp, regex: '^[0-9]{15,16}$', normalise: digits,
            blank_fails: true}

`normalise: digits` strips everything but digits first; `blank_fails` makes a blank
cell a finding too.
"""

from __future__ import annotations

import re

import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition
from rl_audit.expr.evaluate import _blank


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows whose value does not match (and blank rows when `blank_fails`)."""
    kind = ci.kind
    column = ci.options["column"]
    frame = ci.frame(kind, column)
    try:
        re.compile(ci.options["regex"])
    except re.error as err:
        raise CheckError(f"regex {ci.options['regex']!r}: {err}") from err
    text = frame[column].astype("string")
    if ci.options.get("normalise") == "digits":
        text = text.str.replace(r"[^0-9]", "", regex=True)
    blank = _blank(frame[column])
    bad = ~text.str.fullmatch(ci.options["regex"]).fillna(False).astype(bool) & ~blank
    if ci.options.get("blank_fails"):
        bad |= blank
    if ci.options.get("when"):
        bad &= condition(ci, kind, ci.options["when"])
    return hits(frame, kind, bad)


CHECK = CheckType(
    "pattern",
    {
        "type": "object",
        "required": ["column", "regex"],
        "properties": {
            "column": {"type": "string"},
            "regex": {"type": "string"},
            "normalise": {"enum": ["digits", "none"]},
            "blank_fails": {"type": "boolean"},
            "when": {"type": "string"},
        },
    },
    run,
    __doc__ or "",
)
