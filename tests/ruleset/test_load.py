"""Rule files: strict validation with errors that name file, rule id and key."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.ruleset.load import RuleFileError, load_rule_file, load_rules

MINI = Path(__file__).parent.parent / "data" / "rules" / "mini.yaml"
runner = CliRunner()


def variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "pajak.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def first_rule(key: str, value):
    def change(data):
        data["rules"][0][key] = value

    return change


def check_option(key: str, value):
    def change(data):
        data["rules"][0]["check"][key] = value

    return change


def drop(key: str):
    def change(data):
        del data["rules"][0][key]

    return change


def duplicate_id(data):
    data["rules"][1]["id"] = data["rules"][0]["id"]


def unknown_top(data):
    data["author"] = "x"


CASES = [
    (first_rule("severity", "critical"), "KAS-05: severity: 'critical' is not one of"),
    (first_rule("colour", "red"), "KAS-05: unknown key 'colour'"),
    (drop("bpk_code"), "KAS-05: 'bpk_code' is a required property"),
    (first_rule("bpk_code", "1.4.10"), "KAS-05: bpk_code: '1.4.10' does not match"),
    (duplicate_id, "KAS-05: id: duplicate rule id"),
    (check_option("type", "magic"), "KAS-05: check.type: unknown check type 'magic'"),
    (check_option("deadline_dya", 15), "KAS-05: check.(options): unknown key 'deadline_dya'"),
    (
        check_option("where", "pengeluaran > cash_limt"),
        "KAS-05: check.where: unknown parameter or column 'cash_limt'",
    ),
    (check_option("where", "pengeluaran >"), "KAS-05: check.where: "),
    (first_rule("documents", ["bkuu"]), "KAS-05: documents: unknown document kind 'bkuu'"),
    (
        first_rule("message", {"id": "x {pengeluaran.__class__}", "en": "y"}),
        "KAS-05: message.id: bad placeholder {pengeluaran.__class__}",
    ),
    (unknown_top, "unknown key 'author'"),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_malformed_rule_files_give_precise_errors(tmp_path: Path, change, expected: str) -> None:
    path = variant(tmp_path, change)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    message = str(info.value)
    assert re.search(rf"{re.escape(str(path))}:\d+: ", message), message  # file:line
    assert expected in message


def test_an_error_names_the_line_of_its_key(tmp_path: Path) -> None:
    path = variant(tmp_path, check_option("where", "pengeluaran > cash_limt"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "cash_limt" in text)
    with pytest.raises(RuleFileError, match=rf":{line}: KAS-05: check.where: unknown"):
        load_rule_file(path)


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="invalid YAML"):
        load_rule_file(path)


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="invalid YAML"):
        load_rule_file(path)


def test_valid_file_loads_with_wording_and_parameters() -> None:
    rule_set = load_rule_file(MINI)
    assert rule_set.name == "mini" and rule_set.defaults() == {"cash_limit": 5000000}
    rule = rule_set.rules[0]
    assert rule.id == "KAS-05" and rule.bpk_code == "2.02.03" and rule.documents == ("bku",)
    assert rule.title["en"] == "Cash payment over the limit"


def test_folder_of_rule_files_with_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="KAS-05: id: duplicate rule id"):
        load_rules(tmp_path)


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["rules", "validate", str(MINI)])
    assert ok.exit_code == 0 and "2 aturan" in ok.stdout
    bad = variant(tmp_path, first_rule("severity", "critical"))
    result = runner.invoke(app, ["rules", "validate", str(bad)])
    assert result.exit_code == 3
    assert "KAS-05: severity" in result.stderr


def test_cli_rules_test_and_show() -> None:
    result = runner.invoke(app, ["rules", "test", str(MINI)])
    assert result.exit_code == 0 and "3 passed, 0 failed" in result.stdout
    shown = runner.invoke(app, ["rules", "show", "KAS-05", "--rules", str(MINI)])
    words = " ".join(shown.stdout.split())  # rendered for a terminal: text wraps in its column
    assert shown.exit_code == 0 and "2.02.03" in words and "tunai di atas batas" in words


def test_cli_rules_test_reports_a_wrong_example(tmp_path: Path) -> None:
    def wrong(data):
        data["rules"][0]["examples"][1]["rows"] = [0]

    result = runner.invoke(app, ["rules", "test", str(variant(tmp_path, wrong))])
    assert result.exit_code == 1
    assert "expected rows [0], found [1]" in result.stderr


def test_cli_schema_is_written(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert runner.invoke(app, ["rules", "schema", "-o", str(out)]).exit_code == 0
    assert '"rl-audit rule file"' in out.read_text(encoding="utf-8")


def _alias_bomb_rules() -> str:
    levels = ['  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    rule = (
        "  - id: KAS-99\n    title: t\n    message: m\n    bpk_code: '2.02.03'\n"
        "    severity: low\n    documents: [bku]\n"
        "    check: {type: row_condition, where: 'pengeluaran > a8'}\n"
    )
    return "name: bom\nversion: 1\nparameters:\n" + "\n".join(levels) + "\nrules:\n" + rule


PACK = "name: mini\nversion: '1'\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"r.yaml": _alias_bomb_rules().encode()}, "r.yaml:4: invalid YAML: anchors (&name)"),
        (
            {"r.yaml": MINI.read_bytes().replace(b"name: mini\n", b"name: mini\nname: dua\n")},
            "r.yaml:2: duplicate key 'name'",
        ),
        ({"r.yaml": "# Pajak \u2013 catatan\nname: x\n".encode("cp1252")}, "r.yaml:1: not UTF-8"),
        ({"pack.yaml": b"name: [mini\n"}, "pack.yaml:2:1: invalid YAML: "),
        ({"pack.yaml": b"- mini\n"}, "pack.yaml:1: expected a mapping with name and version"),
        ({"pack.yaml": PACK.encode() + b"author: x\n"}, "pack.yaml:3: author: unknown key"),
        ({"pack.yaml": PACK.encode() + b"version: '2'\n"}, "pack.yaml:3: duplicate key"),
        ({"pack.yaml": b"name: {a: 1}\n"}, "pack.yaml:1: name: expected text, got dict"),
        ({"pack.yaml": "name: caf\xe9\n".encode("latin-1")}, "pack.yaml:1: not UTF-8"),
    ],
)
def test_hostile_rule_files_are_refused_naming_file_and_line(
    tmp_path: Path, files: dict[str, bytes], expected: str
) -> None:
    folder = tmp_path / "aturan"
    folder.mkdir()
    (folder / "mini.yaml").write_bytes(MINI.read_bytes())
    for name, content in files.items():
        (folder / name).write_bytes(content)
    if b"&a0" in files.get("r.yaml", b""):
        assert len(files["r.yaml"]) < 1300  # the 1.2 KB rules file of issue 14
    for args in (["rules", "validate", str(folder)], ["check", "--rules", str(folder), str(MINI)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 3, result.output
        assert f"{folder}{os.sep}{expected}" in result.stderr, result.stderr
        assert "internal error" not in result.stderr


def test_the_pack_hash_covers_every_file_and_pack_yaml(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_bytes(MINI.read_bytes())
    first = load_rules(tmp_path).sha256
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    second = load_rules(tmp_path).sha256
    (tmp_path / "mini.yaml").write_bytes(MINI.read_bytes() + b"# a comment\n")
    third = load_rules(tmp_path).sha256
    assert len({first, second, third}) == 3 and all(len(h) == 64 for h in (first, second))
    assert load_rules(tmp_path).sha256 == third  # the same bytes, the same hash
