"""`--jobs N`: OPDs evaluated in a process pool give the report of `--jobs 1`.

The samples (6 OPDs) are checked with `--jobs 1` and `--jobs 2` and their JSON reports
compared whole (apart from the time stamp); a worker that dies evaluating one OPD fails
that OPD's rules only (`error`, reason named), and an evaluation cache is asked first:
what it keeps never goes to the pool, a failed OPD is never kept.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rl_audit.cache.evaluation import EvalCache
from rl_audit.cli.app import app
from rl_audit.config import Config, with_jobs
from rl_audit.documents import InputFile
from rl_audit.engine import evaluate as engine
from rl_audit.engine import parallel
from rl_audit.findings import AuditReport, Status
from rl_audit.ingest import isolate
from rl_audit.ingest.limits import Limits
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.run import load_rule_sets, resolve_params

ROOT = Path(__file__).resolve().parent.parent.parent
REAL_EVALUATE_OPD = engine.evaluate_opd
CRASHING = "dpmptsp"  # the sample folder whose OPD's worker dies


def crash_in_child(rules: Any, opd: Any, docs: Any, *args: Any, **kw: Any) -> Any:
    """`evaluate_opd`, except that a pool worker evaluating the CRASHING OPD kills itself."""
    from_crashing = any(CRASHING in d.file for d in docs)
    if from_crashing and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_EVALUATE_OPD(rules, opd, docs, *args, **kw)


class CountingPool(parallel.WorkerPool):
    """A WorkerPool that records how many jobs each `run` was given."""

    batches: list[int] = []

    def run(self, jobs: Any, done: Any = None) -> Any:
        CountingPool.batches.append(len(jobs))
        return super().run(jobs, done)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The batches sent to the evaluation pool during the test."""
    CountingPool.batches = []
    monkeypatch.setattr(parallel, "WorkerPool", CountingPool)
    monkeypatch.delenv(isolate.ENV, raising=False)
    return CountingPool.batches


def check_json(tmp_path: Path, jobs: int) -> dict[str, Any]:
    """`rl-audit check samples --format json --jobs N`, run from the repository root."""
    out = tmp_path / f"jobs{jobs}.json"
    with contextlib.chdir(ROOT):
        args = ["check", "samples", "--format", "json", "--output", str(out), "-q"]
        result = CliRunner().invoke(app, [*args, "--jobs", str(jobs)])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("generated_at")
    return report


def test_jobs_2_writes_the_json_report_of_jobs_1(tmp_path: Path, counted: list[int]) -> None:
    one = check_json(tmp_path, 1)
    assert counted == []  # --jobs 1: evaluated in this process
    two = check_json(tmp_path, 2)
    assert counted == [6]  # the 6 sample OPDs, side by side
    assert len(one["findings"]) > 20 and {r["status"] for r in one["rules"]} >= {"failed"}
    assert two == one  # findings, fingerprints, amounts, outcomes, scores, order


@pytest.fixture(scope="module")
def samples() -> tuple[Any, list[InputFile], engine.RunOptions]:
    """The samples read once (in this process), the bundled rules, the run's options."""
    inputs = ingest_paths([ROOT / "samples"], IngestOptions(root=ROOT))
    rule_set = load_rule_sets([])
    return rule_set, inputs, engine.RunOptions(resolve_params(rule_set, Config(), {}))


def per_opd(report: AuditReport) -> dict[str, tuple[list[Any], list[Any]]]:
    """Each OPD's outcomes and findings."""
    codes = [run.opd.code for run in report.opd_runs]
    return {
        c: (
            [o for o in report.outcomes if o.opd and o.opd.code == c],
            [f for f in report.findings if f.opd and f.opd.code == c],
        )
        for c in codes
    }


def test_a_worker_that_dies_fails_only_its_opd(
    samples: Any, counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rule_set, inputs, options = samples
    expected = per_opd(engine.evaluate(rule_set, inputs, options))
    monkeypatch.setattr(engine, "evaluate_opd", crash_in_child)
    report = engine.evaluate(rule_set, inputs, options, jobs=2)
    found = per_opd(report)
    assert counted == [6] and list(found) == list(expected)
    failed = [c for c, (o, _) in found.items() if {x.status for x in o} == {Status.ERROR}]
    assert len(failed) == 1 and expected[failed[0]][1]  # it had findings: now none
    outcomes, findings = found[failed[0]]
    assert findings == [] and len(outcomes) == len(expected[failed[0]][0])
    assert all("crashed" in (o.reason_in("en") or "") for o in outcomes)
    assert "SIGKILL" in (outcomes[0].reason_in("id") or "")
    del found[failed[0]], expected[failed[0]]
    assert found == expected  # the other OPDs as evaluated in this process


def test_kept_opds_skip_the_pool_and_a_failed_one_is_not_kept(
    samples: Any, counted: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rule_set, inputs, options = samples
    expected = engine.evaluate(rule_set, inputs, options)
    with monkeypatch.context() as patch:
        patch.setattr(engine, "evaluate_opd", crash_in_child)
        first = EvalCache(tmp_path / "eval")
        engine.evaluate(rule_set, inputs, options, first, jobs=2)
    assert counted == [6]
    assert first.counters() == dict(hits=0, misses=6, stored=5, invalid=0, not_stored=0)
    again = EvalCache(tmp_path / "eval")
    report = engine.evaluate(rule_set, inputs, options, again, jobs=2)
    assert counted == [6]  # the one OPD not kept is evaluated here, not in a pool
    assert again.counters() == dict(hits=5, misses=1, stored=1, invalid=0, not_stored=0)
    assert report.findings == expected.findings and report.outcomes == expected.outcomes


def test_the_pool_size_comes_from_jobs_else_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(isolate.ENV, raising=False)
    assert isolate.pool_size(with_jobs(Config(), 3).limits) == 3
    assert with_jobs(Config(limits=Limits(jobs=4)), None).limits.jobs == 4
    assert isolate.pool_size(Limits()) == len(os.sched_getaffinity(0))
    assert isolate.pool_size(Limits(jobs=3, isolate=False)) == 1
    monkeypatch.setenv(isolate.ENV, "0")
    assert isolate.pool_size(Limits(jobs=3)) == 1
