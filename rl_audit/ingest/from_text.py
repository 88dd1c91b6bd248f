"""Columns read from another column's text where a sheet lacks them (`from_text` in kinds.yaml).

An SP2D register often names the contract only inside `uraian` (`Pembayaran termin I SPK
No. 027/SPK/PUPRKP/2025`). A column declared with `from_text: {column, pattern}` takes the
pattern's group `value` (else the whole match) from that column, as written (only the ends
trimmed), where the sheet has no such column or the row's cell is blank. Each distinct text
is searched once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.catalog.kinds import FromText, KindSpec
from rl_audit.ingest.columns import OUT

_TRIM = " .,;:-"


def extract_value(text: pd.Series, rule: FromText) -> pd.Series:
    """Per cell of `text`: the value `rule.pattern` finds in it (as written), else <NA>."""
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    found = [_search(str(u), rule) for u in uniques]
    once = pd.array([*found, None], dtype=OUT)
    return pd.Series(once.take(np.where(codes >= 0, codes, len(found))), index=text.index)


def _search(text: str, rule: FromText) -> str | None:
    match = rule.pattern.search(text)
    if match is None:
        return None
    value = match.groupdict().get("value") or match.group(0)
    return value.strip(_TRIM) or None


def fill_from_text(canon: dict[str, pd.Series], spec: KindSpec) -> dict[str, str]:
    """Fill `from_text` columns in `canon` (in place); returns {column added whole: source}.

    A column is added only when some cell names its value; a column the sheet has keeps
    its cells and takes the found value only where blank.
    """
    added: dict[str, str] = {}
    for col in spec.columns.values():
        rule = col.from_text
        if rule is None or rule.column not in canon:
            continue
        found = extract_value(canon[rule.column], rule)
        if col.name in canon:
            canon[col.name] = canon[col.name].astype(OUT).fillna(found)
        elif found.notna().any():
            canon[col.name] = found
            added[col.name] = rule.column
    return added
