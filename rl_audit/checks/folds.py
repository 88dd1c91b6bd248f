"""Value folds for matching keys: many spellings of one thing → one canonical text.

`tax_type` folds the ways a ledger writes a tax to one name (findings catalog, second
wave, PJK-01/PJK-02): `PPh 21` = `PPh Ps. 21` = `PPh Pasal 21` = `PPh21` = `Pajak
Penghasilan Pasal 21`; `PPh 4 (2)` = `PPh Ps 4 ayat 2` = `PPh Final`; `PPN` = `Pajak
Pertambahan Nilai`; likewise 15, 22, 23, 25, 26 and PPnBM. Case, spacing and punctuation
never matter; a text naming no known tax is kept case-folded with punctuation and
spaces folded, so odd spellings of other names still meet. Blank stays blank.

Checks name a fold per column (`fold: {jenis_pajak: tax_type}` in `match`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckError

_PPH = r"\b(?:pph|pajak penghasilan)\s*(?:ps|psl|pasal)?\s*"
# canonical name → pattern over the folded text (lower case, punctuation as spaces)
_TAXES: tuple[tuple[str, str], ...] = (
    ("PPnBM", r"\b(?:ppn\s*bm|pajak penjualan atas barang mewah)\b"),
    ("PPN", r"\b(?:ppn|pajak pertambahan nilai)\b"),
    ("PPh 4(2)", _PPH + r"(?:4\s*(?:ayat\s*)?2|final)\b"),
    *((f"PPh {n}", _PPH + rf"{n}\b") for n in ("21", "22", "23", "25", "26", "15")),
)


def _plain(values: pd.Series) -> pd.Series:
    """Lower case, every run of punctuation or space as one space, trimmed."""
    text = values.astype("string").str.casefold()
    return text.str.replace(r"[\W_]+", " ", regex=True).str.strip()


def tax_type(values: pd.Series) -> pd.Series:
    """The canonical tax named by each value (`PPh Ps.23` → `PPh 23`); see the module."""
    plain = _plain(values)
    found = [plain.str.contains(pattern, regex=True).fillna(False) for _, pattern in _TAXES]
    names = np.select(found, [name for name, _ in _TAXES], default="")
    out = pd.Series(names, index=values.index, dtype="string")
    out = out.mask(out == "", plain)
    return out.mask((out == "").fillna(False))


FOLDS: dict[str, Callable[[pd.Series], pd.Series]] = {"tax_type": tax_type}


def fold_columns(frame: pd.DataFrame, folds: Mapping[str, str]) -> pd.DataFrame:
    """`frame` with each column named in `folds` (column → fold name) folded; a copy."""
    present = {col: name for col, name in folds.items() if col in frame.columns}
    if not present:
        return frame
    out = frame.copy()
    for col, name in present.items():
        if name not in FOLDS:
            raise CheckError(f"fold {name!r}: expected one of {sorted(FOLDS)}")
        out[col] = FOLDS[name](out[col])
    return out
