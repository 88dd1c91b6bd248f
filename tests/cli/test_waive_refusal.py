"""`rl-audit waive`: a fingerprint must name one finding (unless --force); the approver."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_OK, EXIT_USAGE, app
from rl_audit.waivers import known as known_mod
from rl_audit.waivers.apply import load_waivers
from rl_audit.waivers.known import Known, matching

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"
FPS = ("abc1230000000000aaaa", "abc1240000000000bbbb", "ffff000000000000cccc")


def config(tmp: Path, extra: str = "") -> Path:
    """A config with a waivers file and no inputs."""
    cfg = tmp / "rl-audit.yaml"
    cfg.write_text(f"waivers: waivers.yaml\n{extra}", encoding="utf-8")
    return cfg


def waive(cfg: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `waive … --reason r --config cfg`."""
    result = runner.invoke(app, ["waive", *args, "--reason", "r", "--config", str(cfg)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def known(monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings to match are FPS (as if from the last recorded run)."""
    found = Known(frozenset(FPS), "the last run")
    monkeypatch.setattr(known_mod, "known_findings", lambda *args: found)


def test_matching_is_by_prefix_without_case() -> None:
    assert matching("ABC12", FPS) == list(FPS[:2])
    assert matching("ffff", FPS) == [FPS[2]] and matching("0", FPS) == []


@pytest.mark.usefixtures("known")
def test_unknown_fingerprint_is_refused_in_one_line_unless_forced(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    code, _, err = waive(cfg, "deadbeef00", "--by", "Irban I")
    assert code == EXIT_USAGE and len(err.strip().splitlines()) == 1
    assert "deadbeef00" in err and "--force" in err
    assert not (tmp_path / "waivers.yaml").exists()
    code, _, _ = waive(cfg, "deadbeef00", "--by", "Irban I", "--force")
    assert code == EXIT_OK
    assert [w.fingerprint for w in load_waivers(tmp_path / "waivers.yaml")] == ["deadbeef00"]


@pytest.mark.usefixtures("known")
def test_ambiguous_prefix_names_the_candidates(tmp_path: Path) -> None:
    code, _, err = waive(config(tmp_path), "abc12", "--by", "Irban I")
    assert code == EXIT_USAGE
    flat = " ".join(err.split())
    assert FPS[0] in flat and FPS[1] in flat and FPS[2] not in flat


@pytest.mark.usefixtures("known")
def test_a_unique_prefix_records_the_whole_fingerprint(tmp_path: Path) -> None:
    code, out, _ = waive(config(tmp_path), "FFFF", "--by", "Irban I")
    assert code == EXIT_OK and FPS[2] in " ".join(out.split())
    (waiver,) = load_waivers(tmp_path / "waivers.yaml")
    assert waiver.fingerprint == FPS[2] and waiver.approved_by == "Irban I"


@pytest.mark.usefixtures("known")
def test_approver_is_required_or_taken_from_the_config(tmp_path: Path) -> None:
    code, _, err = waive(config(tmp_path), FPS[2])
    assert code == EXIT_USAGE and "--by" in err and "approved_by" in err
    assert not (tmp_path / "waivers.yaml").exists()  # never the login name ("root")
    cfg = config(tmp_path, "approved_by: Inspektur Pembantu II\n")
    assert waive(cfg, FPS[2])[0] == EXIT_OK
    (waiver,) = load_waivers(tmp_path / "waivers.yaml")
    assert waiver.approved_by == "Inspektur Pembantu II"


def test_nothing_to_match_against_is_refused_unless_forced(tmp_path: Path) -> None:
    cfg = config(tmp_path)  # no --input, no history, no inputs in the config
    code, _, err = waive(cfg, "deadbeef00", "--by", "Irban I")
    assert code == EXIT_USAGE and "--input" in err and "--force" in err
    assert waive(cfg, "deadbeef00", "--by", "Irban I", "--force")[0] == EXIT_OK


def test_input_findings_are_checked_for_real(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "dinkes", inbox)
    cfg = config(tmp_path)
    result = runner.invoke(app, ["check", str(inbox), "--format", "json", "--config", str(cfg)])
    fp = json.loads(result.stdout)["findings"][0]["fingerprint"]
    code, _, err = waive(cfg, "deadbeef00", "--by", "Irban I", "--input", str(inbox))
    assert code == EXIT_USAGE and str(inbox) in " ".join(err.split()).replace(" ", "")
    code, _, _ = waive(cfg, fp[:10], "--by", "Irban I", "--input", str(inbox))
    assert code == EXIT_OK
    assert [w.fingerprint for w in load_waivers(tmp_path / "waivers.yaml")] == [fp]
