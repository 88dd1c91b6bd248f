"""Validation of rule files: schema, check options, expressions, placeholders.

The JSON Schema of the file; each rule's check options against its check type;
every expression parsed and its names checked; message placeholders.

Every problem is one line `file: RULE-ID: key: what is wrong`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from rl_audit import yamlsafe
from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.registry import REGISTRY
from rl_audit.expr.parse import ExprError, names, parse
from rl_audit.expr.types import expression_errors, placeholder_errors, value_type
from rl_audit.ruleset.schema import EXPRESSION_OPTIONS, rule_file_schema

_FIELD = re.compile(r"\{([^{}]*)\}")
_FIELD_OK = re.compile(r"^[a-z_][a-z0-9_]*(?::(?:rp|date|int|pct|num))?$")
BUILTIN_NAMES = {"year", "as_of"}
BUILTIN_TYPES = {"year": "int", "as_of": "date"}
NUMBER_KEYS = frozenset({"amount", "ceiling_expr", "per_unit", "units", "value"})
_RULE_AT = re.compile(r"\(rules\[(\d+)\]")


class RuleFileError(Exception):
    """An invalid rule file; each line of the message names file, rule id and key."""


def lang_texts(value: Any) -> dict[str, str]:
    """A text given once or per language → {lang: text}."""
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items()}
    return {"id": str(value), "en": str(value)} if value else {}


def rule_file_errors(data: Any, src: str) -> list[str]:
    """Every problem of a loaded rule file: schema first, then the rules' meaning."""
    errors = schema_errors(data, src)
    return errors or semantic_errors(data, src)


def schema_errors(data: Any, src: str) -> list[str]:
    """The file's shape against the rule-file JSON Schema (one line per problem)."""
    validator = jsonschema.Draft202012Validator(rule_file_schema())
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = list(err.absolute_path)
        where = _rule_label(data, path)
        key = ".".join(str(p) for p in path[2:] if not isinstance(p, int)) if where else ""
        out.append(
            f"{src}: {where or '.'.join(map(str, path)) or '(top)'}"
            f"{': ' + key if key else ''}: {_short(err)}"
        )
    return out


def required_errors(data: dict[str, Any], require: tuple[str, ...], src: str) -> list[str]:
    """Rules without a field the pack's `require:` names (one line per rule and field)."""
    return [
        f"{src}: {rule['id']}: {key}: missing (required by the pack's require: in pack.yaml)"
        for rule in data.get("rules", [])
        for key in require
        if key not in rule
    ]


def _short(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown key {', '.join(repr(e) for e in extra)}"
    return err.message


def _rule_label(data: Any, path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            return str(data["rules"][path[1]].get("id", f"rules[{path[1]}]"))
        except (AttributeError, IndexError, KeyError, TypeError):
            return f"rules[{path[1]}]"
    return ""


def _option_errors(rule: dict[str, Any], src: str) -> list[str]:
    check = rule.get("check", {})
    ctype = REGISTRY.get(check.get("type"))
    if ctype is None:
        known = ", ".join(sorted(REGISTRY))
        return [
            f"{src}: {rule['id']}: check.type: unknown check type {check.get('type')!r} "
            f"(known: {known})"
        ]
    options = {k: v for k, v in check.items() if k != "type"}
    schema = {**ctype.options, "additionalProperties": False}
    schema.setdefault("properties", {})
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{src}: {rule['id']}: check.{'.'.join(map(str, e.absolute_path)) or '(options)'}: "
        f"{_short(e)}"
        for e in validator.iter_errors(options)
    ]


def _expressions(rule: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, text) of every expression in a rule."""
    found = [("amount", rule["amount"])] if rule.get("amount") else []
    _collect(rule.get("check", {}), "check", found)
    return found


def _collect(value: Any, key: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if k in EXPRESSION_OPTIONS and isinstance(v, str):
                found.append((f"{key}.{k}", v))
            elif k == "values" and isinstance(v, dict):  # row_condition: name → expression
                found += [(f"{key}.values.{n}", t) for n, t in v.items() if isinstance(t, str)]
            else:
                _collect(v, f"{key}.{k}", found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _collect(v, f"{key}[{i}]", found)


def _known_names(rule: dict[str, Any], params: set[str]) -> set[str]:
    kinds = load_kinds()
    cols = {c for d in rule.get("documents", []) if d in kinds for c in kinds[d].columns}
    for value in _nested_kinds(rule.get("check", {})):
        if value in kinds:
            cols |= set(kinds[value].columns)
    return cols | params | BUILTIN_NAMES


def _nested_kinds(value: Any) -> list[str]:
    if isinstance(value, dict):
        out = [v for k, v in value.items() if k in ("kind", "right_kind") and isinstance(v, str)]
        return out + [x for v in value.values() for x in _nested_kinds(v)]
    if isinstance(value, list):
        return [x for v in value for x in _nested_kinds(v)]
    return []


def name_types(rule: dict[str, Any], params: dict[str, Any]) -> dict[str, str | None]:
    """Column → type for the rule's document kinds (None when kinds disagree), then params."""
    kinds = load_kinds()
    found: dict[str, set[str]] = {}
    for kind in [*rule.get("documents", []), *_nested_kinds(rule.get("check", {}))]:
        for col in kinds[kind].columns.values() if kind in kinds else ():
            found.setdefault(col.name, set()).add(col.type)
    types = {n: next(iter(t)) if len(t) == 1 else None for n, t in found.items()}
    for name, value in {**params, **BUILTIN_TYPES}.items():
        types.setdefault(name, BUILTIN_TYPES.get(name) or value_type(value))
    return types


def _default(value: Any) -> Any:
    """A parameter's default value (`{default: …}` or the value itself)."""
    return value.get("default") if isinstance(value, dict) else value


def _expression_errors(rule: dict[str, Any], params: dict[str, Any], src: str) -> list[str]:
    out = []
    known = _known_names(rule, set(params))
    types = name_types(rule, params)
    for key, text in _expressions(rule):
        try:
            node = parse(text)
        except ExprError as err:
            out.append(f"{src}: {rule['id']}: {key}: {err}")
            continue
        unknown = sorted(names(node) - known)
        out += [f"{src}: {rule['id']}: {key}: unknown parameter or column {n!r}" for n in unknown]
        last = re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1])
        number = last in NUMBER_KEYS or ".values." in key
        out += [f"{src}: {rule['id']}: {key}: {e}" for e in expression_errors(node, types, number)]
    return out


