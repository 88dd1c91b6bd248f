"""One document per OPD section of a consolidated sheet (BPKAD's LRA of several SKPDs).

A consolidated sheet lists several SKPDs one after the other: a heading row naming the
SKPD (its code `1.02.0.00.0.00.01.0000` in the code or label cell, and/or a registered
name as the whole label), the rows of its account tree, its own `JUMLAH BELANJA …`
total; at the end maybe a grand total over all sections. `split_sections` tags the
heading rows `section` and cuts the sheet into one `Document` per OPD; Excel rows (`_row`)
stay the sheet's rows. Decisions:

- A heading row holds at most two text cells (code and name; the `no` column aside). Its
  text, after an optional `SKPD :` / `Unit Organisasi :` label, is an SKPD-shaped code
  (`x.xx.x.xx.x.xx.xx.0000`, unlike account codes `5.1.02.01.01.0001`) or a registered
  code, with any name; or, without a code, a registered OPD spelling as the whole text
  (context words such as `Kabupaten Rejang Lebong` allowed). An OPD name inside longer
  text (`Belanja hibah kepada Dinas Kesehatan`) never is, nor an account code with an
  OPD name, nor the unregistered code of a sub unit (`….01.0001`, part of its unit).
  Money on a heading row (the SKPD's own total) stays on the row, never read as data.
- Headings with no row of the table between them are one heading (the last names the
  OPD). A code-less heading followed by a total before any row of the table (an OPD
  named on its own line above a section's closing `JUMLAH …`) is none: it keeps its
  role in the section above it. The sheet is split only when headings name at least
  two OPDs, only for the kinds in `SECTION_KINDS`, and never when an OPD is forced
  (`IngestOptions.opd`).
- A section runs from its heading to the next one; sections of one OPD (a heading
  repeated on every printed page) make one document. The last section keeps as many
  total rows after its last account row as the other sections have at most (its
  closing `JUMLAH …`); headings with no row of the table after them (a recap of the
  SKPDs below the grand total) head nothing; the total rows after those (grand totals
  over all sections) and footer rows belong to no section: they keep their role in the
  sheet's counts (`inspect`) and are dropped from the section documents, so no OPD's
  budget or money cap includes them; such rows that look like data (that recap,
  grouping rows such as `1.02 URUSAN KESEHATAN` above the first SKPD) are tagged
  `total`.
- Without headings, a flat table whose `kode_skpd` column names several registered OPDs
  is split by that column the same way (`rl_audit.ingest.skpd_column`).
- Rows before the first heading stay a document of the title's OPD only when they hold
  data rows (as the whole sheet's code tree tags them: a grouping row such as `1.02
  URUSAN KESEHATAN` above the first SKPD is none). Subtotal roles and the code-tree
  warning of each section are worked out along its own tree.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from rl_audit.documents import ROLE, ROW, Document, Issue, OpdRef, RowRole
from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.codetree import TREE_KINDS, parent_rows, tree_breaks, tree_issue
from rl_audit.ingest.section_heads import heading_owners, heading_texts
from rl_audit.ingest.skpd_column import column_owners

SECTION_KINDS = ("anggaran", "realisasi")
ACCOUNTS = (RowRole.DATA.value, RowRole.OPENING.value, RowRole.SUBTOTAL.value)
BODY = (*ACCOUNTS, RowRole.DETAIL.value)  # rows of the table (komponen lines too)
TITLE = ""  # owner key of the rows before the first heading (the title's OPD)


def _without_notes(frame: pd.DataFrame, head: np.ndarray, texts: pd.Series) -> np.ndarray:
    """The heading rows less the code-less ones followed by a total before any body row.

    Such a row (an OPD named on its own line just above a section's closing `JUMLAH …`)
    opens nothing: it stays a row of the section above it, with its own role.
    """
    role = frame[ROLE].to_numpy(dtype=object)
    body, total = np.isin(role, BODY) & ~head, role == RowRole.TOTAL.value
    at = np.flatnonzero(head)
    nxt = np.r_[at[1:], len(head)]
    bodies, totals = np.r_[0, np.cumsum(body)], np.r_[0, np.cumsum(total)]
    closed = (bodies[nxt] == bodies[at]) & (totals[nxt] > totals[at])
    coded = texts.str.match(r"^[0-9]").fillna(False).to_numpy(dtype=bool)
    notes = np.zeros(len(head), dtype=bool)
    notes[at[closed]] = True
    return head & ~(notes & ~coded)


def _blocks(head: np.ndarray, body: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the heading blocks begun so far (0 before any); the rows heading a block.

    Headings with no body row between them are one block; a last block with no body
    row after it (a recap of the SKPDs below the grand total) heads nothing.
    """
    before = np.cumsum(body) - body  # body rows above each row
    at = np.flatnonzero(head)
    starts = at[np.r_[True, before[at][1:] != before[at][:-1]]] if len(at) else at
    if len(starts) and not body[starts[-1] :].any():
        starts = starts[:-1]
    opened = np.zeros(len(head), dtype=int)
    opened[starts] = 1
    run = np.cumsum(opened)
    return run, head & (run > 0) & (before == np.r_[-1, before[starts]][run])


def _block_opds(run: np.ndarray, head: np.ndarray, codes: np.ndarray) -> dict[int, str]:
    """The OPD code of each block: that of its last heading row."""
    at = np.flatnonzero(head & (run > 0))
    return dict(zip(run[at].tolist(), codes[at].tolist(), strict=True))


def _tail_cut(run: np.ndarray, accounts: np.ndarray, total: np.ndarray) -> int:
    """The first row position after the last section's own closing totals (grand totals).

    The last section keeps as many total rows after its last body row as the other
    sections have at most (its closing `JUMLAH …`).
    """
    last = int(run.max())
    n = len(run)

    def tail(r: int) -> np.ndarray:
        rows = np.flatnonzero(run == r)
        end = rows[accounts[rows]].max(initial=-1)
        return rows[(rows > end) & total[rows]]

    keep = max(len(tail(r)) for r in range(1, last))
    own = tail(last)
    return int(own[keep]) if len(own) > keep else n


def _owner_keys(
    frame: pd.DataFrame, head: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per row: the OPD code of its section, `TITLE` or None; and the heading rows.

    `TITLE` marks the rows before the first heading when they hold data; None the rows
    of no section (grand totals, footers). None when the sheet is not split.
    """
    role = frame[ROLE].to_numpy(dtype=object)
    body, accounts = np.isin(role, BODY) & ~head, np.isin(role, ACCOUNTS) & ~head
    run, head = _blocks(head, body)
    opds = _block_opds(run, head, codes)
    if len(set(opds.values())) < 2:
        return None
    owner = np.array([opds.get(r) for r in range(run.max() + 1)], dtype=object)[run]
    leading = run == 0
    owner[leading] = TITLE if (role[leading] == RowRole.DATA.value).any() else None
    owner[_tail_cut(run, accounts, role == RowRole.TOTAL.value) :] = None
    owner[role == RowRole.FOOTER.value] = None
    return owner, head


def _retagged(frame: pd.DataFrame) -> pd.Series:
    """The roles of one section with its subtotals worked out along its own code tree."""
    role = frame[ROLE]
    codes = frame["kode_rekening"].where(role != RowRole.SECTION.value)
    coded = codes.astype("string").str.match(r"^\s*[0-9]").fillna(False).astype(bool)
    open_ = role.isin([RowRole.DATA.value, RowRole.SUBTOTAL.value]) & coded
    if not open_.any():
        return role
    labels = pd.DataFrame(
        {c: frame[c].astype("string") for c in ("uraian", "kode_rekening") if c in frame}
    )
    parent = parent_rows(codes, tree_breaks(frame), labels)
    tree = np.where(parent, RowRole.SUBTOTAL.value, RowRole.DATA.value)
    return role.where(~open_, pd.Series(tree, index=frame.index))


def _located(issue: Issue, doc: Document) -> Issue:
    return replace(issue, file=issue.file or doc.file, sheet=issue.sheet or doc.sheet)


def _issues(
    doc: Document, title: list[Issue], keep_title: bool, found: list[Issue], docs: list[Document]
) -> list[Issue]:
    """The split sheet's issues, each section's OPD issues and code-tree warning added.

    The title's OPD issues stay only when a document keeps the title's OPD.
    """
    drop = [_located(i, doc) for i in title] if not keep_title else []
    out = [i for i in doc.warnings if not i.key.startswith("code_tree_") and i not in drop]
    trees = [tree_issue(d.frame, d.columns, d.kind) for d in docs]
    for issue in [*found, *(t for t in trees if t is not None)]:
        if (located := _located(issue, doc)) not in out:
            out.append(located)
    return out


def split_sections(
    doc: Document, registry: opd_mod.Registry, title_issues: list[Issue], forced: bool = False
) -> tuple[Document, list[Document]]:
    """The sheet with its OPD headings tagged, and its documents: one per OPD section.

    `doc` is the whole sheet read as one document of the title's OPD (`title_issues`
    are the issues that OPD was found with). A sheet that is not consolidated comes
    back unchanged as `(doc, [doc])`. See the module doc for the rules.
    """
    if forced or doc.kind not in SECTION_KINDS or doc.frame.empty:
        return doc, [doc]
    texts = heading_texts(doc.frame, registry)
    named = heading_owners(texts, registry)
    head = _without_notes(doc.frame, texts.isin(list(named)).to_numpy(dtype=bool), texts)
    code_of = {text: ref.code for text, (ref, _) in named.items()}
    codes = texts.map(code_of).astype(object).where(head, None).to_numpy(dtype=object)
    by_heading = _owner_keys(doc.frame, head, codes) if head.any() else None
    refs = {ref.code: ref for ref, _ in named.values()}
    if by_heading is not None:
        owner, head = by_heading
    else:  # no headings: maybe a flat table of several SKPDs (kode_skpd)
        by_column = column_owners(doc.frame, registry, TITLE)
        if by_column is None:
            return doc, [doc]
        (owner, refs), head = by_column, np.zeros(len(head), dtype=bool)
    frame = doc.frame.copy()
    frame.loc[head, ROLE] = RowRole.SECTION.value
    docs = [_section(doc, frame, owner == key, refs.get(key), key) for key in _order(owner)]
    found = [i for t in texts[head].unique() for i in named[str(t)][1]]
    issues = _issues(doc, title_issues, TITLE in set(owner), found, docs)
    for part in docs:
        part.warnings = issues
    frame[ROLE] = _whole_roles(frame, docs, owner)
    return replace(doc, frame=frame, warnings=issues), docs


def _order(owner: np.ndarray) -> list[str]:
    """The owner keys in order of first appearance."""
    return list(dict.fromkeys(k for k in owner.tolist() if k is not None))


def _section(
    doc: Document, frame: pd.DataFrame, rows: np.ndarray, ref: OpdRef | None, key: str
) -> Document:
    """One section's document: its rows (retagged along its own tree) and its OPD.

    The rows before the first heading (`TITLE`) keep the sheet's roles: there, a coded
    row above a heading (`1.02 URUSAN KESEHATAN` above `1.02.0.00.0.00.01.0000`) groups
    the sections below it and is no data row of the title's OPD.
    """
    part = frame[rows].reset_index(drop=True)
    if doc.kind in TREE_KINDS and "kode_rekening" in part and key != TITLE:
        part[ROLE] = _retagged(part)
    return replace(doc, opd=ref if ref is not None else doc.opd, frame=part)


def _whole_roles(frame: pd.DataFrame, docs: list[Document], owner: np.ndarray) -> pd.Series:
    """The sheet's roles with each section's own subtotal roles written back (by Excel row).

    Rows of no section that look like data or subtotals (a recap of the SKPDs below the
    grand total, `1.02 URUSAN KESEHATAN` above the first SKPD) sum several SKPDs: `total`.
    """
    role = frame[ROLE].copy()
    for part in docs:
        at = pd.Series(part.frame[ROLE].to_numpy(), index=part.frame[ROW].to_numpy())
        rows = frame[ROW].isin(at.index)
        role[rows] = at.reindex(frame.loc[rows, ROW]).to_numpy()
    nobodys = pd.isna(owner) & role.isin([RowRole.DATA.value, RowRole.SUBTOTAL.value])
    return role.mask(nobodys, RowRole.TOTAL.value)
