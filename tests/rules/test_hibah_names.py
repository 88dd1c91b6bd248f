"""The expression functions HIB-02 and HIB-03 use: `party` and `next_year_on`."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.expr.evaluate import Scope, evaluate
from rl_audit.expr.names import next_year_on, party
from rl_audit.expr.parse import parse
from rl_audit.expr.types import expression_errors


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Yayasan Al-Ikhlas", "YAYASAN AL IKHLAS"),
        ("Yay. Al Ikhlas", "Yayasan Al-Ikhlas"),
        ("Yys Al Ikhlas", "yayasan al ikhlas"),
        ("Ponpes Darul Ulum", "Pondok Pesantren Darul-Ulum"),
        ("Poktan Maju Bersama", "KELOMPOK TANI MAJU BERSAMA"),
        ("Gapoktan Sejahtera", "Gabungan Kelompok Tani Sejahtera"),
        ("Mesjid Nurul Iman", "Masjid Nurul Iman"),
        ("Mushola Al Falah", "Musala Al-Falah"),
        ("Drs. H. Ahmad Fauzi, M.Pd", "AHMAD FAUZI"),
        ("Hj. Siti Aminah, S.Pd.I", "Siti Aminah"),
        ("K.H. Ali Imron", "Ali Imron"),
    ],
)
def test_one_recipient_written_two_ways_is_one_key(one: str, other: str) -> None:
    assert party(one) == party(other)
    assert party(one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Yayasan Al Ikhlas", "Masjid Al Ikhlas"),  # the legal form is kept
        ("PP Darul Ulum", "Pondok Pesantren Darul Ulum"),  # PP is not expanded
        ("Kelompok Tani Maju", "Kelompok Tani Maju Bersama"),
        ("Hasan", "Hasanah"),
    ],
)
def test_different_recipients_stay_apart(one: str, other: str) -> None:
    assert party(one) != party(other)


def test_blank_and_title_only_names_are_blank() -> None:
    out = party(pd.Series(["", None, "H.", "Yayasan X"], dtype="string"))
    assert out.isna().tolist() == [True, True, True, False]
    assert out.iloc[3] == "yayasan x"


def test_next_year_on_gives_the_month_day_of_the_next_year() -> None:
    dates = pd.to_datetime(pd.Series(["2025-03-10", None, "2024-12-31"]))
    out = next_year_on(dates, "01-10")
    assert out.iloc[0] == pd.Timestamp("2026-01-10") and pd.isna(out.iloc[1])
    assert out.iloc[2] == pd.Timestamp("2025-01-10")
    assert next_year_on(pd.Timestamp("2025-06-01"), "02-28") == pd.Timestamp("2026-02-28")
    with pytest.raises(ValueError, match="MM-DD"):
        next_year_on(dates, "10 Januari")


def test_functions_in_expressions_and_their_types() -> None:
    frame = pd.DataFrame(
        {"tanggal_sp2d": pd.to_datetime(["2025-03-10"]), "penerima": ["Yay. Al-Ikhlas"]}
    )
    scope = Scope(frame, {"hibah_lpj_deadline": "01-10"}, frozenset(), {})
    found = evaluate("next_year_on(tanggal_sp2d, hibah_lpj_deadline)", scope)
    assert found.iloc[0] == pd.Timestamp("2026-01-10")
    assert evaluate("party(penerima)", scope).iloc[0] == "yayasan al ikhlas"
    types = {"tanggal_sp2d": "date", "nilai": "money", "penerima": "text"}
    assert (
        expression_errors(parse("next_year_on(tanggal_sp2d, '01-10') < tanggal_sp2d"), types) == []
    )
    assert expression_errors(parse("next_year_on(nilai, '01-10')"), types)  # not a date
    assert expression_errors(parse("party(penerima) + 1"), types)  # text + number
