"""The grid of a converted input (csv, xls, ods, HTML table) in its annotated copy.

Every value goes to the same row and column as in the original, so finding cells stay
put. Text is neutralised (a CSV `=cmd|...` never becomes a formula); an amount written
as text the Indonesian way (`1.234.567,50`, `0,00`, `Rp 7.350.000`, `(2.500,00)`)
becomes a number with a Rupiah number format, so the copy sums and sorts like the
ledger it came from. Plain digit strings (codes, NPWP, account numbers) stay text, as
do dates written as text. Each column gets a width fitting its longest value.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rl_audit.report.xlsx.cells import text

RUPIAH = '"Rp "#,##0.00'
DATE = "dd/mm/yyyy"
MIN_WIDTH, MAX_WIDTH = 6.0, 50.0
AMOUNT = re.compile(
    r"^(?P<open>\()?(?P<sign>[-−])?(?:Rp\.?\s*)?"
    r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}))?(?P<close>\))?$"
)


def amount(value: str) -> float | None:
    """The number an Indonesian amount text stands for, or None when it is not one.

    Plain digits (no thousands dots, decimal comma or `Rp`) are not amounts: they may be
    codes with meaningful leading zeros.
    """
    found = AMOUNT.match(value.strip())
    if found is None or bool(found["open"]) != bool(found["close"]):
        return None
    whole, cents = found["whole"], found["cents"]
    if "." not in whole and cents is None and "Rp" not in value:
        return None
    number = Decimal(whole.replace(".", "") + "." + (cents or "0"))
    negative = bool(found["sign"]) or bool(found["open"])
    return float(-number if negative else number)


def plain(value: Any) -> Any:
    """A grid value as an openpyxl cell value: None for missing, strings neutralised."""
    if value is None or isinstance(value, str):
        return text(value) or None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _put(ws: Worksheet, row: int, column: int, raw: Any) -> int:
    """Write one grid value (an amount text as a Rupiah number); return its shown length."""
    number = amount(raw) if isinstance(raw, str) else None
    if number is not None:
        ws.cell(row=row, column=column, value=number).number_format = RUPIAH
        return len(f"Rp {abs(number):,.2f}") + (number < 0)
    value = plain(raw)
    if value is None:
        return 0
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, datetime) and value.time() == time():
        cell.number_format = DATE
        return len(DATE)
    return max((len(line) for line in str(value).splitlines()), default=0)


def copy_grid(ws: Worksheet, frame: pd.DataFrame) -> None:
    """Put every value of `frame` at its row (index) and column (0-based + 1) in `ws`."""
    columns = [int(c) + 1 for c in frame.columns]
    widths: dict[int, int] = {}
    for row, *values in frame.itertuples(name=None):
        for column, raw in zip(columns, values, strict=True):
            size = _put(ws, int(row), column, raw)
            if size:
                widths[column] = max(widths.get(column, 0), size)
    for column, size in widths.items():
        width = min(max(size + 2.0, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(column)].width = width
