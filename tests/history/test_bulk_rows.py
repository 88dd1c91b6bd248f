"""Recording a findings-heavy run: one `executemany`, streamed, every row as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from rl_audit.history import rows as history_rows
from rl_audit.history.schema import connect
from tests.history.test_store import T1, make_report

COUNT = 20_000


class Spy:
    """A connection that notes each `executemany` (statement, row count, batch type)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.batches: list[tuple[str, int, type]] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        kind = type(rows)
        materialised = list(rows)
        self.batches.append((sql.split("(")[0].strip(), len(materialised), kind))
        return self.conn.executemany(sql, materialised)


def test_findings_go_in_with_one_executemany_fed_by_a_generator(tmp_path: Path) -> None:
    amounts = {f"fp{i:05d}": (i * 7 if i % 3 else None) for i in range(COUNT)}
    report = make_report({"A": (50.0, amounts)}, waived={"w1": "A"})
    conn = connect(tmp_path / "h.sqlite")
    spy = Spy(conn)
    conn.execute("BEGIN IMMEDIATE")
    run_id = history_rows.write_run(spy, report, T1, T1, "ok")  # type: ignore[arg-type]
    conn.execute("COMMIT")
    finding_batches = [b for b in spy.batches if b[0] == "INSERT INTO findings"]
    assert [(n, kind.__name__) for _, n, kind in finding_batches] == [(COUNT + 1, "generator")]
    stored = conn.execute(
        "SELECT fingerprint, amount_sen, status FROM findings WHERE run_id = ? ORDER BY rowid",
        (run_id,),
    ).fetchall()
    expected = [(f.fingerprint, f.amount_sen, f.status) for f in report.findings]
    assert [tuple(r) for r in stored] == expected
    opened = conn.execute("SELECT findings FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
    assert opened == COUNT  # the waived one is stored but not counted open
    conn.close()
