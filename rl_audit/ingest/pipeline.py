"""The ingest stage end to end: paths → files → sheets → recognised documents.

Every failure becomes an `Issue` on its file or sheet; the other inputs are
still read. Inputs are opened read-only and never modified.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import EXTENSIONS, ROLE, Document, InputFile, Issue, RowRole, SheetResult
from rl_audit.ingest import isolate
from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.detect import KindMatch, detect_kind
from rl_audit.ingest.enrich import enrich
from rl_audit.ingest.header_issues import header_issues
from rl_audit.ingest.layout import PEEK_ROWS, Layout, clean_grid, find_layout
from rl_audit.ingest.normalise import build_frame, column_maps
from rl_audit.ingest.options import FileCache as FileCache  # re-exported
from rl_audit.ingest.options import IngestOptions as IngestOptions  # re-exported
from rl_audit.ingest.options import Progress as Progress  # re-exported
from rl_audit.ingest.options import display_name
from rl_audit.ingest.read import RawSheet, ReadError, open_workbook
from rl_audit.ingest.row_labels import special_labels
from rl_audit.ingest.sections import split_sections
from rl_audit.ingest.title_year import title_year
from rl_audit.ingest.workbook import share_workbook_opd

AMBIGUITY_MARGIN = 0.05


def discover(paths: list[Path]) -> list[Path]:
    """Spreadsheet files under the given files and folders, sorted, without temp files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [p for p in sorted(path.rglob("*")) if _wanted(p)]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _wanted(path: Path) -> bool:
    hidden = any(part.startswith((".", "~$")) for part in path.parts[-1:])
    return path.is_file() and not hidden and path.suffix.lower() in EXTENSIONS


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_file(path: Path, options: IngestOptions) -> InputFile:
    """Read one file: every sheet recognised or explained; never raises.

    With `options.cache`, an unchanged file comes from the cache instead of being parsed.
    """
    display = display_name(path, options.root)
    if options.cache is not None:
        return options.cache.fetch(path, display, options, read_file)
    return read_file(path, display, options)


def read_file(path: Path, display: str, options: IngestOptions) -> InputFile:
    """Parse one file (the uncached path of `ingest_file`)."""
    try:
        sheets = open_workbook(path, options.limits)
        digest = sha256(path)
    except ReadError as err:
        issue = Issue(err.key, "error", {"detail": err.detail}, file=display, sheet=err.sheet)
        return InputFile(path, display, None, "error", error=issue)
    except OSError as err:
        issue = Issue("file_corrupt", "error", {"detail": err.strerror or str(err)}, file=display)
        return InputFile(path, display, None, "error", error=issue)
    results = [_sheet(path, display, s, options) for s in sheets]
    if options.opd is None:
        share_workbook_opd([doc for r in results for doc in r.documents])
    return InputFile(path, display, digest, "ok", results)


def _sheet(path: Path, display: str, sheet: RawSheet, options: IngestOptions) -> SheetResult:
    try:
        result = _understand(path, display, sheet, options)
    except ReadError as err:
        issue = Issue(err.key, "error", {"detail": err.detail}, file=display, sheet=sheet.name)
        result = _empty_result(sheet.name, [issue])
    except Exception as err:  # noqa: BLE001 - a bad sheet must never stop the run
        detail = f"{type(err).__name__}: {err}"
        issue = Issue(
            "sheet_unreadable", "error", {"detail": detail}, file=display, sheet=sheet.name
        )
        result = _empty_result(sheet.name, [issue])
    extra = [_locate(i, display, sheet.name) for i in sheet.issues]
    result.issues[:0] = extra
    return result


def _locate(issue: Issue, file: str, sheet: str) -> Issue:
    return Issue(issue.key, issue.level, issue.params, file, sheet, issue.row, issue.cell)


def _empty_result(name: str, issues: list[Issue]) -> SheetResult:
    return SheetResult(name, [], None, 0.0, [], [], 0, {}, [], [], issues)


def _understand(path: Path, display: str, sheet: RawSheet, options: IngestOptions) -> SheetResult:
    peek = sheet.peek(PEEK_ROWS)
    if clean_grid(peek).dropna(how="all").empty:
        return _empty_result(sheet.name, [Issue("sheet_empty", file=display, sheet=sheet.name)])
    layout = find_layout(peek)
    if layout is None:
        issue = Issue("sheet_no_table", file=display, sheet=sheet.name)
        return _empty_result(sheet.name, [issue])
    title = f"{layout.title} {sheet.name}"
    matches = detect_kind(layout.headers, title, options.columns)
    best = matches[0]
    if not best.recognised:
        return _unknown(display, sheet.name, layout, matches)
    return _recognised(path, display, sheet, layout, matches, options)


