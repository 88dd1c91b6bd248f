"""Nightly: a newly waived finding is "waived" (not resolved), the `-v` count equals
`history`'s, timestamps in WIB, and the report folders readable as the umask allows."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_OK, app

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"
CONFIG = """\
inputs: [inbox/]
waivers: waivers.yaml
approved_by: Irban I
nightly:
  formats: [json, html]
  annotate: true
"""


def nightly(cfg: Path) -> str:
    """One `nightly -v` run under umask 027; its stdout."""
    old = os.umask(0o027)
    try:
        result = runner.invoke(app, ["nightly", "-v", "--config", str(cfg)])
    finally:
        os.umask(old)
    assert result.exit_code == EXIT_OK, result.output
    return " ".join(result.stdout.split())


def modes(folder: Path) -> set[tuple[str, int]]:
    """("d"/"f", permission bits) of the folder and everything under it."""
    found = {("d", stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found.add(("d" if path.is_dir() else "f", stat.S_IMODE(path.stat().st_mode)))
    return found


def test_waived_not_resolved_counts_agree_zone_and_modes(tmp_path: Path) -> None:
    shutil.copytree(SAMPLES / "dinkes", tmp_path / "inbox" / "dinkes")
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    nightly(cfg)
    latest = tmp_path / "reports" / "latest"
    doc = json.loads((latest / "report.json").read_text(encoding="utf-8"))
    assert doc["generated_at"].endswith("+07:00")
    fp = next(f["fingerprint"] for f in doc["findings"] if f["status"] == "open")
    added = runner.invoke(app, ["waive", fp[:10], "--reason", "r", "--config", str(cfg)])
    assert added.exit_code == EXIT_OK, added.output  # matched in the recorded run
    line = nightly(cfg)
    runs = json.loads(
        runner.invoke(app, ["history", "--config", str(cfg), "--format", "json"]).stdout
    )["runs"]
    assert runs[-1]["findings"] == runs[0]["findings"] - 1
    assert f"{runs[-1]['findings']} temuan terbuka, 1 dikecualikan" in line
    assert "0 baru, 0 selesai, 1 baru dikecualikan" in line
    doc = json.loads((latest / "report.json").read_text(encoding="utf-8"))
    assert doc["changes"]["resolved"] == 0 and doc["changes"]["new"] == 0
    assert all(r["started_at"].endswith("+07:00") for r in runs)
    assert (latest / "annotated").is_dir()
    assert modes(latest.resolve()) == {("d", 0o750), ("f", 0o640)}
