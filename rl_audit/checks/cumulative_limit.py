"""`cumulative_limit`: a running sum per key, in date order, must stay within each row's limit.

    # TRM-01: termin payments so far must not exceed contract value × progress
    check: {type: cumulative_limit, keys: [nomor_kontrak], date: tanggal,
            value: 'if(fold(jenis_pembayaran) matches "uang muka", 0, nilai_bruto)',
            ceiling_expr: "nilai_kontrak * progres_fisik / 100",
            where: 'not (fold(jenis_pembayaran) matches "uang muka")',
            tolerance: payment_tolerance,
            fill: {kind: kontrak, key: nomor_kontrak, columns: [nilai_kontrak]}}

Contract payments (TRM-01 … TRM-04). Options:

- `keys`: the columns of one group, compared folded (case, spacing and punctuation
  ignored: `027/SPK/PUPRKP/2025` = `027 / SPK / PUPRKP / 2025`); a row with a blank key
  is left out.
- `date`: the order inside a key (ties and rows without a date keep their file order;
  a row without a date takes the date of the row above it of the same key).
- `value`: what is summed: a money column or an expression in rupiah (blank → 0).
  `when`: only rows where it holds take part (count in the sum).
- `ceiling_expr`: each row's limit in rupiah; `where`: the rows compared (default every
  row taking part). A compared row fails when the running sum up to and including it
  is above its limit + `tolerance` (rupiah, number or parameter, default 0); a row
  whose limit is blank is not compared.
- `fill`: `{kind, key, columns, required}` — columns taken from another document of the
  same OPD by folded key where the row's own cell is blank (`rl_audit.checks.crossfill`).
  A compared row still blank in a filled column cannot be checked: it is an input
  problem naming its key (`cumulative_no_value`), the rule's outcome counts it, and with
  no finding and nothing else compared the rule is `error` — never a silent pass.
- `values`: name → expression per row, given to the message as `{name}` (money names in
  rupiah, others numbers), taken from the finding's row.
- `absent_blank`: columns read as blank where the OPD's documents lack them.

One finding per key: its row is the compared row where the excess (running sum −
limit) is largest, its amount that excess. Extra columns: `_sum` (the running sum),
`_ceiling` (the limit), `_excess` (sen), the filled columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import MONEY_EXTRAS, CheckError, CheckInput, CheckType, no_hits
from rl_audit.checks.crossfill import Filled, evaluated, fill, holds
from rl_audit.checks.duplicate import day_numbers, group_hits, key_ids
from rl_audit.checks.exprscope import to_sen
from rl_audit.checks.notices import RowNotice, attach, row_notices
from rl_audit.checks.sides import with_blank
from rl_audit.expr.evaluate import blank_mask

NO_VALUE = "cumulative_no_value"  # wording of a row that cannot be checked


def _sen(ci: CheckInput, filled: Filled, text: str) -> pd.Series:
    """Per-row sen of a rupiah expression (NA where blank)."""
    return to_sen(evaluated(ci, filled, text), filled.frame.index)


def _days(frame: pd.DataFrame, date: str, key: np.ndarray) -> np.ndarray:
    """Day numbers; a row without a date takes the previous dated row's of its key."""
    dates = pd.to_datetime(frame[date], errors="coerce")
    by = pd.Series(key, index=frame.index)
    dates = dates.groupby(by).ffill().groupby(by).bfill()
    days, _ = day_numbers(dates)
    return days


def _order(key: np.ndarray, days: np.ndarray, take: np.ndarray) -> np.ndarray:
    """Positions of the rows taking part, by key, date, file order."""
    pos = np.flatnonzero(take)
    return pos[np.lexsort((pos, days[pos], key[pos]))]


def _unchecked(filled: Filled, compared: np.ndarray) -> np.ndarray:
    """Compared rows still blank in a filled column: they cannot be checked."""
    blank = np.zeros(len(filled.frame), dtype=bool)
    for col in filled.columns:
        blank |= blank_mask(filled.frame[col]).to_numpy(dtype=bool)
    return compared & blank


def _notices(ci: CheckInput, filled: Filled, rows: np.ndarray, key: str) -> list[RowNotice]:
    """One input problem per document and key value that cannot be checked."""
    spec = ci.options.get("fill") or {}
    params = {"columns": ", ".join(filled.columns), "kind": ci.kind, "key": key}
    params["other"] = spec.get("kind", ci.kind)
    return row_notices(filled.frame[rows], ci.kind, NO_VALUE, key, params)


def _values(ci: CheckInput, filled: Filled) -> dict[str, pd.Series]:
    """The `values` option as columns (money in sen, numbers as they are)."""
    out: dict[str, pd.Series] = {}
    for name, text in (ci.options.get("values") or {}).items():
        found: Any = evaluated(ci, filled, text)
        series = (
            found if isinstance(found, pd.Series) else pd.Series(found, index=filled.frame.index)
        )
        money = f"_{name}" in MONEY_EXTRAS
        out[f"_{name}"] = to_sen(series, series.index) if money else pd.to_numeric(series)
    return out


