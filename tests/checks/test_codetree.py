"""The account code tree read in row order (rl_audit.ingest.codetree), subtotals at the
deepest failing node (rl_audit.checks.subtotals) and the spending part of a budget sheet
found by its root (rl_audit.checks.spending)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from rl_audit.checks.spending import largest_total, spending_rows, spending_total
from rl_audit.checks.subtotals import subtotal_gaps
from rl_audit.ingest.codetree import (
    build_tree,
    doc_tree,
    normal_codes,
    parent_rows,
    tree_issue,
)

S = pd.Series


def sheet(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """A document frame from (kode, uraian, anggaran sen[, role]) tuples."""
    frame = pd.DataFrame(
        [(*r, "data")[:4] for r in rows], columns=["kode_rekening", "uraian", "anggaran", "_role"]
    )
    frame["kode_rekening"] = frame["kode_rekening"].astype("string")
    frame["anggaran"] = pd.array(frame["anggaran"], dtype="Int64")
    frame["_row"] = range(8, 8 + len(frame))
    return frame


def test_codes_are_compared_without_spaces_dots_or_leading_zeros() -> None:
    codes = S([" 5.1.02.", "5.1.02.02.001.00003", "1.06 . 1.06.01", "5.2..3", "Jumlah", None])
    assert list(normal_codes(codes).fillna("-")) == [
        "5.1.2",
        "5.1.2.2.1.3",
        "1.6.1.6.1",
        "5.2.3",
        "-",
        "-",
    ]


def test_children_end_at_own_level_section_rows_and_totals() -> None:
    frame = sheet(
        [
            ("1", "URUSAN WAJIB", 60, "subtotal"),
            ("1.06", "Perencanaan Pembangunan", 60, "subtotal"),
            (None, "BELANJA LANGSUNG", None, "detail"),  # ends 1.06's block
            ("1.06.1.06.01.00.15", "Program", 40, "subtotal"),
            ("1.06.1.06.01.00.15.5.2.2.01", "Jasa Kantor", 40, "subtotal"),
            (None, "komponen", 15, "detail"),  # transparent
            ("1.06.1.06.01.00.15.5.2.2.001.00003", "Honorarium", 15),
            ("1.06.1.06.01.00.15.5.2.2.001.0063", "Internet", 25),
            (None, "JUMLAH BELANJA", 100, "total"),
            ("1.06.1.06.01.00.16", "Program lain", 5),
        ]
    )
    tree, trouble = doc_tree(frame)
    assert trouble is None
    assert list(tree.parent) == [-1, 0, -1, -1, 3, -1, 4, 4, -1, -1]
    assert list(tree.leaf) == [False, True, False, False, False, False, True, True, False, True]
    assert list(tree.end[[0, 1, 3, 4]]) == [2, 2, 8, 8]


@pytest.mark.parametrize(
    ("codes", "reason", "row", "other"),
    [
        # a page's repeat under the same branch (Bali monthly sheets)
        (["5.1.02.04", "5.1.02.04.01", "5.1.02.04.01.0001", "5.1.02.04.01"], "repeat", 11, 9),
        # 1.1 is 1.01 once its zero is dropped: the typo of 1.10 (Kulon Progo)
        (["1", "1.01", "1.01.1.01.01", "1.1", "1.10.1.10.01"], "repeat", 11, 9),
        # a child whose code does not extend its parent's (Gunungkidul)
        (["1.01.1.01.01.05", "1.01.1.01.01.05.02", "1.01.1.01.05.02.5.2.1"], "not_child", 10, 9),
        (["5", "5.1", "5.1-02"], "format", 10, None),
    ],
)
def test_malformed_trees_name_their_first_offending_row(
    codes: list[str], reason: str, row: int, other: int | None
) -> None:
    frame = sheet([(c, "x", 1) for c in codes])
    issue = tree_issue(frame, {"kode_rekening": "B"}, "anggaran")
    assert issue is not None and issue.key == f"code_tree_{reason}"
    assert issue.row == row and issue.cell == f"B{row}"
    assert issue.params.get("other_row") == other
    assert tree_issue(frame, {}, "bku") is None


def test_repeated_roots_are_separate_branches() -> None:
    frame = sheet([("1.03.10.2.01.0003", "Sub A", 5), ("5.1.02.01.01.0024", "ATK", 5),
                   ("1.03.10.2.01.0004", "Sub B", 7), ("5.1.02.01.01.0024", "ATK", 7)])  # fmt: skip
    assert doc_tree(frame)[1] is None


def test_coded_grouping_rows_are_read_as_sections_when_needed() -> None:
    """Bantul: BTL/BL carry the root's code, their programs a shorter one."""
    frame = sheet(
        [
            ("1.01.1.01.02.00.00.5", "BELANJA", 100, "subtotal"),
            ("1.01.1.01.02.00.00.5.1", "BELANJA TIDAK LANGSUNG", 60, "subtotal"),
            ("1.01.1.01.02.00.00", "Non Kegiatan", 60, "subtotal"),
            ("1.01.1.01.02.00.00.5.1.1", "Belanja Pegawai", 60),
            ("1.01.1.01.02.01.01.5.2", "BELANJA LANGSUNG", 40, "subtotal"),
            ("1.01.1.01.02.01", "Program", 40, "subtotal"),
            ("1.01.1.01.02.01.01", "Kegiatan", 40, "subtotal"),
            ("1.01.1.01.02.01.01.5.2.2", "Barang dan Jasa", 40),
        ]
    )
    tree, trouble = doc_tree(frame)
    assert trouble is None and not tree.node[1] and not tree.node[4]
    assert list(tree.parent[[3, 6, 7]]) == [2, 5, 6]
    named = parent_rows(frame["kode_rekening"], S(False, index=frame.index), frame[["uraian"]])
    assert list(named) == [True, True, True, False, True, True, True, False]


