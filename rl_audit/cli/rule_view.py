"""`rl-audit rules show ID` for a terminal: one rule as Rich renderables, not Markdown.

A heading, a two-column grid of the rule's facts (BPK code, severity in the reader's
language, documents, the check's condition, legal basis, why, how to fix, the message),
then the parameters the rule uses with the value in force — after the project config's
`parameters:` and `--param` — and where that value came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rl_audit.messages import label
from rl_audit.report.terminal.guard import plain
from rl_audit.ruleset.load import Rule, RuleSet


def used_parameters(rule: Rule, rule_set: RuleSet) -> list[str]:
    """The rule set's parameters named in the rule's check, message or amount, in order."""
    text = json.dumps([rule.check, rule.message, rule.amount], ensure_ascii=False)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    return [name for name in rule_set.parameters if name in words]


def _show(value: Any) -> str:
    """A parameter value as YAML would write it (text unquoted, lists as JSON)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _options(rule: Rule) -> list[str]:
    """The check's options, `name: value` each."""
    return [f"{k}: {_show(v)}" for k, v in rule.check.items() if k != "type"]


def _lines(lines: Iterable[str]) -> Text:
    """Lines of untrusted text as one Text (each guarded, no `⏎` for the breaks)."""
    return Text("\n").join(plain(line) for line in lines)


def _facts(rule: Rule, lang: str) -> Table:
    """The rule's facts as a borderless two-column grid (empty ones left out)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows: list[tuple[str, str | Text]] = [
        ("rs_bpk", rule.bpk_code),
        ("rs_severity", label(f"sev_{rule.severity}", lang)),
        ("rs_documents", ", ".join(rule.documents)),
        ("rs_tags", ", ".join(rule.tags)),
        ("rs_check", _lines([rule.check_type, *_options(rule)])),
        ("rs_amount", rule.amount or ""),
        ("rs_legal", rule.legal_ref),
        ("rs_why", rule.rationale.get(lang, "")),
        ("rs_fix", rule.remediation.get(lang, "")),
        ("rs_message", rule.message.get(lang, "")),
        ("rs_examples", _lines(f"{e.name} ({e.expect})" for e in rule.examples)),
    ]
    for key, value in rows:
        if value:
            grid.add_row(
                plain(label(key, lang)), value if isinstance(value, Text) else plain(value)
            )
    return grid


def _parameters(
    rule: Rule, rule_set: RuleSet, in_force: dict[str, Any], origin: dict[str, str], lang: str
) -> Table | None:
    """The parameters the rule uses: value in force, default, unit and where the value is from."""
    names = used_parameters(rule, rule_set)
    if not names:
        return None
    table = Table(title=plain(label("rs_params", lang)), title_justify="left")
    for key in ("rs_col_name", "rs_col_value", "rs_col_default", "rs_col_unit", "rs_col_from"):
        table.add_column(plain(label(key, lang)), overflow="fold")
    for name in names:
        param = rule_set.parameters[name]
        source = label(f"rs_from_{origin.get(name, 'default')}", lang)
        cells = (name, _show(in_force[name]), _show(param.default), param.unit, source)
        table.add_row(*map(plain, cells))
    return table


def rule_view(
    rule: Rule, rule_set: RuleSet, in_force: dict[str, Any], origin: dict[str, str], lang: str
) -> RenderableType:
    """One rule for a terminal; `origin` says per parameter `config` or `param` (else default)."""
    title = Text.assemble(plain(rule.id, "bold"), " — ", plain(rule.title.get(lang, rule.id)))
    parts: list[RenderableType] = [title, Text(""), _facts(rule, lang)]
    table = _parameters(rule, rule_set, in_force, origin, lang)
    if table is not None:
        parts += [Text(""), table]
    return Group(*parts)
