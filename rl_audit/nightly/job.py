"""The unattended nightly run: lock, check, dated report folder, history, retention.

    reports/
      2026-11-28/        report.json, report.xlsx, report.html, annotated/, rl-audit.log
      latest -> 2026-11-28
    rl-audit.sqlite      the history (runs, findings, OPD scores)

One writer at a time: a file lock beside the history database; a second run waits
`lock_wait_seconds` and then gives up (`LockedError`, exit 4). The day's folder is
built under a hidden temporary name; the history transaction commits, and only then
is the folder renamed into place. If the commit fails nothing is published; if the
rename fails the run just recorded is deleted from the history again. Either way the
previous folders, `latest` and the history stay as they were, as after a crash or
kill; leftovers of a killed run are cleaned up by the next one.

The run never reads what it writes: its reports folder, cache folder and history file
are left out of the inputs even when an input folder holds them (`inputs: [.]`).
Logging never prints a traceback: a log write that fails (a full disk) is reported in
one line on stderr, once, and the run goes on.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from rl_audit.config import Config
from rl_audit.findings import AuditReport
from rl_audit.history import zone
from rl_audit.history.changes import TrendPoint
from rl_audit.history.store import History, HistoryError, open_history
from rl_audit.messages import label
from rl_audit.nightly.focus import with_month_before
from rl_audit.nightly.log import log_to
from rl_audit.report.bounds import MAX_LOCATIONS
from rl_audit.report.writers import writer
from rl_audit.run import CheckRequest, exit_code, run_check, with_caches

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOG_NAME = "rl-audit.log"
log = logging.getLogger("rl_audit.nightly.job")


class LockedError(Exception):
    """Another nightly run holds the lock and did not finish within the wait."""


class NoInputsError(Exception):
    """Nothing to check; `args[0]` is the label key that says why.

    `nightly_no_inputs`: the config names no inputs; `nightly_unreadable`: none could be read.
    """


@dataclass(frozen=True)
class NightlySettings:
    """Where the nightly run reads and writes, resolved against the config's folder."""

    reports: Path
    history: Path
    cache: Path | None
    keep: int = 30
    lock_wait: float = 60.0
    formats: tuple[str, ...] = ("html", "json", "xlsx")
    annotate: bool = True
    fail_on: str = "never"


def settings(cfg: Config) -> NightlySettings:
    """The nightly settings of a config (defaults beside the config file)."""
    base = cfg.path.parent if cfg.path else Path.cwd()
    night = cfg.nightly
    return NightlySettings(
        reports=base / cfg.reports,
        history=base / cfg.history,
        cache=None if night.cache is None else base / night.cache,
        keep=night.keep_reports,
        lock_wait=night.lock_wait_seconds,
        formats=night.formats,
        annotate=night.annotate,
        fail_on=night.fail_on,
    )


@dataclass
class NightlyResult:
    """What a nightly run produced."""

    folder: Path
    report: AuditReport
    run_id: int
    exit_code: int
    cache: dict[str, int] = field(default_factory=dict)  # hits, …, eval_hits, … of the caches


def run_nightly(cfg: Config, lang: str = "id", now: datetime | None = None) -> NightlyResult:
    """Take the lock, run, publish; LockedError when another run keeps the lock."""
    s = settings(cfg)
    if not cfg.inputs:
        raise NoInputsError("nightly_no_inputs")
    s.reports.mkdir(parents=True, exist_ok=True)
    s.history.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(s.history) + ".lock", timeout=s.lock_wait)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(str(s.history) + ".lock") from None
    try:
        return _locked_run(cfg, s, lang, now or zone.now(cfg.timezone))
    finally:
        lock.release()


def _locked_run(cfg: Config, s: NightlySettings, lang: str, now: datetime) -> NightlyResult:
    """The run itself, under the lock."""
    recover(s.reports)
    started = now.isoformat(timespec="seconds")
    stage = Path(tempfile.mkdtemp(prefix=".tmp-", dir=s.reports))
    handler = log_to(stage / LOG_NAME, lang)
    request = _request(cfg, s, lang)
    try:
        report, run_id, folder = _check_and_publish(cfg, request, s, started, stage)
    finally:
        logging.getLogger("rl_audit").removeHandler(handler)
        handler.close()
        shutil.rmtree(stage, ignore_errors=True)
    point_latest(s.reports, folder)
    prune(s.reports, s.keep, keep_also=folder)
    counters = _counters(request)
    return NightlyResult(folder, report, run_id, exit_code(report, s.fail_on), counters)


