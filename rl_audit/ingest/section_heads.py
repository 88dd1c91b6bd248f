"""Heading rows of a consolidated sheet: the rows that name one OPD and open its section.

A heading row holds at most two text cells (code and name; the `no` column aside). Its
text, after an optional `SKPD :` / `Unit Organisasi :` label, is an SKPD-shaped code
(`x.xx.x.xx.x.xx.xx.0000`, unlike account codes `5.1.02.01.01.0001`) or a registered
code, with any name; or, without a code, a registered OPD spelling as the whole text
(context words such as `Kabupaten Rejang Lebong` allowed). See `rl_audit.ingest.sections`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from rl_audit.catalog.opds import CONTEXT_WORDS, clean_code, is_code, normalise
from rl_audit.documents import ROLE, Issue, OpdRef, RowRole
from rl_audit.ingest import opd as opd_mod

SOURCE = "section"
HEADING_MAY_BE = (RowRole.DATA.value, RowRole.SUBTOTAL.value, RowRole.DETAIL.value)
MAX_TEXTS = 2
MAX_WORDS = 16
_SKPD = r"[0-9]\.[0-9]{2}\.[0-9]\.[0-9]{2}\.[0-9]\.[0-9]{2}\.[0-9]{2}\.0000"
_LABEL = (
    r"^\s*(?:(?:kode|nama)\s+)?(?:sub\s+)?(?:unit\s+)?"
    r"(?:skpd|opd|organisasi|perangkat\s+daerah|satuan\s+kerja)\s*[:=]\s*"
)
_SPLIT = r"^(?P<code>[0-9]+(?:\.[0-9]+)+)\.?(?:\s*[-–—:|]\s*|\s+|$)(?P<name>.*)$"
_TEXTY = r"[^\W\d_]|^[0-9]+(?:\.[0-9]+)+\.?$"
_FIRST = ("kode_rekening", "kode_skpd", "uraian", "nama_skpd")


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The text cells of each row that could name an OPD (blank: NA), code cells first."""
    cols = [
        c
        for c in frame.columns
        if not c.startswith("_") and c != "no" and frame[c].dtype in ("string", object)
    ]
    ordered = [c for c in _FIRST if c in cols] + [c for c in cols if c not in _FIRST]
    cells = pd.DataFrame({c: frame[c].astype("string").str.strip() for c in ordered})
    texty = {c: cells[c].str.contains(_TEXTY, regex=True).fillna(False) for c in ordered}
    return cells.where(pd.DataFrame(texty, index=cells.index).astype(bool))


def _joined(cells: pd.DataFrame) -> pd.Series:
    """Each row's text cells joined by one space (column by column, not row by row)."""
    out = pd.Series("", index=cells.index, dtype="string")
    for col in cells.columns:
        out = out.str.cat(cells[col].fillna(""), sep=" ")
    return out.str.replace(r"\s+", " ", regex=True).str.strip()


def _normalised(text: pd.Series) -> pd.Series:
    """`registry.normalise` over a column."""
    t = text.str.normalize("NFKC").str.replace("\xa0", " ").str.lower()
    t = t.str.replace(r"(?<!\d)\.|\.(?!\d)", " ", regex=True)
    t = t.str.replace(r"[^\w.]+|_", " ", regex=True).str.replace(r"\bdan\b", " ", regex=True)
    return t.str.replace(r"\s+", " ", regex=True).str.strip()


def _names_pattern(registry: opd_mod.Registry) -> str:
    """A regex that fullmatches a normalised text naming one registered OPD, nothing else."""
    names = {normalise(s) for e in registry.entries for s in e.spellings() if s and not is_code(s)}
    names.discard("")
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    ctx = "|".join(re.escape(w) for w in sorted(CONTEXT_WORDS))
    return rf"(?:(?:{ctx}) )*(?:{alt})(?: (?:{ctx}|[0-9][0-9.]*))*"


@lru_cache(maxsize=8)
def _registry_facts(registry: opd_mod.Registry) -> tuple[str, frozenset[str]]:
    codes = {clean_code(e.code) for e in registry.entries}
    codes |= {clean_code(a) for e in registry.entries for a in e.aliases if is_code(a)}
    return _names_pattern(registry), frozenset(codes)


def heading_texts(frame: pd.DataFrame, registry: opd_mod.Registry) -> pd.Series:
    """Per row: the text of an OPD heading row (`<code> <name>` or the name), else NA.

    Only rows with one or two text cells are looked at further (a ledger row has more).
    """
    cells = _text_cells(frame)
    few = cells.notna().sum(axis=1).between(1, MAX_TEXTS)
    if ROLE in frame:
        few &= frame[ROLE].isin(HEADING_MAY_BE)
    texts = _joined(cells[few]).str.replace(_LABEL, "", regex=True, flags=re.IGNORECASE)
    parts = texts.str.extract(_SPLIT)
    code, name = parts["code"], parts["name"].fillna(texts)
    names, codes = _registry_facts(registry)
    registered = code.isin(codes)
    shaped = code.str.fullmatch(_SKPD).fillna(False).astype(bool)
    uncoded = _normalised(name[code.isna()]).str.fullmatch(names)
    named = uncoded.reindex(texts.index).fillna(False).astype(bool)
    short = texts.str.count(" ").fillna(MAX_WORDS) < MAX_WORDS
    hit = (registered | shaped | named) & short
    return texts.where(hit).reindex(frame.index)


def heading_owners(
    texts: pd.Series, registry: opd_mod.Registry
) -> dict[str, tuple[OpdRef, list[Issue]]]:
    """The OPD (and its registry issues) each distinct heading text names."""
    found: dict[str, tuple[OpdRef, list[Issue]]] = {}
    for text in texts.dropna().unique():
        got = opd_mod.field_opd(registry, str(text), SOURCE)
        if got is not None:
            found[str(text)] = got
    return found
