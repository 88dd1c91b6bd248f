"""The installation key that signs cache entries (HMAC-SHA256), kept outside any cache folder.

A plain checksum stored beside the data proves nothing against whoever can write the
cache folder: they can rewrite an entry and its checksum together (an OPD's findings
emptied, every score 100). So every manifest of the ingest and evaluation caches
carries an HMAC-SHA256 made with a key only this installation holds; an entry whose
HMAC does not match is a miss, never a result.

The key file: `$RL_AUDIT_CACHE_KEY_FILE` when set (tests, unusual setups), else
`$XDG_CONFIG_HOME/rl-audit/cache.key`, else `~/.config/rl-audit/cache.key`. It is
created on first use (32 random bytes as hex, mode 0600, its folder 0700). A key file
that is not a regular file, belongs to another user, can be read or written by group
or others, is shorter than 32 characters, or lies inside the cache folder is refused
(`CacheKeyError`): the cache is then not used (every lookup a miss, nothing stored).
Deleting the key only causes misses (a new key is made).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV = "RL_AUDIT_CACHE_KEY_FILE"
FIELD = "hmac"  # the manifest field holding the signature
MIN_LEN = 32


class CacheKeyError(OSError):
    """The installation key cannot be used (the message says why)."""


def key_path() -> Path:
    """Where the installation key lives (see the module doc)."""
    given = os.environ.get(ENV)
    if given:
        return Path(given)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "rl-audit" / "cache.key"


def installation_key(cache_folder: Path) -> bytes:
    """The key that signs the entries of `cache_folder` (created when absent); CacheKeyError."""
    try:
        path = key_path().absolute()
    except RuntimeError as err:  # no home folder
        raise CacheKeyError(f"cache key: {err}") from None
    if path.resolve().is_relative_to(cache_folder.resolve()):
        raise CacheKeyError(f"cache key {path} lies inside the cache folder {cache_folder}")
    if not path.exists():
        _create(path)
    return _read(str(path))


@lru_cache(maxsize=4)
def _read(name: str) -> bytes:
    """The checked content of key file `name` (read once per process)."""
    path = Path(name)
    try:
        info = path.stat()
        data = path.read_bytes().strip()
    except OSError as err:
        raise CacheKeyError(f"cache key {path}: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        raise CacheKeyError(f"cache key {path}: not a regular file of this user")
    if info.st_mode & 0o077:
        raise CacheKeyError(f"cache key {path}: readable or writable by others (needs 0600)")
    if len(data) < MIN_LEN:
        raise CacheKeyError(f"cache key {path}: too short")
    return data


def _create(path: Path) -> None:
    """Write a new random key to `path` (mode 0600); a key another process made first wins."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".cache.key.", dir=path.parent)  # mode 0600
    except OSError as err:
        raise CacheKeyError(f"cache key {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # appears whole or not at all
    except OSError as err:
        raise CacheKeyError(f"cache key {path}: {err.strerror or err}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign(key: bytes, manifest: dict[str, Any]) -> dict[str, Any]:
    """`manifest` (as JSON will read it back) with its HMAC in `FIELD`."""
    plain = json.loads(json.dumps({k: v for k, v in manifest.items() if k != FIELD}))
    return {**plain, FIELD: hmac.new(key, _canonical(plain), hashlib.sha256).hexdigest()}


def verified(key: bytes, manifest: Any) -> dict[str, Any]:
    """`manifest` (as read from JSON) without its HMAC; ValueError unless the HMAC matches."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get(FIELD), str):
        raise ValueError("entry without a signature")
    plain = {k: v for k, v in manifest.items() if k != FIELD}
    expected = hmac.new(key, _canonical(plain), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), manifest[FIELD].encode()):
        raise ValueError("entry not signed with this installation's key")
    return plain
