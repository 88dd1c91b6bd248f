"""Month-by-month sums of an `aggregate_target` metric rule: the `monthly:` option.

    # ANG-02 (metric: absorption): realised spending and the part paid non-cash by month
    monthly:
      spending:   # alternatives: the first whose document has dated rows in the year is used
        - {kind: realisasi, value: "nilai_realisasi - nilai_setoran", date: tanggal_dokumen}
        - {kind: bku, value: pengeluaran, date: tanggal, when: "pengeluaran > 0"}
      non_cash:   # alternatives: the first whose document fills every column of `paid` is used
        - {kind: bku, value: pengeluaran, date: tanggal, when: "pengeluaran > 0",
           paid: "not (fold(cara_bayar) in cash_payment_labels)"}
      non_cash_target: non_cash_target

Each alternative is a side (`kind`, `value`, `when`, `absent_zero`, `absent_blank`) with
a `date` (column or expression) and, for `non_cash`, `paid` (an expression: the row was
paid non-cash). Only rows dated in the audited year up to the as-of date count; undated
rows belong to no month. The budget is the rule's denominator and the cumulative target
curve its `targets` (rl_audit.engine.monthly draws the months from these sums).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput
from rl_audit.checks.exprscope import condition, value
from rl_audit.checks.sides import SIDE, money_sen, named_columns, side_rows, usable

NO_DOCUMENT = "monthly_no_document"  # wording keys (rl_audit.messages)
NO_DATES = "monthly_no_dates"


@dataclass(frozen=True)
class Undated:
    """Spending rows of one document without a date (`doc`: its place in `ci.docs[kind]`)."""

    kind: str
    doc: int
    rows: int
    sen: int


@dataclass(frozen=True)
class MonthlySums:
    """Sums in sen per month number (1–12) of the audited year, and what frames them.

    `spending` is None when no document states dated spending (`note` says why); `paid`
    and `spent` (the non-cash side) are None when no document tells how spending was paid.
    """

    spending: dict[int, int] | None
    note: str | None = None
    paid: dict[int, int] | None = None
    spent: dict[int, int] | None = None
    budget_sen: int | None = None
    targets: tuple[tuple[str, float], ...] = ()  # (ISO date, cumulative percent), in order
    non_cash_target: float | None = None
    non_cash_kind: str | None = None  # the document kind `paid` and `spent` come from
    undated: tuple[Undated, ...] = ()  # spending rows without a date: in no month
    last_month: int | None = None  # the last month with dated spending (the data's end)


def _dated(ci: CheckInput, alt: dict[str, Any]) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """The side's rows dated in the year up to the as-of date, their months, the undated."""
    kind, frame = side_rows(ci, alt)
    dates = pd.to_datetime(pd.Series(value(ci, kind, str(alt["date"]), frame), index=frame.index))
    year = ci.params.get("year")
    keep = dates.notna() & (dates.dt.year == year)
    if not pd.isna(ci.as_of):
        keep &= dates <= ci.as_of
    keep = keep.fillna(False).astype(bool).to_numpy()
    return frame[keep], dates[keep].dt.month, frame[dates.isna().to_numpy()]


def _undated(ci: CheckInput, alt: dict[str, Any], frame: pd.DataFrame) -> tuple[Undated, ...]:
    """Per document: how many spending rows have no date, and their sum in sen."""
    kind = str(alt.get("kind", ci.kind))
    sen = money_sen(ci, kind, frame, str(alt["value"]), alt.get("absent_zero"))
    grouped = sen.groupby(frame["_doc"].to_numpy())
    return tuple(Undated(kind, int(d), int(n), int(t)) for (d, n), t in
                 zip(grouped.size().items(), grouped.sum(), strict=True))  # fmt: skip


def _by_month(ci: CheckInput, alt: dict[str, Any], frame: pd.DataFrame, months: pd.Series) -> Any:
    """The side's money per month number, in sen."""
    kind = alt.get("kind", ci.kind)
    sen = money_sen(ci, kind, frame, str(alt["value"]), alt.get("absent_zero"))
    return sen.groupby(months.to_numpy()).sum()


