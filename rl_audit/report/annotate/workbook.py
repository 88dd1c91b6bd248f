"""Annotated copies of the input workbooks (`rl-audit check --annotate DIR`).

For every input read without error that has at least one finding located in it, one
`.xlsx` copy is written in its OPD's folder under the output folder
(`annotated/Dinkes/bku_2025.csv.xlsx`: the OPD's short name, made safe; "Beberapa OPD"
for a file of several OPDs). xlsx/xlsm inputs keep their name (suffix `.xlsx`); other
formats get `.xlsx` appended to their name (`bku_2025.csv.xlsx`); two inputs of one OPD
with the same name get ` (2)`, … so copies never collide, and an input is never
overwritten. `AnnotateResult.copies` says where each went, for the Excel report's links.

- xlsx/xlsm: the original is read once (bytes, checked against the hash taken by the
  run) and loaded with openpyxl, formulas kept, macros dropped; only the in-memory copy
  changes. What openpyxl cannot keep (charts, images, pivot tables) is not in the copy.
- csv, xls, ods, HTML tables: every sheet's raw grid is read with the project's reader
  and put into the same rows and columns of a new sheet (`annotate.grid`), so finding
  cells stay put; amounts become numbers in a Rupiah format, columns get fitting widths,
  string values are neutralised (a CSV `=cmd|...` never becomes a formula).

Marked cells get a fill by severity and a comment (see `annotate_marks`), and a first
sheet lists the file's findings with links. A file that cannot be annotated is reported
in `AnnotateResult.problems` (catalog wording) and the others are still written; nothing
is raised. Memory guard: a sheet over `MAX_ROWS` rows, a file over `MAX_CELLS` cells (or,
for xlsx, over `MAX_SHEET_XML` bytes of sheet XML) is skipped as too large to annotate.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from rl_audit.atomic import write_bytes_atomic
from rl_audit.documents import InputFile
from rl_audit.findings import AuditReport
from rl_audit.ingest import guards
from rl_audit.ingest.read import DEFAULT_LIMITS, RawSheet, ReadError, open_workbook
from rl_audit.messages import label, render
from rl_audit.report.annotate.grid import copy_grid
from rl_audit.report.annotate.marks import Mark, add_findings_sheet, apply_marks, marks_by_file
from rl_audit.report.xlsx.links import AnnotatedCopy
from rl_audit.report.xlsx.report import sheet_title

MAX_ROWS = 200_000  # rows of one sheet
MAX_CELLS = 2_000_000  # rows × columns of all sheets of one file (~0.5 GB in openpyxl)
MAX_SHEET_XML = 100 * 1024**2  # uncompressed sheet XML of one xlsx (dimension tags can lie)
KEEP_NAME = (".xlsx", ".xlsm")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_DRIVE = re.compile(r"^[A-Za-z]:$")


@dataclass
class AnnotateResult:
    """What `annotate` did: the copies written and, per file it skipped, why (in `lang`)."""

    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    copies: dict[str, AnnotatedCopy] = field(default_factory=dict)  # by the input's display
    unwritten: int = 0  # copies built but not written (the folder or disk refused them)


class AnnotateError(Exception):
    """A file cannot be annotated; `key` names an `annotate_*` label, `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def safe_parts(display: str) -> list[str]:
    """The folder and file names of `display` that are safe below an output folder.

    Both separators split; empty, `.` and `..` parts, a leading drive letter and
    characters Windows or a terminal would choke on are dropped or replaced.
    """
    parts: list[str] = []
    for raw in re.split(r"[\\/]+", display):
        if not parts and _DRIVE.match(raw):
            continue
        part = _UNSAFE.sub("_", raw).strip().rstrip(". ")
        if part:
            parts.append(part)
    return parts or ["input"]


def _names(name: str) -> Iterator[str]:
    """Candidate output names for an input called `name`, best first (endless)."""
    keep = Path(name).suffix.lower() in KEEP_NAME
    first = Path(name).stem + ".xlsx" if keep else name + ".xlsx"
    yield first
    if keep:
        yield name + ".xlsx"
    number = 2
    while True:
        yield f"{first[:-5]} ({number}).xlsx"
        number += 1


def output_path(out_dir: Path, display: str, taken: set[Path], opd: str | None = None) -> Path:
    """Where the copy of input `display` goes: inside `out_dir`, not a path in `taken`.

    With `opd` (a folder name, see `opd_folder`) the copy goes to `out_dir/<opd>/<file>`,
    else at the input's relative path. The chosen path is added to `taken` (which should
    hold every input path, resolved); a name already taken gets ` (2)`, ` (3)`, ….
    """
    parts = safe_parts(display)
    folder = out_dir.joinpath(*parts[:-1]) if opd is None else out_dir / opd
    root = out_dir.resolve()
    for name in _names(parts[-1]):
        target = folder / name
        resolved = target.resolve()
        if root not in resolved.parents:  # e.g. a symlinked folder inside out_dir
            raise AnnotateError("annotate_outside", path=str(target))
        if resolved not in taken:
            taken.add(resolved)
            return target
    raise AssertionError("unreachable")  # pragma: no cover - _names never ends


def _read(item: InputFile) -> bytes:
    """The input's bytes (size guards applied), refused when they changed since the run."""
    data = guards.read_bytes(item.path, DEFAULT_LIMITS)
    if item.sha256 is not None and hashlib.sha256(data).hexdigest() != item.sha256:
        raise AnnotateError("annotate_changed")
    return data


def _is_xlsx(data: bytes) -> bool:
    """Whether `data` is an OOXML workbook openpyxl can load (not xlsb, not ods)."""
    if not data.startswith(guards.ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


def _check_rows(sheet: str, rows: int, cells: int) -> None:
    """Raise `AnnotateError` when a sheet's rows or the file's cells are over the limits."""
    if rows > MAX_ROWS:
        raise AnnotateError("annotate_too_many_rows", sheet=sheet, rows=rows, limit=MAX_ROWS)
    if cells > MAX_CELLS:
        raise AnnotateError("annotate_too_many_cells", cells=cells, limit=MAX_CELLS)


def _check_xlsx(data: bytes) -> None:
    """Zip guards, then sheet XML size and each sheet's dimension against the limits."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        guards.check_members(archive, DEFAULT_LIMITS)
        guards.check_entities(archive)
        infos = archive.infolist()
        xml = sum(i.file_size for i in infos if i.filename.startswith("xl/worksheets/"))
    if xml > MAX_SHEET_XML:
        size_mb, limit_mb = f"{xml / 1024**2:.0f}", f"{MAX_SHEET_XML / 1024**2:.0f}"
        raise AnnotateError("annotate_too_large_xml", size_mb=size_mb, limit_mb=limit_mb)
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        cells = 0
        for ws in book.worksheets:
            if ws.max_row is None or ws.max_column is None:
                ws.calculate_dimension(force=True)  # streams the sheet, little memory
            rows = ws.max_row or 0
            cells += rows * (ws.max_column or 0)
            _check_rows(ws.title, rows, cells)
    finally:
        book.close()


def _load_xlsx(data: bytes) -> tuple[Workbook, dict[str, str]]:
    """The workbook in memory, formulas kept, macros dropped; sheet names map to themselves."""
    _check_xlsx(data)
    wb = load_workbook(io.BytesIO(data), keep_vba=False, data_only=False)
    return wb, {name: name for name in wb.sheetnames}


def _unique_title(name: str, used: set[str]) -> str:
    """`name` as a valid sheet title not yet in `used` (compared case-blind); recorded."""
    base = title = sheet_title(name)
    number = 1
    while title.casefold() in used:
        number += 1
        title = f"{base[: 31 - len(str(number)) - 3]} ({number})"
    used.add(title.casefold())
    return title


def _convert(path: Path) -> tuple[Workbook, dict[str, str]]:
    """A new workbook holding every sheet's raw grid in the same cells as the original."""
    wb = Workbook()
    wb.remove(wb.active)
    titles: dict[str, str] = {}
    used: set[str] = set()
    cells = 0
    sheet: RawSheet
    for sheet in open_workbook(path, DEFAULT_LIMITS):
        frame = sheet.load(1)
        rows = int(frame.index.max()) if len(frame) else 0
        cells += rows * (int(max(frame.columns)) + 1 if len(frame.columns) else 0)
        _check_rows(sheet.name, rows, cells)
        titles[sheet.name] = _unique_title(sheet.name, used)
        copy_grid(wb.create_sheet(titles[sheet.name]), frame)
    return wb, titles


def annotated_bytes(item: InputFile, marks: list[Mark], lang: str = "id") -> bytes:
    """The annotated copy of one input as the bytes of an .xlsx file; raises on problems."""
    return _build(item, marks, lang)[0]


def _build(item: InputFile, marks: list[Mark], lang: str) -> tuple[bytes, dict[str, str]]:
    """The copy's bytes and the title in it of each input sheet; raises on problems."""
    data = _read(item)
    with warnings.catch_warnings():  # openpyxl warns about every extension it drops
        warnings.simplefilter("ignore")
        wb, titles = _load_xlsx(data) if _is_xlsx(data) else _convert(item.path)
    del data
    apply_marks(wb, marks, titles, lang)
    add_findings_sheet(wb, marks, titles, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), titles


def _short(exc: BaseException) -> str:
    """First line of an exception message (its class name when empty), at most 160 chars."""
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:160]


def _reason(exc: Exception, lang: str) -> str:
    """Why a file could not be annotated, in `lang`."""
    if isinstance(exc, AnnotateError):
        return label(exc.key, lang, **exc.params)
    if isinstance(exc, ReadError):
        return render(exc.key, lang, **exc.params)
    return label("annotate_failed", lang, detail=_short(exc))


def opd_folder(marks: list[Mark], lang: str) -> str:
    """The folder of a file's copy, safe as one folder name: its OPD's short name.

    A file with findings of several OPDs, or of none recognised, gets a folder saying so.
    """
    opds = {m.finding.opd.code: m.finding.opd for m in marks if m.finding.opd is not None}
    known = [o for o in opds.values() if o.code != "?"]
    if len(opds) > 1:
        name = label("annotate_folder_several", lang)
    elif known:
        name = known[0].label
    else:
        name = label("annotate_folder_unknown", lang)
    return "_".join(safe_parts(name))


def _one(
    item: InputFile, marks: list[Mark], out_dir: Path, lang: str, taken: set[Path]
) -> AnnotatedCopy:
    """Build and write the copy of one input (in its OPD's folder); say where it went."""
    target = output_path(out_dir, item.display, taken, opd_folder(marks, lang))
    data, titles = _build(item, marks, lang)
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise AnnotateError("annotate_write_failed", path=str(target), detail=_short(exc)) from exc
    return AnnotatedCopy(target, titles)


def annotate(report: AuditReport, out_dir: Path, lang: str = "id") -> AnnotateResult:
    """Write an annotated copy of each input with findings under `out_dir`; never raises.

    Inputs that were not read (status error) or have no finding are not copied.
    """
    result = AnnotateResult()
    marks = marks_by_file(report)
    taken = {Path(item.path).resolve() for item in report.inputs}
    for item in report.inputs:
        if item.status != "ok" or not marks.get(item.display):
            continue
        try:
            copy = _one(item, marks[item.display], Path(out_dir), lang, taken)
            result.written.append(copy.path)
            result.copies[item.display] = copy
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            reason = _reason(exc, lang)
            if isinstance(exc, AnnotateError) and exc.key == "annotate_write_failed":
                result.unwritten += 1
            result.problems.append(
                label("annotate_problem", lang, file=item.display, reason=reason)
            )
    return result
