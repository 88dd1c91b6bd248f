"""`guarded_condition`: rows set aside as input problems, rows judged and warned about."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.checks import guarded
from rl_audit.checks.base import CheckError
from rl_audit.checks.notices import notices_of, unchecked_of
from rl_audit.checks.registry import REGISTRY
from tests.checks.conftest import make_input

AS_OF = "2025-12-31"
PARAMS = {"as_of": pd.Timestamp(AS_OF), "limit": 365}
SISA_UNKNOWN = {
    "when": "sisa is blank and dibayar is blank",
    "notice": "notice_piutang_sisa_unknown",
    "column": "sisa",
}
MISMATCH = {
    "when": "abs(umur_hari - days(as_of, tanggal_tagihan)) > 31",
    "notice": "notice_piutang_age_mismatch",
    "column": "umur_hari",
    "values": {"computed": "days(as_of, tanggal_tagihan)"},
}
OPTIONS = {
    "where": "coalesce(sisa, nilai - dibayar) > 0 and days(as_of, tanggal_tagihan) > limit",
    "values": {"amount": "coalesce(sisa, nilai - dibayar)"},
    "unjudged": [SISA_UNKNOWN],
    "warn": [MISMATCH],
}


def row(nomor: str, tanggal: str, sisa: float | None, dibayar: float | None, umur: int) -> dict:
    """A receivable of 1.000 rupiah."""
    return {"debitur": "BPJS", "nomor_tagihan": nomor, "tanggal_tagihan": tanggal,
            "nilai": 1000, "dibayar": dibayar, "sisa": sisa, "umur_hari": umur}  # fmt: skip


ROWS = [
    row("A", "2024-12-30", 1000, 0, 366),  # 0: stale
    row("B", "2024-12-31", 1000, 0, 365),  # 1: exactly 365 days
    row("C", "2023-01-01", None, None, 1095),  # 2: cannot be judged
    row("D", "2024-01-01", None, 400, 200),  # 3: stale, sisa computed, age disagrees
    row("E", "2022-01-01", None, None, 1460),  # 4: cannot be judged
]


def test_unjudged_rows_are_set_aside_and_named_once_per_value() -> None:
    found = guarded.run(make_input("piutang", ROWS, OPTIONS, PARAMS, AS_OF))
    assert list(found["_idx"]) == [0, 3]
    assert list(found["_amount"]) == [1000_00, 600_00]
    assert found.attrs["evaluated"] == 3 and unchecked_of(found) == 2
    skipped = [n for n in notices_of(found) if n.key == SISA_UNKNOWN["notice"]]
    assert [(n.rows, n.column, n.params["value"]) for n in skipped] == [((2, 4), "sisa", "")]


def test_warn_guard_names_each_row_with_its_columns_and_values() -> None:
    found = guarded.run(make_input("piutang", ROWS, OPTIONS, PARAMS, AS_OF))
    (warned,) = [n for n in notices_of(found) if n.key == MISMATCH["notice"]]
    assert warned.rows == (3,) and warned.column == "umur_hari"
    params = warned.params
    assert (params["value"], params["umur_hari"], params["computed"]) == ("200", "200", "730")
    assert (params["tanggal_tagihan"], params["as_of"]) == ("01/01/2024", "31/12/2025")
    assert params["nomor_tagihan"] == "D"


def test_without_guards_it_is_a_row_condition() -> None:
    options = {k: v for k, v in OPTIONS.items() if k not in guarded.GUARD_OPTIONS}
    found = guarded.run(make_input("piutang", ROWS, options, PARAMS, AS_OF))
    assert list(found["_idx"]) == [0, 3] and notices_of(found) == []
    assert unchecked_of(found) == 0 and found.attrs["evaluated"] == len(ROWS)


def test_every_row_unjudged_evaluates_none() -> None:
    rows = [ROWS[2], ROWS[4]]
    found = guarded.run(make_input("piutang", rows, OPTIONS, PARAMS, AS_OF))
    assert found.empty and found.attrs["evaluated"] == 0 and unchecked_of(found) == 2


def test_an_unknown_notice_label_is_an_error_of_the_rule() -> None:
    options = {**OPTIONS, "unjudged": [{**SISA_UNKNOWN, "notice": "notice_no_such_thing"}]}
    with pytest.raises(CheckError, match="notice_no_such_thing"):
        guarded.run(make_input("piutang", ROWS, options, PARAMS, AS_OF))


def test_registered_with_the_row_condition_options_and_its_guards() -> None:
    props = REGISTRY["guarded_condition"].options["properties"]
    assert {"where", "values", "absent_blank", "note", "unjudged", "warn"} <= set(props)
    assert props["warn"]["items"]["properties"]["notice"]["pattern"] == "^notice_[a-z0-9_]+$"
