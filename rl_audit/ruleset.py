"""YAML rule files → validated, frozen `RuleSet`s, with errors naming file, rule and key.

A rule set is data: name, version, parameter defaults (each with a source) and rules
(id, wording in id/en, BPK code, severity, documents, check type and options, amount,
legal reference, rationale, remediation, tags, examples). The file format is checked
with a JSON Schema (exported by `rule_file_schema()` for editors); each rule's check
options with its check type's schema; every expression is parsed and its names must
be columns of the rule's documents or declared parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rl_audit.rulecheck import lang_texts, rule_file_errors

SEVERITIES = ("high", "medium", "low", "info")


class RuleFileError(Exception):
    """An invalid rule file; each line of the message names file, rule id and key."""


@dataclass(frozen=True)
class Parameter:
    """A rule-set parameter: default value, unit, source (legal basis), description."""

    name: str
    default: Any
    unit: str = ""
    source: str = ""
    description: str = ""


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

    def defaults(self) -> dict[str, Any]:
        """Parameter name → default value."""
        return {p.name: p.default for p in self.parameters.values()}


_lang = lang_texts


def _example(data: dict[str, Any], i: int) -> Example:
    rows = data.get("rows")
    return Example(
        str(data.get("name", f"example {i + 1}")),
        data["expect"],
        data["data"],
        data.get("params", {}),
        data.get("as_of"),
        tuple(rows) if rows is not None else None,
        data.get("amount"),
    )


def _rule(data: dict[str, Any], src: str) -> Rule:
    return Rule(
        data["id"],
        data.get("name", data["id"]),
        _lang(data["title"]),
        _lang(data["message"]),
        str(data["bpk_code"]),
        data["severity"],
        tuple(data["documents"]),
        dict(data["check"]),
        data.get("amount"),
        data.get("column"),
        str(data.get("legal_ref", "")),
        _lang(data.get("rationale")),
        _lang(data.get("remediation")),
        tuple(data.get("tags", [])),
        tuple(_example(e, i) for i, e in enumerate(data.get("examples", []))),
        src,
        tuple(data.get("only_if_columns", [])),
        data.get("metric"),
    )


def _parameter(name: str, data: Any) -> Parameter:
    if not isinstance(data, dict):
        return Parameter(name, data)
    return Parameter(
        name,
        data.get("default"),
        str(data.get("unit", "")),
        str(data.get("source", "")),
        str(data.get("description", "")),
    )


def parse_rule_set(data: Any, src: str) -> RuleSet:
    """Validate loaded YAML data; raise RuleFileError listing every problem found."""
    errors = rule_file_errors(data, src)
    if errors:
        raise RuleFileError("\n".join(errors))
    params = {n: _parameter(n, v) for n, v in (data.get("parameters") or {}).items()}
    rules = tuple(_rule(r, src) for r in data.get("rules", []))
    return RuleSet(
        data["name"], str(data["version"]), params, rules, str(data.get("description", "")), src
    )


def load_rule_file(path: Path) -> RuleSet:
    """Read and validate one YAML rule file (yaml.safe_load; never executes anything)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise RuleFileError(f"{path}: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise RuleFileError(f"{path}: invalid YAML: {err}") from err
    return parse_rule_set(data, str(path))


def merge(sets: list[RuleSet], name: str, version: str) -> RuleSet:
    """Join rule sets (files of one pack) into one; duplicate ids across files are errors."""
    params: dict[str, Parameter] = {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    errors = []
    for rs in sets:
        for pname, param in rs.parameters.items():
            if pname in params and params[pname].default != param.default:
                errors.append(f"{rs.source}: parameters.{pname}: default differs from another file")
            params[pname] = param
        for rule in rs.rules:
            if rule.id in seen:
                errors.append(
                    f"{rs.source}: {rule.id}: id: duplicate rule id (also in {seen[rule.id]})"
                )
            seen[rule.id] = rs.source
            rules.append(rule)
    if errors:
        raise RuleFileError("\n".join(errors))
    return RuleSet(name, version, params, tuple(rules))


def load_rules(path: Path) -> RuleSet:
    """A rule file, or a folder of them (`pack.yaml` names the pack; files sorted)."""
    if path.is_file():
        return load_rule_file(path)
    files = sorted(p for p in path.glob("*.yaml") if p.name != "pack.yaml")
    sets = [load_rule_file(p) for p in files]
    meta = (
        yaml.safe_load((path / "pack.yaml").read_text(encoding="utf-8"))
        if (path / "pack.yaml").is_file()
        else {}
    )
    return merge(sets, str(meta.get("name", path.name)), str(meta.get("version", "0")))


def bundled_rules_dir() -> Path:
    """The shipped BPK-WTP rule pack: inside the wheel, or `rules/` of a source checkout."""
    packaged = Path(str(resources.files("rl_audit"))) / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def _matches(rule: Rule, pattern: str) -> bool:
    if pattern.startswith("tag:"):
        return pattern[4:] in rule.tags
    return rule.id == pattern or rule.id.startswith(pattern) or pattern in rule.tags


def select_rules(
    rules: tuple[Rule, ...], select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Rule]:
    """Rules chosen by --select (id, prefix or tag) minus --ignore."""
    chosen = [r for r in rules if not select or any(_matches(r, p) for p in select)]
    return [r for r in chosen if not any(_matches(r, p) for p in ignore)]
