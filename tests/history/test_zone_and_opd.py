"""The regency's time zone (config, reports, `history`) and `history --opd` like `check --opd`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_OK, app
from rl_audit.config import ConfigError, load_config
from rl_audit.documents import OpdRef
from rl_audit.findings import AuditReport, OpdSummary
from rl_audit.history.store import open_history
from rl_audit.history.zone import DEFAULT_ZONE, ZoneError, local, stamp, zone

runner = CliRunner()
DINKES, DISPUSIP = "1.02.0.00.0.00.01.0000", "2.23.2.24.0.00.01.0000"


def test_local_converts_to_the_zone_and_keeps_iso_with_offset() -> None:
    assert local("2026-11-24T19:00:00+00:00") == "2026-11-25T02:00:00+07:00"
    assert local("2026-11-24T19:00:00+00:00", "Asia/Jayapura") == "2026-11-25T04:00:00+09:00"
    assert local("2026-11-24T19:00:00") == "2026-11-24T19:00:00"  # no offset: as it was
    assert stamp().endswith("+07:00") and DEFAULT_ZONE == "Asia/Jakarta"


def test_unknown_zone_is_refused_in_both_languages() -> None:
    with pytest.raises(ZoneError) as caught:
        zone("Asia/Jakartaa")
    assert "tidak dikenal" in str(caught.value) and "unknown time zone" in str(caught.value)


def test_config_timezone_default_known_and_unknown(tmp_path: Path) -> None:
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("year: 2025\n", encoding="utf-8")
    assert load_config(cfg).timezone == "Asia/Jakarta"
    cfg.write_text("year: 2025\ntimezone: Asia/Makassar\n", encoding="utf-8")
    assert load_config(cfg).timezone == "Asia/Makassar"
    cfg.write_text("year: 2025\ntimezone: WIB\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rl-audit\.yaml:2.*WIB"):
        load_config(cfg)


def summary(code: str, name: str) -> OpdSummary:
    """A scored OPD as the history records it."""
    return OpdSummary(OpdRef(code, name), 60.0, "belum_siap", (), {}, 0, None, None, 2025, None)


def project(tmp: Path, extra: str = "") -> Path:
    """A config and a history holding one run recorded in UTC with two scored OPDs."""
    report = AuditReport("2026-11-24T19:00:00+00:00", 2025, None, [], [])
    report.opds = [
        summary(DINKES, "Dinas Kesehatan"),
        summary(DISPUSIP, "Dinas Perpustakaan dan Kearsipan"),
    ]
    with open_history(tmp / "rl-audit.sqlite") as store:
        store.record(report, "2026-11-24T19:00:00+00:00", "2026-11-24T19:05:00+00:00")
    cfg = tmp / "rl-audit.yaml"
    cfg.write_text(f"history: rl-audit.sqlite\n{extra}", encoding="utf-8")
    return cfg


def history(cfg: Path, *args: str) -> dict:
    """`history --format json` with the config."""
    result = runner.invoke(app, ["history", "--config", str(cfg), "--format", "json", *args])
    assert result.exit_code == EXIT_OK, result.output
    return json.loads(result.stdout)


def test_history_shows_start_times_in_the_configured_zone(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    assert history(cfg)["runs"][0]["started_at"] == "2026-11-25T02:00:00+07:00"
    cfg.write_text("history: rl-audit.sqlite\ntimezone: Asia/Jayapura\n", encoding="utf-8")
    assert history(cfg)["runs"][0]["started_at"] == "2026-11-25T04:00:00+09:00"
    table = runner.invoke(app, ["history", "--config", str(cfg), "--no-color"]).stdout
    assert "2026-11-25T04:00:00+09:00" in table


@pytest.mark.parametrize("query", [DINKES, "Dinas Kesehatan", "dinkes", "Dinkes RL"])
def test_history_opd_accepts_what_check_opd_accepts(tmp_path: Path, query: str) -> None:
    (run,) = history(project(tmp_path), "--opd", query)["runs"]
    assert [o["code"] for o in run["opds"]] == [DINKES]
