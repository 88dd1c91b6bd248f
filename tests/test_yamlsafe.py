"""The strict YAML loader every config, rule, waivers and data file goes through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rl_audit import yamlsafe
from rl_audit.yamlsafe import YamlError, load_bytes, load_file, load_text, load_value


def alias_bomb(levels: int = 9, key: str = "x") -> str:
    """A billion-laughs document: each level lists the previous one nine times."""
    lines = [f'  {key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"  {key}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, 2]\nb: *x\n", "f.yaml:1: invalid YAML: anchors (&name) and aliases"),
        ("a: 1\nb: *x\n", "f.yaml:2: invalid YAML: aliases (*name) are not allowed"),
        ("x: 1\nparameters:\n  a: 1\n  a: 2\n", "f.yaml:4: duplicate key 'a' (parameters)"),
        ("a: 1\na: 1\n", "f.yaml:2: duplicate key 'a'"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml:1: invalid YAML: nested deeper than 64"),
        ("as_of: 2025-13-01\n", "f.yaml:1: invalid YAML: '2025-13-01' is not a valid date"),
        ("a: b\nc: \x00\n", "f.yaml:2: invalid YAML: control character U+0000"),
        ("name: [x\n", "f.yaml:2:1: invalid YAML: expected ',' or ']'"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: invalid YAML: but found another document"),
        ("? [a]\n: 1\n", "f.yaml:1: a key must be a plain value"),
        ("!!python/object/apply:os.system ['echo x']\n", "f.yaml:1: invalid YAML: could not"),
    ],
)
def test_refused_documents_name_file_and_line(text: str, expected: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_text(text, "f.yaml")
    assert str(caught.value).startswith(expected), str(caught.value)


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    text = "year: 2025\nparameters:\n" + alias_bomb()
    assert len(text.encode()) < 600  # the 586-byte config of issue 14
    with pytest.raises(YamlError) as caught:
        load_text(text, "rl-audit.yaml")
    assert caught.value.line == 3 and caught.value.refused


def test_plain_documents_load_like_safe_load_with_lines_and_hash() -> None:
    loaded = load_bytes(b"a: 1\nb:\n  - 2025-01-31\n  - {c: x}\n", "f.yaml")
    assert loaded.data == {"a": 1, "b": [date(2025, 1, 31), {"c": "x"}]}
    assert loaded.line(("b", 1, "c")) == 4 and loaded.line(("b", 0)) == 3
    assert loaded.line(("b", 7, "nothing")) == 2  # nearest ancestor
    assert len(loaded.sha256) == 64
    assert load_text("# comments only\n", "f.yaml").data is None
    assert load_bytes(b"\xef\xbb\xbfa: 1\n", "f.yaml").data == {"a": 1}  # a BOM is fine


def test_non_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlError, match=r"latin\.yaml:2: not UTF-8 text \(byte 0xe9\)"):
        load_file(path)


def test_missing_directory_and_oversized_files(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(YamlError, match=r"absent\.yaml: file not found"):
        load_file(tmp_path / "absent.yaml")
    with pytest.raises(YamlError, match="not a regular file"):
        load_file(tmp_path)
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 1024**2)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024**2 + 1))
    with pytest.raises(YamlError, match="larger than 1 MB"):
        yamlsafe.load_file(big)


def test_values_and_refusals_of_a_single_value() -> None:
    assert load_value("[1, 2]", "--param x") == [1, 2]
    assert load_value("2025-03-01", "--param x") == date(2025, 3, 1)
    with pytest.raises(YamlError) as syntax:
        load_value("[1,2", "--param x")
    assert not syntax.value.refused
    with pytest.raises(YamlError) as alias:
        load_value("[&a 1, *a]", "--param x")
    assert alias.value.refused
