"""Selection is reproducible; a tampered working paper is refused with the row named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.sampling.population import Item, Population
from rl_audit.sampling.readback import PaperError, read_paper
from rl_audit.sampling.select import mus, simple_random, top
from tests.sampling.test_evaluate import fill, paper_of

SAMPLES = Path(__file__).parents[2] / "samples" / "dinkes"


def population(amounts: list[int]) -> Population:
    """Items of `amounts` (sen) in one sheet."""
    items = [Item("f.xlsx", "S", 10 + i, f"G{10 + i}", a) for i, a in enumerate(amounts)]
    return Population("1", "OPD", "bku", "pengeluaran", items)


def test_mus_points_by_hand() -> None:
    pop = population([100, 500, 50, 1_000, 350, 30])  # cumulative 100, 600, 650, 1650, 2000, 2030
    start = int(np.random.default_rng(3).integers(0, 400))
    points = range(start, 2_030, 400)
    upper = np.cumsum([i.amount for i in pop.items])
    expected = sorted({int(np.searchsorted(upper, p, side="right")) for p in points})
    drawn = mus(pop, 400, 3)
    assert [pop.items.index(p.item) for p in drawn.picks] == expected
    assert [p.item.amount for p in drawn.picks if p.certainty] == [500, 1_000]  # ≥ 400


def test_random_and_top() -> None:
    pop = population([5, 9, 1, 7, 3, 8])
    assert [p.item.amount for p in top(pop, 3, 0).picks] == [9, 7, 8]  # population order
    first = simple_random(pop, 4, 11)
    assert len({p.item for p in first.picks}) == 4
    assert first.picks == simple_random(pop, 4, 11).picks


def run_json(tmp_path: Path, name: str, *extra: str) -> list[dict[str, object]]:
    """The items of the JSON paper that `rl-audit sample SAMPLES` writes."""
    out = tmp_path / name
    args = ["sample", str(SAMPLES), "--format", "json", "--output", str(out), *extra]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    (paper,) = out.glob("*.json")
    return json.loads(paper.read_text(encoding="utf-8"))["items"]


def test_same_seed_same_selection(tmp_path: Path) -> None:
    first = run_json(tmp_path, "a", "--seed", "42", "--size", "12")
    assert first == run_json(tmp_path, "b", "--seed", "42", "--size", "12")
    assert first != run_json(tmp_path, "c", "--seed", "43", "--size", "12")
    assert all(str(i["cell"]).startswith("G") for i in first)  # the pengeluaran column


def tampered(tmp_path: Path, change: str) -> PaperError:
    """The error reading a paper changed by `change`."""
    path = paper_of(tmp_path, [1_000, 2_000, 5_000], certain=set())
    book = load_workbook(path)
    sheet = book["Sampel"]
    if change == "reorder":
        rows = [[c.value for c in sheet[r]] for r in (2, 3)]
        for col, value in enumerate(rows[1], 1):
            sheet.cell(2, col).value = value
        for col, value in enumerate(rows[0], 1):
            sheet.cell(3, col).value = value
    elif change == "delete":
        sheet.delete_rows(3)
    elif change == "edit":
        sheet.cell(4, 6).value = 9_999
    elif change == "params":
        book["Parameter"]["C9"].value = 1
    book.save(path)
    with pytest.raises(PaperError) as caught:
        read_paper(path)
    return caught.value


def test_tampered_papers_are_refused(tmp_path: Path) -> None:
    assert (tampered(tmp_path, "reorder").key, tampered(tmp_path, "reorder").params["row"]) == (
        "sample_row_order",
        2,
    )
    assert tampered(tmp_path, "delete").params == {"row": 3, "found": "S0003", "expected": "S0002"}
    assert (tampered(tmp_path, "edit").key, tampered(tmp_path, "edit").params["row"]) == (
        "sample_row_edited",
        4,
    )
    assert tampered(tmp_path, "params").key == "sample_params_edited"


def test_misstatement_above_amount_refused_exit_3(tmp_path: Path) -> None:
    path = paper_of(tmp_path, [1_000, 2_000], certain=set())
    fill(path, {1: 2_000.01})
    done = CliRunner().invoke(app, ["sample", "evaluate", str(path), "--lang", "en"])
    assert done.exit_code == 3
    assert "Row 3 (S0002)" in done.output
    fill(path, {1: 2_000})
    done = CliRunner().invoke(app, ["sample", "evaluate", str(path), "--lang", "en"])
    assert done.exit_code == 0 and "Conclusion:" in done.output


@pytest.mark.parametrize("args", [("sample", "--help"), ("sample", "evaluate", "--help")])
def test_sample_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    from tests.cli.test_startup import loaded_after

    code, loaded, stdout = loaded_after(*args)
    assert code in (0, None) and "sample" in stdout
    assert loaded == []


def test_with_findings_exclude_leaves_out_flagged_rows(tmp_path: Path) -> None:
    from rl_audit.config import find_config
    from rl_audit.run import CheckRequest, run_check
    from rl_audit.sampling.flagged import flagged_places

    report = run_check(CheckRequest(paths=(SAMPLES,), config=find_config(None, paths=[SAMPLES])))
    flagged = {row for file, _, row in flagged_places(report) if "bku" in file}
    kept = run_json(tmp_path, "x", "--method", "top", "--size", "200", "--with-findings", "exclude")
    every = run_json(tmp_path, "y", "--method", "top", "--size", "200")
    assert flagged and {i["row"] for i in every} - {i["row"] for i in kept} == flagged


def test_formula_like_text_is_written_inert_and_reads_back(tmp_path: Path) -> None:
    from rl_audit.sampling.paper import write_xlsx
    from rl_audit.sampling.select import Pick, Sample

    item = Item("f.xlsx", "S", 10, "G10", 5_000, uraian='=HYPERLINK("http://x","y")')
    sample = Sample(population([]), "top", 1, [Pick(item)])
    sample.population.items.append(item)
    path = tmp_path / "kkp.xlsx"
    write_xlsx(sample, path, "id")
    cell = load_workbook(path)["Sampel"]["I2"]
    assert cell.data_type != "f" and not str(cell.value).startswith("=")
    assert read_paper(path).rows[0].amount == 5_000
