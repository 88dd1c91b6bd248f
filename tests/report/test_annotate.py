"""Annotated copies of the inputs (`check --annotate DIR`): cells, comments, links, safety."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rl_audit.config import Config
from rl_audit.documents import InputFile, OpdRef
from rl_audit.findings import AuditReport, Finding, Location, Severity
from rl_audit.ingest.read import open_workbook
from rl_audit.messages import label
from rl_audit.report.annotate import workbook as annotate_module
from rl_audit.report.annotate.grid import amount
from rl_audit.report.annotate.workbook import AnnotateResult, annotate, output_path, safe_parts
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
RED, AMBER, BLUE, GREY = "FFFFC7CE", "FFFFEB9C", "FFDDEBF7", "FFEDEDED"
SEVERITY_RGB = {"high": RED, "medium": AMBER, "low": BLUE, "info": GREY}
SEV_ID = {"high": "tinggi", "medium": "sedang", "low": "rendah", "info": "info"}
HEADER_ID = [
    "Aturan", "Kode BPK", "Tingkat", "Status", "Sheet", "Sel", "Nilai", "Judul", "Uraian",
    "Perbaikan",
]  # fmt: skip
EXPECTED_COPIES = {  # per OPD (its short name), not under the input's path
    "PUPRKP/daftar_kontrak_2025.xlsx",
    "PUPRKP/kib_2025.xlsx",
    "PUPRKP/lra_2025.xlsx",
    "Dinkes/bku_pengeluaran_2025.csv.xlsx",
    "Dinkes/buku_pembantu_pajak_2025.xlsx",
    "Dinkes/perjalanan_dinas_2025.xlsx",
    "PUPRKP/tindak_lanjut_bpk.xlsx",
    "Dinkes/tindak_lanjut_bpk.xlsx",
    "PUPRKP/daftar_honor_tim_2025.xlsx",  # HON-03, HON-05
    "PUPRKP/pembayaran_kontrak_2025.xlsx",  # TRM-01…03
    "PUPRKP/register_sp2d_2025.xlsx",  # TRM-04, S2D-03
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hashes(root: Path) -> dict[Path, str]:
    return {p: _sha(p) for p in sorted(root.rglob("*")) if p.is_file()}


class Run:
    """A real check over copies of samples/puprkp and samples/dinkes, annotated."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.before = _hashes(root)
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(root)  # displays become puprkp/..., dinkes/...
            paths = [Path("puprkp"), Path("dinkes")]
            self.report = run_check(CheckRequest(paths=paths, config=Config()))
            self.result = annotate(self.report, out)

    def book(self, display: str) -> Workbook:
        return openpyxl.load_workbook(self.result.copies[display].path)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("inbox")
    for folder in ("puprkp", "dinkes"):
        shutil.copytree(SAMPLES / folder, root / folder)
    return Run(root, tmp_path_factory.mktemp("annotated"))


def _report(inputs: list[InputFile], findings: list[Finding]) -> AuditReport:
    return AuditReport("2026-01-01T02:00:00+07:00", 2025, "2025-12-31", [], inputs, [], findings)


def _input(path: Path, display: str | None = None, status: str = "ok") -> InputFile:
    return InputFile(path, display or path.name, _sha(path), status)


def _finding(rule: str, sev: Severity, *locs: Location, **kw: object) -> Finding:
    base: dict = dict(
        rule_id=rule, bpk_code="1.04.10", severity=sev, opd=DINKES, document="bku",
        title=f"Judul {rule}", message=f"Uraian {rule}", amount_sen=123_456,
        locations=locs, fingerprint=f"fp-{rule}", remediation=f"Perbaiki {rule}",
    )  # fmt: skip
    base.update(kw)
    return Finding(**base)


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _grid(n: int = 6) -> list[list[object]]:
    return [["No", "Uraian", "Nilai"]] + [[i, f"baris {i}", i * 1000] for i in range(1, n)]


def _cells(ws: Worksheet) -> Iterator[openpyxl.cell.cell.Cell]:
    for row in ws.iter_rows():
        yield from row


