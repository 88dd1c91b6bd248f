"""The run history database (rl_audit.history.store): recording, comparing, trends, robustness."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from rl_audit import __version__
from rl_audit.config import Config
from rl_audit.documents import InputFile, OpdRef
from rl_audit.engine.scoring import band
from rl_audit.findings import AuditReport, Finding, OpdSummary, RuleSetInfo, Severity
from rl_audit.history import rows as history_rows
from rl_audit.history import schema as history_schema
from rl_audit.history.changes import TrendPoint
from rl_audit.history.store import History, HistoryError, RunInfo, open_history
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parent.parents[1] / "samples"
NAMES = {"A": "Dinas A", "B": "Dinas B", "C": "Dinas C", "D": "Dinas D"}
T1, T2, T3 = ("2026-11-25T02:00:05+07:00", "2026-11-26T02:00:04+07:00", "2026-11-27T02:00:03+07:00")
SHA = "ab" * 32

# code -> (score, {fingerprint: amount_sen or None})
Spec = dict[str, tuple[float, dict[str, int | None]]]


def finding(code: str, fingerprint: str, amount_sen: int | None, status: str = "open") -> Finding:
    return Finding(
        rule_id="KTR-01",
        bpk_code="1.01.02",
        severity=Severity.MEDIUM,
        opd=OpdRef(code, NAMES[code]),
        document="kontrak",
        title="t",
        message="m",
        amount_sen=amount_sen,
        locations=(),
        fingerprint=fingerprint,
        status=status,
    )


def summary(code: str, score: float, found: list[Finding]) -> OpdSummary:
    open_ = [f for f in found if f.status == "open"]
    counts = {"high": 0, "medium": len(open_), "low": 0, "info": 0}
    amount = sum(f.amount_sen or 0 for f in open_)
    ref = OpdRef(code, NAMES[code])
    return OpdSummary(ref, score, band(score), (), counts, amount, None, None, 2025, "2025-12-31")


def make_report(spec: Spec, waived: dict[str, str] | None = None) -> AuditReport:
    """A report with the given open findings (and waived ones: fingerprint -> OPD) per OPD."""
    findings, opds = [], []
    for code, (score, amounts) in spec.items():
        mine = [finding(code, fp, sen) for fp, sen in amounts.items()]
        mine += [finding(c, fp, 500, "waived") for fp, c in (waived or {}).items() if c == code]
        findings += mine
        opds.append(summary(code, score, mine))
    inputs = [InputFile(Path(f"in/{c}.xlsx"), f"in/{c}.xlsx", SHA, "ok") for c in spec]
    inputs.append(InputFile(Path("in/rusak.xlsx"), "in/rusak.xlsx", None, "error"))
    rule_sets = [RuleSetInfo("bpk-wtp", "2025.1", 34)]
    return AuditReport(T1, 2025, "2025-12-31", rule_sets, inputs, findings=findings, opds=opds)


RUN1: Spec = {
    "A": (72.1, {"a1": 100_000, "a2": 250_050, "a3": None}),
    "B": (90.0, {"b1": 1_234_567_89}),
}
# a3 fixed, a4 added in A; B unchanged and better scored; C appears
RUN2: Spec = {
    "A": (81.3, {"a1": 100_000, "a2": 250_050, "a4": 7_00}),
    "B": (91.5, {"b1": 1_234_567_89}),
    "C": (100.0, {}),
}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "hist" / "rl-audit.sqlite"


@pytest.fixture()
def hist(db: Path):
    with open_history(db) as h:
        yield h


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def by_code(changes) -> dict:
    return {c.opd.code: c for c in changes.per_opd}


# --- comparing ------------------------------------------------------------------------


def test_first_run_everything_new(hist: History) -> None:
    changes = hist.compare(make_report(RUN1), None)
    assert changes.previous_run is None
    assert (changes.new, changes.resolved, changes.persisting) == (4, 0, 0)
    assert changes.new_fingerprints == {"a1", "a2", "a3", "b1"}
    per = by_code(changes)
    assert [c.opd.code for c in changes.per_opd] == ["A", "B"]
    assert (per["A"].new, per["A"].resolved, per["A"].persisting) == (3, 0, 0)
    assert per["A"].score_delta is None and per["A"].amount_delta_sen is None
    assert per["B"].opd == OpdRef("B", "Dinas B")


def test_second_run_one_fixed_one_added(hist: History) -> None:
    run1 = hist.record(make_report(RUN1), T1, T1)
    changes = hist.compare(make_report(RUN2), run1)
    assert changes.previous_run == T1
    assert (changes.new, changes.resolved, changes.persisting) == (1, 1, 3)
    assert changes.new_fingerprints == {"a4"}
    per = by_code(changes)
    a, b, c = per["A"], per["B"], per["C"]
    assert (a.new, a.resolved, a.persisting) == (1, 1, 2)
    assert a.score_delta == 9.2  # 81.3 − 72.1, not 9.199999…
    assert a.amount_delta_sen == 7_00  # a3 had no amount, a4 carries Rp 7
    assert (b.new, b.resolved, b.persisting, b.score_delta, b.amount_delta_sen) == (0, 0, 1, 1.5, 0)
    assert (c.new, c.resolved, c.persisting, c.score_delta, c.amount_delta_sen) == (
        0,
        0,
        0,
        None,
        None,
    )


def test_opd_that_disappeared_has_its_findings_resolved(hist: History) -> None:
    run2 = hist.record(make_report(RUN2 | {"D": (60.0, {"d1": 5, "d2": 6})}), T2, T2)
    changes = hist.compare(make_report({"A": RUN2["A"]}), run2)
    per = by_code(changes)
    assert [c.opd.code for c in changes.per_opd] == ["A", "B", "C", "D"]
    assert per["D"].opd == OpdRef("D", "Dinas D")
    assert (per["D"].new, per["D"].resolved, per["D"].persisting) == (0, 2, 0)
    assert per["D"].score_delta is None and per["D"].amount_delta_sen is None
    assert (changes.new, changes.resolved, changes.persisting) == (0, 3, 3)


def test_waived_findings_are_neither_new_nor_persisting(hist: History) -> None:
    run1 = hist.record(make_report(RUN1, waived={"w1": "A"}), T1, T1)
    # w1 still waived: not counted; a3 open then, waived now: waived, not resolved (issue 19)
    now = make_report({"A": (80.0, {"a1": 100_000, "a2": 250_050})}, {"w1": "A", "a3": "A"})
    changes = hist.compare(now, run1)
    per = by_code(changes)
    assert (per["A"].new, per["A"].resolved, per["A"].persisting, per["A"].waived) == (0, 0, 2, 1)
    assert changes.waived == 1


def test_compare_with_unknown_run_is_a_history_error(hist: History, db: Path) -> None:
    with pytest.raises(HistoryError) as err:
        hist.compare(make_report(RUN1), 42)
    assert "42" in str(err.value) and str(db) in str(err.value)


# --- recording --------------------------------------------------------------------------


def test_three_runs_and_their_rows(hist: History, db: Path) -> None:
    ids = [
        hist.record(make_report(RUN1), T1, "2026-11-25T02:00:09+07:00"),
        hist.record(make_report(RUN2), T2, T2),
        hist.record(make_report(RUN2, waived={"w": "C"}), T3, T3, status="failed"),
    ]
    assert ids == [1, 2, 3]
    assert rows(
        db,
        "SELECT id, started_at, finished_at, status, tool_version, year, as_of,"
        " findings FROM runs ORDER BY id",
    ) == [
        (1, T1, "2026-11-25T02:00:09+07:00", "ok", __version__, 2025, "2025-12-31", 4),
        (2, T2, T2, "ok", __version__, 2025, "2025-12-31", 4),
        (3, T3, T3, "failed", __version__, 2025, "2025-12-31", 4),
    ]
    assert json.loads(rows(db, "SELECT rule_sets FROM runs WHERE id = 1")[0][0]) == [
        {"name": "bpk-wtp", "version": "2025.1", "rules": 34}
    ]
    assert rows(db, "SELECT file, sha256, status FROM inputs WHERE run_id = 1") == [
        ("in/A.xlsx", SHA, "ok"),
        ("in/B.xlsx", SHA, "ok"),
        ("in/rusak.xlsx", None, "error"),
    ]
    assert sorted(
        rows(
            db,
            "SELECT fingerprint, rule_id, bpk_code, opd_code, severity,"
            " amount_sen, status FROM findings WHERE run_id = 1",
        )
    ) == [
        ("a1", "KTR-01", "1.01.02", "A", "medium", 100_000, "open"),
        ("a2", "KTR-01", "1.01.02", "A", "medium", 250_050, "open"),
        ("a3", "KTR-01", "1.01.02", "A", "medium", None, "open"),
        ("b1", "KTR-01", "1.01.02", "B", "medium", 1_234_567_89, "open"),
    ]
    assert rows(db, "SELECT status FROM findings WHERE run_id = 3 AND fingerprint = 'w'") == [
        ("waived",)
    ]
    assert rows(
        db,
        "SELECT code, name, score, band, amount_sen, high, medium, low, info"
        " FROM opd_scores WHERE run_id = 2 ORDER BY position",
    ) == [
        ("A", "Dinas A", 81.3, "perlu_perbaikan", 350_750, 0, 3, 0, 0),
        ("B", "Dinas B", 91.5, "siap", 1_234_567_89, 0, 1, 0, 0),
        ("C", "Dinas C", 100.0, "siap", 0, 0, 0, 0, 0),
    ]
    assert rows(db, "SELECT typeof(amount_sen) FROM opd_scores WHERE run_id = 1") == [
        ("integer",),
        ("integer",),
    ]


def test_last_run(hist: History) -> None:
    assert hist.last_run() is None
    hist.record(make_report(RUN1), T1, T1)
    hist.record(make_report(RUN2), T2, T2)
    hist.record(make_report(RUN2), T3, T3, status="failed")
    last = hist.last_run()
    assert last == RunInfo(
        2,
        T2,
        T2,
        "ok",
        __version__,
        (RuleSetInfo("bpk-wtp", "2025.1", 34),),
        2025,
        "2025-12-31",
        4,
    )
    failed = hist.last_run("failed")
    assert failed is not None and failed.id == 3


@pytest.mark.parametrize(
    ("started", "status"),
    [("2026-11-25T02:00:05", "ok"), ("kemarin", "ok"), (T1, "partial")],
)
def test_record_refuses_bad_time_or_status(hist: History, db: Path, started, status) -> None:
    with pytest.raises(ValueError):
        hist.record(make_report(RUN1), started, T1, status)
    assert rows(db, "SELECT count(*) FROM runs") == [(0,)]


def test_record_is_all_or_nothing(hist: History, db: Path, monkeypatch) -> None:
    hist.record(make_report(RUN1), T1, T1)

    def boom(*args, **kwargs) -> None:
        raise RuntimeError("crash after the run row")

    monkeypatch.setattr(history_rows, "insert_findings", boom)
    with pytest.raises(RuntimeError):
        hist.record(make_report(RUN2), T2, T2)
    assert rows(db, "SELECT id FROM runs") == [(1,)]
    assert rows(db, "SELECT count(*) FROM findings") == [(4,)]
    assert rows(db, "SELECT count(*) FROM inputs") == [(3,)]
    assert rows(db, "SELECT count(*) FROM opd_scores") == [(2,)]
    monkeypatch.undo()
    assert hist.record(make_report(RUN2), T2, T2) == 2  # the connection is still usable


def test_sqlite_failure_while_recording_is_a_history_error(hist: History, db: Path) -> None:
    report = make_report(RUN1)
    report.opds.append(report.opds[0])  # the same OPD twice: primary key violation
    with pytest.raises(HistoryError) as err:
        hist.record(report, T1, T1)
    assert str(db) in str(err.value) and "UNIQUE" in str(err.value)
    assert rows(db, "SELECT count(*) FROM runs") == [(0,)]


# --- reading over time ----------------------------------------------------------------


@pytest.fixture()
def three(hist: History) -> History:
    hist.record(make_report(RUN1), T1, T1)
    hist.record(make_report(RUN2), T2, T2)
    hist.record(make_report({"A": (95.0, {})}), T3, T3)
    return hist


def test_trend_oldest_first_and_filters(three: History) -> None:
    trend = three.trend()
    assert set(trend) == {"A", "B", "C"}
    assert trend["A"] == [
        TrendPoint(T1, 72.1, 350_050),
        TrendPoint(T2, 81.3, 350_750),
        TrendPoint(T3, 95.0, 0),
    ]
    assert trend["C"] == [TrendPoint(T2, 100.0, 0)]
    assert three.trend(["B"]) == {
        "B": [TrendPoint(T1, 90.0, 1_234_567_89), TrendPoint(T2, 91.5, 1_234_567_89)]
    }
    assert three.trend(since="2026-11-26") == {
        "A": [TrendPoint(T2, 81.3, 350_750), TrendPoint(T3, 95.0, 0)],
        "B": [TrendPoint(T2, 91.5, 1_234_567_89)],
        "C": [TrendPoint(T2, 100.0, 0)],
    }
    assert three.trend(["A"], since="2026-11-27") == {"A": [TrendPoint(T3, 95.0, 0)]}
    assert three.trend(["Z"]) == {}


def test_trend_skips_failed_runs(hist: History) -> None:
    hist.record(make_report(RUN1), T1, T1)
    hist.record(make_report(RUN2), T2, T2, status="failed")
    assert [p.started_at for p in hist.trend()["A"]] == [T1]


def test_runs_json_shape(three: History) -> None:
    runs = three.runs()
    assert runs[0] == {
        "id": 1,
        "started_at": T1,
        "status": "ok",
        "findings": 4,
        "opds": [
            {"code": "A", "name": "Dinas A", "score": 72.1, "amount_at_risk": 3500.5},
            {"code": "B", "name": "Dinas B", "score": 90.0, "amount_at_risk": 1234567.89},
        ],
    }
    assert [r["id"] for r in runs] == [1, 2, 3]  # newest last
    assert [o["code"] for o in runs[1]["opds"]] == ["A", "B", "C"]
    assert json.loads(json.dumps({"runs": runs})) == {"runs": runs}


def test_runs_filters(three: History) -> None:
    only_b = three.runs(opd="B")
    assert [r["id"] for r in only_b] == [1, 2]
    assert all([o["code"] for o in r["opds"]] == ["B"] for r in only_b)
    assert [r["id"] for r in three.runs(since="2026-11-26")] == [2, 3]
    assert [r["id"] for r in three.runs(opd="A", since="2026-11-27")] == [3]
    assert three.runs(opd="Z") == []
    with pytest.raises(ValueError):
        three.runs(since="26/11/2026")


# --- the database file ----------------------------------------------------------------


def test_creates_folder_wal_foreign_keys_and_version(db: Path) -> None:
    with open_history(db) as h:
        assert db.exists()
        assert h._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert h._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db, "PRAGMA user_version") == [(history_schema.schema_version(),)]
    assert rows(db, "PRAGMA application_id") == [(history_schema.APPLICATION_ID,)]
    names = {r[0] for r in rows(db, "SELECT name FROM sqlite_master")}
    assert {"runs", "inputs", "findings", "opd_scores"} <= names
    assert {"findings_run_fingerprint", "opd_scores_code"} <= names


def test_reopening_keeps_data_and_does_not_migrate_again(db: Path, monkeypatch) -> None:
    with open_history(db) as h:
        h.record(make_report(RUN1), T1, T1)

    def no_migration(*args) -> None:
        raise AssertionError("migration applied again")

    monkeypatch.setattr(history_schema, "_apply", no_migration)
    with open_history(db) as h:
        assert [r["id"] for r in h.runs()] == [1]


def test_a_new_migration_is_applied_once(db: Path, monkeypatch) -> None:
    open_history(db).close()
    v2 = "ALTER TABLE runs ADD COLUMN note TEXT;\nCREATE INDEX runs_status ON runs(status);\n"
    monkeypatch.setattr(history_schema, "MIGRATIONS", [*history_schema.MIGRATIONS, v2])
    open_history(db).close()
    open_history(db).close()  # would fail ("duplicate column") if applied twice
    assert rows(db, "PRAGMA user_version") == [(len(history_schema.MIGRATIONS),)]
    assert "note" in [r[1] for r in rows(db, "PRAGMA table_info(runs)")]


def test_a_failing_migration_leaves_the_previous_version(db: Path, monkeypatch) -> None:
    open_history(db).close()
    v2 = "CREATE TABLE extra (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    monkeypatch.setattr(history_schema, "MIGRATIONS", [*history_schema.MIGRATIONS, v2])
    with pytest.raises(HistoryError, match="nowhere"):
        open_history(db)
    assert rows(db, "PRAGMA user_version") == [(len(history_schema.MIGRATIONS) - 1,)]
    assert rows(db, "SELECT name FROM sqlite_master WHERE name = 'extra'") == []


def test_newer_database_is_refused(db: Path) -> None:
    open_history(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(HistoryError) as err:
        open_history(db)
    message = str(err.value)
    assert str(db) in message and "99" in message
    assert "penurunan versi ditolak" in message and "downgrade refused" in message
    assert rows(db, "PRAGMA user_version") == [(99,)]


def test_another_applications_database_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.close()
    with pytest.raises(HistoryError, match="not an rl-audit history"):
        open_history(db)
    assert rows(db, "SELECT name FROM sqlite_master") == [("notes",)]
    assert rows(db, "PRAGMA journal_mode") == [("delete",)]  # left as it was


def test_an_empty_file_is_refused_not_a_new_history(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")  # a history truncated to 0 bytes (full disk, interrupted copy)
    with pytest.raises(HistoryError) as err:
        open_history(db)
    assert_corrupt(err.value, db)
    assert "0 bytes" in err.value.text("en") and "0 bita" in err.value.text("id")
    assert db.read_bytes() == b""  # left as it was
    db.rename(db.with_name(db.name + ".corrupt"))  # the recovery the message gives
    with open_history(db) as h:
        assert h.runs() == []


def test_a_first_open_that_fails_leaves_no_empty_file(db: Path, monkeypatch) -> None:
    def refuse(conn, path) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(history_schema, "_prepare", refuse)
    with pytest.raises(HistoryError, match="disk I/O error"):
        open_history(db)
    assert not db.exists()  # the next run starts a history instead of refusing a 0-byte file


def assert_corrupt(err: HistoryError, db: Path) -> None:
    message = str(err)
    assert err.recovery and str(db) in message
    assert f"{db}.corrupt" in message
    assert "move the file aside" in message and "a new history starts" in message
    assert "pindahkan berkas itu" in message and "riwayat baru dimulai" in message
    assert "folder laporan tidak tersentuh" in err.text("id")
    assert "pindahkan" not in err.text("en")
    assert not isinstance(err, sqlite3.Error)


def test_random_bytes_are_a_corrupt_database(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(os.urandom(8192))
    with pytest.raises(HistoryError) as err:
        open_history(db)
    assert_corrupt(err.value, db)


@pytest.mark.parametrize("keep", [0.5, 0.3])
def test_a_truncated_database_is_corrupt(db: Path, keep: float) -> None:
    with open_history(db) as h:
        for n in range(40):
            spec = {"A": (50.0, {f"fingerprint-{n}-{i}" * 3: i for i in range(40)})}
            h.record(make_report(spec), T1, T1)
    data = db.read_bytes()
    assert len(data) > 20 * 4096
    db.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(HistoryError) as err:
        open_history(db)
    assert_corrupt(err.value, db)


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(HistoryError) as err:
        open_history(tmp_path / "file" / "rl-audit.sqlite")
    assert "rl-audit.sqlite" in str(err.value) and not err.value.recovery


# --- concurrency -----------------------------------------------------------------------


def test_readers_work_while_a_writer_records(db: Path, monkeypatch) -> None:
    seen: dict[str, object] = {}
    with open_history(db) as writer, open_history(db) as reader:
        writer.record(make_report(RUN1), T1, T1)
        real = history_rows.insert_scores

        def during(conn, run_id, opds) -> None:
            real(conn, run_id, opds)
            seen["runs"] = [r["id"] for r in reader.runs()]
            seen["last"] = reader.last_run()
            with open_history(db) as third:  # opening while the write is open works too
                seen["trend"] = len(third.trend()["A"])

        monkeypatch.setattr(history_rows, "insert_scores", during)
        run2 = writer.record(make_report(RUN2), T2, T2)
        assert seen["runs"] == [1] and seen["trend"] == 1
        assert isinstance(seen["last"], RunInfo) and seen["last"].id == 1
        assert [r["id"] for r in reader.runs()] == [1, run2]


# --- a real report ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def dinkes() -> AuditReport:
    return run_check(CheckRequest(paths=[SAMPLES / "dinkes"], config=Config()))


def test_real_report_round_trip(dinkes: AuditReport, db: Path) -> None:
    open_findings = [f for f in dinkes.findings if f.status == "open"]
    assert open_findings and dinkes.opds
    with open_history(db) as h:
        first = h.compare(dinkes, None)
        run = h.record(dinkes, T1, T2)
        again = h.compare(dinkes, run)
        recorded = h.runs()[0]
    assert first.new == len(open_findings) and first.persisting == 0
    assert (again.new, again.resolved, again.persisting) == (0, 0, len(open_findings))
    assert all(c.score_delta == 0.0 and c.amount_delta_sen == 0 for c in again.per_opd)
    assert recorded["findings"] == len(open_findings)
    expected = [(s.opd.code, s.score, s.amount_sen / 100) for s in dinkes.opds]
    assert [(o["code"], o["score"], o["amount_at_risk"]) for o in recorded["opds"]] == expected
    assert rows(db, "SELECT count(*) FROM inputs") == [(len(dinkes.inputs),)]
