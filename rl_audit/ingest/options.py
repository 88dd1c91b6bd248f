"""What the ingest stage is asked to do: `IngestOptions`, and the cache it may be given.

The cache itself lives in :mod:`rl_audit.cache` (above ingest); ingest only knows the
`FileCache` protocol, so `rl_audit.cache` may import this module and not the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rl_audit.documents import InputFile
from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.limits import Limits

Progress = Callable[[int, int, Path], None]


@dataclass
class IngestOptions:
    """What the ingest stage needs from the config and the command line."""

    registry: opd_mod.Registry = field(default_factory=opd_mod.default_registry)
    opd: str | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    root: Path | None = None
    fallback_opd: str | None = None  # the OPD of sheets that name none (check --opd X)
    cache: FileCache | None = None  # reuse results of unchanged files (rl_audit.cache.files)


Reader = Callable[[Path, str, IngestOptions], InputFile]
"""Parse one file: (path, display name, options) → its result (never raises)."""

Found = tuple[str, str] | None
"""What a cache lookup hands to `keep`: (entry key, file SHA-256), or None."""


class FileCache(Protocol):
    """A store of ingest results of unchanged files (`rl_audit.cache.files.IngestCache`)."""

    def fetch(self, path: Path, display: str, options: IngestOptions, read: Reader) -> InputFile:
        """The cached result for `path` shown as `display`, else `read(...)`, stored."""
        ...

    def lookup(
        self, path: Path, display: str, options: IngestOptions
    ) -> tuple[InputFile | None, Found]:
        """(the cached result or None, what `keep` needs): `fetch` in two steps."""
        ...

    def keep(self, found: Found, result: InputFile, options: IngestOptions) -> None:
        """Store a freshly parsed `result` under `found` (from `lookup`) if it can be."""
        ...


def display_name(path: Path, root: Path | None) -> str:
    """How a file is named in the report: relative to `root` (or the cwd) when inside it."""
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
