"""Excel error cells (`#REF!`, `#VALUE!`, `#N/A`, …) put back into a loaded sheet.

calamine (through fastexcel) turns an error cell into a missing value and lists it
apart (`to_arrow_with_errors`). A missing amount would be read as "empty" and dropped
silently, so each error cell gets its Excel text back: the parsers then report it as an
unreadable value with its cell, like any other value that is not a number or a date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pandas as pd

# calamine's CellErrorType names → the text Excel shows in the cell
ERROR_TEXT = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_DETAIL = re.compile(r"Error\((\w+)\)")


def sheet_frame(sheet: Any) -> pd.DataFrame:
    """A fastexcel sheet as pandas, error cells holding their Excel text (`#REF!`).

    Columns are still positional here (the caller names them by absolute index).
    """
    batch, errors = sheet.to_arrow_with_errors()
    frame: pd.DataFrame = batch.to_pandas()
    if errors is None:
        return frame
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for error in errors.errors:  # only the error cells: a handful per sheet
        match = _DETAIL.search(str(error.detail))
        if match:
            row, col = error.offset_position
            found[int(col)][int(row)] = ERROR_TEXT.get(match.group(1), f"#{match.group(1)}")
    for col, cells in found.items():
        name = frame.columns[col]
        patch = pd.Series(cells, dtype=object)
        frame[name] = frame[name].astype(object).where(~frame.index.isin(patch.index), patch)
    return frame
