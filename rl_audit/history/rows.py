"""The rows of one recorded run: runs, inputs, findings, opd_scores and focus_figures.

Written for rl_audit.history.store.

Called inside the caller's transaction, so a run is written all or nothing. Money goes in
as integer sen; `runs.findings` counts the open findings, the findings table holds every
finding with its status (open or waived).
"""

from __future__ import annotations

import json
import sqlite3

from rl_audit import __version__
from rl_audit.documents import InputFile
from rl_audit.findings import AuditReport, Finding, OpdSummary
from rl_audit.history.compare import OPEN
from rl_audit.history.focus import insert_focus

SEVERITIES = ("high", "medium", "low", "info")


def write_run(
    conn: sqlite3.Connection, report: AuditReport, started_at: str, finished_at: str, status: str
) -> int:
    """Insert a run with its inputs, findings, OPD scores, focus figures (caller's transaction)."""
    run_id = insert_run(conn, report, started_at, finished_at, status)
    insert_inputs(conn, run_id, report.inputs)
    insert_findings(conn, run_id, report.findings)
    insert_scores(conn, run_id, report.opds)
    insert_focus(conn, run_id, report.focus)
    return run_id


def insert_run(
    conn: sqlite3.Connection, report: AuditReport, started_at: str, finished_at: str, status: str
) -> int:
    """The runs row; its id."""
    rule_sets = [{"name": r.name, "version": r.version, "rules": r.rules} for r in report.rule_sets]
    cursor = conn.execute(
        "INSERT INTO runs (started_at, finished_at, status, tool_version, rule_sets, year,"
        " as_of, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            started_at,
            finished_at,
            status,
            __version__,
            json.dumps(rule_sets, ensure_ascii=False),
            report.year,
            report.as_of,
            sum(f.status == OPEN for f in report.findings),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_inputs(conn: sqlite3.Connection, run_id: int, inputs: list[InputFile]) -> None:
    """One inputs row per input file."""
    conn.executemany(
        "INSERT INTO inputs (run_id, file, sha256, status) VALUES (?, ?, ?, ?)",
        [(run_id, i.display, i.sha256, i.status) for i in inputs],
    )


def insert_findings(conn: sqlite3.Connection, run_id: int, findings: list[Finding]) -> None:
    """One findings row per finding (open or waived): one `executemany` fed by a generator.

    The rows are produced as SQLite takes them, never held as one list beside the findings.
    """
    conn.executemany(
        "INSERT INTO findings (run_id, fingerprint, rule_id, bpk_code, opd_code, opd_name,"
        " severity, amount_sen, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                run_id,
                f.fingerprint,
                f.rule_id,
                f.bpk_code,
                f.opd.code if f.opd else None,
                f.opd.name if f.opd else None,
                f.severity.value,
                f.amount_sen,
                f.status,
            )
            for f in findings
        ),
    )


def insert_scores(conn: sqlite3.Connection, run_id: int, opds: list[OpdSummary]) -> None:
    """One opd_scores row per scored OPD summary, in the report's order (`?` has no score)."""
    conn.executemany(
        "INSERT INTO opd_scores (run_id, position, code, name, score, band, amount_sen,"
        " high, medium, low, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                run_id,
                n,
                s.opd.code,
                s.opd.name,
                s.score,
                s.band,
                s.amount_sen,
                *(s.counts.get(sev, 0) for sev in SEVERITIES),
            )
            for n, s in enumerate(opds)
            if s.score is not None
        ],
    )
