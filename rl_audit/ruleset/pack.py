"""`pack.yaml`: a rule pack's name and version, and what its files share, declared once.

    name: bpk-wtp
    version: "2025.1"
    parameters:            # pack-wide parameters (same form as in a rule file)
      pmk81_start: {default: "2025-01-01", unit: tanggal / date, source: "PMK 81/2024"}
    expressions:           # named expressions, used in any rule expression as @name
      pl_ceiling: >-
        if(jenis_pengadaan is blank, pl_ceiling_goods_services, pl_ceiling_consultancy)
    checks:                # named check blocks, used as check: {use: name, ...}
      tax_deposit_match: {type: match, left_amount: pungut, right_amount: setor}
    require: [akibat, sebab, rekomendasi]   # rule fields every rule of the pack must have

`require:` names draft-finding fields (`akibat`, `sebab`, `rekomendasi`) that every rule
of the pack must carry: a rule without one is a rule-file error. The bundled pack requires
all three; in a pack without `require:` they are optional and `rules validate` warns.

A rule's expression `nilai_kontrak > @pl_ceiling` reads `nilai_kontrak > (…the text…)`;
`check: {use: tax_deposit_match, due: true}` is the named block with the rule's own keys
added (they win). Names are expanded when the rule file loads, so everything after
(validation, evaluation, the rule reference) sees whole expressions; an unknown name is
a rule-file error naming file:line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from rl_audit import yamlsafe
from rl_audit.ruleset.schema import EXPRESSION_OPTIONS, PARAMETER, WORKING_PAPER_FIELDS
from rl_audit.ruleset.validate import RuleFileError, yaml_error_text

PACK_KEYS = ("name", "version", "description", "parameters", "expressions", "checks", "require")
TEXT_KEYS = ("name", "version", "description")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# a quoted string (left as written) or an @name reference
_REF = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')|@([A-Za-z_][A-Za-z0-9_]*)")
MAX_NESTING = 10  # named expressions inside named expressions


@dataclass(frozen=True)
class Pack:
    """What `pack.yaml` declares (empty without one)."""

    meta: dict[str, Any] = field(default_factory=dict)  # name, version, description
    parameters: dict[str, Any] = field(default_factory=dict)  # name → spec (as in a file)
    expressions: dict[str, str] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    sha256: str = ""
    require: tuple[str, ...] = ()  # rule fields every rule must have (`WORKING_PAPER_FIELDS`)


def read_yaml(path: Path) -> yamlsafe.Loaded:
    """A rule file or pack.yaml, strictly (`rl_audit.yamlsafe`); RuleFileError naming file:line."""
    try:
        return yamlsafe.load_file(path)
    except yamlsafe.YamlError as err:
        raise RuleFileError(yaml_error_text(err, path)) from err


def _entry_ok(key: str, value: Any) -> bool:
    """Whether one entry of `parameters`, `expressions` or `checks` has its form."""
    if key == "parameters":
        return jsonschema.Draft202012Validator(PARAMETER).is_valid(value)
    if key == "checks":
        return isinstance(value, dict) and "type" in value
    return isinstance(value, str)


def _check_value(key: str, value: Any, where: str) -> None:
    """RuleFileError unless `value` has the form `key` needs."""
    if key in TEXT_KEYS:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise RuleFileError(f"{where}: expected text, got {type(value).__name__}")
        return
    if key == "require":
        if not isinstance(value, list) or not set(value) <= set(WORKING_PAPER_FIELDS):
            raise RuleFileError(f"{where}: expected a list of {', '.join(WORKING_PAPER_FIELDS)}")
        return
    if not isinstance(value, dict) or not all(_NAME.match(str(n)) for n in value):
        raise RuleFileError(f"{where}: expected a mapping of names (a-z, 0-9, _)")
    bad = [n for n, v in value.items() if not _entry_ok(key, v)]
    if bad:
        want = {
            "expressions": "text",
            "checks": "a mapping with type",
            "parameters": "{default, unit, source, description} or a value",
        }
        raise RuleFileError(f"{where}: {', '.join(bad)}: expected {want[key]}")


def read_pack(path: Path) -> Pack:
    """`pack.yaml` of a rule folder, checked; an empty `Pack` when there is none."""
    if not path.is_file():
        return Pack()
    loaded = read_yaml(path)
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}:1: expected a mapping with name and version")
    for key, value in data.items():
        where = f"{path}:{loaded.line((key,)) or 1}: {key}"
        if key not in PACK_KEYS:
            raise RuleFileError(f"{where}: unknown key (allowed: {', '.join(PACK_KEYS)})")
        _check_value(key, value, where)
    return Pack(
        {k: data[k] for k in TEXT_KEYS if k in data},
        dict(data.get("parameters") or {}),
        dict(data.get("expressions") or {}),
        dict(data.get("checks") or {}),
        loaded.sha256,
        tuple(data.get("require") or ()),
    )


class UnknownName(ValueError):
    """An @name no named expression has (or one that refers to itself)."""


def expand(text: str, expressions: dict[str, str], depth: int = 0) -> str:
    """`text` with every @name outside quotes replaced by `(its expression)`."""
    if depth > MAX_NESTING:
        raise UnknownName("named expressions refer to each other in a loop")

    def one(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return found.group(1)
        name = found.group(2)
        if name not in expressions:
            known = ", ".join(f"@{n}" for n in sorted(expressions)) or "none"
            raise UnknownName(f"unknown expression @{name} (pack.yaml expressions: {known})")
        return f"({expand(expressions[name], expressions, depth + 1)})"

    return _REF.sub(one, text)


def _walk(value: Any, key: str, pack: Pack, errors: list[str]) -> Any:
    """`value` (part of a rule's check) with its expressions expanded; errors as `key: what`."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            here = f"{key}.{k}"
            if isinstance(v, str) and (k in EXPRESSION_OPTIONS or key.endswith(".values")):
                out[k] = _expand_one(v, here, pack, errors)
            else:
                out[k] = _walk(v, here, pack, errors)
        return out
    if isinstance(value, list):
        return [_walk(v, f"{key}[{i}]", pack, errors) for i, v in enumerate(value)]
    return value


def _expand_one(text: str, key: str, pack: Pack, errors: list[str]) -> str:
    """One expression expanded (or left as is, with an error line)."""
    try:
        return expand(text, pack.expressions)
    except UnknownName as err:
        errors.append(f"{key}: {err}")
        return text


def _check_block(check: dict[str, Any], pack: Pack, errors: list[str]) -> dict[str, Any]:
    """A rule's `check:`, its `use:` block filled in from pack.yaml's `checks:`."""
    if "use" not in check:
        return check
    name, own = check["use"], {k: v for k, v in check.items() if k != "use"}
    if name not in pack.checks:
        known = ", ".join(sorted(pack.checks)) or "none"
        errors.append(f"check.use: unknown check block {name!r} (pack.yaml checks: {known})")
        return {"type": "?", **own}
    return {**pack.checks[name], **own}


def expand_rule(rule: dict[str, Any], pack: Pack) -> tuple[dict[str, Any], list[str]]:
    """The rule with named check blocks and named expressions expanded, and its errors."""
    errors: list[str] = []
    check = _check_block(dict(rule["check"]), pack, errors)
    out = {**rule, "check": _walk(check, "check", pack, errors)}
    if isinstance(rule.get("amount"), str):
        out["amount"] = _expand_one(rule["amount"], "amount", pack, errors)
    return out, errors


def expand_file(data: dict[str, Any], pack: Pack, src: str) -> tuple[dict[str, Any], list[str]]:
    """A (schema-valid) rule file with every rule expanded; errors name file, rule and key."""
    errors = [
        f"{src}: parameters.{name}: already declared in pack.yaml (declare it once)"
        for name in data.get("parameters") or {}
        if name in pack.parameters
    ]
    rules = []
    for rule in data.get("rules", []):
        expanded, problems = expand_rule(rule, pack)
        rules.append(expanded)
        errors += [f"{src}: {rule['id']}: {p}" for p in problems]
    params = {**pack.parameters, **(data.get("parameters") or {})}
    return {**data, "parameters": params, "rules": rules}, errors
