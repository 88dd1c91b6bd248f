"""The shipped rule pack: loads, every example behaves, docs and schema are current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rl_audit.checks.registry import REGISTRY
from rl_audit.report.check_types_doc import render_check_types_doc
from rl_audit.report.rules_doc import render_rules_doc
from rl_audit.ruleset.examples import run_example
from rl_audit.ruleset.load import bundled_rules_dir, load_rule_file, load_rules
from rl_audit.ruleset.schema import editor_schema

ROOT = Path(__file__).parent.parent.parent
PACK = load_rules(bundled_rules_dir())
TEST_RULES = load_rule_file(ROOT / "tests" / "data" / "rules" / "mini.yaml")
EXAMPLES = [(rs, r, e) for rs in (PACK, TEST_RULES) for r in rs.rules for e in r.examples]


@pytest.mark.parametrize(
    ("rule_set", "rule", "example"),
    EXAMPLES,
    ids=[f"{r.id}:{e.name}" for _, r, e in EXAMPLES],
)
def test_rule_example(rule_set, rule, example) -> None:
    result = run_example(rule, example, rule_set)
    assert result.ok, result.detail


def test_every_rule_has_a_pass_and_a_fail_example() -> None:
    for rule in PACK.rules:
        kinds = {e.expect for e in rule.examples}
        assert kinds == {"pass", "fail"}, rule.id


def test_docs_rules_md_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_rules_doc(PACK), "run: rl-audit rules docs"


def test_rule_schema_json_is_current() -> None:
    current = json.loads((ROOT / "docs" / "rule-schema.json").read_text(encoding="utf-8"))
    assert current == editor_schema(), "run: rl-audit rules schema"


def test_docs_check_types_md_is_current() -> None:
    current = (ROOT / "docs" / "check-types.md").read_text(encoding="utf-8")
    assert current == render_check_types_doc(REGISTRY, PACK), "run: rl-audit rules check-types"


def test_pack_identity() -> None:
    assert PACK.name == "bpk-wtp" and PACK.version == "2025.1"
