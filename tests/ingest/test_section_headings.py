"""Heading rows of a consolidated LRA in awkward places (`layout`, `sections`).

- The first SKPD heading right under the header row (no `1 2 3` row between) is the
  first row of the table, never a second header row, whatever its form.
- A code-less row naming an OPD just above a section's closing `JUMLAH …` opens
  nothing: it stays a row of its section, and that section keeps its total.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import TITLE_PEMKAB, Sheet, write_xlsx

from rl_audit.documents import ROW, SheetResult
from rl_audit.ingest.layout import find_layout
from rl_audit.ingest.pipeline import IngestOptions, ingest_file

HEADER = ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Lebih/(Kurang)", "%"]
DINKES = "1.02.0.00.0.00.01.0000"
RSUD = "1.02.0.00.0.00.02.0000"
DPMPTSP = "2.18.0.00.0.00.01.0000"
PUPRKP_NAME = "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"


def tree(leaves: list[tuple[str, str, int, int]]) -> list[list[object]]:
    """The account rows of one SKPD: 5, 5.1, 5.1.02 over its leaves, then the leaves."""
    budget, real = sum(x[2] for x in leaves), sum(x[3] for x in leaves)
    parents = [("5", "BELANJA DAERAH"), ("5.1", "BELANJA OPERASI"),
               ("5.1.02", "Belanja Barang dan Jasa")]  # fmt: skip
    rows = [(c, n, budget, real) for c, n in parents] + leaves
    return [[c, n, b, r, b - r, round(r / b * 100, 2)] for c, n, b, r in rows]


LEAVES = [
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 120_000_000, 115_500_000),
    ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Kebersihan", 80_000_000, 78_000_000),
]
CLOSE = [200_000_000, 193_500_000, 6_500_000, 96.75]
# the first heading as consolidated prints write it: (cells, merged over the row)
FORMS = {
    "code_and_name": ([DINKES, "DINAS KESEHATAN"], False),
    "code_and_name_with_totals": ([DINKES, "DINAS KESEHATAN", *CLOSE], False),
    "merged_code_name": ([f"{DINKES} - DINAS KESEHATAN"], True),
    "labelled": ([f"SKPD : {DINKES} DINAS KESEHATAN"], False),
    "in_uraian": ([None, f"{DINKES} DINAS KESEHATAN"], False),
}


def read(path: Path) -> SheetResult:
    result = ingest_file(path, IngestOptions(root=path.parent))
    assert result.status == "ok", result.error
    (sheet,) = result.sheets
    return sheet


@pytest.mark.parametrize("form", list(FORMS))
def test_a_heading_right_under_the_header_opens_the_first_section(
    tmp_path: Path, form: str
) -> None:
    head, merged = FORMS[form]
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN PER SKPD TAHUN ANGGARAN 2025"],
        [],
        HEADER,  # row 4
        list(head),  # row 5: no column-number row between
        *tree(LEAVES),  # rows 6-10
        [None, "JUMLAH BELANJA DINAS KESEHATAN", *CLOSE],  # row 11
        [DPMPTSP, "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU"],  # row 12
        *tree(LEAVES),
        [None, "JUMLAH BELANJA DPMPTSP", *CLOSE],  # row 18
    ]
    merges = ["A5:F5"] if merged else []
    sheet = read(write_xlsx(tmp_path / "lra.xlsx", Sheet("LRA", rows, merges)))
    assert sheet.kind == "anggaran" and sheet.header_rows == [4]
    assert [(m.letter, m.header, m.canonical) for m in sheet.mapping][:2] == [
        ("A", "Kode Rekening", "kode_rekening"),
        ("B", "Uraian", "uraian"),
    ]
    got = [(d.opd.code if d.opd else None, int(d.frame[ROW].min()), int(d.frame[ROW].max()))
           for d in sheet.documents]  # fmt: skip
    assert got == [(DINKES, 5, 11), (DPMPTSP, 12, 18)]
    assert [list(d.data()[ROW]) for d in sheet.documents] == [[9, 10], [16, 17]]
    assert sheet.role_counts["section"] == 2


def _grid(*rows: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame([[*r, *[None] * (6 - len(r))] for r in rows])
    frame.index = range(1, len(rows) + 1)
    return frame


@pytest.mark.parametrize(
    "row",
    [
        ["SKPD : Dinas Kesehatan"],
        ["Unit Organisasi: RSUD Curup"],
        ["5.1.02 Belanja Barang dan Jasa"],
        [None, "5.1 BELANJA OPERASI"],
        [f"{RSUD} RUMAH SAKIT UMUM DAERAH CURUP"],
    ],
)
def test_a_coded_or_labelled_row_is_never_a_child_header_row(row: list[object]) -> None:
    layout = find_layout(_grid(["LAPORAN REALISASI ANGGARAN"], HEADER, row))
    assert layout is not None
    assert layout.header_rows == [2] and layout.first_data_row == 3
    assert layout.headers[0] == ["Kode Rekening"]


def test_a_two_row_header_still_reads_its_child_row() -> None:
    parent = ["Kode Rekening", "Uraian", "Anggaran", "Anggaran", "Realisasi"]
    child = [None, None, "Murni", "Perubahan", None]
    layout = find_layout(_grid(["LRA 2025"], parent, child, ["5", "BELANJA", 1, 2, 3]))
    assert layout is not None and layout.header_rows == [2, 3]


def test_an_opd_named_above_a_sections_total_opens_nothing(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN"],
        ["PERIODE 1 JANUARI s.d. 31 DESEMBER 2025"],
        [],
        HEADER,
        [1, 2, 3, 4, 5, 6],
        ["SKPD : DINAS KESEHATAN"],  # row 7
        *tree(LEAVES),  # rows 8-12
        [None, PUPRKP_NAME],  # row 13: a note naming another OPD, not a heading
        [None, "JUMLAH BELANJA DINAS KESEHATAN", *CLOSE],  # row 14
        ["RUMAH SAKIT UMUM DAERAH CURUP"],  # row 15
        *tree(LEAVES),  # rows 16-20
        [None, "JUMLAH BELANJA DAERAH", 400_000_000, 387_000_000, 13_000_000, 96.75],
    ]
    sheet = read(write_xlsx(tmp_path / "lra.xlsx", Sheet("LRA", rows)))
    docs = {d.opd.code: list(d.frame[ROW]) for d in sheet.documents if d.opd}
    assert docs == {DINKES: list(range(7, 15)), RSUD: list(range(15, 22))}
    roles = {row: role for row, role, _ in sheet.special_rows}
    assert roles.get(13) != "section" and roles[14] == "total"
    assert [r for r, role in roles.items() if role == "section"] == [7, 15]
    assert sheet.role_counts["section"] == 2
    (dinkes,) = [d for d in sheet.documents if d.opd and d.opd.code == DINKES]
    assert list(dinkes.data()[ROW]) == [11, 12]  # the note is no account of the rules
