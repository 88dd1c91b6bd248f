"""The amount and combined passes of `match`, and the pairing of right rows to left rows.

`amount_pairs` (the fallback pass): see `rl_audit.checks.match`.

Combined pass (`combine_month: true`): combined billings per key and month. One
deposit may pay several withholdings of the same tax and tax month (one billing for the
month). After the key and amount passes, what is left of each left row (its
uncovered sen) and of each right row (its unused sen) meet per fallback key (the tax)
and month of the left rows:

1. Each remaining right row is put in one month of its fallback key, among the months
   with a remaining left row dated on or before it: the month whose remaining total
   it equals to the sen (a billing for the month; on time before late, then the
   earliest); else the earliest month whose deadline it meets (so a deposit made in
   March for February's tax never fills a hole left in January, whose deadline has
   passed); else (a late deposit) the latest month. Months without a deadline are
   never passed. The choice is made once, on what the first two passes left.
2. Per key and month, the month's right rows together cover the month's left rows in
   date order (then file order): the uncovered part of a left row is
   max(0, min(remaining, cumulative remaining − the month's right total)).

`first_overlap` pairs each right row with the first left row its cumulative span
overlaps (the left row it starts paying); `report: late` judges a deposit by it.
Undated rows and rows with a blank fallback key never take part in this pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_ORDER = ["_date", "_doc", "_idx"]
_BY = ["_fk", "_m"]


def _month(dates: pd.Series) -> pd.Series:
    """Months since year 0 (Int64; NA when undated)."""
    return (dates.dt.year * 12 + dates.dt.month - 1).astype("Int64")


def empty_pairs() -> pd.DataFrame:
    """No (`_l`, `_r`) pairs."""
    return pd.DataFrame({"_l": [], "_r": []}, dtype="int64")


def first_overlap(left: pd.DataFrame, right: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """`_l`/`_r`: per right row, the first left row of its group its amount span overlaps.

    Within each `by` group both sides are laid end to end in date order (`_amt` sen);
    a right row whose span starts beyond the group's left total pairs with nothing.
    """
    spans = []
    for rows, src in ((left, "_l"), (right, "_r")):
        rows = rows.sort_values([*by, *_ORDER], na_position="last")
        end = rows.groupby(by)["_amt"].cumsum()
        span = {**{c: rows[c] for c in by}, "_s": end - rows["_amt"], "_e": end}
        spans.append(pd.DataFrame({**span, src: rows.index}))
    lspan, rspan = (s.sort_values("_s", kind="stable") for s in spans)
    if lspan.empty or rspan.empty:
        return empty_pairs()
    found = pd.merge_asof(rspan, lspan, on="_s", by=by, suffixes=("_r", ""))
    found = found[(found["_e"] > found["_s"]).to_numpy()]
    return found[["_l", "_r"]].astype("int64")


def amount_pairs(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """`_l`/`_r`: each left row covered one-to-one by an equal right row dated on/after it.

    Per (fallback key, amount), in date order (a left before a right of the same day),
    a right row with no open left row is wasted; the i-th used right row covers the
    i-th left row (first in, first out).
    """
    events = pd.concat(
        [left.assign(_ord=0, _src=left.index), right.assign(_ord=1, _src=right.index)],
        ignore_index=True,
    ).dropna(subset=["_fk"])
    events = events.sort_values(
        ["_fk", "_amt", "_date", "_ord", "_doc", "_idx"], na_position="last"
    )
    by = [events["_fk"], events["_amt"]]
    is_left = events["_ord"].eq(0)
    walk = is_left.astype("int64").mul(2).sub(1).groupby(by).cumsum()
    deficit = (-walk).clip(lower=0).groupby(by).cummax()
    used = ~is_left & deficit.le(deficit.groupby(by).shift(1).fillna(0))
    events["_rank"] = np.where(is_left, is_left.groupby(by).cumsum(), used.groupby(by).cumsum())
    on = ["_fk", "_amt", "_rank"]
    lefts = events.loc[is_left, [*on, "_src"]].rename(columns={"_src": "_l"})
    rights = events.loc[used, [*on, "_src"]].rename(columns={"_src": "_r"})
    return lefts.merge(rights, on=on)[["_l", "_r"]]


def _months_of_right(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """The month (of its fallback key) each remaining right row pays; NA when none."""
    agg = {"_start": ("_date", "min"), "_dl": ("_dl", "max"), "_tot": ("_amt", "sum")}
    groups = left.groupby(_BY).agg(**agg).reset_index()
    cand = right[["_fk", "_date", "_amt"]].assign(_r=right.index).merge(groups, on="_fk")
    cand = cand[(cand["_start"] <= cand["_date"]).to_numpy()]
    late = (cand["_date"] > cand["_dl"]).to_numpy()
    exact = (cand["_tot"] == cand["_amt"]).to_numpy()
    rank = np.where(exact, 0, 2) + late  # exact on time, exact late, on time, late
    month = np.where(late, -cand["_m"].astype("int64"), cand["_m"].astype("int64"))
    first = cand.assign(_rank=rank, _mk=month).sort_values(["_r", "_rank", "_mk"])
    first = first.drop_duplicates("_r")
    return first.set_index("_r")["_m"].reindex(right.index).astype("Int64")


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    dated = rows["_date"].notna() & rows["_fk"].notna() & (rows["_amt"] > 0)
    return rows[dated.to_numpy()]


def cover(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Uncovered sen per left row after this pass, and the (`_l`, `_r`) pairs it made.

    `left`: remaining left rows (`_amt` = uncovered sen, `_dl` = deadline, `_fk`,
    `_date`, `_doc`, `_idx`); `right`: remaining right rows (`_amt` = unused sen).
    """
    result = left["_amt"].astype("Int64").copy()
    lrem, rrem = _usable(left), _usable(right)
    if lrem.empty or rrem.empty:
        return result, empty_pairs()
    lrem = lrem.assign(_m=_month(lrem["_date"]))
    rrem = rrem.assign(_m=_months_of_right(lrem, rrem)).dropna(subset=["_m"])
    total = rrem.groupby(_BY)["_amt"].sum().rename("_tot").reset_index()
    rows = lrem.sort_values([*_BY, *_ORDER], na_position="last")
    cum = rows.groupby(_BY)["_amt"].cumsum()
    tot = rows[_BY].merge(total, on=_BY, how="left")["_tot"].fillna(0).to_numpy()
    over = (cum - tot).clip(lower=0)
    result.loc[rows.index] = pd.concat([over, rows["_amt"]], axis=1).min(axis=1).to_numpy()
    return result, first_overlap(lrem, rrem, _BY)
