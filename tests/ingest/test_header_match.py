"""Header matching by meaning: tiers, guards against over-matching, confidence, warnings.

Unit tests go through `score_kind`/`map_columns`/`find_layout`; the end-to-end ones
write realistic workbooks (title block, SKPD line, opening and total rows, signature)
and read them with `ingest_file`, as `rl-audit` does.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml
from builders import TITLE_PEMKAB, Sheet, signature, write_xlsx
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from rl_audit.cache.files import IngestCache
from rl_audit.catalog.kinds import load_kinds
from rl_audit.cli.app import app
from rl_audit.documents import ROLE, ROW, SheetResult
from rl_audit.ingest.colmatch import Conflict
from rl_audit.ingest.detect import detect_kind, map_columns, score_kind
from rl_audit.ingest.headers import header_form, normalise_header, parse_synonyms, synonyms
from rl_audit.ingest.layout import find_layout
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.messages import render

DINKES = "1.02.0.00.0.00.01.0000"
BKU_TITLE = "BUKU KAS UMUM PENGELUARAN"


def columns(*headers: str | list[str]) -> dict[int, list[str]]:
    """Header parts per column index, as `find_layout` gives them."""
    return {i: [h] if isinstance(h, str) else h for i, h in enumerate(headers)}


def matched(kind: str, *headers: str | list[str], title: str = "") -> dict[str, tuple]:
    """Header text → (canonical, tier) for one kind (None, None for extras)."""
    found = score_kind(load_kinds()[kind], columns(*headers), title).mapping
    return {
        " / ".join(h) if isinstance(h, list) else h: (found.get(i), found.tiers.get(i))
        for i, h in enumerate(headers)
    }


# --------------------------------------------------------------------------- tiers

EXAMPLES = [
    # the examples of the issue, each with the tier it is matched at
    ("bku", "Tgl.", "tanggal", "exact"),
    ("bku", "No.", "no", "exact"),
    ("bku", "Penerimaan (Debet)", "penerimaan", "contained"),
    ("bku", "Pengeluaran (Kredit)", "pengeluaran", "contained"),
    ("kontrak", "Nama Rekanan/Penyedia Barang", "nama_penyedia", "contained"),
    ("penerimaan", "Jml.", "jumlah", "synonym"),
    ("perjadin", "Jml.", "jumlah", "synonym"),
    ("perjadin", "Keberangkatan", "tgl_berangkat", "synonym"),
    ("perjadin", "Tgl. Keberangkatan", "tgl_berangkat", "synonym"),
    ("perjadin", "Tanggal Kepulangan", "tgl_kembali", "synonym"),
    ("bku", "Bukti Kas", "no_bukti", "synonym"),
    # more wordings of real exports
    ("bku", "Nomor", "no", "synonym"),
    ("bku", "Uraian Kegiatan", "uraian", "contained"),
    ("bku", "Mutasi (Debet)", "penerimaan", "contained"),
    ("bku", "Uang Masuk", "penerimaan", "synonym"),
    ("bku", "No. Kuitansi", "no_bukti", "synonym"),
    ("bku", "Tgl Transaksi", "tanggal", "synonym"),
    ("pajak", "Pemotongan", "pungut", "synonym"),
    ("pajak", "Debit", "pungut", "synonym"),
    ("pajak", "Setoran", "setor", "synonym"),
    ("penerimaan", "Tgl. Penyetoran", "tanggal_setor", "synonym"),
    ("kontrak", "Nama Pihak Ketiga", "nama_penyedia", "synonym"),
    ("kontrak", "Nilai yang Dibayar (Rp)", "nilai_dibayar", "contained"),
    ("perjadin", "Lama Perjalanan (hari)", "lama_hari", "synonym"),
    ("perjadin", "Tiket Pulang Pergi", "transport", "contained"),
]


@pytest.mark.parametrize(("kind", "header", "canonical", "tier"), EXAMPLES)
def test_each_tier_maps_the_wordings_of_real_exports(
    kind: str, header: str, canonical: str, tier: str
) -> None:
    assert matched(kind, header)[header] == (canonical, tier)


def test_a_qualifier_under_a_merged_parent_is_read_with_it() -> None:
    found = matched("perjadin", ["Tanggal", "Keberangkatan"], ["Tanggal", "Kepulangan"])
    assert found == {
        "Tanggal / Keberangkatan": ("tgl_berangkat", "synonym"),
        "Tanggal / Kepulangan": ("tgl_kembali", "synonym"),
    }


NOT_MATCHED = [
    # a word that changes what the column holds
    ("anggaran", "Realisasi (s.d. Bulan Ini)"),
    ("anggaran", "Realisasi Bulan Ini"),
    ("anggaran", "Realisasi Fisik"),
    ("anggaran", "Realisasi %"),
    ("kontrak", "Sisa Nilai Kontrak"),
    ("kontrak", "Nilai Kontrak Setelah Adendum"),
    ("perjadin", "Uang Harian Jumlah Hari"),
    ("bku", "Saldo Awal"),
    # a generic word leading another column's header
    ("bku", "Tanggal Kontrak"),
    ("penerimaan", "Nilai Kontrak"),
    ("perjadin", "Nama Hotel"),
    ("anggaran", "Kode SKPD"),
    ("tindak_lanjut", "Status Tanah"),
    # two columns in one, a place instead of a date, an amount instead of a date
    ("perjadin", "Golongan/Eselon"),
    ("perjadin", "Tempat Berangkat"),
    ("perjadin", "Pulang Pergi"),
    ("penerimaan", "Penyetoran"),
    # a data text, a qualifier naming another column, digits
    ("bku", "Pembayaran honor tanggal 5 Maret"),
    ("bku", "Penerimaan (Kredit)"),
    ("bku", "Penerimaan SP2D GU 2025"),
]


@pytest.mark.parametrize(("kind", "header"), NOT_MATCHED)
def test_variants_that_mean_something_else_are_not_matched(kind: str, header: str) -> None:
    assert matched(kind, header)[header] == (None, None)


def test_nilai_kontrak_and_nilai_dibayar_map_to_their_own_columns() -> None:
    exact = matched("kontrak", "Nama Paket", "Nilai Kontrak (Rp)", "Nilai Dibayar (Rp)")
    assert exact["Nilai Kontrak (Rp)"] == ("nilai_kontrak", "exact")
    assert exact["Nilai Dibayar (Rp)"] == ("nilai_dibayar", "exact")
    loose = matched(
        "kontrak",
        "Nilai (Rp)",
        "Nilai Kontrak (Rp)",
        "Nilai yang Dibayar (Rp)",
        "Sisa Nilai Kontrak (Rp)",
    )
    assert loose == {
        "Nilai (Rp)": (None, None),
        "Nilai Kontrak (Rp)": ("nilai_kontrak", "exact"),
        "Nilai yang Dibayar (Rp)": ("nilai_dibayar", "contained"),
        "Sisa Nilai Kontrak (Rp)": (None, None),
    }


def test_unrelated_headers_match_no_kind_by_meaning() -> None:
    headers = columns("Nama Peserta", "Tanggal Lahir", "Nomor HP", "Asal Sekolah", "Nilai Ujian")
    for match in detect_kind(headers, "DAFTAR PESERTA LOMBA"):
        assert not match.recognised and not match.mapping.weak(), match.kind


# --------------------------------------------------------------------------- competition


def test_the_stronger_tier_wins_and_the_other_column_is_a_conflict() -> None:
    mapping = map_columns(load_kinds()["bku"], columns("Tgl Transaksi", "Tanggal"), "")
    assert dict(mapping) == {1: "tanggal"} and mapping.tiers == {1: "exact"}
    assert mapping.conflicts == (Conflict("tanggal", 1, 0),)


def test_within_one_tier_the_left_most_column_wins() -> None:
    spec = load_kinds()["bku"]
    mapping = map_columns(spec, columns("Penerimaan (Debet)", "Penerimaan (Masuk)"), "")
    assert dict(mapping) == {0: "penerimaan"} and mapping.tiers == {0: "contained"}
    assert mapping.conflicts == (Conflict("penerimaan", 0, 1),)


def test_a_config_override_is_the_strongest_tier() -> None:
    spec = load_kinds()["bku"]
    mapping = map_columns(spec, columns("Tanggal", "Tgl Posting"), "", {"Tgl Posting": "tanggal"})
    assert dict(mapping) == {1: "tanggal"} and mapping.tiers == {1: "config"}
    assert mapping.conflicts == (Conflict("tanggal", 1, 0),)


# --------------------------------------------------------------------------- confidence

EXACT_BKU = ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]
VARIANT_BKU = [
    "Nomor",
    "Tgl Transaksi",
    "Bukti Kas",
    "Uraian Kegiatan",
    "Penerimaan (Debet)",
    "Pengeluaran (Kredit)",
    "Saldo Kas",
]


def test_weak_required_columns_lower_the_confidence_but_the_kind_is_recognised() -> None:
    spec = load_kinds()["bku"]
    exact = score_kind(spec, columns(*EXACT_BKU), BKU_TITLE)
    weak = score_kind(spec, columns(*VARIANT_BKU), BKU_TITLE)
    # as before matching by meaning: 0.6 required + 0.2 × 3/4 other columns + 0.2 title
    assert exact.recognised and exact.confidence == 0.95
    assert weak.recognised and not weak.missing
    assert 0.6 <= weak.confidence < exact.confidence
    assert set(weak.mapping.values()) == set(exact.mapping.values())


# --------------------------------------------------------------------------- workbooks


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


def bku_rows(header: list[str]) -> list[list[object]]:
    """A March BKU of Dinas Kesehatan: title block, header on row 6, data 7–11."""
    return [
        [TITLE_PEMKAB],
        [BKU_TITLE],
        ["PERIODE MARET 2025"],
        [f"SKPD : {DINKES} Dinas Kesehatan"],
        [],
        header,
        [None, None, None, "Saldo Awal", None, None, 10_000_000],
        [1, d(3, 5), "BKU-031", "Pembayaran honor tanggal 5 Maret", None, 1_500_000, 8_500_000],
        [2, d(3, 6), "BKU-032", "Penerimaan SP2D GU tanggal 6 Maret", 5_000_000, None, 13_500_000],
        [3, d(3, 7), "BKU-033", "Tanggal 7: belanja ATK kantor", None, 750_000, 12_750_000],
        [None, None, None, "Jumlah", 5_000_000, 2_250_000, None],
        *signature(left=1, right=5),
    ]


def write_bku(path: Path, header: list[str]) -> Path:
    return write_xlsx(path, Sheet("BKU", bku_rows(header)))


def only_sheet(path: Path, **options: object) -> SheetResult:
    result = ingest_file(path, IngestOptions(root=path.parent, **options))  # type: ignore[arg-type]
    assert result.status == "ok", result.error
    (sheet,) = result.sheets
    return sheet


def test_a_bku_of_variant_headers_is_read_with_lower_confidence_and_a_warning(
    tmp_path: Path,
) -> None:
    exact = only_sheet(write_bku(tmp_path / "exact.xlsx", EXACT_BKU))
    sheet = only_sheet(write_bku(tmp_path / "variant.xlsx", VARIANT_BKU))
    assert sheet.kind == "bku" and sheet.header_rows == [6] == exact.header_rows
    assert sheet.confidence < exact.confidence == 0.95
    assert {m.letter: (m.canonical, m.match) for m in sheet.mapping} == {
        "A": ("no", "synonym"),
        "B": ("tanggal", "synonym"),
        "C": ("no_bukti", "synonym"),
        "D": ("uraian", "contained"),
        "E": ("penerimaan", "contained"),
        "F": ("pengeluaran", "contained"),
        "G": ("saldo", "contained"),
    }
    assert not any(i.key.startswith("header_") for i in exact.issues)
    (weak,) = [i for i in sheet.issues if i.key == "header_weak_match"]
    assert (weak.file, weak.sheet, weak.params["count"]) == ("variant.xlsx", "BKU", 7)
    text = render(weak.key, "en", **weak.params)
    assert 'E "Penerimaan (Debet)" → penerimaan' in text and 'B "Tgl Transaksi"' in text
    doc = sheet.document
    assert doc is not None and doc.opd is not None and doc.opd.code == DINKES
    data = doc.data()
    assert list(data[ROW]) == [8, 9, 10]
    assert list(data["pengeluaran"].fillna(0)) == [150_000_000, 0, 75_000_000]  # sen
    assert list(data["tanggal"]) == [pd.Timestamp(2025, 3, d) for d in (5, 6, 7)]
    assert doc.frame.set_index(ROW)[ROLE].to_dict()[7] == "opening"


def test_a_data_row_holding_the_word_tanggal_is_not_the_header(tmp_path: Path) -> None:
    # no title block: the first rows a header search meets are the header and data rows
    rows = bku_rows(VARIANT_BKU)[5:11]
    sheet = only_sheet(write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU Maret", rows)))
    assert sheet.header_rows == [1] and sheet.kind == "bku"
    assert sheet.document is not None
    assert "Pembayaran honor tanggal 5 Maret" in set(sheet.document.data()["uraian"])


def test_rows_of_data_words_alone_are_no_header() -> None:
    grid = pd.DataFrame(
        [
            ["REKAP KEGIATAN", None, None, None],
            [
                "Pembayaran honor tanggal 5 Maret",
                "Tanggal 5 Maret",
                "Penerimaan Retribusi Pasar",
                1,
            ],
            ["Tanggal 6 Maret", "Penerimaan Retribusi Parkir", "Setor Pajak Daerah", 2],
        ]
    )
    assert find_layout(grid) is None


def test_a_sheet_of_unrelated_headers_stays_unknown(tmp_path: Path) -> None:
    rows = [
        ["DAFTAR PESERTA LOMBA CERDAS CERMAT 2025"],
        [],
        ["No", "Nama Peserta", "Tanggal Lahir", "Nomor HP", "Asal Sekolah", "Nilai Ujian"],
        [1, "Andi", d(1, 5), "0812345", "SMPN 1 Curup", 88],
        [2, "Budi", d(2, 7), "0812346", "SMPN 2 Curup", 91],
    ]
    sheet = only_sheet(write_xlsx(tmp_path / "lomba.xlsx", Sheet("Peserta", rows)))
    assert sheet.document is None and sheet.kind is None
    assert {i.key for i in sheet.issues} & {"sheet_unknown_kind", "sheet_no_table"}
    assert all(m.match in (None, "exact") for m in sheet.mapping)


def test_competing_columns_give_the_conflict_warning(tmp_path: Path) -> None:
    header = ["No", "Tanggal", "Tanggal Transaksi", "Uraian", "Penerimaan", "Pengeluaran"]
    rows = [[BKU_TITLE], [f"SKPD : {DINKES} Dinas Kesehatan"], [], header]
    rows += [[1, d(3, 5), d(3, 4), "Belanja ATK", None, 750_000]]
    sheet = only_sheet(write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", rows)))
    assert sheet.kind == "bku"
    mapping = {m.letter: (m.canonical, m.match) for m in sheet.mapping}
    assert mapping["B"] == ("tanggal", "exact") and mapping["C"] == (None, None)
    (issue,) = [i for i in sheet.issues if i.key == "header_conflict"]
    assert issue.params["winner"] == "B" and issue.params["losers"] == "C"
    assert issue.cell == "C4"
    assert "Tanggal Transaksi" in render(issue.key, "id", **issue.params)
    assert not any(i.key == "header_weak_match" for i in sheet.issues)  # required all exact
    assert sheet.document is not None and "Tanggal Transaksi" in sheet.document.frame


def test_the_match_kind_survives_the_ingest_cache(tmp_path: Path) -> None:
    path = write_bku(tmp_path / "variant.xlsx", VARIANT_BKU)
    cache = IngestCache(tmp_path / "cache")
    fresh = ingest_file(path, IngestOptions(root=tmp_path, cache=cache))
    cached = ingest_file(path, IngestOptions(root=tmp_path, cache=cache))
    assert cache.hits == 1
    assert cached.sheets[0].mapping == fresh.sheets[0].mapping
    assert {m.match for m in cached.sheets[0].mapping} == {"synonym", "contained"}
    assert cached.sheets[0].issues == fresh.sheets[0].issues


def test_inspect_shows_how_each_column_matched(tmp_path: Path) -> None:
    path = write_bku(tmp_path / "variant.xlsx", VARIANT_BKU)
    runner = CliRunner()
    result = runner.invoke(app, ["inspect", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    sheet = json.loads(result.stdout)["inputs"][0]["sheets"][0]
    cols = {c["header"]: (c["canonical"], c["match"]) for c in sheet["columns"]}
    assert cols["Penerimaan (Debet)"] == ("penerimaan", "contained")
    assert cols["Bukti Kas"] == ("no_bukti", "synonym")
    assert "header_weak_match" in {w["code"] for w in sheet["warnings"]}
    table = runner.invoke(app, ["inspect", "--no-color", "--lang", "en", str(path)]).stdout
    assert "Match" in table and "contained" in table and "synonym" in table
    table_id = runner.invoke(app, ["inspect", "--no-color", str(path)]).stdout
    assert "Cocok" in table_id and "sinonim" in table_id


# --------------------------------------------------------------------------- the data file


def test_the_synonym_table_names_only_known_kinds_and_columns() -> None:
    kinds = load_kinds()
    for kind, cols in synonyms().columns.items():
        assert kind in kinds, kind
        assert set(cols) <= set(kinds[kind].columns), kind


def test_no_word_of_the_synonym_table_reads_two_ways() -> None:
    text = resources.files("rl_audit.data").joinpath("synonyms.yaml").read_text("utf-8")
    groups = yaml.safe_load(text)["tokens"]
    words = [normalise_header(w) for rep, variants in groups.items() for w in [rep, *variants]]
    assert len(words) == len(set(words))


def test_an_empty_synonym_table_matches_by_meaning_without_rewriting() -> None:
    table = parse_synonyms({})
    assert table.rewrite(("tgl", "bukti", "kas")) == ("tgl", "bukti", "kas")
    assert table.plain(("barang",), 2) and not table.plain(("5",), 2)


# --------------------------------------------------------------------------- normaliser

TRICKY = st.text(alphabet="()[]%&RrPp .,:/-_aAbhimntuk2\u00a0", max_size=40)  # units, qualifiers


@given(st.one_of(st.text(), TRICKY))
def test_normalise_header_is_idempotent_and_never_raises(text: str) -> None:
    once = normalise_header(text)
    assert normalise_header(once) == once


@given(st.one_of(st.text(), TRICKY))
def test_header_form_is_idempotent_and_never_raises(text: str) -> None:
    form = header_form(text)
    assert header_form(form.text) == form
