"""The budget year a sheet's title block names (`TAHUN ANGGARAN 2015`, `Tahun | 2015`).

Read from the key–value pairs and the free lines above a table (see
`rl_audit.ingest.layout.parse_preamble`). The clearest statement wins:

1. a pair whose key is the year (`Tahun`, `Tahun Anggaran`, `TA`, `T.A.`);
2. `TAHUN ANGGARAN 2015`, `T.A. 2015`, `TA 2015` anywhere in a line;
3. a period (`PERIODE JANUARI 2015`, `Periode : 1 Januari s/d 31 Maret 2015`);
4. `Tahun 2015`, unless it dates a regulation (`Perdes Nomor 10 Tahun 2015`).

Within one level the first line wins. Only plausible years (`MIN_YEAR`–`MAX_YEAR`) count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MIN_YEAR = 2000
MAX_YEAR = 2100

_YEAR = r"(?P<year>\d{4})(?!\d|[.,]\d*[1-9])"
_KEY = re.compile(r"^\s*(?:tahun(?:\s+anggaran)?|t\.?\s?a\.?)\s*$", re.IGNORECASE)
_PATTERNS = (
    re.compile(
        rf"(?<![\w.])(?:tahun\s+anggaran|t\.\s?a\.?|ta\.?)\s*(?::\s*)?{_YEAR}", re.IGNORECASE
    ),
    re.compile(rf"\bperiode\b[^\n]{{0,60}}?(?<!\d){_YEAR}", re.IGNORECASE),
    re.compile(rf"(?<!\d\s)(?<!\d)\btahun\s*(?::\s*)?{_YEAR}", re.IGNORECASE),
)
_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}")


def plausible(year: int) -> bool:
    """Whether `year` can be a budget year of an export (2000–2100)."""
    return MIN_YEAR <= year <= MAX_YEAR


def _first(pattern: re.Pattern[str], lines: Iterable[str]) -> int | None:
    for line in lines:
        for match in pattern.finditer(line):
            year = int(match["year"])
            if plausible(year):
                return year
    return None


def title_year(preamble: Mapping[str, str], lines: Iterable[str] = ()) -> int | None:
    """The year a title block names, or None; `lines` are the free title lines."""
    keyed = (str(v) for k, v in preamble.items() if _KEY.match(str(k)))
    found = _first(_ANY_YEAR, keyed)
    if found is not None:
        return found
    text = [*lines, *(f"{k} : {v}" for k, v in preamble.items())]
    for pattern in _PATTERNS:
        found = _first(pattern, text)
        if found is not None:
            return found
    return None
