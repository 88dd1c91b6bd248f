"""Sides of an aggregate: a kind, a money value (column or expression), a row filter.

Shared by `aggregate_target`, `reconcile`, `match`, `row_condition`, `tax_transit`: the
data rows of a frame (opening balances dropped), typed blank columns for ones a document
lacks, per-row sen of a money expression, and the JSON Schema of one side.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import CheckInput
from rl_audit.checks.exprscope import condition, money_columns, to_sen, value
from rl_audit.documents import ROLE, RowRole
from rl_audit.expr.parse import names, parse

_BLANK_DTYPE = {
    "date": "datetime64[ns]",
    "month": "datetime64[ns]",
    "money": "Int64",
    "int": "Int64",
    "number": "Float64",
}


def data_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without opening-balance rows (they are not transactions)."""
    if ROLE not in frame.columns:
        return frame
    role = frame[ROLE].astype("string").fillna(RowRole.DATA.value)
    return frame[(role != RowRole.OPENING.value).to_numpy()]


def named_columns(kind: str, *texts: Any) -> set[str]:
    """The columns of `kind` that the expressions `texts` name."""
    found = {n for t in texts if t for n in names(parse(str(t)))}
    return found & set(load_kinds()[kind].columns)


def pick_side(ci: CheckInput, spec: Any) -> dict[str, Any]:
    """`spec`, or the first usable of a list of alternative sides (else the last)."""
    if not isinstance(spec, list):
        return spec
    return next((alt for alt in spec if usable(ci, alt)), spec[-1])


def usable(ci: CheckInput, alt: dict[str, Any]) -> bool:
    """Whether a side's document is there with some figure in every column its value names."""
    kind = alt.get("kind", ci.kind)
    need = named_columns(kind, alt["value"]) - set(alt.get("absent_zero", []))
    rows = data_rows(ci.frames[kind]) if kind in ci.frames else None
    return rows is not None and all(c in rows and rows[c].notna().any() for c in need)


def with_blank(frame: pd.DataFrame, kind: str, columns: Any) -> pd.DataFrame:
    """`frame` plus a typed blank column for each of `columns` it lacks."""
    types: dict[str, str] = {n: c.type for n, c in load_kinds()[kind].columns.items()}
    blank = {
        c: pd.Series(
            pd.NA, index=frame.index, dtype=_BLANK_DTYPE.get(types.get(c, "text"), "string")
        )
        for c in columns or ()
        if c not in frame.columns
    }
    return frame.assign(**blank) if blank else frame


def money_sen(
    ci: CheckInput, kind: str, frame: pd.DataFrame, text: str, absent_zero: Any = ()
) -> pd.Series:
    """Per-row sen of a money column or a rupiah expression; blank money counts as 0.

    Money columns named in `absent_zero` count as 0 where the document lacks them.
    """
    money = money_columns(kind)
    if text in money and text in frame.columns:
        return frame[text].astype("Int64").fillna(0)
    filled = frame.copy()
    for col in absent_zero or ():
        if col in money and col not in filled.columns:
            filled[col] = pd.Series(0, index=frame.index, dtype="Int64")
    cols = [c for c in money if c in filled.columns]
    filled[cols] = filled[cols].fillna(0)
    return to_sen(value(ci, kind, text, filled), frame.index).fillna(0)


def side_rows(ci: CheckInput, spec: dict[str, Any], *columns: str) -> tuple[str, pd.DataFrame]:
    """A side's kind and selected rows (data rows where `when` holds)."""
    kind = spec.get("kind", ci.kind)
    frame = with_blank(data_rows(ci.frame(kind, *columns)), kind, spec.get("absent_blank"))
    when = spec.get("when")
    if when:
        frame = frame[condition(ci, kind, when, frame).to_numpy()]
    return kind, frame


_NAMES = {"type": "array", "items": {"type": "string"}}
SIDE: dict[str, Any] = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "kind": {"description": "Document kind (default: the rule's kind).", "type": "string"},
        "value": {
            "description": "Money column, or an expression in rupiah (blank money counts as 0).",
            "type": "string",
        },
        "when": {"description": "Expression; only rows where it holds count.", "type": "string"},
        "date": {
            "description": "Column or expression: rows dated after the as-of date are left out.",
            "type": "string",
        },
        "absent_zero": {
            **_NAMES,
            "description": "Money columns counting as 0 where a document lacks them.",
        },
        "absent_blank": {
            **_NAMES,
            "description": "Columns read as blank where a document lacks them.",
        },
        "from": {
            "description": (
                "`spending_root`: per document, its spending root row (else its leaves); the "
                "largest document."
            ),
            "enum": ["spending_root"],
        },
    },
}
SIDES = {"oneOf": [SIDE, {"type": "array", "items": SIDE, "minItems": 1}]}
