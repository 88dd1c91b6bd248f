"""The wording catalog is complete: every key used in code exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from rl_audit.documents import RowRole
from rl_audit.messages import LANGS, by_language, catalog, labels, render

SOURCE = Path(__file__).parent.parent / "rl_audit"
USED = re.compile(r"""(?:Issue|ReadError)\(\s*["']([a-z_]+)["']""")


def used_keys() -> set[str]:
    return {k for p in SOURCE.rglob("*.py") for k in USED.findall(p.read_text(encoding="utf-8"))}


def test_every_used_key_is_in_the_catalog() -> None:
    keys = used_keys()
    assert len(keys) > 10
    assert keys - set(catalog()) - set(labels()) == set()


def test_every_entry_has_both_languages_and_differs() -> None:
    for key, entry in catalog().items():
        assert set(entry) == set(LANGS), key
        assert entry["id"] != entry["en"], key


def test_input_problems_are_data_merged_into_the_wording() -> None:
    issues = catalog()
    assert len(issues) > 20 and "file_corrupt" in issues
    assert all(labels()[key] == entry for key, entry in issues.items())
    assert render("file_not_found", "en") == "File not found"


def test_by_language_gives_the_inspect_labels_roles_and_words() -> None:
    for lang in LANGS:
        assert set(by_language("role_", lang)) == {r.value for r in RowRole}
    assert by_language("role_", "en")["opening"] == "opening balance"
    assert by_language("inspect_", "id")["kind"] == "Jenis dokumen"
    assert by_language("word_", "en")["id"] == "Indonesian (1.234,56)"
    assert "read as US (1,234.56) format" in render(
        "value_ambiguous_locale", "en", locale="us", column="c", example="1", cell="A1"
    )


def test_render_fills_params_and_translates_type_words() -> None:
    text = render(
        "value_unparsed", "en", count=2, column="saldo", type="money", example="12abc", cell="G9"
    )
    assert text == "2 value(s) in column saldo cannot be read as money: '12abc' at G9 and 1 more"
    assert "sebagai uang" in render(
        "value_unparsed", "id", count=1, column="x", type="money", example="a", cell="A1"
    )


def test_render_missing_param_and_unknown_key_do_not_crash() -> None:
    assert "{detail}" in render("file_corrupt", "id")
    assert render("no_such_key", "en") == "no_such_key"


def test_number_without_decimals_keeps_its_zeros() -> None:
    from rl_audit.messages import number

    assert number(250000, 0) == "250.000"
    assert number(37.0, 1) == "37" and number(1234.5) == "1.234,5"