def _look(cell: openpyxl.cell.cell.Cell) -> tuple[object, ...]:
    fill = cell.fill
    return fill.patternType, fill.fgColor.rgb, cell.font.b, cell.number_format, cell.border.top


# --- a real run over sample exports ------------------------------------------------------


def test_one_copy_per_input_with_findings_and_no_problem(run: Run) -> None:
    assert run.result.problems == []
    written = {p.relative_to(run.out).as_posix() for p in run.result.written}
    assert written == EXPECTED_COPIES
    assert all(p.is_file() for p in run.result.written)
    assert not (run.out / "PUPRKP" / "bku_pengeluaran_2025.xlsx").exists()  # no finding
    assert {d: c.path for d, c in run.result.copies.items()}.keys() <= {
        i.display for i in run.report.inputs
    }
    assert {p.relative_to(run.out).as_posix() for p in run.out.rglob("*.xlsx")} == written


def test_originals_are_byte_for_byte_unchanged(run: Run) -> None:
    assert _hashes(run.root) == run.before
    assert not list(run.root.rglob("*.tmp"))


def test_every_finding_location_is_filled_and_commented(run: Run) -> None:
    assert len(run.report.findings) == 34
    for finding in run.report.findings:
        for loc in finding.locations:
            assert loc.cell is not None
            cell = run.book(loc.file)[loc.sheet][loc.cell]
            assert cell.fill.fgColor.rgb == SEVERITY_RGB[finding.severity.value], loc
            assert cell.comment is not None and cell.comment.author == "rl-audit"
            head = f"{finding.rule_id} (kode BPK {finding.bpk_code}) · "
            assert cell.comment.text.startswith(head + SEV_ID[finding.severity.value])
            for part in (finding.title, finding.message, f"Perbaikan: {finding.remediation}"):
                assert part in cell.comment.text


def test_planted_cells_and_their_colours(run: Run) -> None:
    kontrak = run.book("puprkp/daftar_kontrak_2025.xlsx")["Kontrak"]
    assert kontrak["N18"].fill.fgColor.rgb == RED and "KTR-06" in kontrak["N18"].comment.text
    for cell in ("J12", "J13", "J14"):  # KTR-02 names three contracts
        assert "KTR-02" in kontrak[cell].comment.text
    pajak = run.book("dinkes/buku_pembantu_pajak_2025.xlsx")["Pajak"]
    assert pajak["J71"].fill.fgColor.rgb == BLUE and "PJK-03" in pajak["J71"].comment.text
    assert pajak["B47"].fill.fgColor.rgb == AMBER and "PJK-02" in pajak["B47"].comment.text
    bku = run.book("dinkes/bku_pengeluaran_2025.csv")["bku_pengeluaran_2025"]
    assert bku["I48"].value == "Tunai" and bku["I48"].fill.fgColor.rgb == AMBER


def test_comment_box_is_sized_for_its_text(run: Run) -> None:
    path = run.out / "Dinkes" / "perjalanan_dinas_2025.xlsx"
    with zipfile.ZipFile(path) as archive:
        (vml,) = [n for n in archive.namelist() if n.endswith(".vml")]
        drawing = archive.read(vml).decode()
    assert drawing.count("width:360px") == 6  # I42, I43, L7, M9, K11, P13
    heights = [int(h.split("px")[0]) for h in drawing.split("height:")[1:]]
    assert all(96 <= h <= 800 for h in heights)


def test_other_cells_keep_their_value_and_look(run: Run) -> None:
    original = openpyxl.load_workbook(run.root / "puprkp" / "daftar_kontrak_2025.xlsx")["Kontrak"]
    copy = run.book("puprkp/daftar_kontrak_2025.xlsx")["Kontrak"]
    marked = {"J11", "J12", "J13", "J14", "P15", "I17", "N18", "P18"}
    assert copy.max_row == original.max_row and copy.max_column == original.max_column
    for cell in _cells(original):
        twin = copy[cell.coordinate]
        assert twin.value == cell.value, cell.coordinate
        if cell.coordinate not in marked:
            assert _look(twin) == _look(cell) and twin.comment is None, cell.coordinate
    assert copy.merged_cells.ranges == original.merged_cells.ranges


