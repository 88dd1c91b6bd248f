"""`match`: every left row (a withholding, a receipt) must be covered by right rows.

    # PJK-01: pungut must be deposited (setor), by bukti, else by jenis + amount
    check: {type: match, left_when: "pungut > 0", right_when: "setor > 0",
            keys: [jenis_pajak, no_bukti], fallback_keys: [jenis_pajak],
            fold: {jenis_pajak: tax_type}, combine_month: true,
            left_amount: pungut, right_amount: setor, left_date: tanggal, right_date: tanggal,
            due: true, deadline: {by: jenis_pajak, rules: {PPN: ppn}, default: pph}}
    # PJK-02: deposits made after the deadline of the withholding they cover
    check: {..., report: late, deadline_by: [{when: 'contains(jenis_pajak, "PPN")',
                                              deadline: end_of_next_month},
                                             {deadline: "day_of_next_month:15"}]}

Left rows come from the rule's kind (`left_when`), right rows from `right_kind`
(default the same frame, `right_when`). Opening-balance rows never take part.
`fold` (column → fold, `rl_audit.checks.folds`) folds a key column's spellings first
(`tax_type`: `PPh Ps.23` = `PPh 23`); deadline conditions see the folded value too.

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
3. Combined pass, with `combine_month: true` (needs `fallback_keys` and both dates):
   what is left of the left rows and of the right rows (a right row's unused part:
   beyond its key's left total, or not paired by amount) meet per fallback key and
   month, one deposit paying a month's withholdings together
   (`rl_audit.checks.match_passes`).

Deadlines of left rows: `deadline` — a rule name (or a parameter naming one), applied
with `ci.calendar.deadline(dates, rule)`, or `{by: column, rules: {value: rule},
default: rule}` — or `deadline_by`, a list of `{when: <expression>, deadline: <rule>}`
tried in order as in `date_lag` (e.g. PMK 81/2024: other rules before 2025); an
undated row has no deadline.

`report: uncovered` (default): a finding per left row whose uncovered part >
`tolerance` (rupiah, default 1); amount = the uncovered part. With `due: true` only rows
whose deadline has passed (as-of date after the deadline) count; an undated row is
never due. Uncovered rows not yet due still take their place in the FIFO order. Extra
columns: `_covered`, `_uncovered` (sen), `_deadline` (NaT when none).

`report: late` (needs `left_date`, `right_date` and a deadline): a finding per right row
(a deposit) dated after the deadline of the first left row it covers — in the key pass
the right rows of a key also draw in date order, so a deposit covers the left rows its
cumulative span overlaps; in the fallback pass the left row it is paired with; in the
combined pass the first left row of its month its unused part overlaps (a right row is
judged by the first of these it has). Amount = the right row's amount. Extra columns:
`_left_date` (that left row's date), `_deadline`, `_late_days` (calendar days after the
deadline).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks import date_lag
from rl_audit.checks.base import CheckError, CheckInput, CheckType, hits
from rl_audit.checks.exprscope import condition
from rl_audit.checks.folds import fold_columns
from rl_audit.checks.match_options import OPTIONS
from rl_audit.checks.match_passes import amount_pairs, cover, empty_pairs, first_overlap
from rl_audit.checks.reconcile import key_text, norm_key
from rl_audit.checks.sides import data_rows

_ORDER = ["_k", "_date", "_doc", "_idx"]


def _side(
    ci: CheckInput, kind: str, when: str, amount: str, date: str | None, keys: list[list[str]]
) -> pd.DataFrame:
    """Selected rows of one side: `_amt` (sen), `_date`, `_k`, `_fk`, `_doc`, `_idx`."""
    columns = [amount, *([date] if date else []), *keys[0], *keys[1]]
    frame = data_rows(ci.frame(kind, *columns))
    frame = fold_columns(frame[condition(ci, kind, when, frame).to_numpy()], _folds(ci))
    out = pd.DataFrame({"_doc": frame["_doc"], "_idx": frame["_idx"]}, index=frame.index)
    out["_amt"] = frame[amount].astype("Int64").fillna(0).astype("int64")
    out["_date"] = pd.to_datetime(frame[date]) if date else _no_dates(frame.index)
    out["_k"] = key_text(frame, keys[0], {})
    out["_fk"] = key_text(frame, keys[1], {}) if keys[1] else pd.NA
    return out[out["_amt"] > 0]


def _folds(ci: CheckInput) -> dict[str, str]:
    return dict(ci.options.get("fold", {}))


def _no_dates(index: pd.Index) -> pd.Series:
    return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")


def _beyond(rows: pd.DataFrame, other: pd.DataFrame) -> pd.Series:
    """Sen of each row (drawing in date order per key) beyond its key's total in `other`.

    Rows whose key `other` lacks are wholly beyond (their whole amount).
    """
    total = other.groupby("_k")["_amt"].sum()
    rows = rows.sort_values(_ORDER, na_position="last")
    cum = rows.groupby("_k", dropna=False)["_amt"].cumsum()
    over = (cum - rows["_k"].map(total).fillna(0).astype("int64")).clip(lower=0)
    return pd.Series(np.minimum(over, rows["_amt"]), index=rows.index, dtype="Int64")


def _key_pass(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Uncovered sen per left row and unused sen per right row after the key pass."""
    return _beyond(left, right).reindex(left.index), _beyond(right, left).reindex(right.index)


