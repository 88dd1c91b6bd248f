"""Tree comparisons of `reconcile` row mode (ANG-03): subtotal mismatches as hits.

Each `tree` comparison finds the subtotals that are not the sum of their rows
(`rl_audit.checks.subtotals`) and names the number the rest of the sheet says is wrong
(`rl_audit.checks.subtotal_blame`): a child's cell, the child rows as a block (one hit
group, a hit per child row), or the subtotal. The rows' own value comparisons come in
as `found` (their amount per row says whether one child's error explains a subtotal).

`wording` (check option) fills each hit's `_says_id` / `_says_en`: `{row: {id, en},
lines: {id, en}}`, templates over `{label}`, `{left}` and `{right}` (sides in rupiah,
or the row's unit), `row` for a number named on its own row, `lines` for a block of
child rows (then `{label}` is the column). `_account` is the code of the row the
finding speaks of (the subtotal for `lines`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckInput, hits, no_hits
from rl_audit.checks.subtotal_blame import Blame, attribute, upheld
from rl_audit.checks.subtotals import leaf_sums, subtotal_gaps
from rl_audit.documents import ROLE, RowRole
from rl_audit.ingest.codetree import Tree
from rl_audit.messages import fill

Part = tuple[pd.DataFrame, pd.DataFrame]  # (the document's whole frame, its compared rows)


def _row_errors(whole: pd.DataFrame, found: pd.DataFrame) -> np.ndarray:
    """Per row position of `whole`: the amount (sen) of its failing value comparison."""
    err = np.full(len(whole), np.nan)
    if not found.empty:
        at = whole.index.get_indexer(found["_idx"])
        err[at[at >= 0]] = pd.to_numeric(found["_amount"]).to_numpy(dtype=float)[at >= 0]
    return err


def _blames(
    whole: pd.DataFrame, tree: Tree, column: str, err: np.ndarray, tolerance: float
) -> tuple[list[Blame], np.ndarray]:
    """The attributed mismatches of one column and which rows it judged."""
    gaps = subtotal_gaps(tree, whole[column].reset_index(drop=True), tolerance)
    role = whole[ROLE].to_numpy() if ROLE in whole else np.full(len(whole), "")
    totals = np.where(role == RowRole.TOTAL.value, gaps.left, np.nan)
    leaves = leaf_sums(tree, gaps.left)[0]
    consistent = upheld(tree, gaps.left, leaves, totals, tolerance)
    return attribute(tree, gaps, err, consistent, tolerance), ~np.isnan(gaps.difference)


def _records(
    whole: pd.DataFrame, spec: dict[str, Any], blames: list[Blame], first: int
) -> pd.DataFrame:
    """One record per named row: position, group, label, sides and the account spoken of."""
    column, codes = str(spec["tree"]), whole["kode_rekening"].astype("string")
    out = []
    for group, b in enumerate(blames, start=first):
        label = spec.get("label", "") if b.case == "subtotal" else column
        account = codes.iloc[b.node] if b.case == "lines" else codes.iloc[b.rows[0]]
        out += [(whole.index[r], group, label, b.case, b.left, b.right, account) for r in b.rows]
    names = ["_idx", "_group", "_label", "_case", "_left", "_right", "_account"]
    return pd.DataFrame(out, columns=names).assign(_column=column)


def _hits(ci: CheckInput, frame: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Hits of the named rows (each row's own values, sides in sen)."""
    table = table[table["_idx"].isin(frame["_idx"])]
    if table.empty:
        return no_hits()
    rows = frame.set_index("_idx", drop=False).loc[table["_idx"]].reset_index(drop=True)
    table = table.reset_index(drop=True)
    diff = table["_left"] - table["_right"]
    sides = {c: table[c].round().astype("Int64") for c in ("_left", "_right")}
    own = {c: rows[c] for c in rows.columns if c not in ("_doc", "_idx", ROLE)}
    extra = {c: table[c] for c in ("_label", "_case", "_account", "_column")}
    return hits(
        rows, ci.kind, None, diff.abs().round(), table["_group"], **own, **extra, **sides,
        _difference=diff.round().astype("Int64"),
    )  # fmt: skip


def tree_hits(
    ci: CheckInput, part: Part, tree: Tree, specs: list[tuple[dict[str, Any], float]],
    found: pd.DataFrame,
) -> tuple[pd.DataFrame, set[Any], pd.Series]:  # fmt: skip
    """Hits of the tree comparisons (`(spec, tolerance in sen)`) and what they cover.

    Also the `_idx` of the rows whose own findings they replace and which compared rows
    were judged.
    """
    whole, frame = part
    err, taken = _row_errors(whole, found), set[Any]()
    judged = np.zeros(len(whole), dtype=bool)
    tables: list[pd.DataFrame] = []
    for spec, tolerance in specs:
        free = err.copy()
        free[whole.index.get_indexer(list(taken))] = np.nan
        blames, seen = _blames(whole, tree, str(spec["tree"]), free, tolerance)
        blames = [b for b in blames if not (b.case == "subtotal" and whole.index[b.node] in taken)]
        taken |= {whole.index[b.rows[0]] for b in blames if b.case != "lines"}
        tables.append(_records(whole, spec, blames, _next(tables)))
        judged |= seen
    at = whole.index.get_indexer(frame["_idx"])
    out = _hits(ci, frame, pd.concat(tables, ignore_index=True)) if tables else no_hits()
    return out, taken, pd.Series(judged[at], index=frame.index)


def _next(tables: list[pd.DataFrame]) -> int:
    """The first group number not used by `tables`."""
    used = [int(t["_group"].max()) + 1 for t in tables if not t.empty]
    return max(used, default=0)


def say(ci: CheckInput, out: pd.DataFrame) -> pd.DataFrame:
    """`out` with `_account` (the code spoken of) and `_says_id` / `_says_en`.

    The sayings come from the `wording` option (none without it).
    """
    if out.empty:
        return out
    own = out["kode_rekening"] if "kode_rekening" in out else pd.Series(pd.NA, index=out.index)
    out = out.assign(_account=out["_account"].fillna(own) if "_account" in out else own)
    wording = ci.options.get("wording")
    if not wording:
        return out
    case = out["_case"].fillna("row") if "_case" in out else pd.Series("row", index=out.index)
    left = pd.to_numeric(out["_left"], errors="coerce") / 100
    right = pd.to_numeric(out["_right"], errors="coerce") / 100
    said = {}
    for lang in ("id", "en"):
        said[f"_says_{lang}"] = [
            fill(wording["lines" if c == "lines" else "row"][lang],
                 {"label": lb, "left": le, "right": ri})
            for c, lb, le, ri in zip(case, out["_label"], left, right, strict=True)
        ]  # fmt: skip
    return out.assign(**said)
