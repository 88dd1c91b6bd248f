"""Expression functions for registers of recipients and yearly deadlines.

`party(text)`: a recipient's name folded so that one recipient written several ways is
one key (HIB-03). After `fold_text` (case, spacing and punctuation: `Yayasan Al-Ikhlas`
= `YAYASAN AL IKHLAS`):

- abbreviated legal forms are written out, as whole words: `Yay`/`Yys` → `yayasan`,
  `Ponpes` → `pondok pesantren`, `Poktan` → `kelompok tani`, `Gapoktan` → `gabungan
  kelompok tani`, `Pokmas` → `kelompok masyarakat`, `Mesjid` → `masjid`, `Mushola`/
  `Musholla`/`Mushalla` → `musala`. The legal-form word itself stays: `Yayasan Al
  Ikhlas` and `Masjid Al Ikhlas` are different recipients. `PP` (pondok pesantren or
  many other things) is not expanded.
- personal titles at the start (`H.`, `Hj.`, `K.H.`, `Drs.`, `Dra.`, `Dr.`, `Ir.`,
  `Prof.`, `Ust.`, `Ustadz`, `Bapak`, `Ibu`, `Sdr.` …) and academic degrees at the end
  (`S.Pd`, `S.Sos`, `M.Pd.I`, `A.Md`, `SE`, `SH`, `MM`, `Lc` …) are dropped: `Drs. H.
  Ahmad, M.Pd` = `AHMAD`.

A blank text, or one that is nothing but titles, is blank.

`next_year_on(date, "MM-DD")`: that month and day of the year after the date's year
(HIB-02: the LPJ of a grant paid in 2025 is due on `01-10` → 10 January 2026); blank
where the date is blank.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from rl_audit.ingest.values import fold_text

ABBREVIATIONS = {
    "yay": "yayasan",
    "yys": "yayasan",
    "ponpes": "pondok pesantren",
    "poktan": "kelompok tani",
    "gapoktan": "gabungan kelompok tani",
    "pokmas": "kelompok masyarakat",
    "mesjid": "masjid",
    "mushola": "musala",
    "musholla": "musala",
    "mushalla": "musala",
    "musholah": "musala",
}
_TITLE = r"h|hj|kh|k h|drs|dra|dr|ir|prof|ust|ustad|ustadz|ustaz|ustadzah|bapak|bpk|ibu|sdr|sdri"
_DEGREE = r"(?:s|m) [a-z]{1,4}(?: i)?|a md|amd|se|sh|spd|spdi|sag|mm|mpd|msi|lc"
_LEADING = re.compile(rf"^(?:(?:{_TITLE})(?: |$))+")
_TRAILING = re.compile(rf"(?: (?:{_DEGREE}))+$")
_WORDS = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b")


def _series(value: Any) -> pd.Series:
    """A scalar or a Series as a Series."""
    return value if isinstance(value, pd.Series) else pd.Series([value], dtype="object")


def party(text: Any) -> Any:
    """`party(penerima)`: the recipient's name folded (titles dropped, legal forms in full)."""
    series = _series(text)
    folded = fold_text(series.astype("string")).astype("string")
    folded = folded.str.replace(_WORDS, lambda m: ABBREVIATIONS[m.group(1)], regex=True)
    folded = folded.str.replace(_LEADING, "", regex=True).str.replace(_TRAILING, "", regex=True)
    folded = folded.str.strip().mask(lambda s: s.eq(""))
    return folded if isinstance(text, pd.Series) else folded.iloc[0]


def next_year_on(date: Any, month_day: Any) -> Any:
    """`next_year_on(tanggal_sp2d, "01-10")`: that month-day of the year after the date's."""
    text = str(month_day).strip()
    if not re.fullmatch(r"\d{2}-\d{2}", text):
        raise ValueError(f"next_year_on: {text!r} bukan / is not MM-DD")
    dates = pd.to_datetime(_series(date), errors="coerce")
    years = (dates.dt.year + 1).astype("Int64").astype("string")
    found = pd.to_datetime(years + "-" + text, format="%Y-%m-%d", errors="coerce")
    return found if isinstance(date, pd.Series) else found.iloc[0]
