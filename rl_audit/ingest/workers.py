"""A pool of child processes that run one job at a time each, under a budget.

Built for parsing untrusted input files (`rl_audit.ingest.isolate`), usable for any
picklable `Task`. Each worker is a child process (forkserver where available) that:

- warms up first (`task.warm()`: lazy imports, allocator arenas, reader thread pools),
  then says it is ready;
- runs each job under a memory budget: before the job its address-space and data
  limits (`RLIMIT_AS`, `RLIMIT_DATA`, soft) are set to its current sizes plus
  `Budget.memory_mb`, so what one job may add is bounded whatever the worker held before;
- sends the result back pickled, refused above `Budget.result_mb`;
- ignores SIGINT (the parent handles Ctrl-C and stops the pool), dies with its parent,
  and writes its stderr to a private file (a native reader's abort message never
  reaches the user's terminal; the parent reads it to tell a memory failure from
  another crash).

The child's side is `rl_audit.ingest.worker_child`; how processes are started (the
forkserver, its preloads and environment) is `rl_audit.ingest.worker_start`.

The parent gives each job `Budget.seconds` of wall time from dispatch. A job that runs
out of time is killed (SIGKILL); a worker that dies (SIGABRT from a native reader,
SIGKILL by the kernel, MemoryError) is replaced; either way only that job fails, as an
`Outcome` naming the budget (`timeout`, `memory`, `result`) or the crash (`crashed`).
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import re
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from rl_audit.ingest import worker_child
from rl_audit.ingest.worker_child import READY, RETIRE, STOP, Budget, Task
from rl_audit.ingest.worker_start import context, default_jobs, prestart, starting

__all__ = ["Budget", "Outcome", "PoolError", "Task", "WorkerPool", "default_jobs", "prestart"]

START_SECONDS = 120.0  # a worker not ready by then is a broken environment
ERR_TAIL = 4096
_MEMORY_TEXT = re.compile(
    rb"memory allocation of \d+ bytes failed|MemoryError|bad_alloc|Cannot allocate memory"
    rb"|out of memory",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Outcome:
    """What became of a job: its `value`, or a `failure` (timeout, memory, result, crashed)."""

    value: Any = None
    failure: str | None = None
    detail: str = ""


class PoolError(RuntimeError):
    """A worker could not be started (the environment, not an input, is at fault)."""


class _Worker:
    """The parent's handle on one child: its pipe, its job and the job's deadline."""

    def __init__(self, ctx: Any, task: Task, budget: Budget, err_path: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.err_path = err_path
        self.process = ctx.Process(
            target=worker_child.main, args=(child, task, budget, str(err_path)), daemon=True
        )
        with starting():
            self.process.start()
        child.close()
        self.ready = False
        self.index: int | None = None  # the job it runs
        self.deadline = time.monotonic() + START_SECONDS

    def give(self, index: int, job: Any, seconds: float) -> None:
        """Send job `index` to the worker; it has `seconds` from now."""
        self.index, self.deadline = index, time.monotonic() + seconds
        self.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))

    def kill(self) -> None:
        """End the child now (SIGKILL) and release its pipe."""
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle child to exit; kill it if it does not."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send_bytes(STOP)
        self.process.join(2)
        self.kill()

    def death(self) -> Outcome:
        """The outcome of a job whose worker died: memory when its stderr says so."""
        self.process.join(5)
        code = self.process.exitcode
        if _memory_said(self.err_path):
            return Outcome(failure="memory", detail=_how(code))
        return Outcome(failure="crashed", detail=_how(code))


def _how(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
        return f"signal {-code}"
    return f"exit code {code}"


def _memory_said(path: Path) -> bool:
    """Whether the tail of a dead worker's stderr reports a failed allocation."""
    try:
        with path.open("rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - ERR_TAIL))
            return bool(_MEMORY_TEXT.search(fh.read()))
    except OSError:
        return False


class WorkerPool:
    """Child processes running jobs under `budget`; at most `jobs` at a time.

    Use as a context manager (or call `close()`): workers start on the first `run`
    and stay until the pool is closed, so one pool serves a whole run.
    """

    def __init__(self, task: Task, budget: Budget, jobs: int | None = None) -> None:
        self.task, self.budget = task, budget
        self.size = jobs or default_jobs()
        self.folder = Path(tempfile.mkdtemp(prefix="rl-audit-workers-"))
        self.workers: list[_Worker] = []
        self.started = 0
        self.ctx = context()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker and remove the pool's temp folder."""
        for worker in self.workers:
            (worker.stop if worker.ready and worker.index is None else worker.kill)()
        self.workers = []
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(
        self, jobs: Sequence[Any], done: Callable[[int, Outcome], None] | None = None
    ) -> list[Outcome]:
        """Every job's outcome, in order; `done(index, outcome)` as each one ends."""
        out: list[Outcome] = [Outcome()] * len(jobs)
        queue = deque(enumerate(jobs))
        while queue or any(w.index is not None for w in self.workers):
            busy = sum(w.index is not None for w in self.workers)
            while len(self.workers) < min(self.size, len(queue) + busy):
                self._spawn()
            for worker in (w for w in self.workers if w.ready and w.index is None):
                if queue:
                    worker.give(*queue.popleft(), self.budget.seconds)
            for index, outcome in self._events():
                out[index] = outcome
                if done is not None:
                    done(index, outcome)
        return out

    def _spawn(self) -> None:
        if not self.started:
            prestart()  # the forkserver, if not yet running, with WORKER_ENV
        self.started += 1
        err = self.folder / f"w{self.started}.err"
        self.workers.append(_Worker(self.ctx, self.task, self.budget, err))

    def _retire(self, worker: _Worker) -> None:
        """Kill and drop a worker (`run` starts another when jobs remain)."""
        worker.kill()
        self.workers.remove(worker)

    def _events(self) -> Iterator[tuple[int, Outcome]]:
        """Wait for a reply, a death or a deadline; yield the jobs that ended."""
        nearest = min(w.deadline for w in self.workers)
        timeout = None if nearest == math.inf else max(0.0, nearest - time.monotonic())
        waits = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        wait(waits, timeout)
        for worker in list(self.workers):
            ended = self._check(worker)
            if ended is not None:
                yield ended

    def _check(self, worker: _Worker) -> tuple[int, Outcome] | None:
        """The job `worker` ended, if it did (replacing the worker when needed)."""
        if not worker.ready:
            self._check_start(worker)
            return None
        if worker.index is None:
            if not worker.process.is_alive():  # an idle worker killed from outside
                self._retire(worker)
            return None
        index = worker.index
        if worker.conn.poll():
            outcome, retire = self._reply(worker)
        elif not worker.process.is_alive():
            outcome, retire = worker.death(), True
        elif time.monotonic() >= worker.deadline:
            outcome, retire = Outcome(failure="timeout"), True
        else:
            return None
        worker.index, worker.deadline = None, math.inf
        if retire:
            self._retire(worker)
        return index, outcome

    def _check_start(self, worker: _Worker) -> None:
        """Mark a worker ready once it says so; a failed start is a PoolError."""
        if worker.conn.poll():
            with contextlib.suppress(EOFError, OSError):
                worker.ready = worker.conn.recv_bytes() == READY
        if not worker.ready and (
            not worker.process.is_alive() or time.monotonic() >= worker.deadline
        ):
            worker.kill()
            raise PoolError(f"a reader process did not start ({_how(worker.process.exitcode)})")
        if worker.ready:
            worker.deadline = math.inf

    def _reply(self, worker: _Worker) -> tuple[Outcome, bool]:
        """Read a finished job's reply: (outcome, whether to replace the worker)."""
        limit = int(self.budget.result_mb * 1024**2) + 65536
        try:
            data = worker.conn.recv_bytes(limit)
        except EOFError:
            return worker.death(), True
        except OSError:  # longer than the budget allows (the child should have said so)
            return Outcome(failure="result"), True
        status, value = pickle.loads(memoryview(data)[1:])
        if status == "ok":
            return Outcome(value), data[:1] == RETIRE
        return Outcome(failure=status, detail=str(value)), True
