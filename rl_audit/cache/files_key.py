"""Entry keys of the ingest cache (`rl_audit.cache.files`).

A key hashes the file's content (SHA-256 of its bytes), for a CSV/text file its stem
(it becomes the sheet name), and a fingerprint of everything that changes how a file
is understood: the cache format, `rl_audit.__version__`, the source of the ingest stage
and `documents.py` (a changed parser never reads old results, even without a version
bump), the shipped `kinds.yaml`, `opds.yaml` and `synonyms.yaml`, the versions of the
reader libraries, and the ingest options (OPD registry, assumed OPD `--opd`, column
overrides, limits).
The display path is not part of the key; see `path_opd` for the one way it matters.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import stat
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rl_audit
from rl_audit.ingest import guards
from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.read import BUDGET_FIELDS, Limits

if TYPE_CHECKING:
    from rl_audit.ingest.options import IngestOptions

FORMAT = 1
_LIBS = ("pandas", "numpy", "pyarrow", "fastexcel", "openpyxl", "lxml", "defusedxml")


def sha(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> tuple[str, bytes]:
    """SHA-256 of a file, streamed, and its first bytes (to tell text from workbooks)."""
    digest, head = hashlib.sha256(), b""
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            head = head or block[:8]
            digest.update(block)
    return digest.hexdigest(), head


@lru_cache(maxsize=1)
def static_fingerprint() -> dict[str, Any]:
    """Hashes of the shipped data files and of the catalog and ingest source; library versions."""
    package = resources.files("rl_audit")
    names = ("kinds.yaml", "opds.yaml", "synonyms.yaml")
    data = {n: sha(package.joinpath("data", n).read_bytes()) for n in names}
    code = hashlib.sha256(package.joinpath("documents.py").read_bytes())
    for folder in ("catalog", "ingest"):  # what reading a file depends on
        items = sorted(package.joinpath(folder).iterdir(), key=lambda i: i.name)
        for item in (i for i in items if i.name.endswith(".py")):
            code.update(f"{folder}/{item.name}".encode() + b"\0" + item.read_bytes())
    return {"data": data, "code": code.hexdigest(), "libs": {n: lib_version(n) for n in _LIBS}}


def lib_version(name: str) -> str:
    """The installed version of package `name` ("-" when it is not installed)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(options: IngestOptions) -> str:
    """Hash of the tool state and the ingest options that change how a file is read."""
    entries = options.registry.entries
    registry = [[e.code, e.name, e.short, list(e.aliases), e.focus] for e in entries]
    state = {
        "format": FORMAT,
        "version": rl_audit.__version__,
        **static_fingerprint(),
        "registry": registry,
        "opd": options.opd,
        "fallback_opd": options.fallback_opd,
        "columns": options.columns,
        "limits": _shaping(options.limits),
    }
    return sha(json.dumps(state, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _shaping(limits: Limits) -> dict[str, Any]:
    """The limits that can change a result (the parse budget only decides whether one comes)."""
    found = dataclasses.asdict(limits)
    return {k: v for k, v in found.items() if k not in BUDGET_FIELDS}


def make_key(digest: str, options: IngestOptions, stem: str | None = None) -> str:
    """The key of a file with content hash `digest` (and, for text, `stem`) read with `options`."""
    return sha(json.dumps([digest, stem, fingerprint(options)], ensure_ascii=False).encode())


def entry_key(path: Path, options: IngestOptions) -> tuple[str, str] | None:
    """(key, content hash) of `path`, or None for a file not to cache (unreadable, too large).

    Only a regular file is hashed: a FIFO, device or socket named as input is never
    opened here (reading one could block for ever); the reader's guards report it.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > options.limits.max_bytes:
            return None
        digest, head = digest_file(path)
    except OSError:
        return None
    text = not head.startswith((guards.ZIP_MAGIC, guards.OLE_MAGIC))
    return make_key(digest, options, path.stem if text else None), digest


def path_opd(registry: opd_mod.Registry, display: str) -> str | None:
    """The OPD code a display path alone names (None when it names none).

    A document whose OPD came from the path (or was not found at all) depends on the
    path: its entry records this code and hits only while the path names the same OPD.
    """
    ref, _ = opd_mod.identify_opd(registry=registry, path=Path(display))
    return None if ref is None else ref.code
