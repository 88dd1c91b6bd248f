"""pack.yaml: pack-wide parameters, named expressions (@name) and named check blocks (use:)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.ruleset.examples import run_example
from rl_audit.ruleset.load import RuleFileError, load_rule_file, load_rules
from rl_audit.ruleset.pack import Pack, expand

runner = CliRunner()

PACK = """\
name: mini
version: "1"
parameters:
  cash_limit: {default: 5000000, unit: rupiah}
expressions:
  cash: 'lower(cara_bayar) == "tunai"'
  over_limit: "@cash and pengeluaran > cash_limit"
checks:
  cash_rule: {type: row_condition, where: "@over_limit"}
"""

RULE = """\
name: kas
version: "1"
rules:
  - id: KAS-05
    title: Pembayaran tunai melebihi batas
    message: "Tunai {{pengeluaran:rp}} di atas {{cash_limit:rp}}"
    bpk_code: "2.02.03"
    severity: medium
    documents: [bku]
    check: {check}
    amount: pengeluaran
    examples:
      - expect: fail
        data: {{bku: [{{tanggal: "2025-01-02", pengeluaran: 7500000, cara_bayar: tunai}}]}}
      - expect: pass
        data: {{bku: [{{tanggal: "2025-01-02", pengeluaran: 7500000, cara_bayar: bank}}]}}
"""


def folder(tmp_path: Path, check: str, pack: str = PACK, extra: str = "") -> Path:
    """A pack folder: pack.yaml and kas.yaml whose one rule has `check`."""
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    (tmp_path / "kas.yaml").write_text(RULE.format(check=check) + extra, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "check",
    [
        "{type: row_condition, where: '@over_limit'}",
        "{type: row_condition, where: '@cash and pengeluaran > cash_limit'}",
        "{use: cash_rule}",
    ],
)
def test_named_expressions_and_check_blocks_behave_like_the_written_rule(
    tmp_path: Path, check: str
) -> None:
    rules = load_rules(folder(tmp_path, check))
    rule = rules.rules[0]
    assert rule.check_type == "row_condition"
    assert "@" not in rule.check["where"] and "cash_limit" in rule.check["where"]
    assert rules.defaults() == {"cash_limit": 5000000}  # declared once, in pack.yaml
    assert [run_example(rule, e, rules).ok for e in rule.examples] == [True, True]


def test_a_single_file_of_a_pack_uses_its_pack_yaml(tmp_path: Path) -> None:
    rule_set = load_rule_file(folder(tmp_path, "{use: cash_rule}") / "kas.yaml")
    assert "cash_limit" in rule_set.parameters
    assert rule_set.rules[0].check["type"] == "row_condition"


def test_the_rules_own_keys_win_over_the_check_block(tmp_path: Path) -> None:
    rules = load_rules(folder(tmp_path, "{use: cash_rule, where: 'pengeluaran > 1'}"))
    assert rules.rules[0].check == {"type": "row_condition", "where": "pengeluaran > 1"}


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (
            "{type: row_condition, where: '@nope and pengeluaran > 0'}",
            "kas.yaml:10: KAS-05: check.where: unknown expression @nope "
            "(pack.yaml expressions: @cash, @over_limit)",
        ),
        (
            "{use: nope}",
            "kas.yaml:10: KAS-05: check.use: unknown check block 'nope' "
            "(pack.yaml checks: cash_rule)",
        ),
    ],
)
def test_an_unknown_name_is_a_rule_file_error_naming_file_and_line(
    tmp_path: Path, check: str, expected: str
) -> None:
    with pytest.raises(RuleFileError) as err:
        load_rules(folder(tmp_path, check))
    assert expected in str(err.value)
    result = runner.invoke(app, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == 3 and "unknown" in result.output


def test_a_file_may_not_declare_a_pack_wide_parameter(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    text = RULE.format(check="{use: cash_rule}").replace(
        "rules:\n", "parameters:\n  cash_limit: {default: 1}\nrules:\n", 1
    )
    (tmp_path / "kas.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"kas.yaml:4: parameters.cash_limit: already"):
        load_rules(tmp_path)


def test_two_files_may_not_declare_one_parameter(tmp_path: Path) -> None:
    bare = "name: mini\nversion: '1'\n"
    rule = RULE.format(check="{type: row_condition, where: 'pengeluaran > cash_limit'}")
    own = rule.replace("rules:\n", "parameters:\n  cash_limit: {default: 5}\nrules:\n", 1)
    (tmp_path / "pack.yaml").write_text(bare, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(own, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(own.replace("KAS-05", "KAS-06"), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"b.yaml:4: parameters.cash_limit: also declared"):
        load_rules(tmp_path)


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        (PACK + "  bad: {where: x}\n", "checks: bad: expected a mapping with type"),
        ("name: x\nexpressions: {a: [1]}\n", "expressions: a: expected text"),
        ("name: x\nexpressions: {Bad-Name: x}\n", "expected a mapping of names"),
        ("name: x\nparameters: {p: {unit: x}}\n", "parameters: p: expected {default"),
    ],
)
def test_pack_yaml_sections_are_checked(tmp_path: Path, pack: str, expected: str) -> None:
    with pytest.raises(RuleFileError, match=expected):
        load_rules(folder(tmp_path, "{use: cash_rule}", pack))


def test_expansion_leaves_quoted_text_alone_and_refuses_a_loop() -> None:
    assert expand('@a or x matches "@a"', {"a": "y > 1"}) == '(y > 1) or x matches "@a"'
    with pytest.raises(ValueError, match="loop"):
        expand("@a", {"a": "@b", "b": "@a"})
    assert Pack().expressions == {}


def test_the_shipped_pack_declares_its_shared_parts_once() -> None:
    root = Path(__file__).parent.parent.parent / "rules"
    texts = {p.name: p.read_text(encoding="utf-8") for p in root.glob("*.yaml")}
    assert sum("\n  pl_ceiling_goods_services:\n" in t for t in texts.values()) == 1
    assert sum("\n  pmk81_start:\n" in t for t in texts.values()) == 1
    assert "@pl_ceiling" in texts["kontrak.yaml"] and "@pl_ceiling" in texts["analitik.yaml"]
    assert texts["pajak.yaml"].count("use: tax_deposit_match") == 2
    assert "max(pl_ceiling_goods_services" not in texts["kontrak.yaml"] + texts["analitik.yaml"]


def test_a_date_option_expands_named_expressions_and_refuses_unknown_ones(tmp_path: Path) -> None:
    pack = PACK.replace("expressions:\n", "expressions:\n  day: coalesce(tanggal, tanggal)\n")
    check = (
        "{{type: aggregate_target, target: 90, date: '{day}', numerator: {{value: pengeluaran}},"
        " denominator: {{value: pengeluaran}}}}"
    )
    rule = load_rules(folder(tmp_path, check.format(day="@day"), pack)).rules[0]
    assert rule.check["date"] == "(coalesce(tanggal, tanggal))"
    with pytest.raises(RuleFileError, match=r"check.date: unknown expression @nope"):
        load_rules(folder(tmp_path, check.format(day="@nope"), pack))
