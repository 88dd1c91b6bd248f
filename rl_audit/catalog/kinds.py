"""Document kinds: canonical columns, header aliases, and detection with a confidence.

The kinds are data (`rl_audit/data/kinds.yaml`); this module matches a sheet's
header texts against them, in tiers tried in order: a `columns:` override of the
project config, an exact alias (ignoring case, punctuation, repeated spaces, NBSP
and unit suffixes such as `(Rp)`, `(%)`, `(hari)`), then by meaning (`contained`,
`synonym`: see `rl_audit.ingest.headers`). A stronger tier wins a canonical column;
a kind found only through weak matches of its required columns gets a lower confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rl_audit import yamlsafe
from rl_audit.ingest.colmatch import (
    WEAK_TIERS,
    ColumnAssignment,
    Tables,
    alias_key,
    assign_columns,
)
from rl_audit.ingest.headers import header_form, normalise_header

TYPES = ("text", "code", "money", "date", "number", "int")
TIER_WEIGHT = {"config": 1.0, "exact": 1.0, "contained": 0.9, "synonym": 0.8}


@dataclass(frozen=True)
class ColumnSpec:
    """A canonical column of a document kind."""

    name: str
    type: str
    required: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class KindSpec:
    """A document kind: its canonical columns, title patterns and contextual aliases."""

    name: str
    columns: dict[str, ColumnSpec]
    title: tuple[re.Pattern[str], ...]
    contexts: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the columns without which the kind cannot be recognised."""
        return tuple(c.name for c in self.columns.values() if c.required)

    def alias_table(self, title: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
        """Normalised header text → canonical column, for a sheet with this title."""
        table: dict[str, str] = {}
        for header, canonical in (overrides or {}).items():
            table.setdefault(alias_key(header), canonical)
        for pattern, aliases in self.contexts:
            if pattern.search(title):
                for alias, canonical in aliases.items():
                    table.setdefault(alias, canonical)
        for col in self.columns.values():
            for alias in col.aliases:
                table.setdefault(alias, col.name)
        return table

    @property
    def money(self) -> frozenset[str]:
        """Names of the money columns."""
        return frozenset(c.name for c in self.columns.values() if c.type == "money")

    def all_aliases(self) -> dict[str, str]:
        """Normalised alias → canonical column, with every title context's aliases."""
        table = {a: c for _, aliases in self.contexts for a, c in aliases.items()}
        return {**table, **{a: col.name for col in self.columns.values() for a in col.aliases}}

    def title_hit(self, title: str) -> bool:
        """Whether the title block or sheet name names this kind."""
        return any(p.search(title) for p in self.title)


@dataclass(frozen=True)
class KindMatch:
    """How well a sheet's headers fit one kind."""

    kind: str
    confidence: float
    mapping: ColumnAssignment  # column index -> canonical name (+ tiers, conflicts)
    missing: tuple[str, ...]
    title_hit: bool = False
    recognised: bool = field(default=False)


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _kind_from_data(name: str, data: dict[str, Any]) -> KindSpec:
    columns = {
        col: ColumnSpec(
            col,
            spec.get("type", "text"),
            bool(spec.get("required", False)),
            tuple(alias_key(a) for a in spec.get("aliases", [])),
        )
        for col, spec in data["columns"].items()
    }
    contexts = tuple(
        (
            re.compile(ctx["title"], re.IGNORECASE),
            {alias_key(a): col for col, al in ctx["aliases"].items() for a in al},
        )
        for ctx in data.get("contexts", [])
    )
    return KindSpec(name, columns, _compile(data.get("title", [])), contexts)


@lru_cache(maxsize=1)
def load_kinds() -> dict[str, KindSpec]:
    """The document kinds shipped with rl-audit."""
    text = resources.files("rl_audit.data").joinpath("kinds.yaml").read_text(encoding="utf-8")
    data = yamlsafe.load_text(text, "kinds.yaml").data
    return {name: _kind_from_data(name, spec) for name, spec in data.items()}


@lru_cache(maxsize=1)
def known_headers() -> frozenset[str]:
    """Every normalised alias of every kind (used to find header rows)."""
    return frozenset(a for spec in load_kinds().values() for a in spec.all_aliases())


@lru_cache(maxsize=1)
def _all_tables() -> tuple[Tables, ...]:
    kinds = load_kinds().values()
    return tuple(Tables.build(s.all_aliases(), s.name, None, s.money) for s in kinds)


@lru_cache(maxsize=8192)
def header_hit(text: str) -> int:
    """How a cell reads as a column header of any kind.

    2: an exact alias; 1: a known wording by meaning (`Tgl. Transaksi`,
    `Penerimaan (Debet)`); 0: not a header.
    """
    if normalise_header(text) in known_headers():
        return 2
    form = header_form(text)
    return int(any(t.weak_hit(form) for t in _all_tables()))


def _confidence(spec: KindSpec, mapping: ColumnAssignment, hit: bool) -> float:
    """Required columns (weighted by how they matched), exact other columns, title."""
    tier = {canonical: mapping.tiers.get(col, "exact") for col, canonical in mapping.items()}
    req = sum(TIER_WEIGHT[tier[c]] for c in spec.required if c in tier)
    req /= max(len(spec.required), 1)
    strong = {c for c, t in tier.items() if t not in WEAK_TIERS} - set(spec.required)
    optional = len(strong) / min(4, max(len(spec.columns) - len(spec.required), 1))
    return round(0.6 * req + 0.2 * min(optional, 1.0) + 0.2 * hit, 2)


def map_columns(
    spec: KindSpec,
    headers: dict[int, list[str]],
    title: str,
    overrides: dict[str, str] | None = None,
) -> ColumnAssignment:
    """Assign the canonical columns of `spec` to a sheet's columns (see `assign_columns`)."""
    tables = Tables.build(spec.alias_table(title), spec.name, overrides, spec.money)
    return assign_columns(tables, headers)


def score_kind(
    spec: KindSpec,
    headers: dict[int, list[str]],
    title: str,
    overrides: dict[str, str] | None = None,
) -> KindMatch:
    """Confidence that a sheet is of this kind: required columns, other columns, title.

    Recognised when every required column is found, however it matched; a required
    column found only by meaning lowers the confidence (a fully exact sheet keeps it).
    """
    mapping = map_columns(spec, headers, title, overrides)
    missing = tuple(c for c in spec.required if c not in mapping.values())
    hit = spec.title_hit(title)
    conf = _confidence(spec, mapping, hit)
    return KindMatch(spec.name, conf, mapping, missing, hit, not missing)


def detect_kind(
    headers: dict[int, list[str]],
    title: str,
    overrides: dict[str, dict[str, str]] | None = None,
) -> list[KindMatch]:
    """Every kind scored against the headers, best first."""
    overrides = overrides or {}
    matches = [
        score_kind(spec, headers, title, overrides.get(name)) for name, spec in load_kinds().items()
    ]
    return sorted(matches, key=lambda m: (m.recognised, m.confidence), reverse=True)
