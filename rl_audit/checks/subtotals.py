"""Subtotals along the account code tree (ANG-03), reported at the deepest failing node.

A subtotal's difference is its value minus the sum of the leaves of its block (blank
values count as 0; a subtotal whose block has no leaf value, or that is blank itself, is
not judged). A failing subtotal is reported only where its own arithmetic is wrong: a
parent whose difference equals the sum of its children's differences (the children's
errors carried up) is not reported again, so one wrong number yields one finding, not
one per ancestor; a parent wrong on its own as well is reported with only its own part
(its children's reported errors taken as printed), so no money is counted twice. No
amount exceeds the sheet's top total (`sheet_top`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rl_audit.documents import ROLE, RowRole
from rl_audit.ingest.codetree import Tree


@dataclass(frozen=True)
class Gaps:
    """Per row position: reported, the subtotal (left), what it should read, left − right."""

    reported: np.ndarray
    left: np.ndarray
    right: np.ndarray
    difference: np.ndarray


def leaf_sums(tree: Tree, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per node: the sum of the leaf values of its block and how many leaves hold one."""
    pos = np.arange(len(values))
    held = tree.leaf & ~np.isnan(values)
    total = np.r_[0.0, np.cumsum(np.where(held, values, 0.0))]
    count = np.r_[0, np.cumsum(held)]
    return total[tree.end] - total[pos + 1], count[tree.end] - count[pos + 1]


_MAX_SUBSETS = 12  # children with a real difference weighed one by one (2**12 readings)


def _unexplained(diff: float, children: np.ndarray, tolerance: float) -> float:
    """The part of a subtotal's difference that no reading of its children explains.

    Each child with a difference of its own may be right as printed or right as the sum
    of its leaves; the subtotal is explained (0) when one such reading leaves at most
    the children's rounding. Else the smallest remainder, with its sign.
    """
    small = children[np.abs(children) <= tolerance]
    big = children[np.abs(children) > tolerance]
    low, high = small[small < 0].sum() - tolerance, small[small > 0].sum() + tolerance
    if len(big) > _MAX_SUBSETS:
        sums = np.array([0.0, big.sum()])
    else:
        picks = (np.arange(2 ** len(big))[:, None] >> np.arange(len(big))) & 1
        sums = picks @ big
    rest = diff - sums
    if ((rest >= low) & (rest <= high)).any():
        return 0.0
    return float(rest[np.argmin(np.abs(rest))])


def _deepest(tree: Tree, diff: np.ndarray, failing: np.ndarray, tolerance: float) -> np.ndarray:
    """Per node: its own error where that is reported (NaN elsewhere).

    Deepest level first; a failing node whose difference its children's differences
    explain is not reported again. Loops over failing nodes only, not over rows.
    """
    own = np.full(len(diff), np.nan)
    carried = np.where(np.isnan(diff), 0.0, diff)  # what a node's parent sees of it
    order = np.argsort(tree.parent, kind="stable")
    parents = tree.parent[order]
    for level in range(int(tree.level.max(initial=0)), 0, -1):
        at = np.flatnonzero(tree.level == level)
        for node in at[failing[at]]:
            lo, hi = np.searchsorted(parents, [node, node + 1])
            rest = _unexplained(diff[node], carried[order[lo:hi]], tolerance)
            own[node] = rest if round(abs(rest), 6) > tolerance else np.nan
        blank = at[np.isnan(diff[at]) & ~tree.leaf[at]]  # not judged: its children pass up
        kids = np.flatnonzero(np.isin(tree.parent, blank))
        sums = np.zeros(len(diff))
        np.add.at(sums, tree.parent[kids], carried[kids])
        carried[blank] = sums[blank]
    return own


def subtotal_gaps(tree: Tree, values: pd.Series, tolerance: float) -> Gaps:
    """The subtotals of one money column (sen; blank NaN) that are not the sum of their rows.

    `right` is what the subtotal should read: the sum of the leaves of its block, the
    errors already reported below it taken as printed (so no money is counted twice).
    """
    left = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    leaves, count = leaf_sums(tree, left)
    judged = tree.node & ~tree.leaf & ~np.isnan(left) & (count > 0)
    diff = np.where(judged, left - leaves, np.nan)
    failing = judged & (np.round(np.abs(diff), 6) > tolerance)
    own = _deepest(tree, diff, failing, tolerance)
    reported = ~np.isnan(own)
    difference = np.where(reported, own, diff)
    return Gaps(reported, left, left - difference, difference)


def sheet_top(frame: pd.DataFrame, tree: Tree, columns: list[str]) -> float | None:
    """The sheet's top total in sen: the largest absolute value on a root or total row."""
    cols = [c for c in columns if c in frame.columns]
    if not cols:
        return None
    role = frame[ROLE].to_numpy() if ROLE in frame else np.full(len(frame), "")
    top = tree.node & (tree.parent < 0) | (role == RowRole.TOTAL.value)
    rows = frame[top] if top.any() else frame
    values = pd.concat([pd.to_numeric(rows[c], errors="coerce") for c in cols]).abs()
    return float(values.max()) if values.notna().any() else None
