"""`match`: every left row (a withholding, a receipt) must be covered by right rows.

    # PJK-01: pungut must be deposited (setor), by bukti, else by jenis + amount
    check: {type: match, left_when: "pungut > 0", right_when: "setor > 0",
            keys: [jenis_pajak, no_bukti], fallback_keys: [jenis_pajak],
            left_amount: pungut, right_amount: setor, left_date: tanggal, right_date: tanggal,
            due: true, deadline: {by: jenis_pajak, rules: {PPN: ppn}, default: pph}}

Left rows come from the rule's kind (`left_when`), right rows from `right_kind`
(default the same frame, `right_when`). Opening-balance rows never take part.

1. Key pass. Rows are grouped by `keys` (right columns `right_keys`, default the same
   names; compared case-insensitively after trimming). Per key, left rows in date order
   (then file order) draw first-in-first-out on the key's total right amount: the
   uncovered part of a left row is max(0, min(amount, cumulative left − total right)).
   A left row "has a key match" when its key has any right row; a blank key never
   matches.
2. Fallback pass, only for left rows without a key match and only with right rows
   whose key matched no left row (`fallback_keys`, right names `right_fallback_keys`):
   a right row covers one left row with the same fallback key, the same amount to
   the sen and a right date on or after the left date (no date constraint without
   `left_date`/`right_date`; an undated row sorts last). Earliest left rows are covered
   first; a covered row is covered in full, the others stay wholly uncovered.

A finding per left row whose uncovered part > `tolerance` (rupiah, default 1); amount =
the uncovered part. With `due: true` only rows whose deadline has passed (as-of date
after the deadline) count; deadlines come from `ci.calendar.deadline(dates, rule)` with
`deadline` a rule name (or a parameter naming one) or `{by: column, rules: {value:
rule}, default: rule}`; an undated row has no deadline and is not due. Uncovered rows
not yet due still take their place in the FIFO order. Extra columns: `_covered`,
`_uncovered` (sen), `_deadline` (NaT when none).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition
from rl_audit.checks.reconcile import data_rows, key_text, norm_key


def _side(
    ci: CheckInput, kind: str, when: str, amount: str, date: str | None, keys: list[list[str]]
) -> pd.DataFrame:
    """Selected rows of one side: `_amt` (sen), `_date`, `_k`, `_fk`, `_doc`, `_idx`."""
    columns = [amount, *([date] if date else []), *keys[0], *keys[1]]
    frame = data_rows(ci.frame(kind, *columns))
    frame = frame[condition(ci, kind, when, frame).to_numpy()]
    out = pd.DataFrame({"_doc": frame["_doc"], "_idx": frame["_idx"]}, index=frame.index)
    out["_amt"] = frame[amount].astype("Int64").fillna(0).astype("int64")
    out["_date"] = pd.to_datetime(frame[date]) if date else _no_dates(frame.index)
    out["_k"] = key_text(frame, keys[0], {})
    out["_fk"] = key_text(frame, keys[1], {}) if keys[1] else pd.NA
    return out[out["_amt"] > 0]


def _no_dates(index: pd.Index) -> pd.Series:
    return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")


def _key_pass(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Uncovered sen per left row with a key match (NA for rows without one)."""
    total = right.groupby("_k")["_amt"].sum()
    rows = left[left["_k"].isin(total.index).fillna(False).to_numpy()]
    rows = rows.sort_values(["_k", "_date", "_doc", "_idx"], na_position="last")
    cum = rows.groupby("_k")["_amt"].cumsum()
    over = (cum - rows["_k"].map(total).astype("int64")).clip(lower=0)
    uncovered = np.minimum(over, rows["_amt"])
    return pd.Series(uncovered, index=rows.index, dtype="Int64").reindex(left.index)


