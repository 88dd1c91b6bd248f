"""Check types behind the honor rules: distinct_limit (HON-02), the month key,
interval_overlap `against` (HON-05) and lookup `unmatched: notice` (HON-01)."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.cache.notice_codec import decode_notice, encode_notice
from rl_audit.checks import distinct_limit, interval_overlap, lookup
from rl_audit.checks.base import CheckError, NoData
from rl_audit.checks.months import month_key
from rl_audit.checks.notices import notices_of, unchecked_of
from rl_audit.documents import Issue
from tests.checks.conftest import make_input

TEAMS = {
    "key": 'if(digits(nip) != "", digits(nip), fold(nama))',
    "month": ["bulan", "tanggal_kegiatan"],
    "distinct": "coalesce(fold(nama_tim), fold(no_sk))",
    "shown": "coalesce(nama_tim, no_sk)",
    "limit": "max_teams",
    "amount_column": "bruto",
    "absent_blank": ["nip", "nama_tim", "no_sk", "bulan", "tanggal_kegiatan"],
}


def pay(nama: str, tim: str, bulan: object, bruto: float, nip: str | None = "1") -> dict:
    return {"nama": nama, "nip": nip, "jabatan_tim": "Anggota", "nama_tim": tim,
            "bulan": bulan, "bruto": bruto}  # fmt: skip


def test_month_key_is_the_month_of_a_date_else_the_folded_text() -> None:
    """Dates (the importer's months) key by YYYY-MM; text compares folded; blank is NA."""
    dates = pd.Series(pd.to_datetime(["2025-03-01", "2025-03-31", "2025-04-01", None]))
    assert month_key(dates).tolist()[:3] == ["2025-03", "2025-03", "2025-04"]
    assert month_key(dates).isna().tolist()[3]
    text = pd.Series(["Maret 2025", "MARET  2025", "Triwulan I", None, " "], dtype="object")
    assert month_key(text).tolist()[:3] == ["maret 2025", "maret 2025", "triwulan i"]
    assert month_key(text).isna().tolist()[3:] == [True, True]


MARCH, APRIL = pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01")


def test_distinct_limit_counts_teams_once_and_charges_the_smallest_beyond() -> None:
    rows = [  # months as the importer reads `bulan` (Maret 2025, 03/2025 → 2025-03-01)
        pay("A", "Tim SPM", MARCH, 400_000),
        pay("A", "TIM SPM", MARCH, 400_000),  # the same team again: one team
        pay("A", "Tim Stunting", MARCH, 300_000),
        pay("A", "Tim Pokja", MARCH, 100_000),
        pay("A", "Tim Renstra", MARCH, 250_000),
        pay("A", "Tim Lain", APRIL, 999_000),  # another month
        pay("B", "Tim SPM", MARCH, 300_000, nip="2"),
    ]
    out = distinct_limit.run(make_input("honor", rows, TEAMS, {"max_teams": 3}))
    assert out["_idx"].tolist() == [0, 1, 2, 3, 4]
    assert out["_group"].nunique() == 1
    assert out["_amount"].iloc[0] == 100_000_00  # Tim Pokja, the smallest
    assert out["_count"].iloc[0] == 4
    assert out["_values"].iloc[0] == "Tim Pokja; Tim Renstra; Tim Stunting; Tim SPM"
    two = distinct_limit.run(make_input("honor", rows, TEAMS, {"max_teams": 2}))
    assert two["_amount"].iloc[0] == 350_000_00  # the two smallest: 100.000 + 250.000
    assert distinct_limit.run(make_input("honor", rows, TEAMS, {"max_teams": 4})).empty


def test_distinct_limit_key_falls_back_to_folded_name_and_sk() -> None:
    rows = [
        {"nama": "Yuni Lestari", "no_sk": f"800/{i}/SK", "bulan": "Mei 2025", "bruto": 1}
        for i in range(3)
    ] + [{"nama": "YUNI  LESTARI", "no_sk": "800/9/SK", "bulan": "Mei 2025", "bruto": 1}]
    rows[0]["nama"] = "yuni lestari"
    out = distinct_limit.run(make_input("honor", rows, TEAMS, {"max_teams": 3}))
    assert out["_idx"].tolist() == [0, 1, 2, 3]
    assert distinct_limit.run(make_input("honor", rows[:3], TEAMS, {"max_teams": 3})).empty


def test_distinct_limit_rejects_a_limit_that_is_not_a_number() -> None:
    rows = [pay("A", "Tim SPM", "Maret 2025", 1)]
    with pytest.raises(CheckError, match="not a number"):
        distinct_limit.run(make_input("honor", rows, TEAMS, {"max_teams": "tiga"}))


AGAINST = {
    "key": "nip", "digits": ["nip"], "start": "tanggal_kegiatan", "end": "tanggal_kegiatan",
    "amount_column": "bruto",
    "against": {"kind": "perjadin", "key": "nip", "start": "tgl_berangkat",
                "end": "tgl_kembali", "label": "no_spt"},
}  # fmt: skip
TRIPS = [
    {"nama": "A", "nip": "NIP. 1980 01", "no_spt": "SPT/1", "tgl_berangkat": "2025-01-13",
     "tgl_kembali": "2025-01-15"},
    {"nama": "A", "nip": "198001", "no_spt": "SPT/2", "tgl_berangkat": "2025-02-03",
     "tgl_kembali": "2025-02-03"},
]  # fmt: skip


def meeting(day: str, nip: str = "198001", bruto: float = 300_000) -> dict:
    return {"nama": "A", "nip": nip, "jabatan_tim": "Anggota", "tanggal_kegiatan": day,
            "bruto": bruto}  # fmt: skip


def test_against_finds_honors_on_travel_days_inclusive() -> None:
    rows = [
        meeting("2025-01-12"),  # the day before
        meeting("2025-01-13"),  # departure day
        meeting("2025-01-15", bruto=250_000),  # return day
        meeting("2025-01-16"),  # after
        meeting("2025-02-03"),  # a same-day trip
        meeting("2025-01-14", nip="199999"),  # someone else
        meeting(None),  # no date: takes no part
    ]
    out = interval_overlap.run(make_input("honor", rows, AGAINST, others={"perjadin": TRIPS}))
    assert out["_idx"].tolist() == [1, 2, 4]
    assert out["_amount"].tolist() == [300_000_00, 250_000_00, 300_000_00]
    assert out["_other_label"].tolist() == ["SPT/1", "SPT/1", "SPT/2"]
    assert out["_group"].nunique() == 3
    assert out.attrs["evaluated"] == 6


def test_against_without_the_other_document_is_not_applicable() -> None:
    with pytest.raises(NoData, match="perjadin"):
        interval_overlap.run(make_input("honor", [meeting("2025-01-13")], AGAINST))


RATES = [{"jabatan": "ketua", "rate": 400_000}, {"jabatan": "anggota", "rate": 300_000}]
HON01 = {
    "table": "honor_rates", "match": {"jabatan": "lower(jabatan_tim)"}, "total": "bruto",
    "units": "1", "unmatched": "notice", "notice_column": "jabatan_tim",
}  # fmt: skip


def role(jabatan: str | None, bruto: float) -> dict:
    return {"nama": "A", "jabatan_tim": jabatan, "bruto": bruto}


def test_lookup_notice_names_unknown_values_instead_of_guessing() -> None:
    rows = [
        role("Ketua", 450_000),
        role("Koordinator Lapangan", 900_000),
        role("Anggota", 300_000),
        role("Koordinator Lapangan", 100_000),
        role("Bendahara Tim", 1),
    ]
    out = lookup.run(make_input("honor", rows, HON01, {"honor_rates": RATES}))
    assert out["_idx"].tolist() == [0]
    assert out.attrs["evaluated"] == 2
    assert unchecked_of(out) == 3
    notices = notices_of(out)
    assert [(n.key, n.params["value"], n.rows, n.column) for n in notices] == [
        ("lookup_no_rate", "Koordinator Lapangan", (1, 3), "jabatan_tim"),
        ("lookup_no_rate", "Bendahara Tim", (4,), "jabatan_tim"),
    ]
    assert notices[0].params["table"] == "honor_rates"


def test_lookup_all_unknown_is_an_error_without_notice_and_notices_with_it() -> None:
    rows = [role("Koordinator Lapangan", 900_000)]
    params = {"honor_rates": RATES}
    with pytest.raises(CheckError, match="no rate"):
        lookup.run(make_input("honor", rows, {**HON01, "unmatched": "error"}, params))
    out = lookup.run(make_input("honor", rows, HON01, params))
    assert out.empty and unchecked_of(out) == 1 and out.attrs["evaluated"] == 0


def test_notice_codec_round_trip_and_rejects_other_shapes() -> None:
    issue = Issue("lookup_no_rate", "warning", {"rule": "HON-01", "count": 2,
                  "cells": ["E9", "E12"]}, "a.xlsx", "Honor", 9, "E9")  # fmt: skip
    assert decode_notice(encode_notice(issue)) == issue
    bad = encode_notice(issue)
    bad[6] = "9"
    with pytest.raises(ValueError):
        decode_notice(bad)
    with pytest.raises(ValueError):
        decode_notice(bad[:7])
