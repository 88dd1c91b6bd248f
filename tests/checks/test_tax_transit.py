"""Taxes in transit at year end (`rl_audit.checks.tax_transit`) and KAS-04's netting."""

from __future__ import annotations

from rl_audit.checks import year_end_balance
from rl_audit.checks.tax_transit import transit_by_year
from tests.checks.conftest import make_input

SPEC = {
    "kind": "pajak",
    "withheld": "pungut",
    "deposited": "setor",
    "date": "tanggal",
    "by": "jenis_pajak",
    "fold": {"jenis_pajak": "tax_type"},
    "deadline_by": [
        {"when": 'contains(jenis_pajak, "PPN")', "deadline": "end_of_next_month"},
        {"deadline": "day_of_next_month:15"},
    ],
}
BKU = [{"tanggal": "2025-12-31", "uraian": "Belanja", "penerimaan": 0, "pengeluaran": 5,
        "saldo": 1_000}]  # fmt: skip
KAS04 = {"balance": "saldo", "date": "tanggal", "in_transit": SPEC}


def tax(day: str, jenis: str, pungut: float, setor: float) -> dict[str, object]:
    return {"tanggal": day, "no_bukti": "x", "jenis_pajak": jenis, "pungut": pungut,
            "setor": setor}  # fmt: skip


def transit(*rows: dict[str, object]) -> dict[int, int]:
    ci = make_input("bku", BKU, KAS04, others={"pajak": list(rows)})
    return {int(y): int(v) // 100 for y, v in transit_by_year(ci, SPEC).items()}


def test_december_taxes_paid_in_january_by_their_deadline() -> None:
    assert transit(
        tax("2025-12-05", "PPh 21", 100, 0),
        tax("2025-12-06", "PPN", 300, 0),
        tax("2026-01-15", "PPh Ps. 21", 0, 100),  # on the deadline
        tax("2026-02-02", "Pajak Pertambahan Nilai", 0, 300),  # 31 Jan is a Saturday
    ) == {2025: 400}


def test_late_partial_earlier_months_and_december_deposits() -> None:
    assert transit(
        tax("2025-11-20", "PPh 23", 50, 0),  # November: not December's
        tax("2025-12-01", "PPh 23", 70, 0),
        tax("2025-12-10", "PPh 23", 0, 60),  # pays November's 50 first, then 10
        tax("2025-12-11", "PPh 22", 80, 0),
        tax("2026-01-10", "PPh 23", 0, 100),  # only 60 of December's is held
        tax("2026-01-16", "PPh 22", 0, 80),  # a day late
    ) == {2025: 60}


def test_kas04_amount_is_what_remains() -> None:
    rows = [tax("2025-12-05", "PPh 21", 400, 0), tax("2026-01-14", "PPh 21", 0, 400)]
    out = year_end_balance.run(make_input("bku", BKU, KAS04, others={"pajak": rows}))
    assert out["_amount"].tolist() == [60_000] and out["_in_transit"].tolist() == [40_000]
    rows = [tax("2025-12-05", "PPh 21", 1_000, 0), tax("2026-01-14", "PPh 21", 0, 1_000)]
    assert year_end_balance.run(make_input("bku", BKU, KAS04, others={"pajak": rows})).empty
    assert year_end_balance.run(make_input("bku", BKU, KAS04))["_amount"].tolist() == [100_000]
