"""Waivers: matching, expiry, stale waivers, strict file errors, safe append, `waive` CLI."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rl_audit.cli.waive import waive
from rl_audit.config import Config
from rl_audit.engine.scoring import summarise
from rl_audit.findings import AuditReport, StaleWaiver, WaiverNote
from rl_audit.run import CheckRequest, exit_code, run_check
from rl_audit.waivers.apply import (
    DuplicateWaiverError,
    WaiverFileError,
    append_waiver,
    apply_waivers,
    load_waivers,
)
from tests.report.constructed import DINKES, PUPR, constructed_report

SAMPLES = Path(__file__).parent.parent.parent / "samples"
DAY = date(2026, 1, 15)


def wfile(tmp_path: Path, body: str, name: str = "waivers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def report_with_keys() -> AuditReport:
    """The constructed report; the KAS-05 finding carries business values."""
    report = constructed_report()
    report.findings = [
        replace(f, keys=("0412/BKU/2025", "B-0412", "1250000050")) if f.rule_id == "KAS-05" else f
        for f in report.findings
    ]
    return report


def by_fp(report: AuditReport) -> dict[str, tuple[str, WaiverNote | None]]:
    return {f.fingerprint: (f.status, f.waiver) for f in report.findings}


# --- matching ----------------------------------------------------------------------------


def test_match_by_fingerprint_marks_only_that_finding(tmp_path: Path) -> None:
    path = wfile(
        tmp_path,
        "# kepala\nwaivers:\n"
        "  - fingerprint: FP-PJK-01-12\n"
        "    reason: '  Setoran terlambat karena gangguan bank  '\n"
        "    approved_by: Inspektur Pembantu I\n"
        "    date: 2025-11-03\n"
        "    until: 2026-03-31\n",
    )
    report = report_with_keys()
    apply_waivers(report, load_waivers(path), DAY)
    status = by_fp(report)
    assert status["fp-PJK-01-12"] == (
        "waived",
        WaiverNote(
            "Setoran terlambat karena gangguan bank",
            "Inspektur Pembantu I",
            "2025-11-03",
            "2026-03-31",
            False,
            "waivers.yaml:3",
        ),
    )
    others = [s for fp, s in status.items() if fp != "fp-PJK-01-12"]
    assert others == [("open", None)] * (len(status) - 1)
    assert report.stale_waivers == []


def test_match_by_rule_opd_and_key_casefolded_and_stripped(tmp_path: Path) -> None:
    path = wfile(
        tmp_path,
        "waivers:\n"
        "  - {rule: kas-05, opd: '1.02.0.00.0.00.01.0000', key: '  b-0412 ', reason: r,"
        " approved_by: a, date: 2025-10-01}\n"
        "  - {rule: KAS-05, opd: '1.02.0.00.0.00.01.0000', key: B-9999, reason: r,"
        " approved_by: a, date: 2025-10-01}\n",
    )
    report = report_with_keys()
    apply_waivers(report, load_waivers(path), DAY)
    status = by_fp(report)
    assert status["fp-KAS-05-30"][0] == "waived"
    assert status["fp-KAS-05-30"][1] is not None
    assert status["fp-KAS-05-30"][1].source == "waivers.yaml:2"
    assert sum(s == "waived" for s, _ in status.values()) == 1
    assert report.stale_waivers == [
        StaleWaiver("waivers.yaml:3", "KAS-05", "1.02.0.00.0.00.01.0000", None, "B-9999")
    ]


def test_match_by_rule_and_opd_without_key_covers_every_finding_of_that_opd(
    tmp_path: Path,
) -> None:
    path = wfile(
        tmp_path,
        "waivers:\n"
        "  - rule: PJK-01\n"
        "    opd: Dinkes   # a registered short name\n"
        "    reason: Diklarifikasi\n"
        "    approved_by: Irban I\n"
        "    date: 2025-10-01\n",
    )
    waivers = load_waivers(path)
    assert waivers[0].opd == DINKES.code
    report = report_with_keys()
    before = {s.opd.code: s.score for s in report.opds}
    apply_waivers(report, waivers, DAY)
    waived = [f for f in report.findings if f.status == "waived"]
    assert len(waived) == 7
    assert {f.rule_id for f in waived} == {"PJK-01"}
    assert {f.opd.code for f in waived if f.opd} == {DINKES.code}
    after = {s.opd.code: s for s in summarise(report)}
    assert after[DINKES.code].score > before[DINKES.code]  # waived findings cost nothing
    assert after[DINKES.code].counts["high"] == 0
    assert after[PUPR.code].score == before[PUPR.code]


def test_waived_findings_do_not_fail_the_run(tmp_path: Path) -> None:
    report = report_with_keys()
    assert exit_code(report, "medium") == 1
    body = "waivers:\n" + "".join(
        f"  - {{fingerprint: {f.fingerprint}, reason: r, approved_by: a, date: 2025-01-01}}\n"
        for f in report.findings
        if f.severity.rank == 3
    )
    apply_waivers(report, load_waivers(wfile(tmp_path, body)), DAY)
    assert exit_code(report, "high") == 0
    assert exit_code(report, "medium") == 1  # the open medium findings still count


EXPIRING = (
    "waivers:\n"
    "  - fingerprint: fp-KTR-03-15\n"
    "    reason: Denda sedang ditagih\n"
    "    approved_by: Irban II\n"
    "    date: 2025-10-01\n"
    "    until: 2026-03-31\n"
)


@pytest.mark.parametrize(
    ("today", "status", "expired"),
    [(date(2026, 3, 31), "waived", False), (date(2026, 4, 1), "open", True)],
)
def test_expiry_the_until_day_is_still_active_the_day_after_is_open(
    tmp_path: Path, today: date, status: str, expired: bool
) -> None:
    report = report_with_keys()
    apply_waivers(report, load_waivers(wfile(tmp_path, EXPIRING)), today)
    got_status, note = by_fp(report)["fp-KTR-03-15"]
    assert got_status == status
    assert note is not None
    assert (note.expired, note.until, note.source) == (expired, "2026-03-31", "waivers.yaml:2")
    assert report.stale_waivers == []  # an expired waiver that matches is not stale


def test_an_active_waiver_wins_over_an_expired_one(tmp_path: Path) -> None:
    body = EXPIRING + (
        "  - {rule: KTR-03, opd: '1.03.1.04.0.00.01.0000', reason: Diperpanjang,"
        " approved_by: Inspektur, date: 2026-04-01, until: 2026-12-31}\n"
    )
    report = report_with_keys()
    apply_waivers(report, load_waivers(wfile(tmp_path, body)), date(2026, 5, 1))
    got_status, note = by_fp(report)["fp-KTR-03-15"]
    assert got_status == "waived"
    assert note is not None and (note.reason, note.expired) == ("Diperpanjang", False)


def test_stale_waivers_are_reported_in_file_order_and_reapplying_resets(tmp_path: Path) -> None:
    body = (
        "waivers:\n"
        "  - {fingerprint: 0000000000deadbeef00, reason: r, approved_by: a, date: 2025-01-01}\n"
        "  - {rule: AST-01, opd: '1.02.0.00.0.00.01.0000', reason: r, approved_by: a,"
        " date: 2025-01-01}\n"
        "  - {fingerprint: fp-AST-01-14, reason: r, approved_by: a, date: 2025-01-01}\n"
    )
    report = report_with_keys()
    apply_waivers(report, load_waivers(wfile(tmp_path, body)), DAY)
    assert report.stale_waivers == [
        StaleWaiver("waivers.yaml:2", None, None, "0000000000deadbeef00", None),
        StaleWaiver("waivers.yaml:3", "AST-01", "1.02.0.00.0.00.01.0000", None, None),
    ]
    assert by_fp(report)["fp-AST-01-14"][0] == "waived"
    apply_waivers(report, [], DAY)
    assert {(f.status, f.waiver) for f in report.findings} == {("open", None)}
    assert report.stale_waivers == []


def test_without_waivers_the_findings_are_left_as_they_are() -> None:
    report = report_with_keys()
    report.findings = [replace(f, status="open", waiver=None) for f in report.findings]
    report.stale_waivers = [StaleWaiver("old.yaml:1", None, None, "x", None)]
    before = list(report.findings)
    apply_waivers(report, [], DAY)
    assert all(a is b for a, b in zip(report.findings, before, strict=True))
    assert report.stale_waivers == []


def test_a_keyed_waiver_matches_a_finding_once_and_only_its_group(tmp_path: Path) -> None:
    report = report_with_keys()
    keyed = next(f for f in report.findings if f.keys and f.opd is not None)
    keys = tuple({keyed.keys[0], keyed.keys[0].upper(), f" {keyed.keys[0]} "})  # one folded key
    report.findings = [replace(keyed, keys=keys) if f is keyed else f for f in report.findings]
    body = (
        f"waivers:\n  - {{rule: {keyed.rule_id}, opd: '{keyed.opd.code}', key: '{keyed.keys[0]}',"
        " reason: r, approved_by: a, date: 2025-01-01}\n"
    )
    apply_waivers(report, load_waivers(wfile(tmp_path, body)), DAY)
    waived = [f for f in report.findings if f.status == "waived"]
    assert [f.fingerprint for f in waived] == [keyed.fingerprint] and not report.stale_waivers
    assert waived[0].waiver is not None and waived[0].waiver.source == "waivers.yaml:2"


@pytest.fixture(scope="module")
def dinkes_report() -> AuditReport:
    return run_check(CheckRequest(paths=[SAMPLES / "dinkes"], config=Config()))


def test_real_run_waived_by_fingerprint_and_by_document_number(
    dinkes_report: AuditReport, tmp_path: Path
) -> None:
    report = replace(dinkes_report, findings=list(dinkes_report.findings))
    kas = next(f for f in report.findings if f.rule_id == "KAS-05")
    pd01 = next(f for f in report.findings if f.rule_id == "PD-01")
    doc = next(k for k in pd01.keys if "/SPT/" in k)
    assert kas.opd is not None and pd01.opd is not None
    body = (
        "waivers:\n"
        f"  - {{fingerprint: {kas.fingerprint}, reason: r, approved_by: a, date: 2025-12-01}}\n"
        f"  - {{rule: PD-01, opd: '{pd01.opd.code}', key: '{doc.lower()}', reason: r,"
        " approved_by: a, date: 2025-12-01}\n"
    )
    apply_waivers(report, load_waivers(wfile(tmp_path, body)), DAY)
    waived = {f.fingerprint for f in report.findings if f.status == "waived"}
    assert waived == {kas.fingerprint, pd01.fingerprint}
    assert report.stale_waivers == []
    assert all(f.status == "open" for f in dinkes_report.findings)  # the original untouched


# --- malformed files -----------------------------------------------------------------------

ENTRY = "    reason: r\n    approved_by: a\n    date: 2025-01-01\n"
BAD_UNTIL = (
    "# Pengecualian yang diterima Inspektorat\n"
    "waivers:\n"
    "  - fingerprint: aaaaaaaaaaaaaaaaaaaa\n" + ENTRY + "\n"
    "  - fingerprint: bbbbbbbbbbbbbbbbbbbb\n" + ENTRY + "\n"
    "  - fingerprint: cccccccccccccccccccc\n    until: 2026-13-01\n" + ENTRY
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BAD_UNTIL, "waivers.yaml:14: waivers[2].until: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (
            "waivers:\n  - fingerprint: a\n    reason: [tidak ditutup\n    approved_by: a\n",
            "waivers.yaml:4:16: invalid YAML: ",
        ),
        (
            "waivers:\n  - fingerprint: a\n" + ENTRY + "    untill: 2026-01-01\n",
            "waivers.yaml:6: waivers[0].untill: unknown key 'untill' (allowed: fingerprint,",
        ),
        (
            "waivers:\n  - fingerprint: a\n    approved_by: a\n    date: 2025-01-01\n",
            "waivers.yaml:2: waivers[0]: missing 'reason'",
        ),
        (
            "waivers:\n  - fingerprint: a\n    reason: '   '\n    approved_by: a\n"
            "    date: 2025-01-01\n",
            "waivers.yaml:3: waivers[0].reason: must not be empty",
        ),
        (
            "waivers:\n  - fingerprint: a\n    reason:\n    approved_by: a\n    date: 2025-01-01\n",
            "waivers.yaml:3: waivers[0].reason: expected text, got null",
        ),
        (
            "waivers:\n  - fingerprint: a\n" + ENTRY.replace("2025-01-01", "3/11/2025"),
            "waivers.yaml:5: waivers[0].date: '3/11/2025' is not a date (YYYY-MM-DD)",
        ),
        (
            "waivers:\n  - fingerprint: a\n" + ENTRY + "    until: 2024-12-31\n",
            "waivers.yaml:6: waivers[0].until: 2024-12-31 is before the approval date 2025-01-01",
        ),
        (
            "waivers:\n  - rule: KAS-05\n" + ENTRY,
            "waivers.yaml:2: waivers[0]: needs a fingerprint, or rule and opd (and optionally key)",
        ),
        (
            "waivers:\n  - key: B-1\n" + ENTRY,
            "waivers.yaml:2: waivers[0]: needs a fingerprint, or rule and opd",
        ),
        (
            "waivers:\n  - fingerprint: a\n    rule: KAS-05\n" + ENTRY,
            "waivers.yaml:2: waivers[0].fingerprint: give either fingerprint or rule + opd",
        ),
        (
            "waivers:\n  fingerprint: a\n  reason: r\n",
            "waivers.yaml:2: waivers: expected a list, got a mapping",
        ),
        (
            "- fingerprint: a\n  reason: r\n",
            "waivers.yaml:1: (top): expected a mapping with a 'waivers:' list, got a list",
        ),
        ("pengecualian: []\n", "waivers.yaml:1: pengecualian: unknown key 'pengecualian'"),
        (
            "waivers:\n  - fingerprint: a\n    reason: r\n    reason: s\n",
            "waivers.yaml:4: waivers[0].reason: duplicate or empty key",
        ),
        (
            "waivers:\n  - &w {fingerprint: a, reason: r, approved_by: a, date: 2025-01-01}\n"
            "  - *w\n",
            "waivers.yaml:2: invalid YAML: anchors (&name) and aliases (*name) are not allowed",
        ),
        (
            "waivers:\n  - rule: KAS-05\n    opd: Dinas Entah\n" + ENTRY,
            "waivers.yaml:3: waivers[0].opd: unknown OPD 'Dinas Entah'",
        ),
    ],
)
def test_malformed_files_name_file_line_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = wfile(tmp_path, body)
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(path)
    assert str(caught.value).startswith(f"{tmp_path}{os.sep}{message}"), str(caught.value)


def test_missing_undecodable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(WaiverFileError, match=r"absent\.yaml: file not found"):
        load_waivers(tmp_path / "absent.yaml")
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("waivers:\n  - reason: caf\xe9\n".encode("latin-1"))
    with pytest.raises(WaiverFileError, match=r"latin\.yaml:2: not UTF-8 text \(byte 0xe9\)"):
        load_waivers(bad)
    assert load_waivers(wfile(tmp_path, "# belum ada\n")) == []
    assert load_waivers(wfile(tmp_path, "waivers:\n")) == []


def test_values_stay_text_and_a_key_keeps_its_leading_zero(tmp_path: Path) -> None:
    path = wfile(
        tmp_path,
        "waivers:\n  - {rule: KAS-05, opd: 1.02.0.00.0.00.01.0000., key: 0412, reason: yes,"
        " approved_by: 2025, date: 2025-01-01, until: ~}\n",
    )
    (w,) = load_waivers(path)
    assert (w.key, w.reason, w.approved_by, w.opd, w.until) == (
        "0412",
        "yes",
        "2025",
        "1.02.0.00.0.00.01.0000",
        None,
    )


# --- append --------------------------------------------------------------------------------

EXISTING = (
    "# Pengecualian yang diterima Inspektorat\n"
    "waivers:\n"
    "  # Dinkes\n"
    "  - rule: KAS-05\n"
    '    opd: "1.02.0.00.0.00.01.0000"   # Dinkes\n'
    "    key: 'B-0412'\n"
    "    reason: >\n"
    "      Setoran terlambat karena\n"
    "      gangguan sistem bank\n"
    "    approved_by: Inspektur Pembantu I\n"
    "    date: 2025-10-01\n"
    "\n"
    "  - fingerprint: 3f2a9c0d1e2b4a5c6d7e   # satu temuan\n"
    "    reason: Sudah diklarifikasi\n"
    "    approved_by: Irban I\n"
    "    date: 2025-11-03\n"
    "    until: 2026-03-31\n"
    "# akhir berkas\n"
)
NEW = {
    "fingerprint": "80F118FBD9BF30A28445",
    "reason": "Honor kader: tunai disetujui Bupati",
    "approved_by": "Inspektur",
    "date": date(2025, 12, 1),
    "until": "2026-06-30",
}
LAST_ENTRY_END = EXISTING.index("# akhir berkas")


def test_append_keeps_comments_order_and_bytes_and_validates(tmp_path: Path) -> None:
    path = wfile(tmp_path, EXISTING)
    before = load_waivers(path)
    added = append_waiver(path, NEW)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(EXISTING[:LAST_ENTRY_END])
    assert text.endswith("# akhir berkas\n")
    inserted = text[LAST_ENTRY_END : -len("# akhir berkas\n")]
    assert inserted == (
        "  - fingerprint: 80f118fbd9bf30a28445\n"
        "    reason: 'Honor kader: tunai disetujui Bupati'\n"
        "    approved_by: Inspektur\n"
        "    date: 2025-12-01\n"
        "    until: 2026-06-30\n"
    )
    after = load_waivers(path)
    assert after[:2] == before
    assert after[2] == added
    assert (added.source, added.until) == ("waivers.yaml:18", date(2026, 6, 30))
    # no temp file left; the lock file of `waive` stays (removing it would race)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["waivers.yaml", "waivers.yaml.lock"]


def test_append_creates_the_file_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "waivers.yaml"
    path.parent.mkdir()
    added = append_waiver(path, {**NEW, "until": None})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Pengecualian (waiver) yang diterima Inspektorat")
    assert "until" not in text
    assert load_waivers(path) == [added]
    assert added.until is None and added.source == "waivers.yaml:4"


def test_append_refuses_a_duplicate_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = wfile(tmp_path, EXISTING)
    dup = {**NEW, "fingerprint": "3F2A9C0D1E2B4A5C6D7E"}
    with pytest.raises(DuplicateWaiverError, match="already waived at waivers.yaml:13") as caught:
        append_waiver(path, dup)
    assert caught.value.existing == "waivers.yaml:13"
    key_dup = {**NEW, "fingerprint": None, "rule": "kas-05", "opd": "Dinkes", "key": "b-0412 "}
    with pytest.raises(DuplicateWaiverError, match="waivers.yaml:4"):
        append_waiver(path, key_dup)
    assert path.read_text(encoding="utf-8") == EXISTING


def test_append_with_an_invalid_entry_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = wfile(tmp_path, EXISTING)
    os.chmod(path, 0o640)
    with pytest.raises(WaiverFileError, match=r"waivers\[2\]\.until: '2026-13-01' is not a date"):
        append_waiver(path, {**NEW, "until": "2026-13-01"})
    with pytest.raises(WaiverFileError, match=r"waivers\[2\]\.approved_by: must not be empty"):
        append_waiver(path, {**NEW, "approved_by": " "})
    with pytest.raises(WaiverFileError, match=r"waivers\[2\]\.untill: unknown key"):
        append_waiver(path, {**NEW, "untill": "2026-01-01"})
    assert path.read_text(encoding="utf-8") == EXISTING
    assert sorted(p.name for p in tmp_path.iterdir()) == ["waivers.yaml", "waivers.yaml.lock"]
    append_waiver(path, NEW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # permissions survive the rename


def test_append_refuses_to_touch_an_invalid_file(tmp_path: Path) -> None:
    body = "waivers:\n  - fingerprint: a\n    reason: r\n"
    path = wfile(tmp_path, body)
    with pytest.raises(WaiverFileError, match=r"waivers\.yaml:2: waivers\[0\]: missing"):
        append_waiver(path, NEW)
    assert path.read_text(encoding="utf-8") == body


@pytest.mark.parametrize(
    ("body", "column"),
    [
        ("waivers: []   # belum ada\n", 2),
        ("waivers:\n# belum ada\n", 2),
        ("waivers:\n- fingerprint: a\n  reason: r\n  approved_by: a\n  date: 2025-01-01", 0),
        (
            "waivers:\r\n    - fingerprint: a\r\n      reason: |\r\n        r\r\n"
            "      approved_by: a\r\n      date: 2025-01-01\r\n",
            4,
        ),
    ],
)
def test_append_to_empty_indentless_crlf_and_unterminated_lists(
    tmp_path: Path, body: str, column: int
) -> None:
    path = wfile(tmp_path, "")
    path.write_bytes(body.encode("utf-8"))
    before = load_waivers(path)
    added = append_waiver(path, NEW)
    raw = path.read_bytes()
    assert load_waivers(path) == [*before, added]
    assert (" " * column + "- fingerprint: 80f118fbd9bf30a28445").encode() in raw
    if "\r\n" in body:
        assert raw.count(b"\n") == raw.count(b"\r\n")
    assert b"# belum ada" in raw or "belum" not in body


def test_append_refuses_a_non_empty_flow_list(tmp_path: Path) -> None:
    body = "waivers: [{fingerprint: a, reason: r, approved_by: a, date: 2025-01-01}]\n"
    path = wfile(tmp_path, body)
    with pytest.raises(WaiverFileError, match=r"waivers\.yaml:1: waivers: written as a \[flow\]"):
        append_waiver(path, NEW)
    assert path.read_text(encoding="utf-8") == body


# --- the waive command ---------------------------------------------------------------------

runner = CliRunner()


def cli_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    app.command("waive")(waive)
    return app


def project(tmp_path: Path, config: str = "waivers: aturan/waivers.yaml\n") -> Path:
    (tmp_path / "aturan").mkdir()
    return wfile(tmp_path, config, "rl-audit.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli_app(), ["waive", *args])
    return result.exit_code, result.stdout, result.stderr


def test_waive_appends_to_the_configured_file(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    # --force: there are no findings here to check the fingerprint against
    code, out, err = invoke(
        "80f118fbd9bf30a28445",
        "--reason", "Disetujui", "--until", "2026-06-30", "--by", "Irban I",
        "--date", "2025-12-01", "--force", "--config", str(cfg),
    )  # fmt: skip
    assert code == 0, err
    assert "Pengecualian ditambahkan: waivers.yaml:4 — 80f118fbd9bf30a28445" in out
    (w,) = load_waivers(tmp_path / "aturan" / "waivers.yaml")
    assert (w.fingerprint, w.approved_by, w.approved_on, w.until) == (
        "80f118fbd9bf30a28445",
        "Irban I",
        date(2025, 12, 1),
        date(2026, 6, 30),
    )
    code, _, err = invoke(
        "80f118fbd9bf30a28445", "--reason", "x", "--until", "2099-06-30", "--by", "Irban I",
        "--force", "--config", str(cfg),
    )  # fmt: skip
    assert code == 2 and "sudah memiliki pengecualian di waivers.yaml:4" in err


def test_waive_by_rule_opd_key_with_defaults(tmp_path: Path) -> None:
    cfg = project(tmp_path, "waivers: aturan/waivers.yaml\napproved_by: Irban II\n")
    code, out, err = invoke(
        "--rule", "KAS-05", "--opd", "Dinkes", "--key", "B-0412", "--reason", "r",
        "--until", "2099-12-31", "--config", str(cfg), "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    assert "Waiver added: waivers.yaml:4 — KAS-05 1.02.0.00.0.00.01.0000 B-0412" in out
    (w,) = load_waivers(tmp_path / "aturan" / "waivers.yaml")
    assert w.approved_on == date.today() and w.approved_by == "Irban II"  # the config's


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fp", "--until", "2026-13-01"], "--until: '2026-13-01' bukan tanggal (YYYY-MM-DD)"),
        (["fp", "--until", "2099-01-01", "--date", "kemarin"], "--date: 'kemarin' bukan tanggal"),
        (["fp", "--until", "2025-01-01", "--date", "2025-06-01"], "lebih awal dari tanggal"),
        (["--until", "2099-01-01"], "Sebutkan FINGERPRINT"),
        (["fp", "--rule", "KAS-05", "--opd", "Dinkes", "--until", "2099-01-01"], "tidak keduanya"),
        (["--rule", "KAS-05", "--until", "2099-01-01"], "Sebutkan FINGERPRINT"),
        (["--rule", "X", "--opd", "Dinas Entah", "--until", "2099-01-01"], "'Dinas Entah' tidak"),
        (["fp", "--until", "2099-01-01", "--by", "  "], "--by tidak boleh kosong"),
    ],
)
def test_waive_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    cfg = project(tmp_path)
    code, _, err = invoke(*args, "--reason", "r", "--config", str(cfg))
    assert code == 2
    assert message in err
    assert not (tmp_path / "aturan" / "waivers.yaml").exists()


def test_waive_without_a_waivers_path_or_config_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = project(tmp_path, "year: 2025\n")
    code, _, err = invoke("fp", "--reason", "r", "--until", "2099-01-01", "--config", str(cfg))
    assert code == 3
    assert "tambahkan baris `waivers: waivers.yaml`" in err
    monkeypatch.chdir(tmp_path / "aturan")
    code, _, err = invoke("fp", "--reason", "r", "--until", "2099-01-01", "--lang", "en")
    assert code == 3
    assert "create rl-audit.yaml containing `waivers: waivers.yaml`" in err


def test_waive_with_an_invalid_waivers_file_exits_3(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    wfile(tmp_path / "aturan", "waivers:\n  - fingerprint: a\n")
    code, _, err = invoke(
        "fp", "--reason", "r", "--until", "2099-01-01", "--by", "b", "--force", "--config", str(cfg)
    )
    assert code == 3
    assert "waivers.yaml:2: waivers[0]: missing 'reason'" in err


def test_config_waivers_reads_the_configured_file_relative_to_the_config(tmp_path: Path) -> None:
    from rl_audit.config import load_config
    from rl_audit.waivers.apply import config_waivers

    assert config_waivers(load_config(project(tmp_path, "year: 2025\n"))) == []
    cfg = load_config(wfile(tmp_path, "waivers: aturan/waivers.yaml\n", "rl-audit.yaml"))
    assert config_waivers(cfg) == []  # configured but not written yet: no waivers
    wfile(
        tmp_path / "aturan",
        "waivers:\n  - {fingerprint: ab, reason: r, approved_by: a, date: 2025-01-01}\n",
    )
    assert [w.fingerprint for w in config_waivers(cfg)] == ["ab"]