def _fallback_sides(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Left rows without a key match and right rows whose key matched no left row."""
    rest = left[~left["_k"].isin(right["_k"].dropna()).fillna(False).to_numpy()]
    pool = right[~right["_k"].isin(left["_k"].dropna()).fillna(False).to_numpy()]
    return rest, pool


def _passes(
    ci: CheckInput, left: pd.DataFrame, right: pd.DataFrame, deadline: pd.Series
) -> tuple[pd.Series, list[pd.DataFrame]]:
    """Uncovered sen per left row after every pass, and the pairs of the later passes."""
    uncovered, unused = _key_pass(left, right)
    pairs = [empty_pairs()]
    if ci.options.get("fallback_keys"):
        pairs[0] = amount_pairs(*_fallback_sides(left, right)).astype("int64")
        uncovered = uncovered.mask(left.index.isin(pairs[0]["_l"]), 0)
        unused = unused.mask(right.index.isin(pairs[0]["_r"]), 0)
    if ci.options.get("combine_month"):
        rest = left.assign(_amt=uncovered, _dl=deadline)
        uncovered, combined = cover(rest, right.assign(_amt=unused))
        pairs.append(combined)
    return uncovered.astype("Int64"), pairs


def _first_covered(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """`_l`/`_r`: per right row of a matched key, the first left row its span overlaps."""
    lrows = left[left["_k"].isin(right["_k"].dropna()).fillna(False).to_numpy()]
    rrows = right[right["_k"].isin(lrows["_k"]).fillna(False).to_numpy()]
    return first_overlap(lrows, rrows, ["_k"])


def _call_deadline(ci: CheckInput, dates: pd.Series, rule: Any) -> pd.Series:
    result = ci.calendar.deadline(dates, rule)
    values = result.to_numpy() if isinstance(result, pd.Series) else result
    return pd.Series(pd.to_datetime(values), index=dates.index)


def _deadline(ci: CheckInput, left: pd.DataFrame) -> pd.Series:
    """Deadline per left row (NaT when no deadline is configured or the row is undated)."""
    if "deadline_by" in ci.options:
        rows = fold_columns(ci.frame(ci.kind).loc[left.index], _folds(ci))
        return pd.to_datetime(date_lag.deadlines(ci, rows, left["_date"]))
    spec = ci.option("deadline")
    if spec is None or left.empty:
        return _no_dates(left.index)
    if ci.calendar is None:
        raise CheckError("deadline: tidak ada kalender / no working-day calendar")
    if not isinstance(spec, dict):
        return _call_deadline(ci, left["_date"], spec)
    rows = fold_columns(ci.frame(ci.kind, spec["by"]).loc[left.index], _folds(ci))
    by = norm_key(rows[spec["by"]])
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
    o = ci.options
    has_deadline = bool(o.get("deadline") or o.get("deadline_by"))
    if "deadline" in o and "deadline_by" in o:
        raise CheckError("match: use deadline or deadline_by, not both")
    if o.get("due") and not (has_deadline and o.get("left_date")):
        raise CheckError("match: due needs deadline and left_date")
    dated = o.get("left_date") and o.get("right_date")
    if o.get("report") == "late" and not (has_deadline and dated):
        raise CheckError("match: report late needs deadline, left_date and right_date")
    if o.get("combine_month") and not (fallback and dated):
        raise CheckError("match: combine_month needs fallback_keys, left_date and right_date")
    return [keys, fallback], [rkeys, rfallback]


def _late(ci: CheckInput, left: pd.DataFrame, right: pd.DataFrame, rkind: str) -> pd.DataFrame:
    """Right rows dated after the deadline of the (first) left row they cover."""
    deadline = _deadline(ci, left)
    pairs = [_first_covered(left, right), *_passes(ci, left, right, deadline)[1]]
    pair = pd.concat(pairs).astype("int64").drop_duplicates("_r").set_index("_r")["_l"]
    rows = ci.frame(rkind).loc[right.index]
    covers = pd.Series(pair.reindex(right.index).to_numpy(), index=right.index)
    has = covers.notna()
    target = covers[has].astype("int64")
    left_date = pd.Series(pd.NaT, index=right.index, dtype="datetime64[ns]")
    due = left_date.copy()
    left_date[has] = left.loc[target, "_date"].to_numpy()
    due[has] = pd.to_datetime(deadline.loc[target]).to_numpy()
    late = (right["_date"] > due).fillna(False)
    late_days = np.floor((right["_date"] - due) / pd.Timedelta(days=1))
    return hits(
        rows,
        rkind,
        late,
        right["_amt"].astype("Int64"),
        _left_date=left_date,
        _deadline=due,
        _late_days=pd.Series(late_days, index=right.index).astype("Int64"),
    )


def run(ci: CheckInput) -> pd.DataFrame:
    """Left rows not covered by right rows (once due, with `due`), or late right rows."""
    o = ci.options
    lkeys, rkeys = _options(ci)
    left = _side(ci, ci.kind, o["left_when"], o["left_amount"], o.get("left_date"), lkeys)
    rkind = o.get("right_kind", ci.kind)
    right = _side(ci, rkind, o["right_when"], o["right_amount"], o.get("right_date"), rkeys)
    if o.get("report") == "late":
        return _late(ci, left, right, rkind)
    frame = ci.frame(ci.kind)
    deadline = _deadline(ci, left)
    uncovered = _passes(ci, left, right, deadline)[0]
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
    OPTIONS,
    run,
    __doc__ or "",
    uses_as_of=True,
)
