"""OPDs evaluated side by side (`--jobs N`): each OPD's evaluation one job of a process pool.

OPDs are independent: the unit of work is a picklable `job()` → `OpdEvaluation`, a pure
function of one OPD's documents, the rules, the parameters and the run options
(`rl_audit.engine.evaluate` builds it). With `jobs` > 1 and more than one OPD to compute,
the jobs run in a `WorkerPool` (`rl_audit.ingest.workers`: forkserver processes, one job
at a time each); else in this process, one after the other, as with `--jobs 1`. Results
come back in the OPDs' order, so a run's report does not depend on `jobs`.

Given a store (the evaluation cache), each OPD is first asked of it, in a thread per OPD
whose store calls run one at a time (a lock): an OPD it keeps is never sent to the pool;
the others wait in `compute` until the pool has evaluated them all, and are then kept.

A job whose worker process dies (or cannot return its result) does not lose the run: its
OPD's rules end in `error`, the reason naming the failure (`opd_worker_failed`), and that
evaluation is not kept in the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from rl_audit.documents import ROLE, Document, OpdRef, RowRole
from rl_audit.engine.options import OpdEvaluation, OpdStore, RunOptions
from rl_audit.engine.period import latest_date
from rl_audit.findings import OpdRun, RuleOutcome, Severity, Status
from rl_audit.ingest.workers import Budget, Outcome, PoolError, WorkerPool
from rl_audit.messages import render
from rl_audit.ruleset.load import Rule
from rl_audit.wording import texts

Job = Callable[[], OpdEvaluation]
Group = tuple[OpdRef, list[Document]]

# an OPD's evaluation has no budget of its own: only a crash fails it
UNBOUNDED = Budget(seconds=float("inf"), memory_mb=float(2**30), result_mb=float(2**30))


class Calling:
    """The pool's task: call the job sent (see `rl_audit.ingest.worker_child.Task`)."""

    def warm(self) -> None:
        """Nothing to prepare: a job's first unpickling imports the engine."""

    def __call__(self, job: Job) -> OpdEvaluation:
        """The job's evaluation."""
        return job()


class OpdFailed(Exception):
    """An OPD's job did not come back from its worker process; the reason is the message."""


@dataclass(frozen=True)
class Plan:
    """How to evaluate a run's OPDs: their rules, the run options, the pool size."""

    rules: list[Rule]
    options: RunOptions
    jobs: int = 1


def evaluate_groups(
    groups: Sequence[Group], jobs: Sequence[Job], store: OpdStore | None, plan: Plan
) -> list[OpdEvaluation]:
    """Each group's evaluation (`jobs[i]` computes group i's), from `store` when it keeps it."""
    if plan.jobs <= 1 or len(groups) < 2:
        if store is None:
            return [job() for job in jobs]
        return [store.fetch(opd, docs, job) for (opd, docs), job in zip(groups, jobs, strict=True)]
    if store is None:
        return _computed(groups, list(range(len(jobs))), jobs, plan)
    return _Fetching(store, groups, jobs, plan).run()


def _computed(
    groups: Sequence[Group], wanted: list[int], jobs: Sequence[Job], plan: Plan
) -> list[OpdEvaluation]:
    """The evaluations of the `wanted` jobs, in that order (a failed one: its rules in error)."""
    found = _batch(groups, wanted, jobs, plan)
    return [
        failed_evaluation(*groups[i], plan, str(r)) if isinstance(r, OpdFailed) else r
        for i, r in zip(wanted, found, strict=True)
    ]


def _batch(
    groups: Sequence[Group], wanted: list[int], jobs: Sequence[Job], plan: Plan
) -> list[OpdEvaluation | OpdFailed]:
    """The `wanted` jobs' results in order: in the pool when more than one, else here."""
    if len(wanted) < 2:
        return [jobs[i]() for i in wanted]
    out: list[OpdEvaluation | OpdFailed | None] = [None] * len(wanted)

    def done(k: int, outcome: Outcome) -> None:
        out[k] = outcome.value if outcome.failure is None else OpdFailed(_reason(outcome))

    try:
        with WorkerPool(Calling(), UNBOUNDED, plan.jobs) as pool:
            pool.run([jobs[i] for i in wanted], done)
    except PoolError:  # no worker could start: the environment's fault, evaluate here
        pass
    return [jobs[i]() if r is None else r for i, r in zip(wanted, out, strict=True)]