def _prepared(ci: CheckInput) -> tuple[Filled, list[str], np.ndarray]:
    """The filled frame, the key columns and each row's key id (-1: blank key)."""
    keys = list(ci.options.get("keys") or [])
    if not keys:
        raise CheckError("cumulative_limit: keys kosong / no key columns")
    frame = with_blank(ci.frame(ci.kind), ci.kind, ci.options.get("absent_blank"))
    missing = [c for c in [*keys, ci.options["date"]] if c not in frame.columns]
    if missing:
        raise CheckError(f"kolom tidak ada / missing column: {', '.join(missing)} ({ci.kind})")
    filled = fill(ci, frame.reset_index(drop=True), keys[0])
    return filled, keys, key_ids(filled.frame, [], keys)


def _running(ci: CheckInput, filled: Filled, key: np.ndarray, take: np.ndarray) -> pd.DataFrame:
    """Per row taking part, in order: position, key, running sum, limit (sen)."""
    order = _order(key, _days(filled.frame, ci.options["date"], key), take)
    money = _sen(ci, filled, ci.options["value"]).fillna(0).to_numpy(dtype="int64")
    limit = _sen(ci, filled, ci.options["ceiling_expr"]).astype("Float64")
    ceiling = limit.to_numpy(dtype="float64", na_value=np.nan)
    running = pd.Series(money[order]).groupby(key[order]).cumsum().to_numpy()
    return pd.DataFrame({"p": order, "k": key[order], "s": running, "c": ceiling[order]})


def _worst(table: pd.DataFrame, compared: np.ndarray, tolerance: float) -> pd.DataFrame:
    """Per key, the compared row with the largest excess above `tolerance` (sen)."""
    table = table[compared[table["p"].to_numpy()] & table["c"].notna().to_numpy()]
    table = table.assign(e=table["s"] - table["c"])
    fails = table[table["e"] > tolerance]
    best = fails.loc[fails.groupby("k", sort=False)["e"].idxmax()] if len(fails) else fails
    best.attrs["evaluated"] = len(table)
    return best.sort_values("p")


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per key whose running sum passes a row's limit (largest excess).

    Rows that cannot be checked (a filled column still blank) are input problems
    (`rl_audit.checks.notices`), never silent passes.
    """
    filled, keys, key = _prepared(ci)
    take = (key >= 0) & holds(ci, filled, ci.options.get("when"))
    if (ci.options.get("fill") or {}).get("required"):
        take &= filled.matched
    compared = take & holds(ci, filled, ci.options.get("where"))
    best = _worst(_running(ci, filled, key, take), compared, ci.number("tolerance", 0) * 100)
    out = no_hits() if best.empty else _hits(ci, filled, best)
    out.attrs["evaluated"] = best.attrs["evaluated"]
    unchecked = _unchecked(filled, compared)
    return attach(out, _notices(ci, filled, unchecked, keys[0]), int(unchecked.sum()))


def _hits(ci: CheckInput, filled: Filled, best: pd.DataFrame) -> pd.DataFrame:
    """The hit rows: the worst row of each failing key, with sums, limit and values."""
    pos = best["p"].to_numpy()
    excess = best["e"].round().astype("int64").to_numpy()
    extra: dict[str, Any] = {c: filled.frame[c].to_numpy()[pos] for c in filled.columns}
    extra |= {n: s.to_numpy()[pos] for n, s in _values(ci, filled).items()}
    money = {"_sum": best["s"], "_ceiling": best["c"].round(), "_excess": excess}
    extra |= {n: pd.array(np.asarray(v, dtype="int64"), dtype="Int64") for n, v in money.items()}
    return group_hits(filled.frame, ci.kind, pos, best["k"].to_numpy(), excess, **extra)


_STR = {"type": "string"}
_NUM = {"type": ["number", "string"]}

CHECK = CheckType(
    "cumulative_limit",
    {
        "type": "object",
        "required": ["keys", "date", "value", "ceiling_expr"],
        "properties": {
            "keys": {
                "description": "Columns of one group, compared folded.",
                "type": "array",
                "items": _STR,
                "minItems": 1,
            },
            "date": {**_STR, "description": "Date column giving the order inside a key."},
            "value": {
                **_STR,
                "description": "Money summed: a money column or a rupiah expression.",
            },
            "ceiling_expr": {**_STR, "description": "Expression: each row's limit in rupiah."},
            "where": {**_STR, "description": "Expression: the rows compared (default all)."},
            "when": {**_STR, "description": "Expression: only rows where it holds take part."},
            "tolerance": {**_NUM, "default": 0, "description": "Rupiah above the limit accepted."},
            "fill": {
                "description": (
                    "`{kind, key, columns, required}`: columns taken from another document of "
                    "the OPD by folded key where the row's cell is blank."
                ),
                "type": "object",
                "required": ["kind", "columns"],
                "additionalProperties": False,
                "properties": {
                    "kind": _STR,
                    "key": _STR,
                    "columns": {"type": "array", "items": _STR, "minItems": 1},
                    "required": {"type": "boolean", "default": False},
                },
            },
            "values": {
                "description": "Name → expression per row, given to the message as `{name}`.",
                "type": "object",
                "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                "additionalProperties": _STR,
            },
            "absent_blank": {
                "description": "Columns read as blank where the OPD's documents lack them.",
                "default": [],
                "type": "array",
                "items": _STR,
            },
        },
    },
    run,
    __doc__ or "",
)
