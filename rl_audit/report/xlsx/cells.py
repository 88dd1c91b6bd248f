"""The cell layer of the Excel reports: formats, fills, column specs, safe text cells.

`text` makes any report string safe for a cell (characters an xlsx file cannot hold
dropped, over-long text cut to Excel's limit, formula-like text neutralised by
`rl_audit.report.untrusted.cell_value`); `Cells` builds styled write-only cells. Used by
the Excel report (`rl_audit.report.xlsx`) and the annotated copies (`report.annotate`).
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rl_audit.messages import label, labels
from rl_audit.report.untrusted import cell_value, printable

MAX_CELL_TEXT = 32_767  # Excel's limit of characters in one cell
MONEY = "#,##0.00"
SCORE = "0.0"
PERCENT = "0.0%"
CONFIDENCE = "0.00"
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
HEADER_FONT = Font(bold=True)
LINK_FONT = Font(color="FF0563C1", underline="single")
TITLE_FONT = Font(bold=True, size=14)


def _fill(rgb: str) -> PatternFill:
    """A solid background of colour `rgb`."""
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


BAND_FILL = {"siap": _fill("FFC6EFCE"), "perlu_perbaikan": _fill("FFFFEB9C")}
BAND_FILL["belum_siap"] = _fill("FFFFC7CE")
BAND_FILL["data_belum_lengkap"] = _fill("FFE4DFEC")
SEVERITY_FILL = {"high": _fill("FFFFC7CE"), "medium": _fill("FFFFEB9C")}
SEVERITY_FILL.update(low=_fill("FFDDEBF7"), info=_fill("FFEDEDED"))

Column = tuple[str, float]  # (label key of the header, column width)


def text(value: str | None) -> str | None:
    """Untrusted text made safe for a cell: storable, within the limit, never a formula."""
    if value is None:
        return None
    clean = ILLEGAL_CHARACTERS_RE.sub("", printable(value))[:MAX_CELL_TEXT]
    return str(cell_value(clean))


class Cells:
    """Cells of one write-only sheet; each distinct style is resolved only once.

    Setting a fill or number format on a cell makes openpyxl look the style up in the
    workbook's style tables; with 100k findings that dominates, so a styled prototype
    per style is kept and its style array copied (as openpyxl's own sheet copier does).
    """

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self._protos: dict[tuple[int, str | None, int], tuple[Any, Any, WriteOnlyCell]] = {}

    def __call__(
        self,
        value: Any,
        fill: PatternFill | None = None,
        fmt: str | None = None,
        font: Font | None = None,
    ) -> WriteOnlyCell:
        """A cell holding `value` (strings must already have passed `text`), styled."""
        key = (id(fill), fmt, id(font))
        entry = self._protos.get(key)
        if entry is None:  # the entry keeps fill and font alive, so their ids stay unique
            entry = self._protos[key] = (fill, font, self._styled(fill, fmt, font))
        out = WriteOnlyCell(self.ws, value=value)
        out._style = copy(entry[2]._style)
        return out

    def _styled(self, fill: PatternFill | None, fmt: str | None, font: Font | None) -> Any:
        """A prototype cell carrying one style."""
        proto = WriteOnlyCell(self.ws)
        if fill is not None:
            proto.fill = fill
        if fmt is not None:
            proto.number_format = fmt
        if font is not None:
            proto.font = font
        return proto

    def money(self, sen: int | None) -> WriteOnlyCell | None:
        """Rupiah exact from sen as a number cell, or nothing when there is no amount."""
        return None if sen is None else self(sen / 100, fmt=MONEY)


def excel_date(iso: str | None) -> date | datetime | None:
    """An ISO date or timestamp as an Excel date value (a timestamp's own wall time).

    Excel keeps no time zone: a timestamp is written as the time it shows in its zone
    (the run's zone, WIB by default). Text that is not ISO gives None.
    """
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if len(iso) <= 10:
        return moment.date()
    return moment.replace(tzinfo=None)


def word(prefix: str, value: str, lang: str) -> str:
    """The catalog word `prefix_value` (the raw value when the catalog has none)."""
    key = f"{prefix}_{value}"
    return label(key, lang) if key in labels() else str(text(value))


def header(mk: Cells, columns: list[Column], lang: str) -> list[WriteOnlyCell]:
    """The bold header row of a table."""
    return [mk(label(key, lang), font=HEADER_FONT) for key, _ in columns]