def _spending(ci: CheckInput, alts: list[dict[str, Any]]) -> MonthlySums:
    """Spending per month from the first alternative with dated rows; else None and why."""
    note = NO_DOCUMENT
    for alt in alts:
        if not usable(ci, alt):
            continue
        note = NO_DATES
        try:
            frame, months, undated = _dated(ci, alt)
        except CheckError:  # no date column: this document cannot place spending in a month
            continue
        if not frame.empty:
            sums = _by_month(ci, alt, frame, months)
            spending = {int(m): int(s) for m, s in sums.items()}
            return MonthlySums(
                spending,
                undated=_undated(ci, alt, undated),
                last_month=int(months.max()),
            )
    return MonthlySums(None, note)


def _tells(ci: CheckInput, alt: dict[str, Any]) -> bool:
    """The document is there and fills, somewhere, every column `paid` names (but absent_blank)."""
    kind = alt.get("kind", ci.kind)
    if not usable(ci, alt):
        return False
    frame = ci.frames[kind]
    need = named_columns(kind, alt["paid"]) - set(alt.get("absent_blank", []))
    return all(c in frame and frame[c].notna().any() for c in need)


def _paid_by_month(ci: CheckInput, alt: dict[str, Any]) -> tuple[dict[int, int], dict[int, int]]:
    """The side's positive spending rows per month: (paid non-cash, all), in sen.

    Refund rows (negative or zero) are left out: a share is of money paid out.
    """
    frame, months, _ = _dated(ci, alt)
    kind = str(alt.get("kind", ci.kind))
    sen = money_sen(ci, kind, frame, str(alt["value"]), alt.get("absent_zero")).to_numpy()
    paid = condition(ci, kind, str(alt["paid"]), frame).fillna(False).astype(bool).to_numpy()
    positive = sen > 0
    month = months.to_numpy()
    spent = pd.Series(sen[positive]).groupby(month[positive]).sum()
    paid_sums = pd.Series(sen[positive & paid]).groupby(month[positive & paid]).sum()
    return (
        {int(m): int(paid_sums.get(m, 0)) for m in spent.index},
        {int(m): int(v) for m, v in spent.items()},
    )


def _non_cash(ci: CheckInput, alts: list[dict[str, Any]]) -> tuple[Any, Any, str | None]:
    """Spending and the part paid non-cash per month, from the first alternative that tells."""
    for alt in alts:
        if not _tells(ci, alt):
            continue
        try:
            paid, spent = _paid_by_month(ci, alt)
        except CheckError:  # a column its `when` or `date` needs is missing: the next one
            continue
        return paid, spent, str(alt.get("kind", ci.kind))
    return None, None, None


def sums(ci: CheckInput, budget_sen: int | None, targets: list[tuple[str, float]]) -> MonthlySums:
    """The `monthly:` option's sums for one OPD (budget and targets from the rule's check)."""
    spec = ci.option("monthly")
    if not isinstance(spec, dict):
        raise CheckError(f"monthly: expected a mapping, got {spec!r}")
    found = _spending(ci, list(spec.get("spending", [])))
    paid, spent, nc_kind = _non_cash(ci, list(spec.get("non_cash", [])))
    target = spec.get("non_cash_target")
    target = ci.params.get(target, target) if isinstance(target, str) else target
    return replace(
        found,
        paid=paid,
        spent=spent,
        budget_sen=budget_sen,
        targets=tuple(targets),
        non_cash_target=float(target) if isinstance(target, int | float) else None,
        non_cash_kind=nc_kind,
    )


_DATED = {**SIDE, "required": ["value", "date"]}
_PAID = {
    **SIDE,
    "required": ["value", "date", "paid"],
    "properties": {
        **SIDE["properties"],
        "paid": {"description": "Expression: the row was paid non-cash.", "type": "string"},
    },
}
MONTHLY: dict[str, Any] = {
    "description": (
        "Month-by-month figures of a `metric:` rule (the leadership view): `spending` and "
        "`non_cash` (lists of dated sides, the first usable one counts; `non_cash` sides "
        "with `paid`), `non_cash_target` (percent or a parameter)."
    ),
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "spending": {"type": "array", "items": _DATED},
        "non_cash": {"type": "array", "items": _PAID},
        "non_cash_target": {"oneOf": [{"type": "string"}, {"type": "number"}]},
    },
}
