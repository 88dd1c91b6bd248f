from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from rl_audit.catalog.calendar import WorkCalendar
from rl_audit.checks import date_lag, running_balance, year_end_balance
from rl_audit.checks.base import CheckError, CheckInput
from tests.checks.conftest import frame_of, make_input

CAL = WorkCalendar()
PNR = {
    "start": "tanggal_terima",
    "end": "tanggal_setor",
    "max_days": "deposit_days",
    "unit": "working",
    "amount": "jumlah",
}


def terima(received: str | None, deposited: str | None, jumlah: float = 1000) -> dict:
    return {"tanggal_terima": received, "tanggal_setor": deposited, "jumlah": jumlah}


def lag(rows: list[dict], options: dict, as_of: str = "2025-12-31", **params: Any) -> pd.DataFrame:
    ci = make_input("penerimaan", rows, options, params or {"deposit_days": 1}, as_of, None, CAL)
    return date_lag.run(ci)


# --- date_lag ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "deposited", "late"),
    [
        ("2025-01-10", "2025-01-13", False),  # Friday → Monday: exactly on the deadline
        ("2025-01-10", "2025-01-14", True),  # one working day late
        ("2025-01-10", "2025-01-10", False),  # same day
        ("2025-01-10", "2025-01-11", False),  # before the deadline (Saturday)
        ("2025-03-27", "2025-04-08", False),  # Lebaran 28 Mar – 7 Apr moves the deadline
        ("2025-03-27", "2025-04-09", True),
        ("2025-08-15", "2025-08-19", False),  # 17 Aug Sunday, 18 Aug cuti bersama
        ("2025-01-10", None, False),  # blank end ignored by default
        (None, "2025-02-01", False),  # blank start never fails
    ],
)
def test_working_day_lag(received: str | None, deposited: str | None, late: bool) -> None:
    out = lag([terima(received, deposited)], PNR)
    assert len(out) == int(late)


def test_lag_hit_columns() -> None:
    out = lag([terima("2025-01-10", "2025-01-13"), terima("2025-01-10", "2025-01-16", 2500.5)], PNR)
    assert out["_idx"].tolist() == [1]
    assert out["_amount"].tolist() == [250050]
    assert out["_deadline"].tolist() == [pd.Timestamp("2025-01-13")]
    assert out["_late_days"].tolist() == [3]
    assert out["_overdue_days"].isna().all()
    assert list(out.columns[:5]) == ["_kind", "_doc", "_idx", "_group", "_amount"]


@pytest.mark.parametrize(
    ("as_of", "found"),
    [("2025-12-30", False), ("2025-12-31", True)],  # received Mon 29 Dec: due Tue 30 Dec
)
def test_missing_end_overdue_at_as_of(as_of: str, found: bool) -> None:
    options = {**PNR, "missing_end": "overdue"}
    out = lag([terima("2025-12-29", None), terima("2025-12-29", "2025-12-30")], options, as_of)
    assert out["_idx"].tolist() == ([0] if found else [])
    if found:
        assert out["_late_days"].isna().all()
        assert out["_overdue_days"].tolist() == [1]


def test_missing_end_overdue_still_reports_late_rows() -> None:
    options = {**PNR, "missing_end": "overdue"}
    rows = [terima("2025-01-10", None), terima("2025-01-10", "2025-01-20"), terima(None, None)]
    assert lag(rows, options)["_idx"].tolist() == [0, 1]


def test_calendar_days_unit() -> None:
    options = {"start": "tanggal_terima", "end": "tanggal_setor", "max_days": 3}
    rows = [terima("2025-01-10", "2025-01-13"), terima("2025-01-10", "2025-01-14")]
    out = lag(rows, options)
    assert out["_idx"].tolist() == [1]
    assert out["_amount"].isna().all()


def test_when_filter_and_no_end_column() -> None:
    options = {"start": "tanggal_terima", "max_days": 30, "when": "jumlah > 5000"}
    rows = [
        terima("2025-01-10", None, 9000),
        terima("2025-01-10", None, 10),
        terima("2025-12-20", None, 9000),
    ]
    assert lag(rows, options)["_idx"].tolist() == [0]


