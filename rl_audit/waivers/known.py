"""The findings a fingerprint given to `rl-audit waive` must name, and the prefix lookup.

A fingerprint is checked against, in order: the findings of the inputs given with
`waive --input` (checked now, with the config); else those of the last run recorded in
the history (`rl-audit nightly`); else those of the config's `inputs:` (checked now).
A prefix is enough when it names exactly one finding (the reports show the first
characters); the waiver then records the whole fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rl_audit.config import Config
from rl_audit.history.store import open_history
from rl_audit.history.zone import local
from rl_audit.messages import label


@dataclass(frozen=True)
class Known:
    """The fingerprints of some findings and where they came from (shown when none match)."""

    fingerprints: frozenset[str]
    source: str


def matching(prefix: str, fingerprints: Iterable[str]) -> list[str]:
    """The fingerprints that start with `prefix` (case ignored), sorted."""
    start = prefix.strip().lower()
    return sorted({fp for fp in fingerprints if fp.lower().startswith(start)})


def checked(cfg: Config, paths: Sequence[Path], lang: str) -> Known:
    """The fingerprints of a check run now over `paths` (empty: the config's inputs)."""
    from rl_audit.run import CheckRequest, run_check

    report = run_check(CheckRequest(paths=tuple(paths), config=cfg, lang=lang))
    shown = ", ".join(str(p) for p in (paths or cfg.inputs))
    found = frozenset(f.fingerprint for f in report.findings)
    return Known(found, label("waiver_source_inputs", lang, paths=shown))


def recorded(history: Path, cfg: Config, lang: str) -> Known | None:
    """The fingerprints of the last ok run in the history at `history` (None: no such run)."""
    if not history.exists():
        return None
    with open_history(history) as store:
        last = store.last_run()
        if last is None:
            return None
        found = frozenset(store.fingerprints(last.id))
    started = local(last.started_at, cfg.timezone)
    return Known(found, label("waiver_source_run", lang, run=last.id, started=started))


def known_findings(cfg: Config, paths: Sequence[Path], history: Path, lang: str) -> Known | None:
    """The findings to check a fingerprint against (see the module); None when there are none."""
    if paths:
        return checked(cfg, paths, lang)
    found = recorded(history, cfg, lang)
    if found is not None:
        return found
    return checked(cfg, (), lang) if cfg.inputs else None
