"""`check --annotate` and `check --open`: the annotated copies, and the HTML in a browser.

The copies are written before the report files, so the xlsx report can link each finding
to its cell in them; a copy that could not be written still ends the run with exit 3,
after the reports are written. `--open` shows the HTML report in the default browser
(Python's `webbrowser`: the Windows, macOS or desktop Linux default); the path of every
file written is printed whatever happens, so it can be opened by hand.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from rl_audit.cli.common import cannot_run, label, say

if TYPE_CHECKING:
    from rl_audit.findings import AuditReport
    from rl_audit.report.annotate.workbook import AnnotateResult

OpenOpt = Annotated[
    bool,
    typer.Option("--open", help="Buka laporan HTML di peramban bawaan (menulisnya bila perlu)."),
]


def annotate_copies(
    report: AuditReport, folder: Path, err: Console, quiet: bool, lang: str
) -> AnnotateResult:
    """Write the annotated copies of the inputs with findings; say what was skipped."""
    from rl_audit.report.annotate.workbook import annotate

    result = annotate(report, folder, lang)
    for problem in result.problems:
        say(err, problem)
    if not quiet:
        for path in result.written:
            say(err, f"ditulis / written: {path}", "green")
    return result


def annotate_outcome(
    result: AnnotateResult | None, folder: Path | None, err: Console, lang: str
) -> None:
    """Exit 3 when a copy was built but could not be written (not when one was skipped)."""
    if result is not None and result.unwritten:
        cannot_run(err, label("annotate_unwritten", lang, count=result.unwritten, path=folder))


def html_target(targets: list[tuple[str, Path | None]]) -> Path | None:
    """The HTML report file among the planned targets, if any."""
    return next((path for fmt, path in targets if fmt == "html" and path is not None), None)


def open_html(targets: list[tuple[str, Path | None]], err: Console, lang: str) -> None:
    """Show the written HTML report in the default browser; say so when none could open it."""
    path = html_target(targets)
    if path is None:
        return
    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        say(err, label("html_open_failed", lang, path=path))
