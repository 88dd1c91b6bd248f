"""Taxes in transit at year end: withheld in December, deposited in January on time (KAS-04).

    in_transit: {kind: pajak, withheld: pungut, deposited: setor, date: tanggal,
                 by: jenis_pajak, fold: {jenis_pajak: tax_type},
                 deadline_by: [{when: 'contains(jenis_pajak, "PPN")', deadline: end_of_next_month},
                               {deadline: "day_of_next_month:15"}]}

A treasurer's cash at 31 December legitimately holds the taxes (PFK) withheld in
December that are deposited in January before their deadline. Per tax (`by`, folded
with `fold`, `rl_audit.checks.folds`; one group without the column) and year Y:

- held = withheld − deposited over the rows dated up to 31 December Y (never below 0);
  deposits pay the oldest withholdings first, so what is held is the latest;
- December's part of it = min(held, withheld in December Y);
- deposits dated in Y+1 on or before the (latest) deadline of December's withholdings
  (`deadline_by` as in `date_lag`: January, or the working day a holiday moves it to)
  pay it first;
- in transit = min(December's part, those deposits).

The year's amount is the sum over taxes, in sen. Opening-balance and undated rows do
not take part.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from rl_audit.checks import date_lag
from rl_audit.checks.base import CheckInput
from rl_audit.checks.folds import fold_columns
from rl_audit.checks.sides import data_rows, with_blank

_BY = "_tax"


def _rows(ci: CheckInput, spec: dict[str, Any]) -> tuple[CheckInput, pd.DataFrame]:
    """The tax ledger's transactions with `_tax`, `_date`, `_w`, `_d` (sen) columns."""
    kind = spec.get("kind", "pajak")
    sub = replace(ci, kind=kind, options={"deadline_by": spec["deadline_by"]})
    frame = data_rows(ci.frame(kind, spec["withheld"], spec["deposited"], spec["date"]))
    by = spec.get("by")
    frame = fold_columns(with_blank(frame, kind, [by] if by else []), spec.get("fold", {}))
    out = frame.assign(
        _tax=frame[by].astype("string").fillna("") if by else "",
        _date=pd.to_datetime(frame[spec["date"]], errors="coerce"),
        _w=frame[spec["withheld"]].astype("Int64").fillna(0).astype("int64"),
        _d=frame[spec["deposited"]].astype("Int64").fillna(0).astype("int64"),
    )
    out = out[out["_date"].notna().to_numpy()]
    return sub, out.assign(_year=out["_date"].dt.year, _month=out["_date"].dt.month)


def _held(rows: pd.DataFrame, years: pd.Index) -> pd.DataFrame:
    """Per tax and year in `years`: sen held at 31 December (withheld − deposited so far)."""
    net = (rows["_w"] - rows["_d"]).groupby([rows[_BY], rows["_year"]]).sum().unstack(fill_value=0)
    span = net.columns.union(years)
    cum = net.reindex(columns=span, fill_value=0).cumsum(axis=1).clip(lower=0)
    return cum.reindex(columns=years, fill_value=0)


def transit_by_year(ci: CheckInput, spec: dict[str, Any]) -> pd.Series:
    """Sen of taxes in transit at the end of each year (index: year; empty without data)."""
    sub, rows = _rows(ci, spec)
    december = rows[(rows["_month"] == 12).to_numpy() & (rows["_w"] > 0).to_numpy()]
    if december.empty:
        return pd.Series(dtype="int64")
    deadline = pd.to_datetime(date_lag.deadlines(sub, december, december["_date"]))
    keys = [december[_BY], december["_year"]]
    due = deadline.groupby(keys).max().rename("_due")
    withheld = december["_w"].groupby(keys).sum()
    years = pd.Index(sorted(december["_year"].unique()))
    held = _held(rows, years).stack().reindex(withheld.index, fill_value=0)
    part = pd.concat([held, withheld], axis=1).min(axis=1)
    later = rows[(rows["_d"] > 0).to_numpy()]
    later = later.assign(_year=later["_year"] - 1).join(due, on=[_BY, "_year"])
    on_time = later[(later["_date"] <= later["_due"]).fillna(False).to_numpy()]
    paid = on_time["_d"].groupby([on_time[_BY], on_time["_year"]]).sum()
    paid = paid.reindex(part.index, fill_value=0)
    transit = pd.concat([part, paid], axis=1).min(axis=1)
    return transit.groupby(level=1).sum().astype("int64")
