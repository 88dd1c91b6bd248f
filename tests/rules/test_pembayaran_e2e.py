"""End to end: PUPRKP's payment register, SP2D register and contract list through TRM-01 … 04.

Generated workbooks laid out as real exports (title block, header, rows, Jumlah row,
signatures). The payment register has no `Nilai Kontrak` column: the values come from
the contract list, whose numbers are written without the register's spaces
(`027/SPK/PUPRKP/2025` vs `027 / SPK / PUPRKP / 2025`). Planted: TRM-01 (termin I at
45 % — written 0,45 — paid ahead of progress), TRM-02 (advance not recovered at 100 %),
TRM-03 (advance 35 %), TRM-04 (SP2Ds above the contract value). Clean beside them: termins
exactly at value × progress, an advance recovered in the last termin, an advance of exactly
30 %, SP2Ds totalling exactly the contract value, and a retention paid after the last
termin.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rl_audit.checks.cumulative_limit import NO_VALUE
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import AuditReport, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

PUPRKP_CODE = "1.03.1.04.0.00.01.0000"
SKPD = (
    f"SKPD : {PUPRKP_CODE} Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"
)
K27, K31, K45, K77 = (f"0{n}/SPK/PUPRKP/2025" for n in (27, 31, 45, 77))
K27_SPACED = "027 / SPK / PUPRKP / 2025"


def d(day: int, month: int) -> dt.datetime:
    """An Excel date cell in 2025."""
    return dt.datetime(2025, month, day)


def title(name: str) -> list[list[object]]:
    """The title block and a blank row (header on row 6, data from row 7)."""
    return [[TITLE_PEMKAB], [name], [SKPD], ["TAHUN ANGGARAN 2025"], []]


BAYAR_HEADER = [
    "No", "Nomor Kontrak", "Nama Paket", "Jenis Pembayaran", "Tanggal SP2D", "Prestasi (%)",
    "Nilai Bruto (Rp)", "Pengembalian Uang Muka (Rp)", "Retensi (Rp)",
]  # fmt: skip
# (nomor, paket, jenis, tanggal, prestasi, bruto, potongan uang muka, retensi): rows 7 … 17
PAYMENTS: list[tuple[object, ...]] = [
    # 7-10 clean: 027 (1 M), advance 30 % exactly, termins exactly at value × progress,
    # advance recovered in the last termin, retention paid after it
    (K27_SPACED, "Jembatan Gantung", "Uang Muka", d(14, 3), 0, 300_000_000, None, None),
    (K27_SPACED, "Jembatan Gantung", "Termin I", d(12, 6), "45%", 450_000_000, 135_000_000,
     None),
    (K27_SPACED, "Jembatan Gantung", "Termin Akhir (100%)", d(20, 11), 100, 550_000_000,
     165_000_000, 50_000_000),
    (K27_SPACED, "Jembatan Gantung", "Retensi", d(20, 12), 100, 50_000_000, None, None),
    # 11 TRM-03: 031 (400 jt), advance 140 jt = 35 %
    (K31, "Drainase Talang Rimbo", "Uang Muka", d(1, 4), 0, 140_000_000, None, None),
    # 12 TRM-01: 250 jt at 45 % (written 0,45): 70 jt ahead; 13 back in line at 80 %
    (K31, "Drainase Talang Rimbo", "Termin I", d(10, 7), 0.45, 250_000_000, 63_000_000, None),
    (K31, "Drainase Talang Rimbo", "Termin II", d(10, 9), "80 %", 70_000_000, 50_000_000, None),
    # 14-16 TRM-02: 045 (600 jt), advance 120 jt, 100 jt deducted by the final termin
    (K45, "Gedung Laboratorium", "Uang Muka", d(5, 5), 0, 120_000_000, None, None),
    (K45, "Gedung Laboratorium", "Termin I", d(5, 8), 50, 300_000_000, 60_000_000, None),
    (K45, "Gedung Laboratorium", "Termin Akhir", d(5, 12), 100, 300_000_000, 40_000_000, None),
    # 17 not in the contract list, no value: cannot be checked (named by TRM-01)
    (K77, "Pagar Kantor", "Termin I", d(1, 10), 50, 10_000_000, None, None),
]  # fmt: skip

KONTRAK_HEADER = [
    "No", "Nama Paket", "Nama Penyedia", "Nomor Kontrak", "Nilai Kontrak (Rp)",
    "Tanggal Kontrak", "Tanggal Selesai", "Progres Fisik (%)",
]  # fmt: skip
CONTRACTS = [
    ("Jembatan Gantung", "CV Maju Jaya", K27, 1_000_000_000, d(10, 3), d(30, 11), 100),
    ("Drainase Talang Rimbo", "CV Sumber Rejeki", K31, 400_000_000, d(25, 3), d(30, 12), 80),
    ("Gedung Laboratorium", "PT Bangun Persada", K45, 600_000_000, d(1, 5), d(1, 12), 100),
]

SP2D_HEADER = [
    "No", "Nomor SP2D", "Tanggal SP2D", "Jenis SP2D", "Uraian", "Nomor Kontrak",
    "Nilai SP2D (Rp)", "Jumlah Bersih (Rp)",
]  # fmt: skip
# (nomor, tanggal, jenis, uraian, nomor kontrak, bruto): rows 7 … 14
SP2DS: list[tuple[object, ...]] = [
    ("0123/SP2D/LS/2025", d(14, 3), "LS Pihak Ketiga", "Uang muka jembatan", K27, 300_000_000),
    ("0456/SP2D/LS/2025", d(12, 6), "LS Pihak Ketiga", "Termin I jembatan", K27_SPACED,
     315_000_000),
    ("0500/SP2D/GU/2025", d(30, 6), "GU", "Ganti uang Juni", None, 25_000_000),
    ("0900/SP2D/LS/2025", d(20, 11), "LS Pihak Ketiga", "Termin akhir jembatan",
     "027/spk/puprkp/2025", 335_000_000),
    ("0999/SP2D/LS/2025", d(20, 12), "LS Pihak Ketiga", "Retensi jembatan", K27, 50_000_000),
    ("0210/SP2D/LS/2025", d(5, 5), "LS Pihak Ketiga", "Uang muka gedung", K45, 120_000_000),
    ("0611/SP2D/LS/2025", d(5, 8), "LS Pihak Ketiga", "Termin I gedung", K45, 240_000_000),
    ("0950/SP2D/LS/2025", d(5, 12), "LS Pihak Ketiga", "Termin akhir gedung", K45, 260_000_000),
    ("0951/SP2D/LS/2025", d(6, 12), "LS Pihak Ketiga", "Kontrak lain", "999/SPK/X/2025",
     900_000_000),
]  # fmt: skip


def write(tmp: Path, name: str, head: str, header: list[str], rows: list[tuple[object, ...]],
          money: int) -> Path:  # fmt: skip
    """One export: title, header, numbered rows, a Jumlah row over column `money`, signature."""
    data = [[i + 1, *r] for i, r in enumerate(rows)]
    total: list[object] = ["Jumlah", *[None] * (len(header) - 1)]
    total[money] = sum(int(r[money]) for r in data if r[money] is not None)  # type: ignore[call-overload]
    body = [*title(head), header, *data, total, *signature(left=1, right=6, head="Kepala Dinas")]
    return write_xlsx(tmp / f"{name}.xlsx", Sheet(name, body))


def register(tmp: Path) -> Path:
    """The payment register (no Nilai Kontrak column)."""
    return write(tmp, "pembayaran", "DAFTAR PEMBAYARAN KONTRAK", BAYAR_HEADER, PAYMENTS, 6)


def contract_list(tmp: Path) -> Path:
    """The daftar kontrak."""
    return write(tmp, "kontrak", "DAFTAR KONTRAK PENGADAAN BARANG/JASA", KONTRAK_HEADER,
                 CONTRACTS, 4)  # fmt: skip


def sp2d_register(tmp: Path) -> Path:
    """The SP2D register, with a Nomor Kontrak column."""
    return write(tmp, "sp2d", "REGISTER SP2D", SP2D_HEADER, SP2DS, 6)


def run(tmp: Path, *paths: Path) -> AuditReport:
    """Ingest the exports and evaluate the TRM rules at year end."""
    sources = [ingest_file(p, IngestOptions(root=tmp)) for p in paths]
    assert all(s.status == "ok" for s in sources), [s.error for s in sources]
    pack = load_rules(bundled_rules_dir())
    return evaluate(pack, sources, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("TRM",)))


@pytest.fixture
def report(tmp_path: Path) -> AuditReport:
    """The three PUPRKP exports together."""
    return run(tmp_path, register(tmp_path), contract_list(tmp_path), sp2d_register(tmp_path))


def test_every_kind_is_recognised(tmp_path: Path) -> None:
    kinds = []
    for path in (register(tmp_path), contract_list(tmp_path), sp2d_register(tmp_path)):
        docs = ingest_file(path, IngestOptions(root=tmp_path)).documents()
        assert len(docs) == 1 and docs[0].opd is not None and docs[0].opd.code == PUPRKP_CODE
        kinds.append(docs[0].kind)
    assert kinds == ["pembayaran", "kontrak", "sp2d"]


# rule → (BPK code, severity, sheet, Excel row, amount in sen)
EXPECTED = {
    "TRM-01": ("1.01.04", "high", "pembayaran", 12, 7_000_000_000),
    "TRM-02": ("1.01.04", "high", "pembayaran", 16, 2_000_000_000),
    "TRM-03": ("1.04.03", "medium", "pembayaran", 11, 2_000_000_000),
    "TRM-04": ("1.01.04", "high", "sp2d", 14, 2_000_000_000),
}


def test_one_planted_finding_per_rule(report: AuditReport) -> None:
    outcomes = {o.rule_id: o for o in report.outcomes}
    assert {r: o.status for r, o in outcomes.items()} == dict.fromkeys(EXPECTED, Status.FAILED)
    got = {
        f.rule_id: (f.bpk_code, f.severity.value, f.locations[0].sheet, f.locations[0].row,
                    f.amount_sen)
        for f in report.findings
    }  # fmt: skip
    assert got == EXPECTED
    assert len(report.findings) == 4


def test_messages_name_contracts_and_values(report: AuditReport) -> None:
    text = {f.rule_id: f.message for f in report.findings}
    assert text["TRM-01"] == (
        f"Kontrak {K31} senilai Rp 400.000.000: sampai pembayaran Termin I tanggal 10/07/2025 "
        "untuk progres fisik 45 %, termin yang dibayar (bruto, tanpa uang muka) berjumlah "
        "Rp 250.000.000, melebihi prestasi Rp 180.000.000 (nilai kontrak × progres) sebesar "
        "Rp 70.000.000"
    )
    assert "sisa uang muka yang belum dikembalikan Rp 20.000.000" in text["TRM-02"]
    assert "uang muka Rp 140.000.000" in text["TRM-03"] and "Rp 120.000.000" in text["TRM-03"]
    assert "sampai 0950/SP2D/LS/2025 tanggal 05/12/2025 berjumlah Rp 620.000.000" in text["TRM-04"]
    cells = {f.rule_id: f.locations[0].cell for f in report.findings}
    assert cells == {"TRM-01": "G12", "TRM-02": "H16", "TRM-03": "G11", "TRM-04": "G14"}


def test_contract_without_a_value_is_an_input_problem(report: AuditReport) -> None:
    """077 is neither valued in the register nor in the contract list: named, not passed."""
    outcome = next(o for o in report.outcomes if o.rule_id == "TRM-01")
    assert outcome.reason_key == "rows_unchecked" and dict(outcome.reason_params) == {"count": 1}
    [notice] = [n for n in report.notices if n.key == NO_VALUE]
    assert (notice.sheet, notice.row, notice.cell) == ("pembayaran", 17, "B17")
    assert notice.params["value"] == K77 and notice.params["rule"] == "TRM-01"
    trm03 = next(o for o in report.outcomes if o.rule_id == "TRM-03")
    assert trm03.reason_key is None  # 077 has no advance: nothing TRM-03 could not check


def test_without_the_contract_list(tmp_path: Path) -> None:
    """No kontrak: TRM-04 not applicable with why; TRM-01/03 cannot check and say so."""
    found = run(tmp_path, register(tmp_path), sp2d_register(tmp_path))
    outcomes = {o.rule_id: o for o in found.outcomes}
    assert outcomes["TRM-04"].status is Status.NOT_APPLICABLE
    assert "no kontrak document" in (outcomes["TRM-04"].reason or "")
    for rule in ("TRM-01", "TRM-03"):
        assert outcomes[rule].status is Status.ERROR, rule
        assert outcomes[rule].reason_key == "rows_unchecked", rule
    named = {(n.params["rule"], n.params["value"]) for n in found.notices if n.key == NO_VALUE}
    assert named >= {("TRM-01", K27_SPACED), ("TRM-01", K31), ("TRM-03", K45)}
    assert outcomes["TRM-02"].status is Status.FAILED  # needs no contract value
