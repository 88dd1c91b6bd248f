"""Open a spreadsheet file safely and expose its sheets as raw, positioned grids.

`open_workbook` tells the format from the bytes (never from the extension):
xlsx/xlsm and ods (zip), xls (OLE2/BIFF), HTML tables saved with an `.xls`
name, and CSV/text. Cheap guards run before any parsing (size, zip bombs, XML
entities, encryption; see `rl_audit.ingest.guards`), then guards that read what the
reader will read, never trusting the file's own sizes (the real inflated size of the
XML parts, each sheet's real extent: `rl_audit.ingest.sheet_guards`); every failure
becomes a `ReadError` whose `key` names a message in `rl_audit.messages`. The input file is
only ever opened read-only. CSV/text and HTML are read by `rl_audit.ingest.read_text`.

Frames returned by `RawSheet.peek`/`load` are indexed by the row number the user
sees (Excel row; CSV line where the record starts; HTML table row, all 1-based)
and their columns are 0-based absolute column indexes (`column_letter(c)`).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

import fastexcel
import pandas as pd

from rl_audit.ingest import guards
from rl_audit.ingest.cell_errors import sheet_frame
from rl_audit.ingest.limits import BUDGET_FIELDS as BUDGET_FIELDS  # re-exported
from rl_audit.ingest.limits import DEFAULT_LIMITS, Limits, ReadError
from rl_audit.ingest.limits import column_letter as column_letter  # re-exported
from rl_audit.ingest.raw_sheet import RawSheet as RawSheet  # re-exported
from rl_audit.ingest.raw_sheet import RefusedSheet, check_row_args
from rl_audit.ingest.xlsx_peek import peek_xlsx

# fastexcel logs a warning for every all-empty column it types as string.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2}) 00:00:00")
_BAD_COLUMN = re.compile(r"could not determine dtype for column (\S+)")
_MAX_HEIGHT = re.compile(r"Too many rows skipped\. Max height is (\d+)")


def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Object-dtype copy: None for missing cells, midnight datetimes shown as dates."""
    data = {col: [_tidy(v) for v in frame[col].tolist()] for col in frame.columns}
    return pd.DataFrame(data, index=frame.index, columns=frame.columns, dtype=object)


def _tidy(value: Any) -> Any:
    """NaN → None, `2025-01-07 00:00:00` → `2025-01-07`; anything else unchanged."""
    if isinstance(value, str):
        match = _MIDNIGHT.fullmatch(value)
        return match.group(1) if match else value
    return None if pd.isna(value) else value


PEEK_CACHE_ROWS = 60


class ExcelSheet(RawSheet):
    """A worksheet of an xlsx/xls/ods workbook, read through fastexcel (calamine)."""

    def __init__(
        self, reader: fastexcel.ExcelReader, index: int, name: str, fmt: str, data: bytes = b""
    ) -> None:
        super().__init__(name, fmt)
        self._reader = reader
        self._index = index
        self._data = data
        self._peeked: tuple[int, pd.DataFrame] | None = None

    def peek(self, n_rows: int) -> pd.DataFrame:
        """First `n_rows` sheet rows as text; cached, as calamine parses the whole sheet."""
        check_row_args(n_rows, 0, "n_rows")
        if self._peeked is None or self._peeked[0] < n_rows:
            wanted = max(n_rows, PEEK_CACHE_ROWS)
            frame = self._stream_peek(wanted)
            if frame is None:
                frame = _text_frame(self._fetch(skip_rows=0, n_rows=wanted, dtypes="string"))
            self._peeked = (wanted, frame)
        return self._peeked[1].head(n_rows)

    def _stream_peek(self, n_rows: int) -> pd.DataFrame | None:
        """For xlsx: the first rows straight from the sheet XML (milliseconds, not seconds)."""
        if self.fmt != "xlsx" or not self._data:
            return None
        try:
            frame = peek_xlsx(self._data, self.name, n_rows)
        except Exception:  # noqa: BLE001 - any surprise: fall back to calamine
            return None
        return None if frame is None else _text_frame(frame)

    def load(self, first_row: int) -> pd.DataFrame:
        """Rows from `first_row` on, typed over the whole column (no sampling)."""
        check_row_args(first_row, 1, "first_row")
        return self._fetch(skip_rows=first_row - 1, schema_sample_rows=None)

    def _fetch(self, skip_rows: int, **options: Any) -> pd.DataFrame:
        """Load rows after `skip_rows`; columns absolute, index = sheet row numbers."""
        dtypes: dict[str, str] = {}
        if "dtypes" not in options:
            options["dtypes"] = dtypes
        for _ in range(256):
            try:
                sheet = self._reader.load_sheet(
                    self._index, header_row=None, skip_rows=skip_rows, **options
                )
                frame = sheet_frame(sheet)
            except Exception as exc:  # calamine/fastexcel errors have no common base
                skip_rows = self._recover(exc, skip_rows, dtypes)
                continue
            frame.columns = pd.Index([c.absolute_index for c in sheet.selected_columns])
            frame.index = pd.RangeIndex(skip_rows + 1, skip_rows + 1 + len(frame))
            return frame
        raise ReadError("sheet_unreadable", "too many mixed-type columns", sheet=self.name)

    def _recover(self, exc: Exception, skip_rows: int, dtypes: dict[str, str]) -> int:
        """Fix what a failed load complained about, or raise `sheet_unreadable`."""
        message = str(exc)
        column = _BAD_COLUMN.search(message)
        mixed = (fastexcel.UnsupportedColumnTypeCombinationError, fastexcel.CalamineCellError)
        if isinstance(exc, mixed) and column and column.group(1) not in dtypes:
            dtypes[column.group(1)] = "string"  # durations mixed with dates, error cells
            return skip_rows
        height = _MAX_HEIGHT.search(message)
        if height and int(height.group(1)) < skip_rows:
            return int(height.group(1))  # first_row below the last row: empty frame
        raise ReadError("sheet_unreadable", _short(exc), sheet=self.name) from exc


