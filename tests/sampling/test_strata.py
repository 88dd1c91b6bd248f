"""Stratified sampling: bands, allocation and the per-stratum projection, computed by hand."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from rl_audit.sampling.evaluate import evaluate
from rl_audit.sampling.paper import write_xlsx
from rl_audit.sampling.population import Item, Population
from rl_audit.sampling.readback import read_paper
from rl_audit.sampling.strata import allocate, equal_value_edges, stratified
from rl_audit.sampling.verdict import conclusion


def population(amounts: list[int]) -> Population:
    """Items of `amounts` (sen) in one sheet."""
    items = [Item("f.xlsx", "S", 10 + i, f"G{10 + i}", a) for i, a in enumerate(amounts)]
    return Population("1", "OPD", "bku", "pengeluaran", items)


def test_equal_value_edges_by_hand() -> None:
    # sorted 10, 10, 20, 20, 40, 100 (total 200); 2 bands: cut once the running total
    # before an item reaches 100: 10+10+20+20+40 = 100 before 100 → edge 100
    assert equal_value_edges([100, 10, 20, 40, 10, 20], 2) == [0, 100]


def test_allocation_proportional_to_value() -> None:
    # n = 10 over values 600, 300, 100: quotas 6, 3, 1
    assert allocate([600, 300, 100], [50, 50, 50], 10) == [6, 3, 1]
    # quotas 5.5, 2.75, 1.75 → 5, 2, 1 then largest remainders .75, .75 → 6, 3, 1 … capped by counts
    assert allocate([550, 275, 175], [50, 2, 50], 10) == [6, 2, 2]


def test_stratified_projection_by_hand(tmp_path: Path) -> None:
    amounts = [1_000, 2_000, 3_000, 4_000, 50_000, 60_000]  # strata [0, 10.000) and [10.000, …)
    drawn = stratified(population(amounts), 3, 9, [10_000])
    # values 10.000 : 110.000 of 120.000 → quotas 0.25 and 2.75 → 1 (at least one) and 2
    assert [p.stratum for p in drawn.picks] == [1, 2, 2]
    assert drawn.picks[1:] == [p for p in drawn.picks if p.item.amount >= 10_000]
    path = tmp_path / "kkp.xlsx"
    write_xlsx(drawn, path, "en")
    book = load_workbook(path)
    book["Sampel"].cell(2, 13).value = drawn.picks[0].item.amount / 100 / 2  # half of it
    book["Sampel"].cell(3, 13).value = 110 / 100 * 11  # 1.210 sen of the 50.000 item
    book.save(path)
    result = evaluate(read_paper(path), tolerable=10_000)
    # stratum 1: half the sampled amount misstated → 0.5 × 10.000 = 5.000
    # stratum 2: 1.210 ÷ 110.000 sampled (both items) × 110.000 = 1.210
    assert [s.projected for s in result.strata] == [5_000, 1_210]
    assert result.projected == 6_210 and result.acceptable is True
    assert conclusion(result, "en")[-1].startswith("Conclusion: Rp 62,10 ≤")
