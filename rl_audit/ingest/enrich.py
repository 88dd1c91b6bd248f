"""Kind-specific columns derived from the title or other columns.

The KIB letter comes from the title, sheet name or asset code; `jenis_pajak`
of a tax ledger without that column is read from `uraian`. A follow-up matrix gets
its status and finding codes in one spelling and its three money columns (a
missing one derived from the other two).
"""

from __future__ import annotations

import re

import pandas as pd

from rl_audit.ingest.values import fold_text

_KIB_LETTER = re.compile(r"\bKIB\)?\s*(?:[-:]\s*)?([A-F])\b", re.IGNORECASE)
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
    r"(?i)(pph\s*(?:pasal\s*)?(?:21|22|23|25|26|4\s*(?:\(\s*)?ayat\s*(?:\)\s*)?\(?2\)?|4\s*\(?2\)?|"
    r"final)|ppn)"  # each whitespace run matched once: linear time on any cell
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


# folded status text -> canonical status (Peraturan BPK 2/2017 categories), first match wins
STATUS_TL = (
    ("tidak dapat ditindaklanjuti", r"^(?:tidak dapat|tdd|td|tptd)\b"),
    ("belum ditindaklanjuti", r"^(?:belum (?:di ?)?(?:tindak ?lanjut|tl)|btl|bd)\w*\b"),
    ("belum sesuai", r"^(?:belum sesuai|bs|dalam proses|proses)\b"),
    ("sesuai", r"^(?:sudah )?(?:sesuai|s|selesai|tuntas)\b"),
)
_FINDING_CODE = r"^0*(?P<k>[1-3])\.(?P<s>\d{1,2})\.(?P<j>\d{1,2})$"


def status_tl(raw: pd.Series) -> pd.Series:
    """Follow-up status in one spelling: `Belum Sesuai` / `BS` → `belum sesuai`.

    Unknown wording is kept, folded (lower case, single spaces); blanks stay blank.
    """
    folded = fold_text(raw)
    out = folded.copy()
    done = pd.Series(False, index=raw.index)
    for canonical, pattern in STATUS_TL:
        hit = folded.str.contains(pattern, regex=True).fillna(False).astype(bool) & ~done
        out = out.mask(hit, canonical)
        done |= hit
    return out


def finding_code(raw: pd.Series) -> pd.Series:
    """BPK finding codes as `K.SS.JJ` (`1.1.3` → `1.01.03`); other codes kept as written."""
    text = raw.astype("string")
    parts = text.str.extract(_FINDING_CODE)
    padded = parts["k"] + "." + parts["s"].str.zfill(2) + "." + parts["j"].str.zfill(2)
    return padded.where(parts["k"].notna(), text).astype("string")


def followup_money(frame: pd.DataFrame) -> list[str]:
    """Add the money columns a follow-up matrix lacks; returns their names.

    With two of nilai_rekomendasi / nilai_setor / sisa the third is derived
    (sisa = nilai − setor, …); otherwise the missing ones are blank columns.
    """
    cols = ("nilai_rekomendasi", "nilai_setor", "sisa")
    missing = [c for c in cols if c not in frame.columns]
    if len(missing) == len(cols):
        return []
    for name in missing:
        frame[name] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if len(missing) == 1:
        nilai, setor, sisa = (frame[c] for c in cols)
        derived = {"nilai_rekomendasi": setor + sisa, "nilai_setor": nilai - sisa}
        frame[missing[0]] = derived.get(missing[0], nilai - setor)
    return missing


def _enrich_followup(frame: pd.DataFrame) -> list[str]:
    """Status and finding codes in one spelling; the three money columns present."""
    if "status_tl" in frame.columns:
        frame["status_tl"] = status_tl(frame["status_tl"])
    if "kode_temuan" in frame.columns:
        frame["kode_temuan"] = finding_code(frame["kode_temuan"])
    return followup_money(frame)


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
    if kind == "tindak_lanjut":
        added += _enrich_followup(frame)
    return added
