"""Option checks: parameter types from their defaults, closest names, OPD queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rl_audit.config import Config
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.options import (
    OptionError,
    check_param,
    check_params,
    check_rule_id,
    check_selection,
    closest,
    input_opds,
    param_kind,
    resolve_opd,
)
from rl_audit.ruleset.load import Parameter
from rl_audit.run import load_rule_sets, resolve_params

PACK = load_rule_sets([])
DECLARED = PACK.parameters
SLEMAN_BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : Dinas Kesehatan Kabupaten Sleman;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Saldo\n"
    "1;06/01/2025;B-1;ATK;0;1.500.000,00;0\n"
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("cash_limit", "number"),
        ("benford_mad_threshold", "number"),
        ("perpres_46_2025_effective", "date"),
        ("pph_deposit_deadline", "deadline"),
        ("in_town_pattern", "regex"),
        ("perjadin_default_province", "text"),
        ("cash_payment_labels", "list_text"),
        ("daily_allowance_rates", "list_mapping"),
    ],
)
def test_the_pack_parameters_get_their_type_from_the_default(name: str, kind: str) -> None:
    assert param_kind(DECLARED[name]) == kind


def test_kinds_of_other_defaults() -> None:
    assert param_kind(Parameter("x", True)) == "bool"
    assert param_kind(Parameter("x", {"a": 1})) == "mapping"
    assert param_kind(Parameter("x", date(2025, 1, 1))) == "date"
    assert param_kind(Parameter("x", [])) == "list"
    assert param_kind(Parameter("x", None)) == "any"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("cash_limit", 10_000_000, 10_000_000),
        ("cash_limit", 2.5e6, 2.5e6),
        ("cash_limit", "1e6", 1e6),  # YAML 1.1 leaves 1e6 a string
        ("benford_mad_threshold", 1, 1),
        ("perpres_46_2025_effective", date(2025, 5, 1), "2025-05-01"),  # the default's form
        ("perpres_46_2025_effective", "2025-05-01", "2025-05-01"),
        ("pph_deposit_deadline", "workdays:5", "workdays:5"),
        ("in_town_pattern", r"(?i)\bcurup\b", r"(?i)\bcurup\b"),
        ("perjadin_default_province", "Bengkulu", "Bengkulu"),
        ("cash_payment_labels", ["tunai"], ["tunai"]),
        ("daily_allowance_rates", [{"provinsi": "Bengkulu", "rate": 1}], None),
    ],
)
def test_values_of_the_right_type_are_accepted(name: str, value: object, expected: object) -> None:
    assert check_param(DECLARED[name], value, name) == (value if expected is None else expected)


@pytest.mark.parametrize(
    ("name", "value", "shown", "expected_id"),
    [
        ("cash_limit", "abc", "'abc'", "angka"),
        ("cash_limit", "5.000.000", "'5.000.000'", "angka"),
        ("cash_limit", True, "true", "angka"),
        ("cash_limit", None, "null", "angka"),
        ("cash_limit", float("nan"), "nan", "angka"),
        ("cash_limit", [1], "[1]", "angka"),
        ("perpres_46_2025_effective", "31/12/2025", "'31/12/2025'", "tanggal YYYY-MM-DD"),
        ("perpres_46_2025_effective", "2025-13-01", "'2025-13-01'", "tanggal YYYY-MM-DD"),
        ("perpres_46_2025_effective", 20250501, "20250501", "tanggal YYYY-MM-DD"),
        ("pph_deposit_deadline", "next_month", "'next_month'", "aturan tenggat (day_of_next"),
        ("in_town_pattern", "(abc", "'(abc'", "regex yang valid"),
        ("perjadin_default_province", 12, "12", "teks"),
        ("cash_payment_labels", "tunai", "'tunai'", "daftar teks"),
        ("cash_payment_labels", ["tunai", 1], "['tunai', 1]", "daftar teks"),
        ("daily_allowance_rates", [1, 2], "[1, 2]", "daftar pemetaan"),
    ],
)
def test_values_of_the_wrong_type_name_value_and_type(
    name: str, value: object, shown: str, expected_id: str
) -> None:
    with pytest.raises(OptionError) as info:
        check_param(DECLARED[name], value, f"--param {name}")
    assert info.value.text("id").startswith(f"--param {name}: {shown} bukan {expected_id}")
    assert " is not " in info.value.text("en") and not info.value.in_config


def test_bool_and_mapping_parameters() -> None:
    flag, table = Parameter("flag", False), Parameter("table", {"a": 1})
    assert check_param(flag, True, "flag") is True
    assert check_param(table, {"b": 2}, "table") == {"b": 2}
    with pytest.raises(OptionError, match="bukan true atau false"):
        check_param(flag, "ya", "--param flag")
    with pytest.raises(OptionError, match=r"bukan pemetaan, mis\. \{a: 1\}"):
        check_param(table, [1], "--param table")


def test_unknown_parameter_names_the_closest() -> None:
    with pytest.raises(OptionError) as info:
        check_params(DECLARED, {"cash_limt": 1}, "--param ")
    assert info.value.text("en") == "--param cash_limt: unknown parameter. Did you mean: cash_limit"
    with pytest.raises(OptionError) as info:
        check_params(DECLARED, {"zzz": 1}, "--param ")
    assert info.value.text("id").endswith("Daftar parameter: docs/rules.md (rl-audit rules docs)")


def test_config_parameters_name_the_file_and_key(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "rl-audit.yaml", parameters={"cash_limit": "lima juta"})
    with pytest.raises(OptionError) as info:
        resolve_params(PACK, config, {})
    assert info.value.in_config
    assert info.value.text("id") == (
        f"{tmp_path / 'rl-audit.yaml'}: parameters.cash_limit: 'lima juta' bukan angka "
        "(mis. 5000000)."
    )


def test_resolved_parameters_are_layered_and_converted() -> None:
    config = Config(parameters={"cash_limit": 1_000_000})
    params = resolve_params(PACK, config, {"perpres_46_2025_effective": date(2025, 6, 1)})
    assert params["cash_limit"] == 1_000_000
    assert params["perpres_46_2025_effective"] == "2025-06-01"
    assert params["ppn_rate"] == PACK.defaults()["ppn_rate"]


def test_closest_ignores_case_and_keeps_the_spelling() -> None:
    assert closest("dinkess", ["Dinkes", "Dinsos", "Bappeda"])[0] == "Dinkes"
    assert closest("kas-05", ["KAS-05", "PJK-01"]) == ["KAS-05"]
    assert closest("zzz", ["KAS-05"]) == []


def test_selection_patterns_must_pick_a_rule() -> None:
    check_selection(PACK.rules, ["KAS", "KAS-05", "tag:pajak", "pajak", "PJK-0"], "--select")
    with pytest.raises(OptionError) as info:
        check_selection(PACK.rules, ["KAS", "tag:kontrk"], "--ignore")
    assert "--ignore 'tag:kontrk'" in info.value.text("en")
    assert "Did you mean: tag:kontrak" in info.value.text("en")


def test_rule_id_lookup() -> None:
    assert check_rule_id(PACK.rules, "KAS-05").id == "KAS-05"
    with pytest.raises(OptionError) as info:
        check_rule_id(PACK.rules, "kas-05")
    assert info.value.text("id").startswith("aturan 'kas-05' tidak ada. Mungkin maksudnya: KAS-05")


def test_opd_queries_against_registry_and_inputs(tmp_path: Path) -> None:
    (tmp_path / "bku.csv").write_text(SLEMAN_BKU, encoding="utf-8")
    registry = Config().registry
    refs = input_opds(ingest_paths([tmp_path], IngestOptions(registry)))
    assert [r.code for r in refs] == ["dinas-kesehatan-kabupaten-sleman"]
    dinkes = resolve_opd(registry, refs, "Dinkes")
    assert dinkes.startswith("1.02") and resolve_opd(registry, refs, dinkes) == dinkes
    for query in ("Dinas Kesehatan Kabupaten Sleman", "dinas-kesehatan-kabupaten-sleman"):
        assert resolve_opd(registry, refs, query) == "dinas-kesehatan-kabupaten-sleman"
    for query in ("Nope", "", "Dinkes Bantul"):  # extra words do not name a registered OPD
        with pytest.raises(OptionError, match="OPD tidak ada di registri"):
            resolve_opd(registry, refs, query)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("cash_payment_labels=[1,2", "--param cash_payment_labels: '[1,2' bukan daftar teks"),
        ("cash_limit=[1,2", "--param cash_limit: '[1,2' bukan angka"),
        ("x=[1,2", "--param x: parameter tidak dikenal"),
        (
            "daily_allowance_rates=[&a {x: 1}, *a]",
            "--param daily_allowance_rates: invalid YAML: anchors",
        ),
        ("cash_payment_labels=" + "[" * 3000, "--param cash_payment_labels: invalid YAML: nested"),
    ],
)
def test_unreadable_param_values_exit_2_with_one_clear_line(
    tmp_path: Path, value: str, expected: str
) -> None:
    from typer.testing import CliRunner

    from rl_audit.cli.app import app

    (tmp_path / "bku.csv").write_text(SLEMAN_BKU, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--param", value, str(tmp_path / "bku.csv")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"rl-audit: {expected}"), result.stderr
    assert "internal error" not in result.stderr and len(result.stderr.splitlines()) == 1
