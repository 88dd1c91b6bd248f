"""Accepted exceptions (waivers): findings the Inspektorat has examined and accepts.

The project config names the file (`waivers: waivers.yaml`, relative to the config);
no `waivers:` key means no waivers, a configured file that is missing is an error.
The file (docs/waivers.md)::

    # Pengecualian yang diterima Inspektorat
    waivers:
      - fingerprint: 3f2a9c0d1e2b4a5c6d7e    # one finding, or: rule + opd (+ key)
        reason: Setoran terlambat karena gangguan sistem bank, sudah diklarifikasi
        approved_by: Inspektur Pembantu I
        date: 2025-11-03                     # approval date
        until: 2026-03-31                    # expiry (optional; absent = no expiry)
      - rule: KAS-05
        opd: "1.02.0.00.0.00.01.0000"        # SIPD code, or a registered name/short/alias
        key: "B-0412"                        # optional: one business value of the finding
        reason: …
        approved_by: …
        date: 2025-10-01

Keys: `fingerprint` XOR (`rule` and `opd`, optionally `key`); `reason`, `approved_by`,
`date` required and non-empty; `until` optional, not before `date`; nothing else.
Every value is read as text (`key: 0412` keeps its zero). Errors name the file, the
line and the key: `waivers.yaml:14: waivers[2].until: '2026-13-01' is not a date
(YYYY-MM-DD)`.

Matching (`apply_waivers`): equal fingerprint; or equal rule id and OPD code, and — when
the waiver has a `key` — the key among the finding's `keys` (stripped, casefolded).
A waiver is active up to and including its `until` day.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

from rl_audit import yamlsafe
from rl_audit.catalog.opds import Registry, clean_code, default_registry
from rl_audit.config import Config
from rl_audit.findings import AuditReport, Finding
from rl_audit.waivers.append import DuplicateWaiverError, append_waiver
from rl_audit.waivers.read import Waiver, WaiverFileError, fold, parse_waivers, resolve_opd

__all__ = [
    "DuplicateWaiverError",
    "Waiver",
    "WaiverFileError",
    "append_waiver",
    "apply_waivers",
    "config_waivers",
    "load_waivers",
    "read_waivers",
    "resolve_opd",
    "used_waivers",
    "waivers_path",
]


def waivers_path(value: str | None, config_path: Path | None) -> Path | None:
    """The waivers file a config names (`Config.waivers`, relative to the config file), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    base = config_path.parent if config_path is not None else Path.cwd()
    return base / value


def load_waivers(path: Path, registry: Registry | None = None) -> list[Waiver]:
    """The waivers in `path`, validated; WaiverFileError (file, line, key) when invalid.

    `registry` (the config's OPD registry; default: the shipped one) lets `opd:` be a
    registered name, short name or alias as well as a code. A missing file is an error.
    """
    return read_waivers(path, registry)[0]


def read_waivers(path: Path, registry: Registry | None = None) -> tuple[list[Waiver], str]:
    """`load_waivers` and the SHA-256 of the bytes it read (recorded in the report)."""
    try:
        raw = yamlsafe.read_bytes(path)
        text = yamlsafe.decode(raw, str(path))
    except yamlsafe.YamlError as err:
        raise WaiverFileError(str(err)) from err
    found = parse_waivers(text, str(path), path.name, registry or default_registry())
    return found, hashlib.sha256(raw).hexdigest()


def config_waivers(config: Config) -> list[Waiver]:
    """The waivers of the config's `waivers:` file ([] when the key is absent).

    A configured file that does not exist yet holds no waivers (`rl-audit waive` creates
    it); an invalid one raises WaiverFileError (exit 3).
    """
    return used_waivers(config)[0]


def used_waivers(config: Config) -> tuple[list[Waiver], Path | None, str | None]:
    """The config's waivers, the file they come from and its SHA-256.

    (path, None) when the configured file does not exist yet; (None, None) without
    a `waivers:` key.
    """
    path = waivers_path(config.waivers, config.path)
    if path is None or not path.exists():
        return [], path, None
    found, digest = read_waivers(path, config.registry)
    return found, path, digest


