"""Which number a subtotal mismatch names (ANG-03): the side the rest of the sheet supports.

A subtotal that is not the sum of its rows (`rl_audit.checks.subtotals`, deepest failing
node) is one wrong number somewhere in its block. It is attributed, per reported node:

- `cell`: exactly one child's own row checks fail (sisa ≠ anggaran − realisasi, persen …)
  by the subtotal's difference: that child's cell in the subtotal's column is the wrong
  number (its row's other finding is the same error, not reported again);
- `lines`: else, when the subtotal's printed value agrees with the rows above it (its
  parent adds up with it, or — for a root — the total row closing its block states the
  same), its lines are the faulty block: every child row is named, the subtotal is right;
- `subtotal`: else the subtotal itself (it disagrees with its lines and with its parent).

Amounts and sides are in sen; `left` is the number named, `right` what the sheet's other
figures say it should be, so `left − right` is the difference once per error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rl_audit.checks.subtotals import Gaps
from rl_audit.ingest.codetree import Tree


@dataclass(frozen=True)
class Blame:
    """One attributed mismatch: its case, the subtotal's position, the rows named, sides."""

    case: str  # "cell", "lines" or "subtotal"
    node: int
    rows: tuple[int, ...]
    left: float
    right: float


def _printed(tree: Tree, values: np.ndarray, leaves: np.ndarray) -> np.ndarray:
    """Per row: the value as printed; a blank subtotal its leaves, a blank leaf 0."""
    return np.where(np.isnan(values), np.where(tree.leaf, 0.0, leaves), values)


def upheld(
    tree: Tree, values: np.ndarray, leaves: np.ndarray, totals: np.ndarray, tolerance: float
) -> np.ndarray:
    """Per node: its printed value agrees with the rows above it.

    Its parent's printed value is the sum of the parent's children as printed, or (a
    root) the total row ending its block (`totals`: the column on total rows, NaN
    elsewhere) states the same value.
    """
    printed = _printed(tree, values, leaves)
    kids = np.flatnonzero(tree.node & (tree.parent >= 0))
    direct = np.zeros(len(values))
    np.add.at(direct, tree.parent[kids], printed[kids])
    up = np.maximum(tree.parent, 0)
    near = np.round(np.abs(values[up] - direct[up]), 6) <= tolerance
    by_parent = (tree.parent >= 0) & ~np.isnan(values[up]) & near
    closing = np.r_[totals, np.nan][tree.end]
    by_total = (tree.parent < 0) & (np.round(np.abs(closing - values), 6) <= tolerance)
    return by_parent | by_total


def _culprit(
    kids: np.ndarray, values: np.ndarray, row_err: np.ndarray, error: float, tolerance: float
) -> int | None:
    """The one child whose own row error is the subtotal's difference, if exactly one."""
    fits = ~np.isnan(row_err[kids]) & ~np.isnan(values[kids])
    fits &= np.round(np.abs(row_err[kids] - abs(error)), 6) <= tolerance
    return int(kids[fits][0]) if fits.sum() == 1 else None


def attribute(
    tree: Tree,
    gaps: Gaps,
    row_err: np.ndarray,
    consistent: np.ndarray,
    tolerance: float,
) -> list[Blame]:
    """The attribution of every reported node of one column (a loop over those nodes only).

    `row_err`: per row, the amount (sen) of its own failing row check, NaN where it
    passes or a row is already named; `consistent`: `upheld` of the column.
    """
    out = []
    for node in np.flatnonzero(gaps.reported):
        error, printed = float(gaps.difference[node]), float(gaps.left[node])
        kids = np.flatnonzero(tree.parent == node)
        child = _culprit(kids, gaps.left, row_err, error, tolerance)
        if child is not None:
            value = float(gaps.left[child])
            out.append(Blame("cell", int(node), (child,), value, value + error))
        elif consistent[node] and len(kids):
            rows = tuple(int(k) for k in kids)
            out.append(Blame("lines", int(node), rows, printed - error, printed))
        else:
            out.append(Blame("subtotal", int(node), (int(node),), printed, printed - error))
    return out
