"""The check-type reference (`docs/check-types.md`), generated — never edited by hand.

For each registered check type: what it does (the check's own docstring), every option
with its type, default and meaning (the check's JSON Schema of options), and a passing
and a failing example taken from a rule of the shipped pack that uses the type (those
examples run as tests, so the page cannot show an example that does not behave).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from rl_audit.checks.base import CheckType
from rl_audit.ruleset.load import Example, Rule, RuleSet

INTRO = [
    "A rule's `check:` names one of these types and gives its options; `rl-audit rules"
    " validate` checks them, and `docs/rule-schema.json` lets an editor check them while"
    " you type. An option that takes a number also takes the name of a parameter (declared"
    " in the rule file or in the pack's `pack.yaml`). An *expression* is written in the rule"
    " expression language: columns, parameters, functions, and `@name` for a named"
    " expression of `pack.yaml`.",
    "",
]
MAX_ROWS = 6  # example rows shown per document kind


def _cell(value: Any) -> str:
    """A table cell: JSON for non-text, pipes escaped, one line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("|", "\\|").replace("\n", " ")


def type_text(schema: Any) -> str:
    """A JSON Schema fragment as a short type: `number or text`, `list of text`, `one of …`."""
    if not isinstance(schema, dict):
        return "any"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives and "type" not in schema:
        return " or ".join(dict.fromkeys(type_text(a) for a in alternatives))
    kinds = schema.get("type", "any")
    return " or ".join(
        _one_type(k, schema) for k in (kinds if isinstance(kinds, list) else [kinds])
    )


def _one_type(kind: str, schema: dict[str, Any]) -> str:
    """One JSON type in words (a list says what it holds)."""
    if kind == "array":
        return f"list of {type_text(schema.get('items'))}"
    return {"string": "text", "object": "mapping", "boolean": "true/false"}.get(kind, kind)


def option_rows(check: CheckType) -> list[str]:
    """The options table of one check type."""
    props = check.options.get("properties", {})
    required = set(check.options.get("required", []))
    lines = ["| option | type | default | meaning |", "|---|---|---|---|"]
    for name, schema in props.items():
        default = "*required*" if name in required else _default(schema)
        meaning = _cell(schema.get("description", ""))
        lines.append(f"| `{name}` | {_cell(type_text(schema))} | {default} | {meaning} |")
    return lines


def _default(schema: dict[str, Any]) -> str:
    """The default of an optional option, or `-` (the option is simply not used)."""
    return f"`{_cell(schema['default'])}`" if "default" in schema else "-"


def _example_rule(rules: tuple[Rule, ...], name: str) -> Rule | None:
    """The rule of `name` with the shortest check and a passing and a failing example."""
    using = [r for r in rules if r.check_type == name and r.examples]
    both = [r for r in using if {e.expect for e in r.examples} >= {"pass", "fail"}]
    return min(both or using, key=lambda r: len(json.dumps(r.check)), default=None)


def _table(rows: list[dict[str, Any]]) -> list[str]:
    """Example rows as a Markdown table (at most MAX_ROWS)."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:MAX_ROWS]:
        lines.append("| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |")
    more = len(rows) - MAX_ROWS
    return lines + ([f"| … {more} more rows |"] if more > 0 else [])


def _example(example: Example) -> list[str]:
    """One example: what it expects and its tables."""
    verb = {"pass": "Passes", "fail": "Fails"}.get(example.expect, example.expect)
    lines = [f"**{verb}** — *{example.name}*", ""]
    if example.params:
        lines += [f"Parameters: `{_cell(example.params)}`", ""]
    for kind, rows in example.data.items():
        lines += [f"`{kind}`:", "", *_table(rows), ""]
    return lines


def _examples(rule: Rule | None) -> list[str]:
    """The example section of a check type."""
    if rule is None:
        return ["No rule of the shipped pack uses this type yet.", ""]
    check = yaml.safe_dump({"check": rule.check}, allow_unicode=True, sort_keys=False, width=88)
    title = rule.title.get("en", "")
    lines = [f"From rule {rule.id} ({title}):", "", "```yaml", *check.splitlines(), "```", ""]
    chosen = [next((e for e in rule.examples if e.expect == x), None) for x in ("pass", "fail")]
    for example in (e for e in chosen if e is not None):
        lines += _example(example)
    return lines


def check_section(check: CheckType, rules: tuple[Rule, ...]) -> list[str]:
    """Markdown for one check type."""
    doc = check.doc.strip()
    return [
        f"## `{check.name}`",
        "",
        *(doc.splitlines() if doc else ["(no description)"]),
        "",
        "### Options",
        "",
        *option_rows(check),
        "",
        "### Example",
        "",
        *_examples(_example_rule(rules, check.name)),
    ]


def render_check_types_doc(registry: dict[str, CheckType], rule_set: RuleSet) -> str:
    """The whole reference: an index, then one section per check type (registry order)."""
    lines = [
        "# Check types",
        "",
        "Generated by `rl-audit rules check-types` from the check registry; do not edit.",
        "",
        *INTRO,
        "| type | what it does |",
        "|---|---|",
    ]
    for name, check in registry.items():
        summary = check.doc.strip().splitlines()[0] if check.doc.strip() else ""
        lines.append(f"| [`{name}`](#{name}) | {_cell(summary.split(': ', 1)[-1])} |")
    lines.append("")
    for check in registry.values():
        lines += check_section(check, rule_set.rules)
    return "\n".join(lines).rstrip() + "\n"
