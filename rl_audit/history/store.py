"""The run history: an embedded SQLite database of runs, findings and OPD scores.

`open_history(path)` gives a `History` (a context manager). `record` writes one run with
its inputs, findings, OPD scores and focus figures in one transaction; `compare` sets a
report against a recorded run by finding fingerprint (rl_audit.history.compare); `trend`
and `runs` read scores over time, `focus_month_before` the focus group a month earlier.
Money is integer sen in the database, rupiah only in `runs()` output. One writer at a
time (WAL: readers never wait); the nightly runner also takes a file lock. The file
itself (creation, checks, migrations, errors) is rl_audit.history.schema, the rows of a
run rl_audit.history.rows, the focus figures rl_audit.history.focus.

Recovery from a corrupt database (the `HistoryError` says so too): move the file aside
(e.g. rename it to `rl-audit.sqlite.corrupt`, with its `-wal` and `-shm` files if present:
a stale WAL must not meet a new database) and run again; a new history starts and the
reports folders are untouched.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rl_audit.figures import FocusGroup
from rl_audit.findings import AuditReport, RuleSetInfo
from rl_audit.history.changes import Changes, TrendPoint
from rl_audit.history.compare import OPEN, PreviousRun, diff
from rl_audit.history.focus import month_before, read_focus
from rl_audit.history.rows import write_run
from rl_audit.history.schema import HistoryError, connect, guard
from rl_audit.history.zone import DEFAULT_ZONE

__all__ = ["History", "HistoryError", "RunInfo", "open_history"]

RUN_STATUSES = ("ok", "failed")


@dataclass(frozen=True)
class RunInfo:
    """One recorded run (`findings`: its open findings)."""

    id: int
    started_at: str
    finished_at: str
    status: str
    tool_version: str
    rule_sets: tuple[RuleSetInfo, ...]
    year: int | None
    as_of: str | None
    findings: int


def open_history(path: Path) -> History:
    """Open (creating and migrating as needed) the history database at `path`."""
    return History(connect(path), path)


class History:
    """An open history database; close it (or use `with`) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn, self.path = conn, path

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    @contextmanager
    def _transaction(self, mode: str) -> Iterator[sqlite3.Connection]:
        """BEGIN `mode` … COMMIT, rolled back on any error (sqlite3 errors → HistoryError)."""
        with guard(self.path):
            self._conn.execute(f"BEGIN {mode}")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def record(
        self, report: AuditReport, started_at: str, finished_at: str, status: str = "ok"
    ) -> int:
        """Record a run with its inputs, findings and OPD scores, all or nothing; its id."""
        _check_time(started_at, "started_at")
        _check_time(finished_at, "finished_at")
        if status not in RUN_STATUSES:
            raise ValueError(f"status must be one of {', '.join(RUN_STATUSES)}: {status!r}")
        with self._transaction("IMMEDIATE") as conn:
            return write_run(conn, report, started_at, finished_at, status)

    def forget(self, run_id: int) -> None:
        """Delete run `run_id` with its inputs, findings and scores (a publish that failed)."""
        with self._transaction("IMMEDIATE") as conn:
            conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))

    def last_run(self, status: str = "ok") -> RunInfo | None:
        """The latest recorded run with `status` (None when there is none)."""
        with self._transaction("DEFERRED") as conn:
            row = conn.execute(
                "SELECT * FROM runs WHERE status = ? ORDER BY id DESC LIMIT 1", (status,)
            ).fetchone()
        return None if row is None else _run_info(row)

    def fingerprints(self, run_id: int) -> list[str]:
        """The fingerprints of run `run_id`'s findings, open and waived (`rl-audit waive`)."""
        with self._transaction("DEFERRED") as conn:
            rows = conn.execute(
                "SELECT DISTINCT fingerprint FROM findings WHERE run_id = ?", (run_id,)
            ).fetchall()
        return [row["fingerprint"] for row in rows]

    def compare(self, report: AuditReport, previous_run_id: int | None) -> Changes:
        """The report's open findings against run `previous_run_id` (None: all new)."""
        if previous_run_id is None:
            return diff(report, None)
        return diff(report, self._previous(previous_run_id))

    def _previous(self, run_id: int) -> PreviousRun:
        """A recorded run's open findings, OPD names and scores."""
        with self._transaction("DEFERRED") as conn:
            run = conn.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()
            if run is None:
                raise HistoryError("history_unknown_run", self.path, run=run_id)
            found = conn.execute(
                "SELECT opd_code, opd_name, fingerprint FROM findings"
                " WHERE run_id = ? AND status = ?",
                (run_id, OPEN),
            ).fetchall()
            scores = conn.execute(
                "SELECT code, name, score, amount_sen FROM opd_scores WHERE run_id = ?", (run_id,)
            ).fetchall()
        names = {r["opd_code"]: r["opd_name"] or r["opd_code"] for r in found if r["opd_code"]}
        names.update({r["code"]: r["name"] for r in scores})
        return PreviousRun(
            started_at=run["started_at"],
            findings=Counter((r["opd_code"], r["fingerprint"]) for r in found),
            names=names,
            scores={r["code"]: (r["score"], r["amount_sen"]) for r in scores},
        )

    def focus(self, run_id: int) -> FocusGroup | None:
        """Run `run_id`'s recorded focus group (None when it has none)."""
        with self._transaction("DEFERRED") as conn:
            return read_focus(conn, run_id)

    def focus_month_before(self, day: date, tz: str = DEFAULT_ZONE) -> FocusGroup | None:
        """The focus group of the latest ok run dated on or before `day` minus one month.

        A run's date is its `as_of`, else the date it started in zone `tz`; each side's
        `previous_as_of` is that date (rl_audit.history.focus.month_before).
        """
        with self._transaction("DEFERRED") as conn:
            return month_before(conn, day, tz)

    def trend(
        self, codes: list[str] | None = None, since: str | None = None
    ) -> dict[str, list[TrendPoint]]:
        """Score and money at risk per OPD over the ok runs, oldest first."""
        with self._transaction("DEFERRED") as conn:
            rows = conn.execute(
                "SELECT r.started_at, s.code, s.score, s.amount_sen FROM opd_scores s"
                " JOIN runs r ON r.id = s.run_id"
                " WHERE r.status = 'ok' AND substr(r.started_at, 1, 10) >= ?"
                " ORDER BY r.id, s.position",
                (_since(since),),
            ).fetchall()
        out: dict[str, list[TrendPoint]] = {}
        for row in rows:
            if codes is None or row["code"] in codes:
                point = TrendPoint(row["started_at"], row["score"], row["amount_sen"])
                out.setdefault(row["code"], []).append(point)
        return out

    def runs(self, opd: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
        """Runs as `rl-audit history --format json` lists them, newest last."""
        day = _since(since)
        with self._transaction("DEFERRED") as conn:
            runs = conn.execute(
                "SELECT id, started_at, status, findings FROM runs"
                " WHERE substr(started_at, 1, 10) >= ? ORDER BY id",
                (day,),
            ).fetchall()
            scores = conn.execute(
                "SELECT s.run_id, s.code, s.name, s.score, s.amount_sen FROM opd_scores s"
                " JOIN runs r ON r.id = s.run_id"
                " WHERE substr(r.started_at, 1, 10) >= ? AND (? IS NULL OR s.code = ?)"
                " ORDER BY s.run_id, s.position",
                (day, opd, opd),
            ).fetchall()
        opds: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for s in scores:
            opds[s["run_id"]].append(
                {
                    "code": s["code"],
                    "name": s["name"],
                    "score": s["score"],
                    "amount_at_risk": s["amount_sen"] / 100,
                }
            )
        return [
            {
                "id": r["id"],
                "started_at": r["started_at"],
                "status": r["status"],
                "findings": r["findings"],
                "opds": opds.get(r["id"], []),
            }
            for r in runs
            if opd is None or r["id"] in opds
        ]


def _check_time(value: str, name: str) -> None:
    """Refuse a time that is not ISO 8601 with a UTC offset."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an ISO 8601 time with offset: {value!r}") from exc
    if parsed.tzinfo is None:
        raise ValueError(f"{name} must carry a UTC offset: {value!r}")


def _since(since: str | None) -> str:
    """An ISO date to compare run start dates with ("" keeps every run)."""
    return "" if since is None else date.fromisoformat(since).isoformat()


def _run_info(row: sqlite3.Row) -> RunInfo:
    """A runs row as a RunInfo."""
    rule_sets = tuple(
        RuleSetInfo(r["name"], r["version"], r["rules"]) for r in json.loads(row["rule_sets"])
    )
    return RunInfo(
        id=row["id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        tool_version=row["tool_version"],
        rule_sets=rule_sets,
        year=row["year"],
        as_of=row["as_of"],
        findings=row["findings"],
    )