def test_findings_sheet_is_first_active_and_linked(run: Run) -> None:
    wb = run.book("dinkes/perjalanan_dinas_2025.xlsx")
    assert wb.sheetnames == ["Temuan rl-audit", "Perjadin"]
    ws = wb.active
    assert ws.title == "Temuan rl-audit" and ws.sheet_view.tabSelected
    assert not wb["Perjadin"].sheet_view.tabSelected
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER_ID and ws["A1"].font.b
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:J7"
    assert [(r[0], r[5]) for r in rows[1:]] == [
        ("PD-01", "I42"), ("PD-01", "I43"), ("PD-03", "L7"), ("PD-04", "M9"),
        ("PD-02", "K11"), ("PD-05", "P13"),
    ]  # fmt: skip
    links = [ws.cell(row=r, column=6).hyperlink for r in range(2, 8)]
    assert [h.location for h in links] == [
        "'Perjadin'!I42", "'Perjadin'!I43", "'Perjadin'!L7", "'Perjadin'!M9",
        "'Perjadin'!K11", "'Perjadin'!P13",
    ]  # fmt: skip
    pd01 = next(f for f in run.report.findings if f.rule_id == "PD-01")
    assert rows[1][6] == pytest.approx(pd01.amount_sen / 100) and rows[2][6] is None
    assert ws["G2"].number_format == "#,##0.00"
    assert ws["C2"].value == "tinggi" and ws["C2"].fill.fgColor.rgb == RED
    assert rows[1][7:] == (pd01.title, pd01.message, pd01.remediation)


def test_csv_copy_holds_every_field_in_its_line_and_column(run: Run) -> None:
    source = run.root / "dinkes" / "bku_pengeluaran_2025.csv"
    ws = run.book("dinkes/bku_pengeluaran_2025.csv")["bku_pengeluaran_2025"]
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        records = [(reader.line_num, row) for row in reader]
    assert len(records) > 100
    amounts = 0
    for line, fields in records:
        for col, value in enumerate(fields, 1):
            cell = ws.cell(row=line, column=col)
            if amount(value) is None:
                assert cell.value == (value or None), (line, col)
            else:  # an amount: a number in a Rupiah format
                assert cell.value == pytest.approx(amount(value)) and cell.data_type == "n"
                assert cell.number_format == '"Rp "#,##0.00'
                amounts += 1
    assert amounts > 100
    assert ws.max_row == records[-1][0]
    assert ws["H9"].value == 0 and ws["H9"].data_type == "n"  # "0,00" in the CSV
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGH"}
    assert all(6 <= w <= 50 for w in widths.values()) and len(set(widths.values())) > 2


# --- constructed cases -------------------------------------------------------------------


def test_ods_copy_holds_the_grid_in_the_same_cells(tmp_path: Path) -> None:
    ods = tmp_path / "lra_2025.ods"
    shutil.copy(SAMPLES / "dispusip" / "lra_2025.ods", ods)
    before = _sha(ods)
    finding = _finding("ANG-03", Severity.LOW, Location("lra_2025.ods", "LRA", 12, "x", "C12"))
    result = annotate(_report([_input(ods)], [finding]), tmp_path / "out")
    copy = tmp_path / "out" / "Dinas Kesehatan" / "lra_2025.ods.xlsx"
    assert result.problems == [] and result.written == [copy]
    wb = openpyxl.load_workbook(result.written[0])
    assert wb.sheetnames == ["Temuan rl-audit", "LRA"]
    ws = wb["LRA"]
    assert ws["A1"].value == "PEMERINTAH KABUPATEN REJANG LEBONG"
    assert (ws["A12"].value, ws["B12"].value) == ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS")
    assert ws["C12"].fill.fgColor.rgb == BLUE and "ANG-03" in ws["C12"].comment.text
    frame = open_workbook(ods)[0].load(1)
    for row, values in frame.iterrows():
        for col, value in values.items():
            assert ws.cell(row=int(row), column=int(col) + 1).value == (value or None)
    assert _sha(ods) == before


