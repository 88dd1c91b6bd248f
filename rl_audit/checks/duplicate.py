"""`duplicate`: rows sharing the same key values form one finding.

    check: {type: duplicate, keys: [tanggal, pengeluaran], fold: [uraian],
            when: "pengeluaran > 0", amount_column: pengeluaran}
    check: {type: duplicate, keys: [kode_rekening, nilai_realisasi], fold: [keterangan],
            date: tanggal_dokumen, window_days: 30, distinct: nomor_dokumen,
            amount_column: nilai_realisasi}

Options:

- `keys`: columns compared as they are; `fold`: columns compared after `fold_text`
  (case, spacing and punctuation folded). A `fold` column need not be repeated in
  `keys`. A row with any blank key never matches.
- `date` + `window_days`: the window is anchored at a group's first row (by date): a
  group holds the rows dated at most `window_days` after it (exactly `window_days`
  counts); the first later row starts the next group, anchored at itself. Rows never
  chain further than `window_days` from their group's first row (monthly bills of one
  amount are not one 90-day group). Rows without a date are skipped; `date` alone
  means the same day.
- `distinct`: a group only counts when this column takes at least two different
  non-blank values inside it (e.g. different document numbers). Values are compared
  folded (case, punctuation and spaces ignored: `TBP/GU/0031` = `tbp-gu 0031`); blank
  values do not count as different.
- `when`: only rows where the expression holds take part.
- `amount`: `beyond_first` (default; sum of the group's `amount_column` except its
  first row, by date then file order), `each` (the whole group) or `none`. Without
  `amount_column` there is no amount.

Every row of a group is a location of the same finding (`_group`); `_count` is the
group's size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import WHEN_OPTION, CheckError, CheckInput, CheckType, hits, no_hits
from rl_audit.checks.exprscope import condition
from rl_audit.expr.evaluate import blank_mask
from rl_audit.ingest.values import fold_text

AMOUNT_MODES = ("beyond_first", "each", "none")


def key_ids(frame: pd.DataFrame, keys: list[str], fold: list[str]) -> np.ndarray:
    """A group number per row for `keys` + `fold` columns; -1 where any key is blank."""
    columns = list(dict.fromkeys([*keys, *fold]))
    parts = {}
    for col in columns:  # one pass per key column, vectorised over rows
        series = fold_text(frame[col]) if col in fold else frame[col]
        parts[col] = series.mask(blank_mask(series))
    table = pd.DataFrame(parts, index=frame.index)
    ids = table.groupby(columns, sort=False, dropna=True).ngroup()
    return ids.fillna(-1).to_numpy(dtype="int64")


def day_numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(days since 1970 as int64, valid mask) of a date column; times are dropped."""
    dates = pd.to_datetime(series, errors="coerce")
    valid = dates.notna().to_numpy()
    days = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64")
    return np.where(valid, days, 0), valid


def when_mask(ci: CheckInput, kind: str) -> np.ndarray:
    """The `when` option as a bool array over the kind's frame (all True without it)."""
    frame = ci.frame(kind)
    text = ci.options.get("when")
    if not text:
        return np.ones(len(frame), dtype=bool)
    return condition(ci, kind, text).to_numpy(dtype=bool)


def money_sen(frame: pd.DataFrame, column: str | None) -> np.ndarray:
    """A money column (sen) as int64, NA → 0; zeros without a column."""
    if column is None:
        return np.zeros(len(frame), dtype="int64")
    values = pd.to_numeric(frame[column], errors="coerce").astype("Float64").round()
    return values.fillna(0).to_numpy(dtype="int64")


def chain_starts(key: np.ndarray, days: np.ndarray | None, window: float | None) -> np.ndarray:
    """For rows sorted by key (then day): True where a new group starts.

    With `days` and `window`, a group is anchored at its first row and holds the rows
    at most `window` days after it; the next row starts a new group.
    """
    new = np.ones(len(key), dtype=bool)
    new[1:] = key[1:] != key[:-1]
    if days is None or window is None or len(key) == 0:
        return new
    return _anchored(new, key, days, int(np.floor(window)))


def _anchored(first: np.ndarray, key: np.ndarray, days: np.ndarray, window: int) -> np.ndarray:
    """Group starts: from each key's first row, jump to the first row beyond its window.

    One vectorised step per round; the rounds are as many as the most groups of one key.
    """
    low = days.min()
    span = int(days.max() - low) + window + 2
    coord = key.astype("int64") * span + (days - low)
    beyond = np.searchsorted(coord, coord + window, side="right")  # next key: its first row
    starts = first.copy()
    frontier = np.flatnonzero(first)
    while len(frontier):
        frontier = beyond[frontier]
        frontier = frontier[frontier < len(key)]
        frontier = frontier[~starts[frontier]]
        starts[frontier] = True
    return starts


