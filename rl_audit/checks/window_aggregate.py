"""`window_aggregate`: rows of one key inside one date window whose sum exceeds a ceiling.

    check: {type: window_aggregate, keys: [nama_penyedia, kode_sub_kegiatan],
            fold: [nama_penyedia], fallback_keys: [nama_penyedia, jenis_pengadaan],
            date: tanggal_kontrak, window_days: 30, value: nilai_kontrak,
            ceiling: pl_ceiling, when: 'fold(metode_pemilihan) == "pengadaan langsung"'}

Split procurement (KTR-02). Options:

- `keys`: the columns of one group; `fold` names those of `keys` / `fallback_keys`
  compared after `fold_text` (case, spacing, punctuation folded).
  `fallback_keys`: the key used for a row whose `keys` has a blank cell, and for every
  row when a `keys` column is missing from the document. Primary and fallback groups
  never mix; a row blank in both is skipped.
- `date`, `window_days` (default 30): a window holds the rows of one key whose dates
  lie within `window_days` of each other (inclusive: exactly 30 days apart counts),
  whatever their order in the file.
- `value`: the money summed: a money column, or an expression in rupiah.
- `ceiling` (rupiah, number or parameter name) or `ceiling_expr` (an expression giving
  each row's ceiling in rupiah, e.g. by `jenis_pengadaan` and date). A row above its
  own ceiling is not part of a split (it is a KTR-01 finding by itself). When the
  rows of a window have different ceilings, the highest one applies.
- `when`: only rows where the expression holds take part.

A window of two or more rows is a split when its sum is strictly above the ceiling
(a sum exactly at the ceiling is not). Overlapping split windows of one key merge into
one finding; its locations are the rows of those windows, its amount their sum.
Extra columns: `_count` (rows), `_ceiling` (the highest ceiling, sen; shown in rupiah by
message templates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.checks.base import WHEN_OPTION, CheckError, CheckInput, CheckType
from rl_audit.checks.duplicate import day_numbers, group_hits, key_ids, when_mask
from rl_audit.checks.exprscope import to_sen, value


def _keys(ci: CheckInput, frame: pd.DataFrame) -> np.ndarray:
    """Key id per row: primary keys, else fallback keys (offset), else -1."""
    keys = list(ci.options.get("keys") or [])
    fallback = list(ci.options.get("fallback_keys") or [])
    fold = set(ci.options.get("fold") or [])
    if not keys:
        raise CheckError("window_aggregate: keys kosong / no key columns")
    if not fallback or all(c in frame.columns for c in keys):
        primary = key_ids(ci.frame(ci.kind, *keys), keys, [c for c in keys if c in fold])
        if not fallback:
            return primary
    else:
        primary = np.full(len(frame), -1, dtype="int64")
    ci.frame(ci.kind, *fallback)
    second = key_ids(frame, fallback, [c for c in fallback if c in fold])
    second = np.where(second >= 0, second + primary.max(initial=-1) + 1, -1)
    return np.where(primary >= 0, primary, second)


def _ceilings(ci: CheckInput, frame: pd.DataFrame) -> np.ndarray:
    """Each row's ceiling in sen (float; NaN where unknown)."""
    expr = ci.options.get("ceiling_expr")
    if expr and "ceiling" in ci.options:
        raise CheckError("window_aggregate: ceiling atau / or ceiling_expr, not both")
    if expr:
        sen = to_sen(value(ci, ci.kind, expr), frame.index)
    elif "ceiling" in ci.options:
        sen = to_sen(ci.number("ceiling"), frame.index)
    else:
        raise CheckError("window_aggregate: ceiling / ceiling_expr tidak ada / missing")
    return sen.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)