def test_formula_like_csv_text_is_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "bku.csv"
    path.write_text("No;Uraian;Nilai\n1;=cmd|' /C calc'!A0;@SUM(A1)\n2;-5;+1\n", encoding="utf-8")
    loc = Location("bku.csv", "bku", 2, "uraian", "B2")
    result = annotate(_report([_input(path)], [_finding("KAS-05", Severity.HIGH, loc)]), tmp_path)
    (copy,) = result.written
    assert copy == tmp_path / "Dinas Kesehatan" / "bku.csv.xlsx"
    ws = openpyxl.load_workbook(copy)["bku"]
    assert ws["B2"].value == "'=cmd|' /C calc'!A0" and ws["B2"].data_type == "s"
    assert ws["C2"].value == "'@SUM(A1)" and ws["B3"].value == "'-5" and ws["C3"].value == "'+1"
    assert ws["B2"].fill.fgColor.rgb == RED
    assert all(c.data_type != "f" for c in _cells(ws))


def test_finding_text_is_neutralised_but_user_formulas_are_kept(tmp_path: Path) -> None:
    rows = _grid() + [[None, "Jumlah", "=SUM(C2:C6)"]]
    path = _xlsx(tmp_path / "bku.xlsx", {"BKU": rows})
    evil = _finding(
        "KAS-05", Severity.HIGH, Location("bku.xlsx", "BKU", 3, "nilai", "C3"),
        title='=HYPERLINK("http://x","klik")', message="+1", remediation="-2", bpk_code="@1",
    )  # fmt: skip
    result = annotate(_report([_input(path)], [evil]), tmp_path / "out")
    wb = openpyxl.load_workbook(result.written[0])
    assert wb["BKU"]["C7"].value == "=SUM(C2:C6)" and wb["BKU"]["C7"].data_type == "f"
    ws = wb.worksheets[0]
    assert ws["B2"].value == "'@1" and ws["H2"].value == '\'=HYPERLINK("http://x","klik")'
    assert ws["I2"].value == "'+1" and ws["J2"].value == "'-2"
    assert all(c.data_type != "f" for c in _cells(ws))


def test_several_findings_on_one_cell_and_rowless_locations(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bku.xlsx", {"BKU": _grid()})
    low = _finding("PJK-03", Severity.LOW, Location("bku.xlsx", "BKU", 3, "nilai", "C3"))
    high = _finding(
        "KAS-05", Severity.HIGH, Location("bku.xlsx", "BKU", 3, "nilai", "C3"),
        Location("bku.xlsx", "BKU", 5, None, None), Location("bku.xlsx", "BKU", None),
        Location("lain.xlsx", "BKU", 4, None, "C4"),
    )  # fmt: skip
    result = annotate(_report([_input(path)], [low, high]), tmp_path / "out")
    wb = openpyxl.load_workbook(result.written[0])
    data = wb["BKU"]
    assert data["C3"].fill.fgColor.rgb == RED
    text = data["C3"].comment.text
    assert text.index("KAS-05") < text.index("PJK-03") and text.count("Perbaikan:") == 2
    assert data["A5"].fill.fgColor.rgb == RED and "KAS-05" in data["A5"].comment.text
    assert data["C4"].comment is None  # that location is in another file
    commented = {c.coordinate for c in _cells(data) if c.comment is not None}
    assert commented == {"C3", "A5"}
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5]) for r in rows] == [
        ("KAS-05", "C3"), ("KAS-05", "A5"), ("KAS-05", None), ("PJK-03", "C3"),
    ]  # fmt: skip
    assert ws["F4"].hyperlink is None and ws["E4"].value == "BKU"
    assert [r[6] for r in rows] == [1234.56, None, None, 1234.56]