def group_hits(
    frame: pd.DataFrame,
    kind: str,
    positions: np.ndarray,
    group: np.ndarray,
    amount: Any = None,
    **extra: Any,
) -> pd.DataFrame:
    """Hits for the rows at `positions` (in that order) with their group and amount (sen)."""
    if len(positions) == 0:
        return no_hits().assign(**{name: pd.Series(dtype="object") for name in extra})
    sel = frame.iloc[positions].reset_index(drop=True)
    index = sel.index
    money = None if amount is None else pd.Series(amount, index=index).astype("Int64")
    columns = {name: pd.Series(np.asarray(v), index=index) for name, v in extra.items()}
    return hits(sel, kind, None, money, pd.Series(group, index=index), **columns)


def _options(ci: CheckInput) -> tuple[list[str], list[str], str | None, str | None, str]:
    keys = list(ci.options.get("keys") or [])
    fold = list(ci.options.get("fold") or [])
    if not keys and not fold:
        raise CheckError("duplicate: keys/fold kosong / no key columns")
    mode = ci.options.get("amount_mode", "beyond_first")
    if mode not in AMOUNT_MODES:
        raise CheckError(f"duplicate: amount {mode!r} bukan / not one of {AMOUNT_MODES}")
    return keys, fold, ci.options.get("date"), ci.options.get("distinct"), mode


def _candidates(ci: CheckInput) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """(frame, positions sorted by key/date/file order, their key ids, their days)."""
    keys, fold, date, distinct, _ = _options(ci)
    amount_col = ci.options.get("amount_column")
    extra = [c for c in (date, distinct, amount_col) if c]
    frame = ci.frame(ci.kind, *keys, *fold, *extra).reset_index(drop=True)
    key = key_ids(frame, keys, fold)
    ok = (key >= 0) & when_mask(ci, ci.kind)
    days = np.zeros(len(frame), dtype="int64")
    if date:
        days, valid = day_numbers(frame[date])
        ok &= valid
    pos = np.flatnonzero(ok)
    order = pos[np.lexsort((pos, days[pos], key[pos]))]
    return frame, order, key[order], days[order]


def run(ci: CheckInput) -> pd.DataFrame:
    """Groups of two or more rows with equal keys (within the date window, if any)."""
    _, _, date, distinct, mode = _options(ci)
    frame, order, key, days = _candidates(ci)
    window = ci.number("window_days", 0) if date else None
    new = chain_starts(key, days if date else None, window)
    chain = np.cumsum(new) - 1
    size = np.bincount(chain, minlength=chain.max() + 1 if len(chain) else 0)[chain]
    keep = size >= 2
    if distinct:
        values = fold_text(frame[distinct].iloc[order]).str.replace(" ", "", regex=False)
        values = values.mask(blank_mask(values)).reset_index(drop=True)
        keep &= values.groupby(chain).transform("nunique").to_numpy() >= 2
    amount = _group_amount(ci, frame, order, chain, new, mode)
    out = group_hits(frame, ci.kind, order[keep], chain[keep], amount[keep], _count=size[keep])
    out.attrs["evaluated"] = len(order)  # rows with their keys (and date) present
    return out


def _group_amount(
    ci: CheckInput,
    frame: pd.DataFrame,
    order: np.ndarray,
    chain: np.ndarray,
    first: np.ndarray,
    mode: str,
) -> Any:
    """Per row: its group's amount in sen (Int64; NA without an amount)."""
    column = ci.options.get("amount_column")
    if mode == "none" or not column or len(order) == 0:
        return pd.array([pd.NA] * len(order), dtype="Int64")
    money = money_sen(frame, column)[order]
    if mode == "beyond_first":
        money = np.where(first, 0, money)
    totals = pd.Series(money).groupby(chain).transform("sum")
    return pd.array(totals.to_numpy(dtype="int64"), dtype="Int64")


CHECK = CheckType(
    "duplicate",
    {
        "type": "object",
        "anyOf": [{"required": ["keys"]}, {"required": ["fold"]}],
        "properties": {
            "keys": {
                "description": (
                    "Columns compared as written; rows with equal values form one finding."
                ),
                "type": "array",
                "items": {"type": "string"},
            },
            "fold": {
                "description": "Columns compared after folding case, spacing and punctuation.",
                "type": "array",
                "items": {"type": "string"},
            },
            "date": {
                "description": (
                    "Date column: rows must fall in one window (the same day without "
                    "`window_days`)."
                ),
                "type": "string",
            },
            "window_days": {
                "description": (
                    "Days after a group's first row that still belong to the group (number or "
                    "parameter)."
                ),
                "type": ["number", "string"],
            },
            "distinct": {
                "description": (
                    "A group counts only when this column holds two or more different values in it."
                ),
                "type": "string",
            },
            "when": WHEN_OPTION,
            "amount_mode": {
                "description": (
                    "`beyond_first`: the group's amounts except its first row; `each`: all of "
                    "them; `none`."
                ),
                "default": "beyond_first",
                "enum": list(AMOUNT_MODES),
            },
            "amount_column": {
                "description": "Money column of the finding's amount (no amount without it).",
                "type": "string",
            },
        },
    },
    run,
    __doc__ or "",
)
