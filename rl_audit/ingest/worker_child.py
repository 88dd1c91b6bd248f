"""The reader side of `rl_audit.ingest.workers`: what runs inside each child process.

`main` is a worker's loop: ignore SIGINT, die with its parent, send stderr to a private
file, warm up, say READY, then for each job set the memory budget (soft `RLIMIT_AS` and
`RLIMIT_DATA`: the current sizes plus `Budget.memory_mb`), run the task and send the
pickled reply, one byte first saying whether the worker goes on (KEEP) or, having grown
by more than half its budget, retires (RETIRE).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import re
import resource
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

READY, STOP = b"ready", b""


class Task(Protocol):
    """What a worker runs: `warm()` once at start, then `task(job)` per job."""

    def warm(self) -> None:
        """Prepare the worker (runs before any budget applies)."""

    def __call__(self, job: Any) -> Any:
        """The result of one job (picklable)."""


@dataclass(frozen=True)
class Budget:
    """What one job may use: wall seconds, added memory (MB), pickled result size (MB)."""

    seconds: float
    memory_mb: float
    result_mb: float


_NO_MEMORY = pickle.dumps(("memory", "MemoryError"))
KEEP, RETIRE = b"k", b"r"  # the first byte of a reply: whether the worker goes on


def main(conn: Connection, task: Task, budget: Budget, err_path: str) -> None:
    """A worker's main loop (runs in the child process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _stderr_to(err_path)
    task.warm()
    start = vm_bytes()
    conn.send_bytes(READY)
    while (data := _next_job(conn)) != STOP:
        os.ftruncate(2, 0)
        _limit_memory(budget.memory_mb)
        reply = _run(task, data, int(budget.result_mb * 1024**2))
        grown = vm_bytes() - start > budget.memory_mb * 1024**2 / 2
        conn.send_bytes((RETIRE if grown else KEEP) + reply)
        if grown:  # memory kept by this job's allocations: a fresh worker takes over
            return


def _run(task: Task, data: bytes, max_result: int) -> bytes:
    """The pickled reply to one job: ("ok", result) or (failure, detail).

    A job that raises MemoryError is a `memory` failure, any other exception `crashed`.
    """
    try:
        reply = pickle.dumps(("ok", task(pickle.loads(data))), pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        reply = _NO_MEMORY
    except Exception as err:  # noqa: BLE001 - a task's own bug fails that job, not the run
        reply = pickle.dumps(("crashed", f"{type(err).__name__}: {err}"[:200]))
    if len(reply) > max_result:
        return pickle.dumps(("result", str(len(reply))))
    return reply


def _next_job(conn: Connection) -> bytes:
    """The next job's bytes; STOP when told so or when the parent is gone."""
    try:
        return conn.recv_bytes()
    except (EOFError, OSError):
        return STOP


def _die_with_parent() -> None:
    """Linux: be killed when the parent (the forkserver, gone with the run) ends.

    A run killed with SIGKILL (a nightly stopped by hand) must not leave a reader
    process parsing on for minutes.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _stderr_to(path: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    os.dup2(fd, 2)
    os.close(fd)


def vm_bytes(field: str = "VmSize") -> int:
    """A size of the calling process from /proc (VmSize, VmData), 0 where it is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


LIMITS = (("VmSize", resource.RLIMIT_AS), ("VmData", resource.RLIMIT_DATA))


def _limit_memory(memory_mb: float) -> None:
    """Let this process grow by at most `memory_mb` from now (soft RLIMIT_AS and _DATA).

    The address-space limit stops new mappings; the data limit also stops memory that
    malloc had reserved without access rights (its arenas) from being made writable.
    """
    for field, which in LIMITS:
        base = vm_bytes(field)
        if not base:
            continue
        _, hard = resource.getrlimit(which)
        soft = base + int(memory_mb * 1024**2)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(which, (soft, hard))