def gaps(rows: list[tuple[Any, ...]]) -> dict[str, tuple[float, float]]:
    """Reported subtotals: kode → (difference, should read), in rupiah."""
    frame = sheet(rows)
    tree = build_tree(frame["kode_rekening"], S(False, index=frame.index))
    got = subtotal_gaps(tree, frame["anggaran"] * 100, 100)
    at = np.flatnonzero(got.reported)
    return {frame.at[i, "kode_rekening"]: (got.difference[i] / 100, got.right[i] / 100) for i in at}


def test_one_wrong_leaf_is_reported_once_at_the_deepest_node() -> None:
    rows = [("5", "x", 30), ("5.1", "x", 30), ("5.1.02", "x", 30), ("5.1.02.01", "x", 30),
            ("5.1.02.01.01.0024", "x", 10), ("5.1.02.01.01.0026", "x", 25)]  # fmt: skip
    assert gaps(rows) == {"5.1.02.01": (-5, 35)}


def test_a_wrong_subtotal_with_right_parents_is_reported_alone() -> None:
    rows = [("5.1", "x", 80), ("5.1.01", "x", 35), ("5.1.01.1", "x", 10), ("5.1.01.2", "x", 20),
            ("5.1.02", "x", 50)]  # fmt: skip
    assert gaps(rows) == {"5.1.01": (5, 30)}


def test_a_parent_wrong_on_its_own_too_reports_only_its_own_part() -> None:
    rows = [("5.1", "x", 95), ("5.1.01", "x", 35), ("5.1.01.1", "x", 10), ("5.1.01.2", "x", 20),
            ("5.1.02", "x", 50)]  # fmt: skip
    # 5.1 should read 85 with 5.1.01 as printed: 10 of its own, not 15 counted again
    assert gaps(rows) == {"5.1.01": (5, 30), "5.1": (10, 85)}


def test_a_parent_matching_one_reading_of_its_children_is_not_reported() -> None:
    """Kota Yogyakarta: the parent adds one child as printed and another by its leaves."""
    rows = [("5.2.2", "x", 1080), ("5.2.2.03", "x", 1000), ("5.2.2.03.1", "x", 1080),
            ("5.2.2.06", "x", 2), ("5.2.2.06.1", "x", 80)]  # fmt: skip
    assert gaps(rows) == {"5.2.2.03": (-80, 1080), "5.2.2.06": (-78, 80)}


def test_blank_subtotals_and_subtotals_without_leaf_values_are_not_judged() -> None:
    rows = [("5.2", "x", 10), ("5.2.01", "x", None), ("5.2.01.1", "x", 6), ("5.2.02", "x", 9),
            ("5.2.02.1", "x", None)]  # fmt: skip
    assert gaps(rows) == {"5.2": (4, 6)}


# --- the spending part ----------------------------------------------------------------------


def test_spending_rows_from_the_root_to_the_next_head() -> None:
    frame = sheet(
        [
            ("1.02.1.02.01.00.00.001.4", "Pendapatan", 9, "subtotal"),
            ("1.02.1.02.01.00.00.001.4.1.4", "Lain-lain PAD", 9),
            (None, "Jumlah Pendapatan", 9, "total"),
            ("1.02.1.02.01.00.00.002.5", "BELANJA DAERAH", 7, "subtotal"),
            ("1", "URUSAN WAJIB", 7, "subtotal"),
            ("1.02.1.02.01.00.16.002", "Pemeliharaan kesehatan", 7),
            (None, "Jumlah Belanja", 7, "total"),
            ("6.1", "Penerimaan pembiayaan", 3),
        ]
    )
    assert list(spending_rows(frame)) == [False] * 3 + [True] * 3 + [False] * 2
    assert spending_total(frame, "anggaran") == 7 and spending_total(frame, "realisasi") is None


def test_without_a_root_codes_starting_with_5_are_spending() -> None:
    frame = sheet([("4.1.02.01", "Retribusi", 5), ("5.1.02.01.01.0024", "ATK", 3),
                   ("5.2.02.10", "Laptop", 4), ("51.1", "x", 9)])  # fmt: skip
    assert list(spending_rows(frame)) == [False, True, True, False]
    assert spending_total(frame, "anggaran") == 7


def test_desa_budgets_and_the_largest_document() -> None:
    desa = sheet([("1", "PENDAPATAN DESA", 20, "subtotal"), ("1.1", "PADesa", 20),
                  ("2", "BELANJA DESA", 19, "subtotal"), ("2.1", "Bidang", 19),
                  ("3", "PEMBIAYAAN", 1, "subtotal")])  # fmt: skip
    assert list(spending_rows(desa)) == [False, False, True, True, False]
    small = sheet([("5", "BELANJA", 4, "subtotal"), ("5.1", "x", 4)])
    docs = [type("D", (), {"frame": f})() for f in (small, desa, small)]
    assert largest_total(docs, desa, "anggaran") == (1, 19)
    assert largest_total(docs, desa, "realisasi") is None
