"""A hand-built AuditReport for exact reporter tests (golden files, escaping)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rl_audit.documents import InputFile, Issue, OpdRef, SheetResult
from rl_audit.engine.problems import collect
from rl_audit.engine.rollups import roll_up
from rl_audit.engine.scoring import summarise
from rl_audit.findings import (
    AuditReport,
    Finding,
    Location,
    Measure,
    OpdRun,
    RepeatRef,
    RuleOutcome,
    RuleSetInfo,
    Severity,
    StaleWaiver,
    Status,
    WaiverNote,
)

DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", short="Dinkes")
PUPR = OpdRef("1.03.1.04.0.00.01.0000", "Dinas PUPRKP [red]x[/red]", short="PUPRKP")
UNKNOWN = OpdRef("?", "OPD tidak dikenal", registered=False, source="none")
RULES = {
    "PJK-01": ("Pajak belum disetor", "1.04.10", Severity.HIGH),
    "KAS-05": ("Transaksi tunai melebihi batas", "1.04.01", Severity.MEDIUM),
    "KAS-06": ("Porsi nontunai rendah", "1.04.01", Severity.LOW),
    "KTR-03": ("Denda keterlambatan belum dikenakan", "1.03.01", Severity.HIGH),
    "AST-01": ("Tanah belum bersertifikat", "1.04.14", Severity.MEDIUM),
}


def finding(rule: str, opd: OpdRef, row: int, sen: int | None, message: str) -> Finding:
    """One finding of `rule` at row `row` of a fixed file."""
    title, code, sev = RULES[rule]
    loc = Location(f"{opd.short.lower()}/bku_2025.xlsx", "BKU", row, "pengeluaran", f"F{row}")
    return Finding(
        rule, code, sev, opd, "bku", title, message, sen, (loc,), f"fp-{rule}-{row}", "Perbaiki."
    )


def outcome(
    rule: str, opd: OpdRef, status: Status, n: int = 0, why: str | None = None
) -> RuleOutcome:
    """The outcome of `rule` for `opd`."""
    title, code, sev = RULES[rule]
    return RuleOutcome(rule, title, code, sev, status, n, why, opd)


def constructed_report() -> AuditReport:
    """Dinkes (complete: absorption known, 7 tax findings, one rule in error), PUPRKP
    (no buku pajak nor realisation: incomplete data), the unknown OPD (one finding, no
    score); input problems: a corrupt file, a sheet not understood, unreadable cells."""
    tax = [
        finding("PJK-01", DINKES, 10 + i, 150_000_00 + i, f"PPh 21 baris {10 + i}")
        for i in range(7)
    ]
    findings = tax + [
        finding("KAS-05", DINKES, 30, 12_500_000_50, "Tunai [bold]Rp 12.500.000,50[/bold]"),
        finding("KTR-03", PUPR, 15, 35_675_675_68, 'Denda kurang =HYPERLINK("x")'),
        finding("AST-01", PUPR, 14, None, "Tanah tanpa sertifikat"),
        _elsewhere(finding("AST-01", UNKNOWN, 9, None, "Tanah tanpa sertifikat (OPD?)")),
    ]
    outcomes = [
        outcome("PJK-01", DINKES, Status.FAILED, 7),
        outcome("KAS-05", DINKES, Status.FAILED, 1),
        outcome("KAS-06", DINKES, Status.ERROR, why="kolom tidak ada: cara_bayar (bku)"),
        outcome("KTR-03", DINKES, Status.NOT_APPLICABLE),
        outcome("AST-01", DINKES, Status.NOT_APPLICABLE),
        outcome("PJK-01", PUPR, Status.PASSED),
        outcome("KAS-05", PUPR, Status.PASSED),
        outcome("KAS-06", PUPR, Status.PASSED),
        outcome("KTR-03", PUPR, Status.FAILED, 1),
        outcome("AST-01", PUPR, Status.FAILED, 1),
        outcome("AST-01", UNKNOWN, Status.FAILED, 1),
    ]
    bad = InputFile(
        Path("rusak.xlsx"),
        "rusak.xlsx",
        None,
        "error",
        error=Issue(
            "file_corrupt",
            "error",
            {"file": "rusak.xlsx", "detail": "bukan zip"},
            file="rusak.xlsx",
        ),
    )
    unparsed = Issue(
        "value_unparsed",
        params={
            "count": 2,
            "column": "pengeluaran",
            "type": "money",
            "example": "12,5 jt",
            "cell": "F31",
        },
        file="dinkes/bku_2025.xlsx",
        sheet="BKU",
        row=31,
        cell="F31",
    )
    unknown_kind = Issue(
        "sheet_unknown_kind",
        params={"best": "kib", "confidence": "0.50", "missing": "nama_barang"},
    )
    good = InputFile(
        Path("dinkes/bku_2025.xlsx"),
        "dinkes/bku_2025.xlsx",
        "ab" * 32,
        "ok",
        [
            SheetResult("BKU", [], "bku", 0.9, [7], [], 40, {}, [], [], [unparsed]),
            SheetResult("Aset", [], None, 0.5, [3], [], 0, {}, [], [], [unknown_kind]),
        ],
    )
    report = AuditReport(
        "2026-11-28T02:00:00+07:00",
        2025,
        "2025-12-31",
        [RuleSetInfo("bpk-wtp", "2025.1", 5)],
        [good, bad],
        outcomes,
        findings,
        [
            OpdRun(
                DINKES,
                2025,
                "2025-12-31",
                {"absorption": Measure(5_954_892_000_00, 6_365_000_000_00, 90.0)},
                "2025-12-30",
                ("anggaran", "bku", "pajak", "realisasi"),
            ),
            OpdRun(
                PUPR,
                2025,
                "2025-12-31",
                {"absorption": Measure(None, 2_000_000_000_00, None)},
                "2025-09-30",
                ("anggaran", "bku", "kib"),
            ),
            OpdRun(UNKNOWN, 2025, "2025-12-31", {}, None, ("kib",)),
        ],
        year_source="data",
    )
    report.findings = [_with_notes(f) for f in report.findings]
    report.stale_waivers = [StaleWaiver("waivers.yaml:9", "KAS-01", DINKES.code, None, "B-9")]
    report.problems = collect(report.inputs, report.notices)
    report.opds = summarise(report)
    return roll_up(report)


def _elsewhere(f: Finding) -> Finding:
    """The finding on a KIB sheet that names no OPD."""
    return replace(f, locations=(Location("kib_tanpa_opd.xlsx", "KIB A", 9, "nama", "C9"),))


WAIVED = WaiverNote(
    "Sudah diklarifikasi", "Irban I", "2025-11-03", "2026-03-31", False, "waivers.yaml:3"
)
EXPIRED = WaiverNote(
    "Menunggu setoran", "Irban I", "2025-06-01", "2025-09-30", True, "waivers.yaml:6"
)
REPEAT = RepeatRef(
    "12.B/LHP/XVIII.BKL/05/2025", "2025-05-20", "3", "1.03.01", "1 Tarik denda", "belum sesuai"
)


def _with_notes(f: Finding) -> Finding:
    """KAS-05 waived, the first tax finding's waiver expired, KTR-03 a repeat finding."""
    if f.rule_id == "KAS-05":
        return replace(f, status="waived", waiver=WAIVED)
    if f.fingerprint == "fp-PJK-01-10":
        return replace(f, waiver=EXPIRED)
    if f.rule_id == "KTR-03":
        return replace(f, repeat_of=(REPEAT,))
    return f
