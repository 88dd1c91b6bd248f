"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class NotRegularFileError(OSError):
    """The target exists and is not a regular file (a folder, device, FIFO or socket)."""


def check_replaceable(path: Path) -> None:
    """Raise NotRegularFileError unless `path` is absent or (through links) a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # absent, or a dangling link (the rename replaces the link itself)
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(f"{path}: not a regular file; not replaced")


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: readers see the old file or the whole new one.

    What is written goes to a temporary file beside `path`, renamed over it when the
    block ends without an error (removed otherwise), so a report can be streamed. The
    file gets the usual permissions of a new file (0666 minus the umask), not the 0600
    of a temporary file, so reports stay readable to whoever reads them. Only a regular
    file is ever replaced: a folder, device, FIFO or socket at `path` (or behind a link
    there) raises NotRegularFileError, checked before and again just before the rename.
    """
    check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        check_replaceable(path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(data)


def write_text_atomic(path: Path, text: str) -> None:
    """UTF-8 text, atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
