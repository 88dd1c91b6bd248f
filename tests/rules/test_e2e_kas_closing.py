"""End to end: a BKU's year-end closing block and the taxes in transit (KAS-01, KAS-04).

Two BKUs for December 2025 end the way real ones do: `Jumlah` rows, the closing
`Sisa Kas` line, then its breakdown (`Terdiri dari:`, `a. Kas Tunai`, `b. Saldo Bank`)
and the signature. The breakdown is not a transaction: KAS-01 finds no broken chain
and KAS-04 reads the last real balance. Each OPD's tax ledger holds December
withholdings: those deposited in January on or before their deadline are PFK in
transit and are taken off the year-end balance (RSUD Curup: nothing remains, no
finding); a PPN deposited after its deadline (moved to Monday 2 February 2026) is not
(Dinas Kesehatan: what remains is the finding, to the sen).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

DINKES = "1.02.0.00.0.00.01.0000 Dinas Kesehatan"
RSUD = "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"
BKU_HEADER = ["No", "Tgl", "No. BKU", "Uraian", "Penerimaan (Rp)", "Pengeluaran (Rp)",
              "Saldo (Rp)"]  # fmt: skip
TAX_HEADER = ["No", "Tanggal", "No Bukti", "Uraian", "Jenis Pajak", "Penerimaan (Rp)",
              "Pengeluaran (Rp)", "Saldo (Rp)", "NTPN"]  # fmt: skip
FIRST = 9  # Excel row of the first BKU line (title 1–5, blank 6, header 7, Saldo Awal 8)

# (date, bukti, uraian, penerimaan sen, pengeluaran sen)
Bku = tuple[dt.datetime, str, str, int, int]
# (date, bukti, jenis pajak, pungut sen, setor sen)
Tax = tuple[dt.datetime, str, str, int, int]


def d(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day)


# fmt: off
DINKES_BKU: list[Bku] = [
    (d(2025, 12, 1), "0001/BKU/XII", "Penerimaan SP2D GU 00112/SP2D/GU/2025",
     40_000_000_00, 0),
    (d(2025, 12, 10), "0002/BKU/XII", "Belanja alat kesehatan puskesmas", 0, 25_000_000_00),
    (d(2025, 12, 10), "0003/BKU/XII", "Terima PPN dipungut", 2_272_727_00, 0),
    (d(2025, 12, 10), "0004/BKU/XII", "Terima PPh Pasal 22 dipungut", 340_909_00, 0),
    (d(2025, 12, 30), "0005/BKU/XII", "Setor sisa UP ke Kas Daerah", 0, 20_000_000_00),
    (d(2025, 12, 31), "0006/BKU/XII", "Belanja meterai", 0, 120_000_00),
]
DINKES_TAX: list[Tax] = [
    (d(2025, 12, 10), "0003/BKU/XII", "PPN", 2_272_727_00, 0),
    (d(2025, 12, 10), "0004/BKU/XII", "PPh Pasal 22", 340_909_00, 0),
    # on the deadline (15 January 2026): in transit
    (d(2026, 1, 15), "0001/BKU/I", "PPh Ps. 22", 0, 340_909_00),
    # deadline 31 January 2026, a Saturday → Monday 2 February; paid on the 3rd: late
    (d(2026, 2, 3), "0002/BKU/I", "Pajak Pertambahan Nilai", 0, 2_272_727_00),
]
RSUD_BKU: list[Bku] = [
    (d(2025, 12, 1), "0201/BKU/XII", "Penerimaan SP2D GU 00310/SP2D/GU/2025",
     30_000_000_00, 0),
    (d(2025, 12, 12), "0202/BKU/XII", "Belanja BMHP", 0, 14_000_000_00),
    (d(2025, 12, 12), "0203/BKU/XII", "Terima PPh 21 honor dokter jaga", 1_250_000_00, 0),
    (d(2025, 12, 31), "0204/BKU/XII", "Setor sisa UP ke Kas Daerah", 0, 18_000_000_00),
]
RSUD_TAX: list[Tax] = [
    (d(2025, 12, 12), "0203/BKU/XII", "PPh 21", 1_250_000_00, 0),
    (d(2026, 1, 14), "0001/BKU/I", "PPh Pasal 21", 0, 1_250_000_00),
]
# fmt: on
DINKES_OPENING, RSUD_OPENING = 6_000_000_00, 2_000_000_00


def title(kind: str, skpd: str) -> list[list[object]]:
    return [[TITLE_PEMKAB], [kind], ["PERIODE DESEMBER 2025"], [f"SKPD : {skpd}"],
            ["Bendahara Pengeluaran : SITI AMINAH, S.E."], []]  # fmt: skip


def bku_sheet(skpd: str, opening: int, lines: list[Bku], cash: int) -> tuple[Sheet, int]:
    """A BKU ending with Sisa Kas and its breakdown (`cash` sen in hand, the rest in bank)."""
    rows = [*title("BUKU KAS UMUM PENGELUARAN", skpd), BKU_HEADER,
            [None, None, None, "Saldo Awal", 0, 0, opening / 100]]  # fmt: skip
    saldo = opening
    for i, (day, bukti, uraian, masuk, keluar) in enumerate(lines):
        saldo += masuk - keluar
        rows.append([i + 1, day, bukti, uraian, masuk / 100, keluar / 100, saldo / 100])
    total_in, total_out = sum(x[3] for x in lines) / 100, sum(x[4] for x in lines) / 100
    rows += [
        [None, None, None, "Jumlah bulan ini", total_in, total_out],
        [None, None, None, "Sisa Kas", None, None, saldo / 100],
        [None, None, None, "Terdiri dari:"],
        [None, None, None, "a. Kas Tunai", None, None, cash / 100],
        [None, None, None, "b. Saldo Bank", None, None, (saldo - cash) / 100],
        *signature(left=1, right=4, place="Curup, 31 Desember 2025"),
    ]
    return Sheet("BKU", rows), saldo


def tax_sheet(skpd: str, lines: list[Tax]) -> Sheet:
    rows = [*title("BUKU PEMBANTU PAJAK", skpd), TAX_HEADER,
            [None, None, None, "Saldo Sebelumnya", None, 0, 0, 0]]  # fmt: skip
    saldo = 0
    for i, (day, bukti, jenis, pungut, setor) in enumerate(lines):
        saldo += pungut - setor
        ntpn = f"0A1B2C3D4E5F6G{i:02d}" if setor else None
        rows.append([i + 1, day, bukti, ("Setor " if setor else "Pungut ") + jenis, jenis,
                     pungut / 100, setor / 100, saldo / 100, ntpn])  # fmt: skip
    rows += signature(left=1, right=4, place="Curup, 3 Februari 2026")
    return Sheet("Buku Pajak", rows)


def test_closing_breakdown_is_footer_and_taxes_in_transit_are_netted(tmp_path: Path) -> None:
    dinkes, dinkes_saldo = bku_sheet(DINKES, DINKES_OPENING, DINKES_BKU, cash=120_000_00)
    rsud, rsud_saldo = bku_sheet(RSUD, RSUD_OPENING, RSUD_BKU, cash=0)
    assert rsud_saldo == 1_250_000_00  # exactly the PPh 21 withheld in December
    paths = [
        write_xlsx(tmp_path / "dinkes" / "bku_desember_2025.xlsx", dinkes),
        write_xlsx(tmp_path / "dinkes" / "buku_pajak_2025.xlsx", tax_sheet(DINKES, DINKES_TAX)),
        write_xlsx(tmp_path / "rsud" / "bku_desember_2025.xlsx", rsud),
        write_xlsx(tmp_path / "rsud" / "buku_pajak_2025.xlsx", tax_sheet(RSUD, RSUD_TAX)),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    assert [d.kind for i in inputs for d in i.documents()] == ["bku", "pajak", "bku", "pajak"]
    bku = inputs[0].documents()[0]
    footer = bku.frame[bku.frame["_role"] == "footer"]
    last = FIRST + len(DINKES_BKU)  # the Jumlah row; Sisa Kas below it
    assert {last + 2, last + 3, last + 4} <= set(footer["_row"])  # the breakdown

    pack = load_rules(bundled_rules_dir())
    options = RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("KAS-01", "KAS-04"))
    report = evaluate(pack, inputs, options)
    outcomes = {(o.rule_id, o.opd.code if o.opd else None): o.status for o in report.outcomes}
    assert outcomes == {
        ("KAS-01", DINKES.split()[0]): Status.PASSED,
        ("KAS-01", RSUD.split()[0]): Status.PASSED,
        ("KAS-04", DINKES.split()[0]): Status.FAILED,
        ("KAS-04", RSUD.split()[0]): Status.PASSED,
    }
    [kas04] = report.findings
    assert kas04.rule_id == "KAS-04" and kas04.bpk_code == "1.04.12"
    assert [(loc.file, loc.row) for loc in kas04.locations] == [
        ("dinkes/bku_desember_2025.xlsx", FIRST + len(DINKES_BKU) - 1)
    ]
    assert kas04.amount_sen == dinkes_saldo - 340_909_00 == 3_152_727_00
    assert kas04.message == (
        "Saldo kas bendahara pengeluaran Rp 3.493.636 pada 31/12/2025 (akhir tahun 2025), "
        "dikurangi pajak Desember yang disetor Januari tepat waktu Rp 340.909: sisa "
        "Rp 3.152.727 belum disetor ke kas daerah"
    )