Table = dict[tuple[str, ...], list[int]]


def _table(waivers: list[Waiver]) -> tuple[Table, set[tuple[str, ...]]]:
    """Waiver positions by what they match, and the (rule, opd) groups that have keyed ones."""
    table: Table = defaultdict(list)
    for n, w in enumerate(waivers):
        table[_lookup(w)].append(n)
    keyed: set[tuple[str, ...]] = {entry[:2] for entry in table if len(entry) == 3}
    return table, keyed


def _lookup(w: Waiver) -> tuple[str, ...]:
    """The table entry a waiver matches: ("fp", fingerprint), (rule, opd) or (rule, opd, key)."""
    if w.fingerprint:
        return ("fp", w.fingerprint)
    group = (fold(w.rule_id or ""), w.opd or "")
    return (*group, fold(w.key)) if w.key else group


def _candidates(f: Finding, table: Table, keyed: set[tuple[str, ...]]) -> list[int]:
    """Positions of the waivers matching a finding, in file order (a join on its entries)."""
    found = list(table.get(("fp", fold(f.fingerprint)), ()))
    if f.opd is not None:
        group = (fold(f.rule_id), clean_code(f.opd.code))
        found += table.get(group, ())
        if group in keyed:
            found += [n for key in {fold(k) for k in f.keys} for n in table.get((*group, key), ())]
    return sorted(found)


def _rank(w: Waiver) -> int:
    """The most specific waiver wins: fingerprint, then rule + opd + key, then rule + opd."""
    return 0 if w.fingerprint else 1 if w.key else 2


def _choose(candidates: list[Waiver], today: date) -> Waiver:
    """The waiver that decides a finding: an active one if any, else the last to expire."""
    active = [w for w in candidates if w.active_on(today)]
    if active:
        return min(active, key=_rank)  # min keeps file order among equals
    return max(candidates, key=lambda w: w.until or date.max)


def _decided(f: Finding, candidates: list[Waiver], today: date) -> Finding:
    if not candidates:
        untouched = f.status == "open" and f.waiver is None
        return f if untouched else replace(f, status="open", waiver=None)
    note = _choose(candidates, today).note(today)
    return replace(f, status="open" if note.expired else "waived", waiver=note)


def apply_waivers(report: AuditReport, waivers: list[Waiver], today: date) -> None:
    """Mark `report.findings` waived / expired and set `report.stale_waivers`, in place.

    A finding matched by an active waiver (no `until`, or `today` ≤ `until`) becomes
    `status="waived"` with a `WaiverNote(expired=False)`; matched only by expired
    waivers it stays `open` with `WaiverNote(expired=True)` (reports say "expired on
    …"); unmatched findings are reset to open without note, so applying twice is
    harmless. Waivers matching no finding (expired or not) become `report.stale_waivers`,
    in file order. Call it before scoring (`rl_audit.engine.scoring.summarise` skips
    non-open findings). Cost: a join of the findings against a table of the waivers (a
    lookup or two per finding) for the rules a waiver names (all, with fingerprint
    waivers); a finding of another rule is kept as it is; only waived findings are rebuilt.
    """
    report.stale_waivers = []
    if not waivers and all(f.status == "open" and f.waiver is None for f in report.findings):
        return  # nothing to waive, nothing to reset
    table, keyed = _table(waivers)
    named = {entry[0] for entry in table if entry[0] != "fp"}  # folded rule ids
    by_fp = any(entry[0] == "fp" for entry in table)
    rules: dict[str, bool] = {}  # rule id -> some waiver names it
    used: set[int] = set()
    decided = []
    for f in report.findings:
        if f.rule_id not in rules:
            rules[f.rule_id] = fold(f.rule_id) in named
        if not (by_fp or rules[f.rule_id]) and f.status == "open" and f.waiver is None:
            decided.append(f)  # no waiver can match it, nothing to reset
            continue
        hits = _candidates(f, table, keyed)
        used.update(hits)
        decided.append(_decided(f, [waivers[n] for n in hits], today))
    report.findings = decided
    report.stale_waivers = [w.stale() for n, w in enumerate(waivers) if n not in used]