def test_earlier_comment_merged_and_merged_cells_anchor(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BKU"
    for row in _grid():
        ws.append(row)
    ws["B2"].comment = Comment("cek ulang bukti", "Bendahara")
    ws.merge_cells("A4:B4")
    wb.save(tmp_path / "bku.xlsx")
    path = tmp_path / "bku.xlsx"
    found = _finding(
        "KAS-05", Severity.MEDIUM, Location("bku.xlsx", "BKU", 2, None, "B2"),
        Location("bku.xlsx", "BKU", 4, None, "B4"),
    )  # fmt: skip
    result = annotate(_report([_input(path)], [found]), tmp_path / "out")
    data = openpyxl.load_workbook(result.written[0])["BKU"]
    assert data["B2"].comment.text.startswith("KAS-05")
    assert data["B2"].comment.text.endswith("Komentar sebelumnya (Bendahara):\ncek ulang bukti")
    assert data["A4"].fill.fgColor.rgb == AMBER and "KAS-05" in data["A4"].comment.text


def test_sheet_names_clash_and_quotes_in_english(tmp_path: Path) -> None:
    sheets = {"rl-audit findings": _grid(), "O'Brien & Co": _grid()}
    path = _xlsx(tmp_path / "kontrak.xlsx", sheets)
    loc = Location("kontrak.xlsx", "O'Brien & Co", 2, None, "B2")
    result = annotate(
        _report([_input(path)], [_finding("KTR-01", Severity.INFO, loc)]), tmp_path / "o", "en"
    )
    wb = openpyxl.load_workbook(result.written[0])
    assert wb.sheetnames == ["rl-audit findings (2)", "rl-audit findings", "O'Brien & Co"]
    ws = wb.active
    assert ws.title == "rl-audit findings (2)"
    assert ws["A1"].value == "Rule" and ws["C2"].value == "info"
    assert ws["F2"].hyperlink.location == "'O''Brien & Co'!B2"
    cell = wb["O'Brien & Co"]["B2"]
    assert cell.fill.fgColor.rgb == GREY
    assert cell.comment.text.startswith("KTR-01 (BPK code 1.04.10) · info")
    assert "How to fix: Perbaiki KTR-01" in cell.comment.text


def test_xlsm_copy_is_named_xlsx_and_names_never_collide(tmp_path: Path) -> None:
    a = _xlsx(tmp_path / "a.xlsx", {"S": _grid()})
    m = tmp_path / "a.xlsm"
    shutil.copy(a, m)
    locs = [Location(n, "S", 2, None, "A2") for n in ("a.xlsx", "a.xlsm")]
    report = _report([_input(a), _input(m)], [_finding("X-1", Severity.LOW, *locs)])
    result = annotate(report, tmp_path / "out")
    assert [p.name for p in result.written] == ["a.xlsx", "a.xlsm.xlsx"]


def test_an_input_is_never_overwritten_by_its_copy(tmp_path: Path) -> None:
    folder = tmp_path / "Dinas Kesehatan"  # where the OPD's copies go
    folder.mkdir()
    path = _xlsx(folder / "bku.xlsx", {"BKU": _grid()})
    before = _sha(path)
    loc = Location("bku.xlsx", "BKU", 2, None, "A2")
    result = annotate(_report([_input(path)], [_finding("X-1", Severity.LOW, loc)]), tmp_path)
    assert result.written == [folder / "bku.xlsx.xlsx"] and _sha(path) == before


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("puprkp/kontrak_2025.xlsx", "puprkp/kontrak_2025.xlsx"),
        ("../../../etc/evil.xlsx", "etc/evil.xlsx"),
        ("/etc/passwd", "etc/passwd.xlsx"),
        ("C:\\Users\\bendahara\\bku.csv", "Users/bendahara/bku.csv.xlsx"),
        ("a/./b/../c.ods", "a/b/c.ods.xlsx"),
        ("..", "input.xlsx"),
        ("x/..../y<:>.XLSM", "x/y___.xlsx"),
        ("a\x00b/c.xls", "a_b/c.xls.xlsx"),
    ],
)
def test_output_path_stays_inside_the_folder(tmp_path: Path, display: str, expected: str) -> None:
    out = tmp_path / "out"
    target = output_path(out, display, set())
    assert target == out / expected
    assert out.resolve() in target.resolve().parents


