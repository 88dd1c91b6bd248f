"""The Excel report of `rl-audit check` (`--format xlsx`), written atomically.

Five sheets (eight with the leadership view), named from the label catalog (Indonesian by default):

- Ringkasan / Summary: title, period, generation time and versions, the count of input
  problems, then one row per OPD in the report's order (most attention first): score and
  band filled by band, counts by severity, money at risk, absorption, worst finding,
  documents read and missing, the OPD's latest data date;
- Masalah input / Input problems: one row per input problem (rl_audit.engine.problems);
- Temuan / Findings: one row per finding, its severity cell filled by severity;
- Aturan / Rules: one row per rule outcome per OPD, with the reason a rule could not run;
- Input / Inputs: one row per input file and sheet, with every issue met reading it;
- the leadership view (issue 21), when the report has it: Fokus / Focus, the focus OPDs
  against the rest (`report.xlsx.focus`); Bulanan / Monthly, one row per OPD and month
  (`report.xlsx.monthly`); Grafik / Charts, a native line chart per OPD drawn from the
  monthly sheet's cells (`report.xlsx.charts`).

Every table has a bold header row, frozen panes below it and an autofilter over it. The
workbook is streamed (openpyxl write-only mode: every sheet, the Temuan sheet with every
finding, goes row by row to a temporary file, so memory stays flat for 300k findings),
then zipped straight into `rl_audit.atomic.atomic_writer`'s temporary file and renamed.
The cells come from `rl_audit.report.xlsx.sheets`, which neutralises untrusted text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rl_audit.atomic import atomic_writer
from rl_audit.findings import AuditReport, Finding
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import DATETIME, TITLE_FONT, Cells, Column, header
from rl_audit.report.xlsx.charts import add_charts
from rl_audit.report.xlsx.focus import FOCUS_COLUMNS, focus_header, focus_lines, focus_rows
from rl_audit.report.xlsx.links import Copies, cell_link
from rl_audit.report.xlsx.monthly import MONTHLY_COLUMNS, blocks, charted, month_rows
from rl_audit.report.xlsx.sheets import (
    FINDING_COLUMNS,
    INPUT_COLUMNS,
    PROBLEM_COLUMNS,
    RULE_COLUMNS,
    SUMMARY_COLUMNS,
    finding_row,
    input_rows,
    outcome_row,
    problem_row,
    summary_lines,
    summary_row,
)

Links = tuple[Copies, Path]  # annotated copies, and the folder the report is written to
A4 = "9"  # openpyxl's paper size code of A4
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31


def sheet_title(name: str) -> str:
    """`name` as a valid Excel sheet name: no `[]:*?/` or backslash, no edge quote, ≤ 31 chars."""
    clean = INVALID_TITLE.sub("_", name)[:MAX_TITLE].strip("'")
    return clean or "Sheet"


def _sheet(
    wb: Workbook, key: str, lang: str, columns: list[Column], top: int = 1
) -> WriteOnlyWorksheet:
    """A new write-only sheet: column widths set, panes frozen below the header row `top`."""
    ws = wb.create_sheet(sheet_title(label(key, lang)))
    for index, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{top + 1}"
    print_setup(ws, top)
    return ws


def print_setup(ws: WriteOnlyWorksheet, top: int) -> None:
    """Print landscape, all columns on one page width, the header row `top` on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top}"


def _table(
    mk: Cells, columns: list[Column], rows: Iterable[list[Any]], lang: str, top: int
) -> None:
    """Append the header (at row `top`) and the rows; autofilter over the whole table."""
    mk.ws.append(header(mk, columns, lang))
    count = 0
    for row in rows:
        mk.ws.append(row)
        count += 1
    last = get_column_letter(len(columns))
    mk.ws.auto_filter.ref = f"A{top}:{last}{top + count}"


