"""Entry folders of a cache on disk: written whole or not at all, aged, pruned.

An entry is a folder `<entries>/<64 hex key>/` holding `manifest.json` and its blobs. It
is written in `<entries>/tmp/` and renamed into place, so a killed run never leaves half
an entry; the manifest's mtime is the entry's "last used" time. Shared by the ingest
cache (`rl_audit.cache.files`) and, through it, the evaluation cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
TMP_GRACE_S = 3600.0  # a temp folder older than this was left by a killed run
KEY_NAME = re.compile(r"[0-9a-f]{64}")


def write_entry(entries: Path, key: str, manifest: dict[str, Any], blobs: dict[str, bytes]) -> None:
    """Write entry `key` in a temp folder, then rename it into place."""
    tmp_root = entries / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{key[:12]}.", dir=tmp_root))
    try:
        for name, blob in blobs.items():
            (tmp / name).write_bytes(blob)
        text = json.dumps(manifest, ensure_ascii=False)
        (tmp / MANIFEST).write_text(text, encoding="utf-8")
        install(tmp, entries / key, tmp_root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prune_entries(entries: Path, keep: set[str], age_s: float, limit: float) -> int:
    """Remove entries older than `age_s`, then the oldest past `limit` bytes; not `keep`.

    Temp folders left by killed runs go too. Returns the number of entries removed.
    """
    now, total, removed = time.time(), 0, 0
    clean_tmp(entries / "tmp", now)
    for used, size, folder in sorted(scan(entries), reverse=True):
        if folder.name in keep or (now - used <= age_s and total + size <= limit):
            total += size
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def install(tmp: Path, final: Path, tmp_root: Path) -> None:
    """Rename `tmp` to `final`, moving an existing `final` aside first."""
    try:
        os.replace(tmp, final)
        return
    except OSError:
        if not final.exists():
            raise
    old = tmp_root / f"old.{uuid.uuid4().hex}"
    os.replace(final, old)
    try:
        os.replace(tmp, final)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def touch(path: Path) -> None:
    """Mark `path` as just used (mtime now); a read-only cache is fine."""
    with contextlib.suppress(OSError):  # a read-only cache still serves hits
        os.utime(path)


def scan(entries: Path) -> list[tuple[float, int, Path]]:
    """(last used, size in bytes, folder) of every entry."""
    found = []
    for folder in entries.iterdir() if entries.is_dir() else ():
        if not (KEY_NAME.fullmatch(folder.name) and folder.is_dir()):
            continue
        try:
            files = list(folder.iterdir())
            size = sum(f.stat().st_size for f in files)
            manifest = folder / MANIFEST
            used = (manifest if manifest.exists() else folder).stat().st_mtime
        except OSError:
            used, size = 0.0, 0
        found.append((used, size, folder))
    return found


def clean_tmp(tmp_root: Path, now: float) -> None:
    """Remove temp folders older than `TMP_GRACE_S` (left by killed runs)."""
    for item in tmp_root.iterdir() if tmp_root.is_dir() else ():
        try:
            if now - item.stat().st_mtime > TMP_GRACE_S:
                shutil.rmtree(item, ignore_errors=True)
        except OSError:
            continue
