"""A check's row notices (`rl_audit.checks.notices`) as placed notices of the report.

Each `RowNotice` becomes one `Issue` (a warning) naming the rule, the file, the sheet,
the first row and cell and every cell in `cells` (`{listing}` and the problems list show
them), so an input problem a check met reaches `AuditReport.notices` like any other.
"""

from __future__ import annotations

from rl_audit.checks.base import CheckInput
from rl_audit.checks.notices import RowNotice
from rl_audit.documents import ROW, Document, Issue


def _cells(doc: Document, notice: RowNotice) -> tuple[list[int], list[str]]:
    """The notice's Excel rows and, where its column has a letter, its cells."""
    rows = [int(r) for r in doc.frame.loc[list(notice.rows), ROW].tolist()]
    letter = doc.columns.get(notice.column) if notice.column else None
    return rows, [f"{letter}{r}" for r in rows] if letter else []


def placed(rule_id: str, notice: RowNotice, ci: CheckInput) -> Issue:
    """The notice as a warning of the report, placed at its first cell (or row)."""
    doc = ci.docs[notice.kind][notice.doc]
    rows, cells = _cells(doc, notice)
    params = {**notice.params, "rule": rule_id, "count": len(rows)}
    if cells:
        params["cells"] = cells
    first_row = rows[0] if rows else None
    first_cell = cells[0] if cells else None
    return Issue(notice.key, "warning", params, doc.file, doc.sheet, first_row, first_cell)


def placed_all(rule_id: str, notices: list[RowNotice], ci: CheckInput) -> list[Issue]:
    """Every notice of one rule's check, placed."""
    return [placed(rule_id, n, ci) for n in notices]
