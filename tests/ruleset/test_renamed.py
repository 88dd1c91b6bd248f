"""Renamed parameters: an old name still works for one release, with a notice naming the new."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import Config
from rl_audit.options import OptionError, check_params
from rl_audit.ruleset.load import Parameter, bundled_rules_dir, load_rules
from rl_audit.ruleset.renamed import RENAMED_PARAMETERS, current_names, renamed_notices
from rl_audit.run import resolve_params

ROOT = Path(__file__).parent.parent.parent
PACK = load_rules(bundled_rules_dir())
runner = CliRunner()


def test_every_new_name_is_a_parameter_of_the_pack_and_no_old_one_is() -> None:
    assert set(RENAMED_PARAMETERS.values()) <= set(PACK.parameters)
    assert not set(RENAMED_PARAMETERS) & set(PACK.parameters)


def test_old_names_in_the_config_and_on_the_command_line_are_read_as_the_new() -> None:
    config = Config(parameters={"lra_persen_tolerance": 0.5, "kendaraan_kata": ["mobil"]})
    params = resolve_params(PACK, config, {"serapan_target_tw1": 20})
    assert params["lra_percent_tolerance"] == 0.5
    assert params["vehicle_words"] == ["mobil"]
    assert params["absorption_target_q1"] == 20
    assert not set(RENAMED_PARAMETERS) & set(params)


def test_the_new_name_wins_and_an_old_value_is_still_type_checked() -> None:
    assert current_names(
        {"tl_deadline_days": 1, "follow_up_deadline_days": 2}, PACK.parameters
    ) == {"follow_up_deadline_days": 2}
    with pytest.raises(OptionError) as info:
        check_params(PACK.parameters, {"tl_deadline_days": "lama"}, "--param ")
    assert "follow_up_deadline_days" in info.value.text("en")


def test_a_rule_set_that_declares_an_old_name_itself_keeps_it() -> None:
    declared = {"kendaraan_kata": Parameter("kendaraan_kata", ["x"])}
    assert check_params(declared, {"kendaraan_kata": ["y"]}, "--param ") == {
        "kendaraan_kata": ["y"]
    }
    assert renamed_notices({"kendaraan_kata": ["y"]}, declared, "--param") == []


def test_the_notice_names_the_old_and_the_new_name() -> None:
    [notice] = renamed_notices({"denda_cap_rate": 0.1, "cash_limit": 1}, PACK.parameters, "--param")
    assert notice.key == "param_renamed" and notice.level == "warning"
    assert notice.params == {"old": "denda_cap_rate", "new": "penalty_cap_rate", "where": "--param"}


def test_check_accepts_an_old_param_and_says_its_new_name() -> None:
    args = [
        "check",
        "--no-color",
        "--param",
        "kendaraan_kata=[mobil]",
        str(ROOT / "samples" / "dispusip"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    said = " ".join(result.output.split())
    assert "Parameter kendaraan_kata (--param) sudah berganti nama menjadi vehicle_words" in said
