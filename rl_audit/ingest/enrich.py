"""Kind-specific columns derived from the title or other columns.

The KIB letter comes from the title, sheet name or asset code; `jenis_pajak`
of a tax ledger without that column is read from `uraian`.
"""

from __future__ import annotations

import re

import pandas as pd

_KIB_LETTER = re.compile(r"\bKIB\)?\s*[-:]?\s*([A-F])\b", re.IGNORECASE)
_KIB_WORDS = (
    ("A", r"\btanah\b"),
    ("B", r"peralatan\s+dan\s+mesin"),
    ("C", r"gedung\s+dan\s+bangunan"),
    ("D", r"jalan,?\s+irigasi"),
    ("E", r"aset\s+tetap\s+lainnya"),
    ("F", r"konstruksi\s+dalam\s+pe"),
)
_CODE_PREFIX = {"01": "A", "02": "B", "03": "C", "04": "D", "05": "E", "06": "F"}
_TAX = re.compile(
    r"(?i)(pph\s*(?:pasal\s*)?(?:21|22|23|25|26|4\s*\(?\s*ayat\s*\)?\s*\(?2\)?|4\s*\(?2\)?|final)|ppn)"
)


def kib_letter(title: str) -> str | None:
    """The KIB letter named in a title or sheet name (`KIB B`, `... (KIB) A`, `TANAH`)."""
    match = _KIB_LETTER.search(title)
    if match:
        return match.group(1).upper()
    for letter, pattern in _KIB_WORDS:
        if re.search(pattern, title, re.IGNORECASE):
            return letter
    return None


def _tax_name(raw: pd.Series) -> pd.Series:
    folded = raw.str.upper().str.replace(r"\s+|PASAL|AYAT|\(|\)", "", regex=True)
    folded = folded.str.replace(r"^PPH42$", "PPH4(2)", regex=True)
    return folded.str.replace("PPH", "PPh ", regex=False)


def enrich(kind: str, frame: pd.DataFrame, title: str) -> list[str]:
    """Add derived canonical columns in place; returns the names added."""
    added: list[str] = []
    if kind == "kib" and "kib" not in frame.columns:
        letter = kib_letter(title)
        codes = frame["kode_barang"].astype("string").str[:2].map(_CODE_PREFIX)
        frame["kib"] = codes if letter is None else letter
        added.append("kib")
    if kind == "pajak" and "jenis_pajak" not in frame.columns and "uraian" in frame.columns:
        found = frame["uraian"].astype("string").str.extract(_TAX, expand=False)
        frame["jenis_pajak"] = _tax_name(found)
        added.append("jenis_pajak")
    return added