def test_opening_rows_are_skipped() -> None:
    ci = make_input(
        "penerimaan", [terima("2025-01-01", "2025-03-01")] * 2, PNR, {"deposit_days": 1}
    )
    ci.frames["penerimaan"].loc[0, "_role"] = "opening"
    assert date_lag.run(ci)["_idx"].tolist() == [1]


def pajak(jenis: str, tanggal: str, setor: str) -> dict:
    return {
        "tanggal": tanggal,
        "no_bukti": "B",
        "jenis_pajak": jenis,
        "pungut": 100,
        "tgl_setor": setor,
    }


PJK02 = {
    "start": "tanggal",
    "end": "tgl_setor",
    "deadline_by": [
        {
            "when": 'contains(jenis_pajak, "PPN") and tanggal < "2025-01-01"',
            "deadline": "day_of_next_month:15",
        },
        {"when": 'contains(jenis_pajak, "PPN")', "deadline": "ppn_deadline"},
        {"when": 'tanggal < "2025-01-01"', "deadline": "day_of_next_month:10"},
        {"deadline": "day_of_next_month:15"},
    ],
    "amount": "pungut",
}


@pytest.mark.parametrize(
    ("jenis", "tanggal", "setor", "deadline", "late"),
    [
        ("PPh 21", "2024-12-05", "2025-01-10", "2025-01-10", False),  # before 2025: the 10th
        ("PPh 21", "2024-12-05", "2025-01-13", "2025-01-10", True),
        ("PPh 23", "2025-01-20", "2025-02-15", "2025-02-17", False),  # 15 Feb 2025 Saturday
        ("PPh 23", "2025-01-20", "2025-02-17", "2025-02-17", False),
        ("PPh 23", "2025-01-20", "2025-02-18", "2025-02-17", True),
        ("PPN", "2024-11-05", "2024-12-16", "2024-12-16", False),  # 15 Dec 2024 Sunday
        ("PPN", "2024-11-05", "2024-12-17", "2024-12-16", True),
        ("PPN", "2025-01-05", "2025-02-28", "2025-02-28", False),  # end of next month from 2025
        ("PPN", "2025-01-05", "2025-03-03", "2025-02-28", True),
    ],
)
def test_deadline_by_pjk02(jenis: str, tanggal: str, setor: str, deadline: str, late: bool) -> None:
    params = {"ppn_deadline": "end_of_next_month"}
    ci = make_input("pajak", [pajak(jenis, tanggal, setor)], PJK02, params, calendar=CAL)
    out = date_lag.run(ci)
    assert len(out) == int(late)
    if late:
        assert out["_deadline"].tolist() == [pd.Timestamp(deadline)]
        assert out["_amount"].tolist() == [10000]


def test_deadline_by_without_match_never_fails() -> None:
    options = {
        "start": "tanggal",
        "end": "tgl_setor",
        "deadline_by": [{"when": 'jenis_pajak == "PPN"', "deadline": "same_day"}],
    }
    ci = make_input(
        "pajak",
        [pajak("PPh 21", "2025-01-05", "2025-12-01"), pajak("PPN", "2025-01-05", "2025-01-06")],
        options,
        calendar=CAL,
    )
    assert date_lag.run(ci)["_idx"].tolist() == [1]


def test_single_deadline_from_parameter_and_default_calendar() -> None:
    options = {"start": "tanggal", "end": "tgl_setor", "deadline": "tax_deadline"}
    rows = [
        pajak("PPh 21", "2025-01-20", "2025-02-17"),
        pajak("PPh 21", "2025-01-20", "2025-02-18"),
    ]
    ci = make_input("pajak", rows, options, {"tax_deadline": "day_of_next_month:15"})
    assert ci.calendar is None
    assert date_lag.run(ci)["_idx"].tolist() == [1]


