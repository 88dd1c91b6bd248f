"""Configs are chosen, not found in inputs; every report records what the run used.

A copy of samples/dinkes with a planted `rl-audit.yaml` (cash_limit 1e12 and a waiver
of the high TL-02 finding, issue 14) must give the same findings as without it and say
the files were ignored; `--config` naming the planted file is obeyed; the JSON report
records the config path and hash, the rule pack hash, the parameters and the waivers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.report.json_report import validate
from rl_audit.run import load_rule_sets

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PLANTED = "parameters:\n  cash_limit: 1000000000000\nwaivers: waivers.yaml\n"
PLANTED_WAIVERS = (
    "waivers:\n"
    "  - {rule: TL-02, opd: Dinkes, reason: sudah, approved_by: OPD sendiri, date: 2025-01-01}\n"
)
runner = CliRunner()


def _findings(doc: dict) -> list[tuple[str, str, str]]:
    return sorted((f["rule_id"], f["fingerprint"], f["status"]) for f in doc["findings"])


def _check(args: list[str]) -> tuple[dict, str]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code == 1, result.output  # high findings are planted in dinkes
    doc = json.loads(result.stdout)
    validate(doc)
    return doc, result.stderr


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`clean/dinkes` and `planted/dinkes` (the latter with its own config and waivers)."""
    root = tmp_path_factory.mktemp("exports")
    for name in ("clean", "planted"):
        shutil.copytree(SAMPLES / "dinkes", root / name / "dinkes")
    (root / "planted" / "dinkes" / "rl-audit.yaml").write_text(PLANTED, encoding="utf-8")
    (root / "planted" / "dinkes" / "waivers.yaml").write_text(PLANTED_WAIVERS, encoding="utf-8")
    return root


def test_a_planted_config_is_ignored_and_reported(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(exports)  # a working folder without a config of its own
    clean, _ = _check(["clean/dinkes"])
    planted, stderr = _check(["planted/dinkes"])
    assert _findings(planted) == _findings(clean)
    assert [o["score"] for o in planted["opds"]] == [o["score"] for o in clean["opds"]]
    assert any(f["rule_id"] == "KAS-05" for f in planted["findings"])
    config = str(Path("planted/dinkes/rl-audit.yaml"))
    ignored = [p for p in planted["problems"] if p["key"].endswith("_ignored")]
    assert [(p["key"], p["severity"], p["file"]) for p in ignored] == [
        ("config_ignored", "info", config),
        ("waivers_ignored", "info", str(Path("planted/dinkes/waivers.yaml"))),
    ]
    assert f"{config}: Konfigurasi di dalam folder input diabaikan" in stderr
    assert f"pakai --config {config}" in stderr
    used = planted["provenance"]
    assert used["config"] is None and used["waivers"] is None
    assert used["ignored_files"] == [config, str(Path("planted/dinkes/waivers.yaml"))]
    assert used["parameters"]["cash_limit"] == 5000000 and used["parameters_set"] == {}


def test_config_named_with_option_is_obeyed_and_recorded(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(exports)
    config = exports / "planted" / "dinkes" / "rl-audit.yaml"
    doc, stderr = _check(["--config", str(config), "planted/dinkes"])
    assert not any(f["rule_id"] == "KAS-05" for f in doc["findings"])  # cash_limit 1e12
    assert {f["status"] for f in doc["findings"] if f["rule_id"] == "TL-02"} == {"waived"}
    assert "diabaikan" not in stderr
    used = doc["provenance"]
    assert used["config"] == {
        "path": str(config.resolve()),
        "sha256": hashlib.sha256(config.read_bytes()).hexdigest(),
        "source": "option",
    }
    waivers = config.parent / "waivers.yaml"
    assert used["waivers"] == {
        "path": str(waivers.resolve()),
        "sha256": hashlib.sha256(waivers.read_bytes()).hexdigest(),
    }
    assert used["rule_pack_sha256"] == load_rule_sets([]).sha256
    assert used["parameters"]["cash_limit"] == 10**12
    assert used["parameters_set"] == {"cash_limit": "config"}
    assert used["ignored_files"] == []


def test_the_working_folder_config_is_the_operators_unless_inside_an_input(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(exports / "planted" / "dinkes")
    doc, stderr = _check([".", "--param", "deposit_days=2"])  # `check .`: the folder is input
    assert doc["provenance"]["config"] is None
    assert "rl-audit.yaml: Konfigurasi di dalam folder input diabaikan" in stderr
    assert doc["provenance"]["parameters_set"] == {"deposit_days": "option"}
    monkeypatch.chdir(exports / "planted")
    (exports / "planted" / "rl-audit.yaml").write_text("waivers: w.yaml\n", encoding="utf-8")
    try:
        doc, stderr = _check(["dinkes", "--lang", "en"])
    finally:
        (exports / "planted" / "rl-audit.yaml").unlink()
    used = doc["provenance"]
    assert used["config"]["source"] == "working_folder"
    assert used["waivers"] == {
        "path": str((exports / "planted" / "w.yaml").resolve()),
        "sha256": None,
    }
    line = f"{Path('dinkes/rl-audit.yaml')}: Config inside an input folder ignored"
    assert line in stderr
