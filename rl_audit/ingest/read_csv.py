"""CSV text → a padded grid of text rows (for `rl_audit.ingest.read_text`).

Real exports put a title block of one-field lines above the table, quote every field
(also as `"No", "Tanggal"` with a space after the delimiter, or as Excel text formulas
`="1.02.01"`), and sometimes start with Excel's `sep=;` line. The delimiter is sniffed
over the records that have at least two fields, so a preamble longer than the table
does not hide it; a `sep=` line names it outright.

Rows are numbered by the line where each record starts (quoted fields may span lines).
Empty fields become None; the whitespace of other fields is kept.

Line breaks: LF and CRLF end a line; a CR alone ends one only in a file whose lines end
with CR (old Mac exports, also mixed with LF/CRLF: at least as many lone CRs as LFs). In
an LF/CRLF file a stray CR inside a field is data: it stays in the field and does not
start a record.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from rl_audit.documents import Issue
from rl_audit.ingest.extent import Extent, refusal
from rl_audit.ingest.limits import DEFAULT_LIMITS, Limits, ReadError

Cell = str | None
Grid = tuple[list[list[Cell]], list[int]]  # rows, 1-based row number of each row

DELIMITERS = (",", ";", "\t")
SNIFF_RECORDS = 100
HEAD_CHARS = 65536
_EXCEL_TEXT = re.compile(r'(?:(?<=[,;\t\r\n])|^)="')  # `="0012"` at the start of a field
_SEP_LINE = re.compile(r'^\ufeff?"?sep=(?P<sep>[,;\t|])"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_BARE_CR = re.compile(r"\r(?!\n)")
_CR_MARKS = ("\ue001", "\ue002", "\ue003", "\ufdd0", "\ufdd1")  # stand-ins for a stray CR


@dataclass(frozen=True)
class Dialect:
    """How a CSV text is split: the delimiter, and whether quotes follow `, ` (spaced)."""

    delimiter: str
    spaced: bool = False


def _records(text: str, dialect: Dialect) -> Iterator[tuple[int, list[str]]]:
    """Yield (line where the record starts, fields); CR, LF and CRLF all end a line."""
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=dialect.delimiter,
        skipinitialspace=dialect.spaced,
        strict=False,
    )
    consumed = 0
    for fields in reader:
        yield consumed + 1, fields
        consumed = reader.line_num


def usual_width(counts: list[int]) -> tuple[int, int]:
    """Most common field count of at least 2 (ties: the smaller) and how many records have it.

    One-field records (title lines, blank lines) never decide the width: `(0, 0)` when
    no record has two fields.
    """
    tally = Counter(c for c in counts if c >= 2)
    if not tally:
        return 0, 0
    width = min(tally, key=lambda w: (-tally[w], w))
    return width, tally[width]


def _spaced(text: str, delimiter: str) -> bool:
    """Whether quoted fields start after the delimiter and a space (`"No", "Tanggal"`)."""
    head = text[:HEAD_CHARS]
    pattern = re.escape(delimiter) + r'[ ]+"'
    return len(re.findall(pattern, head)) > head.count(delimiter) // 3


def sniff_dialect(text: str) -> Dialect:
    """Pick `,`, `;` or tab: the one giving most records of one width (≥ 2 fields), then wider.

    A first line `sep=;` (Excel's hint) names the delimiter outright.
    """
    hint = _SEP_LINE.match(text)
    if hint:
        return Dialect(hint["sep"], _spaced(text, hint["sep"]))
    best, best_score = Dialect(DELIMITERS[0]), (0, 0)
    for delimiter in DELIMITERS:
        dialect = Dialect(delimiter, _spaced(text, delimiter))
        try:
            counts = [len(f) for _, f in islice(_records(text, dialect), SNIFF_RECORDS)]
        except csv.Error:
            continue
        width, hits = usual_width(counts)
        if (hits, width) > best_score:
            best, best_score = dialect, (hits, width)
    return best


def sniff_delimiter(text: str) -> str:
    """The delimiter `sniff_dialect` picks."""
    return sniff_dialect(text).delimiter


def _cell(field: str, mark: str | None = None) -> Cell:
    """An empty field is None; Excel's text formula `="0012"` is its text `0012`.

    `mark` is the stand-in of a stray CR (see `_protect_cr`), put back here.
    """
    if mark is not None and mark in field:
        field = field.replace(mark, "\r")
    if field == "":
        return None
    if field.startswith('="') and field.endswith('"') and len(field) >= 3:
        return field[2:-1].replace('""', '"') or None
    return field


def _protect_cr(text: str) -> tuple[str, str | None]:
    """Hide stray CRs of an LF/CRLF text behind a stand-in, so the reader keeps them as data.

    A text with as many lone CRs as LFs or more has CR line endings (also mixed with
    LF/CRLF): it is left as it is.
    """
    lone = text.count("\r") - text.count("\r\n")
    if lone == 0 or lone >= text.count("\n"):
        return text, None
    mark = next((m for m in _CR_MARKS if m not in text), None)
    return (text, None) if mark is None else (_BARE_CR.sub(mark, text), mark)


def parse_csv(
    text: str, sheet: str, file: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[Grid, list[Issue]]:
    """Parse CSV text into a padded grid; flag records wider than the usual width.

    A record with more fields than usual keeps all its fields (extra columns) and
    gets a `csv_ragged` warning. A leading `sep=` line becomes a blank row. A grid
    past `limits` (rows, columns, cells) raises `sheet_too_large` before it is built.
    """
    _check_delimiters(text, sheet, limits)
    text, mark = _protect_cr(_EXCEL_TEXT.sub('"', text))  # `="1,5"` → the quoted field "1,5"
    dialect = sniff_dialect(text)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for line, fields in _records(text, dialect):
        hint = line == 1 and _SEP_LINE.match(text)
        rows.append([] if hint else [_cell(f, mark) for f in fields])
        numbers.append(line)
        if len(rows) > limits.max_rows or len(fields) > limits.max_columns:
            _check_grid(len(rows), len(fields), sheet, limits)  # stop at once: it raises
    _check_grid(len(rows), max((len(r) for r in rows), default=0), sheet, limits)
    expected, _ = usual_width([len(r) for r in rows])
    issues = [
        Issue(
            "csv_ragged",
            params={"fields": len(row), "expected": expected},
            file=file,
            sheet=sheet,
            row=number,
        )
        for row, number in zip(rows, numbers, strict=True)
        if expected and len(row) > expected
    ]
    return (_pad(rows), numbers), issues


def _check_delimiters(text: str, sheet: str, limits: Limits) -> None:
    """Refuse a text with more delimiters than a grid may have cells (before any parsing)."""
    most = max(text.count(d) for d in DELIMITERS)
    if most > limits.max_cells:
        detail = f"{most} field delimiters > {limits.max_cells} cells"
        raise ReadError("sheet_too_large", detail, sheet=sheet)


def _check_grid(n_rows: int, width: int, sheet: str, limits: Limits) -> None:
    """Refuse a grid whose padded size passes `limits`."""
    error = refusal(Extent(n_rows, width), limits, sheet)
    if error is not None:
        raise error


def _pad(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Pad every row with None to the width of the widest row."""
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]
