"""A test-only task for `WorkerPool`: it does to its reader process what a hostile file
can make a native reader do (abort, be killed, fail an allocation). Tests only.

Kept apart from the test module (and free of heavy imports) so each reader process that
unpickles it starts quickly.
"""

from __future__ import annotations

import os
import signal


class Hostile:
    """`job` names what happens: abort, kill, native-oom, allocate, raise; else a result."""

    def warm(self) -> None:
        """Nothing to prepare."""

    def __call__(self, job: str) -> str:
        """Do what `job` says in this (child) process."""
        if job == "abort":
            os.kill(os.getpid(), signal.SIGABRT)
        if job == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if job == "native-oom":  # what Rust's allocator prints before it aborts
            os.write(2, b"memory allocation of 549755813888 bytes failed\n")
            os.abort()
        if job == "allocate":
            return "x" * (1 << 30)  # 1 GiB: over any budget the tests set
        if job == "raise":
            raise ValueError("a bug in the reader")
        return f"read {job}"
