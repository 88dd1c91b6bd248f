"""Each input file is parsed in a reader process under a budget; one bad file fails alone.

The hostile files are real and built here: a CSV whose parse needs far more than a 50 MB
memory budget and, the same file, more than a 1 s time budget. Crashes of the reader
process itself (SIGABRT of a native reader, SIGKILL, a native allocation failure) are
caused by `tests.ingest.hostile_task.Hostile`, a test-only task given to `WorkerPool`
directly: the production reader has no hook for them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cache.files import IngestCache
from rl_audit.cli.app import EXIT_CANNOT_RUN, app
from rl_audit.config import ConfigError, load_config
from rl_audit.documents import InputFile
from rl_audit.ingest import isolate
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ingest.read import Limits
from rl_audit.ingest.workers import Budget, Outcome, WorkerPool
from rl_audit.messages import render
from tests.ingest.hostile_task import Hostile

GOOD = Path(__file__).parent.parent / "data" / "run" / "dinkes" / "bku_2025_01.csv"
HEADER = "No,Tanggal,No Bukti,Uraian,Penerimaan,Pengeluaran,Saldo\n"


def big_csv(path: Path, rows: int = 100_000) -> Path:
    """A plain BKU CSV of `rows` rows (100,000: 7 MB, a parse of ~140 MB and seconds)."""
    body = (f"{i},2025-01-02,BKU/{i},Belanja barang {i},0,{i * 100},{i}\n" for i in range(rows))
    path.write_text(HEADER + "".join(body), encoding="utf-8")
    return path


def folder_with(tmp_path: Path, bad: bool = True) -> Path:
    """`in/` holding the good one-month Dinkes BKU and (unless not `bad`) a huge CSV."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    if bad:
        big_csv(folder / "bku_raksasa.csv")
    return folder


def read(folder: Path, **limits: object) -> dict[str, InputFile]:
    options = IngestOptions(limits=Limits(**limits), root=folder)  # type: ignore[arg-type]
    return {f.display: f for f in ingest_paths([folder], options)}


def assert_good_read(files: dict[str, InputFile]) -> None:
    good = files[GOOD.name]
    assert good.status == "ok" and good.documents()[0].kind == "bku"
    assert len(good.documents()[0].frame) > 5


# --- budgets of real files ------------------------------------------------------------


def test_a_file_over_the_memory_budget_is_named_and_the_good_file_is_read(tmp_path: Path) -> None:
    files = read(folder_with(tmp_path), file_memory_mb=50)
    assert_good_read(files)
    bad = files["bku_raksasa.csv"]
    assert bad.status == "error" and bad.error is not None
    assert (bad.error.key, bad.error.file, bad.error.params["limit_mb"]) == (
        "file_memory",
        "bku_raksasa.csv",
        "50",
    )
    text = render(bad.error.key, "en", **bad.error.params)
    assert "exceeded the memory budget of 50 MB" in text
    assert "melebihi batas memori 50 MB" in render(bad.error.key, "id", **bad.error.params)


def test_a_file_over_the_time_budget_is_stopped_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, bad=False)
    big_csv(folder / "bku_raksasa.csv", rows=300_000)  # > 10 s of parsing; the good file ~0.3 s
    files = read(folder, file_seconds=4)
    assert_good_read(files)
    bad = files["bku_raksasa.csv"]
    assert bad.error is not None and bad.error.key == "file_timeout"
    assert "exceeded the time budget of 4 s" in render("file_timeout", "en", **bad.error.params)
    assert "melebihi batas waktu 4 detik" in render("file_timeout", "id", **bad.error.params)


def test_a_result_over_its_budget_is_refused(tmp_path: Path) -> None:
    files = read(folder_with(tmp_path, bad=False), file_result_mb=0.001)
    error = files[GOOD.name].error
    assert error is not None and (error.key, error.params["limit_mb"]) == (
        "file_result_large",
        "0.001",
    )


def test_isolated_and_in_process_reading_give_the_same_result(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, bad=False)
    apart = read(folder)[GOOD.name]
    here = read(folder, isolate=False)[GOOD.name]
    assert [s.issues for s in apart.sheets] == [s.issues for s in here.sheets]
    assert apart.documents()[0].frame.equals(here.documents()[0].frame)
    assert apart.sha256 == here.sha256


