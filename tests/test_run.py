"""check end to end: layered parameters, unknown parameters, --fail-on exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rl_audit.cli.app import app

runner = CliRunner()
# a one-month Dinkes BKU (formerly samples/dinkes/bku_2025_01.csv; samples/ now holds the
# generated year of exports of five OPDs, see samples/README.md)
SAMPLES = Path(__file__).parent / "data" / "run"


def run(*args: str):
    return runner.invoke(app, ["check", "--no-color", str(SAMPLES), *args])


def found_rules(table: str) -> str:
    """The terminal report without its checklist lines (rule ids of findings only)."""
    return "\n".join(ln for ln in table.splitlines() if "lulus:" not in ln)


def test_fail_on_thresholds() -> None:
    # the sample holds one medium (KAS-05) and one low (KAS-06) finding
    assert run().exit_code == 0  # default --fail-on high
    assert run("--fail-on", "medium").exit_code == 1
    assert run("--fail-on", "low").exit_code == 1
    assert run("--fail-on", "never").exit_code == 0


def test_param_on_the_command_line_beats_config(tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("parameters: {cash_limit: 1000000}\n", encoding="utf-8")
    from_config = run("--config", str(cfg), "--select", "KAS-05", "--lang", "en")
    assert "exceeds the limit Rp 1.000.000" in from_config.stdout
    cli = run("--config", str(cfg), "--select", "KAS-05", "--param", "cash_limit=10000000")
    assert "KAS-05" not in found_rules(cli.stdout)
    assert "✓ lulus: KAS-05" in cli.stdout  # the checklist shows it passed


def test_unknown_parameter_on_the_command_line_is_exit_2_in_config_exit_3(tmp_path: Path) -> None:
    result = run("--param", "cash_limt=1", "--lang", "en")
    assert result.exit_code == 2
    assert "--param cash_limt: unknown parameter. Did you mean: cash_limit" in result.stderr
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("parameters: {cash_limt: 1}\n", encoding="utf-8")
    result = run("--config", str(cfg))
    assert result.exit_code == 3
    assert f"{cfg}: parameters.cash_limt: parameter tidak dikenal" in result.stderr
    assert "Mungkin maksudnya: cash_limit" in result.stderr


def test_config_parameter_of_the_wrong_type_is_exit_3_naming_file_and_key(tmp_path: Path) -> None:
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("parameters: {cash_limit: lima juta, pmk81_start: 2025}\n", encoding="utf-8")
    result = run("--config", str(cfg), "--lang", "en")
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"rl-audit: {cfg}: parameters.cash_limit: 'lima juta' is not a number (e.g. 5000000)."
    )


def test_nightly_stops_on_a_mistyped_config_parameter_before_taking_the_lock(
    tmp_path: Path,
) -> None:
    (tmp_path / "inbox").mkdir()
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text(
        "inputs: [inbox/]\nparameters: {pmk81_start: 1 Januari 2025}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["nightly", "--config", str(cfg)])
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert f"{cfg}: parameters.pmk81_start: '1 Januari 2025' bukan tanggal" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox", "rl-audit.yaml"]


def test_bad_param_syntax_is_usage_error() -> None:
    assert run("--param", "nothing").exit_code == 2
    result = run("--param", "cash_payment_labels=[tunai")  # not YAML: checked as the text given
    assert result.exit_code == 2 and "'[tunai' bukan daftar teks" in result.stderr


def test_select_by_tag_and_as_of() -> None:
    doc = json.loads(run("--select", "tag:kontrak", "--format", "json").stdout)
    assert "KAS-05" not in {r["id"] for r in doc["rules"]}
    result = run("--select", "KAS", "--as-of", "2025-01-31", "--format", "json")
    assert "KAS-05" in {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def test_bad_as_of_is_usage_error() -> None:
    result = run("--as-of", "31/12/2025")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_a_check_request_is_built_by_name_and_never_changed(tmp_path: Path) -> None:
    import dataclasses

    import pytest

    from rl_audit.config import Config
    from rl_audit.run import CheckRequest, check_request, with_caches, with_rule_set

    with pytest.raises(TypeError):
        CheckRequest([SAMPLES], Config())  # type: ignore[misc]
    request = CheckRequest(paths=[SAMPLES], config=Config(), select=["KAS"])
    assert request.paths == (SAMPLES,) and request.select == ("KAS",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.lang = "en"  # type: ignore[misc]
    cached = with_caches(request, tmp_path / "cache")
    assert request.cache is None and request.eval_cache is None
    assert cached.cache is not None and cached.eval_cache is not None
    assert cached.cache.folder == tmp_path / "cache"
    assert cached.eval_cache.folder == tmp_path / "cache" / "eval"
    assert with_caches(request, None) is request
    rule_set = check_request(request)
    assert request.rule_set is None
    assert with_rule_set(request, rule_set).rule_set is rule_set
