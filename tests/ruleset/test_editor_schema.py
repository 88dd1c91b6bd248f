"""docs/rule-schema.json: an editor validates each rule's check options by its type."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from rl_audit.checks.registry import REGISTRY
from rl_audit.ruleset.schema import editor_schema

ROOT = Path(__file__).parent.parent.parent
MINI = ROOT / "tests" / "data" / "rules" / "mini.yaml"
VALIDATOR = jsonschema.Draft202012Validator(editor_schema())


def with_check(check: dict) -> dict:
    """mini.yaml with its first rule's check replaced."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["rules"][0]["check"] = check
    return data


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_rule_file_is_valid_for_editors(path: Path) -> None:
    if path.name == "pack.yaml":
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


@pytest.mark.parametrize(
    "check",
    [
        {"type": "pattern", "column": "npwp", "regex": "x", "colum": "typo"},
        {"type": "pattern", "column": "npwp"},  # regex required
        {"type": "pattern", "column": "npwp", "regex": "x", "normalise": "upper"},
        {"type": "no_such_type"},
        {"where": "x > 1"},  # neither type nor use
    ],
)
def test_a_wrong_check_is_flagged_while_typing(check: dict) -> None:
    assert not VALIDATOR.is_valid(with_check(check))


@pytest.mark.parametrize(
    "check",
    [
        {"type": "pattern", "column": "npwp", "regex": "x", "normalise": "digits"},
        {"use": "tax_deposit_match", "report": "late"},  # a pack.yaml block
    ],
)
def test_a_right_check_passes(check: dict) -> None:
    assert VALIDATOR.is_valid(with_check(check))


def test_every_check_type_has_a_branch() -> None:
    check = editor_schema()["properties"]["rules"]["items"]["properties"]["check"]
    assert check["properties"]["type"]["enum"] == sorted(REGISTRY)
    assert len(check["allOf"]) == len(REGISTRY)