def test_safe_parts_drop_traversal_and_drive() -> None:
    assert safe_parts("D:/../x.xlsx") == ["x.xlsx"]
    assert safe_parts("") == ["input"]


def test_traversing_display_is_written_inside_the_folder(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bku.xlsx", {"BKU": _grid()})
    display = "../../../../tmp/evil.xlsx"
    loc = Location(display, "BKU", 2, None, "A2")
    report = _report([_input(path, display)], [_finding("X-1", Severity.LOW, loc)])
    result = annotate(report, tmp_path / "out")
    assert result.written == [tmp_path / "out" / "Dinas Kesehatan" / "evil.xlsx"]
    assert result.written[0].is_file()


def test_bad_files_are_reported_and_the_others_written(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "good.xlsx", {"S": _grid()})
    corrupt = tmp_path / "rusak.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    changed = _xlsx(tmp_path / "changed.xlsx", {"S": _grid()})
    inputs = [_input(p) for p in (corrupt, good, changed)]
    _xlsx(changed, {"S": _grid(3)})  # edited after the check ran
    gone = InputFile(tmp_path / "gone.csv", "gone.csv", "0" * 64, "ok")
    failed = InputFile(tmp_path / "failed.xlsx", "failed.xlsx", None, "error")
    names = ("rusak.xlsx", "good.xlsx", "changed.xlsx", "gone.csv", "failed.xlsx")
    locs = [Location(n, "S", 2, None, "A2") for n in names]
    report = _report([*inputs, gone, failed], [_finding("X-1", Severity.HIGH, *locs)])
    result = annotate(report, tmp_path / "out")
    assert result.written == [tmp_path / "out" / "Dinas Kesehatan" / "good.xlsx"]
    assert len(result.problems) == 3
    rusak, changed_msg, gone_msg = result.problems
    assert rusak.startswith("rusak.xlsx: salinan beranotasi tidak dibuat — Berkas rusak")
    assert changed_msg.startswith("changed.xlsx: ") and "SHA-256 berbeda" in changed_msg
    assert gone_msg == "gone.csv: salinan beranotasi tidak dibuat — Berkas tidak ditemukan"


def test_unexpected_failure_is_a_problem_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _xlsx(tmp_path / "bku.xlsx", {"S": _grid()})

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("openpyxl tersandung")

    monkeypatch.setattr(annotate_module, "load_workbook", boom)
    loc = Location("bku.xlsx", "S", 2, None, "A2")
    result = annotate(_report([_input(path)], [_finding("X", Severity.LOW, loc)]), tmp_path / "o")
    assert result == AnnotateResult([], [
        "bku.xlsx: salinan beranotasi tidak dibuat — "
        "berkas tidak dapat diolah (openpyxl tersandung)"
    ])  # fmt: skip


def test_too_large_files_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annotate_module, "MAX_ROWS", 5)
    big = _xlsx(tmp_path / "big.xlsx", {"S": _grid(10)})
    small = _xlsx(tmp_path / "small.xlsx", {"S": _grid(4)})
    wide = tmp_path / "big.csv"
    wide.write_text("\n".join(f"{i};x" for i in range(8)), encoding="utf-8")
    names = ("big.xlsx", "small.xlsx", "big.csv")
    inputs = [_input(p) for p in (big, small, wide)]
    locs = [Location(n, "S", 2, None, "A2") for n in names]
    result = annotate(_report(inputs, [_finding("X", Severity.LOW, *locs)]), tmp_path / "o", "en")
    assert [p.name for p in result.written] == ["small.xlsx"]
    assert result.problems == [
        "big.xlsx: no annotated copy written — too large to annotate (sheet S: 10 rows, limit 5)",
        "big.csv: no annotated copy written — too large to annotate (sheet big: 8 rows, limit 5)",
    ]
    monkeypatch.setattr(annotate_module, "MAX_CELLS", 10)
    result = annotate(_report([inputs[1]], [_finding("X", Severity.LOW, locs[1])]), tmp_path / "p")
    assert result.problems == [
        "small.xlsx: salinan beranotasi tidak dibuat — "
        "terlalu besar untuk dianotasi (12 sel, batas 10)"
    ]


