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
from rl_audit.expr.evaluate import blank_mask


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
    blank = blank_mask(frame[column])
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
            "column": {
                "description": "The column whose non-blank values are checked.",
                "type": "string",
            },
            "regex": {
                "description": "Regular expression the (normalised) value must match.",
                "type": "string",
            },
            "normalise": {
                "description": (
                    "`digits`: keep only the digits before matching; `none`: the value as written."
                ),
                "default": "none",
                "enum": ["digits", "none"],
            },
            "blank_fails": {
                "description": "A blank cell is a finding too.",
                "default": False,
                "type": "boolean",
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
