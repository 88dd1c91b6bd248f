"""`distinct_limit`: one key must not hold more than `limit` distinct values in a period (HON-02).

    # HON-02: a person paid by more than max_teams_per_month teams in one month
    check: {type: distinct_limit, key: 'if(digits(nip) != "", digits(nip), fold(nama))',
            month: [bulan, tanggal_kegiatan], distinct: 'coalesce(fold(nama_tim), fold(no_sk))',
            limit: max_teams_per_month, amount_column: bruto,
            absent_blank: [nip, nama_tim, no_sk, bulan, tanggal_kegiatan]}

Options:

- `key`: an expression (or a list of them) identifying who is counted; rows with a
  blank key are skipped.
- `month`: columns read as the payment month (`rl_audit.checks.months`: a date, a month
  name, `01/2025`, `31/01/2025`), the first non-blank one per row; the key then holds per
  month. Rows with no month are skipped. Without `month`, the key holds over the documents.
- `distinct`: an expression whose distinct values are counted (a team: its folded name,
  else its SK number); rows where it is blank are skipped. Several rows with one value
  (two payments of one team) count once. `shown`: the expression naming a value in
  messages (default `distinct`; e.g. the team name as written).
- `limit`: the most distinct values allowed (number or parameter).
- `amount_column`: money column summed per distinct value; the amount is the sum of the
  values beyond the limit, smallest first (the `count − limit` smallest). Without it,
  findings have no amount.
- `when`: only rows where the expression holds take part; `absent_blank`: columns read
  as blank where the OPD's documents lack them.

One finding per key (and month) over the limit; every row of it is a location. Extra
columns: `_count` (distinct values), `_limit`, `_values` (the distinct values as first
written, `; `-joined) and `_month` (`YYYY-MM`, or as written).
"""

from __future__ import annotations

from typing import Any

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
from rl_audit.checks.months import month_key
from rl_audit.checks.sides import with_blank
from rl_audit.expr.evaluate import blank_mask


def _series(ci: CheckInput, frame: pd.DataFrame, text: str) -> pd.Series:
    """An expression per row as text, blank → NA."""
    found = value(ci, ci.kind, text, frame)
    series = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
    series = series.astype("string").str.strip()
    return series.mask(blank_mask(series))


def _month(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The first non-blank month of `columns` per row (a constant without columns)."""
    out = pd.Series("" if not columns else pd.NA, index=frame.index, dtype="string")
    for column in columns:
        out = out.fillna(month_key(frame[column]))
    return out


def _keys(ci: CheckInput, frame: pd.DataFrame) -> pd.DataFrame:
    """Per row: `_key` (the key expressions joined), `_month`, `_value`, `_shown`."""
    given = ci.options["key"]
    exprs = [given] if isinstance(given, str) else list(given)
    if not exprs:
        raise CheckError("distinct_limit: key kosong / no key")
    parts = [_series(ci, frame, e) for e in exprs]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    shown = value(ci, ci.kind, ci.options.get("shown", ci.options["distinct"]), frame)
    return pd.DataFrame(
        {
            "_key": key,
            "_month": _month(frame, list(ci.options.get("month") or [])),
            "_value": _series(ci, frame, ci.options["distinct"]),
            "_shown": pd.Series(shown, index=frame.index).astype("string"),
        },
        index=frame.index,
    )


def _amounts(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """The amount column in sen per row (0 where blank or absent)."""
    if column is None or column not in frame.columns:
        return pd.Series(0, index=frame.index, dtype="int64")
    return pd.to_numeric(frame[column], errors="coerce").fillna(0).round().astype("int64")


def _over(table: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Per (key, month) over the limit: count, values shown, amount beyond the limit."""
    per_value = table.groupby(["_key", "_month", "_value"], sort=False).agg(
        _sen=("_sen", "sum"), _shown=("_shown", "first")
    )
    per_value = per_value.reset_index().sort_values(["_key", "_month", "_sen", "_value"])
    group = per_value.groupby(["_key", "_month"], sort=False)
    per_value["_rank"] = group.cumcount()
    per_value["_count"] = group["_value"].transform("size")
    per_value["_beyond"] = per_value["_rank"] < per_value["_count"] - limit
    over = per_value[per_value["_count"] > limit]
    return over.groupby(["_key", "_month"], sort=False).agg(
        _count=("_count", "first"),
        _values=("_shown", lambda s: "; ".join(s.fillna("-"))),
        _amount=("_sen", lambda s: int(s[over.loc[s.index, "_beyond"]].sum())),
    )


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per key (and month) holding more than `limit` distinct values."""
    frame = with_blank(ci.frame(ci.kind), ci.kind, ci.options.get("absent_blank"))
    if ci.options.get("when"):
        frame = frame[condition(ci, ci.kind, ci.options["when"], frame).to_numpy()]
    limit = int(ci.number("limit"))
    table = _keys(ci, frame).assign(_sen=_amounts(frame, ci.options.get("amount_column")))
    table = table.dropna(subset=["_key", "_month", "_value"])
    if table.empty:
        return no_hits()
    over = _over(table, limit)
    rows = table.join(over, on=["_key", "_month"], how="inner")
    group = pd.Series(
        rows.groupby(["_key", "_month"], sort=False).ngroup().to_numpy(), index=rows.index
    )
    amount = rows["_amount"] if ci.options.get("amount_column") in frame.columns else None
    mask = pd.Series(frame.index.isin(rows.index), index=frame.index)
    found = hits(frame, ci.kind, mask, amount, group, **_extra(rows))
    found.attrs["evaluated"] = len(table)
    return found


def _extra(rows: pd.DataFrame) -> dict[str, Any]:
    """The message columns of the finding rows."""
    return {
        "_count": rows["_count"],
        "_values": rows["_values"],
        "_month": rows["_month"],
    }


CHECK = CheckType(
    "distinct_limit",
    {
        "type": "object",
        "required": ["key", "distinct", "limit"],
        "properties": {
            "key": {
                "description": "Expression (or list) identifying who is counted.",
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            },
            "month": {
                "description": "Columns read as the month, first non-blank (per-month limit).",
                "type": "array",
                "items": {"type": "string"},
            },
            "distinct": {
                "description": "Expression whose distinct values are counted per key.",
                "type": "string",
            },
            "shown": {
                "description": "Expression naming a value in messages (default: `distinct`).",
                "type": "string",
            },
            "limit": {
                "description": "Most distinct values allowed per key (number or parameter).",
                "type": ["number", "string"],
            },
            "amount_column": {
                "description": "Money column; amount: the values beyond the limit, smallest first.",
                "type": "string",
            },
            "when": WHEN_OPTION,
            "absent_blank": ABSENT_BLANK_OPTION,
        },
    },
    run,
    __doc__ or "",
)
