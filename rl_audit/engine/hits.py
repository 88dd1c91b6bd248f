"""Turn a check's hits into frozen `Finding`s: locations, amount, wording, fingerprint.

Everything per row is computed on whole columns first (source values, cells,
amounts, business keys); only the final assembly of each Finding is per finding.
"""

from __future__ import annotations

import hashlib
from collections import ChainMap
from numbers import Real
from typing import Any

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import MONEY_EXTRAS, CheckError, CheckInput
from rl_audit.checks.exprscope import to_sen, value
from rl_audit.documents import ROW, Document, OpdRef
from rl_audit.expr.parse import ExprError, names, parse
from rl_audit.findings import Finding, Location, Severity
from rl_audit.messages import fill
from rl_audit.ruleset.load import Rule
from rl_audit.ruleset.schema import EXPRESSION_OPTIONS

_INTERNAL = {
    "_doc",
    "_idx",
    "_kind",
    "_group",
    "_role",
    "_row",
    "_file",
    "_sheet",
    "_cell",
    "_bkey",
    "_sen",
    "_column",
}


def default_column(rule: Rule, kind: str) -> str | None:
    """The column whose cell a finding points at: `column:` or the first one the check uses."""
    if rule.column:
        return rule.column
    columns = load_kinds()[kind].columns
    for key, option in rule.check.items():
        candidates: list[Any] = (
            [option] if isinstance(option, str) else (option if isinstance(option, list) else [])
        )
        if key in EXPRESSION_OPTIONS and isinstance(option, str):
            try:
                candidates = sorted(names(parse(option)))
            except ExprError:
                candidates = []
        for name in candidates:
            if isinstance(name, str) and name in columns:
                return name
    return None


def _business_key(frame: pd.DataFrame, kind: str) -> pd.Series:
    """Per row: the canonical values as text (no row numbers) — the fingerprint's input."""
    cols = sorted(c for c in load_kinds()[kind].columns if c in frame.columns)
    key = pd.Series("", index=frame.index, dtype="object")
    for col in cols:
        text = frame[col].astype("string")
        key = key + (col + "=" + text).fillna("") + "|"
    return key


def _prepare(rule: Rule, part: pd.DataFrame, kind: str, ci: CheckInput) -> pd.DataFrame:
    """Hits of one kind joined with their source rows, plus file/sheet/cell/amount/key."""
    frame = ci.frames[kind].drop(columns=["_role"], errors="ignore")
    extra = [c for c in frame.columns if c in part.columns and c not in ("_doc", "_idx")]
    rows = part.merge(frame.drop(columns=extra), on=["_doc", "_idx"], how="left")
    docs = ci.docs[kind]
    column = default_column(rule, kind)
    rows["_file"] = rows["_doc"].map(pd.Series([d.file for d in docs]))
    rows["_sheet"] = rows["_doc"].map(pd.Series([d.sheet for d in docs]))
    letter = _letters(rows, docs, column)
    rows["_cell"] = (letter + rows[ROW].astype("Int64").astype("string")).where(letter.notna())
    if rule.amount:
        rows["_sen"] = to_sen(value(ci, kind, rule.amount, rows), rows.index)
    else:
        rows["_sen"] = rows.get("_amount", pd.NA)
    rows["_bkey"] = _business_key(rows, kind)
    rows.attrs["column"] = column
    return rows


def _letters(rows: pd.DataFrame, docs: list[Document], column: str | None) -> pd.Series:
    """Per hit: the column letter of its cell.

    The hit's own `_column` names the wrong number of its row (ANG-03: the subtotal's
    cell); without one, the rule's column.
    """
    own = rows["_column"] if "_column" in rows else pd.Series(pd.NA, index=rows.index)
    rows["_column"] = own.astype("string").where(own.notna(), column)
    pairs = [(i, name, letter) for i, d in enumerate(docs) for name, letter in d.columns.items()]
    table = pd.DataFrame(pairs, columns=["_doc", "_column", "_letter"])
    table = table.astype({"_doc": rows["_doc"].dtype, "_column": "string"})
    found = rows[["_doc", "_column"]].merge(table, on=["_doc", "_column"], how="left")
    return pd.Series(found["_letter"].to_numpy(), index=rows.index).astype("string")