def _reason(outcome: Outcome) -> str:
    """What became of a job that did not come back: `crashed (SIGKILL)`."""
    return f"{outcome.failure} ({outcome.detail})" if outcome.detail else str(outcome.failure)


def failed_evaluation(opd: OpdRef, docs: list[Document], plan: Plan, why: str) -> OpdEvaluation:
    """An OPD whose evaluation failed: every rule in `error` saying why, no findings."""
    outcomes = [_error(rule, opd, why) for rule in plan.rules]
    return outcomes, [], _bare_run(opd, plan.options, docs)


def _error(rule: Rule, opd: OpdRef, why: str) -> RuleOutcome:
    """The `error` outcome of one rule of a failed OPD (reason rendered in the reader's lang)."""
    key, params = "opd_worker_failed", (("detail", why),)
    return RuleOutcome(
        rule.id, rule.title.get("id", rule.id), rule.bpk_code, Severity(rule.severity),
        Status.ERROR, 0, render(key, "id", detail=why), opd,
        texts(rule.title.items()), key, params,
    )  # fmt: skip


def _bare_run(opd: OpdRef, options: RunOptions, docs: list[Document]) -> OpdRun:
    """The run record of a failed OPD: the period, its latest date, the kinds read; no metric."""
    as_of = None if options.as_of is None else options.as_of.date().isoformat()
    latest = latest_date(docs)
    last = None if latest is None else latest.date().isoformat()
    kinds = tuple(sorted({d.kind for d in docs if (d.frame[ROLE] == RowRole.DATA.value).any()}))
    return OpdRun(opd, options.year, as_of, {}, last, kinds)


class _Fetching:
    """One run's OPDs asked of a store in threads; what it does not keep computed as a batch."""

    def __init__(
        self, store: OpdStore, groups: Sequence[Group], jobs: Sequence[Job], plan: Plan
    ) -> None:
        self.store, self.groups, self.jobs, self.plan = store, groups, jobs, plan
        self.lock = threading.Lock()  # store calls one at a time
        self.settled = threading.Condition()
        self.answered = 0  # OPDs the store answered (kept, or failed)
        self.wanted: dict[int, Future[OpdEvaluation]] = {}  # OPDs waiting to be computed

    def run(self) -> list[OpdEvaluation]:
        """Every OPD's evaluation, in order."""
        with ThreadPoolExecutor(max_workers=min(len(self.groups), 64)) as threads:
            asked = [threads.submit(self._fetch, i) for i in range(len(self.groups))]
            for found in asked:
                found.add_done_callback(self._answered)
            try:
                self._compute_wanted()
            finally:
                for waiting in self.wanted.values():
                    if not waiting.done():
                        waiting.set_exception(OpdFailed("stopped"))
            return [found.result() for found in asked]

    def _fetch(self, i: int) -> OpdEvaluation:
        """OPD `i` from the store (in a thread); a failed computation is not kept."""
        opd, docs = self.groups[i]
        try:
            with self.lock:
                return self.store.fetch(opd, docs, lambda: self._wait(i))
        except OpdFailed as err:
            return failed_evaluation(opd, docs, self.plan, str(err))

    def _wait(self, i: int) -> OpdEvaluation:
        """The store's `compute` for OPD `i`: wait (lock released) for the batch's result."""
        waiting: Future[OpdEvaluation] = Future()
        with self.settled:
            self.wanted[i] = waiting
            self.settled.notify_all()
        self.lock.release()
        try:
            return waiting.result()
        finally:
            self.lock.acquire()

    def _answered(self, _: Any) -> None:
        with self.settled:
            self.answered += 1
            self.settled.notify_all()

    def _compute_wanted(self) -> None:
        """Once every OPD is answered or waiting, compute the waiting ones and hand them over."""
        with self.settled:
            self.settled.wait_for(lambda: self.answered + len(self.wanted) >= len(self.groups))
            wanted = sorted(self.wanted)
        found = _batch(self.groups, wanted, self.jobs, self.plan)
        for i, result in zip(wanted, found, strict=True):
            if isinstance(result, OpdFailed):  # raised in the waiting thread: not kept
                self.wanted[i].set_exception(result)
            else:
                self.wanted[i].set_result(result)
