"""ANG-01 … ANG-03 over the real public budgets in tests/data/realdata (see its README).

Every finding left there was checked by hand against the sheet: a subtotal that is not
the sum of its lines under any reading (Kota Yogyakarta, Desa Dlingo), an `Angka` cell
that copies the realised column (Sleman), activities realised above their budget
(Sleman, Gunungkidul). Sheets whose code tree cannot be built are one input problem each,
never money; one wrong number is reported once, never again at its ancestors; no amount
exceeds its sheet's top total; absorption and budgets come from the BELANJA DAERAH row.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pandas as pd

from rl_audit.checks.exprscope import money_columns
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import AuditReport, Finding, Measure
from rl_audit.ingest.codetree import normal_codes
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ruleset.load import bundled_rules_dir, load_rules

REAL = Path(__file__).parent.parent / "data" / "realdata"
DIY = "apbd-diy"
BALI = "opd-workbooks/dpa-realisasi-bali-2026.xlsx"


@cache
def inputs() -> tuple:
    return tuple(ingest_paths([REAL], IngestOptions(root=REAL)))


@cache
def report() -> AuditReport:
    options = RunOptions(select=("ANG-01", "ANG-02", "ANG-03"))
    return evaluate(load_rules(bundled_rules_dir()), list(inputs()), options)


def where(f: Finding) -> tuple[str, str, str | None]:
    loc = f.locations[0]
    return loc.file, loc.sheet, loc.cell


def difference(f: Finding) -> str:
    """The signed difference a finding's message states (`selisih -100`)."""
    found = re.search(r"\(selisih (-?[0-9.,]+)\)", f.message)
    assert found, f.message
    return found.group(1)


def test_malformed_trees_are_one_input_problem_each() -> None:
    found = {
        (d.file, d.sheet): (i.key, i.cell)
        for f in inputs()
        for d in f.documents()
        for i in d.warnings
        if i.key.startswith("code_tree")
    }
    months = {(BALI, m): ("code_tree_repeat", "B39") for m in ("Jan", "Juni", "Desember")}
    expected = {
        (f"{DIY}/2014_3403_1468467357.csv", "2014_3403_1468467357"): ("code_tree_not_child", "A81"),
        (f"{DIY}/3401_1471949861.csv", "3401_1471949861"): ("code_tree_repeat", "A31"),
        (f"{DIY}/3404_1477249605.csv", "3404_1477249605"): ("code_tree_not_child", "A68"),
        (f"{DIY}/3403010011_1471190369.ods", "Sheet1"): ("code_tree_not_child", "A13"),
        (BALI, "DPA"): ("code_tree_not_child", "B51"),
        **months,
    }
    assert expected.items() <= found.items() and len(found) == 5 + 12
    subtotals = [f for f in report().findings if "subtotal" in f.message]
    assert not {where(f)[:2] for f in subtotals} & set(found)  # no subtotal money there


def test_remaining_findings_are_the_checked_ones() -> None:
    money = [f for f in report().findings if f.rule_id != "ANG-02"]  # ANG-02: the run's period
    count = Counter((f.rule_id, where(f)[0]) for f in money)
    assert count == {
        ("ANG-03", f"{DIY}/3471_1474362312.csv"): 29,
        ("ANG-03", f"{DIY}/3402100003_1470589538.csv"): 2,
        ("ANG-03", f"{DIY}/3404_1477249605.csv"): 1,
        ("ANG-01", f"{DIY}/3404_1477249605.csv"): 8,
        ("ANG-01", f"{DIY}/2014_3403_1468467357.csv"): 1,
    }
    amounts = {(f.rule_id, where(f)[2]): f.amount_sen for f in report().findings}
    # a leaf typed 10.151.618.359 under a subtotal of 51.600.000 (its note says 51.600.000):
    # the subtotal agrees with the rows above it, so the leaf is named, not the subtotal
    assert amounts["ANG-03", "C37"] == 10_100_018_359_00
    assert ("ANG-03", "C36") not in amounts
    assert amounts["ANG-03", "E43"] == 1_047_509_976_00  # Angka copies the realised column
    assert amounts["ANG-01", "A32"] == 19_058_956_768_00  # realised 533,8 % of its budget
    assert amounts["ANG-01", "A334"] == 24_920_000_00


def test_no_cascade_and_no_amount_above_the_sheet_total() -> None:
    docs = {(d.file, d.sheet): d for f in inputs() for d in f.documents()}
    subtotal = [f for f in report().findings if f.rule_id == "ANG-03"]
    for f in subtotal:
        d = docs[f.locations[0].file, f.locations[0].sheet]
        money = [d.frame[c].abs().max() for c in money_columns(d.kind) if c in d.frame]
        assert f.amount_sen is not None and 0 < f.amount_sen <= max(money)
    rows = {f: f.locations[0] for f in subtotal}
    code = {f: normal_codes(pd.Series([docs[r.file, r.sheet].frame.loc[
        docs[r.file, r.sheet].frame["_row"] == r.row, "kode_rekening"].iloc[0]])).iloc[0]
        for f, r in rows.items()}  # fmt: skip
    for child in subtotal:
        for parent in subtotal:
            same = rows[child].sheet == rows[parent].sheet
            if same and code[child].startswith(code[parent] + "."):
                assert difference(child) != difference(parent), (code[child], code[parent])


def test_budget_and_absorption_from_the_belanja_daerah_row() -> None:
    absorption = {r.opd.name: r.metrics.get("absorption") for r in report().opd_runs}
    gunungkidul = absorption["Dinas Pendidikan, Pemuda dan Olahraga"]
    assert gunungkidul is not None
    assert (gunungkidul.numerator_sen, gunungkidul.denominator_sen) == (
        643_354_439_664_00,
        759_243_300_538_61,
    )
    sleman = absorption["Dinas Kesehatan"]
    assert sleman is not None
    assert (sleman.numerator_sen, sleman.denominator_sen) == (
        202_361_654_885_00,
        160_444_233_700_00,
    )
    bali = absorption["Dinas Komunikasi, Informatika dan Statistik"]  # DPA + 12 restatements
    assert isinstance(bali, Measure) and bali.numerator_sen is None
    assert bali.denominator_sen == 104_571_400_00


def test_a_pasted_leaf_is_named_at_its_cell_not_at_its_agreeing_subtotal() -> None:
    (found,) = [
        f
        for f in report().findings
        if where(f)[0] == f"{DIY}/3471_1474362312.csv" and where(f)[2] == "C37"
    ]
    assert [loc.cell for loc in found.locations] == ["C37"]
    assert "berjumlah 10.151.618.359" in found.message
    assert "total di atasnya 51.600.000" in found.message
    assert "seharusnya 10.151.618.359" not in found.message
