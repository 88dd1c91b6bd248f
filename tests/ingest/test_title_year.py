"""The budget year a title block names: examples from real exports, then properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rl_audit.ingest.title_year import MAX_YEAR, MIN_YEAR, title_year

YEARS = st.integers(MIN_YEAR, MAX_YEAR)
FORMS = [
    "TAHUN ANGGARAN {y}",
    "Tahun Anggaran : {y}",
    "T.A. {y}",
    "T.A {y}",
    "TA {y}",
    "TA. {y}",
    "Tahun {y}",
    "PERIODE JANUARI {y}",
    "Periode : 1 Januari s/d 31 Maret {y}",
    "PERIODE 01/01/{y} S/D 31/12/{y}",
    "LAPORAN REALISASI FISIK DAN KEUANGAN APBD PROVINSI BALI TAHUN {y}",
    "KARTU INVENTARIS BARANG (KIB) A Sampai Dengan Tahun {y}",
]


@pytest.mark.parametrize(
    ("preamble", "lines", "year"),
    [
        # apbd-diy CSVs: a `Tahun` key in one cell, the year in the next
        ({"Judul": "Realisasi Anggaran Pendapatan Belanja Daerah", "Tahun": "2014"}, [], 2014),
        ({"Judul": "BAPPEDA", "tahun": "2016"}, [], 2016),
        # the regulation's year in the title never beats the budget year
        (
            {"Judul": "APBDesa sesuai Perdes Desa Dlingo Nomor 10 Tahun 2015", "Tahun": "2016"},
            [],
            2016,
        ),
        ({}, ["PERATURAN DESA NOMOR 10 TAHUN 2015", "APBDES TAHUN ANGGARAN 2016"], 2016),
        ({}, ["Peraturan Bupati Nomor 59 Tahun 2012 tentang Tarif"], None),
        ({"TAHUN ANGGARAN": "2025"}, [], 2025),
        ({"T.A.": "2024"}, ["BUKU KAS UMUM"], 2024),
        ({"Tahun": "2015.0"}, [], 2015),  # a numeric cell read as text
        ({"Periode": "Desember 2025"}, ["BUKU KAS UMUM PENGELUARAN"], 2025),
        # the Bali DPA sheet: Jumlah Tahun n / n + 1 are not years
        (
            {"Jumlah Tahun n": "Rp104.571.400,00", "Jumlah Tahun n + 1": "Rp1.910.150.000,00"},
            ["RENCANA KERJA DAN ANGGARAN", "PEMERINTAH PROVINSI BALI TAHUN ANGGARAN 2026"],
            2026,
        ),
        # a keyed year wins over any line; a budget-year form over a plain `Tahun`
        ({"Tahun": "2016"}, ["TAHUN ANGGARAN 2015"], 2016),
        ({}, ["Rekap Tahun 2014", "TAHUN ANGGARAN 2015"], 2015),
        # not a plausible budget year, or no year at all
        ({"Tahun": "1998"}, ["TAHUN 2150"], None),
        ({}, ["DATA 2015", "KOTA 2015", "NIP. 19700101 199003 1 001"], None),
        ({}, ["BUKU KAS UMUM", "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"], None),
        ({"Tahun": "n"}, [], None),
    ],
)
def test_title_year_examples(preamble: dict[str, str], lines: list[str], year: int | None) -> None:
    assert title_year(preamble, lines) == year


@given(year=YEARS, form=st.sampled_from(FORMS), upper=st.booleans())
def test_every_title_form_gives_its_year(year: int, form: str, upper: bool) -> None:
    line = form.format(y=year)
    assert title_year({}, [line.upper() if upper else line.lower()]) == year


@given(year=YEARS, key=st.sampled_from(["Tahun", "TAHUN", "Tahun Anggaran", "TA", "T.A."]))
def test_a_key_value_block_gives_its_year(year: int, key: str) -> None:
    assert title_year({"Judul": "Penjabaran APBD", key: str(year)}) == year


@given(year=YEARS, budget=YEARS, number=st.integers(1, 999))
def test_a_regulation_year_never_decides(year: int, budget: int, number: int) -> None:
    regulation = f"sesuai Peraturan Desa Nomor {number} Tahun {year}"
    assert title_year({}, [regulation]) is None
    assert title_year({}, [regulation, f"Tahun {budget}"]) == budget


@given(year=st.integers(0, 9999).filter(lambda y: not MIN_YEAR <= y <= MAX_YEAR))
def test_implausible_years_are_ignored(year: int) -> None:
    assert title_year({"Tahun": str(year)}, [f"TAHUN ANGGARAN {year}"]) is None


@given(
    preamble=st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=5),
    lines=st.lists(st.text(max_size=80), max_size=5),
)
def test_any_text_gives_a_plausible_year_or_none(
    preamble: dict[str, str], lines: list[str]
) -> None:
    year = title_year(preamble, lines)
    assert year is None or MIN_YEAR <= year <= MAX_YEAR