def test_the_environment_can_turn_isolation_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isolate.isolated(Limits())
    assert not isolate.isolated(Limits(isolate=False))
    monkeypatch.setenv("RL_AUDIT_ISOLATE", "0")
    assert not isolate.isolated(Limits())


def test_the_cache_is_looked_up_here_and_filled_from_the_reader(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    cache = IngestCache(tmp_path / "cache")
    options = IngestOptions(limits=Limits(file_memory_mb=50), root=folder, cache=cache)
    first = ingest_paths([folder], options)
    assert (cache.misses, cache.stored) == (2, 1)  # a file over its budget is not cached
    second = ingest_paths([folder], options)
    assert cache.hits == 1 and cache.misses == 3
    assert [f.status for f in second] == [f.status for f in first] == ["ok", "error"]
    assert second[0].documents()[0].frame.equals(first[0].documents()[0].frame)


def test_budgets_are_config_limits(tmp_path: Path) -> None:
    path = tmp_path / "rl-audit.yaml"
    path.write_text(
        "limits: {file_seconds: 30, file_memory_mb: 512, file_result_mb: 64, isolate: false}\n",
        encoding="utf-8",
    )
    limits = load_config(path).limits
    assert (limits.file_seconds, limits.file_memory_mb, limits.file_result_mb) == (30, 512, 64)
    assert limits.isolate is False and limits.max_bytes == Limits().max_bytes
    path.write_text("limits: {file_seconds: 0}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="file_seconds"):
        load_config(path)


# --- rl-audit check ----------------------------------------------------------------------

runner = CliRunner()


def test_check_reports_the_file_over_budget_and_everything_else(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    config = tmp_path / "rl-audit.yaml"
    config.write_text("limits: {file_memory_mb: 50}\n", encoding="utf-8")
    args = ["check", "--config", str(config), "--format", "json", "--lang", "en", str(folder)]
    result = runner.invoke(app, args)
    (folder / "bku_raksasa.csv").write_bytes(b"\x00\x01 not a spreadsheet")
    usual = runner.invoke(app, args)  # the same folder with an ordinary unreadable file
    assert result.exit_code == usual.exit_code != EXIT_CANNOT_RUN, result.output
    report = json.loads(result.stdout)
    (problem,) = [p for p in report["problems"] if p["key"] == "file_memory"]
    assert problem["file"].endswith("bku_raksasa.csv") and problem["severity"] == "error"
    assert "memory budget of 50 MB" in problem["message"]
    assert "bku_raksasa.csv" in result.stderr and "memory budget of 50 MB" in result.stderr
    assert report["findings"] == json.loads(usual.stdout)["findings"]
    assert {i["status"] for i in report["inputs"]} == {"ok", "error"}


# --- reader processes that die (test-only task) -----------------------------------------


def test_a_reader_that_dies_fails_only_its_job_and_is_replaced() -> None:
    jobs = ["a", "abort", "b", "kill", "native-oom", "allocate", "raise", "c"]
    seen: list[int] = []
    with WorkerPool(Hostile(), Budget(30, 64, 16), jobs=2) as pool:  # 64 MB, 16 MB
        out = pool.run(jobs, lambda i, _: seen.append(i))
        assert pool.started >= 6  # five failures, each worker replaced
        again = pool.run(["d"])  # the pool still serves
    assert sorted(seen) == list(range(len(jobs)))
    assert out == [
        Outcome("read a"),
        Outcome(failure="crashed", detail="SIGABRT"),
        Outcome("read b"),
        Outcome(failure="crashed", detail="SIGKILL"),
        Outcome(failure="memory", detail="SIGABRT"),
        Outcome(failure="memory", detail="MemoryError"),
        Outcome(failure="crashed", detail="ValueError: a bug in the reader"),
        Outcome("read c"),
    ]
    assert again == [Outcome("read d")]


def test_a_crash_becomes_the_files_input_error() -> None:
    limits = Limits(file_seconds=120)
    crashed = isolate.failed(GOOD, "x.xlsx", Outcome(failure="crashed", detail="SIGABRT"), limits)
    assert crashed.status == "error" and crashed.error is not None
    assert crashed.error.key == "file_crashed" and crashed.error.file == "x.xlsx"
    assert "SIGABRT" in render("file_crashed", "en", **crashed.error.params)
    timeout = isolate.failed(GOOD, "x.xlsx", Outcome(failure="timeout"), limits).error
    assert timeout is not None and timeout.params["seconds"] == "120"
