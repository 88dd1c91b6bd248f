"""Waivers end to end through the CLI: `waive`, then `check` shows waived/expired/stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_CANNOT_RUN, EXIT_OK, app

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"


def project(tmp: Path) -> Path:
    """A config naming a waivers file, with the Dinkes samples as input."""
    shutil.copytree(SAMPLES / "dinkes", tmp / "inbox" / "dinkes")
    cfg = tmp / "rl-audit.yaml"
    cfg.write_text("inputs: [inbox/]\nwaivers: waivers.yaml\n", encoding="utf-8")
    return cfg


def report(cfg: Path) -> tuple[int, dict]:
    """Exit code and JSON report of `check` with the config."""
    result = runner.invoke(app, ["check", "--config", str(cfg), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_waive_then_check_accepts_the_high_finding(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    code, before = report(cfg)
    assert code == 1
    highs = [f for f in before["findings"] if f["severity"] == "high"]
    for high in highs:
        added = runner.invoke(
            app,
            ["waive", high["fingerprint"], "--reason", "Sudah diklarifikasi", "--until",
             "2099-12-31", "--by", "Irban I", "--config", str(cfg)],
        )  # fmt: skip
        assert added.exit_code == EXIT_OK, added.output
    high = highs[0]
    assert "Sudah diklarifikasi" in (tmp_path / "waivers.yaml").read_text(encoding="utf-8")
    code, after = report(cfg)
    assert code == EXIT_OK  # the only high finding is waived: nothing fails the run
    waived = next(f for f in after["findings"] if f["fingerprint"] == high["fingerprint"])
    assert waived["status"] == "waived" and waived["waiver"]["approved_by"] == "Irban I"
    assert after["opds"][0]["score"] > before["opds"][0]["score"]
    assert after["stale_waivers"] == []


def test_expired_and_stale_waivers_are_reported(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    _, before = report(cfg)
    fp = before["findings"][0]["fingerprint"]
    (tmp_path / "waivers.yaml").write_text(
        "# diterima Inspektorat\nwaivers:\n"
        f"  - fingerprint: {fp}\n    reason: lama\n    approved_by: Irban\n"
        "    date: 2025-01-01\n    until: 2025-06-30\n"
        "  - rule: KAS-01\n    opd: Dinkes\n    key: B-404\n    reason: x\n    approved_by: Irban\n"
        "    date: 2025-01-01\n",
        encoding="utf-8",
    )
    _, doc = report(cfg)
    again = next(f for f in doc["findings"] if f["fingerprint"] == fp)
    assert again["status"] == "open" and again["waiver"]["expired"] is True
    assert [w["source"] for w in doc["stale_waivers"]] == ["waivers.yaml:8"]
    table = runner.invoke(app, ["check", "--config", str(cfg), "--no-color"]).stdout
    assert "berakhir 30/06/2025: temuan terbuka lagi" in table and "waivers.yaml:8" in table


def test_malformed_waivers_file_is_exit_3_with_line(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n  - fingerprint: abc\n    reason: r\n    approved_by: a\n    date: 2025-13-01\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--config", str(cfg)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "waivers.yaml:5" in result.stderr and "Traceback" not in result.output


def test_waive_without_until_adds_a_waiver_with_no_expiry(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    fp = "3f2a9c0d1e2b4a5c6d7e"
    added = runner.invoke(
        app,
        ["waive", fp, "--reason", "Diterima", "--by", "Irban I", "--force", "--config", str(cfg)],
    )  # --force: an invented fingerprint, recorded unchecked
    assert added.exit_code == EXIT_OK, added.output
    assert "tanpa batas waktu" in " ".join(added.stdout.split())
    text = (tmp_path / "waivers.yaml").read_text(encoding="utf-8")
    assert f"fingerprint: {fp}" in text and "until" not in text
    from rl_audit.waivers.apply import load_waivers

    (waiver,) = load_waivers(tmp_path / "waivers.yaml")
    assert waiver.until is None and waiver.fingerprint == fp


# Each process imports once, waits for the start signal, then adds ROUNDS waivers: the
# three processes write the same file at the same moments.
PARALLEL = """
import sys, time
from pathlib import Path
from rl_audit.cli.app import app
cfg, start, proc, rounds = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
while not start.exists():
    time.sleep(0.005)
failed = 0
for n in range(rounds):
    args = ["waive", f"{proc:02x}{n:02x}" + "ab" * 8, "--reason", "r", "--by", "b",
            "--force", "--config", cfg]
    try:
        failed += bool(app(args, standalone_mode=False))  # the exit code, 0 or None when added
    except SystemExit as exc:
        failed += bool(exc.code)
sys.exit(failed)
"""


def test_parallel_waive_calls_never_lose_an_entry(tmp_path: Path) -> None:
    import subprocess
    import sys

    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("waivers: waivers.yaml\n", encoding="utf-8")
    start, rounds = tmp_path / "go", 5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PARALLEL, str(cfg), str(start), str(p), str(rounds)],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        for p in range(3)
    ]
    start.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    from rl_audit.waivers.apply import load_waivers

    found = {w.fingerprint for w in load_waivers(tmp_path / "waivers.yaml")}
    expected = {f"{p:02x}{n:02x}" + "ab" * 8 for p in range(3) for n in range(rounds)}
    assert found == expected
