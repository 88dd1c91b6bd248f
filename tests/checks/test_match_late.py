"""`match` with `deadline_by` (PJK-01 due dates) and `report: late` (PJK-02)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from rl_audit.calendar import WorkCalendar
from rl_audit.checks import match
from rl_audit.checks.base import CheckError
from tests.checks.conftest import make_input

CAL = WorkCalendar()

# PMK 81/2024 from tax period January 2025; before: PPh the 10th, PPN the 15th
DEADLINES = [
    {
        "when": 'contains(jenis_pajak, "PPN") and tanggal < pmk81_start',
        "deadline": "day_of_next_month:15",
    },
    {"when": 'contains(jenis_pajak, "PPN")', "deadline": "ppn_rule"},
    {"when": "tanggal < pmk81_start", "deadline": "day_of_next_month:10"},
    {"deadline": "day_of_next_month:15"},
]
PARAMS = {"pmk81_start": "2025-01-01", "ppn_rule": "end_of_next_month"}
BASE = {
    "left_when": "pungut > 0",
    "right_when": "setor > 0",
    "keys": ["jenis_pajak", "no_bukti"],
    "fallback_keys": ["jenis_pajak"],
    "left_amount": "pungut",
    "right_amount": "setor",
    "left_date": "tanggal",
    "right_date": "tanggal",
    "deadline_by": DEADLINES,
}
LATE = {**BASE, "report": "late"}
DUE = {**BASE, "due": True}


def tax(day: str | None, bukti: str, jenis: str, pungut: float = 0, setor: float = 0) -> dict:
    return {
        "tanggal": day,
        "no_bukti": bukti,
        "jenis_pajak": jenis,
        "pungut": pungut,
        "setor": setor,
    }


def run(rows: list[dict], options: dict, as_of: str = "2025-12-31") -> pd.DataFrame:
    return match.run(make_input("pajak", rows, options, PARAMS, as_of, calendar=CAL))


# --------------------------------------------------------------- deadline_by (PJK-01)


@pytest.mark.parametrize(
    ("as_of", "found"),
    [
        # PPN of February 2025: end of March = Idul Fitri (31 Mar, 1 Apr) and cuti bersama
        # (2–4, 7 Apr) → the deadline moves to Tuesday 8 April
        ("2025-04-08", []),
        ("2025-04-09", [0]),
    ],
)
def test_due_with_deadline_by_and_holidays(as_of: str, found: list[int]) -> None:
    rows = [tax("2025-02-10", "B1", "PPN", 1_100_000), tax("2025-02-11", "B2", "PPh 21", 50_000)]
    rows.append(tax("2025-02-20", "B2", "PPh 21", 0, 50_000))
    out = run(rows, DUE, as_of)
    assert out["_idx"].tolist() == found
    if found:
        assert out["_deadline"].tolist() == [pd.Timestamp("2025-04-08")]
        assert out["_amount"].tolist() == [110_000_000]


def test_due_before_2025_uses_the_old_deadlines() -> None:
    rows = [tax("2024-12-05", "B1", "PPh 21", 100), tax("2024-12-05", "B2", "PPN", 200)]
    out = run(rows, DUE, "2025-01-11")  # PPh due 10 Jan 2025, PPN 15 Jan 2025
    assert out["_idx"].tolist() == [0]
    assert out["_deadline"].tolist() == [pd.Timestamp("2025-01-10")]


def test_deadline_and_deadline_by_together_is_error() -> None:
    with pytest.raises(CheckError, match="not both"):
        run([tax("2025-01-05", "B1", "PPh 21", 1)], {**DUE, "deadline": "pph"})


# --------------------------------------------------------------- report: late (PJK-02)


@pytest.mark.parametrize(
    ("jenis", "pungut_day", "setor_day", "deadline", "late_days"),
    [
        ("PPh 23", "2025-03-12", "2025-04-15", "2025-04-15", None),  # on the deadline day
        ("PPh 23", "2025-03-12", "2025-04-16", "2025-04-15", 1),
        ("PPh 23", "2025-01-20", "2025-02-17", "2025-02-17", None),  # 15 Feb is a Saturday
        ("PPh 23", "2025-01-20", "2025-02-18", "2025-02-17", 1),
        ("PPN", "2025-02-10", "2025-04-08", "2025-04-08", None),  # Lebaran moves 31 Mar
        ("PPN", "2025-02-10", "2025-04-09", "2025-04-08", 1),
        ("PPh 21", "2024-12-05", "2025-01-10", "2025-01-10", None),  # before 2025: the 10th
        ("PPh 21", "2024-12-05", "2025-01-13", "2025-01-10", 3),
        ("PPN", "2024-11-05", "2024-12-16", "2024-12-16", None),  # before 2025: 15th (Sunday)
        ("PPN", "2024-11-05", "2024-12-17", "2024-12-16", 1),
        ("PPN", "2028-01-10", "2028-02-29", "2028-02-29", None),  # leap year month end
        ("PPN", "2028-01-10", "2028-03-01", "2028-02-29", 1),
    ],
)
def test_late_deposit_by_bukti(
    jenis: str, pungut_day: str, setor_day: str, deadline: str, late_days: int | None
) -> None:
    rows = [tax(pungut_day, "B1", jenis, 450_000.5), tax(setor_day, "B1", jenis, 0, 450_000.5)]
    out = run(rows, LATE)
    if late_days is None:
        assert out.empty
        return
    assert out["_idx"].tolist() == [1]
    assert out["_amount"].tolist() == [45_000_050]
    assert out["_left_date"].tolist() == [pd.Timestamp(pungut_day)]
    assert out["_deadline"].tolist() == [pd.Timestamp(deadline)]
    assert out["_late_days"].tolist() == [late_days]


def test_late_fifo_within_one_key() -> None:
    """Two withholdings on one bukti: the first deposit covers January, the second February."""
    rows = [
        tax("2025-02-03", "B1", "PPh 21", 100_000),
        tax("2025-01-06", "B1", "PPh 21", 100_000),
        tax("2025-02-10", "B1", "PPh 21", 0, 100_000),  # covers January: due 17 Feb, on time
        tax("2025-03-18", "B1", "PPh 21", 0, 100_000),  # covers February: due 17 Mar, late
    ]
    out = run(rows, LATE)
    assert out["_idx"].tolist() == [3]
    assert out["_left_date"].tolist() == [pd.Timestamp("2025-02-03")]
    assert out["_late_days"].tolist() == [1]


def test_late_one_deposit_for_two_withholdings_judged_by_the_first() -> None:
    rows = [
        tax("2025-01-06", "B1", "PPh 21", 100_000),
        tax("2025-02-03", "B1", "PPh 21", 100_000),
        tax("2025-03-03", "B1", "PPh 21", 0, 200_000),  # January's share is late
    ]
    out = run(rows, LATE)
    assert out["_idx"].tolist() == [2]
    assert out["_amount"].tolist() == [20_000_000]
    assert out["_deadline"].tolist() == [pd.Timestamp("2025-02-17")]


def test_late_by_fallback_and_what_is_never_late() -> None:
    rows = [
        tax("2025-01-05", "B1", "PPN", 50_000),
        tax("2025-01-07", "B2", "PPN", 50_000),
        tax("2025-03-05", "S9", "PPN", 0, 50_000),  # fallback: covers B1 (FIFO), late
        tax("2025-03-06", "S8", "PPN", 0, 50_000),  # fallback: covers B2, late
        tax("2025-03-06", "S7", "PPN", 0, 70_000),  # covers nothing (no equal withholding)
        tax(None, "B3", "PPh 23", 0, 10_000),  # undated, covers nothing
        tax("2025-06-01", "B4", "PPh 23", 0, 10_000),  # a deposit without withholding
    ]
    out = run(rows, LATE)
    assert out["_idx"].tolist() == [2, 3]
    assert out["_left_date"].tolist() == [pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-07")]
    assert out["_late_days"].tolist() == [5, 6]


def test_late_surplus_deposit_covers_nothing() -> None:
    rows = [
        tax("2025-01-06", "B1", "PPh 21", 100_000),
        tax("2025-01-20", "B1", "PPh 21", 0, 100_000),
        tax("2025-09-20", "B1", "PPh 21", 0, 5_000),  # beyond the withholding: not judged
    ]
    assert run(rows, LATE).empty


def test_late_needs_dates_and_a_deadline() -> None:
    rows = [tax("2025-01-05", "B1", "PPh 21", 1)]
    with pytest.raises(CheckError, match="report late"):
        run(rows, {k: v for k, v in LATE.items() if k != "right_date"})
    with pytest.raises(CheckError, match="report late"):
        run(rows, {k: v for k, v in LATE.items() if k != "deadline_by"})


def _greedy(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> set[int]:
    """Reference: in date order, each deposit takes the earliest open equal withholding."""
    events = sorted(
        [(d, 0, i, a) for i, (d, a) in enumerate(left)]
        + [(d, 1, i, a) for i, (d, a) in enumerate(right)]
    )
    open_rows: dict[int, list[int]] = {}
    covered: set[int] = set()
    for _, side, i, amount in events:
        if side == 0:
            open_rows.setdefault(amount, []).append(i)
        elif open_rows.get(amount):
            covered.add(open_rows[amount].pop(0))
    return covered


@pytest.mark.parametrize("seed", range(20))
def test_fallback_pairs_match_a_greedy_reference(seed: int) -> None:
    rng = random.Random(seed)
    lefts = [(rng.randint(1, 20), rng.choice([10, 20])) for _ in range(rng.randint(0, 8))]
    rights = [(rng.randint(1, 20), rng.choice([10, 20])) for _ in range(rng.randint(0, 8))]
    rows = [tax(f"2025-01-{d:02d}", f"L{i}", "PPN", a) for i, (d, a) in enumerate(lefts)]
    rows += [tax(f"2025-01-{d:02d}", f"R{i}", "PPN", 0, a) for i, (d, a) in enumerate(rights)]
    out = run(rows, BASE)
    uncovered = set(out["_idx"])
    assert {i for i in range(len(lefts)) if i not in uncovered} == _greedy(lefts, rights)
    late = run(rows, {**LATE, "deadline_by": [{"deadline": "days:3"}]})
    for idx, left_date in zip(late["_idx"], late["_left_date"], strict=True):
        assert rows[idx]["setor"] > 0 and pd.Timestamp(rows[idx]["tanggal"]) >= left_date
