"""The run's input problems, computed once for every reporter and for stderr.

Collected from every input: files that could not be read, sheets that were not
understood (with why and the closest kind), unreadable cells (one issue per sheet and
column, with count and example), document warnings (an account tree that cannot be
checked), then the engine's notices (`AuditReport.notices`). To stay readable on real
exports, issues are merged:

- row-by-row issues of one sheet (`ROW_KEYS`) become one problem listing the rows;
- the same issue on several sheets of one file becomes one problem listing the sheets;
- OPD-registry notes (`INFO_KEYS`) are informational: one problem naming every OPD.

Problems are ordered error, warning, info; among warnings, what was not read at all
(sheets not understood, then unreadable cells) comes before what was read but could
not be fully checked; input order otherwise. So a short list (the terminal shows the
first few) always starts with the data that is missing, and registry notes never push
the real problems out of view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from rl_audit.documents import InputFile, Issue
from rl_audit.findings import InputProblem
from rl_audit.messages import label, render

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
NOT_READ = frozenset({"sheet_unknown_kind", "sheet_no_table", "sheet_unreadable"})
CELLS = frozenset(
    {"value_unparsed", "csv_ragged", "money_in_footer", "code_as_number", "value_ambiguous_locale"}
)
ROW_KEYS = frozenset({"csv_ragged", "money_in_footer"})  # raised once per row
INFO_KEYS = frozenset({"opd_unregistered", "sheet_empty"})  # worth knowing, not a defect
REGISTRY_KEY = "opd_unregistered"
SHEETS_SHOWN = 6  # beyond this, the first SHEETS_SHOWN - 2 and a count
ROWS_SHOWN = 5
_CELL_ROW = re.compile(r"^[A-Z]+")  # `G14` → `14`


def _file_issues(item: InputFile) -> Iterator[Issue]:
    """The file's error, its sheets' issues and document warnings not among them."""
    if item.error is not None:
        yield _placed(item.error, item.display, None)
    for sheet in item.sheets:
        issues = list(sheet.issues)
        for doc in sheet.documents:  # one per OPD section of a consolidated sheet
            issues += [w for w in doc.warnings if w not in issues]
        for issue in issues:
            yield _placed(issue, item.display, sheet.sheet)


def _placed(issue: Issue, file: str, sheet: str | None) -> Issue:
    """The issue with its file and sheet filled in when it did not name them."""
    return replace(issue, file=issue.file or file, sheet=issue.sheet or sheet)


def _severity(issue: Issue) -> str:
    """The level as raised (error / warning); registry notes and empty sheets are info."""
    if issue.level == "error":
        return "error"
    return "info" if issue.key in INFO_KEYS or issue.level == "info" else "warning"


def _one(issue: Issue) -> InputProblem:
    """A single issue as a problem; one naming several cells keeps every cell and row."""
    cells = tuple(str(c) for c in issue.params.get("cells") or ())
    rows = tuple(int(_CELL_ROW.sub("", c) or 0) for c in cells)
    if not cells and issue.row is not None and issue.cell is None:
        rows = (issue.row,)
    return InputProblem(
        _severity(issue),
        issue.key,
        dict(issue.params),
        issue.file,
        (issue.sheet,) if issue.sheet else (),
        rows,
        issue.cell,
        cells=cells,
    )


def _params_key(params: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in params.items()))


def _merge(
    problems: list[InputProblem],
    key: Callable[[InputProblem], tuple[Any, ...]],
    joins: Callable[[InputProblem], bool],
    combine: Callable[[InputProblem, InputProblem], InputProblem],
) -> list[InputProblem]:
    """Problems with the same `key` folded into the first (`combine`) where `joins` allows."""
    out: list[InputProblem] = []
    seen: dict[tuple[Any, ...], int] = {}
    for p in problems:
        k = key(p)
        if not joins(p) or k not in seen:
            seen.setdefault(k, len(out))
            out.append(p)
            continue
        out[seen[k]] = combine(out[seen[k]], p)
    return out


def _merge_rows(problems: list[InputProblem]) -> list[InputProblem]:
    """Row-by-row issues of one sheet as one problem (the first one's wording, all rows)."""
    return _merge(
        problems,
        lambda p: (p.severity, p.key, p.file, p.sheets),
        lambda p: p.key in ROW_KEYS,
        lambda a, b: replace(a, rows=a.rows + b.rows, count=a.count + b.count),
    )


def _merge_sheets(problems: list[InputProblem]) -> list[InputProblem]:
    """The same issue (same wording and cell) on several sheets of a file as one problem."""
    return _merge(
        problems,
        lambda p: (p.severity, p.key, p.file, _params_key(p.params), p.rows, p.cell),
        lambda p: bool(p.sheets),
        lambda a, b: replace(a, sheets=a.sheets + b.sheets, count=a.count + b.count),
    )


def _registry(problems: list[InputProblem]) -> list[InputProblem]:
    """Every `opd_unregistered` note as one informational problem naming each OPD once."""
    notes = [p for p in problems if p.key == REGISTRY_KEY]
    if not notes:
        return problems
    names = {f"{p.params.get('name', '?')} ({p.params.get('code', '?')})": None for p in notes}
    merged = InputProblem(
        "info",
        "problem_opd_unregistered",
        {"count": len(names), "opds": "; ".join(names)},
        count=sum(p.count for p in notes),
    )
    return [p for p in problems if p.key != REGISTRY_KEY] + [merged]


def collect(inputs: Iterable[InputFile], notices: Iterable[Issue] = ()) -> list[InputProblem]:
    """Every input problem of a run (files, sheets, cells, documents, notices), merged, ordered."""
    raw = [_one(i) for item in inputs for i in _file_issues(item)]
    raw += [_one(n) for n in notices]
    merged = _registry(_merge_sheets(_merge_rows(raw)))
    return sorted(merged, key=_rank)


def _rank(p: InputProblem) -> tuple[int, int]:
    """Severity first; then sheets not read, unreadable cells, the rest (errors as met)."""
    kind = 0 if p.severity == "error" or p.key in NOT_READ else 1 if p.key in CELLS else 2
    return SEVERITY_ORDER.get(p.severity, 1), kind


def where(p: InputProblem, lang: str) -> str:
    """`file › sheet, sheet › C84` (or `› baris 12, 15`); empty for a run-wide problem."""
    shown = p.sheets if len(p.sheets) <= SHEETS_SHOWN else p.sheets[: SHEETS_SHOWN - 2]
    sheets = ", ".join(shown)
    if len(shown) < len(p.sheets):
        sheets += " " + label("problem_more_sheets", lang, count=len(p.sheets) - len(shown))
    spot = p.cell or ""
    if p.rows and not p.cell:
        rows = ", ".join(str(r) for r in p.rows[:ROWS_SHOWN])
        more = len(p.rows) - ROWS_SHOWN
        spot = label("problem_rows", lang, rows=rows + (" …" if more > 0 else ""))
    return " › ".join(part for part in (p.file, sheets, spot) if part)


def message(p: InputProblem, lang: str) -> str:
    """The problem's wording (catalog or label), with the count of merged rows."""
    text = render(p.key, lang, **p.params)
    if len(p.rows) > 1 and not p.cells:  # a cell list names its cells in the message
        text += " " + label("problem_row_count", lang, count=len(p.rows))
    return text


def line(p: InputProblem, lang: str) -> str:
    """`where: message` (just the message for a run-wide problem)."""
    spot = where(p, lang)
    return f"{spot}: {message(p, lang)}" if spot else message(p, lang)
