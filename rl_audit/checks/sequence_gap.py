"""`sequence_gap`: numbers missing from (or repeated in) a running number sequence.

    check: {type: sequence_gap, column: no_bukti, by: [kode_rekening]}

Options:

- `column`: a numeric column, or text whose number is its last run of digits
  ("BKU-0012" → 12). For text, the part before that number (folded: case, spacing and
  punctuation) is part of the series, so "BKU-0012" and "SPJ-0013" are different
  sequences. `pattern` may give another regular expression with one capturing group
  for the number.
- `by`: optional columns splitting the sequences (e.g. per year or per account); rows
  with a blank `by` value or no number are skipped.
- `when`: only rows where the expression holds take part.

Numbers are compared in sorted order, not file order. Each gap between consecutive
numbers is one finding located at the row after the gap, with `_missing` = "13" or
"13–15"; no gap is reported before the smallest number. Rows sharing a number form one
finding with `_duplicate` = True (all of them are locations).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from rl_audit.checks.base import WHEN_OPTION, CheckError, CheckInput, CheckType
from rl_audit.checks.duplicate import group_hits, key_ids, when_mask
from rl_audit.ingest.values import fold_text

DEFAULT_PATTERN = r"(\d+)\D*$"


def numbers(series: pd.Series, pattern: str) -> tuple[np.ndarray, pd.Series]:
    """(number as float, NaN where none; "#" + the folded text before it) of each cell."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        num = pd.to_numeric(series, errors="coerce").astype("float64")
        num = num.where(num == num.round())
        return num.to_numpy(), pd.Series("#", index=series.index, dtype="string")
    try:
        rx = re.compile(pattern)
    except re.error as err:
        raise CheckError(f"sequence_gap: pattern {pattern!r}: {err}") from err
    text = series.astype("string")
    found = text.str.extract(rx, expand=False)
    digits = found if isinstance(found, pd.Series) else found.iloc[:, 0]
    digits = digits.where(digits.str.len() <= 15)
    prefix = text.str.replace(rx, "", regex=True)
    prefix = "#" + fold_text(prefix).fillna("")
    return pd.to_numeric(digits, errors="coerce").to_numpy(dtype="float64"), prefix


def _sorted(ci: CheckInput, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions, series ids, numbers) of usable rows, sorted by series and number."""
    column = ci.options["column"]
    by = list(ci.options.get("by") or [])
    num, prefix = numbers(frame[column], ci.options.get("pattern", DEFAULT_PATTERN))
    keyed = frame[by].assign(_prefix=prefix.to_numpy())
    key = key_ids(keyed, [*by, "_prefix"], [])
    ok = (key >= 0) & ~np.isnan(num) & when_mask(ci, ci.kind)
    pos = np.flatnonzero(ok)
    order = pos[np.lexsort((pos, num[pos], key[pos]))]
    return order, key[order], num[order].astype("int64")


def _gaps(
    frame: pd.DataFrame, kind: str, order: np.ndarray, key: np.ndarray, num: np.ndarray
) -> pd.DataFrame:
    """One finding per gap between consecutive numbers of a series (at the later row)."""
    same = np.zeros(len(key), dtype=bool)
    same[1:] = key[1:] == key[:-1]
    prev = np.r_[0, num[:-1]] if len(num) else num
    gap = same & (num - prev > 1)
    lo, hi = (prev + 1)[gap], (num - 1)[gap]
    label = pd.Series(lo).astype(str) + np.where(hi > lo, "–" + pd.Series(hi).astype(str), "")
    rows = order[gap]
    return group_hits(
        frame,
        kind,
        rows,
        rows,
        None,
        _missing=label.to_numpy(),
        _duplicate=np.zeros(len(rows), dtype=bool),
    )


def _duplicates(
    frame: pd.DataFrame, kind: str, order: np.ndarray, key: np.ndarray, num: np.ndarray
) -> pd.DataFrame:
    """One finding per number that occurs more than once in a series (all its rows)."""
    start = np.ones(len(key), dtype=bool)
    start[1:] = (key[1:] != key[:-1]) | (num[1:] != num[:-1])
    run_id = np.cumsum(start) - 1
    size = np.bincount(run_id)[run_id] if len(run_id) else run_id
    dup = size >= 2
    group = -1 - order[start][run_id][dup]  # negative: never equal to a gap's group
    return group_hits(
        frame,
        kind,
        order[dup],
        group,
        None,
        _missing=np.full(int(dup.sum()), None, dtype=object),
        _duplicate=np.ones(int(dup.sum()), dtype=bool),
    )


def run(ci: CheckInput) -> pd.DataFrame:
    """Gaps and repeated numbers in the sequence of `column` (per `by` group)."""
    by = list(ci.options.get("by") or [])
    frame = ci.frame(ci.kind, ci.options["column"], *by).reset_index(drop=True)
    order, key, num = _sorted(ci, frame)
    gaps = _gaps(frame, ci.kind, order, key, num)
    dups = _duplicates(frame, ci.kind, order, key, num)
    parts = [h for h in (gaps, dups) if len(h)]
    return pd.concat(parts, ignore_index=True) if parts else gaps


CHECK = CheckType(
    "sequence_gap",
    {
        "type": "object",
        "required": ["column"],
        "properties": {
            "column": {
                "description": "Numeric column, or text whose last run of digits is the number.",
                "type": "string",
            },
            "by": {
                "description": "Columns splitting the sequences (e.g. per account).",
                "type": "array",
                "items": {"type": "string"},
            },
            "pattern": {
                "description": "Regular expression with one capturing group for the number.",
                "type": "string",
            },
            "when": WHEN_OPTION,
        },
    },
    run,
    __doc__ or "",
)