@pytest.mark.parametrize(
    ("options", "params", "match"),
    [
        ({**PNR, "end": "tanggal_bayar"}, {"deposit_days": 1}, "tanggal_bayar"),
        ({**PNR, "max_days": "no_such_param"}, {}, "not a number"),
        ({**PNR, "max_days": 1.5}, {}, "whole number"),
        ({**PNR, "unit": "hours"}, {"deposit_days": 1}, "unit"),
        ({**PNR, "deadline": "same_day"}, {"deposit_days": 1}, "exactly one"),
        ({"start": "tanggal_terima", "deadline": "next_tuesday"}, {}, "next_tuesday"),
        ({"start": "tanggal_terima", "deadline_by": []}, {}, "deadline_by"),
        ({"start": "tanggal_terima", "max_days": 1, "when": "nope > 1"}, {}, "nope"),
    ],
)
def test_date_lag_errors(options: dict, params: dict, match: str) -> None:
    ci = make_input(
        "penerimaan", [terima("2025-01-10", "2025-01-14")], options, params, calendar=CAL
    )
    with pytest.raises(CheckError, match=match):
        date_lag.run(ci)


# --- running_balance -----------------------------------------------------------

RB = {"balance": "saldo", "plus": "penerimaan", "minus": "pengeluaran"}


def bku(
    saldo: float | None, plus: float | None = 0, minus: float | None = 0, uraian: str = "x"
) -> dict:
    return {
        "tanggal": "2025-01-02",
        "uraian": uraian,
        "penerimaan": plus,
        "pengeluaran": minus,
        "saldo": saldo,
    }


def with_opening(rows: list[dict], *opening: int, doc: int = 0) -> pd.DataFrame:
    frame = frame_of("bku", rows, doc)
    frame.loc[list(opening), "_role"] = "opening"
    return frame


def balance_input(*frames: pd.DataFrame, options: dict | None = None, **params: Any) -> CheckInput:
    ci = make_input("bku", [bku(0)], options or RB, params)
    ci.frames["bku"] = pd.concat(frames, ignore_index=True)
    return ci


CHAIN = [
    bku(1_000_000, None, None, "Saldo Awal"),
    bku(1_500_000, plus=500_000),
    bku(1_300_000, minus=200_000),
    bku(1_250_000, minus=100_000),  # break: expected 1.200.000
    bku(1_200_000, minus=50_000),  # continues from the actual balance
    bku(None, minus=100_000),  # blank balance: skipped, its amount still counts
    bku(1_000_000, minus=100_000),
]


def test_running_balance_break_in_the_middle() -> None:
    out = running_balance.run(balance_input(with_opening(CHAIN, 0)))
    assert out["_idx"].tolist() == [3]
    assert out["_amount"].tolist() == [5_000_000]  # Rp 50.000 in sen
    assert out["_expected"].tolist() == [120_000_000]
    assert out["_difference"].tolist() == [5_000_000]


def test_running_balance_clean_chain_and_tolerance() -> None:
    rows = [bku(100, None, None), bku(150.5, plus=50), bku(149.5, minus=2)]
    assert running_balance.run(balance_input(with_opening(rows, 0))).empty
    out = running_balance.run(
        balance_input(with_opening(rows, 0), options={**RB, "tolerance": "tol"}, tol=0)
    )
    assert out["_idx"].tolist() == [1, 2]


def test_opening_row_is_the_start() -> None:
    rows = [bku(500, None, None), bku(900, plus=100)]  # expected 600
    assert running_balance.run(balance_input(with_opening(rows, 0)))["_amount"].tolist() == [30_000]


def test_opening_amount_in_plus_column_when_balance_blank() -> None:
    rows = [bku(None, plus=500), bku(600, plus=100), bku(650, plus=100)]
    assert running_balance.run(balance_input(with_opening(rows, 0)))["_idx"].tolist() == [2]


def test_without_opening_first_row_cannot_break() -> None:
    rows = [bku(777, plus=100), bku(877, plus=100), bku(800, minus=50)]
    assert running_balance.run(balance_input(with_opening(rows)))["_idx"].tolist() == [2]


