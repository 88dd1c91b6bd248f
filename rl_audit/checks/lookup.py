"""`lookup`: a per-unit amount must not exceed the rate found in a table.

    # PD-03: daily allowance per day vs the standard for the destination
    check: {type: lookup, table: daily_allowance_rates,
            match: {provinsi: provinsi_tujuan}, default_match: {provinsi: Bengkulu,
            kategori: luar_kota}, per_unit: "uang_harian / lama_hari", units: lama_hari}

`table` is a parameter (or a literal list) of mappings, e.g. `{provinsi: Bengkulu,
kategori: luar_kota, rate: 380000}`, the rate (`rate_field`, default `rate`) in rupiah.
`match` maps a table field to a column or an expression of the frame (e.g. a function
of eselon and golongan); `default_match` gives the table value used where that value
is blank, where the named column is absent, or for a field `match` does not name (a
default that names a parameter takes the parameter's value). Values compare as text,
case-insensitively after trimming. `when` limits the rows. `absent_blank` lists
columns that count as blank where the OPD's documents lack them (e.g. `jumlah_malam`,
so `coalesce(jumlah_malam, lama_hari - 1)` still runs); other missing columns are
an error.

A finding where `per_unit` (rupiah) > rate + `tolerance` (rupiah, default 0); amount =
(per_unit − rate) × `units` in sen. Instead of `per_unit`, `total` (rupiah) gives the
amount the units share: per_unit = total ÷ units, and a row whose units are 0 or fewer
while total > 0 (a hotel bill for a same-day trip) is a finding for the whole total —
it never drops out for a zero divisor. Rows without a rate (or without a per-unit value)
are skipped, and their number is put in `_unmatched` on every hit; when no selected row
finds a rate the check is an error naming the values not found. With `unmatched: notice`
a row without a rate is never guessed: it becomes an input problem of its sheet
(`rl_audit.checks.notices`, one per distinct value of `notice_column` — default the
first `match` column — naming the value, its cells and the table parameter) and the
rule's outcome counts it as not checked. Extra columns: `_rate`,
`_per_unit` (sen), `_units`, `_unmatched`, and `_label`: the matched entry's `label`
field (`label_field`), else its match values joined by " / " as written in the table.
"""

from __future__ import annotations

import re
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import (
    ABSENT_BLANK_OPTION,
    CheckError,
    CheckInput,
    CheckType,
    hits,
    no_hits,
)
from rl_audit.checks.exprscope import condition, to_sen, value
from rl_audit.checks.notices import attach, row_notices
from rl_audit.checks.reconcile import norm_key
from rl_audit.ingest.normalise import parse_column

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _table(ci: CheckInput, fields: list[str], rate_field: str) -> pd.DataFrame:
    """The rate table: normalised `fields`, `_rate` (rupiah), `_label`; first entry per match."""
    raw = ci.option("table")
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise CheckError(f"table: expected a list of mappings (a parameter): {raw!r}"[:200])
    table = pd.DataFrame(raw)
    missing = [f for f in [*fields, rate_field] if f not in table.columns]
    if missing:
        raise CheckError(f"table: field(s) missing: {', '.join(missing)}")
    out = pd.DataFrame({f: norm_key(table[f].astype("string")) for f in fields})
    out["_rate"] = pd.to_numeric(table[rate_field], errors="coerce")
    text = table[fields].astype("string").apply(lambda c: c.str.strip())
    joined = text.fillna("-").agg(" / ".join, axis=1)
    label = ci.options.get("label_field", "label")
    given = table[label].astype("string") if label in table.columns else None
    out["_label"] = joined if given is None else given.fillna(joined)
    return out.dropna(subset=[*fields, "_rate"]).drop_duplicates(subset=fields)


