"""Links from the Excel report's findings to the cells of the annotated copies.

`check --annotate DIR` writes a marked copy of each input with findings
(`rl_audit.report.annotate`); the Temuan sheet of a report written in the same run then
makes each finding's cell column a `HYPERLINK` to its first cell in that copy
(`annotated/dinkes/bku.xlsx#'BKU'!F18`), relative to the report's folder so the two can
be moved together. Every part that came from an input (path, sheet name, cell text) is
quoted for the formula string: `"` doubled, `'` doubled inside the sheet name; a link
Excel could not hold (over 255 characters) is left out and the cell stays plain text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rl_audit.findings import Finding

MAX_LINK = 255  # characters of a string argument of an Excel formula
A1 = re.compile(r"^\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}$")


@dataclass(frozen=True)
class AnnotatedCopy:
    """Where the annotated copy of one input went, and its sheets' titles in the copy."""

    path: Path
    titles: Mapping[str, str] = field(default_factory=dict)  # input sheet → title in the copy


Copies = Mapping[str, AnnotatedCopy]  # by the input's display path


def relative_target(copy: Path, report_dir: Path) -> str:
    """The copy's path from the report's folder (`/`-separated); absolute across drives."""
    try:
        return Path(os.path.relpath(copy.absolute(), report_dir.absolute())).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return copy.absolute().as_posix()


def _quoted(text: str) -> str:
    """`text` inside an Excel formula string literal."""
    return text.replace('"', '""')


def cell_link(f: Finding, shown: str, copies: Copies, report_dir: Path) -> str | None:
    """`=HYPERLINK("copy#'Sheet'!C18","shown")` to the first cell of `f`, or None.

    `shown` is the cell's text (the linked cell's address when empty).
    """
    located = [loc for loc in f.locations if loc.cell or loc.row]
    if not located:
        return None
    loc = located[0]
    copy = copies.get(loc.file)
    if copy is None:
        return None
    sheet = copy.titles.get(loc.sheet, loc.sheet).replace("'", "''")
    cell = (loc.cell or f"A{loc.row}").replace("$", "")
    if not A1.match(cell):
        return None
    target = f"{relative_target(copy.path, report_dir)}#'{sheet}'!{cell}"
    shown = shown or cell
    if len(target) > MAX_LINK or len(shown) > MAX_LINK:
        return None
    return f'=HYPERLINK("{_quoted(target)}","{_quoted(shown)}")'
