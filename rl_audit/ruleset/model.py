"""The validated rule model: rule sets, rules, parameters, examples, recommendations.

Frozen dataclasses, cached as tagged JSON by `rl_audit.cache.rules` (its `FORMAT` is
bumped whenever one of them gains a field). `rl_audit.ruleset.load` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """A rule-set parameter: default, unit, source (legal basis), description, confirm.

    `confirm`: a national default or placeholder the regency's Perbup must confirm.
    """

    name: str
    default: Any
    unit: str = ""
    source: str = ""
    description: str = ""
    confirm: bool = False


@dataclass(frozen=True)
class Example:
    """A small table that must pass or fail the rule (run as a test)."""

    name: str
    expect: str  # pass | fail
    data: dict[str, list[dict[str, Any]]]
    params: dict[str, Any] = field(default_factory=dict)
    as_of: str | None = None
    rows: tuple[int, ...] | None = None  # 0-based rows of the first kind expected as locations
    amount: float | None = None  # expected total amount at risk (rupiah)


@dataclass(frozen=True)
class Recommendation:
    """A rule's recommendation: BPK's recommendation code ("01"…"14") and its text by language."""

    code: str
    text: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One rule, validated; wording is rendered later by the engine."""

    id: str
    name: str
    title: dict[str, str]
    message: dict[str, str]
    bpk_code: str
    severity: str
    documents: tuple[str, ...]
    check: dict[str, Any]
    amount: str | None = None
    column: str | None = None
    legal_ref: str = ""
    rationale: dict[str, str] = field(default_factory=dict)
    remediation: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    source: str = ""  # the file it came from
    only_if_columns: tuple[str, ...] = ()  # without these columns the rule does not apply
    metric: str | None = None  # e.g. "absorption": the engine records the check's measure
    akibat: dict[str, str] = field(default_factory=dict)  # lang → the finding's consequence
    sebab: dict[str, list[str]] = field(default_factory=dict)  # lang → typical causes (prompts)
    rekomendasi: Recommendation | None = None  # BPK recommendation code and text

    @property
    def check_type(self) -> str:
        """The name of the rule's check type."""
        return str(self.check["type"])


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned set of rules with parameter defaults."""

    name: str
    version: str
    parameters: dict[str, Parameter]
    rules: tuple[Rule, ...]
    description: str = ""
    source: str = ""
    sha256: str = ""  # of the files' bytes (a pack: its files and pack.yaml, by name)

    def defaults(self) -> dict[str, Any]:
        """Parameter name → default value."""
        return {p.name: p.default for p in self.parameters.values()}


# the rule cache's types
CACHED = {c.__name__: c for c in (RuleSet, Rule, Parameter, Example, Recommendation)}


def without_finding_text(rules: tuple[Rule, ...]) -> list[str]:
    """Ids of rules without `akibat` or `rekomendasi` (a draft finding then leaves them blank)."""
    return [r.id for r in rules if not r.akibat or r.rekomendasi is None]