def test_later_opening_row_restarts_chain() -> None:
    rows = [
        bku(100, None, None),
        bku(150, plus=50),
        bku(9_000, None, None, "Saldo bulan lalu"),
        bku(9_100, plus=100),
    ]
    assert running_balance.run(balance_input(with_opening(rows, 0, 2))).empty


def test_two_documents_each_with_its_own_chain() -> None:
    a = with_opening([bku(100, None, None), bku(200, plus=100), bku(150, minus=40)], 0)
    b = with_opening(
        [bku(5_000, None, None), bku(4_000, minus=1_000), bku(4_500, plus=400)], 0, doc=1
    )
    out = running_balance.run(balance_input(b, a))  # any order of rows in the frame
    assert list(zip(out["_doc"], out["_idx"], strict=True)) == [(0, 2), (1, 2)]
    assert out["_amount"].tolist() == [1_000, 10_000]
    assert out["_group"].nunique() == 2


def test_running_balance_missing_column_is_error() -> None:
    rows = [{"tanggal": "2025-01-02", "uraian": "x", "penerimaan": 1, "pengeluaran": 0}]
    with pytest.raises(CheckError, match="saldo"):
        running_balance.run(make_input("bku", rows, RB))


# --- year_end_balance ------------------------------------------------------------

YE = {"balance": "saldo", "date": "tanggal"}


def dated(tanggal: str | None, saldo: float | None) -> dict:
    return {"tanggal": tanggal, "uraian": "x", "penerimaan": 0, "pengeluaran": 0, "saldo": saldo}


def year_end(rows: list[dict], options: dict | None = None, **params: Any) -> pd.DataFrame:
    return year_end_balance.run(make_input("bku", rows, options or YE, params))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([dated("2025-12-01", 500), dated("2025-12-31", 0)], []),
        ([dated("2025-12-01", 500), dated("2025-12-31", 250)], [(1, 25_000)]),
        ([dated("2025-12-01", 500), dated("2025-12-20", 250)], []),  # data stop before 31 Dec
        ([dated("2025-12-31", 250), dated("2025-12-31", None)], [(0, 25_000)]),  # last known
        ([dated("2025-12-31", 0), dated(None, 70)], [(1, 7_000)]),  # undated row of that year
        ([dated("2024-12-31", 90), dated("2025-01-02", 0)], [(0, 9_000)]),  # closed 2024
        ([dated("2025-12-31", 0.5)], [(0, 50)]),
    ],
)
def test_year_end_balance(rows: list[dict], expected: list[tuple[int, int]]) -> None:
    out = year_end(rows)
    assert list(zip(out["_idx"], out["_amount"], strict=True)) == expected


def test_year_end_days_before_and_tolerance() -> None:
    rows = [dated("2025-12-01", 500), dated("2025-12-20", 250)]
    assert year_end(rows, {**YE, "days_before": 11})["_idx"].tolist() == [1]
    assert year_end(rows, {**YE, "days_before": "dec_days"}, dec_days=10).empty
    assert year_end(rows, {**YE, "days_before": 11, "tolerance": "tol"}, tol=250).empty


def test_year_end_two_documents_and_opening_rows() -> None:
    a = with_opening([dated("2025-12-31", 300), dated("2025-01-01", 0), dated("2025-12-31", 0)], 0)
    b = frame_of("bku", [dated("2025-11-30", 5), dated("2025-12-31", 40)], doc=1)
    ci = make_input("bku", [dated(None, 0)], YE)
    ci.frames["bku"] = pd.concat([a, b], ignore_index=True)
    out = year_end_balance.run(ci)
    assert list(zip(out["_doc"], out["_idx"], out["_amount"], strict=True)) == [(1, 1, 4_000)]


def test_year_end_missing_column_is_error() -> None:
    with pytest.raises(CheckError, match="saldo"):
        year_end([{"tanggal": "2025-12-31", "uraian": "x"}])
