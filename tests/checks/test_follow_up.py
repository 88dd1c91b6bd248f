"""`follow_up` (S2D-01): every left row settled by a right row within `max_days`."""

from __future__ import annotations

import pandas as pd

from rl_audit.checks import follow_up
from tests.checks.conftest import make_input

OPTIONS = {
    "left_when": 'fold(jenis) == "tu"',
    "right_when": 'fold(jenis) == "tu nihil"',
    "date": "tanggal_sp2d",
    "max_days": "days",
    "amount": "nilai_bruto",
    "right_label": "nomor_sp2d",
}


def run(rows: list[tuple[str, str, str]], as_of: str = "2025-12-31") -> pd.DataFrame:
    """Hits for (nomor, jenis, date) rows of Rp 1.000 each; 30 days to settle."""
    data = [
        {"nomor_sp2d": n, "jenis": j, "tanggal_sp2d": t, "nilai_bruto": 1000} for n, j, t in rows
    ]
    ci = make_input("sp2d", data, OPTIONS, params={"days": 30}, as_of=as_of)
    return follow_up.run(ci)


def test_settled_on_day_30_passes_and_day_31_fails() -> None:
    on_time = run([("T1", "TU", "2025-03-01"), ("N1", "TU Nihil", "2025-03-31")])
    assert on_time.empty and on_time.attrs["evaluated"] == 1
    late = run([("T1", "TU", "2025-03-01"), ("N1", "TU Nihil", "2025-04-01")])
    assert list(late["_settled_by"]) == ["N1"]
    assert list(late["_late_days"]) == [1] and list(late["_amount"]) == [100_000]


def test_unsettled_is_late_only_once_its_deadline_passed() -> None:
    rows = [("T1", "TU", "2025-12-01")]
    assert run(rows, as_of="2025-12-31").empty
    late = run(rows, as_of="2026-01-01")
    assert list(late["_idx"]) == [0] and late["_settled_by"].isna().all()
    assert list(late["_late_days"]) == [1]


def test_an_expired_tu_does_not_take_the_settlement_of_a_newer_one() -> None:
    hits = run(
        [("T1", "TU", "2025-06-02"), ("T2", "TU", "2025-09-01"), ("N2", "TU Nihil", "2025-09-20")]
    )
    assert list(hits["_idx"]) == [0] and hits["_settled_by"].isna().all()


def test_two_open_tus_are_settled_oldest_first() -> None:
    hits = run(
        [
            ("T1", "TU", "2025-01-05"),
            ("T2", "TU", "2025-01-10"),
            ("N1", "TU Nihil", "2025-01-30"),
            ("N2", "TU Nihil", "2025-02-05"),
        ]
    )
    assert hits.empty


def test_a_settlement_before_the_tu_settles_nothing() -> None:
    hits = run([("N0", "TU Nihil", "2025-02-01"), ("T1", "TU", "2025-03-01")])
    assert list(hits["_idx"]) == [1] and hits["_settled_by"].isna().all()


def test_a_settlement_after_the_as_of_date_is_not_known_yet() -> None:
    hits = run([("T1", "TU", "2025-03-01"), ("N1", "TU Nihil", "2025-05-01")], as_of="2025-04-15")
    assert list(hits["_idx"]) == [0] and hits["_settled"].isna().all()
