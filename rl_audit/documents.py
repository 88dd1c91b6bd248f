"""Data passed from the ingest stage to the rest of the pipeline.

A `Document` is one recognised sheet: a DataFrame with canonical columns plus
provenance columns (`_row` = Excel row number, `_role` = row role), and for each
canonical column the source column letter, so any finding can name its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

ROW = "_row"
ROLE = "_role"
UNREADABLE = "_unreadable"  # the row holds a cell that could not be read (said as an issue)
EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"})  # files ingest reads


class RowRole(StrEnum):
    """What a row below the header is: only `data` rows are transactions."""

    DATA = "data"
    OPENING = "opening"  # Saldo Awal / Saldo Sebelumnya
    SUBTOTAL = "subtotal"  # a parent node of a code tree (5.1.02 above its leaves)
    DETAIL = "detail"  # a komponen line under a leaf account (no code of its own)
    TOTAL = "total"  # Jumlah / Total / J U M L A H
    COLNUM = "colnum"  # the 1 2 3 ... row under a header
    HEADING = "heading"  # a block heading inside the table (LHP Nomor … Tanggal …), repeated header
    PAGE = "page"  # page furniture of a printed export: repeated header/title, `Halaman N`
    CARRY = "carry"  # a carried-over total at a page break (Jumlah dipindahkan / pindahan)
    SECTION = "section"  # the row that opens one OPD's section of a consolidated sheet
    FOOTER = "footer"  # signature block, notes (Mengetahui, NIP.)


@dataclass(frozen=True)
class Issue:
    """A problem met while reading input: wording comes from the message catalog.

    `key` names a catalog entry; `params` fill its template. `level` is
    `error` (the file or sheet could not be used) or `warning`.
    """

    key: str
    level: str = "warning"
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    cell: str | None = None


@dataclass(frozen=True)
class OpdRef:
    """An OPD as identified for a sheet: `registered` is False when unknown."""

    code: str
    name: str
    registered: bool = True
    source: str = ""  # where it was found: cli, title, column, path
    short: str = field(default="", compare=False)  # display name, e.g. "PUPRKP"

    @property
    def label(self) -> str:
        """The short name when known, else the name."""
        return self.short or self.name


@dataclass(frozen=True)
class ColumnMap:
    """How one source column was understood."""

    letter: str  # Excel column letter, e.g. "C"
    header: str  # the header text as joined from the header rows
    canonical: str | None  # canonical column name, or None when kept as extra
    match: str | None = None  # how: exact, contained, synonym, config (None for extras)


@dataclass
class Document:
    """One recognised sheet, normalised: canonical columns + `_row` + `_role`."""

    file: str
    sheet: str
    kind: str
    confidence: float
    opd: OpdRef | None
    frame: pd.DataFrame
    columns: dict[str, str]  # canonical name -> source column letter
    header_rows: list[int]
    mapping: list[ColumnMap]
    preamble: dict[str, str] = field(default_factory=dict)
    title: str = ""
    warnings: list[Issue] = field(default_factory=list)
    title_year: int | None = None  # the year the title states (TAHUN ANGGARAN 2015)

    def data(self) -> pd.DataFrame:
        """Rows that are transactions (role `data`)."""
        return self.frame[self.frame[ROLE] == RowRole.DATA.value]


@dataclass(frozen=True)
class SectionSummary:
    """One document of a split sheet as `inspect` lists it."""

    first_row: int  # Excel rows
    last_row: int
    opd: OpdRef | None
    data_rows: int


def section_summaries(docs: list[Document]) -> list[SectionSummary]:
    """The sections of a split sheet (none for a sheet read as one document)."""
    if len(docs) < 2:
        return []
    return [
        SectionSummary(
            int(d.frame[ROW].min()),
            int(d.frame[ROW].max()),
            d.opd,
            int((d.frame[ROLE] == RowRole.DATA.value).sum()),
        )
        for d in docs
        if not d.frame.empty
    ]


@dataclass
class SheetResult:
    """What `inspect` shows for one sheet, whether or not it was recognised.

    `documents` holds one document per recognised sheet, or one per OPD section of a
    consolidated sheet (`rl_audit.ingest.sections`); none when not recognised. The
    counts and special rows describe the whole sheet.
    """

    sheet: str
    documents: list[Document]
    kind: str | None
    confidence: float
    header_rows: list[int]
    mapping: list[ColumnMap]
    data_rows: int
    role_counts: dict[str, int]
    special_rows: list[tuple[int, str, str]]  # (excel row, role, first text)
    candidates: list[tuple[str, float]]
    issues: list[Issue] = field(default_factory=list)

    @property
    def document(self) -> Document | None:
        """The sheet's first document (the only one unless the sheet was split), or None."""
        return self.documents[0] if self.documents else None

    @property
    def sections(self) -> list[SectionSummary]:
        """The OPD sections of a consolidated sheet (empty for a sheet read as one document)."""
        return section_summaries(self.documents)


@dataclass
class InputFile:
    """One input file: its hash, status and sheets (or the error that stopped it)."""

    path: Path
    display: str
    sha256: str | None
    status: str  # ok | error
    sheets: list[SheetResult] = field(default_factory=list)
    error: Issue | None = None

    def documents(self) -> list[Document]:
        """The recognised documents of this file."""
        return [doc for s in self.sheets for doc in s.documents]
