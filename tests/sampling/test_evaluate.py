"""MUS sizing and the Stringer bound against a worked example computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from rl_audit.sampling.evaluate import evaluate
from rl_audit.sampling.factors import factor, mus_size
from rl_audit.sampling.paper import write_xlsx
from rl_audit.sampling.population import Item, Population
from rl_audit.sampling.readback import read_paper
from rl_audit.sampling.select import Pick, Sample

RP = 100  # sen per rupiah


def paper_of(tmp_path: Path, amounts: list[int], certain: set[int]) -> Path:
    """A MUS paper (interval Rp 10.000, 95 %, tolerable Rp 50.000) over items of `amounts` (Rp)."""
    items = [
        Item("bku.xlsx", "BKU", 10 + i, f"G{10 + i}", a * RP, uraian=f"x{i}")
        for i, a in enumerate(amounts)
    ]
    population = Population("1.02", "Dinkes", "bku", "pengeluaran", items)
    picks = [Pick(item, certainty=i in certain) for i, item in enumerate(items)]
    sample = Sample(
        population, "mus", 1, picks, interval=10_000 * RP, confidence=95, tolerable=50_000 * RP
    )
    path = tmp_path / "kkp.xlsx"
    write_xlsx(sample, path, "id")
    return path


def fill(path: Path, misstatements: dict[int, object]) -> None:
    """Type the auditor's misstatements (by 0-based item) into the `Salah saji` column."""
    book = load_workbook(path)
    for index, value in misstatements.items():
        book["Sampel"].cell(index + 2, 13).value = value
    book.save(path)


def test_mus_sample_size_by_hand() -> None:
    # population Rp 5.000.000, 95 %: factor 3.00, expansion 1.6; tolerable 250.000, expected 50.000
    # n = ceil(5.000.000 × 3.00 / (250.000 − 50.000 × 1.6))
    #   = ceil(15.000.000 / 170.000) = ceil(88.24) = 89
    assert mus_size(5_000_000, 95, 250_000, 50_000) == 89
    # 90 %, no expected error: ceil(5.000.000 × 2.31 / 250.000) = ceil(46.2) = 47
    assert mus_size(5_000_000, 90, 250_000) == 47
    with pytest.raises(ValueError):
        mus_size(5_000_000, 95, 80_000, 50_000)  # 80.000 − 80.000 leaves no room


def test_factors_table_and_beyond() -> None:
    assert [factor(90, k) for k in range(5)] == [2.31, 3.89, 5.33, 6.69, 8.00]
    assert [factor(95, k) for k in range(5)] == [3.00, 4.75, 6.30, 7.76, 9.16]
    assert factor(95, 11) == pytest.approx(18.21, abs=0.01)  # Poisson upper limit, k = 11


def test_stringer_bound_worked_example(tmp_path: Path) -> None:
    # Items (Rp): 1.000 with 500 misstated (t = 0.5), 2.000 with 2.000 (t = 1.0),
    # 5.000 with 250 (t = 0.05), 4.000 clean, and a certainty item 25.000 with 1.200 known.
    path = paper_of(tmp_path, [1_000, 2_000, 5_000, 4_000, 25_000], certain={4})
    fill(path, {0: 500, 1: "2.000", 2: 250, 4: 1_200})
    result = evaluate(read_paper(path))
    # J = 10.000, 95 %. Basic precision = 3.00 × 10.000 = 30.000
    # taintings descending 1.0, 0.5, 0.05 → projected 10.000 + 5.000 + 500 = 15.500
    # increments: 1.0 × 10.000 × (4.75 − 3.00) = 17.500
    #             0.5 × 10.000 × (6.30 − 4.75) =  7.750
    #            0.05 × 10.000 × (7.76 − 6.30) =    730  → Σ 25.980
    # incremental allowance = 25.980 − 15.500 projected = 10.480
    # UML = 30.000 + 25.980 + 1.200 known = 57.180 > tolerable 50.000 → not acceptable
    assert result.errors == 3
    assert result.basic_precision == 30_000 * RP
    assert result.projected == 15_500 * RP
    assert result.allowance == 10_480 * RP
    assert result.known == 1_200 * RP
    assert result.upper_limit == 57_180 * RP
    assert result.acceptable is False
    assert evaluate(read_paper(path), tolerable=60_000 * RP).acceptable is True


def test_no_misstatement_is_basic_precision(tmp_path: Path) -> None:
    path = paper_of(tmp_path, [1_000, 2_000], certain=set())
    result = evaluate(read_paper(path), confidence=90)
    assert result.upper_limit == 23_100 * RP  # 2.31 × 10.000
    assert result.acceptable is True
