"""Document kinds: canonical columns, header aliases, and detection with a confidence.

The kinds are data (`rl_audit/data/kinds.yaml`); this module matches a sheet's
header texts against them. Matching ignores case, punctuation, repeated spaces,
NBSP and unit suffixes such as `(Rp)`, `(%)`, `(hari)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_UNITS = re.compile(r"\((?:rp\.?|%|hari|m2|km|m|unit|bulan)\)|\brp\b\.?")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PUNCT = re.compile(r"[^\w%]+|_")
TYPES = ("text", "code", "money", "date", "number", "int")


def normalise_header(text: object) -> str:
    """Fold a header cell for matching: `Penerimaan (Rp.)` → `penerimaan`."""
    s = str(text).replace("\u00a0", " ")
    s = _CAMEL.sub(" ", s).lower().replace("&", " dan ")
    s = _UNITS.sub(" ", s).replace("%", " persen ")
    return " ".join(_PUNCT.sub(" ", s).split())


def _alias_key(alias: str) -> str:
    """Aliases are normalised like headers, except `re:` patterns, kept verbatim."""
    return alias if alias.startswith("re:") else normalise_header(alias)


def _lookup(table: dict[str, str], name: str) -> str | None:
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
            table.setdefault(_alias_key(header), canonical)
        for pattern, aliases in self.contexts:
            if pattern.search(title):
                for alias, canonical in aliases.items():
                    table.setdefault(alias, canonical)
        for col in self.columns.values():
            for alias in col.aliases:
                table.setdefault(alias, col.name)
        return table

    def title_hit(self, title: str) -> bool:
        """Whether the title block or sheet name names this kind."""
        return any(p.search(title) for p in self.title)


@dataclass(frozen=True)
class KindMatch:
    """How well a sheet's headers fit one kind."""

    kind: str
    confidence: float
    mapping: dict[int, str]  # column index -> canonical name
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
            tuple(_alias_key(a) for a in spec.get("aliases", [])),
        )
        for col, spec in data["columns"].items()
    }
    contexts = tuple(
        (
            re.compile(ctx["title"], re.IGNORECASE),
            {_alias_key(a): col for col, al in ctx["aliases"].items() for a in al},
        )
        for ctx in data.get("contexts", [])
    )
    return KindSpec(name, columns, _compile(data.get("title", [])), contexts)


@lru_cache(maxsize=1)
def load_kinds() -> dict[str, KindSpec]:
    """The document kinds shipped with rl-audit."""
    text = resources.files("rl_audit.data").joinpath("kinds.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {name: _kind_from_data(name, spec) for name, spec in data.items()}


@lru_cache(maxsize=1)
def known_headers() -> frozenset[str]:
    """Every normalised alias of every kind (used to find header rows)."""
    out: set[str] = set()
    for kind in load_kinds().values():
        for col in kind.columns.values():
            out.update(col.aliases)
        for _, aliases in kind.contexts:
            out.update(aliases)
    return frozenset(out)


def map_columns(
    spec: KindSpec,
    headers: dict[int, list[str]],
    title: str,
    overrides: dict[str, str] | None = None,
) -> dict[int, str]:
    """Assign canonical columns: exact full-header matches first, then parent-less suffixes."""
    table = spec.alias_table(title, overrides)
    cands = {col: header_candidates(parts) for col, parts in headers.items()}
    mapping: dict[int, str] = {}
    for depth in range(max((len(c) for c in cands.values()), default=0)):
        for col in sorted(cands):
            if col in mapping or depth >= len(cands[col]):
                continue
            canonical = _lookup(table, cands[col][depth])
            if canonical and canonical not in mapping.values():
                mapping[col] = canonical
    return mapping


def score_kind(
    spec: KindSpec,
    headers: dict[int, list[str]],
    title: str,
    overrides: dict[str, str] | None = None,
) -> KindMatch:
    """Confidence that a sheet is of this kind: required columns, other columns, title."""
    mapping = map_columns(spec, headers, title, overrides)
    found = set(mapping.values())
    missing = tuple(c for c in spec.required if c not in found)
    req = 1 - len(missing) / max(len(spec.required), 1)
    optional = len(found - set(spec.required)) / min(
        4, max(len(spec.columns) - len(spec.required), 1)
    )
    hit = spec.title_hit(title)
    conf = round(0.6 * req + 0.2 * min(optional, 1.0) + 0.2 * hit, 2)
    return KindMatch(spec.name, conf, mapping, missing, hit, not missing and conf >= 0.6)


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
