"""`write_temuan`: the draft findings as Markdown or .docx, by the output file's suffix.

`.md` or `.markdown` (any case) writes Markdown; any other name a Word document (.docx).
Without `--output` the file is `rl-audit-report.docx`.
"""

from __future__ import annotations

from pathlib import Path

from rl_audit.findings import AuditReport
from rl_audit.report.bounds import MAX_LOCATIONS

MARKDOWN = (".md", ".markdown")
EXTENSION = "docx"  # the default file's extension


def write_temuan(
    report: AuditReport, path: Path, lang: str = "id", max_locations: int = MAX_LOCATIONS
) -> None:
    """Write the draft findings of `report` into `path` (Markdown for `.md`, else .docx)."""
    if path.suffix.lower() in MARKDOWN:
        from rl_audit.report.temuan.markdown import write_markdown

        write_markdown(report, path, lang, max_locations)
    else:
        from rl_audit.report.temuan.docx import write_docx

        write_docx(report, path, lang, max_locations)
