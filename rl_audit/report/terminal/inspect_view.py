"""`rl-audit inspect` output: how each sheet was understood (table or JSON).

Spreadsheet text (file and sheet names, headers, cell text) is shown through
`terminal_safe.plain`: never parsed as markup, control characters made visible.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from rl_audit.documents import InputFile, Issue, OpdRef, SheetResult
from rl_audit.messages import by_language, render
from rl_audit.report.terminal.guard import plain

SPECIAL_SHOWN = 8


def issue_text(issue: Issue, lang: str) -> str:
    """`file › sheet › cell: message` for an issue."""
    where = " › ".join(x for x in (issue.file, issue.sheet, issue.cell) if x)
    if issue.row and not issue.cell:
        where += f" › {'baris' if lang == 'id' else 'row'} {issue.row}"
    return f"{where}: {render(issue.key, lang, **issue.params)}"


def _opd_label(opd: OpdRef | None, lab: dict[str, str]) -> str:
    if opd is None:
        return lab["none"]
    flag = "" if opd.registered else f" ({lab['unregistered']})"
    return f"{opd.code} {opd.name}{flag}"


def _opd_text(sheet: SheetResult, lab: dict[str, str]) -> str:
    parts = sheet.sections
    if parts:
        count = len({p.opd.code for p in parts if p.opd is not None})
        return lab["sections_opd"].format(count=count)
    doc = sheet.document
    return _opd_label(None if doc is None else doc.opd, lab)


def _print_sections(console: Console, sheet: SheetResult, lab: dict[str, str]) -> None:
    """The OPD sections of a consolidated sheet: Excel rows, OPD, data rows."""
    parts = sheet.sections
    if parts:
        console.print(plain(f"  {lab['sections']}:"))
    for p in parts:
        span = lab["rows_span"].format(first=p.first_row, last=p.last_row)
        line = f"    {span}: {_opd_label(p.opd, lab)} — {lab['rows'].lower()}: {p.data_rows}"
        console.print(plain(line))


def _mapping_table(sheet: SheetResult, lab: dict[str, str]) -> Table:
    table = Table(title=lab["mapping"], show_edge=False, title_justify="left")
    for name in (lab["column"], lab["text"], lab["canonical"], lab["match"]):
        table.add_column(name)
    for m in sheet.mapping:
        how = lab.get(f"match_{m.match}", m.match or "") if m.canonical else ""
        table.add_row(m.letter, plain(m.header), m.canonical or lab["unmapped"], how)
    return table


def _sheet_block(console: Console, file: InputFile, sheet: SheetResult, lang: str) -> None:
    lab = by_language("inspect_", lang)
    console.print(plain(f"■ {file.display} › {sheet.sheet}", style="bold"))
    kind = sheet.kind or lab["unknown"]
    console.print(plain(f"  {lab['kind']}: {kind} ({lab['confidence']} {sheet.confidence:.2f})"))
    console.print(plain(f"  {lab['opd']}: {_opd_text(sheet, lab)}"))
    console.print(
        plain(
            f"  {lab['header']}: {', '.join(map(str, sheet.header_rows)) or '-'}"
            f"   {lab['rows']}: {sheet.data_rows}"
        )
    )
    _print_sections(console, sheet, lab)
    names = by_language("role_", lang)
    if sheet.role_counts:
        roles = ", ".join(f"{names[k]} {v}" for k, v in sorted(sheet.role_counts.items()))
        console.print(plain(f"  {lab['special']}: {roles}"))
    for row, role, text in sheet.special_rows[:SPECIAL_SHOWN]:
        console.print(plain(f"    {lab['row']} {row}: {names[role]}  {text}"))
    if len(sheet.special_rows) > SPECIAL_SHOWN:
        console.print(plain(f"    … {len(sheet.special_rows) - SPECIAL_SHOWN} {lab['more']}"))
    if sheet.mapping:
        console.print(_mapping_table(sheet, lab))
    for issue in sheet.issues:
        style = "red" if issue.level == "error" else "yellow"
        console.print(plain(f"  ! {issue_text(issue, lang)}", style=style))


def print_inspect(files: list[InputFile], console: Console, lang: str = "id") -> None:
    """Print how every sheet of every file was understood."""
    for file in files:
        if file.error is not None:
            console.print(plain(f"✗ {issue_text(file.error, lang)}", style="bold red"))
            continue
        for sheet in file.sheets:
            _sheet_block(console, file, sheet, lang)
            console.print()


def _issue_json(issue: Issue, lang: str) -> dict[str, Any]:
    return {
        "code": issue.key,
        "level": issue.level,
        "message": render(issue.key, lang, **issue.params),
        "file": issue.file,
        "sheet": issue.sheet,
        "row": issue.row,
        "cell": issue.cell,
    }


def _opd_json(opd: OpdRef | None) -> dict[str, Any] | None:
    if opd is None:
        return None
    return {"code": opd.code, "name": opd.name, "registered": opd.registered, "source": opd.source}


def _sections_json(sheet: SheetResult) -> list[dict[str, Any]]:
    """The OPD sections of a consolidated sheet (empty for a sheet read as one document)."""
    return [
        {"rows": [p.first_row, p.last_row], "opd": _opd_json(p.opd), "data_rows": p.data_rows}
        for p in sheet.sections
    ]


def _sheet_json(sheet: SheetResult, lang: str) -> dict[str, Any]:
    doc = sheet.document
    sections = _sections_json(sheet)
    opd = None if doc is None or sections else _opd_json(doc.opd)
    return {
        "sheet": sheet.sheet,
        "document": sheet.kind,
        "confidence": sheet.confidence,
        "opd": opd,
        "title_year": None if doc is None else doc.title_year,
        "header_rows": sheet.header_rows,
        "data_rows": sheet.data_rows,
        "row_roles": sheet.role_counts,
        "candidates": [list(c) for c in sheet.candidates],
        "columns": [
            {"letter": m.letter, "header": m.header, "canonical": m.canonical, "match": m.match}
            for m in sheet.mapping
        ],
        "special_rows": [{"row": r, "role": role, "text": t} for r, role, t in sheet.special_rows],
        "sections": sections,
        "warnings": [_issue_json(i, lang) for i in sheet.issues],
    }


def inspect_json(files: list[InputFile], lang: str = "id") -> dict[str, Any]:
    """The inspect result as a JSON-ready dict."""
    return {
        "inputs": [
            {
                "file": f.display,
                "sha256": f.sha256,
                "status": f.status,
                "error": None if f.error is None else _issue_json(f.error, lang),
                "sheets": [_sheet_json(s, lang) for s in f.sheets],
            }
            for f in files
        ]
    }
