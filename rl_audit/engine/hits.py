"""Turn a check's hits into frozen `Finding`s: locations, amount, wording values, fingerprint.

Everything per row is computed on whole columns first (source values, cells,
amounts, business keys); only the final assembly of each Finding is per finding.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from numbers import Real
from operator import itemgetter
from typing import Any

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import MONEY_EXTRAS, CheckError, CheckInput
from rl_audit.checks.exprscope import to_sen, value
from rl_audit.documents import ROW, Document, OpdRef
from rl_audit.expr.parse import ExprError, names, parse
from rl_audit.findings import Finding, Location, Severity
from rl_audit.ruleset.load import Rule
from rl_audit.ruleset.schema import EXPRESSION_OPTIONS
from rl_audit.wording import Pairs, Wording, finding_texts, pairs, plain, texts

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


def _plain_column(column: pd.Series, money: bool) -> list[Any]:
    """A column as plain Python values (missing → None), money in rupiah, in one pass."""
    if column.dtype == object:
        return [plain(_rupiah(v) if money else v) for v in column.tolist()]
    if money and pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        column = column / 100
    values = column.astype(object).where(column.notna(), None).tolist()
    typed = column.dtype.kind in "biufM" or pd.api.types.is_string_dtype(column)
    return values if typed else [plain(v) for v in values]  # typed: already plain


def _rupiah(val: Any) -> Any:
    """A money value in sen as rupiah (other values as they are)."""
    if isinstance(val, Real) and not isinstance(val, bool) and val == val:
        return val / 100
    return val


class _Columns:
    """One kind's hits as Python lists: placeholder values and what locations need."""

    def __init__(self, rows: pd.DataFrame, money: set[str]) -> None:
        names = [(c, c.lstrip("_")) for c in rows.columns if c not in _INTERNAL]
        self.names = [name for _, name in names]
        self.values = [_plain_column(rows[c], name in money) for c, name in names]
        found = _plain_column(rows[ROW], False) if ROW in rows else [None] * len(rows)
        self.row: list[int | None] = [None if r is None else int(r) for r in found]
        self.text = {c: rows[c].astype(object).tolist() for c in _ROW_TEXT}
        self.sen = _plain_column(rows["_sen"], False)
        self.severity = rows["_severity"].tolist() if "_severity" in rows else None
        self.records = list(zip(*self.values, strict=True)) if names else [()] * len(rows)
        self.keys, self.pick = _layout(self.names)

    def rows_text(self, members: list[int]) -> str:
        """The row numbers of a hit group, as a placeholder shows them (`12, 14`)."""
        if len(members) == 1:
            row = self.row[members[0]]
            return "" if row is None else str(row)
        return ", ".join(str(r) for r in (self.row[i] for i in members) if r is not None)

    def context(self, members: list[int], amount: int | None) -> Pairs:
        """Placeholder values: the first row's (money in rupiah), count, amount, rows."""
        rupiah = None if amount is None else amount / 100
        record = (*self.records[members[0]], len(members), rupiah, self.rows_text(members))
        return tuple(zip(self.keys, self.pick(record), strict=True))

    def check(self, shared: Wording, groups: list[list[int]], found: list[Finding]) -> None:
        """`Wording.check_columns` on the findings' values, column by column (first rows)."""
        probes = shared.probes
        firsts = [g[0] for g in groups]
        columns: dict[str, Any] = {
            name: [col[i] for i in firsts] if name in probes else ()
            for name, col in zip(self.names, self.values, strict=True)
        }
        if "count" not in columns:
            columns["count"] = [len(g) for g in groups] if "count" in probes else ()
        columns["amount"] = [f.amount for f in found] if "amount" in probes else ()
        columns["rows"] = [self.rows_text(g) for g in groups] if "rows" in probes else ()
        try:
            shared.check_columns(columns)
        except ValueError as err:
            raise CheckError(str(err)) from err


def _layout(names: list[str]) -> tuple[tuple[str, ...], Callable[[tuple[Any, ...]], Any]]:
    """The placeholder names of a hit's values, in order, and how to pick them from a row.

    The row is the columns' values then count, amount and rows: a column named like
    one of these gives `count` but not `amount`/`rows`; of two columns with one name
    the later gives the value (as `dict(zip(names, row))` plus those three would).
    """
    where: dict[str, int] = {}
    for i, name in enumerate(names):
        where[name] = i
    where.setdefault("count", len(names))
    where["amount"], where["rows"] = len(names) + 1, len(names) + 2
    return tuple(where), itemgetter(*where.values())


