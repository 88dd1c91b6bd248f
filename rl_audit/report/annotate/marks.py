"""Marks of the annotated copies: fills, comments and the findings sheet of one workbook.

A `Mark` is one location of one finding in the file being annotated. `apply_marks` fills
each marked cell by the worst severity on it and attaches one comment (author `rl-audit`)
holding every finding on that cell; `add_findings_sheet` puts a first, active sheet that
lists the marks with a link to each cell. All text taken from findings or input goes
through `rl_audit.report.xlsx.sheets.text` (formula-injection neutralising, illegal
characters dropped, Excel's length limit); the user's own cells are never rewritten.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils.cell import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from rl_audit.findings import AuditReport, Finding, Location
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import (
    HEADER_FONT,
    LINK_FONT,
    MONEY,
    SEVERITY_FILL,
    Column,
    text,
    word,
)
from rl_audit.report.xlsx.report import sheet_title

AUTHOR = "rl-audit"
MAX_COLUMN, MAX_ROW = 16_384, 1_048_576  # Excel's grid
COMMENT_WIDTH = 360  # pixels
CHARS_PER_LINE = 52  # what fits on a comment line of that width
LINE_HEIGHT, MIN_HEIGHT, MAX_HEIGHT = 16, 80, 800  # pixels
_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")

FINDINGS_COLUMNS: list[Column] = [
    ("col_rule", 10), ("col_bpk_code", 10), ("col_severity", 10), ("col_status", 14),
    ("col_sheet", 22), ("col_cell", 9), ("col_amount", 18), ("col_title", 40),
    ("col_message", 70), ("col_remediation", 50),
]  # fmt: skip
CELL_COLUMN = 6  # 1-based position of col_cell


@dataclass(frozen=True)
class Mark:
    """One location of one finding inside the file being annotated."""

    finding: Finding
    location: Location

    @property
    def address(self) -> str | None:
        """The A1 cell to mark: the location's cell, else column A of its row, else None."""
        loc = self.location
        if loc.cell:
            return valid_address(loc.cell)
        return None if loc.row is None else valid_address(f"A{loc.row}")


def valid_address(cell: str) -> str | None:
    """`cell` without `$` when it is an A1 address inside Excel's grid, else None."""
    match = _A1.match(cell.strip().upper())
    if match is None:
        return None
    column, row = match.groups()
    if column_index_from_string(column) > MAX_COLUMN or int(row) > MAX_ROW:
        return None
    return f"{column}{row}"


def marks_by_file(report: AuditReport) -> dict[str, list[Mark]]:
    """Every finding location of the report, grouped by the file (`display`) it names."""
    out: dict[str, list[Mark]] = defaultdict(list)
    for finding in report.findings:
        for loc in finding.locations:
            out[loc.file].append(Mark(finding, loc))
    return dict(out)


def _sheet(wb: Workbook, titles: dict[str, str], name: str) -> Worksheet | None:
    """The worksheet a location's sheet name stands for (None when it is not there)."""
    title = titles.get(name)
    if title is None or title not in wb.sheetnames:
        return None
    ws = wb[title]
    return ws if isinstance(ws, Worksheet) else None


def _anchor(ws: Worksheet, address: str) -> Cell:
    """The cell at `address`, or the top-left cell of the merged range that covers it."""
    for merged in ws.merged_cells.ranges:
        if address in merged:
            return ws.cell(row=merged.min_row, column=merged.min_col)
    cell = ws[address]
    assert isinstance(cell, Cell)
    return cell


def _comment_part(f: Finding, lang: str) -> str:
    """One finding as comment text: rule, BPK code, severity, title, message, how to fix."""
    head = label(
        "annotate_comment_head",
        lang,
        rule=f.rule_id,
        bpk=f.bpk_code,
        severity=word("sev", f.severity.value, lang),
    )
    if f.status != "open":
        head = f"{head} · {word('status', f.status, lang)}"
    lines = [head, f.text("title", lang), f.text("message", lang)]
    if fix := f.text("remediation", lang):
        lines.append(label("annotate_comment_fix", lang, text=fix))
    return "\n".join(lines)