def _with_absent(ci: CheckInput, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame plus an all-blank column (typed like the importer's) per absent_blank."""
    spec = load_kinds()[ci.kind].columns
    added = {
        col: parse_column(
            pd.Series([None] * len(frame), dtype=object), spec[col].type
        ).values.set_axis(frame.index)
        for col in ci.options.get("absent_blank", [])
        if col not in frame.columns and col in spec
    }
    return frame.assign(**added) if added else frame


def _match_values(ci: CheckInput, frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """Per row and table field: the normalised value to look up (defaults filled in)."""
    matches: dict[str, str] = ci.options.get("match", {})
    defaults: dict[str, Any] = ci.options.get("default_match", {})
    return pd.DataFrame(
        {f: _match_value(ci, frame, matches.get(f), defaults.get(f), f) for f in fields},
        index=frame.index,
    )


def _match_value(
    ci: CheckInput, frame: pd.DataFrame, expr: str | None, default: Any, field: str
) -> pd.Series:
    """One field's normalised values: the expression's, the default where blank/absent."""
    if isinstance(default, str) and default in ci.params:
        default = ci.params[default]
    fallback = None if default is None else norm_key(pd.Series([str(default)])).iloc[0]
    absent = expr is None or (
        bool(_NAME.match(expr)) and expr not in frame.columns and expr not in ci.params
    )
    if absent and fallback is not None:
        return pd.Series(fallback, index=frame.index, dtype="string")
    if expr is None:
        raise CheckError(f"lookup: no match or default_match for {field}")
    found = value(ci, ci.kind, expr, frame)
    series = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
    normed = norm_key(series)
    return normed if fallback is None else normed.fillna(fallback)


def _rates(keys: pd.DataFrame, table: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """`_rate` (NA where the table has no entry) and `_label` per row, aligned with `keys`."""
    merged = keys.assign(_pos=np.arange(len(keys))).merge(table, on=fields, how="left")
    merged = merged.sort_values("_pos")
    return pd.DataFrame(
        {
            "_rate": pd.array(merged["_rate"].to_numpy(), dtype="Float64"),
            "_label": pd.array(merged["_label"].to_numpy(), dtype="string"),
        },
        index=keys.index,
    )


def _number(ci: CheckInput, frame: pd.DataFrame, expr: str) -> pd.Series:
    """An expression as Float64 per row; infinities (division by 0) become NA."""
    found = value(ci, ci.kind, expr, frame)
    series = found if isinstance(found, pd.Series) else pd.Series(found, index=frame.index)
    number = pd.to_numeric(series, errors="coerce").astype("Float64")
    return number.mask((number.abs() == np.inf).fillna(False))


def _not_found(keys: pd.DataFrame) -> str:
    """The distinct looked-up values that found no rate (at most five), as text."""
    combos = keys.drop_duplicates().head(5).fillna("(kosong)").astype("string")
    parts = [f"{field}=" + combos[field] for field in combos.columns]
    return "; ".join(reduce(lambda a, b: a + ", " + b, parts).tolist())


def run(ci: CheckInput) -> pd.DataFrame:
    """Rows whose per-unit amount exceeds the table rate for their match values."""
    frame = _with_absent(ci, ci.frame(ci.kind))
    if ci.options.get("when"):
        frame = frame[condition(ci, ci.kind, ci.options["when"], frame).to_numpy()]
    if frame.empty:
        return no_hits()
    fields = list(
        dict.fromkeys([*ci.options.get("match", {}), *ci.options.get("default_match", {})])
    )
    keys = _match_values(ci, frame, fields)
    found_rates = _rates(keys, _table(ci, fields, ci.options.get("rate_field", "rate")), fields)
    rate = found_rates["_rate"]
    units = _number(ci, frame, ci.options.get("units", "1"))
    per_unit, whole = _per_unit(ci, frame, units)
    unmatched = rate.isna()
    notice = ci.options.get("unmatched", "error") == "notice"
    if unmatched.all() and not notice:
        raise CheckError(f"tarif tidak ditemukan / no rate for: {_not_found(keys)}")
    amount = to_sen((per_unit - rate) * units, frame.index)
    found = (per_unit > rate + ci.number("tolerance", 0)) & ~(amount <= 0).fillna(False)
    zero = whole.notna()
    found_hits = hits(
        frame,
        ci.kind,
        found.fillna(False) | zero,
        amount.mask(zero, whole),
        _rate=to_sen(rate, frame.index),
        _per_unit=to_sen(per_unit, frame.index),
        _units=units,
        _unmatched=int(unmatched.sum()),
        _label=found_rates["_label"],
    )
    return _with_notices(ci, frame, unmatched, found_hits) if notice else found_hits


def _with_notices(
    ci: CheckInput, frame: pd.DataFrame, unmatched: pd.Series, found: pd.DataFrame
) -> pd.DataFrame:
    """`found` with a notice per distinct unmatched value and only matched rows evaluated."""
    column = ci.options.get("notice_column") or next(iter(ci.options.get("match", {}).values()))
    table = ci.options["table"] if isinstance(ci.options["table"], str) else "table"
    field = next(iter(ci.options.get("match", {})), "")
    params = {"field": field, "table": table}
    notices = row_notices(frame[unmatched.to_numpy()], ci.kind, "lookup_no_rate", column, params)
    found.attrs["evaluated"] = int((~unmatched).sum())
    return attach(found, notices, int(unmatched.sum()))


def _per_unit(ci: CheckInput, frame: pd.DataFrame, units: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(per-unit rupiah, sen of the whole `total` where units ≤ 0 and total > 0, else NA)."""
    if "total" not in ci.options:
        none = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        return _number(ci, frame, ci.options["per_unit"]), none
    total = _number(ci, frame, ci.options["total"])
    per_unit = (total / units).where((units > 0).fillna(False))
    zero = ((units <= 0) & (total > 0)).fillna(False)
    return per_unit, to_sen(total, frame.index).where(zero)


CHECK = CheckType(
    "lookup",
    {
        "type": "object",
        "required": ["table"],
        "oneOf": [{"required": ["per_unit"]}, {"required": ["total"]}],
        "properties": {
            "table": {
                "description": "Parameter (or literal list) of mappings holding the rates.",
                "type": ["string", "array"],
            },
            "match": {
                "description": "Table field → column or expression of the row.",
                "type": "object",
                "additionalProperties": {"type": "string"},
            },
            "default_match": {
                "description": "Table field → value used where the row's is blank or absent.",
                "type": "object",
            },
            "per_unit": {
                "description": "Expression: the rupiah amount per unit compared with the rate.",
                "type": "string",
            },
            "total": {
                "description": (
                    "Expression: the rupiah total the units share (instead of `per_unit`)."
                ),
                "type": "string",
            },
            "units": {
                "description": (
                    "Expression: the number of units (the amount is the excess × units)."
                ),
                "type": "string",
            },
            "rate_field": {
                "description": "Table field holding the rate in rupiah.",
                "default": "rate",
                "type": "string",
            },
            "tolerance": {
                "description": "Rupiah above the rate still accepted (number or parameter).",
                "default": 0,
                "type": ["number", "string"],
            },
            "when": {
                "description": "Expression; only rows where it holds are checked.",
                "type": "string",
            },
            "absent_blank": ABSENT_BLANK_OPTION,
            "unmatched": {
                "description": (
                    "`error`: no row finds a rate → the rule is an error; `notice`: each row "
                    "without a rate is an input problem of its sheet, never guessed."
                ),
                "default": "error",
                "enum": ["error", "notice"],
            },
            "notice_column": {
                "description": "Column whose value and cell a notice names (default: first match).",
                "type": "string",
            },
            "label_field": {
                "description": "Table field naming the matched entry in messages.",
                "default": "label",
                "type": "string",
            },
        },
    },
    run,
    __doc__ or "",
)
