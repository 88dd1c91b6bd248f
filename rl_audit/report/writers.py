"""Where `check --format … --output …` writes each report, and the writer of each format.

`table` goes to the terminal (stdout). File formats (`json`, `xlsx`, `html`, `temuan`)
go to `--output`: one file format → that file (a folder when PATH is an existing folder);
several → PATH is a folder that gets `rl-audit-report.<ext>` each. Without
`--output`, a lone `json` goes to stdout and other file formats to
`rl-audit-report.<ext>` in the working folder. Every file is written atomically.
`temuan` (draft findings) writes Markdown to a `.md` name, else a .docx (`<ext>` docx).

Outputs never replace what they must not (`check_targets`, before the run): a planned
file that exists as a folder, device, FIFO or socket, or that is one of the run's input
files (a file given as input, or a spreadsheet inside an input folder), is refused
(a usage error, exit 2); the atomic writer itself only ever replaces regular files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rl_audit.atomic import NotRegularFileError, atomic_writer, check_replaceable
from rl_audit.documents import EXTENSIONS
from rl_audit.findings import AuditReport
from rl_audit.messages import label
from rl_audit.report.bounds import MAX_LOCATIONS
from rl_audit.report.json_report import write_json

if TYPE_CHECKING:
    from rl_audit.report.xlsx.links import Copies

BASENAME = "rl-audit-report"
FILE_EXTENSIONS = {"temuan": "docx"}  # a format's file extension, when not its name
STDOUT = None  # a plan target meaning "standard output"


class OutputError(ValueError):
    """Formats and --output do not fit together (a usage error)."""


class WriteFailed(OSError):
    """A planned report file could not be written; `path` names it."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.path = path


def _write_json(report: AuditReport, path: Path, lang: str) -> None:
    """Stream the JSON report into `path`, atomically (one finding encoded at a time)."""
    with atomic_writer(path) as fh:
        write_json(report, fh, lang)


def writer(
    fmt: str, max_locations: int = MAX_LOCATIONS, copies: Copies | None = None
) -> Callable[[AuditReport, Path, str], None]:
    """Return the writer (report, path, lang) of a file format (reporters imported when needed).

    `max_locations` caps the findings the HTML report lists per rule and OPD; the JSON and
    the xlsx hold every finding. `copies`: the run's annotated copies, linked from the xlsx.
    """
    if fmt == "xlsx":
        from rl_audit.report.xlsx.report import write_xlsx

        return partial(write_xlsx, copies=copies)
    if fmt == "html":
        from rl_audit.report.html.report import write_html

        return partial(write_html, max_locations=max_locations)
    if fmt == "temuan":
        from rl_audit.report.temuan.write import write_temuan

        return partial(write_temuan, max_locations=max_locations)
    return _write_json


def plan(formats: list[str], output: Path | None) -> list[tuple[str, Path | None]]:
    """(format, target) for each requested file format; target None = stdout."""
    files = list(dict.fromkeys(f for f in formats if f != "table"))
    if not files:
        if output is not None:
            raise OutputError("--output perlu / needs --format json, xlsx, html atau/or temuan")
        return []
    if output is None:
        if files == ["json"] and "table" not in formats:
            return [("json", STDOUT)]
        return [(f, Path(f"{BASENAME}.{FILE_EXTENSIONS.get(f, f)}")) for f in files]
    if len(files) == 1 and not output.is_dir():
        return [(files[0], output)]
    if output.exists() and not output.is_dir():
        raise OutputError(
            f"--output {output}: harus folder / must be a folder for {len(files)} formats"
        )
    return [(f, output / f"{BASENAME}.{FILE_EXTENSIONS.get(f, f)}") for f in files]


def write(
    report: AuditReport,
    targets: list[tuple[str, Path | None]],
    lang: str,
    max_locations: int = MAX_LOCATIONS,
    copies: Copies | None = None,
) -> list[Path]:
    """Write every planned file (stdout targets excluded); return the paths written.

    `copies` (from `check --annotate`) are linked from the xlsx report's findings.
    """
    written = []
    for fmt, target in targets:
        if target is not None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                writer(fmt, max_locations, copies)(report, target, lang)
            except OSError as exc:
                raise WriteFailed(target, exc) from exc
            written.append(target)
    return written


def check_targets(
    targets: list[tuple[str, Path | None]], inputs: list[Path], lang: str = "id"
) -> None:
    """Refuse (OutputError, in `lang`) a planned file that must not be replaced.

    That is a path that exists as anything but a regular file (a folder, a device, a
    FIFO, a socket; links followed), or an existing input file of the run (`inputs`:
    the files and folders the run reads).
    """
    for _, target in targets:
        if target is None:
            continue
        try:
            check_replaceable(target)
        except NotRegularFileError:
            raise OutputError(label("output_not_file", lang, path=target)) from None
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise OutputError(label("output_unusable", lang, path=target, detail=detail)) from None
        if is_input(target, inputs):
            raise OutputError(label("output_is_input", lang, path=target))


def is_input(target: Path, inputs: list[Path]) -> bool:
    """Whether `target` is an existing input file: given as one, or a spreadsheet in a folder."""
    if not target.is_file():
        return False
    places = {target.absolute(), target.resolve()}
    for source in inputs:
        if source.is_dir():
            folders = (source.absolute(), source.resolve())
            inside = any(p.is_relative_to(f) for p in places for f in folders)
            if inside and target.suffix.lower() in EXTENSIONS:
                return True
        elif source.exists() and os.path.samefile(source, target):
            return True
    return False


def writable_folder(folder: Path) -> str | None:
    """None when files can be created in `folder` (created when absent), else why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