def _template_errors(rule: dict[str, Any], params: dict[str, Any], src: str) -> list[str]:
    out = []
    values = rule.get("check", {}).get("values")
    extras = dict.fromkeys(values if isinstance(values, dict) else (), "number")
    types = {**name_types(rule, params), **extras, "count": "int", "amount": "number"}
    types["rows"] = "text"
    for key in ("title", "message", "remediation"):
        for lang, text in lang_texts(rule.get(key)).items():
            bad = [f for f in _FIELD.findall(text) if not _FIELD_OK.match(f)]
            out += [f"{src}: {rule['id']}: {key}.{lang}: bad placeholder {{{b}}}" for b in bad]
            out += [
                f"{src}: {rule['id']}: {key}.{lang}: {e}" for e in placeholder_errors(text, types)
            ]
    return out


def semantic_errors(data: dict[str, Any], src: str) -> list[str]:
    """The rules' meaning: document kinds, check options, expressions, placeholders."""
    params = {n: _default(v) for n, v in (data.get("parameters") or {}).items()}
    errors: list[str] = []
    seen: set[str] = set()
    kinds = load_kinds()
    for rule in data.get("rules", []):
        if rule["id"] in seen:
            errors.append(f"{src}: {rule['id']}: id: duplicate rule id")
        seen.add(rule["id"])
        bad_docs = [d for d in rule["documents"] if d not in kinds]
        errors += [f"{src}: {rule['id']}: documents: unknown document kind {d!r}" for d in bad_docs]
        errors += _option_errors(rule, src) + _expression_errors(rule, params, src)
        errors += _template_errors(rule, params, src)
    return errors


PERIOD_NAMES = frozenset({"as_of", "year"})


def _texts(value: Any) -> list[str]:
    """Every string inside a rule's `check:` mapping (expressions among them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _expression_names(text: str) -> set[str]:
    """The names an expression refers to (none when the text is not an expression)."""
    try:
        return names(parse(text))
    except ExprError:
        return set()


def uses_period(check_type: str, check: dict[str, Any]) -> bool:
    """Whether a check measures against the period (not run while the year is unknown).

    True when its type does (deadlines, quarter targets) or an expression names `as_of`
    or `year`.
    """
    if REGISTRY[check_type].uses_as_of:
        return True
    return any(PERIOD_NAMES & _expression_names(t) for t in _texts(check))


def yaml_error_text(err: yamlsafe.YamlError, path: Path) -> str:
    """The strict loader's error; inside a rule also its id: `file:LINE: RULE-ID: problem`."""
    found = _RULE_AT.search(err.problem)
    rule = _rule_id(path, int(found.group(1))) if found and err.line else None
    return f"{err.display}:{err.line}: {rule}: {err.problem}" if rule else str(err)


def _scalar(mapping: yaml.Node, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node (None when absent or not a mapping)."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if getattr(k, "value", None) == key), None)


def _rule_id(path: Path, index: int) -> str | None:
    """The `id` of the `index`-th rule of the file, read from its node tree (nothing built)."""
    try:
        root = yamlsafe.compose(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeError, yamlsafe.YamlError):
        return None
    rules = _scalar(root, "rules") if root is not None else None
    if not isinstance(rules, yaml.SequenceNode) or index >= len(rules.value):
        return None
    found = _scalar(rules.value[index], "id")
    return str(found.value) if isinstance(found, yaml.ScalarNode) else None
