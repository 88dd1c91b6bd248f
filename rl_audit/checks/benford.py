"""`benford`: first-digit distribution of a document's amounts far from Benford's law.

    check: {type: benford, column: pengeluaran, min_count: benford_min_count,
            mad_threshold: 0.015}

    check: {type: benford, columns: [pengeluaran, nilai_realisasi, jumlah]}

Analytical signal ANL-01. Options:

- `column`: the money column; amounts whose absolute value is at least Rp 10 count.
  Or `columns`: a list; then every document kind of the OPD holding one of them is
  tested, on the first listed column it has (`pengeluaran` in a BKU, `nilai_realisasi`
  in a realisasi export ...).
- `min_count` (default 300, number or parameter name): a document with fewer counted
  amounts gives no finding (too few for the test).
- `mad_threshold` (default 0.015, Nigrini's nonconformity bound for first digits): a
  document whose mean absolute deviation between observed and Benford first-digit
  proportions is above it is a finding.
- `when`: only rows where the expression holds are counted.

One finding per document (`_doc`), located at the document's first data row, with
`_mad` (rounded to 5 decimals), `_count` (amounts tested) and `_digit` (the first digit
deviating most from Benford); `_mad_pct` and `_limit_pct` give the MAD and the
threshold ×100 for messages (`{mad_pct:num}`). No amount.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, no_hits
from rl_audit.checks.duplicate import group_hits, when_mask

DIGITS = np.arange(1, 10)
EXPECTED = np.log10(1 + 1 / DIGITS)
MIN_SEN = 1_000  # Rp 10


def first_digits(sen: np.ndarray) -> np.ndarray:
    """First significant digit of positive integers (exact, no float rounding at 10^k)."""
    power = 10 ** np.floor(np.log10(sen)).astype("int64")
    power = np.where(power > sen, power // 10, power)
    power = np.where(power * 10 <= sen, power * 10, power)
    return sen // power


def deviations(doc: np.ndarray, digit: np.ndarray) -> pd.DataFrame:
    """Per document: proportion minus Benford expectation for digits 1–9, and the count."""
    counts = pd.crosstab(doc, digit).reindex(columns=DIGITS, fill_value=0)
    total = counts.sum(axis=1)
    diff = counts.div(total, axis=0) - EXPECTED
    return diff.assign(_count=total)


def _first_rows(frame: pd.DataFrame) -> pd.Series:
    """Position of each document's first data row (first row when none is marked data)."""
    positions = pd.Series(np.arange(len(frame)), index=frame.index)
    data = frame["_role"].eq("data").fillna(False) if "_role" in frame else True
    rank = positions.where(data, positions + len(frame))
    first = rank.groupby(frame["_doc"].to_numpy()).min()
    return first.where(first < len(frame), first - len(frame))


def run(ci: CheckInput) -> pd.DataFrame:
    """Documents with enough amounts whose first-digit MAD exceeds the threshold."""
    if "column" in ci.options:
        return _run_kind(ci, ci.kind, ci.options["column"])
    listed = list(ci.options.get("columns") or [])
    tested = {
        kind: next(c for c in listed if c in frame.columns)
        for kind, frame in ci.frames.items()
        if any(c in frame.columns for c in listed)
    }
    parts = [
        _run_kind(ci, kind, column).assign(_group=lambda h, k=kind: h["_group"].astype(str) + k)
        for kind, column in tested.items()
    ]
    return pd.concat(parts, ignore_index=True) if parts else no_hits()


def _run_kind(ci: CheckInput, kind: str, column: str) -> pd.DataFrame:
    """The Benford test of `column` over every document of `kind`."""
    frame = ci.frame(kind, column).reset_index(drop=True)
    sen = pd.to_numeric(frame[column], errors="coerce").abs().round()
    sen = sen.astype("Float64").fillna(0).to_numpy(dtype="float64").astype("int64")
    ok = (sen >= MIN_SEN) & when_mask(ci, kind)
    dev = deviations(frame["_doc"].to_numpy()[ok], first_digits(sen[ok]))
    mad = dev[DIGITS].abs().mean(axis=1)
    flagged = (dev["_count"] >= ci.number("min_count", 300)) & (
        mad > ci.number("mad_threshold", 0.015)
    )
    docs = dev.index[flagged.to_numpy()]
    rows = _first_rows(frame).loc[docs].to_numpy()
    worst = dev.loc[docs, DIGITS].abs().idxmax(axis=1).to_numpy()
    return group_hits(
        frame,
        kind,
        rows,
        np.asarray(docs),
        None,
        _mad=mad.loc[docs].round(5).to_numpy(),
        _mad_pct=(mad.loc[docs] * 100).round(2).to_numpy(),
        _limit_pct=ci.number("mad_threshold", 0.015) * 100,
        _count=dev.loc[docs, "_count"].to_numpy(),
        _digit=worst,
    )


CHECK = CheckType(
    "benford",
    {
        "type": "object",
        "oneOf": [{"required": ["column"]}, {"required": ["columns"]}],
        "properties": {
            "column": {
                "description": "Money column tested (amounts of at least Rp 10).",
                "type": "string",
            },
            "columns": {
                "description": (
                    "Money columns: every document kind holding one is tested on the first it has."
                ),
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
            },
            "min_count": {
                "description": (
                    "Fewest amounts a document needs to be tested (number or parameter)."
                ),
                "default": 300,
                "type": ["number", "string"],
            },
            "mad_threshold": {
                "description": (
                    "Mean absolute deviation from Benford above which a document is a finding."
                ),
                "default": 0.015,
                "type": ["number", "string"],
            },
            "when": {
                "description": "Expression; only rows where it holds are counted.",
                "type": "string",
            },
        },
    },
    run,
    __doc__ or "",
)