def open_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Open `path` read-only and return its non-empty sheets; raise `ReadError`."""
    path = Path(path)
    data = guards.read_bytes(path, limits)
    try:
        if data.startswith(guards.ZIP_MAGIC):
            sheets = _open_zip(data, limits)
        elif data.startswith(guards.OLE_MAGIC):
            sheets = _open_ole(data, limits)
        else:
            from rl_audit.ingest.read_text import open_text  # imports this module

            sheets = open_text(path, data, limits)
    except ReadError:
        raise
    except Exception as exc:  # any parser failure means the file is damaged
        raise ReadError("file_corrupt", _short(exc)) from exc
    if not sheets:
        raise ReadError("file_empty", "no sheet holds a filled cell")
    return sheets


def _short(exc: BaseException) -> str:
    """First line of an exception message, at most 160 characters."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text.removeprefix("calamine error: ")[:160]


def _open_zip(data: bytes, limits: Limits) -> list[RawSheet]:
    """Guard a zip container, then read it as xlsx or ods."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ReadError("file_corrupt", f"not a valid ZIP container: {_short(exc)}") from exc
    from rl_audit.ingest import sheet_guards  # imports this module

    with archive:
        guards.check_members(archive, limits)
        guards.check_entities(archive)
        fmt = _zip_format(archive)
        refused: dict[str, ReadError] = {}
        if fmt == "xlsx":
            refused = sheet_guards.xlsx_refusals(data, archive, limits)
        else:
            sheet_guards.check_ods(data, archive, limits)
    return _excel_sheets(data, fmt, refused)


def _zip_format(archive: zipfile.ZipFile) -> str:
    """Tell xlsx from ods by the container's parts; anything else is unsupported."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            if member.read(100).strip() == ODS_MIME:
                return "ods"
    if any(n.startswith("word/") for n in names):
        raise ReadError("file_unsupported", "Word document")
    raise ReadError("file_unsupported", "ZIP archive without a workbook")


def _open_ole(data: bytes, limits: Limits) -> list[RawSheet]:
    """Read an OLE2 container as BIFF xls, after the encryption and extent checks."""
    from rl_audit.ingest import sheet_guards  # imports this module

    guards.check_ole(data)
    sheet_guards.check_xls(data, limits)
    return _excel_sheets(data, "xls")


def _excel_sheets(
    data: bytes, fmt: str, refused: dict[str, ReadError] | None = None
) -> list[RawSheet]:
    """Open with calamine; keep the sheets that have at least one cell.

    A sheet in `refused` (by name) is never given to calamine: it stays as a
    `RefusedSheet` whose error is reported for that sheet.
    """
    try:  # from the checked bytes, never from the path: they cannot change meanwhile
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel's error classes share no useful base
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise ReadError("file_encrypted", _short(exc)) from exc
        detail = _short(exc).replace("Cannot detect file format", f"unreadable {fmt} content")
        raise ReadError("file_corrupt", detail) from exc
    refused = refused or {}
    sheets: list[RawSheet] = [
        RefusedSheet(n, fmt, refused[n]) if n in refused else ExcelSheet(reader, i, n, fmt, data)
        for i, n in enumerate(reader.sheet_names)
    ]
    return [s for s in sheets if _has_cells(s)]


def _has_cells(sheet: RawSheet) -> bool:
    """Whether a sheet has a cell; an unreadable sheet counts (its peek will say why)."""
    try:
        return bool(sheet.peek(PEEK_CACHE_ROWS).notna().any().any())
    except ReadError:  # reported later, per sheet, as sheet_unreadable
        return True
