"""YAML rule files → validated, frozen `RuleSet`s, with errors naming file, rule and key.

A rule set is data: name, version, parameters (defaults, sources) and rules. The format is
checked with a JSON Schema (`rule_file_schema()`), check options with their type's schema,
expressions parsed against the documents' columns; a valid pack is cached (`cache.rules`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from rl_audit import yamlsafe
from rl_audit.cache.rules import cached
from rl_audit.ruleset.model import CACHED as CACHED  # the rule cache's types
from rl_audit.ruleset.model import Example as Example
from rl_audit.ruleset.model import Parameter as Parameter
from rl_audit.ruleset.model import Recommendation as Recommendation
from rl_audit.ruleset.model import Rule as Rule
from rl_audit.ruleset.model import RuleSet as RuleSet
from rl_audit.ruleset.pack import Pack, expand_file, read_pack, read_yaml
from rl_audit.ruleset.validate import RuleFileError as RuleFileError  # raised by the loaders
from rl_audit.ruleset.validate import (
    lang_texts,
    required_errors,
    schema_errors,
    semantic_errors,
)

SEVERITIES = ("high", "medium", "low", "info")


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
        lang_texts(data["title"]),
        lang_texts(data["message"]),
        str(data["bpk_code"]),
        data["severity"],
        tuple(data["documents"]),
        dict(data["check"]),
        data.get("amount"),
        data.get("column"),
        str(data.get("legal_ref", "")),
        lang_texts(data.get("rationale")),
        lang_texts(data.get("remediation")),
        tuple(data.get("tags", [])),
        tuple(_example(e, i) for i, e in enumerate(data.get("examples", []))),
        src,
        tuple(data.get("only_if_columns", [])),
        data.get("metric"),
        akibat=lang_texts(data.get("akibat")),
        sebab={lang: list(items) for lang, items in (data.get("sebab") or {}).items()},
        rekomendasi=_recommendation(data.get("rekomendasi")),
    )


def _recommendation(data: dict[str, Any] | None) -> Recommendation | None:
    """A rule's `rekomendasi:` (code and text), None when it has none."""
    return Recommendation(str(data["code"]), lang_texts(data["text"])) if data else None


def _parameter(name: str, data: Any) -> Parameter:
    if not isinstance(data, dict):
        return Parameter(name, data)
    text = {key: str(data.get(key, "")) for key in ("unit", "source", "description")}
    return Parameter(name, data.get("default"), **text, confirm=bool(data.get("confirm", False)))


def parse_rule_set(data: Any, src: str, pack: Pack | None = None) -> RuleSet:
    """Validate loaded YAML data; raise RuleFileError listing every problem found.

    With the pack's `pack.yaml`: its parameters join the file's, its named check blocks
    and expressions are expanded first (a file may not declare a pack-wide parameter).
    """
    errors = schema_errors(data, src)
    if not errors:
        errors = required_errors(data, (pack or Pack()).require, src)
    if not errors:
        data, errors = expand_file(data, pack or Pack(), src)
    errors = errors or semantic_errors(data, src)
    if errors:
        raise RuleFileError("\n".join(errors))
    params = {n: _parameter(n, v) for n, v in (data.get("parameters") or {}).items()}
    rules = tuple(_rule(r, src) for r in data.get("rules", []))
    return RuleSet(
        data["name"], str(data["version"]), params, rules, str(data.get("description", "")), src
    )


def _label_path(data: Any, label: str) -> tuple[Any, ...]:
    """The key path an error label names: a rule id, `parameters.x` or `(top)`."""
    rules = data.get("rules") if isinstance(data, dict) else None
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict) and rule.get("id") == label:
            return ("rules", i)
    if label == "(top)":
        return ()
    return tuple(int(p) if p.isdigit() else p for p in label.split("."))


def _with_line(error: str, loaded: yamlsafe.Loaded, src: str) -> str:
    """`file: RULE-ID: key: what` as `file:LINE: RULE-ID: key: what` (the key's line)."""
    if not error.startswith(f"{src}: "):
        return error
    rest = error[len(src) + 2 :]
    label, _, after = rest.partition(": ")
    path = _label_path(loaded.data, label)
    key = after.partition(": ")[0].split("[")[0]
    line = loaded.line((*path, *key.split("."))) if path and key else loaded.line(path)
    return f"{src}:{line or 1}: {rest}"