def _values(ci: CheckInput, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(sen as int64, present) of `value`: a money column or a rupiah expression."""
    sen = to_sen(value(ci, ci.kind, ci.options["value"]), frame.index)
    present = sen.notna().to_numpy()
    return sen.fillna(0).to_numpy(dtype="int64"), present


def range_max(x: np.ndarray, left: np.ndarray) -> np.ndarray:
    """max(x[left[i] .. i]) for every i (sparse table: O(n log n), no loop per row)."""
    n = len(x)
    levels = [x]
    while (1 << len(levels)) <= n:
        half = 1 << (len(levels) - 1)
        prev = levels[-1]
        levels.append(np.maximum(prev, np.concatenate([prev[half:], np.full(half, -np.inf)])))
    right = np.arange(n)
    k = np.floor(np.log2(right - left + 1)).astype("int64")
    table = np.stack(levels)
    return np.maximum(table[k, left], table[k, right - (1 << k) + 1])


def windows(
    key: np.ndarray, days: np.ndarray, money: np.ndarray, ceiling: np.ndarray, width: float
) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by key/date: (first row of the window ending at each row, exceeds)."""
    span = int(days.max() - days.min() + width + 1) if len(days) else 1
    coord = key * span + (days - (days.min() if len(days) else 0))
    left = np.searchsorted(coord, coord - width, side="left")
    sums = np.concatenate([[0], np.cumsum(money)])
    total = sums[np.arange(len(coord)) + 1] - sums[left]
    count = np.arange(len(coord)) - left + 1
    exceeds = (count >= 2) & (total > range_max(ceiling, left))
    return left, exceeds


def merge(left: np.ndarray, exceeds: np.ndarray) -> np.ndarray:
    """Cluster number per sorted row (-1 outside): overlapping exceeding windows merge."""
    ends = np.flatnonzero(exceeds)
    if len(ends) == 0:
        return np.full(len(left), -1, dtype="int64")
    starts = left[ends]
    new = np.ones(len(ends), dtype=bool)
    new[1:] = starts[1:] > ends[:-1]
    first, last = starts[new], ends[np.r_[new[1:], True]]
    cover = np.zeros(len(left) + 1, dtype="int64")
    np.add.at(cover, first, 1)
    np.add.at(cover, last + 1, -1)
    inside = np.cumsum(cover)[:-1] > 0
    cluster = np.searchsorted(first, np.arange(len(left)), side="right") - 1
    return np.where(inside, cluster, -1)


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per merged group of split windows."""
    date = ci.options["date"]
    frame = ci.frame(ci.kind, date).reset_index(drop=True)
    key = _keys(ci, frame)
    days, dated = day_numbers(frame[date])
    money, valued = _values(ci, frame)
    ceiling = _ceilings(ci, frame)
    ok = (key >= 0) & dated & valued & (money <= ceiling)
    pos = np.flatnonzero(ok & when_mask(ci, ci.kind))
    order = pos[np.lexsort((pos, days[pos], key[pos]))]
    width = ci.number("window_days", 30)
    left, exceeds = windows(key[order], days[order], money[order], ceiling[order], width)
    cluster = merge(left, exceeds)
    keep = cluster >= 0
    rows = pd.DataFrame({"c": cluster[keep], "m": money[order][keep], "x": ceiling[order][keep]})
    per = rows.groupby("c")
    return group_hits(
        frame,
        ci.kind,
        order[keep],
        cluster[keep],
        pd.array(per["m"].transform("sum").to_numpy(dtype="int64"), dtype="Int64"),
        _count=per["m"].transform("size").to_numpy(),
        _ceiling=pd.array(per["x"].transform("max").round().to_numpy(), dtype="Int64"),
    )


CHECK = CheckType(
    "window_aggregate",
    {
        "type": "object",
        "required": ["keys", "date", "value"],
        "oneOf": [{"required": ["ceiling"]}, {"required": ["ceiling_expr"]}],
        "properties": {
            "keys": {
                "description": "Columns of one group.",
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
            },
            "fold": {
                "description": (
                    "Those of `keys`/`fallback_keys` compared after folding case, spacing and "
                    "punctuation."
                ),
                "type": "array",
                "items": {"type": "string"},
            },
            "fallback_keys": {
                "description": (
                    "The key of a row whose `keys` has a blank cell (or of every row when a "
                    "`keys` column is missing)."
                ),
                "type": "array",
                "items": {"type": "string"},
            },
            "date": {"description": "Date column of the window.", "type": "string"},
            "window_days": {
                "description": "Days a window spans, inclusive (number or parameter).",
                "default": 30,
                "type": ["number", "string"],
            },
            "value": {
                "description": "Money summed: a money column or an expression in rupiah.",
                "type": "string",
            },
            "ceiling": {
                "description": "Rupiah ceiling of a window's sum (number or parameter).",
                "type": ["number", "string"],
            },
            "ceiling_expr": {
                "description": (
                    "Expression giving each row's ceiling in rupiah (instead of `ceiling`)."
                ),
                "type": "string",
            },
            "when": WHEN_OPTION,
        },
    },
    run,
    __doc__ or "",
)
