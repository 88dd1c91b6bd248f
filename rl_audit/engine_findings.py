"""Turn a check's hits into frozen `Finding`s: locations, amount, wording, fingerprint."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckInput
from rl_audit.checks.exprscope import to_sen, value
from rl_audit.documents import ROW, Document, OpdRef
from rl_audit.expr import ExprError, names, parse
from rl_audit.findings import Finding, Location, Severity
from rl_audit.ingest.kinds import load_kinds
from rl_audit.messages import fill
from rl_audit.ruleschema import EXPRESSION_OPTIONS
from rl_audit.ruleset import Rule

_INTERNAL = {"_doc", "_idx", "_kind", "_group", "_role", "_row"}


def default_column(rule: Rule, kind: str) -> str | None:
    """The column whose cell a finding points at: `column:` or the first one the check uses."""
    if rule.column:
        return rule.column
    columns = load_kinds()[kind].columns
    for key, option in rule.check.items():
        candidates = (
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


def _joined(hits: pd.DataFrame, ci: CheckInput) -> pd.DataFrame:
    """Hits with the values of their source rows (one merge per kind, vectorised)."""
    parts = []
    for kind, part in hits.groupby("_kind", sort=False):
        frame = ci.frames[str(kind)].drop(columns=["_role"], errors="ignore")
        extra = [c for c in frame.columns if c in part.columns and c not in ("_doc", "_idx")]
        merged = part.merge(frame.drop(columns=extra), on=["_doc", "_idx"], how="left")
        parts.append(merged)
    return pd.concat(parts, ignore_index=True)


def _location(row: pd.Series, ci: CheckInput, column: str | None) -> Location:
    doc: Document = ci.docs[str(row["_kind"])][int(row["_doc"])]
    excel_row = int(row[ROW]) if pd.notna(row.get(ROW)) else None
    letter = doc.columns.get(column) if column else None
    cell = f"{letter}{excel_row}" if letter and excel_row else None
    return Location(doc.file, doc.sheet, excel_row, column, cell)


def _amount(rule: Rule, group: pd.DataFrame, ci: CheckInput) -> int | None:
    if rule.amount:
        kind = str(group["_kind"].iloc[0])
        sen = to_sen(value(ci, kind, rule.amount, group.head(1)), group.head(1).index)
        first = sen.iloc[0]
    else:
        present = group["_amount"].dropna() if "_amount" in group else pd.Series(dtype="Int64")
        first = present.iloc[0] if len(present) else None
    return None if first is None or pd.isna(first) else int(first)


def _context(group: pd.DataFrame, ci: CheckInput, amount: int | None) -> dict[str, Any]:
    first = group.iloc[0]
    ctx: dict[str, Any] = {k: v for k, v in ci.params.items() if not isinstance(v, list | dict)}
    for key, val in first.items():
        name = str(key)
        if name not in _INTERNAL:
            ctx[name.lstrip("_")] = val
    money = {
        c.name for k in ci.frames for c in load_kinds()[k].columns.values() if c.type == "money"
    }
    for name in money & set(ctx):
        if ctx[name] is not None and not pd.isna(ctx[name]):
            ctx[name] = ctx[name] / 100
    ctx.update(
        amount=None if amount is None else amount / 100,
        count=len(group),
        rows=", ".join(str(int(r)) for r in group[ROW].dropna()),
    )
    return ctx


def _fingerprint(rule: Rule, opd: OpdRef, group: pd.DataFrame, ci: CheckInput) -> str:
    kinds = load_kinds()
    parts = [opd.code, rule.id]
    for _, row in group.iterrows():
        cols = sorted(c for c in kinds[str(row["_kind"])].columns if c in row.index)
        parts.append("|".join(f"{c}={row[c]}" for c in cols if pd.notna(row[c])))
    return hashlib.sha256("\n".join(sorted(parts[2:]) + parts[:2]).encode()).hexdigest()[:20]


def _severity(rule: Rule, group: pd.DataFrame) -> Severity:
    if "_severity" in group and group["_severity"].notna().any():
        return Severity(str(group["_severity"].dropna().iloc[0]))
    return Severity(rule.severity)


def _text(texts: dict[str, str], lang: str, ctx: dict[str, Any]) -> str:
    return fill(texts.get(lang) or texts.get("id", ""), ctx)


def findings_from_hits(
    rule: Rule, hits: pd.DataFrame, ci: CheckInput, opd: OpdRef, lang: str
) -> list[Finding]:
    """One Finding per hit group, wording rendered once in `lang`."""
    if hits is None or hits.empty:
        return []
    joined = _joined(hits, ci)
    out = []
    for _, group in joined.groupby("_group", sort=False):
        kind = str(group["_kind"].iloc[0])
        column = default_column(rule, kind)
        amount = _amount(rule, group, ci)
        ctx = _context(group, ci, amount)
        locations = tuple(_location(r, ci, column) for _, r in group.iterrows())
        doc = ci.docs[kind][int(group["_doc"].iloc[0])]
        out.append(
            Finding(
                rule.id,
                rule.bpk_code,
                _severity(rule, group),
                opd,
                doc.kind,
                _text(rule.title, lang, ctx),
                _text(rule.message, lang, ctx),
                amount,
                locations,
                _fingerprint(rule, opd, group, ci),
                _text(rule.remediation, lang, ctx),
            )
        )
    return out
