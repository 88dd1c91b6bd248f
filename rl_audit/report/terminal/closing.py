"""The end of the terminal report: the legend of the summary table and the closing line.

The closing line is the last thing printed: `44 temuan (14 tinggi, 20 sedang, …) di 5
OPD · Rp 1,2 M berisiko · keluar 1 karena --fail-on high`. Its figures are the engine's
roll-ups (`AuditReport.by_severity`, `bpk_total`); the exit code is the CLI's decision,
passed in as an `ExitNote`, never worked out here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console

from rl_audit.findings import AuditReport
from rl_audit.messages import label, number
from rl_audit.report.terminal.guard import plain
from rl_audit.report.terminal.layout import glued

SCALES = ((10**12, "t"), (10**9, "b"), (10**6, "m"), (10**3, "k"))  # label suffix per step


@dataclass(frozen=True)
class ExitNote:
    """The exit code `check` decided on and the `--fail-on` level it decided by."""

    code: int
    fail_on: str


def rupiah_short(sen: int, lang: str) -> str:
    """`Rp 1,2 M` (miliar), `Rp 350 jt`, `Rp 7,4 rb`; `Rp 0` for nothing."""
    sign, sen = "-" if sen < 0 else "", abs(sen)
    for step, key in SCALES:
        if sen >= step * 100:
            tenths = (sen * 10 + step * 50) // (step * 100)  # rounded half up, in integers
            return f"{sign}Rp {number(tenths / 10, 1)} {label(f'term_scale_{key}', lang)}"
    return f"{sign}Rp {number((sen + 50) // 100, 0)}"


def exit_text(note: ExitNote, lang: str) -> str:
    """`keluar 1 karena --fail-on high` (or why the run passes)."""
    key = "term_exit_failed" if note.code else "term_exit_passed"
    return label(key, lang, code=note.code, level=note.fail_on)


def closing_line(report: AuditReport, lang: str, note: ExitNote | None = None) -> str:
    """The one-line summary of the run (open findings, per severity, money, exit)."""
    total = report.bpk_total
    counts = ", ".join(
        f"{t.count} {label(f'sev_{t.code}', lang)}" for t in report.by_severity if t.count
    )
    text = label(
        "term_closing",
        lang,
        count=total.count,
        counts=f" ({counts})" if counts else "",
        opds=len(report.opds),
        amount=rupiah_short(total.amount_sen, lang),
    )
    return text if note is None else f"{text} · {exit_text(note, lang)}"


def print_closing(
    report: AuditReport, console: Console, lang: str, note: ExitNote | None = None
) -> None:
    """Print the closing line in bold (the last line of the report)."""
    console.print(glued(plain(closing_line(report, lang, note), "bold")))


def print_legend(console: Console, lang: str) -> None:
    """What the summary table's `T/S/R/I` and `94,1/65 %` columns mean."""
    console.print(glued(plain(label("term_legend", lang), "dim")))
    console.print()
