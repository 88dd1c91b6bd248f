"""Where `check --format … --output …` writes each report, and the writer of each format.

`table` goes to the terminal (stdout). File formats (`json`, `xlsx`, `html`) go to
`--output`: one file format → that file (a folder when PATH is an existing folder);
several → PATH is a folder that gets `rl-audit-report.<ext>` each. Without
`--output`, a lone `json` goes to stdout and other file formats to
`rl-audit-report.<ext>` in the working folder. Every file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rl_audit.atomic import write_text_atomic
from rl_audit.findings import AuditReport
from rl_audit.report.json_report import to_json

BASENAME = "rl-audit-report"
STDOUT = None  # a plan target meaning "standard output"


class OutputError(ValueError):
    """Formats and --output do not fit together (a usage error)."""


def _write_json(report: AuditReport, path: Path, lang: str) -> None:
    write_text_atomic(path, to_json(report, lang) + "\n")


def writer(fmt: str) -> Callable[[AuditReport, Path, str], None]:
    """Return the writer (report, path, lang) of a file format (reporters imported when needed)."""
    if fmt == "xlsx":
        from rl_audit.report.xlsx_report import write_xlsx

        return write_xlsx
    if fmt == "html":
        from rl_audit.report.html_report import write_html

        return write_html
    return _write_json


def plan(formats: list[str], output: Path | None) -> list[tuple[str, Path | None]]:
    """(format, target) for each requested file format; target None = stdout."""
    files = list(dict.fromkeys(f for f in formats if f != "table"))
    if not files:
        if output is not None:
            raise OutputError("--output perlu / needs --format json, xlsx atau/or html")
        return []
    if output is None:
        if files == ["json"] and "table" not in formats:
            return [("json", STDOUT)]
        return [(f, Path(f"{BASENAME}.{f}")) for f in files]
    if len(files) == 1 and not output.is_dir():
        return [(files[0], output)]
    if output.exists() and not output.is_dir():
        raise OutputError(
            f"--output {output}: harus folder / must be a folder for {len(files)} formats"
        )
    return [(f, output / f"{BASENAME}.{f}") for f in files]


def write(report: AuditReport, targets: list[tuple[str, Path | None]], lang: str) -> list[Path]:
    """Write every planned file (stdout targets excluded); return the paths written."""
    written = []
    for fmt, target in targets:
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            writer(fmt)(report, target, lang)
            written.append(target)
    return written
