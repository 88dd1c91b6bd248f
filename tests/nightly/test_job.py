"""`rl-audit nightly` and `rl-audit history`: consecutive runs, lock, crash safety, recovery."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_CANNOT_RUN, EXIT_LOCKED, EXIT_OK, app
from rl_audit.config import load_config
from rl_audit.nightly.job import run_nightly

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"
WIB = timezone(timedelta(hours=7))
NIGHT = datetime(2026, 11, 25, 2, 0, tzinfo=WIB)
CONFIG = """\
inputs: [inbox/]
reports: reports/
history: rl-audit.sqlite
nightly:
  keep_reports: {keep}
  lock_wait_seconds: 0.5
  formats: [json, html, xlsx]
  annotate: {annotate}
"""


def project(
    tmp: Path, opds: tuple[str, ...] = ("dinkes", "dispusip"), keep: int = 30, annotate: bool = True
) -> Path:
    """A project folder with a config and an inbox holding copies of sample OPD folders."""
    (tmp / "inbox").mkdir(parents=True, exist_ok=True)
    for opd in opds:
        shutil.copytree(SAMPLES / opd, tmp / "inbox" / opd)
    cfg = tmp / "rl-audit.yaml"
    cfg.write_text(CONFIG.format(keep=keep, annotate=str(annotate).lower()), encoding="utf-8")
    return cfg


def night(cfg: Path, day: int):
    """One nightly run on the n-th night."""
    return run_nightly(load_config(cfg), "id", NIGHT + timedelta(days=day))


def fingerprints(folder: Path) -> set[str]:
    """The fingerprints of the open findings in a report folder's JSON."""
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {f["fingerprint"] for f in doc["findings"] if f["status"] == "open"}


