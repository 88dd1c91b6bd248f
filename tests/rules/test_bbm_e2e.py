"""End to end: a BKU naming plates and the same OPD's KIB B → ingest → BBM-01.

Dinas PUPRKP hands in its December BKU (title block, Saldo Awal, Jumlah rows,
signature) and its KIB B (merged `Nomor` → `Polisi` header), where the minibus is
written `BD-1234-AB`. The BKU pays fuel and upkeep for the KIB's vehicles (plates
written `BD8123AZ` and `BD 1234 AB`), fuel without a plate, text that only looks like a
plate, and two vehicles the KIB does not hold: only those two are findings, with their
Excel rows and amounts to the sen. Dinas Kesehatan's BKU names a plate too, but Dinkes
hands in no KIB: BBM-01 does not apply there, and says why.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import write_xlsx
from tests.rules.test_e2e_aset import KIB_B_HEADER, KIB_B_ROWS, PUPRKP, PUPRKP_CODE, kib_sheet
from tests.rules.test_e2e_kas import Line, bku_sheet, d, row_of

DINKES = "1.02.0.00.0.00.01.0000 Dinas Kesehatan"
KODE = "5.1.02.01.01.0012"
# fmt: off
PUPRKP_LINES: list[Line] = [
    (d(12, 1), "0001", None, "Penerimaan SP2D GU 00201/SP2D/GU/2025", 20_000_000_00, 0, "Bank"),
    # 1: the dump truck, plate written without spaces: clean
    (d(12, 2), "0002", KODE, "Belanja BBM Solar Dump Truck BD8123AZ", 0, 750_000_00, "Transfer"),
    # 2: the minibus, in the KIB as BD-1234-AB: clean
    (d(12, 3), "0003", KODE, "Servis rutin dan ganti oli minibus BD 1234 AB", 0,
     1_250_000_00, "Transfer"),
    # 3: fuel without a plate: not checked
    (d(12, 4), "0004", KODE, "BBM genset kantor", 0, 400_000_00, "Transfer"),
    # 4: BBM-01, a car the KIB does not hold
    (d(12, 5), "0005", KODE, "Belanja BBM Pertalite kendaraan BD 1999 KA", 0, 600_000_50,
     "Transfer"),
    # 5: BBM-01, spare parts for a motorbike the KIB does not hold
    (d(12, 8), "0006", KODE, "Pembelian suku cadang motor bd.7721.xc", 0, 450_000_00,
     "Transfer"),
    # 6 + 7: plate look-alikes: an address and an account code
    (d(12, 9), "0007", KODE, "BBM rapat lapangan Jl. Merdeka No. 12 A", 0, 150_000_00,
     "Transfer"),
    (d(12, 10), "0008", KODE, "Belanja BBM 5.1.02.01.01.0012", 0, 200_000_00, "Transfer"),
    # 8: a plate the KIB lacks, but no fuel or upkeep: not checked
    (d(12, 11), "0009", KODE, "Sewa mobil BD 5555 XY untuk survei", 0, 900_000_00,
     "Transfer"),
]
DINKES_LINES: list[Line] = [
    (d(12, 1), "0001", None, "Penerimaan SP2D GU", 5_000_000_00, 0, "Bank"),
    (d(12, 2), "0002", KODE, "BBM ambulans BD 1027 FY", 0, 500_000_00, "Transfer"),
]
# fmt: on


def workbooks(tmp: Path) -> list[Path]:
    """PUPRKP's KIB B and BKU, and Dinkes's BKU."""
    kib_rows = [list(row) for row in KIB_B_ROWS]
    kib_rows[0][8] = "BD-1234-AB"  # the minibus's plate, written with dashes
    kib = kib_sheet("KIB B", "KARTU INVENTARIS BARANG (KIB) B", KIB_B_HEADER, kib_rows)
    puprkp, _ = bku_sheet(PUPRKP, "DESEMBER 2025", 0, PUPRKP_LINES)
    dinkes, _ = bku_sheet(DINKES, "DESEMBER 2025", 0, DINKES_LINES)
    return [
        write_xlsx(tmp / "puprkp" / "kib_b_2025.xlsx", kib),
        write_xlsx(tmp / "puprkp" / "bku_desember_2025.xlsx", puprkp),
        write_xlsx(tmp / "dinkes" / "bku_desember_2025.xlsx", dinkes),
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    """The workbooks ingested and BBM-01 run at 31 December 2025."""
    tmp = tmp_path_factory.mktemp("bbm")
    inputs = [ingest_file(p, IngestOptions(root=tmp)) for p in workbooks(tmp)]
    kinds = [(doc.kind, doc.opd.code if doc.opd else None) for i in inputs for doc in i.documents()]
    assert kinds[:2] == [("kib", PUPRKP_CODE), ("bku", PUPRKP_CODE)] and kinds[2][0] == "bku"
    pack = load_rules(bundled_rules_dir())
    options = RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("BBM-01",))
    return evaluate(pack, inputs, options)


def test_fuel_for_vehicles_not_in_the_kib_is_found(report) -> None:
    found = {
        (f.rule_id, f.bpk_code, f.document, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    assert found == {
        ("BBM-01", "1.01.09", "bku", (row_of(4),)): 600_000_50,
        ("BBM-01", "1.01.09", "bku", (row_of(5),)): 450_000_00,
    }
    texts = {f.locations[0].row: f.text("message", "id") for f in report.findings}
    assert "BD1999KA" in texts[row_of(4)] and "Rp 600.000,50" in texts[row_of(4)]
    assert "BD7721XC" in texts[row_of(5)] and "suku cadang" in texts[row_of(5)]


def test_an_opd_without_a_kib_is_not_applicable_with_the_reason(report) -> None:
    outcomes = {(o.opd.code if o.opd else None): o for o in report.outcomes}
    assert outcomes[PUPRKP_CODE].status is Status.FAILED
    dinkes = [o for code, o in outcomes.items() if code != PUPRKP_CODE]
    assert [o.status for o in dinkes] == [Status.NOT_APPLICABLE]
    assert "no kib document" in str(dinkes[0].reason)