_ROW_TEXT = ("_file", "_sheet", "_column", "_cell", "_bkey")


def _first_amount(values: list[Any]) -> int | None:
    for v in values:
        if v is not None:
            return int(v)
    return None


def _fingerprint(rule: Rule, opd: OpdRef, keys: list[str]) -> str:
    text = "\n".join([opd.code, rule.id, *sorted(keys)])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _severity(rule: Rule, given: list[Any] | None, members: list[int]) -> Severity:
    for sev in () if given is None else (given[i] for i in members):
        if isinstance(sev, str) and sev:
            return Severity(sev)
    return Severity(rule.severity)


def wording(rule: Rule, params: dict[str, Any]) -> Wording:
    """The rule's templates and the run's parameters, shared by all its findings."""
    run = pairs({k: plain(v) for k, v in params.items()})
    title, message = texts(rule.title.items()), texts(rule.message.items())
    remedy = texts(rule.remediation.items())
    return Wording(rule.id, title, message, remedy, run, **finding_texts(rule))


def _finding(
    rule: Rule,
    opd: OpdRef,
    kind: str,
    where: tuple[str | None, _Columns, Wording],
    members: list[int],
) -> Finding:
    """One hit group's Finding: its rows' locations and keys, its first row's values."""
    column, cols, shared = where
    amount = _first_amount([cols.sen[i] for i in members])
    file, sheet, named, cell, bkey = (cols.text[c] for c in _ROW_TEXT)
    locations = tuple(
        Location(
            file[i],
            sheet[i],
            cols.row[i],
            named[i] if isinstance(named[i], str) else column,
            cell[i] if isinstance(cell[i], str) else None,
        )
        for i in members
    )
    keys = [bkey[i] for i in members]
    return Finding(
        rule.id, rule.bpk_code, _severity(rule, cols.severity, members), opd, kind, "", "",
        amount, locations, _fingerprint(rule, opd, keys), keys=_key_values(keys),
        wording=shared, values=cols.context(members, amount),
    )  # fmt: skip


def _groups(group: pd.Series) -> list[list[int]]:
    """Row positions of each hit group, groups in order of first appearance."""
    codes = pd.factorize(group, sort=False, use_na_sentinel=False)[0]
    members: list[list[int]] = [[] for _ in range(int(codes.max()) + 1 if len(codes) else 0)]
    for i, code in enumerate(codes.tolist()):
        members[code].append(i)
    return members


_KEY_VALUE = re.compile(r"[^|=]*=([^|]*)")


def _key_values(keys: list[str]) -> tuple[str, ...]:
    """The distinct business values of a finding's rows (what a waiver's `key` matches).

    A business key is `name=value|…`; a part without `=` gives nothing.
    """
    if len(keys) == 1:
        return tuple(sorted(set(_KEY_VALUE.findall(keys[0])) - {""}))
    values = {v for key in keys for v in _KEY_VALUE.findall(key)}
    return tuple(sorted(values - {""}))


def findings_from_hits(
    rule: Rule, hits: pd.DataFrame, ci: CheckInput, opd: OpdRef
) -> list[Finding]:
    """One Finding per hit group, keeping the rule's (shared) wording and the hit's values.

    Everything per row is taken from whole columns once; only the assembly is per finding.
    """
    if hits is None or hits.empty:
        return []
    params = {k: v for k, v in ci.params.items() if not isinstance(v, list | dict)}
    shared, money = wording(rule, params), _money_names(ci)
    out: list[Finding] = []
    for kind, part in hits.groupby("_kind", sort=False):
        rows = _prepare(rule, part.reset_index(drop=True), str(kind), ci)
        cols, groups = _Columns(rows, money), _groups(rows["_group"])
        where = (rows.attrs["column"], cols, shared)
        found = [_finding(rule, opd, str(kind), where, g) for g in groups]
        if found:
            cols.check(shared, groups, found)
        out += found
    return out
