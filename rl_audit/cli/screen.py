"""What `rl-audit check` prints on the terminal: `--format lines`, the report, `--statistics`.

Kept out of `rl_audit.cli.check` (its options and flow); the reporters are imported when
the command runs, so `--help` stays fast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rl_audit.findings import AuditReport, OpdSummary

StatisticsOpt = Annotated[
    bool,
    typer.Option(
        "--statistics",
        help="Jumlah dan nilai temuan terbuka per aturan (setelah laporan, atau sendiri).",
    ),
]


@dataclass(frozen=True)
class Screen:
    """The terminal side of a check: explanation, quiet, statistics, the exit decided."""

    explain: OpdSummary | None
    quiet: bool
    statistics: bool
    code: int  # the exit code `check` decided on
    fail_on: str  # the --fail-on level it decided by
    cap: int  # findings shown per rule and OPD


def print_screen(
    report: AuditReport,
    formats: list[str],
    screen: Screen,
    consoles: tuple[Console, Console],
    lang: str,
) -> None:
    """`--format lines` on stdout, then the report (or score explanation) or `--statistics`.

    `consoles`: the report's (stdout) and where `--statistics` alone goes (stderr when
    JSON is on stdout). The report ends with its closing line, naming `screen.code`.
    """
    out, side = consoles
    from rl_audit.report.lines import write_lines
    from rl_audit.report.terminal.closing import ExitNote
    from rl_audit.report.terminal.statistics import print_statistics
    from rl_audit.report.terminal.summary import print_explanation, print_report

    if "lines" in formats:
        write_lines(report.findings, sys.stdout, lang)
    note = ExitNote(screen.code, screen.fail_on)
    if screen.explain is not None:
        print_explanation(screen.explain, out, lang)
    elif "table" in formats and not screen.quiet:
        print_report(report, out, lang, screen.cap, note, screen.statistics)
    elif screen.statistics:
        print_statistics(report, side, lang)
