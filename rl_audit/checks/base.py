"""The contract every check type follows.

A check receives a `CheckInput`: for each document kind the rule reads, one frame
that concatenates the OPD's documents of that kind (data and opening rows only,
canonical columns, money in integer sen, plus `_doc` = position in
`CheckInput.docs[kind]` and `_idx` = row label in that document's frame), the
resolved parameters, the as-of date and the working-day calendar. It returns a
`Hits` frame: one row per offending source row, with

- `_kind`, `_doc`, `_idx`: which row of which document (the location);
- `_group`: rows with the same group form ONE finding (a duplicate pair, an overlap,
  a split purchase); checks with one finding per row use the row number;
- `_amount`: money at risk in sen (Int64; NA when none) — the engine takes, per
  group, the value on the group's first row;
- any extra columns (`_deadline`, `_due`, `_excess` …) that message templates use.

A check that cannot run (missing column, bad parameter) raises `CheckError` with a
reason; the engine reports the rule as `error`, never as passed. Rows a check cannot
judge (a value its table lacks) are neither guessed nor passed: it attaches notices to
its hits (`rl_audit.checks.notices`), which become input problems of the report. Checks
are vectorised: no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rl_audit.documents import Document
from rl_audit.findings import Measure

HIT_COLUMNS = ("_kind", "_doc", "_idx", "_group", "_amount")

# Option schemas several check types share (their `options` JSON Schema).
WHEN_OPTION: dict[str, Any] = {
    "description": "Expression; only rows where it holds take part.",
    "type": "string",
}
ABSENT_BLANK_OPTION: dict[str, Any] = {
    "description": "Columns read as blank where the OPD's documents lack them.",
    "default": [],
    "type": "array",
    "items": {"type": "string"},
}
# extra hit columns that hold money in sen (shown in rupiah by message templates)
MONEY_EXTRAS = frozenset(
    {
        "_expected",
        "_difference",
        "_left",
        "_right",
        "_covered",
        "_uncovered",
        "_numerator",
        "_denominator",
        "_rate",
        "_per_unit",
        "_excess",
        "_in_transit",
        "_due",
        "_recorded",
        "_sum",
        "_ceiling",
    }
)


class CheckError(Exception):
    """The check cannot run; the message says why (shown with the `error` status)."""


class NoData(CheckError):
    """The documents hold nothing the check could evaluate (status `not_applicable`, with why)."""


@dataclass(frozen=True)
class CheckInput:
    """What a check sees for one OPD."""

    kind: str  # the rule's (first) document kind
    frames: dict[str, pd.DataFrame]
    docs: dict[str, list[Document]]
    params: dict[str, Any]
    as_of: pd.Timestamp
    calendar: Any = None  # rl_audit.catalog.calendar.WorkCalendar
    options: dict[str, Any] = field(default_factory=dict)  # the rule's `check:` mapping

    def option(self, key: str, default: Any = None) -> Any:
        """A `check:` option; a string naming a parameter resolves to its value."""
        value = self.options.get(key, default)
        if isinstance(value, str) and value in self.params:
            return self.params[value]
        return value

    def number(self, key: str, default: float | None = None) -> float:
        """A numeric option (literal or parameter name); CheckError when it is not a number."""
        value = self.option(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CheckError(f"parameter {key}: bukan angka / not a number: {value!r}")
        return float(value)

    def frame(self, kind: str, *columns: str) -> pd.DataFrame:
        """The frame of `kind`, after checking that it has `columns`."""
        if kind not in self.frames:
            raise CheckError(f"tidak ada dokumen {kind} / no {kind} document")
        frame = self.frames[kind]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise CheckError(f"kolom tidak ada / missing column: {', '.join(missing)} ({kind})")
        return frame


@dataclass(frozen=True)
class CheckType:
    """A registered check type: its options schema (JSON Schema) and its function."""

    name: str
    options: dict[str, Any]
    run: Callable[[CheckInput], pd.DataFrame]
    doc: str = ""
    # optional: the quantity the check compares (rules with `metric:` record it)
    measure: Callable[[CheckInput], Measure | None] | None = None
    uses_as_of: bool = False  # measures against the as-of date (not run when it is unknown)
    # optional: the month-by-month sums of its `monthly:` option (rl_audit.checks.monthly)
    series: Callable[[CheckInput], Any] | None = None


def hits(
    frame: pd.DataFrame,
    kind: str,
    mask: pd.Series | None = None,
    amount: pd.Series | None = None,
    group: pd.Series | None = None,
    **extra: pd.Series,
) -> pd.DataFrame:
    """Build a Hits frame from the rows of `frame` selected by `mask`."""
    sel = frame if mask is None else frame[mask.fillna(False).astype(bool)]
    out = pd.DataFrame({"_kind": kind, "_doc": sel["_doc"], "_idx": sel["_idx"]}, index=sel.index)
    out["_group"] = (
        group.loc[sel.index] if group is not None else pd.Series(range(len(sel)), index=sel.index)
    ).to_numpy()
    out["_amount"] = (
        amount.loc[sel.index] if amount is not None else pd.Series(pd.NA, index=sel.index)
    ).astype("Int64")
    for name, series in extra.items():
        out[name] = series.loc[sel.index] if isinstance(series, pd.Series) else series
    return out.reset_index(drop=True)


def no_hits() -> pd.DataFrame:
    """An empty Hits frame."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in HIT_COLUMNS})
