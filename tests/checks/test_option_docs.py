"""Every check type documents itself: a docstring and a meaning for every option."""

from __future__ import annotations

import pytest

from rl_audit.checks.registry import REGISTRY
from rl_audit.report.check_types_doc import option_rows, type_text


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_option_has_a_description_and_the_type_a_docstring(name: str) -> None:
    check = REGISTRY[name]
    assert check.doc.strip().startswith(f"`{name}`")
    missing = [k for k, v in check.options["properties"].items() if not v.get("description")]
    assert missing == []


def test_option_rows_show_type_default_and_required() -> None:
    rows = option_rows(REGISTRY["pattern"])
    assert "| `regex` | text | *required* |" in rows[3]
    assert rows[4].startswith("| `normalise` | one of `digits`, `none` | `none` |")
    assert rows[5].startswith("| `blank_fails` | true/false | `false` |")


def test_type_text_reads_alternatives_and_lists() -> None:
    assert type_text({"type": ["number", "string"]}) == "number or text"
    assert type_text({"type": "array", "items": {"type": "string"}}) == "list of text"
    assert type_text({"anyOf": [{"type": "string"}, {"type": "array"}]}) == "text or list of any"
