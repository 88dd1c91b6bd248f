"""Each input file parsed in a child process with a budget: one file never takes down the run.

`ingest_isolated` is what `ingest_paths` does by default (`check`, `inspect`, `nightly`):
the ingest cache is looked up in this process; every file it does not hold is parsed
(`pipeline.read_file`, passed in) by a `WorkerPool` of child processes (`pool_size`: `--jobs`,
`limits.jobs`, else one per CPU; kept for the run) under the budgets of `Limits`:

- `file_seconds` of wall time, then the child is killed → issue `file_timeout`;
- `file_memory_mb` of memory a file's parse may add to its reader process (address-space
  and data limits; Arrow allocates with malloc there, so its data counts): a MemoryError,
  a reader's error that was one, or a native allocation failure → `file_memory`;
- `file_result_mb` for the parsed result sent back → `file_result_large`;
- a reader process that dies otherwise (a native abort) → `file_crashed`.

Each becomes that file's input error, named with the budget, and the run goes on.
`limits.isolate: false` in the config, or the environment variable `RL_AUDIT_ISOLATE=0`,
parses in this process instead (for tests and debugging; no budget then), and the run's
OPDs are then evaluated in this process too.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rl_audit.documents import InputFile, Issue
from rl_audit.ingest import workers
from rl_audit.ingest.limits import Limits
from rl_audit.ingest.options import IngestOptions, Progress, Reader, display_name
from rl_audit.ingest.workers import Budget, Outcome, WorkerPool

ENV = "RL_AUDIT_ISOLATE"


def isolated(limits: Limits) -> bool:
    """Whether files are parsed in child processes (config and environment allow it)."""
    return limits.isolate and os.environ.get(ENV, "1").strip() != "0"


def pool_size(limits: Limits) -> int:
    """Processes reading files, and OPDs evaluated at once: 1 when nothing runs apart."""
    if not isolated(limits):
        return 1
    return limits.jobs or workers.default_jobs()


def prestart(limits: Limits) -> None:
    """Start what reader processes are forked from, if files will be read in them.

    Called before the work that precedes reading (loading the rules) so the reader
    processes' imports run meanwhile.
    """
    if isolated(limits):
        workers.prestart()


def budget(limits: Limits) -> Budget:
    """The per-file budget the limits set."""
    return Budget(limits.file_seconds, limits.file_memory_mb, limits.file_result_mb)


@dataclass
class ParseTask:
    """What a reader process runs: `read` (a module-level function) with the run's options.

    The options carry no cache (the cache is consulted in the parent process).
    """

    options: IngestOptions
    read: Reader

    def warm(self) -> None:
        """Read a small CSV and workbook once (see `rl_audit.ingest.warm`)."""
        from rl_audit.ingest.warm import warm_files  # preloaded by the forkserver

        with tempfile.TemporaryDirectory(prefix="rl-audit-warm-") as folder:
            for path in warm_files(Path(folder)):
                self.read(path, path.name, self.options)

    def __call__(self, job: tuple[Path, str]) -> InputFile:
        """Parse one file; running out of memory anywhere in it fails the whole file.

        Readers turn their exceptions into a damaged file or sheet; one that was a
        MemoryError (or says it could not allocate) is raised again as MemoryError.
        """
        path, display = job
        result = self.read(path, display, self.options)
        issues = [result.error] + [i for s in result.sheets for i in s.issues]
        if any(_out_of_memory(i) for i in issues if i is not None):
            raise MemoryError(display)
        return result


_NO_MEMORY = re.compile(
    r"MemoryError|Unable to allocate|malloc of size|memory allocation of|Cannot allocate memory"
    r"|out of memory",
    re.IGNORECASE,
)


def _out_of_memory(issue: Issue) -> bool:
    """Whether a read error was an allocation failure."""
    failed_read = issue.key in {"file_corrupt", "file_unreadable", "sheet_unreadable"}
    return failed_read and bool(_NO_MEMORY.search(str(issue.params.get("detail", ""))))


def failed(path: Path, display: str, outcome: Outcome, limits: Limits) -> InputFile:
    """The input error of a file whose parse did not come back (see the module doc)."""
    issue = _issue(outcome, limits, display)
    return InputFile(path, display, None, "error", error=issue)


def _issue(outcome: Outcome, limits: Limits, display: str) -> Issue:
    detail = outcome.detail
    if outcome.failure == "timeout":
        params = {"seconds": _num(limits.file_seconds), "detail": detail}
        return Issue("file_timeout", "error", params, file=display)
    if outcome.failure == "memory":
        params = {"limit_mb": _num(limits.file_memory_mb), "detail": detail}
        return Issue("file_memory", "error", params, file=display)
    if outcome.failure == "result":
        params = {"limit_mb": _num(limits.file_result_mb), "detail": detail}
        return Issue("file_result_large", "error", params, file=display)
    return Issue("file_crashed", "error", {"detail": detail or "?"}, file=display)


def _num(value: float) -> str:
    """`120` for 120.0, `0.5` for 0.5."""
    return f"{value:g}"


def ingest_isolated(
    files: list[Path],
    options: IngestOptions,
    read: Reader,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> list[InputFile]:
    """Read `files` in order: cache hits here, the others parsed by `read` in `jobs` processes.

    `read` parses one file (`rl_audit.ingest.pipeline.read_file`); it must be picklable.
    """
    run = _Run(files, options, progress)
    todo = [i for i in range(len(files)) if not run.from_cache(i)]
    if not todo:
        return run.results()
    task = ParseTask(dataclasses.replace(options, cache=None), read)
    with WorkerPool(task, budget(options.limits), jobs or pool_size(options.limits)) as pool:
        batch = [(files[i], run.displays[i]) for i in todo]
        pool.run(batch, lambda k, outcome: run.parsed(todo[k], outcome))
    return run.results()


class _Run:
    """The results of one `ingest_isolated` call as they come in."""

    def __init__(
        self, files: list[Path], options: IngestOptions, progress: Progress | None
    ) -> None:
        self.files, self.options, self.progress = files, options, progress
        self.displays = [display_name(p, options.root) for p in files]
        self.out: list[InputFile | None] = [None] * len(files)
        self.keys: dict[int, tuple[str, str] | None] = {}
        self.done = 0

    def from_cache(self, i: int) -> bool:
        """Whether file `i` came from the ingest cache (else it is to be parsed)."""
        cache = self.options.cache
        if cache is None:
            return False
        self.out[i], self.keys[i] = cache.lookup(self.files[i], self.displays[i], self.options)
        if self.out[i] is None:
            return False
        self._done(i)
        return True

    def parsed(self, i: int, outcome: Outcome) -> None:
        """File `i` came back from its reader process (or did not: its input error)."""
        result = outcome.value
        if outcome.failure is not None:
            result = failed(self.files[i], self.displays[i], outcome, self.options.limits)
        if self.options.cache is not None:
            self.options.cache.keep(self.keys.get(i), result, self.options)
        self.out[i] = result
        self._done(i)

    def _done(self, i: int) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.files), self.files[i])

    def results(self) -> list[InputFile]:
        """Every file's result, in input order."""
        return [item for item in self.out if item is not None]
