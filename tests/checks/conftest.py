"""Helpers to build a CheckInput from small row lists (money given in rupiah)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import CheckInput
from rl_audit.checks.exprscope import money_columns


def frame_of(kind: str, rows: list[dict[str, Any]], doc: int = 0) -> pd.DataFrame:
    """A check frame: typed like the importer's (money in sen, dates, strings) + _doc/_idx."""
    spec = load_kinds()[kind]
    frame = pd.DataFrame(rows)
    money = money_columns(kind)
    for col in frame.columns:
        ctype = spec.columns[col].type if col in spec.columns else "text"
        if col in money:
            frame[col] = (pd.to_numeric(frame[col]) * 100).round().astype("Int64")
        elif ctype == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif ctype in ("number",):
            frame[col] = pd.to_numeric(frame[col]).astype("float64")
        elif ctype == "int":
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        else:
            frame[col] = frame[col].astype("string")
    frame["_doc"] = doc
    frame["_idx"] = range(len(frame))
    frame["_role"] = "data"
    return frame


def make_input(
    kind: str,
    rows: list[dict[str, Any]],
    options: dict[str, Any],
    params: dict[str, Any] | None = None,
    as_of: str = "2025-12-31",
    others: dict[str, list[dict[str, Any]]] | None = None,
    calendar: Any = None,
) -> CheckInput:
    """One OPD's input for a check: `kind`'s rows plus optional rows of other kinds."""
    frames = {kind: frame_of(kind, rows)}
    for other, other_rows in (others or {}).items():
        frames[other] = frame_of(other, other_rows)
    return CheckInput(kind, frames, {}, params or {}, pd.Timestamp(as_of), calendar, options)


@pytest.fixture
def build():
    """The `make_input` helper as a fixture."""
    return make_input