def _money_names(ci: CheckInput) -> set[str]:
    kinds = load_kinds()
    money = {c.name for k in ci.frames for c in kinds[k].columns.values() if c.type == "money"}
    return money | {m.lstrip("_") for m in MONEY_EXTRAS}


def _context(
    first: dict[str, Any],
    params: dict[str, Any],
    money: set[str],
    count: int,
    rows: list[int],
    amount: int | None,
) -> ChainMap[str, Any]:
    """Placeholder values: the first row (money in rupiah), then run values, then params."""
    own: dict[str, Any] = {}
    for key, val in first.items():
        if key in _INTERNAL:
            continue
        name = key.lstrip("_")
        if name in money and isinstance(val, Real) and not isinstance(val, bool) and val == val:
            val = val / 100
        own[name] = val
    own.setdefault("count", count)
    own["amount"] = None if amount is None else amount / 100
    own["rows"] = ", ".join(str(r) for r in rows)
    return ChainMap(own, params)


def _first_amount(values: list[Any]) -> int | None:
    for v in values:
        if v is not None and v is not pd.NA and not (isinstance(v, float) and v != v):
            return int(v)
    return None


def _fingerprint(rule: Rule, opd: OpdRef, keys: list[str]) -> str:
    text = "\n".join([opd.code, rule.id, *sorted(keys)])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _severity(rule: Rule, records: list[dict[str, Any]]) -> Severity:
    for rec in records:
        sev = rec.get("_severity")
        if isinstance(sev, str) and sev:
            return Severity(sev)
    return Severity(rule.severity)


def _text(texts: dict[str, str], lang: str, ctx: ChainMap[str, Any]) -> str:
    """The wording filled in; a placeholder that cannot be shown makes the rule `error`."""
    try:
        return fill(texts.get(lang) or texts.get("id", ""), ctx)
    except ValueError as err:
        raise CheckError(str(err)) from err


def _finding(
    rule: Rule,
    opd: OpdRef,
    kind: str,
    column: str | None,
    records: list[dict[str, Any]],
    ctx_base: tuple[dict[str, Any], set[str]],
    lang: str,
) -> Finding:
    params, money = ctx_base
    rows = [int(r[ROW]) for r in records if r.get(ROW) is not None and r[ROW] == r[ROW]]
    amount = _first_amount([r.get("_sen") for r in records])
    ctx = _context(records[0], params, money, len(records), rows, amount)
    locations = tuple(
        Location(
            r["_file"],
            r["_sheet"],
            int(r[ROW]) if r.get(ROW) == r.get(ROW) else None,
            r["_column"] if isinstance(r.get("_column"), str) else column,
            r["_cell"] if isinstance(r.get("_cell"), str) else None,
        )
        for r in records
    )
    return Finding(
        rule.id,
        rule.bpk_code,
        _severity(rule, records),
        opd,
        kind,
        _text(rule.title, lang, ctx),
        _text(rule.message, lang, ctx),
        amount,
        locations,
        _fingerprint(rule, opd, [r["_bkey"] for r in records]),
        _text(rule.remediation, lang, ctx),
        keys=_key_values([r["_bkey"] for r in records]),
    )


def _key_values(keys: list[str]) -> tuple[str, ...]:
    """The distinct business values of a finding's rows (what a waiver's `key` matches)."""
    values = {part.partition("=")[2] for key in keys for part in key.split("|")}
    return tuple(sorted(v for v in values if v))


def findings_from_hits(
    rule: Rule, hits: pd.DataFrame, ci: CheckInput, opd: OpdRef, lang: str
) -> list[Finding]:
    """One Finding per hit group, wording rendered once in `lang`."""
    if hits is None or hits.empty:
        return []
    params = {k: v for k, v in ci.params.items() if not isinstance(v, list | dict)}
    base = (params, _money_names(ci))
    out: list[Finding] = []
    for kind, part in hits.groupby("_kind", sort=False):
        rows = _prepare(rule, part.reset_index(drop=True), str(kind), ci)
        records = rows.to_dict("records")
        groups: dict[Any, list[dict[str, Any]]] = {}
        for rec in records:
            groups.setdefault(rec["_group"], []).append(rec)
        out += [
            _finding(rule, opd, str(kind), rows.attrs["column"], recs, base, lang)
            for recs in groups.values()
        ]
    return out