def test_no_copy_without_findings_or_for_unread_inputs(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bku.xlsx", {"S": _grid()})
    unread = InputFile(path, "bku.xlsx", None, "error")
    loc = Location("bku.xlsx", "S", 2, None, "A2")
    assert annotate(_report([_input(path)], []), tmp_path / "o") == AnnotateResult()
    result = annotate(_report([unread], [_finding("X", Severity.LOW, loc)]), tmp_path / "o")
    assert result == AnnotateResult() and not (tmp_path / "o").exists()


def test_labels_exist_in_both_languages() -> None:
    for lang, sheet in (("id", "Temuan rl-audit"), ("en", "rl-audit findings")):
        assert label("annotate_sheet", lang) == sheet
    assert (
        label("annotate_problem", "en", file="f", reason="r") == "f: no annotated copy written — r"
    )


def test_workbook_bytes_are_a_valid_zip(run: Run) -> None:
    for path in run.result.written:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            assert archive.testzip() is None
            assert "xl/workbook.xml" in archive.namelist()


def test_encrypted_workbook_is_reported(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = _xlsx(tmp_path / "plain.xlsx", {"S": _grid()})
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(plain.read_bytes())).encrypt("rahasia", encrypted)
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(encrypted.getvalue())
    loc = Location("rahasia.xlsx", "S", 2, None, "A2")
    result = annotate(_report([_input(path)], [_finding("X", Severity.LOW, loc)]), tmp_path / "o")
    assert result.written == []
    assert result.problems == [
        "rahasia.xlsx: salinan beranotasi tidak dibuat — Berkas dilindungi kata sandi; "
        "simpan ulang tanpa kata sandi lalu periksa lagi"
    ]


def test_symlinked_folder_out_of_the_output_is_refused(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "Dinas Kesehatan").symlink_to(elsewhere, target_is_directory=True)
    path = _xlsx(tmp_path / "bku.xlsx", {"S": _grid()})
    loc = Location("dinkes/bku.xlsx", "S", 2, None, "A2")
    item = _input(path, "dinkes/bku.xlsx")
    result = annotate(_report([item], [_finding("X", Severity.LOW, loc)]), out)
    assert result.written == [] and list(elsewhere.iterdir()) == []
    assert result.problems[0].endswith("berada di luar folder anotasi")


def test_sheet_without_dimension_is_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _xlsx(tmp_path / "src.xlsx", {"S": _grid(10)})
    path = tmp_path / "nodim.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:C10"/>' in data
                data = data.replace(b'<dimension ref="A1:C10"/>', b"")
            dst.writestr(info, data)
    monkeypatch.setattr(annotate_module, "MAX_ROWS", 9)
    loc = Location("nodim.xlsx", "S", 2, None, "A2")
    result = annotate(_report([_input(path)], [_finding("X", Severity.LOW, loc)]), tmp_path / "o")
    assert result.written == [] and "(sheet S: 10 baris, batas 9)" in result.problems[0]


def test_html_table_saved_as_xls_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "bku_lama.xls"
    path.write_text(
        "<html><body><table><tr><td>No</td><td>Uraian</td><td>Nilai</td></tr>"
        "<tr><td>1</td><td>=1+1</td><td>5.000,00</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (sheet,) = open_workbook(path)
    loc = Location("bku_lama.xls", sheet.name, 2, "nilai", "C2")
    result = annotate(_report([_input(path)], [_finding("X", Severity.MEDIUM, loc)]), tmp_path)
    assert result.written == [tmp_path / "Dinas Kesehatan" / "bku_lama.xls.xlsx"]
    ws = openpyxl.load_workbook(result.written[0])[sheet.name]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["No", "Uraian", "Nilai"], ["1", "'=1+1", 5000],
    ]  # fmt: skip
    assert ws["C2"].number_format == '"Rp "#,##0.00'  # an amount as a number, in rupiah
    assert ws["C2"].fill.fgColor.rgb == AMBER
