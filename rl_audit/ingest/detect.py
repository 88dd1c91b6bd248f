"""Detection: which document kind a sheet is, with a confidence, and its column mapping.

A sheet's header texts are matched against every kind of the catalog
(`rl_audit.catalog.kinds`), in tiers tried in order: a `columns:` override of the
project config, an exact alias (ignoring case, punctuation, repeated spaces, NBSP
and unit suffixes such as `(Rp)`, `(%)`, `(hari)`), then by meaning (`contained`,
`synonym`: see `rl_audit.ingest.headers`). A stronger tier wins a canonical column;
a kind found only through weak matches of its required columns gets a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rl_audit.catalog.kinds import KindSpec, known_headers, load_kinds
from rl_audit.ingest.colmatch import WEAK_TIERS, ColumnAssignment, Tables, assign_columns
from rl_audit.ingest.headers import header_form, normalise_header

TIER_WEIGHT = {"config": 1.0, "exact": 1.0, "contained": 0.9, "synonym": 0.8}


@dataclass(frozen=True)
class KindMatch:
    """How well a sheet's headers fit one kind."""

    kind: str
    confidence: float
    mapping: ColumnAssignment  # column index -> canonical name (+ tiers, conflicts)
    missing: tuple[str, ...]
    title_hit: bool = False
    recognised: bool = field(default=False)


@lru_cache(maxsize=1)
def all_tables() -> tuple[Tables, ...]:
    """The alias tables of every kind (every title context's aliases), for `header_hit`."""
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
    return int(any(t.weak_hit(form) for t in all_tables()))


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
