"""The account code tree of a budget sheet, read in row order, vectorised.

Codes are compared after normalising: spaces and empty segments dropped, and leading
zeros of each segment dropped, so `5.1.02.02.001.00003` sits under `5.1.02.02.01` and
`1.06.1.06.01.000.000.5` is `1.6.1.6.1.0.0.5`. A node's level is its number of
segments. A node's children are the rows below it up to the next row at its own level
or above, the next uncoded section row (`Belanja Langsung`, `Pendapatan`, `Urusan
Wajib` …) or the next total row — not every later row whose code happens to extend it.
Rows without a code (komponen lines) are transparent.

A tree is malformed when a code repeats inside one root's block, a child does not extend
its parent's code, or a code is not dotted segments (an older format): `problem` names
the first such row. Older exports that code their grouping rows (`5.1 BELANJA TIDAK
LANGSUNG` above `1.01.1.01.02.00.00 Non Kegiatan`, `1 URUSAN WAJIB` repeated) are read a
second time with those rows as section rows (`read_tree`). The ingest stage tags
subtotal roles from the tree and reports a malformed one once (`tree_issue`); checks skip
its subtotal comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.documents import ROLE, ROW, Issue, RowRole
from rl_audit.ingest.values import fold_text

SECTION = (
    r"^(?:belanja(?: tidak langsung| langsung| daerah| desa)?|"
    r"(?:pendapatan|pembiayaan)(?: daerah| desa)?|"
    r"(?:penerimaan|pengeluaran) pembiayaan(?: daerah| desa)?|urusan (?:wajib|pilihan)\b.*)$"
)
# coded rows that only group accounts in older exports (`5.1 Belanja Tidak Langsung` above
# `1.01.1.01.02.00.00 Non Kegiatan`, `1 Urusan Wajib`): read as section rows when the
# tree cannot be built with them as nodes
GROUPING = r"^(?:belanja (?:tidak )?langsung|urusan (?:wajib|pilihan)\b.*)$"
_FORMAT = r"^[0-9]+(?:\.[0-9a-z]+)*$"
TREE_KINDS = ("anggaran",)


def normal_codes(codes: pd.Series) -> pd.Series:
    """Codes as the tree compares them; NA where the cell holds no code (no leading digit)."""
    text = codes.astype("string").str.replace(r"\s+", "", regex=True).str.lower()
    text = text.where(text.str.match(r"^[0-9]").fillna(False).astype(bool))
    text = text.str.replace(r"\.{2,}", ".", regex=True).str.strip(".")
    return text.str.replace(r"(^|\.)0+(?=[0-9])", r"\1", regex=True)


def section_rows(labels: pd.Series | pd.DataFrame, pattern: str = SECTION) -> pd.Series:
    """Rows whose label (any label column) names a budget section (`Belanja Langsung` …)."""
    if isinstance(labels, pd.DataFrame):
        hit = pd.Series(False, index=labels.index)
        for col in labels.columns:
            hit |= section_rows(labels[col], pattern)
        return hit
    folded = fold_text(labels.astype("string"))
    return folded.str.fullmatch(pattern).fillna(False).astype(bool)


@dataclass(frozen=True)
class Tree:
    """The tree over a sheet's rows (arrays by row position; -1 where there is none)."""

    code: pd.Series  # normalised code, NA for rows that are not nodes
    level: np.ndarray  # segments of the code; 0 for every other row
    parent: np.ndarray  # row position of the parent node
    end: np.ndarray  # row position where the node's block ends (exclusive)
    leaf: np.ndarray  # node without children
    root: np.ndarray  # row position of the node's root

    @property
    def node(self) -> np.ndarray:
        """Rows that are nodes of the tree."""
        return self.level > 0


@dataclass(frozen=True)
class Problem:
    """Why a tree cannot be checked: `repeat`, `not_child` or `format`, at row position."""

    reason: str
    position: int
    other: int  # the first occurrence (repeat) or the parent (not_child); -1 otherwise