def _summary(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The summary sheet: heading lines, a blank line, then the OPD table."""
    lines = summary_lines(report, lang)
    top = len(lines) + 2
    mk = Cells(_sheet(wb, "xlsx_sheet_summary", lang, SUMMARY_COLUMNS, top))
    mk.ws.append([mk(lines[0][0], font=TITLE_FONT)])
    for line in lines[1:]:
        mk.ws.append([mk(v, fmt=DATETIME) if isinstance(v, datetime) else v for v in line])
    mk.ws.append([])
    _table(mk, SUMMARY_COLUMNS, (summary_row(mk, s, lang) for s in report.opds), lang, top)


def _problems(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The input problems sheet: one row per problem, errors first."""
    mk = Cells(_sheet(wb, "xlsx_sheet_problems", lang, PROBLEM_COLUMNS))
    rows = (problem_row(mk, p, lang) for p in report.problems)
    _table(mk, PROBLEM_COLUMNS, rows, lang, 1)


def finding_order(f: Finding) -> tuple[bool, int, int]:
    """Open findings first, then the most severe, then the largest amount (none last)."""
    return (
        f.status != "open",
        -f.severity.rank,
        -(f.amount_sen if f.amount_sen is not None else -1),
    )


def _findings(wb: Workbook, report: AuditReport, lang: str, links: Links) -> None:
    """The findings sheet: one row per finding, open and most severe first."""
    mk = Cells(_sheet(wb, "xlsx_sheet_findings", lang, FINDING_COLUMNS))
    copies, folder = links
    rows = (
        finding_row(mk, f, lang, cell_link(f, _cells(f), copies, folder) if copies else None)
        for f in sorted(report.findings, key=finding_order)
    )
    _table(mk, FINDING_COLUMNS, rows, lang, 1)


def _cells(f: Finding) -> str:
    """The finding's cells as the cell column shows them (`I42, I43`)."""
    return ", ".join(loc.cell for loc in f.locations if loc.cell)


def _rules(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The rules sheet: one row per rule outcome per OPD."""
    mk = Cells(_sheet(wb, "xlsx_sheet_rules", lang, RULE_COLUMNS))
    _table(mk, RULE_COLUMNS, (outcome_row(o, lang) for o in report.outcomes), lang, 1)


def _inputs(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The inputs sheet: one row per input file and sheet."""
    mk = Cells(_sheet(wb, "xlsx_sheet_inputs", lang, INPUT_COLUMNS))
    rows = (row for item in report.inputs for row in input_rows(mk, item, lang))
    _table(mk, INPUT_COLUMNS, rows, lang, 1)


def _focus(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The focus sheet: heading lines, a blank line, the focus-against-the-rest table."""
    if report.focus is None:
        return
    lines = focus_lines(report, report.focus, lang)
    top = len(lines) + 2
    mk = Cells(_sheet(wb, "xlsx_sheet_focus", lang, FOCUS_COLUMNS, top))
    mk.ws.append([mk(lines[0][0], font=TITLE_FONT)])
    for line in [*lines[1:], [], focus_header(mk, report.focus, lang)]:
        mk.ws.append(line)
    for row in focus_rows(mk, report.focus, lang):
        mk.ws.append(row)


def _monthly(wb: Workbook, report: AuditReport, lang: str) -> None:
    """The monthly sheet (one row per OPD and month) and the charts drawn from it."""
    found = blocks(report, 1)
    if not found:
        return
    mk = Cells(_sheet(wb, "xlsx_sheet_monthly", lang, MONTHLY_COLUMNS))
    rows = (row for b in found for row in month_rows(mk, b.summary, lang))
    _table(mk, MONTHLY_COLUMNS, rows, lang, 1)
    if any(charted(b.summary) for b in found):
        charts = _sheet(wb, "xlsx_sheet_charts", lang, [], 1)
        sheet = label("xlsx_sheet_monthly", lang)
        charts.append(
            [Cells(charts)(label("xlsx_charts_heading", lang, sheet=sheet), font=TITLE_FONT)]
        )
        add_charts(charts, mk.ws, found, lang)


def fill_workbook(
    report: AuditReport, lang: str = "id", copies: Copies | None = None, folder: Path = Path()
) -> Workbook:
    """The Excel report as a write-only workbook, its rows kept in openpyxl's temp files.

    `copies`: the annotated copies of this run, linked from the findings (paths relative
    to `folder`, where the report goes).
    """
    wb = Workbook(write_only=True)
    _summary(wb, report, lang)
    _problems(wb, report, lang)
    _findings(wb, report, lang, (copies or {}, folder))
    _rules(wb, report, lang)
    _inputs(wb, report, lang)
    _focus(wb, report, lang)
    _monthly(wb, report, lang)
    return wb


def build_workbook(report: AuditReport, lang: str = "id", copies: Copies | None = None) -> bytes:
    """The whole Excel report as the bytes of an .xlsx file (links relative to the cwd)."""
    buffer = io.BytesIO()
    fill_workbook(report, lang, copies).save(buffer)
    return buffer.getvalue()


def write_xlsx(
    report: AuditReport, path: Path, lang: str = "id", copies: Copies | None = None
) -> None:
    """Write the Excel report to `path` atomically, zipped straight into the file."""
    with atomic_writer(path) as fh:
        fill_workbook(report, lang, copies, path.parent).save(fh)
