"""The spending part of a budget sheet, found by its root whatever the code format.

SIPD codes (`5.1.02…`), Permendagri 13/2006 codes (`5.2.2…`) and codes prefixed with the
organisation (`1.06.01.00.00.5.2.2…`, or programs `1.06.1.06.01.00.15` under `Belanja
Langsung`) all put spending below one root row: the row coded `5`, or named `BELANJA`,
`BELANJA DAERAH` or `BELANJA DESA`. Spending rows run from that root to the next
revenue or financing head (`PENDAPATAN…`, `PEMBIAYAAN…`, codes `4` and `6`) or the
`JUMLAH BELANJA` / `SURPLUS / (DEFISIT)` line. A sheet without such a root (a SIPD
realisation list, a bare list of accounts) counts the rows whose code starts with `5`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.documents import ROLE, RowRole
from rl_audit.ingest.codetree import normal_codes
from rl_audit.ingest.values import fold_text

_HEAD = r"belanja(?: daerah| desa)?"
_OTHER = (
    r"(?:jumlah )?(?:(?:penerimaan |pengeluaran )?pembiayaan|pendapatan)(?: daerah| desa)?"
    r"|jumlah belanja(?: daerah| desa)?|surplus\b.*|defisit\b.*"
)


def _codes_labels(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Normalised codes and folded row labels (`uraian`, else the code cell's text)."""
    raw = frame["kode_rekening"].astype("string")
    label = frame["uraian"].astype("string").fillna(raw) if "uraian" in frame else raw
    return normal_codes(raw), fold_text(label).fillna("")


def _flag(mask: pd.Series) -> np.ndarray:
    """A nullable boolean Series as a plain boolean array (NA is False)."""
    return mask.fillna(False).to_numpy(dtype=bool)


def _roots(code: pd.Series, label: pd.Series, totals: bool = False) -> np.ndarray:
    """Rows heading the spending part: coded `5` or named `BELANJA (DAERAH|DESA)`.

    With `totals`, the `JUMLAH BELANJA` line too.
    """
    pattern = rf"(?:jumlah )?{_HEAD}" if totals else _HEAD
    return _flag(label.str.fullmatch(pattern)) | _flag(code == "5")


def spending_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows of a document frame (every role, in row order) inside its spending part."""
    code, label = _codes_labels(frame)
    head = _roots(code, label)
    if not head.any():
        return pd.Series(_flag(code.str.match(r"^5(?:\.|$)")), index=frame.index)
    end = _flag(label.str.fullmatch(_OTHER)) | _flag(code.isin(["4", "6"]))
    marks = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    marks[end] = False
    marks[head] = True
    return marks.ffill().fillna(False).astype(bool)


def spending_total(frame: pd.DataFrame, column: str) -> int | None:
    """A document's spending in `column` (sen): its root row, else the sum of its leaves.

    None when the document states no value there (a DPA has no realised spending).
    """
    if column not in frame.columns or "kode_rekening" not in frame.columns:
        return None
    code, label = _codes_labels(frame)
    values = frame[column]
    stated = values[_roots(code, label, totals=True) & _flag(values.notna())]
    if len(stated):
        return int(stated.iloc[0])
    leaves = np.array(spending_rows(frame), dtype=bool)
    if ROLE in frame:
        leaves &= _flag(frame[ROLE] == RowRole.DATA.value)
    below = values[leaves]
    return int(below.sum()) if below.notna().any() else None


def largest_total(
    docs: list[Any] | None, frame: pd.DataFrame, column: str
) -> tuple[int, int] | None:
    """(document number, total) of the document stating the largest spending in `column`.

    One OPD's documents often restate one budget (a DPA and twelve cumulative monthly
    reports): they are not added up. Without documents, `frame` stands for document 0.
    """
    frames = [d.frame for d in docs] if docs else [frame]
    totals = [(t, i) for i, t in enumerate(spending_total(f, column) for f in frames)]
    stated = [(t, i) for t, i in totals if t is not None]
    if not stated:
        return None
    total, number = max(stated)
    return number, total


def spending_function(docs: list[Any] | None, frame: pd.DataFrame) -> Callable[[Any], Any]:
    """The expression function `spending(kode_rekening)` over `frame`.

    It tells whether each row lies in its document's spending part (rows map to their
    documents by `_doc` / `_idx`; without documents, the rows alone are looked at).
    """

    def spending(code: Any) -> Any:
        if not docs or "_doc" not in frame or "_idx" not in frame:
            alone = pd.DataFrame({"kode_rekening": code}, index=frame.index)
            return spending_rows(alone.assign(uraian=frame.get("uraian")))
        out = pd.Series(False, index=frame.index)
        for i, doc in enumerate(docs):
            at = (frame["_doc"] == i).to_numpy(dtype=bool)
            if at.any():
                inside = spending_rows(doc.frame).reindex(frame.loc[at, "_idx"])
                out[at] = _flag(inside)
        return out

    return spending
