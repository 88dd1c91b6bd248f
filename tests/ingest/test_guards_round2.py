"""Guards that do not trust the file (issue 14, item 2): every hostile input is built here.

A far cell (calamine allocates the rectangle up to it: XFD1048576 is 512 GiB and an
abort), a zip whose headers lie about the sizes, ODS repeats and an xls column that
ask for billions of cells, an HTML colspan bomb, a stray CR in a CSV field (cells that
made header detection quadratic: `test_linear_patterns`). Files that would make
calamine abort are only given to the guards here, or read through `rl-audit check`
(reader processes): never to calamine in the pytest process.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from rl_audit.config import load_config
from rl_audit.ingest import sheet_guards
from rl_audit.ingest.extent import PlainScan, blocks, exact_extent
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ingest.read import Limits, ReadError, open_workbook
from tests.ingest import hostile_builders as hb

SAMPLES = Path(__file__).parent.parent.parent / "samples"
DINKES_BKU = SAMPLES / "dinkes" / "bku_pengeluaran_2025.csv"
LIMITS = Limits()


def refusals(path: Path, limits: Limits = LIMITS) -> dict[str, ReadError]:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sheet_guards.xlsx_refusals(data, archive, limits)


# --- far cells ----------------------------------------------------------------------


def test_a_far_cell_refuses_its_sheet_alone_before_the_reader_sees_it(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    sheets = {"BKU": hb.sheet_xml(hb.bku_rows()), "Rusak": hb.sheet_xml(hb.bku_rows() + far)}
    path = hb.write_zip(tmp_path / "bku.xlsx", hb.xlsx_members(sheets))
    assert path.stat().st_size < 5000
    refused = refusals(path)
    assert list(refused) == ["Rusak"]
    err = refused["Rusak"]
    assert (err.key, err.sheet) == ("sheet_too_large", "Rusak")
    assert "XFD1048576" in err.detail and "16384 columns > 1000" in err.detail


FAR_VARIANTS = {
    "cells without a reference": '<row r="1048576">' + "<c><v>1</v></c>" * 1001 + "</row>",
    "single quotes": "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "lower case": '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "spaces around =": '<row r="1048576"><c r = "XFD1048576"><v>1</v></c></row>',
    "leading zeros": '<row r="1048576"><c r="XFD0001048576"><v>1</v></c></row>',
    "attribute order": '<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    "a string": '<row><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row>',
    "far rows only": '<row r="1048576"><c r="ALL1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("far", FAR_VARIANTS.values(), ids=FAR_VARIANTS.keys())
def test_every_spelling_of_a_far_cell_is_refused(tmp_path: Path, far: str) -> None:
    path = hb.write_zip(tmp_path / "x.xlsx", hb.xlsx_members({"S": hb.sheet_xml(far)}))
    assert refusals(path)["S"].key == "sheet_too_large"


def test_namespace_prefixes_and_a_second_r_are_never_read_as_plain(tmp_path: Path) -> None:
    prefixed = '<x:row r="9"><x:c r="XFD9"><x:v>1</x:v></x:c></x:row>'
    xml = hb.sheet_xml(prefixed, namespaces=f' xmlns:x="{hb.MAIN_NS}"')
    path = hb.write_zip(tmp_path / "p.xlsx", hb.xlsx_members({"S": xml}))
    assert refusals(path)["S"].key == "sheet_too_large"
    dup = hb.sheet_xml('<row r="9"><c r="A9" r="XFD9"><v>1</v></c></row>')  # calamine: last wins
    path = hb.write_zip(tmp_path / "d.xlsx", hb.xlsx_members({"S": dup}))
    assert refusals(path)["S"].key == "sheet_unreadable"  # not even well-formed XML


def test_an_empty_formatted_far_cell_does_not_count(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'  # calamine skips it too
    path = hb.write_zip(tmp_path / "f.xlsx", hb.xlsx_members({"S": hb.sheet_xml(far)}))
    assert refusals(path) == {}


def test_the_plain_scan_finds_what_the_exact_walk_finds() -> None:
    rng = random.Random(14)
    for _ in range(40):
        rows = []
        for r in sorted(rng.sample(range(1, 3000), 12)):
            cells = [f"{hb.cell_ref(rng.randrange(1, 1200))}{r}" for _ in range(rng.randint(1, 4))]
            rows.append(f'<row r="{r}">' + "".join(_plain_cell(c, rng) for c in cells) + "</row>")
        xml = hb.sheet_xml("".join(rows))
        for size in (7, 61, 1 << 20):
            scan = PlainScan()
            chunks = [xml[i : i + size] for i in range(0, len(xml), size)]
            assert all(scan.feed(b) for b in blocks(chunks))
            assert scan.extent == exact_extent(chunks, Limits(max_columns=10**6))
    text = hb.sheet_xml('<row r="2"><c r="B2" t="inlineStr"><is><t>nilai r = 5</t></is></c></row>')
    assert not PlainScan().feed(text)  # ` r =` outside a tag start: the exact walk reads it


def _plain_cell(ref: str, rng: random.Random) -> str:
    kind = rng.choice(["n", "s", "empty", "str"])
    if kind == "empty":
        return f'<c r="{ref}" s="3"/>'
    if kind == "str":
        return f'<c r="{ref}" t="inlineStr"><is><t>a "b" &gt; c:d</t></is></c>'
    return f'<c r="{ref}" s="1" t="{kind}"><v>{rng.randrange(99)}</v></c>'


# --- zip sizes that lie ---------------------------------------------------------------


@pytest.fixture(scope="module")
def lying(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hb.lying_xlsx(tmp_path_factory.mktemp("lying") / "bku_lying.xlsx")


def test_a_member_inflating_past_what_it_declares_is_stopped_at_the_budget(lying: Path) -> None:
    declared = zipfile.ZipFile(lying).getinfo("xl/worksheets/sheet1.xml")
    assert (declared.file_size, len(zipfile.ZipFile(lying).read(declared))) == (1200, 1200)
    with pytest.raises(ReadError) as caught:
        refusals(lying, Limits(max_uncompressed=10 * 1024**2))
    assert caught.value.key == "zip_bomb"
    assert caught.value.detail.startswith("xl/worksheets/sheet1.xml inflates past the limit (")
    assert "> 10485760 bytes in all; declares 1200 bytes" in caught.value.detail


def test_a_lying_member_past_the_ratio_is_stopped(tmp_path: Path) -> None:
    sheet = hb.sheet_xml(hb.bku_rows() + " " * (8 * 1024**2))  # 8 MB of blanks: ratio ~1000
    path = hb.write_zip(tmp_path / "r.xlsx", hb.xlsx_members({"S": sheet}))
    hb._lie(path, "xl/worksheets/sheet1.xml", sheet[:900])
    with pytest.raises(ReadError) as caught:
        refusals(path)
    assert caught.value.key == "zip_bomb"
    found = r"xl/worksheets/sheet1\.xml inflates past the limit \(\d+ bytes from \d+ compressed, "
    assert re.match(found + r"ratio > 200; declares 900 bytes\)", caught.value.detail)


# --- ODS, xls, HTML, CSV ---------------------------------------------------------------


def test_ods_repeats_asking_for_60_million_cells_refuse_the_file(tmp_path: Path) -> None:
    header = "<table:table-row>" + hb.ods_cell(1) + hb.ods_cell(2) + "</table:table-row>"
    bomb = f'<table:table-row table:number-rows-repeated="1000000">{hb.ods_cell(5, 60)}'
    path = hb.ods_file(tmp_path / "lra.ods", header + bomb + "</table:table-row>")
    assert path.stat().st_size < 1000
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, pytest.raises(ReadError) as caught:
        sheet_guards.check_ods(data, archive, LIMITS)
    assert (caught.value.key, caught.value.sheet) == ("sheet_too_large", "LRA")
    assert "1000001 x 60 cells > 50000000" in caught.value.detail


def test_ods_trailing_empty_repeats_do_not_count(tmp_path: Path) -> None:
    pad = '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
    pad += 'table:number-columns-repeated="16384"/></table:table-row>'
    rows = "<table:table-row>" + hb.ods_cell(1) + "</table:table-row>" + pad
    data = hb.ods_file(tmp_path / "ok.ods", rows).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_guards.check_ods(data, archive, LIMITS)  # LibreOffice pads every sheet so


def test_an_xls_cell_at_column_65535_refuses_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        sheet_guards.check_xls(hb.far_column_xls(tmp_path / "kib.xls").read_bytes(), LIMITS)
    assert (caught.value.key, caught.value.sheet) == ("sheet_too_large", "Sheet1")
    assert "65536 columns > 1000" in caught.value.detail
    for real in sorted((hb.REALDATA / "kib").glob("*.xls")):
        sheet_guards.check_xls(real.read_bytes(), LIMITS)


def test_an_html_colspan_bomb_refuses_its_table_and_the_next_table_is_read(tmp_path: Path) -> None:
    sheets = open_workbook(hb.colspan_bomb_html(tmp_path / "bku.xls"))
    assert [s.name for s in sheets] == ["Tabel 1", "Tabel 2"]
    with pytest.raises(ReadError) as caught:
        sheets[0].peek(5)
    assert (caught.value.key, caught.value.sheet) == ("sheet_too_large", "Tabel 1")
    assert "2000 columns > 1000" in caught.value.detail
    assert sheets[1].peek(5).iloc[0].tolist()[:3] == ["No", "Tanggal", "No Bukti"]


def test_html_cells_beyond_the_cell_limit_stop_the_expansion(tmp_path: Path) -> None:
    rows = "".join('<tr><td colspan="900">x</td></tr>' for _ in range(200))
    path = tmp_path / "t.xls"
    path.write_text(f"<table>{rows}</table>")
    sheet = open_workbook(path, Limits(max_cells=100_000))[0]
    with pytest.raises(ReadError, match=r"112 x 900 cells > 100000"):
        sheet.load(1)


def test_a_csv_too_wide_or_with_too_many_delimiters_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("a;b\n" + ";".join(["1"] * 1500) + "\n")
    with pytest.raises(ReadError, match=r"1500 columns > 1000") as caught:
        open_workbook(wide)
    assert (caught.value.key, caught.value.sheet) == ("sheet_too_large", "wide")
    many = tmp_path / "many.csv"
    many.write_text("a;b\n" * 600)
    with pytest.raises(ReadError, match=r"600 field delimiters > 500 cells"):
        open_workbook(many, Limits(max_cells=500))


# --- a stray CR -----------------------------------------------------------------------------


def test_a_stray_cr_in_a_csv_field_is_data(tmp_path: Path) -> None:
    path = hb.stray_cr_copy(DINKES_BKU, tmp_path / "bku.csv", 21, b"Belanja")
    frame = open_workbook(path)[0].load(1)
    assert frame.loc[21].tolist()[4].startswith("Bel\ranja makan minum")
    assert list(frame.index) == list(range(1, len(frame) + 1))  # no record split, no shift
    doc = ingest_file(path, IngestOptions()).documents()[0]
    assert len(doc.frame) == 126 and doc.frame["_row"].max() == 136


# --- config ----------------------------------------------------------------------------


def test_config_limits_reach_the_guards(tmp_path: Path) -> None:
    path = tmp_path / "rl-audit.yaml"
    text = "limits: {max_uncompressed_mb: 10, max_rows: 5000, max_columns: 50, max_cells: 90000}\n"
    path.write_text(text)
    limits = load_config(path).limits
    assert (limits.max_uncompressed, limits.max_rows, limits.max_columns, limits.max_cells) == (
        10 * 1024**2,
        5000,
        50,
        90000,
    )
