"""Which source column is which canonical column of one kind, and how it matched.

Tiers, tried per column header in order: a `columns:` override of the project config,
an exact alias (the full joined header, then its parent-less suffixes), then by meaning
(`contained`, `synonym`: see `rl_audit.ingest.headers`). A stronger tier wins a
canonical column, then the full header before a suffix, then the left-most column; a
whole header that fits a name already taken is kept as an extra and is a `Conflict`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rl_audit.ingest.headers import (
    HeaderForm,
    WordIndex,
    header_form,
    normalise_header,
    plain_index,
    synonym_form,
    synonym_index,
    synonyms,
)

TIER_RANK = {"config": 0, "exact": 1, "contained": 2, "synonym": 3}
WEAK_TIERS = frozenset({"contained", "synonym"})
# a leading word that names the amount of a money column's wording (`Jumlah Penerimaan`,
# `Nilai Debet`, `Total Realisasi`), read through the token synonyms (`Jml.`)
AMOUNT_WORDS = frozenset({"jumlah", "nilai", "total"})


def alias_key(alias: str) -> str:
    """Aliases are normalised like headers, except `re:` patterns, kept verbatim."""
    return alias if alias.startswith("re:") else normalise_header(alias)


def lookup(table: dict[str, str], name: str) -> str | None:
    """Canonical column for a normalised header name: exact alias first, then `re:` aliases."""
    if name in table:
        return table[name]
    for alias, canonical in table.items():
        if alias.startswith("re:") and re.search(alias[3:], name):
            return canonical
    return None


def header_candidates(parts: list[str]) -> list[str]:
    """Names to try for a column with header `parts` (parent → child): full join first."""
    norm = [normalise_header(p) for p in parts]
    norm = [p for p in norm if p]
    return [" ".join(norm[i:]) for i in range(len(norm))]


def header_forms(parts: list[str]) -> list[HeaderForm]:
    """The header forms of `header_candidates(parts)`, depth for depth."""
    kept = [header_form(p) for p in parts if normalise_header(p)]
    forms: list[HeaderForm] = []
    for form in reversed(kept):
        forms.insert(0, form + forms[0] if forms else form)
    return forms


class Conflict(NamedTuple):
    """A column that fits a canonical name already given to another (kept as extra)."""

    canonical: str
    winner: int  # column index mapped to `canonical`
    loser: int  # column index kept as an extra


class ColumnAssignment(dict[int, str]):
    """Column index → canonical name, with how each column was matched.

    `tiers`: column index → config, exact, contained or synonym; `conflicts`: the
    columns whose whole header fits a name given to another column.
    """

    def __init__(
        self,
        mapping: dict[int, str] | None = None,
        tiers: dict[int, str] | None = None,
        conflicts: tuple[Conflict, ...] = (),
    ) -> None:
        super().__init__(mapping or {})
        self.tiers = dict(tiers or {})
        self.conflicts = conflicts

    def weak(self) -> dict[int, str]:
        """The columns matched by meaning only (contained/synonym), with their names."""
        return {col: self[col] for col, tier in self.tiers.items() if tier in WEAK_TIERS}


@dataclass(frozen=True)
class Tables:
    """What one kind's headers are matched against, tier by tier, for one sheet title."""

    config: dict[str, str]
    exact: dict[str, str]
    contained: WordIndex
    synonym: WordIndex
    money: frozenset[str] = frozenset()  # the money columns (`AMOUNT_WORDS` may qualify)

    @classmethod
    def build(
        cls,
        table: dict[str, str],
        kind: str,
        overrides: dict[str, str] | None,
        money: frozenset[str] = frozenset(),
    ) -> Tables:
        """The tables of kind `kind`: its alias table, config overrides, money columns."""
        config = {alias_key(h): c for h, c in (overrides or {}).items()}
        return cls(config, table, plain_index(table), synonym_index(table, kind), money)

    def weak_hit(self, form: HeaderForm) -> bool:
        """Whether a header cell (as a form) reads as one of these columns by meaning."""
        return bool(self._by_meaning(form))

    def _by_meaning(self, form: HeaderForm) -> list[tuple[str, str]]:
        """(tier, canonical) by meaning: the header, else its amount (`_amount_of`)."""
        weak = [("contained", self.contained.match(form))]
        weak.append(("synonym", self.synonym.match(synonym_form(form))))
        return [(t, c) for t, c in weak if c] or self._amount_of(form)

    def _amount_of(self, form: HeaderForm) -> list[tuple[str, str]]:
        """An amount word before a money column's wording (`Jumlah Penerimaan`).

        The rest is matched by meaning and must mean a money column (`Jumlah Hari` is
        no amount); words left over block it as ever (`Jumlah Bulan Ini`).
        """
        if len(form.main) < 2 or synonyms().rewrite(form.main[:1])[0] not in AMOUNT_WORDS:
            return []
        rest = HeaderForm(form.main[1:], form.qualifier)
        weak = [("contained", self.contained.match(rest))]
        weak.append(("synonym", self.synonym.match(synonym_form(rest))))
        return [(t, c) for t, c in weak if c in self.money]

    def tiers(self, name: str, form: HeaderForm) -> list[tuple[str, str]]:
        """(tier, canonical) for one header candidate: the strict tiers, else by meaning."""
        strict = [("config", lookup(self.config, name)), ("exact", lookup(self.exact, name))]
        found = [(t, c) for t, c in strict if c]
        return found or self._by_meaning(form)


Entry = tuple[int, int, int, str, str]  # tier rank, depth, column, canonical, tier


def _entries(tables: Tables, headers: dict[int, list[str]]) -> list[Entry]:
    out: list[Entry] = []
    for col, parts in headers.items():
        pairs = zip(header_candidates(parts), header_forms(parts), strict=True)
        for depth, (name, form) in enumerate(pairs):
            out += [(TIER_RANK[t], depth, col, c, t) for t, c in tables.tiers(name, form)]
    return sorted(out)


def _assign(entries: list[Entry]) -> ColumnAssignment:
    """Strongest tier first, then the full header before its suffixes, then left-most."""
    mapping: dict[int, str] = {}
    owner: dict[str, int] = {}
    tiers: dict[int, str] = {}
    for _, _, col, canonical, tier in entries:
        if col not in mapping and canonical not in owner:
            mapping[col], owner[canonical], tiers[col] = canonical, col, tier
    conflicts: dict[int, Conflict] = {}
    for _, depth, col, canonical, _ in entries:
        if depth == 0 and col not in mapping and col not in conflicts and canonical in owner:
            conflicts[col] = Conflict(canonical, owner[canonical], col)
    return ColumnAssignment(mapping, tiers, tuple(conflicts.values()))


def assign_columns(tables: Tables, headers: dict[int, list[str]]) -> ColumnAssignment:
    """Assign canonical columns, strongest tier first.

    Config > exact > contained > synonym; within a tier the full header before its
    parent-less suffixes, then the left-most column. A whole header that fits a name
    already taken is a `Conflict`.
    """
    return _assign(_entries(tables, headers))
