"""Starting the processes of `rl_audit.ingest.workers`: the forkserver and its settings.

Workers are forked from a forkserver (spawned where there is none) that has imported
the readers once (`PRELOAD`); `prestart` starts it early so its imports overlap the
caller's work. The forkserver's interpreter gets `WORKER_ENV`; the parent's `__main__`
is hidden while a process starts (`starting`); at exit the forkserver is stopped and
reaped (`_stop_forkserver`).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import multiprocessing as mp
import os
import signal
import sys
import types
from collections.abc import Iterator
from typing import Any

# imported once, by the forkserver (the pipeline: the reader `isolate` is given; the
# engine: the jobs of `rl_audit.engine.parallel`)
PRELOAD = [
    "rl_audit.ingest.pipeline",
    "rl_audit.ingest.isolate",
    "rl_audit.ingest.warm",
    "rl_audit.engine.evaluate",
]
# Arrow's default allocator (mimalloc) reserves a GiB of address space at its first use
# and serves from it: a job's data would escape the memory budget. Read at pyarrow's
# import, so set for the interpreter the workers come from.
WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """While a worker (or the forkserver) starts: `WORKER_ENV` set, `__main__` hidden.

    The environment is the new interpreter's (the forkserver's, or a spawned worker's);
    this process's is restored at once. multiprocessing would import the parent's main
    script in each child (a script without a `__name__ == "__main__"` guard would run
    again there); a worker needs only rl-audit's own modules, so the task and job must
    not be defined in `__main__`.
    """
    main, saved = sys.modules["__main__"], {k: os.environ.get(k) for k in WORKER_ENV}
    sys.modules["__main__"] = types.ModuleType("__main__")
    os.environ.update(WORKER_ENV)
    try:
        yield
    finally:
        sys.modules["__main__"] = main
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@functools.cache
def _stop_forkserver_at_exit() -> None:
    """Stop the forkserver when this process ends (registered once).

    It is terminated (it may still be importing: a run that stopped early does not wait
    for that) and reaped, not orphaned, so its workers' resource use counts among this
    process's children (`getrusage(RUSAGE_CHILDREN)`, `time`).
    """
    atexit.register(_stop_forkserver)


def _stop_forkserver() -> None:
    from multiprocessing import forkserver

    server = forkserver._forkserver
    pid = getattr(server, "_forkserver_pid", None)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
        server._stop()  # type: ignore[attr-defined]  # closes its pipe, reaps it


def context() -> Any:
    """The forkserver context (set up to preload the readers), else spawn."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    _stop_forkserver_at_exit()
    return ctx


def prestart() -> None:
    """Start the forkserver now, in the background: its imports overlap the caller's work."""
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with starting():
            forkserver.ensure_running()


def default_jobs() -> int:
    """Workers of a pool when `--jobs`/`limits.jobs` is unset: the CPUs this process may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, cpus)
