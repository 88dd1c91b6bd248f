"""The engine invariant: no finding claims more money than the sheets it points at hold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rl_audit.documents import ROLE, Document, OpdRef
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.engine.money_caps import cap_amounts, top_total
from rl_audit.findings import Finding, Location, Severity, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ruleset.load import load_rule_file

MINI = load_rule_file(Path(__file__).parent.parent / "data" / "rules" / "mini.yaml")


def lra(values: list[int]) -> Document:
    frame = pd.DataFrame(
        {
            "kode_rekening": ["5", "5.1", "5.1.02"][: len(values)],
            "anggaran": pd.array(values, dtype="Int64"),
            ROLE: ["subtotal", "subtotal", "data"][: len(values)],
        }
    )
    return Document("lra.xlsx", "LRA", "anggaran", 1.0, OpdRef("1", "X"), frame, {}, [1], [])


def finding(amount_sen: int | None, sheet: str = "LRA") -> Finding:
    loc = Location("lra.xlsx", sheet, 9, "anggaran", "C9")
    return Finding(
        "ANG-03", "2.01.01", Severity.LOW, None, "anggaran", "t", "m", amount_sen, (loc,), "fp"
    )


def test_top_total_is_the_largest_money_value_of_any_row() -> None:
    assert top_total(lra([500_00, 300_00, -900_00])) == 900_00


def test_an_amount_above_the_sheet_total_is_capped_and_said() -> None:
    doc = lra([1_000_000_00, 1_000_000_00])
    capped, notices = cap_amounts([finding(5_000_000_00), finding(200_00)], [doc])
    assert [f.amount_sen for f in capped] == [1_000_000_00, 200_00]
    (notice,) = notices
    assert notice.key == "amount_capped" and notice.cell == "C9"
    assert notice.params == {"rule": "ANG-03", "amount": "Rp 5.000.000", "total": "Rp 1.000.000"}


def test_amounts_on_sheets_without_money_and_empty_amounts_stay() -> None:
    doc = lra([1_00])
    capped, notices = cap_amounts([finding(None), finding(9_00, sheet="Other")], [doc])
    assert [f.amount_sen for f in capped] == [None, 9_00] and notices == []


def test_a_rule_that_evaluated_no_row_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "bku.csv").write_text(
        "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
        "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan;;;;;;\n;;;;;;\n"
        "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Cara Bayar\n",
        encoding="utf-8",
    )
    report = evaluate(MINI, ingest_paths([tmp_path], IngestOptions(root=tmp_path)), RunOptions())
    statuses = {o.rule_id: (o.status, o.reason) for o in report.outcomes}
    assert statuses["KAS-05"] == (Status.NOT_APPLICABLE, "tidak ada baris yang dapat dinilai")
    assert all(s is not Status.PASSED for s, _ in statuses.values())
    # an empty ledger is not a document read: the OPD's coverage lacks it
    assert report.opd_runs[0].kinds == ()


def test_a_duplicate_rule_with_no_dated_row_is_not_applicable() -> None:
    from rl_audit.checks import duplicate
    from rl_audit.checks.base import CheckInput

    frame = pd.DataFrame(
        {
            "kode_rekening": ["5.1.02.01.01.0024"] * 2,
            "nilai_realisasi": pd.array([100_00, 100_00], dtype="Int64"),
            "tanggal_dokumen": pd.to_datetime([None, None]),
            "_doc": [0, 0],
            "_idx": [0, 1],
        }
    )
    opts = {"keys": ["kode_rekening", "nilai_realisasi"], "date": "tanggal_dokumen"}
    ci = CheckInput(
        "realisasi", {"realisasi": frame}, {}, {}, pd.Timestamp("2025-12-31"), None, opts
    )
    out = duplicate.run(ci)
    assert out.empty and out.attrs["evaluated"] == 0
