"""No finding claims more money than its document holds: an engine invariant.

A finding's amount is at most the largest money figure of the sheets it points at (the
sheet's top total: its total row, root subtotal or largest line; for a consolidated sheet
split per OPD, the top total of the section the finding points at). A finding above it comes
from a misread sheet or a misfiring rule; its amount is capped there and the report gets
a notice naming the rule and both figures, so the excess is never counted as money at risk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pandas as pd

from rl_audit.checks.exprscope import money_columns
from rl_audit.documents import ROW, Document, Issue
from rl_audit.findings import Finding
from rl_audit.formatting import rupiah_sen


def top_total(doc: Document) -> int | None:
    """The largest absolute money value of the sheet in sen (every row role), or None."""
    cols = [c for c in money_columns(doc.kind) if c in doc.frame.columns]
    if not cols:
        return None
    values = pd.concat([doc.frame[c] for c in cols], ignore_index=True).abs().dropna()
    return int(values.max()) if len(values) else None


def sheet_totals(docs: list[Document]) -> dict[tuple[str, str], int]:
    """`(file, sheet)` → the sheet's top total (its documents' largest), for money sheets."""
    totals: dict[tuple[str, str], int] = {}
    for _rows, total, key in _doc_totals(docs):
        totals[key] = max(totals.get(key, total), total)
    return totals


Limits = list[tuple[frozenset[int] | None, int, tuple[str, str]]]


def _doc_totals(docs: list[Document]) -> Limits:
    """Per document holding money: its Excel rows, top total and `(file, sheet)`.

    The rows are None (the whole sheet) unless the sheet was split into OPD sections
    (`rl_audit.ingest.sections`): a section's finding is capped at its section's total.
    """
    count = Counter((d.file, d.sheet) for d in docs)
    out: Limits = []
    for doc in docs:
        key, total = (doc.file, doc.sheet), top_total(doc)
        split = count[key] > 1 and ROW in doc.frame
        if total is not None:
            out.append((frozenset(doc.frame[ROW].tolist()) if split else None, total, key))
    return out


def _limit(finding: Finding, totals: Limits) -> int | None:
    """The largest top total among the documents the finding points at (None: no money)."""
    found = [
        total
        for loc in finding.locations
        for rows, total, key in totals
        if key == (loc.file, loc.sheet) and (rows is None or loc.row is None or loc.row in rows)
    ]
    return max(found) if found else None


def cap_amounts(findings: list[Finding], docs: list[Document]) -> tuple[list[Finding], list[Issue]]:
    """`findings` with every amount at most its documents' top total, and a notice per cap."""
    totals = _doc_totals(docs)
    out, notices = [], []
    for finding in findings:
        limit = _limit(finding, totals) if finding.amount_sen else None
        if limit is None or finding.amount_sen is None or abs(finding.amount_sen) <= limit:
            out.append(finding)
            continue
        notices.append(_notice(finding, limit))
        out.append(replace(finding, amount_sen=limit if finding.amount_sen > 0 else -limit))
    return out, notices


def _notice(finding: Finding, limit: int) -> Issue:
    """The warning that `finding`'s amount was capped at `limit`."""
    loc = finding.locations[0]
    params = {
        "rule": finding.rule_id,
        "amount": rupiah_sen(finding.amount_sen),
        "total": rupiah_sen(limit),
    }
    return Issue("amount_capped", "warning", params, loc.file, loc.sheet, loc.row, loc.cell)
