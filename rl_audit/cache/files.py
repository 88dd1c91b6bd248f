"""A cache of ingest results: an unchanged input file is not parsed again.

Used only when asked (`IngestOptions.cache`); without it ingest behaves as before.

**Key.** File content + tool and option fingerprint (see `cache_key`). The display
path is not part of it: the same bytes under another name hit, and the cached result is
given the current path and display (documents and issue locations too); an entry whose
OPD came from the path hits only while the path names the same OPD.

**Storage.** `<folder>/v1/<key>/manifest.json` (JSON, see `cache_codec`) and one
`d<i>.parquet` per document frame; no pickle, so a tampered folder can at worst cause
misses. An entry is written in `<folder>/v1/tmp/` and renamed into place
(`rl_audit.cache.entries`), and the manifest records each Parquet file's SHA-256: a
killed run or a damaged file never yields a half entry. Every manifest is signed with
the installation key (`rl_audit.cache.sign`, HMAC-SHA256 over the manifest, which holds
the Parquet hashes), so an entry rewritten by whoever can write the folder is a miss. A missing,
unreadable, corrupt, unsigned or stale entry is a miss (the file is parsed and the
entry rewritten), never an error; without a usable key nothing is read or stored.
Files whose ingest ended in an error, or with a sheet that failed unexpectedly, are
not cached: their error is always fresh.

**Safe to delete; pruning.** Deleting the folder only causes misses. A hit touches the
entry's manifest (its mtime is "last used"). `prune()` removes entries not used for
`max_age_days` (default 30), then the least recently used until the cache holds at most
`max_mb` (default 2048), never an entry used by this object, plus temp folders a killed
run left behind. It runs by itself once per `IngestCache` object, before its first write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rl_audit
from rl_audit.atomic import write_text_atomic
from rl_audit.cache import entries
from rl_audit.cache import files_codec as codec
from rl_audit.cache import sign as cache_sign
from rl_audit.cache.entries import MANIFEST as MANIFEST  # re-exported
from rl_audit.cache.files_key import FORMAT, entry_key, make_key, path_opd, sha
from rl_audit.documents import InputFile
from rl_audit.ingest.options import IngestOptions, Reader

if TYPE_CHECKING:
    import pandas as pd

_BLOB = re.compile(r"d[0-9]{1,6}\.parquet")
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# rl-audit ingest cache (safe to delete)\n"


def _cacheable(result: InputFile) -> bool:
    issues = (i for s in result.sheets for i in s.issues)
    return result.status == "ok" and all(i.key != "sheet_unreadable" for i in issues)


class IngestCache:
    """Ingest results on disk, keyed by file content and tool/option fingerprint.

    Counters for logs and tests: `hits`, `misses` (the file was parsed), `stored`,
    `invalid` (an entry was found but unusable: corrupt, tampered, stale) and
    `not_stored` (a parsed result that was not cached); `last_error` says why the
    last entry was unusable or not stored.
    """

    def __init__(
        self, folder: Path, max_age_days: float = 30.0, max_mb: float = 2048.0, tag: str = _TAG
    ) -> None:
        """A cache in `folder` (created on first write); pruning limits as described above.

        `tag` is the CACHEDIR.TAG text (the evaluation cache, which stores its entries
        through this class, names itself there).
        """
        self.folder = Path(folder)
        self.tag = tag
        self.max_age_days = max_age_days
        self.max_mb = max_mb
        self.hits = self.misses = self.stored = self.invalid = self.not_stored = 0
        self.last_error: str | None = None
        self._used: set[str] = set()
        self._maintained = False

    @property
    def entries(self) -> Path:
        """The folder holding this format's entries."""
        return self.folder / f"v{FORMAT}"

    def counters(self) -> dict[str, int]:
        """The counters as a dict (for the nightly log)."""
        names = ("hits", "misses", "stored", "invalid", "not_stored")
        return {n: getattr(self, n) for n in names}

    def key(self, digest: str, options: IngestOptions, stem: str | None = None) -> str:
        """The entry key of a file with content hash `digest` read with `options`."""
        return make_key(digest, options, stem)

    def fetch(self, path: Path, display: str, options: IngestOptions, read: Reader) -> InputFile:
        """The cached result for `path` shown as `display`, else `read(...)`, stored."""
        cached, found = self.lookup(path, display, options)
        if cached is not None:
            return cached
        result = read(path, display, options)
        self.keep(found, result, options)
        return result

    def lookup(
        self, path: Path, display: str, options: IngestOptions
    ) -> tuple[InputFile | None, tuple[str, str] | None]:
        """(the cached result or None: a hit or a miss, counted; what `keep` needs).

        `fetch` in two steps, for a parse that runs elsewhere (`rl_audit.ingest.isolate`).
        """
        found = entry_key(path, options)
        cached = None if found is None else self._load(found[0], path, display, options)
        if cached is not None:
            self.hits += 1
        else:
            self.misses += 1
        return cached, found

    def keep(
        self, found: tuple[str, str] | None, result: InputFile, options: IngestOptions
    ) -> None:
        """Store a freshly parsed `result` under `found` (from `lookup`) if it can be cached."""
        if found is not None and result.sha256 == found[1] and _cacheable(result):
            self._store(found[0], result, options)
        else:
            self.not_stored += 1

    def _load(self, key: str, path: Path, display: str, options: IngestOptions) -> InputFile | None:
        manifest_path = self.entries / key / MANIFEST
        if not manifest_path.is_file():
            return None
        try:
            manifest = self.read_manifest(manifest_path)
            result = self._decode(manifest, key, path, display, options)
        except Exception as err:  # noqa: BLE001 - a bad entry is a miss, never an error
            self.invalid += 1
            self.last_error = f"{key[:12]}: {type(err).__name__}: {err}"
            return None
        if result is not None:
            self.mark_used(key)
        return result

    def mark_used(self, key: str) -> None:
        """Note that this run used entry `key` (pruning keeps it) and refresh its age."""
        self._used.add(key)
        entries.touch(self.entries / key / MANIFEST)

    def read_manifest(self, path: Path) -> dict[str, Any]:
        """The manifest at `path` once its signature is checked; raises on any problem."""
        key = cache_sign.installation_key(self.folder)
        return cache_sign.verified(key, json.loads(path.read_bytes()))

    def put_entry(self, key: str, manifest: dict[str, Any], blobs: dict[str, bytes]) -> None:
        """Store entry `key`, signed (tagging and pruning the folder before the first write)."""
        signed = cache_sign.sign(cache_sign.installation_key(self.folder), manifest)
        self._maintain()
        entries.write_entry(self.entries, key, signed, blobs)
        self._used.add(key)

    def _decode(
        self, manifest: dict[str, Any], key: str, path: Path, display: str, options: IngestOptions
    ) -> InputFile | None:
        if (manifest["format"], manifest["key"]) != (FORMAT, key):
            raise ValueError("entry of another format or key")
        if manifest["version"] != rl_audit.__version__:
            raise ValueError("entry of another rl-audit version")
        if manifest["path_sensitive"] and manifest["path_opd"] != path_opd(
            options.registry, display
        ):
            return None  # the OPD came from the path, which now names another one
        frames = [self._read_frame(self.entries / key, m) for m in manifest["frames"]]
        return codec.decode_file(manifest["file"], frames, path, display)

    @staticmethod
    def _read_frame(folder: Path, meta: dict[str, Any]) -> pd.DataFrame:
        if not _BLOB.fullmatch(meta["name"]):
            raise ValueError("unexpected file name in the manifest")
        data = (folder / meta["name"]).read_bytes()
        if sha(data) != meta["sha256"]:
            raise ValueError(f"{meta['name']} does not match its checksum")
        return codec.frame_from_parquet(data, meta)

    def _store(self, key: str, result: InputFile, options: IngestOptions) -> None:
        try:
            manifest, blobs = _encode(key, result, options)
            self.put_entry(key, manifest, blobs)
        except Exception as err:  # noqa: BLE001 - the cache must never fail a run
            self.not_stored += 1
            self.last_error = f"{result.display}: {type(err).__name__}: {err}"
            return
        self.stored += 1

    def _maintain(self) -> None:
        """Once per object, before the first write: tag the folder and prune it."""
        if self._maintained:
            return
        self._maintained = True
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            write_text_atomic(tag, self.tag)
        self.prune()

    def prune(self, max_age_days: float | None = None, max_mb: float | None = None) -> int:
        """Remove stale entries and temp folders (see the module doc); return entries removed."""
        age_s = 86400.0 * (self.max_age_days if max_age_days is None else max_age_days)
        limit = 1024.0**2 * (self.max_mb if max_mb is None else max_mb)
        return entries.prune_entries(self.entries, self._used, age_s, limit)


def _encode(
    key: str, result: InputFile, options: IngestOptions
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the Parquet blobs of an entry."""
    data, frames = codec.encode_file(result)
    blobs, metas = {}, []
    for i, frame in enumerate(frames):
        blob, meta = codec.frame_to_parquet(frame)
        blobs[f"d{i}.parquet"] = blob
        metas.append({"name": f"d{i}.parquet", "sha256": sha(blob), **meta})
    docs = result.documents()
    manifest = {
        "format": FORMAT,
        "version": rl_audit.__version__,
        "key": key,
        "path_sensitive": any(d.opd is None or d.opd.source == "path" for d in docs),
        "path_opd": path_opd(options.registry, result.display),
        "frames": metas,
        "file": data,
    }
    return manifest, blobs