def _links(level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parent and block end of each entry of a sequence of levels (0 = a block breaker)."""
    n = len(level)
    pos = np.arange(n)
    parent, end = np.full(n, -1), np.full(n, n)
    for lev in range(1, int(level.max(initial=0)) + 1):
        at = level == lev
        last = np.maximum.accumulate(np.where(level < lev, pos, -1))
        parent[at] = np.r_[-1, last[:-1]][at]
        upto = np.where(level <= lev, pos, n)
        end[at] = np.r_[np.minimum.accumulate(upto[::-1])[::-1][1:], n][at]
    breaker = (parent >= 0) & (level[np.maximum(parent, 0)] == 0)
    parent[breaker] = -1
    return parent, end


def build_tree(codes: pd.Series, breaks: pd.Series) -> Tree:
    """The tree of `codes` in row order; `breaks` marks rows ending every block."""
    code = normal_codes(codes).reset_index(drop=True)
    node = code.notna().to_numpy()
    level = np.where(node, code.str.count(r"\.").fillna(-1).to_numpy(dtype="int64") + 1, 0)
    seq = np.flatnonzero(node | breaks.to_numpy(dtype=bool))
    sparent, send = _links(level[seq])
    n = len(code)
    parent, end = np.full(n, -1), np.full(n, n)
    parent[seq] = np.where(sparent >= 0, seq[np.maximum(sparent, 0)], -1)
    end[seq] = np.r_[seq, n][send]
    after = np.r_[seq[1:], n]
    leaf = np.zeros(n, dtype=bool)
    leaf[seq] = node[seq] & (end[seq] == after)
    roots = np.where(node & (parent < 0), np.arange(n), -1)
    return Tree(code, level, parent, end, leaf, np.maximum.accumulate(roots))


def _cut(code: pd.Series, levels: np.ndarray) -> pd.Series:
    """Each code cut to its first `levels` segments (row by row)."""
    parts = code.str.split(".")
    out = pd.Series(pd.NA, index=code.index, dtype="string")
    for n in np.unique(levels):
        at = levels == n
        out[at] = parts[at].str[: int(n)].str.join(".")
    return out


def _format_problem(tree: Tree) -> Problem | None:
    bad = tree.node & ~tree.code.str.fullmatch(_FORMAT).fillna(True).to_numpy(dtype=bool)
    return Problem("format", int(np.argmax(bad)), -1) if bad.any() else None


def _repeat_problem(tree: Tree) -> Problem | None:
    keyed = pd.DataFrame({"root": tree.root, "code": tree.code})[tree.node]
    again = keyed.duplicated(keep="first")
    if not again.any():
        return None
    at = int(again.idxmax())
    first = keyed.index[(keyed["code"] == keyed.at[at, "code"]) & (keyed["root"] == tree.root[at])]
    return Problem("repeat", at, int(first[0]))


def _child_problem(tree: Tree) -> Problem | None:
    child = np.flatnonzero(tree.node & (tree.parent >= 0))
    if not len(child):
        return None
    codes = tree.code.iloc[child].reset_index(drop=True)
    parents = tree.code.iloc[tree.parent[child]].reset_index(drop=True)
    cut = _cut(codes, tree.level[tree.parent[child]])
    wrong = (cut != parents).fillna(True).to_numpy(dtype=bool)
    if not wrong.any():
        return None
    at = int(child[np.argmax(wrong)])
    return Problem("not_child", at, int(tree.parent[at]))


def problem(tree: Tree) -> Problem | None:
    """The first row that makes the tree unusable, or None for a sound tree."""
    found = [f(tree) for f in (_format_problem, _repeat_problem, _child_problem)]
    return min((p for p in found if p), key=lambda p: p.position, default=None)


def read_tree(
    codes: pd.Series, breaks: pd.Series, labels: pd.Series | pd.DataFrame
) -> tuple[Tree, Problem | None]:
    """The tree of a sheet and what makes it unusable (None: sound).

    Read strictly first; when that is malformed, the coded grouping rows (`Belanja
    Tidak Langsung`, `Urusan Wajib`) are read as section rows, and that reading is used.
    """
    breaks = breaks.reset_index(drop=True)
    tree = build_tree(codes, breaks)
    found = problem(tree)
    grouped = (section_rows(labels, GROUPING) & normal_codes(codes).notna()).reset_index(drop=True)
    if found is None or not grouped.any():
        return tree, found
    codes = codes.reset_index(drop=True).where(~grouped)
    lenient = build_tree(codes, breaks | grouped)
    return lenient, problem(lenient)


def _labels(frame: pd.DataFrame) -> pd.Series:
    """A document's row labels: `uraian`, else the code cell's text."""
    code = frame["kode_rekening"].astype("string")
    return frame["uraian"].astype("string").fillna(code) if "uraian" in frame else code


def _role(frame: pd.DataFrame) -> pd.Series:
    return frame[ROLE] if ROLE in frame else pd.Series(RowRole.DATA.value, index=frame.index)


def tree_breaks(frame: pd.DataFrame) -> pd.Series:
    """Rows of a document frame that end every block: totals and uncoded section rows.

    Also the OPD heading rows of a consolidated sheet (role `section`).
    """
    role = _role(frame)
    uncoded = normal_codes(frame["kode_rekening"]).isna()
    ends = role.isin([RowRole.TOTAL.value, RowRole.SECTION.value])
    return ends | (uncoded & section_rows(_labels(frame)))


# rows whose code cell names no account: OPD headings (they end blocks), the numbers
# and repeated headers of a print (`1 2 3`), carried-over totals at page breaks
_NO_ACCOUNT = (
    RowRole.SECTION.value,
    RowRole.COLNUM.value,
    RowRole.PAGE.value,
    RowRole.CARRY.value,
    RowRole.HEADING.value,
)


def doc_tree(frame: pd.DataFrame) -> tuple[Tree, Problem | None]:
    """The code tree of a document frame (its `kode_rekening`, `uraian` and roles).

    An OPD heading row (role `section`, coded `1.02.0.00.0.00.01.0000`) is no account:
    it only ends blocks. Nor are page furniture and column-number rows (`_NO_ACCOUNT`).
    """
    codes = frame["kode_rekening"].where(~_role(frame).isin(_NO_ACCOUNT))
    return read_tree(codes, tree_breaks(frame), _labels(frame))


def parent_rows(codes: pd.Series, breaks: pd.Series, labels: pd.DataFrame) -> pd.Series:
    """Coded rows that sum others (the subtotal role).

    Nodes with children in row order, codes that prefix another code of the sheet, and
    coded rows named like a section (`Belanja Langsung`).
    """
    tree = read_tree(codes, breaks, labels)[0]
    prefixes: set[str] = set()
    for n in range(1, int(tree.level.max(initial=0))):
        deeper = tree.level > n
        prefixes.update(_cut(tree.code[deeper], np.full(int(deeper.sum()), n)).dropna())
    coded = normal_codes(codes).notna().to_numpy(dtype=bool)
    named = coded & section_rows(labels).to_numpy(dtype=bool)
    mask = (tree.node & ~tree.leaf) | tree.code.isin(prefixes).to_numpy(dtype=bool) | named
    return pd.Series(mask, index=codes.index)


def tree_issue(frame: pd.DataFrame, letters: dict[str, str], kind: str) -> Issue | None:
    """The input problem of a document whose code tree cannot be checked (None if sound)."""
    if kind not in TREE_KINDS or "kode_rekening" not in frame or frame.empty:
        return None
    found = doc_tree(frame)[1]
    if found is None:
        return None
    codes, rows = frame["kode_rekening"].astype("string"), frame[ROW]
    row = int(rows.iloc[found.position])
    params: dict[str, Any] = {"code": str(codes.iloc[found.position]).strip(), "row": row}
    if found.other >= 0:
        params["other"] = str(codes.iloc[found.other]).strip()
        params["other_row"] = int(rows.iloc[found.other])
    letter = letters.get("kode_rekening")
    cell = f"{letter}{row}" if letter else None
    return Issue(f"code_tree_{found.reason}", "warning", params, row=row, cell=cell)