def _comment(findings: list[Finding], earlier: Comment | None, lang: str) -> Comment:
    """One comment for a cell: every finding on it (worst first), then any earlier comment."""
    parts = [_comment_part(f, lang) for f in findings]
    if earlier is not None:
        parts.append(f"{label('annotate_comment_earlier', lang, author=earlier.author)}\n")
        parts[-1] += str(earlier.content)
    body = str(text("\n\n".join(parts)))
    lines = sum(max(1, -(-len(line) // CHARS_PER_LINE)) for line in body.splitlines())
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, LINE_HEIGHT * lines + LINE_HEIGHT))
    return Comment(body, AUTHOR, height=height, width=COMMENT_WIDTH)


def _by_cell(
    wb: Workbook, marks: list[Mark], titles: dict[str, str]
) -> dict[tuple[str, str], list[Finding]]:
    """Findings per (sheet title, address) for the marks that can be placed; no duplicates."""
    cells: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for mark in marks:
        ws, address = _sheet(wb, titles, mark.location.sheet), mark.address
        if ws is not None and address is not None:
            found = cells[(ws.title, address)]
            if all(f is not mark.finding for f in found):
                found.append(mark.finding)
    return cells


def apply_marks(wb: Workbook, marks: list[Mark], titles: dict[str, str], lang: str) -> None:
    """Fill and comment every marked cell (worst severity's fill, all findings in one note).

    `titles` maps the sheet names the locations use to the worksheet titles in `wb`.
    """
    for (title, address), findings in _by_cell(wb, marks, titles).items():
        findings.sort(key=lambda f: -f.severity.rank)
        cell = _anchor(wb[title], address)
        cell.fill = SEVERITY_FILL[findings[0].severity.value]
        cell.comment = _comment(findings, cell.comment, lang)


def link_location(title: str, address: str) -> str:
    """An internal link target: `'Sheet name'!C18`, quotes in the name doubled."""
    return "'" + title.replace("'", "''") + "'!" + address


def findings_title(wb: Workbook, lang: str) -> str:
    """The findings sheet's name from the catalog, made unique among the workbook's sheets."""
    base = sheet_title(label("annotate_sheet", lang))
    taken = {name.casefold() for name in wb.sheetnames}
    title, number = base, 1
    while title.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
    return title


def _ordered(marks: list[Mark], wb: Workbook, titles: dict[str, str]) -> list[Mark]:
    """Marks worst severity first, then in sheet order and row order."""
    order = {name: wb.sheetnames.index(t) for name, t in titles.items() if t in wb.sheetnames}

    def key(mark: Mark) -> tuple[int, int, int]:
        loc = mark.location
        row = MAX_ROW + 1 if loc.row is None else loc.row  # whole-sheet locations last
        return -mark.finding.severity.rank, order.get(loc.sheet, len(order)), row

    return sorted(marks, key=key)


def _row(mark: Mark, first: bool, lang: str) -> list[object]:
    """The values of one findings-sheet row (the amount only on a finding's first row)."""
    f = mark.finding
    amount = f.amount_sen / 100 if first and f.amount_sen is not None else None
    return [
        text(f.rule_id), text(f.bpk_code), word("sev", f.severity.value, lang),
        word("status", f.status, lang), text(mark.location.sheet), mark.address, amount,
        text(f.text("title", lang)), text(f.text("message", lang)),
        text(f.text("remediation", lang)) or None,
    ]  # fmt: skip


def _write_row(
    ws: Worksheet, row: int, values: list[object], mark: Mark, target: str | None
) -> None:
    """Write one findings-sheet row; link the cell address to `target` when there is one."""
    for column, value in enumerate(values, 1):
        ws.cell(row=row, column=column, value=value)
    ws.cell(row=row, column=3).fill = SEVERITY_FILL[mark.finding.severity.value]
    ws.cell(row=row, column=7).number_format = MONEY
    address = ws.cell(row=row, column=CELL_COLUMN)
    if target is not None:
        address.hyperlink = Hyperlink(ref=address.coordinate, location=target)
        address.font = LINK_FONT


def _target(wb: Workbook, titles: dict[str, str], mark: Mark) -> str | None:
    """Where a findings-sheet row links to: the marked cell (None when it cannot be placed)."""
    ws, address = _sheet(wb, titles, mark.location.sheet), mark.address
    return None if ws is None or address is None else link_location(ws.title, address)


def add_findings_sheet(wb: Workbook, marks: list[Mark], titles: dict[str, str], lang: str) -> None:
    """Insert the findings sheet first and make it the active (only selected) sheet."""
    ws = wb.create_sheet(findings_title(wb, lang), 0)
    for column, (key, width) in enumerate(FINDINGS_COLUMNS, 1):
        ws.cell(row=1, column=column, value=label(key, lang)).font = HEADER_FONT
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = width
    seen: set[int] = set()
    rows = _ordered(marks, wb, titles)
    for row, mark in enumerate(rows, 2):
        values = _row(mark, id(mark.finding) not in seen, lang)
        _write_row(ws, row, values, mark, _target(wb, titles, mark))
        seen.add(id(mark.finding))
    ws.freeze_panes = "A2"
    last = ws.cell(row=1, column=len(FINDINGS_COLUMNS)).column_letter
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    _activate(wb, ws)


def _activate(wb: Workbook, ws: Worksheet) -> None:
    """Make `ws` the active sheet, the only selected tab, with the tab bar scrolled to it."""
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = wb.index(ws)
    for view in wb.views:
        view.firstSheet = 0
