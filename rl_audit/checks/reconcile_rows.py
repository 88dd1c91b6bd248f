"""Row mode of `reconcile` (ANG-03): comparisons on each row of each document.

`rows` is a list of comparisons, tried in order on each data row of the rule's kind (and,
with `subtotals: true`, the documents' subtotal rows): either a `tree` comparison —
`{label, tree: anggaran, tolerance, unless}`, each subtotal against the leaves of its
block along the code tree, reported at the deepest failing node
(`rl_audit.checks.subtotals`); a document whose tree is malformed is skipped (the ingest
stage reports it once), and so is one filling a column named in `unless` (a subtotal's
`sisa` is then checked on its own row as anggaran − realisasi: summing it again would
report one wrong line twice) — or a
value comparison `{label, left: {value, when}, right: {value, when}, tolerance, amount,
sign, column}`. `sign: sheet` accepts the right side with either sign, the one most rows of
the document follow (a `sisa` or `selisih` column written as budget − spent or as
spent − budget), consistently per document. `column` names the cell a finding points at
(a tree comparison: its own column).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, hits, no_hits
from rl_audit.checks.exprscope import condition, money_columns, value
from rl_audit.checks.reconcile_tree import say, tree_hits
from rl_audit.checks.sides import data_rows, named_columns
from rl_audit.checks.subtotals import sheet_top
from rl_audit.documents import ROLE, RowRole
from rl_audit.ingest.codetree import doc_tree

Part = tuple[pd.DataFrame, pd.DataFrame]  # (the document's whole frame, its compared rows)


def _parts(ci: CheckInput) -> list[Part]:
    """Per document: its whole frame and the rows compared (with `_doc` and `_idx`)."""
    docs = ci.docs.get(ci.kind) if ci.options.get("subtotals") else None
    if not docs:
        frame = data_rows(ci.frame(ci.kind))
        return [(p.set_index("_idx", drop=False), p) for _, p in frame.groupby("_doc", sort=False)]
    keep = (RowRole.DATA.value, RowRole.SUBTOTAL.value)
    parts = [(d.frame, d.frame[d.frame[ROLE].isin(keep)]) for d in docs]
    return [(whole, rows.assign(_doc=i, _idx=rows.index)) for i, (whole, rows) in enumerate(parts)]


def _tolerance(ci: CheckInput, spec: dict[str, Any]) -> float:
    tolerance = ci.params.get(spec.get("tolerance", 0), spec.get("tolerance", 0))
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise CheckError(f"rows tolerance: bukan angka / not a number: {tolerance!r}")
    return float(tolerance)


def _floats(ci: CheckInput, frame: pd.DataFrame, spec: dict[str, Any]) -> pd.Series:
    """A row comparison side as floats (NaN where blank, infinite or `when` fails)."""
    got = pd.Series(value(ci, ci.kind, str(spec["value"]), frame), index=frame.index)
    out = pd.to_numeric(got, errors="coerce").astype("float64")
    if spec.get("when"):
        out = out.where(condition(ci, ci.kind, spec["when"], frame))
    return out.where(np.isfinite(out))


def _signed(left: pd.Series, right: pd.Series, tolerance: float) -> pd.Series:
    """`right`, or −`right` where more rows of the document follow that sign."""
    plus = ((left - right).abs().round(6) <= tolerance).sum()
    minus = ((left + right).abs().round(6) <= tolerance).sum()
    return -right if minus > plus else right


def _result(
    ci: CheckInput, frame: pd.DataFrame, found: pd.Series, sides: list[pd.Series], scale: int
) -> pd.DataFrame:
    """Hits of the `found` rows with the row's own values.

    `sides` are left, right, difference and amount, turned into sen with `scale` (100
    for sides in rupiah, 1 for sides already in sen).
    """
    left, right, diff, amount = (((s * scale).round()) for s in sides)
    own = {c: frame[c] for c in frame.columns if c not in ("_doc", "_idx", ROLE)}
    sen = {"_left": left, "_right": right, "_difference": diff}
    typed = {k: v.astype("Int64") for k, v in sen.items()}
    return hits(frame, ci.kind, found, amount, **own, **typed)


def _compare(
    ci: CheckInput, frame: pd.DataFrame, spec: dict[str, Any], free: pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    """Hits of one value comparison on the `free` rows of one document, and judged rows."""
    left, right, amount = spec["left"], spec["right"], spec.get("amount")
    texts = (left["value"], right["value"], left.get("when"), right.get("when"), amount)
    if named_columns(ci.kind, *texts) - set(frame.columns):
        return no_hits(), free & False
    tolerance = _tolerance(ci, spec)
    lval, rval = _floats(ci, frame, left), _floats(ci, frame, right)
    if spec.get("sign") == "sheet":
        rval = _signed(lval, rval, tolerance)
    diff = lval - rval
    found = (diff.abs().round(6) > tolerance) & free  # float noise is not a difference
    free[found] = False  # a row is reported for its first failing comparison only
    money = _floats(ci, frame, {"value": amount}).abs() if amount else diff.abs()
    out = _result(ci, frame, found, [lval, rval, diff, money], 100)
    return out.assign(_label=spec.get("label", ""), _column=spec.get("column")), diff.notna()


def _covered(whole: pd.DataFrame, spec: dict[str, Any]) -> bool:
    """A tree comparison is `unless` a column the document fills (its row checks cover it)."""
    names = spec.get("unless") or []
    names = [names] if isinstance(names, str) else names
    return any(c in whole.columns and whole[c].notna().any() for c in names)


def _document(ci: CheckInput, part: Part) -> tuple[list[pd.DataFrame], int]:
    """One document's hits (amounts capped at its top total) and how many rows were judged.

    Value comparisons first; then the tree comparisons, whose hits replace the value
    findings of the rows they name (one wrong number, one finding).
    """
    whole, frame = part
    tree, trouble = doc_tree(whole) if "kode_rekening" in whole.columns else (None, None)
    sound = tree if trouble is None else None
    free, judged = pd.Series(True, index=frame.index), pd.Series(False, index=frame.index)
    values, trees = [], []
    for spec in ci.options["rows"]:
        if "tree" not in spec:
            got, seen = _compare(ci, frame, spec, free)
            values.append(got)
            judged |= seen.reindex(frame.index, fill_value=False).fillna(False).astype(bool)
        elif sound is not None and str(spec["tree"]) in whole and not _covered(whole, spec):
            trees.append((spec, _tolerance(ci, spec) * 100))
    found = pd.concat([v for v in values if not v.empty] or [no_hits()], ignore_index=True)
    out = [found]
    if trees and sound is not None:
        named, taken, seen = tree_hits(ci, part, sound, trees, found)
        out = [named, found[~found["_idx"].isin(taken)]]
        judged |= seen
    top = sheet_top(whole, tree, sorted(money_columns(ci.kind))) if tree is not None else None
    if top is not None:
        out = [p.assign(_amount=p["_amount"].clip(upper=int(top))) for p in out if not p.empty]
    return [p for p in out if not p.empty], int(judged.sum())


def _numbered(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The hits of every part, one `_group` per finding across all parts."""
    out, start = [], 0
    for part in parts:
        local = pd.factorize(part["_group"])[0] if "_group" in part else np.arange(len(part))
        out.append(part.assign(_group=local + start))
        start += int(local.max(initial=-1)) + 1
    return pd.concat(out, ignore_index=True) if out else no_hits()


def run_rows(ci: CheckInput) -> pd.DataFrame:
    """Row mode: a hit per row failing a comparison, the first one that fails."""
    parts, evaluated = [], 0
    for part in _parts(ci):
        found, judged = _document(ci, part)
        parts += found
        evaluated += judged
    out = say(ci, _numbered(parts))
    out.attrs["evaluated"] = evaluated
    return out