def _check_and_publish(
    cfg: Config, request: CheckRequest, s: NightlySettings, started: str, stage: Path
) -> tuple[AuditReport, int, Path]:
    """Check, compare with the history, write the stage folder, publish it, record."""
    log.info("nightly run started %s; inputs: %s", started, ", ".join(map(str, cfg.inputs)))
    report = run_check(request)
    log.info("%d inputs, %d findings", len(report.inputs), len(report.findings))
    if request.cache is not None:
        log.info("ingest cache: %s", request.cache.counters())
    if request.eval_cache is not None:
        log.info("evaluation cache: %s", request.eval_cache.counters())
    if all(f.status == "error" for f in report.inputs):
        raise NoInputsError("nightly_unreadable")
    with open_history(s.history) as history:
        previous = history.last_run()
        report.changes = history.compare(report, previous.id if previous else None)
        report.trend = _trend(history.trend(), report, started)
        report.focus = with_month_before(history, report, started, request.config.timezone)
        write_folder(report, stage, s, request.lang, request.config.max_locations)
        finished = zone.stamp(request.config.timezone)
        run_id = history.record(report, started, finished)
        log.info("history run %d recorded", run_id)
        folder = _publish_recorded(history, run_id, stage, s.reports / started[:10], request)
    return report, run_id, folder


def _publish_recorded(
    history: History, run_id: int, stage: Path, target: Path, request: CheckRequest
) -> Path:
    """Publish the folder of run `run_id` (just committed); if that fails, forget the run."""
    try:
        return publish(stage, target)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        log.error("publishing %s failed: %s; run %d taken out again", target, detail, run_id)
        try:
            history.forget(run_id)
        except HistoryError as undo:
            raise undo from exc
        text = label("nightly_unpublished", request.lang, path=target, detail=detail, run=run_id)
        raise OSError(exc.errno, text) from exc


def _request(cfg: Config, s: NightlySettings, lang: str) -> CheckRequest:
    """The check of the configured inputs, with the ingest and evaluation caches when configured.

    Ingest entries live in `<cache>/v<N>/`, evaluation entries in `<cache>/eval/v<N>/`.
    The reports folder, the history file and the cache are never read as inputs.
    """
    own = tuple(p for p in (s.reports, s.history, s.cache) if p is not None)
    return with_caches(CheckRequest(paths=(), config=cfg, lang=lang, exclude=own), s.cache)


def _counters(request: CheckRequest) -> dict[str, int]:
    """The ingest cache's counters and the evaluation cache's, the latter as `eval_<name>`."""
    counters = request.cache.counters() if request.cache is not None else {}
    if request.eval_cache is not None:
        counters |= {f"eval_{k}": v for k, v in request.eval_cache.counters().items()}
    return counters


def _trend(
    past: dict[str, list[TrendPoint]], report: AuditReport, started: str
) -> dict[str, list[TrendPoint]]:
    """The recorded trend per OPD plus this run's point."""
    trend = {code: list(points) for code, points in past.items()}
    for s in report.opds:
        if s.score is not None:  # the unknown OPD has no score
            trend.setdefault(s.opd.code, []).append(TrendPoint(started, s.score, s.amount_sen))
    return trend


def write_folder(
    report: AuditReport, folder: Path, s: NightlySettings, lang: str, cap: int = MAX_LOCATIONS
) -> None:
    """Every configured report file (and the annotated copies) into `folder`.

    `cap`: findings the HTML lists per rule and OPD (config `report: max_locations`).
    """
    copies = None
    if s.annotate:  # first, so report.xlsx can link each finding to its marked cell
        from rl_audit.report.annotate.workbook import annotate

        result = annotate(report, folder / "annotated", lang)
        copies = result.copies
        for problem in result.problems:
            log.warning("annotate: %s", problem)
    for fmt in s.formats:
        writer(fmt, cap, copies)(report, folder / f"report.{fmt}", lang)
        log.info("written report.%s", fmt)


def publish(stage: Path, target: Path) -> Path:
    """Rename the complete `stage` folder to `target` (replacing a same-day folder).

    When the rename fails, a same-day folder moved aside is put back before raising.
    """
    old = target.with_name(f".old-{target.name}")
    displaced = target.exists()
    os.chmod(stage, 0o777 & ~current_umask())  # mkdtemp made it 0700: as the umask allows
    if displaced:
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    try:
        os.replace(stage, target)
    except OSError:
        if displaced:
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def current_umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def point_latest(reports: Path, folder: Path) -> None:
    """Make `reports/latest` point at `folder` (a relative symlink, replaced atomically)."""
    tmp = reports / f".latest-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(folder.name, tmp, target_is_directory=True)
    os.replace(tmp, reports / "latest")


def recover(reports: Path) -> None:
    """Clean up after a killed run: stale temporary folders go, a displaced day comes back."""
    for item in reports.glob(".tmp-*"):
        shutil.rmtree(item, ignore_errors=True)
    for old in reports.glob(".old-*"):
        day = reports / old.name.removeprefix(".old-")
        if day.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, day)


def prune(reports: Path, keep: int, keep_also: Path | None = None) -> list[Path]:
    """Delete dated folders beyond the newest `keep` (never `keep_also`); return them."""
    days = sorted((p for p in reports.iterdir() if p.is_dir() and DAY.match(p.name)), reverse=True)
    gone = [p for p in days[keep:] if p != keep_also]
    for path in gone:
        shutil.rmtree(path, ignore_errors=True)
    return gone
