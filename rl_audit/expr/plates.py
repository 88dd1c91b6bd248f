"""`plate(text)`: the Indonesian vehicle number plate a text names, folded; else blank.

A plate is a region prefix (`BD`, `B`, `BG` … — the registration regions of the
Korlantas list, plus `RI`, `CD`, `CC`), one to four digits and up to three letters:
`BD 1234 AB`, `BD1234AB`, `BD-1234-AB`, `bd.1234.ab` all fold to `BD1234AB`. Spaces,
dots and dashes between the parts are folded away; case does not matter.

To keep look-alikes out, the prefix must be a known region code standing as a word of
its own (`No 12 A`, `Rp 1.500`, `5.1.02.01`, `KM 12` are not plates); digits may not run
on into more digits (`B 1.500 liter`); a one-letter prefix needs its letter suffix
(`Gedung B 12` is not a plate, `B 1234 XYZ` is); and a short word after the number is
not taken as the suffix (`BD 1234 dan …` is `BD1234`). The first plate of the text wins.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# registration regions (prefixes) in use, incl. the official and diplomatic ones
# fmt: off
REGIONS = frozenset((
    "A", "B", "D", "E", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "W", "Z",
    "AA", "AB", "AD", "AE", "AG", "BA", "BB", "BD", "BE", "BG", "BH", "BK", "BL", "BM", "BN",
    "BP", "DA", "DB", "DC", "DD", "DE", "DG", "DH", "DK", "DL", "DM", "DN", "DP", "DR", "DS",
    "DT", "DW", "EA", "EB", "ED", "KB", "KH", "KT", "KU", "PA", "PB", "PG", "PS", "PY", "RI",
    "CD", "CC",
))
# short words that follow a number in a description and are no plate suffix
NOT_SUFFIX = frozenset((
    "DAN", "DI", "KE", "DGN", "YG", "UTK", "THN", "TH", "TGL", "NO", "NR", "BLN", "SD", "LTR",
    "LT", "PER", "RP", "KG", "BH", "PCS",
))
# fmt: on
_SEP = r"[\s.\-]*"
PLATE = (
    rf"(?<![A-Za-z0-9])(?P<region>[A-Za-z]{{1,2}}){_SEP}(?P<number>\d{{1,4}})(?![\d]|[.,]\d)"
    rf"(?:{_SEP}(?P<suffix>[A-Za-z]{{1,3}})(?![A-Za-z0-9])|(?![A-Za-z]))"
)


def _pick(found: pd.DataFrame) -> pd.Series:
    """The folded plate of each match (NA where the match is not a plate)."""
    region = found["region"].str.upper()
    suffix = found["suffix"].str.upper()
    suffix = suffix.where(~suffix.isin(NOT_SUFFIX))
    known = region.isin(REGIONS) & ((region.str.len() == 2) | suffix.notna())
    plate = region + found["number"] + suffix.fillna("")
    return plate.where(known.fillna(False).astype(bool))


def plates(text: pd.Series) -> pd.Series:
    """Per row, the first plate the text names, folded (`BD1234AB`); NA where none."""
    values = text.astype("string")
    found = values.str.extractall(PLATE)
    out = pd.Series(pd.NA, index=text.index, dtype="string")
    if found.empty:
        return out
    picked = _pick(found).dropna()
    first = picked.groupby(level=0).first()
    out.loc[first.index] = first.to_numpy()
    return out


def plate(text: Any) -> Any:
    """`plate(uraian)`: the plate the text names, folded; blank where it names none."""
    if isinstance(text, pd.Series):
        return plates(text)
    found = plates(pd.Series([text], dtype="object"))
    return None if pd.isna(found.iloc[0]) else str(found.iloc[0])
