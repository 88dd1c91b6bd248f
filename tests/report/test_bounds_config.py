"""`report: max_locations` in the project config: the cap of the human reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from rl_audit.config import Config, ConfigError, load_config
from rl_audit.report.bounds import MAX_LOCATIONS


def test_default_and_configured_cap(tmp_path: Path) -> None:
    assert Config().max_locations == MAX_LOCATIONS == 200
    path = tmp_path / "rl-audit.yaml"
    path.write_text("report:\n  max_locations: 50\n", encoding="utf-8")
    assert load_config(path).max_locations == 50
    path.write_text("year: 2025\n", encoding="utf-8")
    assert load_config(path).max_locations == MAX_LOCATIONS


@pytest.mark.parametrize("bad", ["0", "abc", "1.5"])
def test_a_cap_must_be_a_positive_integer(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "rl-audit.yaml"
    path.write_text(f"report:\n  max_locations: {bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_locations"):
        load_config(path)