def _fallback_pass(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """True for left rows covered one-to-one by an equal right row dated on/after them."""
    events = pd.concat(
        [left.assign(_step=1, _ord=0, _src=left.index), right.assign(_step=-1, _ord=1, _src=-1)],
        ignore_index=True,
    ).dropna(subset=["_fk"])
    events = events.sort_values(
        ["_fk", "_amt", "_date", "_ord", "_doc", "_idx"], na_position="last"
    )
    by = [events["_fk"], events["_amt"]]
    walk = events.groupby(by)["_step"].cumsum()
    wasted = (-walk).clip(lower=0).groupby(by).cummax().groupby(by).transform("last")
    matched = events["_ord"].eq(1).groupby(by).transform("sum") - wasted
    rank = events["_ord"].eq(0).groupby(by).cumsum()
    covered = events["_ord"].eq(0) & (rank <= matched)
    lefts = events["_ord"].eq(0)
    return pd.Series(covered[lefts].to_numpy(), index=events.loc[lefts, "_src"]).reindex(
        left.index, fill_value=False
    )


def _uncovered(ci: CheckInput, left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Uncovered sen per left row after the key pass and the fallback pass."""
    uncovered = _key_pass(left, right)
    if ci.options.get("fallback_keys"):
        rest = left[uncovered.isna().to_numpy()]
        pool = right[~right["_k"].isin(left["_k"].dropna()).fillna(False).to_numpy()]
        covered = _fallback_pass(rest, pool).reindex(left.index, fill_value=False)
        uncovered = uncovered.mask(covered.to_numpy(), 0)
    return uncovered.fillna(left["_amt"]).astype("Int64")


def _call_deadline(ci: CheckInput, dates: pd.Series, rule: Any) -> pd.Series:
    result = ci.calendar.deadline(dates, rule)
    values = result.to_numpy() if isinstance(result, pd.Series) else result
    return pd.Series(pd.to_datetime(values), index=dates.index)


def _deadline(ci: CheckInput, left: pd.DataFrame) -> pd.Series:
    """Deadline per left row (NaT when no deadline is configured or the row is undated)."""
    spec = ci.option("deadline")
    if spec is None or left.empty:
        return _no_dates(left.index)
    if ci.calendar is None:
        raise CheckError("deadline: tidak ada kalender / no working-day calendar")
    if not isinstance(spec, dict):
        return _call_deadline(ci, left["_date"], spec)
    by = norm_key(ci.frame(ci.kind, spec["by"]).loc[left.index, spec["by"]])
    rules = {norm_key(pd.Series([k])).iloc[0]: r for k, r in spec.get("rules", {}).items()}
    rule = by.map(rules).fillna(spec["default"]) if "default" in spec else by.map(rules)
    if rule.isna().any():
        raise CheckError(f"deadline: no rule for {sorted(set(by[rule.isna()].dropna()))}")
    parts = [_call_deadline(ci, left.loc[rule == r, "_date"], r) for r in rule.unique()]
    return pd.concat(parts).reindex(left.index)


def _options(ci: CheckInput) -> tuple[list[list[str]], list[list[str]]]:
    keys = list(ci.options.get("keys", []))
    fallback = list(ci.options.get("fallback_keys", []))
    rkeys = list(ci.options.get("right_keys", keys))
    rfallback = list(ci.options.get("right_fallback_keys", fallback))
    if len(rkeys) != len(keys) or len(rfallback) != len(fallback):
        raise CheckError("match: right keys must pair with the left keys")
    return [keys, fallback], [rkeys, rfallback]


def run(ci: CheckInput) -> pd.DataFrame:
    """Left rows whose amount is not covered by right rows (once due, with `due`)."""
    o = ci.options
    lkeys, rkeys = _options(ci)
    if o.get("due") and not (o.get("deadline") and o.get("left_date")):
        raise CheckError("match: due needs deadline and left_date")
    left = _side(ci, ci.kind, o["left_when"], o["left_amount"], o.get("left_date"), lkeys)
    rkind = o.get("right_kind", ci.kind)
    right = _side(ci, rkind, o["right_when"], o["right_amount"], o.get("right_date"), rkeys)
    frame = ci.frame(ci.kind)
    uncovered = _uncovered(ci, left, right)
    deadline = _deadline(ci, left)
    found = uncovered > ci.number("tolerance", 1) * 100
    if o.get("due"):
        found &= (deadline < ci.as_of).fillna(False)
    rows = frame.loc[left.index]
    covered = (left["_amt"] - uncovered).astype("Int64")
    return hits(
        rows, ci.kind, found, uncovered, _covered=covered, _uncovered=uncovered, _deadline=deadline
    )


CHECK = CheckType(
    "match",
    {
        "type": "object",
        "required": ["left_when", "right_when", "left_amount", "right_amount"],
        "properties": {
            "left_when": {"type": "string"},
            "right_when": {"type": "string"},
            "right_kind": {"type": "string"},
            "keys": {"type": "array", "items": {"type": "string"}},
            "right_keys": {"type": "array", "items": {"type": "string"}},
            "fallback_keys": {"type": "array", "items": {"type": "string"}},
            "right_fallback_keys": {"type": "array", "items": {"type": "string"}},
            "left_amount": {"type": "string"},
            "right_amount": {"type": "string"},
            "left_date": {"type": "string"},
            "right_date": {"type": "string"},
            "due": {"type": "boolean"},
            "deadline": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["by"],
                        "properties": {
                            "by": {"type": "string"},
                            "rules": {"type": "object", "additionalProperties": {"type": "string"}},
                            "default": {"type": "string"},
                        },
                    },
                ]
            },
            "tolerance": {"type": ["number", "string"]},
        },
    },
    run,
    __doc__ or "",
)