def test_three_nights_new_resolved_persisting_and_history_rows(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    first = night(cfg, 0)
    one = fingerprints(first.folder)
    assert first.report.changes is not None and first.report.changes.previous_run is None
    assert first.report.changes.new == len(one) > 0 and first.report.changes.resolved == 0
    # night 2: the travel register of Dinkes is fixed (removed), PUPRKP joins
    travel = next((tmp_path / "inbox" / "dinkes").glob("*perjalanan*"))
    travel.unlink()
    shutil.copytree(SAMPLES / "puprkp", tmp_path / "inbox" / "puprkp")
    second = night(cfg, 1)
    two = fingerprints(second.folder)
    changes = second.report.changes
    assert changes is not None and changes.previous_run == NIGHT.isoformat(timespec="seconds")
    assert (changes.new, changes.resolved, changes.persisting) == (
        len(two - one),
        len(one - two),
        len(one & two),
    )
    assert changes.new > 0 and changes.resolved > 0 and changes.persisting > 0
    per = {c.opd.short or c.opd.name: c for c in changes.per_opd}
    assert per["PUPRKP"].score_delta is None and per["PUPRKP"].resolved == 0
    assert per["Dinkes"].resolved == len(one - two) and per["Dinkes"].score_delta > 0
    # night 3: nothing changed
    third = night(cfg, 2)
    changes = third.report.changes
    assert changes is not None and (changes.new, changes.resolved) == (0, 0)
    assert changes.persisting == len(two)
    with sqlite3.connect(tmp_path / "rl-audit.sqlite") as db:
        assert db.execute("select count(*) from runs").fetchone() == (3,)
        counts = db.execute("select run_id, count(*) from findings group by run_id").fetchall()
    assert [c for _, c in counts] == [len(one), len(two), len(two)]
    doc = json.loads((third.folder / "report.json").read_text(encoding="utf-8"))
    assert doc["changes"]["persisting"] == len(two)
    assert len(doc["changes"]["per_opd"]) == 3


def test_dated_folders_latest_and_retention(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dispusip",), keep=2, annotate=False)
    for day in range(3):
        night(cfg, day)
    reports = tmp_path / "reports"
    days = sorted(
        p.name for p in reports.iterdir() if not p.name.startswith(".") and p.name != "latest"
    )
    assert days == ["2026-11-26", "2026-11-27"]
    assert os.readlink(reports / "latest") == "2026-11-27"
    folder = reports / "latest"
    assert {p.name for p in folder.iterdir()} >= {
        "report.json",
        "report.html",
        "report.xlsx",
        "rl-audit.log",
    }
    assert "history run 3 recorded" in (folder / "rl-audit.log").read_text(encoding="utf-8")
    assert not list(reports.glob(".tmp-*"))


def test_same_day_rerun_replaces_the_folder(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dispusip",), annotate=False)
    night(cfg, 0)
    again = night(cfg, 0)
    assert again.folder.name == "2026-11-25" and (again.folder / "report.json").exists()
    assert len([p for p in (tmp_path / "reports").iterdir() if p.name[0].isdigit()]) == 1


def test_annotated_copies_in_the_folder(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dinkes",))
    result = night(cfg, 0)
    assert list((result.folder / "annotated").rglob("*.xlsx"))


def test_second_run_waits_then_exits_4(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dispusip",), annotate=False)
    with FileLock(str(tmp_path / "rl-audit.sqlite") + ".lock"):
        result = runner.invoke(app, ["nightly", "--config", str(cfg)])
    assert result.exit_code == EXIT_LOCKED
    assert "kunci" in result.stderr and not (tmp_path / "reports" / "latest").exists()
    assert runner.invoke(app, ["nightly", "--config", str(cfg)]).exit_code == EXIT_OK


def test_corrupt_history_is_a_clear_error_and_reports_stay(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dispusip",), annotate=False)
    assert runner.invoke(app, ["nightly", "--config", str(cfg)]).exit_code == EXIT_OK
    before = sorted(p.name for p in (tmp_path / "reports").iterdir())
    (tmp_path / "rl-audit.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"rl-audit.sqlite{suffix}").unlink(missing_ok=True)
    result = runner.invoke(app, ["nightly", "--config", str(cfg)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "rl-audit.sqlite" in result.stderr and ".corrupt" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == before
    history = runner.invoke(app, ["history", "--config", str(cfg)])
    assert history.exit_code == EXIT_CANNOT_RUN


def test_no_inputs_in_config_is_exit_3(tmp_path: Path) -> None:
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_text("reports: reports/\n", encoding="utf-8")
    result = runner.invoke(app, ["nightly", "--config", str(cfg)])
    assert result.exit_code == EXIT_CANNOT_RUN and "inputs" in result.stderr


def test_history_command_json_and_table(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dinkes", "dispusip"), annotate=False)
    night(cfg, 0)
    night(cfg, 1)
    doc = json.loads(
        runner.invoke(app, ["history", "--config", str(cfg), "--format", "json"]).stdout
    )
    assert [r["id"] for r in doc["runs"]] == [1, 2]
    assert {o["name"] for o in doc["runs"][-1]["opds"]} == {
        "Dinas Kesehatan",
        "Dinas Perpustakaan dan Kearsipan",
    }
    code = doc["runs"][0]["opds"][0]["code"]
    only = json.loads(
        runner.invoke(
            app, ["history", "--config", str(cfg), "--format", "json", "--opd", code]
        ).stdout
    )
    assert all(len(r["opds"]) == 1 and r["opds"][0]["code"] == code for r in only["runs"])
    later = runner.invoke(
        app, ["history", "--config", str(cfg), "--format", "json", "--since", "2030-01-01"]
    )
    assert json.loads(later.stdout) == {"runs": []}
    table = runner.invoke(app, ["history", "--config", str(cfg), "--no-color"])
    assert "Dinas Kesehatan" in table.stdout
    assert any(bar in table.stdout for bar in "▁▂▃▄▅▆▇█")


KILL_SCRIPT = "from rl_audit.cli.app import main; main()"


@pytest.mark.parametrize("delay", [0.8, 1.6, 2.4, 3.2])
def test_a_killed_run_leaves_previous_reports_and_a_consistent_database(
    tmp_path: Path, delay: float
) -> None:
    cfg = project(tmp_path, ("dinkes", "dispusip", "puprkp"))
    first = night(cfg, 0)
    previous = (first.folder / "report.json").read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, "nightly", "--config", str(cfg)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reports = tmp_path / "reports"
    assert (first.folder / "report.json").read_bytes() == previous
    latest = reports / "latest"
    assert (latest / "report.json").exists()  # latest always points at a whole folder
    with sqlite3.connect(tmp_path / "rl-audit.sqlite") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        runs = db.execute("select count(*) from runs").fetchone()[0]
        assert runs in (1, 2)
        per_run = db.execute("select run_id, count(*) from findings group by run_id").fetchall()
        assert len(per_run) == runs  # every recorded run has all its findings
    # the next run cleans up and works
    again = night(cfg, 5)
    assert (again.folder / "report.json").exists() and not list(reports.glob(".tmp-*"))


def test_unchanged_inputs_come_from_the_cache(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dinkes",), annotate=False)
    first = night(cfg, 0)
    files, opds = len(first.report.inputs), len(first.report.opd_runs)
    assert first.cache["misses"] == files and first.cache["hits"] == 0
    assert first.cache["eval_misses"] == opds and first.cache["eval_stored"] == opds
    second = night(cfg, 1)
    assert second.cache["hits"] == files and second.cache["misses"] == 0
    assert second.cache["eval_hits"] == opds and second.cache["eval_misses"] == 0
    assert (tmp_path / ".rl-audit-cache" / "eval" / "v1").is_dir()
    assert fingerprints(second.folder) == fingerprints(first.folder)
    assert second.report.findings == first.report.findings
    log = (second.folder / "rl-audit.log").read_text(encoding="utf-8")
    assert "ingest cache" in log and f"evaluation cache: {{'hits': {opds}," in log


# --- issue 14: own outputs, commit order, quiet logging --------------------------------


def reports_state(tmp_path: Path) -> dict[str, bytes]:
    """Every file under reports/ (latest link resolved) with its bytes."""
    reports = tmp_path / "reports"
    return {
        str(p.relative_to(reports)): p.read_bytes()
        for p in sorted(reports.rglob("*"))
        if p.is_file() and not p.name.endswith(".log")
    }


def run_ids(tmp_path: Path) -> list[int]:
    with sqlite3.connect(tmp_path / "rl-audit.sqlite") as db:
        return [r[0] for r in db.execute("select id from runs order by id")]


def test_inputs_dot_never_reads_its_own_reports_cache_or_history(tmp_path: Path) -> None:
    cfg = project(tmp_path, ("dinkes",))
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[inbox/]", "[.]"), encoding="utf-8")
    first = night(cfg, 0)
    assert list((first.folder / "annotated").rglob("*.xlsx"))  # copies that look like inputs
    second = night(cfg, 1)
    read = {i.display for i in second.report.inputs}
    assert read == {i.display for i in first.report.inputs}
    assert not any("reports" in d or ".rl-audit-cache" in d for d in read)
    assert len(second.report.findings) == len(first.report.findings)
    changes = second.report.changes
    assert changes is not None and changes.new == 0


def test_a_history_that_cannot_commit_publishes_nothing(tmp_path: Path, monkeypatch) -> None:
    from rl_audit.history import schema as history_schema

    cfg = project(tmp_path, ("dispusip",), annotate=False)
    night(cfg, 0)
    before, latest = reports_state(tmp_path), os.readlink(tmp_path / "reports" / "latest")
    monkeypatch.setattr(history_schema, "BUSY_MS", 200)
    writer = sqlite3.connect(tmp_path / "rl-audit.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer keeps the database: the commit fails
    try:
        result = runner.invoke(app, ["nightly", "--config", str(cfg)], catch_exceptions=False)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == EXIT_CANNOT_RUN and "rl-audit.sqlite" in result.stderr
    assert "Traceback" not in result.output and "Logging error" not in result.output
    assert reports_state(tmp_path) == before and not list((tmp_path / "reports").glob(".*"))
    assert os.readlink(tmp_path / "reports" / "latest") == latest and run_ids(tmp_path) == [1]


@pytest.mark.parametrize("same_day", [False, True])
def test_a_folder_that_cannot_be_published_is_not_recorded(
    tmp_path: Path, monkeypatch, same_day: bool
) -> None:
    cfg = project(tmp_path, ("dispusip",), annotate=False)
    night(cfg, 0)
    before, latest = reports_state(tmp_path), os.readlink(tmp_path / "reports" / "latest")
    real = os.replace

    def refuse_stage(src, dst, *a, **kw):  # the rename of the finished folder fails
        if Path(src).name.startswith(".tmp-"):
            raise PermissionError(13, "Permission denied", str(src))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", refuse_stage)
    with pytest.raises(OSError, match="dihapus lagi dari riwayat"):
        night(cfg, 0 if same_day else 1)
    monkeypatch.undo()
    assert reports_state(tmp_path) == before and run_ids(tmp_path) == [1]
    assert os.readlink(tmp_path / "reports" / "latest") == latest
    assert not list((tmp_path / "reports").glob(".*"))  # the same-day folder was put back
    assert run_ids(tmp_path) == [1] and night(cfg, 2).run_id == 3  # the next night works


def test_a_log_that_cannot_be_written_is_one_line_never_a_traceback(capsys) -> None:
    import logging

    from rl_audit.nightly.log import QuietFileHandler

    handler = QuietFileHandler("/dev/full", encoding="utf-8")  # every write: no space left
    logger = logging.getLogger("rl_audit.test-full-disk")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(4):
            logger.warning("message %d", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/dev/full" in err and "rl-audit:" in err
    assert "Traceback" not in err and "Logging error" not in err
