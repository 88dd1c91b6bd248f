"""Follow-up matrices of BPK recommendations (`tindak_lanjut`) through the real importer.

The two layouts of `tl_layouts.py` (SIPTL-style matrix with merged cells; one LHP per
block): every data row carries its LHP number and date, finding and status, money to the
sen; heading and repeated header rows are layout, not data. Plus the status, finding-code
and money derivations of `rl_audit.ingest.enrich`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tl_layouts import (
    LHP_2024,
    LHP_2025,
    LHP_KIN,
    build_tl_blocks,
    build_tl_blocks_csv,
    build_tl_matrix,
)

from rl_audit.documents import ROLE, ROW, Document, InputFile
from rl_audit.ingest.enrich import finding_code, followup_money, status_tl
from rl_audit.ingest.pipeline import IngestOptions, ingest_file

PUPRKP = "1.03.1.04.0.00.01.0000"
DINKES = "1.02.0.00.0.00.01.0000"
KEYS = ("nomor_lhp", "tanggal_lhp", "nomor_temuan", "kode_temuan", "kode_rekomendasi",
        "status_tl", "nilai_rekomendasi", "nilai_setor", "sisa")  # fmt: skip


def T(year: int, month: int, day: int) -> pd.Timestamp:  # noqa: N802 - reads like a literal
    return pd.Timestamp(year, month, day)


# fmt: off
MATRIX_EXPECTED = {
    9: (LHP_2024, T(2024, 5, 17), "1", "1.01.03", "01", "belum sesuai",
        45_678_900_50, 20_000_000_00, 25_678_900_50),
    10: (LHP_2024, T(2024, 5, 17), "1", "1.01.03", "05", "sesuai", None, None, None),
    11: (LHP_2024, T(2024, 5, 17), "2", "1.03.01", "01", "belum ditindaklanjuti",
         12_500_000_00, None, 12_500_000_00),
    12: (LHP_2025, T(2025, 5, 20), "1", "1.04.01", "06", "tidak dapat ditindaklanjuti",
         None, None, None),
}
BLOCK_EXPECTED = {
    7: (LHP_2024, T(2024, 5, 17), "3", "1.01.07", "01", "sesuai",
        8_250_000_00, 8_250_000_00, 0),
    8: (LHP_2024, T(2024, 5, 17), "4", "1.04.10", "06", "belum ditindaklanjuti",
        None, None, None),
    13: (LHP_2025, T(2025, 5, 20), "2", "1.01.07", "01", "belum sesuai",
         12_345_678_90, 5_000_000_00, 7_345_678_90),
    14: (LHP_2025, T(2025, 5, 20), "2", "1.01.07", "05", "belum sesuai", None, None, None),
    16: (LHP_KIN, T(2025, 11, 14), "1", "2.01.01", "07", "belum ditindaklanjuti",
         None, None, None),
    18: (None, T(2025, 12, 1), "2", "3.03.06", "09", None, None, None, None),
}
# fmt: on


def _read(path: Path) -> tuple[InputFile, Document]:
    inp = ingest_file(path, IngestOptions(root=path.parent))
    docs = inp.documents()
    assert len(docs) == 1, [(s.sheet, s.issues) for s in inp.sheets]
    return inp, docs[0]


def _value(v: object) -> object:
    return None if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)) else v


def _rows(doc: Document) -> dict[int, tuple[object, ...]]:
    data = doc.data()
    return {int(r): tuple(_value(data.loc[i, k]) for k in KEYS) for i, r in data[ROW].items()}


def _roles(doc: Document) -> dict[int, str]:
    special = doc.frame[doc.frame[ROLE] != "data"]
    return dict(zip(special[ROW].astype(int), special[ROLE], strict=True))


def test_matrix_with_merged_two_row_header(tmp_path: Path) -> None:
    inp, doc = _read(build_tl_matrix(tmp_path))
    assert (doc.kind, doc.confidence, doc.header_rows) == ("tindak_lanjut", 1.0, [6, 7])
    assert doc.opd is not None and doc.opd.code == PUPRKP
    assert doc.columns == {
        "no": "A", "nomor_lhp": "B", "tanggal_lhp": "C", "nomor_temuan": "D",
        "kode_temuan": "E", "uraian_temuan": "F", "kode_rekomendasi": "G", "rekomendasi": "H",
        "nilai_rekomendasi": "I", "tindak_lanjut": "J", "nilai_setor": "K", "status_tl": "L",
        "sisa": "M",
    }  # fmt: skip
    assert _rows(doc) == MATRIX_EXPECTED
    assert _roles(doc) == {13: "total", 15: "footer", 16: "footer", 18: "footer", 19: "footer"}
    assert inp.sheets[0].issues == []


def test_matrix_in_lhp_blocks(tmp_path: Path) -> None:
    inp, doc = _read(build_tl_blocks(tmp_path))
    assert (doc.kind, doc.header_rows) == ("tindak_lanjut", [6])
    assert doc.opd is not None and doc.opd.code == DINKES
    assert "nomor_lhp" not in doc.columns  # carried from the block headings, no source column
    assert _rows(doc) == BLOCK_EXPECTED
    layout_rows = dict.fromkeys([10, 11, 12, 15, 17], "heading")
    assert _roles(doc) == {**layout_rows, 19: "total", **dict.fromkeys([21, 22, 24, 25], "footer")}
    # the repeated header's texts under money and date columns are not unreadable values
    assert inp.sheets[0].issues == []


def test_blocks_read_the_same_from_csv(tmp_path: Path) -> None:
    _, doc = _read(build_tl_blocks_csv(tmp_path))
    assert doc.kind == "tindak_lanjut"
    assert _rows(doc) == BLOCK_EXPECTED


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sesuai", "sesuai"),
        ("Sesuai dengan rekomendasi", "sesuai"),
        ("SUDAH SESUAI", "sesuai"),
        ("S", "sesuai"),
        ("Belum  Sesuai", "belum sesuai"),
        ("BS", "belum sesuai"),
        ("Belum sesuai rekomendasi", "belum sesuai"),
        ("Belum Ditindaklanjuti", "belum ditindaklanjuti"),
        ("belum di tindak lanjuti", "belum ditindaklanjuti"),
        ("BTL", "belum ditindaklanjuti"),
        ("Tidak Dapat Ditindaklanjuti dengan alasan yang sah", "tidak dapat ditindaklanjuti"),
        ("TDD", "tidak dapat ditindaklanjuti"),
        ("Tidak sesuai", "tidak sesuai"),
        (None, None),
    ],
)
def test_status_in_one_spelling(raw: str | None, expected: str | None) -> None:
    assert _value(status_tl(pd.Series([raw], dtype="string")).iloc[0]) == expected


def test_finding_codes_padded() -> None:
    raw = pd.Series(["1.1.3", "01.04.10", "2.01.01", "TGR-5", None], dtype="string")
    assert [_value(v) for v in finding_code(raw)] == [
        "1.01.03",
        "1.04.10",
        "2.01.01",
        "TGR-5",
        None,
    ]


def test_missing_money_column_is_derived() -> None:
    frame = pd.DataFrame(
        {
            "nilai_rekomendasi": pd.array([10_000_00, 5_000_00, None], dtype="Int64"),
            "nilai_setor": pd.array([2_500_50, None, 1_00], dtype="Int64"),
        }
    )
    assert followup_money(frame) == ["sisa"]
    assert [_value(v) for v in frame["sisa"]] == [7_499_50, None, None]
    only = pd.DataFrame({"sisa": pd.array([1_00], dtype="Int64")})
    assert followup_money(only) == ["nilai_rekomendasi", "nilai_setor"]
    assert only["nilai_rekomendasi"].isna().all() and only["nilai_setor"].isna().all()
    assert followup_money(pd.DataFrame({"status_tl": ["sesuai"]})) == []


def test_inspect_names_block_headings_with_their_text() -> None:
    from rl_audit.ingest.pipeline import IngestOptions, ingest_file

    sample = Path(__file__).parent.parent.parent / "samples" / "dinkes" / "tindak_lanjut_bpk.xlsx"
    (sheet,) = ingest_file(sample, IngestOptions()).sheets
    headings = [(row, text) for row, role, text in sheet.special_rows if role == "heading"]
    assert headings and all(text.startswith("LHP Nomor") for _, text in headings)
    footers = [text for _, role, text in sheet.special_rows if role == "footer"]
    assert "Mengetahui, Curup, 30 Desember 2025" in footers  # the whole row, as it stands
