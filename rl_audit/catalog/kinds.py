"""Document kinds: the catalog of canonical columns, header aliases and title patterns.

The kinds are data (`rl_audit/data/kinds.yaml`); this module loads them into `KindSpec`s
(columns with their type, required flag and normalised aliases; title patterns; aliases
that apply only under some titles). Matching a sheet's headers against the kinds —
the tiers, the confidence, the closest kind — is `rl_audit.ingest.detect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rl_audit import yamlsafe
from rl_audit.ingest.colmatch import alias_key

TYPES = ("text", "code", "money", "date", "month", "number", "int")


@dataclass(frozen=True)
class FromText:
    """Where a column absent (or blank) in a sheet is read from: a pattern over another column.

    The pattern's group `value` (else the whole match) is the value, as written.
    """

    column: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ColumnSpec:
    """A canonical column of a document kind."""

    name: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    from_text: FromText | None = None


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


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _from_text(spec: dict[str, Any]) -> FromText | None:
    found = spec.get("from_text")
    if not found:
        return None
    return FromText(found["column"], re.compile(found["pattern"], re.IGNORECASE))


def _column(col: str, spec: dict[str, Any]) -> ColumnSpec:
    return ColumnSpec(
        col,
        spec.get("type", "text"),
        bool(spec.get("required", False)),
        tuple(alias_key(a) for a in spec.get("aliases", [])),
        _from_text(spec),
    )


def _kind_from_data(name: str, data: dict[str, Any]) -> KindSpec:
    columns = {col: _column(col, spec) for col, spec in data["columns"].items()}
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
