"""Reading a filled working paper back, refusing one that was tampered with.

Each item row must carry the next sample id in order and a checksum matching its
values outside the auditor's columns (bound to the paper's parameters); the parameters
must match their own checksum; a misstatement must be a number from 0 up to the item's
amount. Anything else raises `PaperError` naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from rl_audit.sampling.paper import (
    CHECKSUM,
    DATA_WIDTH,
    ITEMS_SHEET,
    MISSTATEMENT,
    MONEY_KEYS,
    NOTE,
    PARAMS_SHEET,
    YES,
    digest,
    params_checksum,
    sample_id,
)


class PaperError(Exception):
    """A working paper that cannot be evaluated: `key` names the wording, `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Tested:
    """One item row as read back: amount and misstatement in sen."""

    sample_id: str
    row: int  # the paper's row
    amount: int
    certainty: bool
    misstatement: int
    note: str = ""
    stratum: int = 0


@dataclass
class Paper:
    """A filled working paper: its canonical parameters and its rows."""

    params: dict[str, Any]
    rows: list[Tested]


def read_paper(path: Path) -> Paper:
    """The paper at `path`, checked; raises PaperError (or OSError) when it cannot be used."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise PaperError("sample_bad_paper", path=path, detail=type(exc).__name__) from None
    try:
        if PARAMS_SHEET not in book.sheetnames or ITEMS_SHEET not in book.sheetnames:
            raise PaperError("sample_bad_paper", path=path, detail="sheets")
        params = _params(list(book[PARAMS_SHEET].iter_rows(min_row=2, values_only=True)))
        seal = params_checksum(params)
        rows = list(book[ITEMS_SHEET].iter_rows(min_row=2, values_only=True))
        return Paper(params, _rows(rows, seal, int(params["sample_size"])))
    finally:
        book.close()


def _params(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """The canonical parameters, checked against the checksum written with them."""
    found = {str(r[0]): _canonical(str(r[0]), r[2]) for r in rows if r and r[0]}
    found.pop("created_by", None)
    written = found.pop("checksum", None)
    if written != params_checksum(found) or "sample_size" not in found:
        raise PaperError("sample_params_edited")
    return found


def _canonical(key: str, value: Any) -> Any:
    """A parameter cell as written by `paper.parameters`: money in sen, whole numbers int."""
    if value is None:
        return None
    if key in MONEY_KEYS:
        return round(float(value) * 100)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(rows: list[tuple[Any, ...]], seal: str, size: int) -> list[Tested]:
    """Every item row checked, in order; blank rows at the end are ignored."""
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    out = [_row(list(r) + [None] * (CHECKSUM + 1 - len(r)), n, seal) for n, r in enumerate(rows, 1)]
    if len(out) != size:
        raise PaperError("sample_rows_missing", expected=size, found=len(out))
    return out


def _row(cells: list[Any], number: int, seal: str) -> Tested:
    """One item row checked: id in order, checksum, misstatement within the amount."""
    excel_row = number + 1
    values = [_canonical_item(i, v) for i, v in enumerate(cells[:DATA_WIDTH])]
    if values[0] != sample_id(number):
        raise PaperError(
            "sample_row_order", row=excel_row, found=values[0], expected=sample_id(number)
        )
    if cells[CHECKSUM] != digest(seal, *values):
        raise PaperError("sample_row_edited", row=excel_row, id=values[0])
    amount = int(values[5])
    wrong = misstatement(cells[MISSTATEMENT], excel_row)
    if wrong < 0 or wrong > amount:
        raise PaperError("sample_misstatement_range", row=excel_row, id=values[0])
    note = "" if cells[NOTE] is None else str(cells[NOTE])
    stratum = int(values[10] or 0)
    return Tested(str(values[0]), excel_row, amount, values[9] == YES, wrong, note, stratum)


def _canonical_item(position: int, value: Any) -> Any:
    """An item cell as checksummed: the amount in sen, whole numbers int, empty as None/''."""
    if position == 5 and value is not None:
        return round(float(value) * 100) if isinstance(value, int | float) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None and position in (6, 7, 8, 9):
        return ""
    return value


def misstatement(value: Any, row: int) -> int:
    """An auditor's misstatement cell in sen: a number, or Indonesian text (1.500.000,50)."""
    if value is None or value == "":
        return 0
    if isinstance(value, int | float):
        return round(float(value) * 100)
    clean = str(value).replace("Rp", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        return round(float(clean) * 100)
    except ValueError:
        raise PaperError("sample_misstatement_text", row=row, value=str(value)[:40]) from None
