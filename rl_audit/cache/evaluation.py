"""A cache of rule evaluation per OPD: an unchanged OPD is not evaluated again.

Used only when asked (`engine.evaluate(..., store=EvalCache(folder))`; the nightly run
does); without it every OPD is evaluated as before. What is cached is exactly what
`evaluate` keeps of one OPD: its rule outcomes, its findings (after `link_repeats`; the
waivers are applied later, to the whole report) and its `OpdRun`.

**Key.** Tool, rules, parameters, run options, the OPD and its documents (file hash,
display path, sheet, kind, frame digest): see `rl_audit.cache.evaluation_key`.

**Period.** Without `--as-of` the period comes from the data; only an OPD without any
date falls back to today. An entry whose period is today (while no `--as-of` was given)
is valid on that day only: later it is a miss and the OPD is evaluated again.

**Storage.** `<folder>/v1/<key>/manifest.json`, JSON only (`rl_audit.cache.evaluation_codec`),
signed with the installation key (`rl_audit.cache.sign`: HMAC-SHA256 with a key kept
outside the cache folder, so whoever can write the folder cannot rewrite an entry
consistently). Entries are written, touched and pruned exactly like those of the
ingest cache (whose storage this module reuses: temp folder renamed into place,
`CACHEDIR.TAG`, pruning by age and size once per object before its first write).
A missing, unreadable, corrupt, unsigned, tampered, stale or other-version entry is a
miss (the OPD is evaluated and the entry rewritten), never an error; a result that does not read
back exactly is not stored. Deleting the folder only causes misses.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rl_audit
from rl_audit.cache import evaluation_codec as codec
from rl_audit.cache.evaluation_codec import Evaluation
from rl_audit.cache.evaluation_key import FORMAT, file_hashes, opd_key, run_fingerprint
from rl_audit.cache.files import MANIFEST, IngestCache
from rl_audit.findings import Finding, OpdRun, RuleOutcome

if TYPE_CHECKING:
    from rl_audit.documents import Document, InputFile, OpdRef
    from rl_audit.engine.options import RunOptions
    from rl_audit.ruleset.load import Rule

_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# rl-audit evaluation cache (safe to delete)\n"


def _why(what: str, err: Exception) -> str:
    """`last_error` text: what failed and how."""
    return f"{what}: {type(err).__name__}: {err}"


class EvalCache:
    """Evaluations of OPDs on disk, keyed by everything they depend on.

    Counters for logs and tests: `hits`, `misses` (the OPD was evaluated), `stored`,
    `invalid` (an entry was found but unusable: corrupt, tampered, other version) and
    `not_stored` (an evaluation that was not cached); `last_error` says why.
    """

    def __init__(self, folder: Path, max_age_days: float = 30.0, max_mb: float = 512.0) -> None:
        """A cache in `folder` (created on first write); pruning limits as the ingest cache."""
        self.folder = Path(folder)
        self.hits = self.misses = self.stored = self.invalid = self.not_stored = 0
        self.last_error: str | None = None
        self._store = IngestCache(self.folder, max_age_days, max_mb, _TAG)  # storage, pruning

    @property
    def entries(self) -> Path:
        """The folder holding this format's entries."""
        return self._store.entries

    def counters(self) -> dict[str, int]:
        """The counters as a dict (for the nightly log)."""
        names = ("hits", "misses", "stored", "invalid", "not_stored")
        return {n: getattr(self, n) for n in names}

    def get(self, key: str) -> Evaluation | None:
        """The cached evaluation under `key`, or None (a miss)."""
        found = self._load(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(
        self,
        key: str,
        outcomes: list[RuleOutcome],
        findings: list[Finding],
        opd_run: OpdRun,
        valid_on: str | None = None,
    ) -> None:
        """Store an evaluation (valid only on the ISO day `valid_on` when given); never raises."""
        evaluation = (outcomes, findings, opd_run)
        try:
            payload = codec.encode(evaluation)
            if not codec.same(codec.decode(json.loads(json.dumps(payload))), evaluation):
                raise ValueError("the evaluation does not read back exactly")
            self._write(key, payload, valid_on)
        except Exception as err:  # noqa: BLE001 - the cache must never fail a run
            self.not_stored += 1
            self.last_error = _why(key[:12], err)
            return
        self.stored += 1

    def fetch(
        self, key: str | None, compute: Callable[[], Evaluation], dated: bool = False
    ) -> Evaluation:
        """The evaluation under `key`, else `compute()`, stored (not with no key).

        `dated`: no `--as-of` was given, so a result whose period is today is valid today only.
        """
        found = None if key is None else self.get(key)
        if found is not None:
            return found
        if key is None:
            self.misses += 1
            self.not_stored += 1
            return compute()
        start = date.today().isoformat()
        result = compute()
        as_of = result[2].as_of
        today = as_of if dated and as_of and start <= as_of <= date.today().isoformat() else None
        self.put(key, *result, valid_on=today)
        return result

    def session(
        self,
        rules: list[Rule],
        params: dict[str, Any],
        options: RunOptions,
        inputs: list[InputFile],
    ) -> EvalSession:
        """The cache as used by one run (the key parts all its OPDs share, computed once)."""
        return EvalSession(self, rules, params, options, inputs)

    def prune(self, max_age_days: float | None = None, max_mb: float | None = None) -> int:
        """Remove entries unused for `max_age_days`, then the oldest beyond `max_mb`."""
        return self._store.prune(max_age_days, max_mb)

    def _load(self, key: str) -> Evaluation | None:
        path = self.entries / key / MANIFEST
        if not path.is_file():
            return None
        try:
            manifest = self._store.read_manifest(path)
            found = self._decode(manifest, key)
        except Exception as err:  # noqa: BLE001 - a bad entry is a miss, never an error
            self.invalid += 1
            self.last_error = _why(key[:12], err)
            return None
        if found is not None:
            self._store.mark_used(key)
        return found

    @staticmethod
    def _decode(manifest: dict[str, Any], key: str) -> Evaluation | None:
        if (manifest["format"], manifest["key"]) != (FORMAT, key):
            raise ValueError("entry of another format or key")
        if manifest["version"] != rl_audit.__version__:
            raise ValueError("entry of another rl-audit version")
        valid_on = manifest["valid_on"]
        if valid_on is not None and valid_on != date.today().isoformat():
            return None  # its period was today, and today has passed
        return codec.decode(manifest["evaluation"])

    def _write(self, key: str, payload: dict[str, Any], valid_on: str | None) -> None:
        manifest = {
            "format": FORMAT,
            "version": rl_audit.__version__,
            "key": key,
            "valid_on": valid_on,
            "evaluation": payload,
        }
        self._store.put_entry(key, manifest, {})


class EvalSession:
    """One run's use of an `EvalCache`: fetch each OPD's evaluation by its key."""

    def __init__(
        self,
        cache: EvalCache,
        rules: list[Rule],
        params: dict[str, Any],
        options: RunOptions,
        inputs: list[InputFile],
    ) -> None:
        """Fingerprint what the run gives every OPD (no key at all when it cannot be)."""
        self.cache = cache
        self.dated = options.as_of is None
        self.hashes = file_hashes(inputs)
        try:
            self.run: str | None = run_fingerprint(rules, params, options)
        except (TypeError, ValueError) as err:
            cache.last_error = _why("run", err)
            self.run = None

    def key(self, opd: OpdRef, docs: list[Document]) -> str | None:
        """The key of one OPD's evaluation, None when its documents cannot be fingerprinted."""
        if self.run is None:
            return None
        try:
            return opd_key(self.run, opd, docs, self.hashes)
        except (TypeError, ValueError) as err:
            self.cache.last_error = _why(opd.code, err)
            return None

    def fetch(
        self, opd: OpdRef, docs: list[Document], compute: Callable[[], Evaluation]
    ) -> Evaluation:
        """The OPD's cached evaluation, else `compute()`, stored."""
        return self.cache.fetch(self.key(opd, docs), compute, self.dated)
