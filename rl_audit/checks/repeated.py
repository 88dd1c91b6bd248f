"""`repeated`: one key (an expression) on two or more rows of one calendar year (HIB-03).

    # HIB-03: one recipient (NIK/NPWP, else the folded name) paid twice or more in a year
    check: {type: repeated,
            key: 'if(digits(nik_npwp) != "", digits(nik_npwp), party(penerima))',
            date: tanggal_sp2d, amount_column: nilai, absent_blank: [nik_npwp]}

Options:

- `key`: an expression (or a list of them) identifying who is counted (`party(…)`
  folds a recipient's name: `rl_audit.expr.names`); rows with a blank key are skipped.
- `date`: the date column; rows are grouped per key and calendar year of this date,
  ordered by it (then by file order). Rows without a date are skipped.
- `amount_column`: money column; the amount is the sum over every row of the group
  after the first (in date order). Without it, findings have no amount.
- `when`: only rows where the expression holds take part; `absent_blank`: columns read
  as blank where the OPD's documents lack them.

One finding per key and year with two or more rows; every row of it is a location.
Extra columns: `_count` (rows), `_dates` (their dates in order, `dd/mm/yyyy`, `; `-joined)
and `_paid_year` (the calendar year, as text: `2025`).
"""

from __future__ import annotations

import pandas as pd

from rl_audit.checks.base import (
    ABSENT_BLANK_OPTION,
    WHEN_OPTION,
    CheckError,
    CheckInput,
    CheckType,
    hits,
    no_hits,
)
from rl_audit.checks.exprscope import condition, value
from rl_audit.checks.sides import with_blank
from rl_audit.expr.evaluate import blank_mask


def key_text(ci: CheckInput, frame: pd.DataFrame) -> pd.Series:
    """The `key` expressions per row, joined as text; NA where any is blank."""
    given = ci.options.get("key")
    exprs = [given] if isinstance(given, str) else list(given or [])
    if not exprs:
        raise CheckError("repeated: key kosong / no key")
    key = pd.Series("", index=frame.index, dtype="string")
    for number, text in enumerate(exprs):
        found = value(ci, ci.kind, text, frame)
        part = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
        part = part.astype("string").str.strip()
        part = part.mask(blank_mask(part))
        key = part if number == 0 else key + "\x1f" + part
    return key


def _table(ci: CheckInput, frame: pd.DataFrame) -> pd.DataFrame:
    """Per usable row, in key/year/date/file order: key, year, date and amount (sen)."""
    date = ci.options["date"]
    dates = pd.to_datetime(frame[date], errors="coerce").dt.normalize()
    column = ci.options.get("amount_column")
    sen = (
        pd.to_numeric(frame[column], errors="coerce").fillna(0).round().astype("int64")
        if column
        else pd.Series(0, index=frame.index, dtype="int64")
    )
    table = pd.DataFrame(
        {"_key": key_text(ci, frame), "_date": dates, "_sen": sen, "_pos": range(len(frame))},
        index=frame.index,
    ).dropna(subset=["_key", "_date"])
    table["_year"] = table["_date"].dt.year
    return table.sort_values(["_key", "_year", "_date", "_pos"], kind="stable")


def _groups(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of groups of two or more, with group number, size, dates and amount."""
    group = table.groupby(["_key", "_year"], sort=False)
    table = table.assign(
        _group=group.ngroup(), _count=group["_sen"].transform("size"), _rank=group.cumcount()
    )
    table = table[table["_count"] >= 2].copy()
    table["_shown"] = table["_date"].dt.strftime("%d/%m/%Y")
    again = table.groupby("_group", sort=False)
    table["_dates"] = again["_shown"].transform("; ".join)
    later = table["_sen"].where(table["_rank"] > 0, 0)
    table["_total"] = later.groupby(table["_group"]).transform("sum")
    return table


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per key and calendar year appearing on two or more rows."""
    date = ci.options.get("date")
    if not date:
        raise CheckError("repeated: date kosong / no date column")
    column = ci.options.get("amount_column")
    needed = [date, *([column] if column else [])]
    frame = with_blank(ci.frame(ci.kind, *needed), ci.kind, ci.options.get("absent_blank"))
    frame = frame.reset_index(drop=True)
    if ci.options.get("when"):
        frame = frame[condition(ci, ci.kind, ci.options["when"], frame).to_numpy()]
    table = _table(ci, frame)
    if table.empty:
        return no_hits()
    rows = _groups(table)
    mask = pd.Series(frame.index.isin(rows.index), index=frame.index)
    amount = rows["_total"] if column else None
    found = hits(frame, ci.kind, mask, amount, rows["_group"], **_extra(rows))
    found.attrs["evaluated"] = len(table)
    return found


def _extra(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """The message columns of the finding rows."""
    year = rows["_year"].astype("int64").astype("string")
    return {"_count": rows["_count"], "_dates": rows["_dates"], "_paid_year": year}


CHECK = CheckType(
    "repeated",
    {
        "type": "object",
        "required": ["key", "date"],
        "properties": {
            "key": {
                "description": "Expression (or list) identifying who is counted.",
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            },
            "date": {
                "description": "Date column: groups per calendar year, rows in date order.",
                "type": "string",
            },
            "amount_column": {
                "description": "Money column; amount: every row of a group after the first.",
                "type": "string",
            },
            "when": WHEN_OPTION,
            "absent_blank": ABSENT_BLANK_OPTION,
        },
    },
    run,
    __doc__ or "",
)