def _load(path: Path, pack: Pack) -> tuple[RuleSet, yamlsafe.Loaded]:
    """One rule file of `pack`, validated, and what was read (errors name file:line)."""
    loaded = read_yaml(path)
    try:
        rule_set = parse_rule_set(loaded.data, str(path), pack)
    except RuleFileError as err:
        lines = [_with_line(e, loaded, str(path)) for e in str(err).split("\n")]
        raise RuleFileError("\n".join(lines)) from err
    return replace(rule_set, sha256=loaded.sha256), loaded


def load_rule_file(path: Path, pack: Pack | None = None) -> RuleSet:
    """Read and validate one YAML rule file (strict safe YAML; never executes anything).

    A file beside a `pack.yaml` uses that pack (`pack` if read already); its hash covers both.
    """
    pack = pack or read_pack(path.parent / "pack.yaml")
    rule_set, loaded = _load(path, pack)
    digest = _digest([(path.name, loaded.sha256), ("pack.yaml", pack.sha256)])
    return replace(rule_set, sha256=digest if pack.sha256 else loaded.sha256)


def _digest(parts: list[tuple[str, str]]) -> str:
    """One SHA-256 over (file name, file SHA-256) pairs."""
    digest = hashlib.sha256()
    for name, part in parts:
        digest.update(f"{name}\0{part}\n".encode())
    return digest.hexdigest()


def merge(sets: list[RuleSet], name: str, version: str) -> RuleSet:
    """Join rule sets into one; duplicate rule ids are errors.

    So is one parameter name with two defaults (two packs given with --rules).
    """
    params: dict[str, Parameter] = {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    errors = []
    for rs in sets:
        for pname, param in rs.parameters.items():
            if pname in params and params[pname].default != param.default:
                errors.append(f"{rs.source}: parameters.{pname}: default differs from another set")
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
    digest = _digest([(Path(s.source).name, s.sha256) for s in sets])
    return RuleSet(name, version, params, tuple(rules), sha256=digest)


def load_rules(path: Path) -> RuleSet:
    """`read_rules(path)`, served from the rule cache when its files are unchanged."""
    return cached(path, read_rules, CACHED)


def read_rules(path: Path) -> RuleSet:
    """A rule file, or a folder of them (`pack.yaml` names the pack; files sorted)."""
    if path.is_file():
        return load_rule_file(path)
    files = sorted(p for p in path.glob("*.yaml") if p.name != "pack.yaml")
    pack = read_pack(path / "pack.yaml")
    loads = [_load(p, pack) for p in files]
    meta = pack.meta
    sets = [rule_set for rule_set, _ in loads]
    merged = merge(sets, str(meta.get("name", path.name)), str(meta.get("version", "0")))
    _declared_once([(p, loaded) for p, (_, loaded) in zip(files, loads, strict=True)])
    parts = [(p.name, loaded.sha256) for p, (_, loaded) in zip(files, loads, strict=True)]
    return replace(merged, sha256=_digest([*parts, ("pack.yaml", pack.sha256)]))


def _declared_once(files: list[tuple[Path, yamlsafe.Loaded]]) -> None:
    """RuleFileError when two files of a pack declare one parameter (pack.yaml's place)."""
    first: dict[str, Path] = {}
    errors = []
    for path, loaded in files:
        for name in loaded.data.get("parameters") or {}:
            if name in first:
                line = loaded.line(("parameters", name)) or 1
                errors.append(
                    f"{path}:{line}: parameters.{name}: also declared in {first[name].name}; "
                    "declare a pack-wide parameter once, in pack.yaml"
                )
            first.setdefault(name, path)
    if errors:
        raise RuleFileError("\n".join(errors))


def bundled_rules_dir() -> Path:
    """The shipped BPK-WTP rule pack: inside the wheel, or `rules/` of a source checkout."""
    packaged = Path(str(resources.files("rl_audit"))) / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


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
