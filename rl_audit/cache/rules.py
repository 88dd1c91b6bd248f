"""The validated rule pack, cached by the hash of its files (loading it costs ≈0.4 s).

An entry is `<folder>/<key>.json`: the rule set as tagged JSON (`rules_codec`) in a
manifest signed with the installation key (`cache.sign`). The key is a SHA-256 over the
bytes of every rule file and the pack's `pack.yaml`, the path as given (rule sources
name it), the rl-audit version and the size and time of every module and data file of
the package (a changed check schema or catalog is a miss, also in a source checkout).

The folder: `$RL_AUDIT_RULES_CACHE` when set, else `$XDG_CACHE_HOME/rl-audit/rules`,
else `~/.cache/rl-audit/rules`. `RL_AUDIT_NO_CACHE=1` skips the cache. An entry that
cannot be read, fails its HMAC or decodes to something else is a miss; a folder that
cannot be written, or a missing key, only means nothing is stored: never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from rl_audit import __version__
from rl_audit.atomic import write_text_atomic
from rl_audit.cache import sign
from rl_audit.cache.rules_codec import decode, encode

T = TypeVar("T")
ENV_DIR = "RL_AUDIT_RULES_CACHE"
ENV_OFF = "RL_AUDIT_NO_CACHE"
FORMAT = "rules-2"  # bumped when a cached class gains fields (rules-2: akibat…)
KEEP = 16  # entries kept (the newest); older ones are removed when one is stored
PACKAGE = Path(__file__).resolve().parents[1]


def cache_folder() -> Path | None:
    """Where entries live; None when the cache is switched off (`RL_AUDIT_NO_CACHE`)."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rl-audit" / "rules"


def pack_files(path: Path) -> list[Path]:
    """The files a load of `path` reads: a folder's YAML files, or a file and its pack.yaml."""
    if path.is_dir():
        return sorted(path.glob("*.yaml"))
    pack = path.parent / "pack.yaml"
    return [path, pack] if pack.is_file() and pack != path else [path]


def code_stamp() -> str:
    """Size and modification time of every module and data file of the package."""
    digest = hashlib.sha256()
    for found in sorted(PACKAGE.rglob("*")):
        if found.suffix in (".py", ".yaml", ".yml", ".json") and found.is_file():
            info = found.stat()
            digest.update(
                f"{found.relative_to(PACKAGE)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def pack_key(path: Path) -> str:
    """The entry key of a load of `path` (OSError when a file cannot be read)."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{path}\0{code_stamp()}\n".encode())
    for found in pack_files(path):
        digest.update(f"{found.name}\0{hashlib.sha256(found.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def _opened(path: Path) -> tuple[Path, str, bytes] | None:
    """(folder, entry key, signing key) for a load of `path`; None when the cache is off."""
    try:
        folder = cache_folder()
        if folder is None:
            return None
        return folder, pack_key(path), sign.installation_key(folder)
    except (OSError, RuntimeError):  # unreadable file, no home folder, unusable key
        return None


def cached(path: Path, build: Callable[[Path], T], classes: Mapping[str, type]) -> T:
    """`build(path)`, served from the cache when the same files were loaded before.

    `classes` names the dataclasses an entry may hold; its first one is the result's type.
    """
    opened = _opened(path)
    if opened is None:
        return build(path)
    folder, key, secret = opened
    found = lookup(folder / f"{key}.json", key, secret, classes)
    if isinstance(found, next(iter(classes.values()))):
        return cast(T, found)
    value = build(path)
    store(folder, key, secret, value, classes)
    return value


def lookup(entry: Path, key: str, secret: bytes, classes: Mapping[str, type]) -> Any:
    """The value stored in `entry`, or None (missing, damaged, unsigned, another key)."""
    try:
        manifest = sign.verified(secret, json.loads(entry.read_bytes()))
        if manifest.get("key") != key or manifest.get("format") != FORMAT:
            return None
        return decode(manifest["value"], classes)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def store(folder: Path, key: str, secret: bytes, value: Any, classes: Mapping[str, type]) -> None:
    """Write the entry atomically when `value` survives the round trip; never raises."""
    try:
        data = encode(value, classes)
        if decode(json.loads(json.dumps(data)), classes) != value:
            return  # e.g. a NaN parameter: not served from the cache
        manifest = sign.sign(secret, {"format": FORMAT, "key": key, "value": data})
        write_text_atomic(folder / f"{key}.json", json.dumps(manifest, ensure_ascii=False))
    except (OSError, ValueError, TypeError, RecursionError):
        return
    prune(folder)


def prune(folder: Path) -> None:
    """Remove all but the `KEEP` most recently written entries (errors ignored)."""
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
