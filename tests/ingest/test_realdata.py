"""Every real public file in tests/data/realdata is read, with facts asserted.

The files and their provenance are described in tests/data/realdata/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rl_audit.documents import ROLE, Document, InputFile, SheetResult
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.report.terminal.inspect_view import inspect_json

REAL = Path(__file__).parent.parent / "data" / "realdata"
ALL_FILES = sorted(p for p in REAL.rglob("*") if p.is_file() and p.name != "README.md")


def read(rel: str) -> InputFile:
    result = ingest_file(REAL / rel, IngestOptions(root=REAL))
    assert result.status == "ok", result.error
    return result


def sheet(rel: str, name: str | None = None) -> SheetResult:
    sheets = read(rel).sheets
    return sheets[0] if name is None else next(s for s in sheets if s.sheet == name)


def doc(rel: str, name: str | None = None) -> Document:
    found = sheet(rel, name).document
    assert found is not None
    return found


def row(d: Document, excel_row: int) -> dict[str, object]:
    return d.frame.loc[d.frame["_row"] == excel_row].iloc[0].to_dict()


@pytest.mark.parametrize("path", ALL_FILES, ids=[p.name for p in ALL_FILES])
def test_every_real_file_is_read_and_explained(path: Path) -> None:
    before = path.read_bytes()
    result = ingest_file(path, IngestOptions(root=REAL))
    assert result.status == "ok"
    for s in result.sheets:
        # recognised, or a clear reason why not
        assert s.document is not None or any(
            i.key in {"sheet_unknown_kind", "sheet_no_table", "sheet_empty"} for i in s.issues
        )
    assert path.read_bytes() == before


def test_gunungkidul_2014_realisasi_budget_and_realised() -> None:
    d = doc("apbd-diy/2014_3403_1468467357.csv")
    assert d.kind == "anggaran"
    assert d.columns["anggaran"] == "C" and d.columns["realisasi"] == "D"
    first = row(d, 8)
    assert first["uraian"] == "BELANJA DAERAH"
    assert first["kode_rekening"] == "1.01.1.01.01.00.00.5"  # trailing dot dropped, text kept
    assert first["anggaran"] == 75_924_330_053_861  # 759.243.300.538,61 in sen
    assert first["realisasi"] == 64_335_443_966_400  # 643.354.439.664,00
    assert first[ROLE] == "subtotal"
    assert d.opd is not None and d.opd.code == "1.01.01" and not d.opd.registered


def test_gunungkidul_negative_percent_in_parentheses() -> None:
    d = doc("apbd-diy/2014_3403_1468467357.csv")
    assert row(d, 8)["persen_selisih"] == pytest.approx(-15.26)


def test_sleman_realisasi_dinkes_plain_numbers() -> None:
    d = doc("apbd-diy/3404_1477249605.csv")
    assert d.kind == "anggaran"
    first = row(d, 8)
    assert first["anggaran"] == 4_308_437_506_000 and first["realisasi"] == 4_097_680_336_600
    assert d.opd is not None and d.opd.name == "Dinas Kesehatan" and not d.opd.registered


def test_bantul_penjabaran_semicolon_indonesian_numbers() -> None:
    d = doc("apbd-diy/3402_1473841363.csv")
    assert d.kind == "anggaran"
    # Penjabaran: Sesudah (after the change) is the budget, Sebelum the original budget
    assert d.columns["anggaran"] == "D" and d.columns["anggaran_murni"] == "C"
    first = row(d, 8)
    assert first["anggaran"] == 29_938_303_100_300 and first["anggaran_murni"] == 26_102_392_940_300
    assert first["kode_rekening"] == "1.01.1.01.02.00.00.5"


def test_bantul_scientific_notation_total() -> None:
    d = doc("apbd-diy/3402_1473841363.csv")
    surplus = row(d, 2894)  # "SURPLUS / (DEFISIT)" written in the code column
    assert surplus["kode_rekening"] == "SURPLUS / (DEFISIT)"
    assert surplus["anggaran_murni"] == -26_100_000_000_000  # "-2.61E+11"
    assert surplus["anggaran"] == -29_900_000_000_000
    assert surplus[ROLE] == "total"


def test_bantul_2016_binary_xls() -> None:
    d = doc("apbd-diy/3402_1475312075.xls")
    assert d.kind == "anggaran" and d.header_rows == [7]
    assert row(d, 8)["anggaran"] == 57_335_447_007_500


def test_girisuko_ods_float_codes_kept_as_text() -> None:
    s = sheet("apbd-diy/3403010011_1471190369.ods")
    d = s.document
    assert d is not None and d.kind == "anggaran"
    assert row(d, 8)["kode_rekening"] == "1"
    assert row(d, 9)["kode_rekening"] == "1.1"
    # a text spilled into the amount column is reported with its cell, not guessed
    assert any(i.key == "value_unparsed" and i.cell == "C84" for i in s.issues)


def test_kota_yogyakarta_cr_only_line_ends() -> None:
    d = doc("apbd-diy/3471_1474362312.csv")
    assert d.kind == "anggaran" and d.header_rows == [7]
    assert row(d, 9)["anggaran"] == 1_298_802_731_200


def test_kulon_progo_three_row_merged_header() -> None:
    s = sheet("apbd-diy/3401_1471949861.csv")
    assert s.kind == "anggaran" and s.header_rows == [8, 9, 10]
    headers = {m.letter: (m.header, m.canonical) for m in s.mapping}
    assert headers["L"] == ("Belanja / Setelah Perubahan / Jumlah Belanja", "anggaran")
    assert s.document is not None
    assert row(s.document, 11)["anggaran"] == 113_136_255_861_561


def test_dlingo_empty_amounts_and_short_codes() -> None:
    d = doc("apbd-diy/3402100003_1470589538.csv")
    assert row(d, 11)["kode_rekening"] == "1.1.1.1"
    assert row(d, 11)[ROLE] == "data" and row(d, 10)[ROLE] == "subtotal"


@pytest.mark.parametrize(
    ("name", "letter", "header_rows", "mapped"),
    [
        ("kiba", "A", [10, 11, 12], {"C": "kode_barang", "D": "register", "K": "sertifikat_nomor"}),
        ("kibb", "B", [7, 8], {"B": "kode_barang", "L": "nomor_polisi", "M": "nomor_bpkb"}),
        ("kibc", "C", [10, 11], {"C": "kode_barang", "B": "nama_barang"}),
        ("kibd", "D", [7, 8], {"I": "kode_barang", "H": "nama_barang"}),
        ("kibe", "E", [7, 8], {"C": "kode_barang"}),
        ("kibf", "F", [11, 12], {"C": "kode_barang", "B": "nama_barang"}),
    ],
)
def test_kib_forms(name: str, letter: str, header_rows: list[int], mapped: dict[str, str]) -> None:
    s = sheet(f"kib/import_template_{name}.xls")
    assert s.kind == "kib" and s.header_rows == header_rows
    canon = {m.letter: m.canonical for m in s.mapping}
    assert {k: canon[k] for k in mapped} == mapped
    d = s.document
    assert d is not None
    if len(d.data()):
        assert set(d.data()["kib"]) == {letter}


def test_kib_b_sample_rows_serial_dates_and_text_amount() -> None:
    d = doc("kib/import_template_kibb.xls")
    data = d.data()
    assert len(data) == 5
    assert data.iloc[0]["kode_barang"] == "02.06.01.04.06"
    assert data["harga"].notna().all()


def test_kib_f_spaced_total_row_is_tagged() -> None:
    d = doc("kib/import_template_kibf.xls")
    totals = d.frame[d.frame[ROLE] == "total"]
    assert len(totals) == 1


def test_machine_list_without_names_is_explained() -> None:
    s = sheet("kib/revisi_kapitalisasi_data_list_list-mesin.xls")
    assert s.document is None
    issue = next(i for i in s.issues if i.key == "sheet_unknown_kind")
    assert issue.params["best"] == "kib" and "nama_barang" in issue.params["missing"]


def test_simda_import_layout_without_rows_is_explained() -> None:
    for s in read("kib/simda-bmd-kib-import-pasuruan.xlsx").sheets:
        assert s.header_rows == [1]
        assert any(i.key == "sheet_unknown_kind" for i in s.issues)


def test_bali_dpa_sheet_text_amounts_and_code_tree() -> None:
    d = doc("opd-workbooks/dpa-realisasi-bali-2026.xlsx", "DPA")
    assert d.kind == "anggaran" and d.header_rows == [28, 29]
    assert row(d, 31)["kode_rekening"] == "5" and row(d, 31)[ROLE] == "subtotal"
    assert row(d, 34)["kode_rekening"] == "5.1.02"  # " 5.1.02." tidied
    leaf = row(d, 38)
    assert leaf["kode_rekening"] == "5.1.02.01.01.0025" and leaf[ROLE] == "data"
    assert leaf["anggaran"] == 33_940_000
    assert row(d, 39)[ROLE] == "detail"  # komponen line under the leaf


def test_bali_monthly_sheets_have_budget_and_realised() -> None:
    result = read("opd-workbooks/dpa-realisasi-bali-2026.xlsx")
    months = [s for s in result.sheets if s.header_rows == [9, 10, 11, 12]]
    assert len(months) == 12
    for s in months:
        assert s.kind == "anggaran"
        canon = {m.canonical for m in s.mapping}
        assert {"anggaran", "realisasi", "kode_rekening"} <= canon


def test_deviasi_rak_is_not_a_known_document() -> None:
    s = sheet("opd-workbooks/deviasi-rak.xlsx")
    # `Bulan` and `Jumlah Bulan` are honor headers since issue 17: the table is found, and
    # no kind is (the honor list's required columns are not there)
    assert s.document is None and s.kind is None
    issue = next(i for i in s.issues if i.key in ("sheet_no_table", "sheet_unknown_kind"))
    assert issue.key == "sheet_no_table" or issue.params["best"] != "honor"


# --------------------------------------------------------------------------- second wave

# The year each title states (apbd-diy: the README's years; the Desa files' titles also
# name their Perdes `Nomor 10 Tahun 2015`, which is not the budget year; the KIB forms
# are drawn up "Sampai Dengan Tahun 2010").
TITLE_YEARS = {
    "apbd-diy/2014_3403_1468467357.csv": 2014,
    "apbd-diy/3401_1471949861.csv": 2014,
    "apbd-diy/3402100003_1470589538.csv": 2016,
    "apbd-diy/3402_1473841363.csv": 2014,
    "apbd-diy/3402_1475312075.xls": 2016,
    "apbd-diy/3403010011_1471190369.ods": 2016,
    "apbd-diy/3404_1477249605.csv": 2015,
    "apbd-diy/3471_1474362312.csv": 2016,
    "kib/import_template_kiba.xls": 2010,
    "kib/import_template_kibb.xls": None,
    "kib/import_template_kibc.xls": 2010,
    "kib/import_template_kibf.xls": 2010,
}
BALI = "opd-workbooks/dpa-realisasi-bali-2026.xlsx"
MONTHS = ("Jan", "Peb", "Mar", "Apr", "Mei", "Juni", "Juli", "Agustus")
MONTHS += ("September", "Oktober", "November", "Desember")
# Every sheet recognised before the second wave, with its kind: none may be lost.
RECOGNISED = {
    **{(rel, None): "anggaran" for rel in TITLE_YEARS if rel.startswith("apbd-diy/")},
    **{(f"kib/import_template_kib{x}.xls", None): "kib" for x in "abcdef"},
    **{(BALI, name): "anggaran" for name in ("DPA", "PLGK", *MONTHS)},
}


@pytest.mark.parametrize(("rel", "year"), sorted(TITLE_YEARS.items()))
def test_the_year_is_taken_from_the_title(rel: str, year: int | None) -> None:
    assert doc(rel).title_year == year


def test_bali_sheets_state_2026_except_the_broken_plgk_title() -> None:
    years = {s.sheet: s.document.title_year for s in read(BALI).sheets if s.document}
    assert years == {"DPA": 2026, "PLGK": None, **dict.fromkeys(MONTHS, 2026)}


def test_bali_sheets_naming_no_opd_take_the_workbook_opd() -> None:
    sheets = {s.sheet: s for s in read(BALI).sheets if s.document is not None}
    named = sheets["DPA"].document
    assert named is not None and named.opd is not None
    assert (named.opd.code, named.opd.source) == ("2.16.2.20.2.21.02.0000", "title")
    for name in ("PLGK", *MONTHS):
        opd = sheets[name].document.opd  # type: ignore[union-attr]
        assert opd is not None and opd.source == "workbook", name
        assert (opd.code, opd.name, opd.registered) == (
            named.opd.code,
            named.opd.name,
            False,
        )
        assert not any(i.key == "opd_unknown" for i in sheets[name].issues)


def test_bali_dpa_column_number_row_is_not_data() -> None:
    s = sheet(BALI, "DPA")
    d = s.document
    assert d is not None and d.header_rows == [28, 29]
    assert 30 not in set(d.frame["_row"])  # `1.0 | 2.0 | … | 6 = ( 3 x 5 )`
    assert int(d.frame["_row"].min()) == 31
    assert not any(i.key == "value_unparsed" for i in s.issues)
    assert (d.data()["anggaran"] > 0).all()


def test_no_sheet_recognised_before_is_lost() -> None:
    found: dict[tuple[str, str | None], str | None] = {}
    for rel in {rel for rel, _ in RECOGNISED}:
        for s in read(rel).sheets:
            found[(rel, None if rel != BALI else s.sheet)] = s.kind
    assert {key: found.get(key) for key in RECOGNISED} == RECOGNISED


def test_unknown_sheets_show_what_the_closest_kind_maps() -> None:
    s = sheet("kib/revisi_kapitalisasi_data_list_list-mesin.xls")
    assert {m.header: m.canonical for m in s.mapping if m.canonical} == {
        "No": "no",
        "Kodekelompok": "kode_barang",
        "NoRegister": "register",
        "Tahun": "tahun",
        "NilaiPerolehan": "harga",
    }
    simda = sheet("kib/simda-bmd-kib-import-pasuruan.xlsx", "KIBB")
    mapped = {m.header: m.canonical for m in simda.mapping if m.canonical}
    assert mapped["Harga"] == "harga" and mapped["Nomor_Polisi"] == "nomor_polisi"
    issue = next(i for i in simda.issues if i.key == "sheet_unknown_kind")
    assert issue.params["missing"] == "kode_barang, nama_barang"  # no name column at all


def test_inspect_json_names_the_title_year() -> None:
    data = inspect_json([read("apbd-diy/3404_1477249605.csv"), read(BALI)])
    sheets = [s for f in data["inputs"] for s in f["sheets"]]
    assert sheets[0]["title_year"] == 2015
    by_name = {s["sheet"]: s for s in sheets[1:]}
    assert by_name["DPA"]["title_year"] == 2026 and by_name["Bobot"]["title_year"] is None
    assert by_name["Jan"]["opd"]["source"] == "workbook"
