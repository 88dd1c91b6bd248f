"""`interval_overlap`: date ranges of the same key that overlap (PD-01).

    check: {type: interval_overlap, key: nip, start: tgl_berangkat, end: tgl_kembali,
            touching: allowed, amount_column: jumlah}

Options:

- `key`: a column (or a list of columns) identifying the person; `fold`: key columns
  compared after `fold_text`; `digits`: key columns compared on their digits only
  (`19800312 200604 2 015` = `NIP. 198003122006042015`). Rows with a blank key, a
  blank date or an end before the start are skipped.
- `start`, `end`: date columns; dates are compared as calendar days.
- `touching`: `allowed` (default: a return day equal to the next departure day is not
  an overlap) or `overlap` (it is).
- `when`: only rows where the expression holds take part.
- `amount_column`: the finding's amount is the sum of this column over the later
  trips of the cluster (every trip except the one that starts first). Where the
  documents lack the column, findings have no amount.
- `against`: `{kind, key, start, end, label}` — instead of overlaps within the rule's
  kind, each of its rows whose range meets a range of that other kind of the same OPD
  with the same key is a finding, its amount the row's `amount_column`
  (`rl_audit.checks.interval_against`; HON-05: a meeting honor on a travel day). Without
  a document of that kind the rule is not applicable.

Intervals are sorted by key and start; each is compared with the running maximum end
of the earlier intervals of its key, so the cost is a sort. Overlapping intervals
chain into a cluster: one finding whose rows are all locations (`_count` = size).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.checks.base import WHEN_OPTION, CheckError, CheckInput, CheckType
from rl_audit.checks.duplicate import day_numbers, group_hits, key_ids, money_sen, when_mask
from rl_audit.checks.interval_against import run_against

TOUCHING = ("allowed", "overlap")


def _key_columns(ci: CheckInput) -> tuple[list[str], list[str]]:
    key = ci.options.get("key")
    keys = [key] if isinstance(key, str) else list(key or [])
    if not keys:
        raise CheckError("interval_overlap: key kosong / no key column")
    return keys, list(ci.options.get("fold") or [])


def _digit_keys(ci: CheckInput, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the `digits` key columns reduced to their digits."""
    cols = [c for c in ci.options.get("digits") or [] if c in frame.columns]
    digits = {c: frame[c].astype("string").str.replace(r"\D", "", regex=True) for c in cols}
    return frame.assign(**digits) if digits else frame


def _sorted_intervals(
    ci: CheckInput, frame: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(positions, key ids, start days, end days) of valid rows, sorted by key/start/end."""
    keys, fold = _key_columns(ci)
    key = key_ids(frame, keys, fold)
    start, start_ok = day_numbers(frame[ci.options["start"]])
    end, end_ok = day_numbers(frame[ci.options["end"]])
    ok = (key >= 0) & start_ok & end_ok & (end >= start) & when_mask(ci, ci.kind)
    pos = np.flatnonzero(ok)
    order = pos[np.lexsort((pos, end[pos], start[pos], key[pos]))]
    return order, key[order], start[order], end[order]


def clusters(key: np.ndarray, start: np.ndarray, end: np.ndarray, touching: bool) -> np.ndarray:
    """Cluster number per sorted interval: overlapping intervals of a key share one."""
    running = pd.Series(end).groupby(key).cummax()
    previous = running.groupby(key).shift(1).to_numpy(dtype="float64")
    overlaps = start <= previous if touching else start < previous
    return np.cumsum(~overlaps) - 1


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per cluster of two or more overlapping intervals of one key."""
    if ci.options.get("against"):
        return run_against(ci)
    keys, fold = _key_columns(ci)
    touching = ci.options.get("touching", "allowed")
    if touching not in TOUCHING:
        raise CheckError(f"interval_overlap: touching {touching!r} bukan / not in {TOUCHING}")
    columns = [*keys, *fold, *(ci.options.get("digits") or []), ci.options["start"]]
    frame = ci.frame(ci.kind, *columns, ci.options["end"])
    amount_col = ci.options.get("amount_column")
    amount_col = amount_col if amount_col in frame.columns else None
    frame = _digit_keys(ci, frame.reset_index(drop=True))
    order, key, start, end = _sorted_intervals(ci, frame)
    cluster = clusters(key, start, end, touching == "overlap")
    first = np.ones(len(cluster), dtype=bool)
    first[1:] = cluster[1:] != cluster[:-1]
    size = np.bincount(cluster)[cluster] if len(cluster) else cluster
    keep = size >= 2
    later = money_sen(frame, amount_col)[order] * ~first
    totals = pd.Series(later).groupby(cluster).transform("sum").to_numpy(dtype="int64")
    amount = pd.array(totals, dtype="Int64") if amount_col else None
    return group_hits(
        frame,
        ci.kind,
        order[keep],
        cluster[keep],
        None if amount is None else amount[keep],
        _count=size[keep],
        _later=~first[keep],
    )


CHECK = CheckType(
    "interval_overlap",
    {
        "type": "object",
        "required": ["key", "start", "end"],
        "properties": {
            "key": {
                "description": "Column (or columns) identifying the person.",
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            },
            "fold": {
                "description": "Key columns compared after folding case, spacing and punctuation.",
                "type": "array",
                "items": {"type": "string"},
            },
            "digits": {
                "description": "Key columns compared on their digits only.",
                "type": "array",
                "items": {"type": "string"},
            },
            "start": {"description": "Date column where the interval starts.", "type": "string"},
            "end": {"description": "Date column where the interval ends.", "type": "string"},
            "touching": {
                "description": (
                    "`allowed`: an end day equal to the next start day is not an overlap; "
                    "`overlap`: it is."
                ),
                "default": "allowed",
                "enum": list(TOUCHING),
            },
            "when": WHEN_OPTION,
            "amount_column": {
                "description": (
                    "Money column summed over the later intervals of a cluster (the amount)."
                ),
                "type": "string",
            },
            "against": {
                "description": (
                    "Another kind's ranges (`kind`, `key`, `start`, `end`, `label`): each row "
                    "meeting one of them is a finding, its amount the row's `amount_column`."
                ),
                "type": "object",
                "required": ["kind", "start", "end"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"type": "string"},
                    "key": {
                        "anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "string"}},
                        ]
                    },
                    "start": {"type": "string"},
                    "end": {"type": "string"},
                    "label": {"type": "string"},
                },
            },
        },
    },
    run,
    __doc__ or "",
)
