"""A flat table whose `kode_skpd` column names several registered OPDs: one document each.

A realisation export of several SKPDs (BPKAD's `Laporan Realisasi Per Dokumen` of all
SKPDs) names each row's SKPD in `kode_skpd` / `nama_skpd`. Read as one table it would
be the document of its most frequent SKPD. When its data rows name at least two
*registered* OPDs, each of them gets the rows naming it (`rl_audit.ingest.sections`
builds the documents). Rows naming an unregistered code (a sub unit of the OPD, another
regency's code) or none stay with the sheet's own OPD when they are data rows; other
rows (totals, footers) belong to none. One registered OPD (with or without its sub
units) leaves the sheet as it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rl_audit.documents import ROLE, OpdRef, RowRole
from rl_audit.ingest import opd as opd_mod

SOURCE = "column"
COLUMNS = ("kode_skpd", "nama_skpd")


def _pairs(frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Per row: the number of its `(kode SKPD, nama SKPD)` pair; and each pair's text.

    The text is `<kode> <nama>` as written ("" when both are blank), by pair number.
    """
    keys = pd.DataFrame({c: frame[c].astype("string").fillna("") for c in COLUMNS if c in frame})
    number = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    firsts = keys.drop_duplicates().itertuples(index=False)
    return number, [" ".join(" ".join(map(str, pair)).split()) for pair in firsts]


def column_owners(
    frame: pd.DataFrame, registry: opd_mod.Registry, title: str
) -> tuple[np.ndarray, dict[str, OpdRef]] | None:
    """Per row: the registered OPD code its `kode_skpd`/`nama_skpd` names, `title` or None.

    `title` marks the data rows naming no registered OPD (they stay with the sheet's
    OPD). Also returns the OPDs by code. None when the data rows name fewer than two
    registered OPDs.
    """
    if not any(c in frame for c in COLUMNS):
        return None
    number, texts = _pairs(frame)
    data = (frame[ROLE] == RowRole.DATA.value).to_numpy(dtype=bool)
    refs: dict[str, OpdRef] = {}
    by_pair = np.full(len(texts), None, dtype=object)
    for i in np.unique(number[data]):
        found = opd_mod.field_opd(registry, texts[i], SOURCE) if texts[i] else None
        if found is not None and found[0].registered:
            by_pair[i] = found[0].code
            refs.setdefault(found[0].code, found[0])
    if len(refs) < 2:
        return None
    owner = by_pair[number]
    owner[pd.isna(owner) & data] = title
    return owner, refs
