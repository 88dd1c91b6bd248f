"""`running_balance`: each balance must equal the previous one plus inflow minus outflow.

    check: {type: running_balance, balance: saldo, plus: penerimaan, minus: pengeluaran,
            tolerance: 1}

Per document, in row order: expected `balance` = the last known balance + `plus` −
`minus` of every row since. The chain starts at an opening-balance row (Saldo Awal:
its `balance`, or `plus` − `minus` when its balance is blank) and restarts at every
later one; without an opening row the first balance starts the chain and cannot
break. A row is a finding when |balance − expected| > `tolerance` (rupiah, number or
parameter name, default 1); the chain then continues from the row's actual balance,
so one wrong entry is reported once. Rows with a blank balance are not judged, their
amounts still count. Blank `plus`/`minus` count as 0. A row with a cell the importer could
not read (`_unreadable`, an input problem already) is not judged either and restarts the
chain from its balance: no finding is built on a number nobody could read.

Hit columns: `_amount` = |difference| (sen), `_expected` (sen), `_difference`
(actual − expected, sen).
"""

from __future__ import annotations

import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, hits, no_hits
from rl_audit.documents import UNREADABLE

_NUMBER_OR_PARAM = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}


def ordered(ci: CheckInput, *columns: str) -> pd.DataFrame:
    """The rule's frame (checked for `columns`) in document and row order, fresh index."""
    frame = ci.frame(ci.kind, *columns)
    return frame.sort_values(["_doc", "_idx"], kind="stable").reset_index(drop=True)


def opening_mask(frame: pd.DataFrame) -> pd.Series:
    """Rows tagged as opening balances (Saldo Awal)."""
    if "_role" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return (frame["_role"].astype("string") == "opening").fillna(False)


def unreadable_mask(frame: pd.DataFrame) -> pd.Series:
    """Rows holding a cell the importer could not read (already said as an input problem)."""
    if UNREADABLE not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[UNREADABLE].astype("boolean").fillna(False).astype(bool)


def expected_balance(
    doc: pd.Series, balance: pd.Series, net: pd.Series, opening: pd.Series
) -> pd.Series:
    """Last known balance (opening rows anchor the chain) + net flows since (Int64).

    With C the running sum of `net` per document, every known balance B_j fixes
    the key B_j − C_j; a row's expected balance is the previous key + C_i.
    """
    net = net.where(~opening, 0)
    cum = net.groupby(doc).cumsum()
    key = (balance - cum).groupby(doc).ffill()
    previous = key.groupby(doc).shift(1)
    return (previous + cum).astype("Int64")


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows whose balance breaks the running chain."""
    opts = ci.options
    frame = ordered(ci, opts["balance"], opts["plus"], opts["minus"])
    if frame.empty:
        return no_hits()
    tolerance = ci.number("tolerance", 1) * 100
    plus = frame[opts["plus"]].astype("Int64")
    minus = frame[opts["minus"]].astype("Int64")
    net = plus.fillna(0) - minus.fillna(0)
    opening = opening_mask(frame)
    balance = frame[opts["balance"]].astype("Int64")
    flows_given = plus.notna() | minus.notna()
    balance = balance.where(~(opening & balance.isna() & flows_given), net)
    anchor = opening | unreadable_mask(frame)  # an unreadable amount restarts the chain
    expected = expected_balance(frame["_doc"], balance, net, anchor)
    difference = balance - expected
    broken = ~anchor & (difference.abs() > tolerance).fillna(False)
    return hits(
        frame, ci.kind, broken, difference.abs(), _expected=expected, _difference=difference
    )


CHECK = CheckType(
    "running_balance",
    {
        "type": "object",
        "required": ["balance", "plus", "minus"],
        "properties": {
            "balance": {"description": "Balance column.", "type": "string"},
            "plus": {"description": "Inflow column.", "type": "string"},
            "minus": {"description": "Outflow column.", "type": "string"},
            "tolerance": {
                **_NUMBER_OR_PARAM,
                "description": "Rupiah difference still accepted (number or parameter).",
                "default": 1,
            },
        },
    },
    run,
    __doc__ or "",
)