def _unknown(display: str, name: str, layout: Layout, matches: list[KindMatch]) -> SheetResult:
    best = matches[0]
    issue = Issue(
        "sheet_unknown_kind",
        params={
            "best": best.kind,
            "confidence": f"{best.confidence:.2f}",
            "missing": ", ".join(best.missing) or "-",
        },
        file=display,
        sheet=name,
    )
    return SheetResult(
        name,
        [],
        None,
        best.confidence,
        layout.header_rows,
        column_maps(layout, best.mapping),
        0,
        {},
        [],
        _candidates(matches),
        [issue],
    )


def _candidates(matches: list[KindMatch]) -> list[tuple[str, float]]:
    return [(m.kind, m.confidence) for m in matches[:3]]


def _ambiguity(display: str, name: str, matches: list[KindMatch]) -> list[Issue]:
    first, second = matches[0], matches[1] if len(matches) > 1 else None
    if second and second.recognised and first.confidence - second.confidence < AMBIGUITY_MARGIN:
        return [
            Issue(
                "kind_ambiguous",
                params={"first": first.kind, "second": second.kind},
                file=display,
                sheet=name,
            )
        ]
    return []


def _recognised(
    path: Path,
    display: str,
    sheet: RawSheet,
    layout: Layout,
    matches: list[KindMatch],
    options: IngestOptions,
) -> SheetResult:
    best = matches[0]
    spec = load_kinds()[best.kind]
    raw = sheet.load(layout.first_data_row)
    frame, letters, issues = build_frame(raw, layout, best.mapping, spec)
    enrich(best.kind, frame, f"{layout.title} {sheet.name}")
    opd, opd_issues = opd_mod.identify_opd(
        registry=options.registry,
        cli=options.opd,
        fallback=options.fallback_opd,
        preamble=layout.preamble,
        title=layout.free_title,
        kode_skpd=frame.get("kode_skpd"),
        nama_skpd=frame.get("nama_skpd"),
        path=Path(display),
    )
    header = _ambiguity(display, sheet.name, matches) + header_issues(best, layout)
    issues = [_locate(i, display, sheet.name) for i in header + issues + opd_issues]
    doc = Document(
        display,
        sheet.name,
        best.kind,
        best.confidence,
        opd,
        frame,
        letters,
        layout.header_rows,
        column_maps(layout, best.mapping),
        layout.preamble,
        layout.title,
        issues,
        title_year(layout.preamble, layout.free_title.splitlines()),
    )
    forced = options.opd is not None
    whole, docs = split_sections(doc, options.registry, opd_issues, forced)
    return _result(whole, docs, layout, matches, whole.warnings, raw)


def _result(
    doc: Document,
    docs: list[Document],
    layout: Layout,
    matches: list[KindMatch],
    issues: list[Issue],
    raw: pd.DataFrame | None = None,
) -> SheetResult:
    """The sheet as `inspect` shows it (`doc`: the whole sheet) and its documents `docs`.

    `raw` (the sheet as read) gives the text of special rows that are no table rows.
    """
    roles = Counter(doc.frame[ROLE])
    special = doc.frame[doc.frame[ROLE] != RowRole.DATA.value].head(200)
    label = special_labels(special, raw)
    rows = [
        (int(r), str(role), str(label.loc[i]))
        for i, r, role in zip(special.index, special["_row"], special[ROLE], strict=True)
    ]
    return SheetResult(
        doc.sheet,
        docs,
        doc.kind,
        doc.confidence,
        layout.header_rows,
        doc.mapping,
        roles.get(RowRole.DATA.value, 0),
        dict(roles),
        rows,
        _candidates(matches),
        issues,
    )


def ingest_paths(
    paths: list[Path], options: IngestOptions, progress: Progress | None = None
) -> list[InputFile]:
    """Read every spreadsheet under `paths`; `progress(done, total, path)` after each file.

    Each file is parsed in a reader process under the budget of `options.limits`
    (`rl_audit.ingest.isolate`) unless isolation is turned off.
    """
    files = discover(paths)
    if isolate.isolated(options.limits):
        return isolate.ingest_isolated(files, options, read_file, progress)
    out = []
    for i, path in enumerate(files, 1):
        out.append(ingest_file(path, options))
        if progress is not None:
            progress(i, len(files), path)
    return out
