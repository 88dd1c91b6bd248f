"""Open a spreadsheet file safely and expose its sheets as raw, positioned grids.

`open_workbook` tells the format from the bytes (never from the extension):
xlsx/xlsm and ods (zip), xls (OLE2/BIFF), HTML tables saved with an `.xls`
name, and CSV/text. Cheap guards run before any parsing (size, zip bombs, XML
entities, encryption; see `rl_audit.ingest.guards`); every failure becomes a
`ReadError` whose `key` names a message in `rl_audit.messages`. The input file is
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
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastexcel
import pandas as pd

from rl_audit.documents import Issue
from rl_audit.ingest import guards  # a module import: guards imports this module too
from rl_audit.ingest.cell_errors import sheet_frame
from rl_audit.ingest.xlsx_peek import peek_xlsx

# fastexcel logs a warning for every all-empty column it types as string.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2}) 00:00:00")
_BAD_COLUMN = re.compile(r"could not determine dtype for column (\S+)")
_MAX_HEIGHT = re.compile(r"Too many rows skipped\. Max height is (\d+)")


@dataclass(frozen=True)
class Limits:
    """Resource limits checked before a file is parsed."""

    max_bytes: int = 200 * 1024**2  # file size limit
    max_uncompressed: int = 2 * 1024**3  # total uncompressed size of a zip container
    max_ratio: float = 200.0  # compression ratio limit for any member > 1 MB
    max_members: int = 10_000


DEFAULT_LIMITS = Limits()


class ReadError(Exception):
    """A file (or one sheet) cannot be read; `key` names a message catalog entry.

    `params` holds the template parameters for the message (always `detail`,
    plus `size_mb`/`limit_mb` for `file_too_large`).
    """

    def __init__(self, key: str, detail: str = "", sheet: str | None = None, **params: Any) -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
        self.sheet = sheet
        self.params: dict[str, Any] = {"detail": detail, **params}


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


class RawSheet(ABC):
    """One sheet of an input file, before any interpretation.

    `peek(n)` returns the first n rows as text; `load(first_row)` returns the
    rows from `first_row` on, typed where the format has types. Both raise
    `ReadError("sheet_unreadable", sheet=name)` when the sheet cannot be read.
    """

    def __init__(self, name: str, fmt: str, issues: list[Issue] | None = None) -> None:
        self.name = name
        self.fmt = fmt
        self.issues: list[Issue] = list(issues or [])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.fmt} {self.name!r}>"

    @abstractmethod
    def peek(self, n_rows: int) -> pd.DataFrame:
        """Return the first `n_rows` rows from row 1, every cell a `str` or None."""

    @abstractmethod
    def load(self, first_row: int) -> pd.DataFrame:
        """All rows from row `first_row` (1-based) to the end."""


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


def check_row_args(value: int, minimum: int, what: str) -> None:
    """Raise ValueError when a row count/number argument is below `minimum` (a caller bug)."""
    if value < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {value}")


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
            sheets = _open_ole(data)
        else:
            from rl_audit.ingest.read_text import open_text  # imports this module

            sheets = open_text(path, data)
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
    with archive:
        guards.check_members(archive, limits)
        guards.check_entities(archive)
        fmt = _zip_format(archive)
    return _excel_sheets(data, fmt)


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


def _open_ole(data: bytes) -> list[RawSheet]:
    """Read an OLE2 container as BIFF xls, after the encryption checks."""
    guards.check_ole(data)
    return _excel_sheets(data, "xls")


def _excel_sheets(data: bytes, fmt: str) -> list[RawSheet]:
    """Open with calamine; keep the sheets that have at least one cell."""
    try:  # from the checked bytes, never from the path: they cannot change meanwhile
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel's error classes share no useful base
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise ReadError("file_encrypted", _short(exc)) from exc
        detail = _short(exc).replace("Cannot detect file format", f"unreadable {fmt} content")
        raise ReadError("file_corrupt", detail) from exc
    names = reader.sheet_names
    sheets = [ExcelSheet(reader, i, n, fmt, data) for i, n in enumerate(names)]
    return [s for s in sheets if _has_cells(s)]


def _has_cells(sheet: ExcelSheet) -> bool:
    """Whether a sheet has a cell; an unreadable sheet counts (its peek will say why)."""
    try:
        return bool(sheet.peek(PEEK_CACHE_ROWS).notna().any().any())
    except ReadError:  # reported later, per sheet, as sheet_unreadable
        return True
