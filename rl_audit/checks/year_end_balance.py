"""`year_end_balance`: cash left with the treasurer at year end (KAS-04).

    check: {type: year_end_balance, balance: saldo, date: tanggal}

Per document and year: when the document's data reach 31 December of that year
(some row dated on or after 31 December − `days_before`, default 0 days) and the
last known `balance` of that year is more than `tolerance` rupiah (number or
parameter name, default 0), the row carrying that balance is a finding; its amount
is that balance. Rows are taken in document order; an undated row belongs to the
year of the dated row above it. Opening-balance rows are not data and are ignored.
Data that stop before the end of the year give no finding.

`in_transit` (optional; `rl_audit.checks.tax_transit`): the balance is first reduced
by the taxes withheld in December and deposited in January on or before their deadline
(PFK in transit, not unreturned cash), read from the OPD's tax ledger when there is
one; the finding's amount is what remains, and none when it is within `tolerance`.

Hit columns: `_amount` = the balance less taxes in transit (sen), `_year`,
`_in_transit` (sen).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.checks import date_lag
from rl_audit.checks.base import CheckError, CheckInput, CheckType, hits, no_hits
from rl_audit.checks.running_balance import opening_mask, ordered
from rl_audit.checks.tax_transit import transit_by_year

_NUMBER_OR_PARAM = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}


def year_end(dates: pd.Series) -> pd.Series:
    """31 December of each date's year (NaT stays NaT)."""
    years = np.asarray(dates.to_numpy(), dtype="datetime64[Y]")
    last = (years + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return pd.Series(last.astype("datetime64[s]"), index=dates.index)


def run(ci: CheckInput) -> pd.DataFrame:
    """The last balance of each year that the data close with money still held."""
    opts = ci.options
    frame = ordered(ci, opts["balance"], opts["date"])
    frame = frame[~opening_mask(frame)].reset_index(drop=True)
    if frame.empty:
        return no_hits()
    days_before = ci.number("days_before", 0)
    if days_before < 0:
        raise CheckError(f"days_before: harus ≥ 0 / must be ≥ 0: {days_before}")
    tolerance = ci.number("tolerance", 0) * 100
    raw = pd.to_datetime(frame[opts["date"]], errors="coerce")
    dates = raw.groupby(frame["_doc"]).ffill()
    year = dates.dt.year
    keys = [frame["_doc"], year]
    cutoff = year_end(dates) - pd.Timedelta(days=days_before)
    reaches = (raw >= cutoff).fillna(False).groupby(keys).transform("any")
    balance = frame[opts["balance"]].astype("Int64")
    known = frame[balance.notna() & year.notna()]
    last = pd.Series(False, index=frame.index)
    last[known.groupby([known["_doc"], year[known.index]]).tail(1).index] = True
    transit = _in_transit(ci, year)
    remains = balance - transit
    found = last & reaches.astype(bool) & (remains > tolerance).fillna(False)
    return hits(frame, ci.kind, found, remains, _year=year.astype("Int64"), _in_transit=transit)


def _in_transit(ci: CheckInput, year: pd.Series) -> pd.Series:
    """Per row: sen of taxes in transit at the end of its year (0 without a tax ledger)."""
    spec = ci.options.get("in_transit")
    if not spec or spec.get("kind", "pajak") not in ci.frames:
        return pd.Series(0, index=year.index, dtype="Int64")
    per_year = transit_by_year(ci, spec)
    return year.map(per_year).fillna(0).astype("Int64")


CHECK = CheckType(
    "year_end_balance",
    {
        "type": "object",
        "required": ["balance", "date"],
        "properties": {
            "balance": {"description": "Balance column.", "type": "string"},
            "date": {"description": "Date column.", "type": "string"},
            "days_before": {
                **_NUMBER_OR_PARAM,
                "description": (
                    "The data reach year end when a row is dated on or after 31 December minus "
                    "this many days."
                ),
                "default": 0,
            },
            "tolerance": {
                **_NUMBER_OR_PARAM,
                "description": "Rupiah balance still accepted (number or parameter).",
                "default": 0,
            },
            "in_transit": {
                "description": (
                    "Taxes withheld in December and deposited in January in time, subtracted "
                    "first: `{kind, withheld, deposited, date, by, fold, deadline_by}`."
                ),
                "type": "object",
                "required": ["withheld", "deposited", "date", "deadline_by"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"type": "string"},
                    "withheld": {"type": "string"},
                    "deposited": {"type": "string"},
                    "date": {"type": "string"},
                    "by": {"type": "string"},
                    "fold": {"type": "object", "additionalProperties": {"type": "string"}},
                    "deadline_by": date_lag.CHECK.options["properties"]["deadline_by"],
                },
            },
        },
    },
    run,
    __doc__ or "",
    uses_as_of=True,
)
