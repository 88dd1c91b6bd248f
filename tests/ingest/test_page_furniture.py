"""Page furniture of printed exports is not data (issue 13, item 3).

A ledger "printed to Excel" repeats at every page break (here every 40 lines): a
`Jumlah dipindahkan` row and a `Halaman N dari M` line at the bottom of the page, then
the whole title block, the header, its column-number row and a `Jumlah pindahan` row on
the next page. Those rows are tagged `page` / `carry`: the document holds exactly the
ledger lines at their Excel rows, no value warning is raised for the header texts under
date and money columns, the running balance (KAS-01) runs on across the page breaks,
and the cumulative carry rows are neither withholdings nor deposits for the tax rules.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.documents import ROLE, ROW, Document
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Finding
from rl_audit.ingest.furniture import cell_texts, filled_counts
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Row, Sheet, signature, write_xlsx

DINKES = "1.02.0.00.0.00.01.0000"
SKPD = f"SKPD : {DINKES} Dinas Kesehatan"
PER_PAGE = 40
BKU_TITLE: list[Row] = [
    [TITLE_PEMKAB],
    ["BUKU KAS UMUM PENGELUARAN"],
    [SKPD],
    ["Periode : 1 Januari 2025 s/d 31 Maret 2025"],
]
BKU_HEADER: list[Row] = [
    ["No", "Tanggal", "No. Bukti", "Uraian", "Penerimaan (Rp)", "Pengeluaran (Rp)", "Saldo (Rp)"]
]
OPENING = 25_000_000_00
# the carry-over rows (bottom of a page, top of the next) at each page break
BREAKS = [
    ("Jumlah dipindahkan", "Saldo pindahan"),
    ("Dipindahkan ke halaman berikut", "Pindahan dari halaman 2"),
]


@dataclass
class Printed:
    """A printed ledger: its rows, the Excel row of each ledger line, the expected roles."""

    rows: list[Row]
    lines: list[int]
    roles: dict[str, int]
    headers: list[int]  # the Excel row where each page's header starts


@dataclass(frozen=True)
class Print:
    """How a ledger is printed: title block, header rows, opening row, page wording."""

    title: list[Row]
    header: list[Row]
    opening: Row
    breaks: list[tuple[str, str]]  # carry-over wording: (bottom of page p, top of page p+1)
    page_line: str = "Halaman {p} dari {n}"


def printed(layout: Print, lines: list[Row], carried: Callable[[str, int], Row]) -> Printed:
    """Lay `lines` out over pages of `PER_PAGE` as a print does.

    `carried(label, n)` is the carry-over row after the first `n` lines. The last page
    ends with `Jumlah`, the signature and its page number (below the signature: footer).
    """
    colnums: Row = list(range(1, max(len(r) for r in layout.header) + 1))
    pages = [lines[i : i + PER_PAGE] for i in range(0, len(lines), PER_PAGE)]
    rows: list[Row] = [*layout.title, []]
    out = Printed(rows, [], {}, [])
    roles: Counter[str] = Counter(opening=1, data=len(lines), total=1, footer=5)
    for p, page in enumerate(pages, start=1):
        if p > 1:
            rows += layout.title
            roles.update(page=len(layout.title) + len(layout.header) + 1, carry=1)
        out.headers.append(len(rows) + 1)
        top = carried(layout.breaks[p - 2][1], (p - 1) * PER_PAGE) if p > 1 else layout.opening
        rows += [*layout.header, colnums, top]
        for line in page:
            rows.append(line)
            out.lines.append(len(rows))
        if p < len(pages):
            rows.append(carried(layout.breaks[p - 1][0], p * PER_PAGE))
            rows.append([layout.page_line.format(p=p, n=len(pages))])
            roles.update(carry=1, page=1)
    rows.append(carried("Jumlah", len(lines)))
    rows += [*signature(left=1, right=4), [layout.page_line.format(p=len(pages), n=len(pages))]]
    out.roles = dict(roles)
    return out


def d(day: int) -> dt.datetime:
    return dt.datetime(2025, 1, 1) + dt.timedelta(days=day)


def bku_lines(n: int = 118, wrong_from: int | None = None) -> list[tuple[int, int, int]]:
    """(penerimaan, pengeluaran, saldo) sen of `n` lines; from `wrong_from` saldo is Rp 1,000 up."""
    out, saldo = [], OPENING
    for i in range(n):
        masuk = 5_000_000_00 if i % 10 == 0 else 0
        keluar = 0 if masuk else 125_000_00 + 1_750_50 * i
        saldo += masuk - keluar
        off = 1_000_00 if wrong_from is not None and i >= wrong_from else 0
        out.append((masuk, keluar, saldo + off))
    return out


def printed_bku(miscopied: bool = False) -> Printed:
    """A printed BKU of 118 lines over 3 pages.

    `miscopied`: the balance carried to page 2 (`Saldo pindahan`) is Rp 1,000 too high
    and page 2 and 3 run on from it; every line is right after its predecessor except
    the first of page 2.
    """
    amounts = bku_lines(wrong_from=PER_PAGE if miscopied else None)
    uraian = {
        7: "Biaya cetak 200 halaman buku pedoman",  # mentions `halaman`: still data
        52: "Pembayaran pindahan kantor UPTD",  # mentions `pindahan`: still data
    }
    lines: list[Row] = [
        [i + 1, d(i // 2), f"{i + 1:04d}/BKU/2025",
         uraian.get(i, f"Belanja operasional kantor ke-{i + 1}"),
         masuk / 100, keluar / 100, saldo / 100]
        for i, (masuk, keluar, saldo) in enumerate(amounts)
    ]  # fmt: skip

    def carried(label: str, n: int) -> Row:
        cum_in = sum(a[0] for a in amounts[:n]) / 100
        cum_out = sum(a[1] for a in amounts[:n]) / 100
        saldo = amounts[n - 1][2] + (1_000_00 if miscopied and label == "Saldo pindahan" else 0)
        return [None, None, None, label, cum_in, cum_out, saldo / 100]

    opening: Row = [None, None, None, "Saldo Awal", None, None, OPENING / 100]
    return printed(Print(BKU_TITLE, BKU_HEADER, opening, BREAKS), lines, carried)


def read(path: Path) -> tuple[Document, list[str]]:
    inp = ingest_file(path, IngestOptions(root=path.parent))
    [sheet] = inp.sheets
    assert sheet.document is not None, sheet.issues
    return sheet.document, [i.key for i in sheet.issues]


def test_printed_bku_reads_exactly_its_lines(tmp_path: Path) -> None:
    book = printed_bku()
    path = write_xlsx(tmp_path / "bku_triwulan_1.xlsx", Sheet("BKU", book.rows))
    inp = ingest_file(path, IngestOptions(root=tmp_path))
    [sheet] = inp.sheets
    doc = sheet.document
    assert doc is not None and doc.kind == "bku" and sheet.header_rows == [6]
    assert list(doc.data()[ROW]) == book.lines
    assert sheet.data_rows == 118
    assert sheet.role_counts == book.roles
    assert sheet.issues == []  # no date/money warning, no money in the footer
    data = doc.data().set_index(ROW)
    assert data.loc[book.lines[7], "uraian"] == "Biaya cetak 200 halaman buku pedoman"
    assert data.loc[book.lines[52], "uraian"] == "Pembayaran pindahan kantor UPTD"
    assert data.loc[book.lines[40], "saldo"] == bku_lines()[40][2]
    # the page breaks: Jumlah dipindahkan, Halaman 1, title, header, numbers, Jumlah pindahan
    first_break = book.lines[39] + 1
    roles = doc.frame.set_index(ROW)[ROLE]
    expected = ["carry", "page", "page", "page", "page", "page", "page", "page", "carry"]
    assert list(roles.loc[first_break : first_break + 8]) == expected
    assert roles.loc[book.lines[-1] + 1] == "total"


def test_inspect_lists_page_and_carry_rows_with_their_text(tmp_path: Path) -> None:
    book = printed_bku()
    path = write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", book.rows))
    [sheet] = ingest_file(path, IngestOptions(root=tmp_path)).sheets
    first_break = book.lines[39] + 1
    special = {row: (role, text) for row, role, text in sheet.special_rows}
    assert special[first_break] == ("carry", "Jumlah dipindahkan")
    assert special[first_break + 1] == ("page", "Halaman 1 dari 3")
    assert special[first_break + 2] == ("page", TITLE_PEMKAB)
    assert special[first_break + 8] == ("carry", "Saldo pindahan")
    out = CliRunner().invoke(app, ["inspect", str(path)])
    assert out.exit_code == 0, out.output
    assert "baris 50: kepala/nomor halaman  Halaman 1 dari 3" in out.output
    assert "baris 49: jumlah pindahan  Jumlah dipindahkan" in out.output
    out = CliRunner().invoke(app, ["inspect", "--format", "json", str(path)])
    [shown] = json.loads(out.output)["inputs"][0]["sheets"]
    assert shown["row_roles"] == book.roles and book.roles["page"] == 14
    rows = {r["row"]: (r["role"], r["text"]) for r in shown["special_rows"]}
    assert rows[book.lines[79] + 1] == ("carry", "Dipindahkan ke halaman berikut")
    assert rows[book.lines[79] + 9] == ("carry", "Pindahan dari halaman 2")
    assert rows[book.lines[79] + 2] == ("page", "Halaman 2 dari 3")


def kas01(tmp_path: Path, book: Printed) -> list[Finding]:
    path = write_xlsx(tmp_path / "dinkes" / "bku_2025.xlsx", Sheet("BKU", book.rows))
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(
        pack, inputs, RunOptions(as_of=pd.Timestamp("2025-04-30"), select=("KAS-01",))
    )
    assert [o.status.value for o in report.outcomes] in (["passed"], ["failed"])
    return report.findings


def test_running_balance_runs_on_across_page_breaks(tmp_path: Path) -> None:
    assert kas01(tmp_path, printed_bku()) == []


def test_a_balance_miscopied_at_a_page_break_is_found(tmp_path: Path) -> None:
    """`Saldo pindahan` is a carried figure, not a new opening: the chain runs over it."""
    book = printed_bku(miscopied=True)
    [finding] = kas01(tmp_path, book)
    assert finding.rule_id == "KAS-01"
    assert [loc.cell for loc in finding.locations] == [f"G{book.lines[40]}"]
    assert finding.amount_sen == 1_000_00


def test_check_command_passes_a_printed_bku(tmp_path: Path) -> None:
    book = printed_bku()
    folder = tmp_path / "dinkes"
    write_xlsx(folder / "bku_2025.xlsx", Sheet("BKU", book.rows))
    args = ["check", str(folder), "--select", "KAS-01", "--format", "json", "--opd", DINKES]
    out = CliRunner().invoke(app, [*args, "--as-of", "2025-04-30"])
    assert out.exit_code == 0, out.output
    assert '"KAS-01"' in out.output and '"findings": []' in out.output.replace("\n", "")


# A Buku Pembantu Pajak printed over 2 pages: a merged two-row header, a title block whose
# lines read like a signature (`BENDAHARA PENGELUARAN`, `Pengguna Anggaran : …`): repeated
# at the page top they must not end the table.
PAJAK_TITLE: list[Row] = [
    [TITLE_PEMKAB],
    ["BUKU PEMBANTU PAJAK"],
    ["BENDAHARA PENGELUARAN"],
    [SKPD],
    ["Pengguna Anggaran : dr. H. AHMAD FAUZI, M.Kes"],
    ["Bendahara Pengeluaran : SITI AMINAH, S.E."],
]
PAJAK_HEADER: list[Row] = [
    ["No", "Tanggal", "No Bukti", "Uraian", "Jenis Pajak", "Jumlah (Rp)", None, "Saldo (Rp)",
     "NTPN"],
    [None, None, None, None, None, "Pemotongan/ Pemungutan", "Penyetoran"],
]  # fmt: skip
PAJAK_BREAKS = [("Jumlah yang dipindahkan", "Jumlah s/d halaman lalu")]
TAXES = ("PPh 21", "PPh 23", "PPN")


def pajak_lines(no_ntpn: int | None) -> list[Row]:
    """28 withholdings, each deposited 4 days later under its voucher with an NTPN."""
    out: list[Row] = []
    saldo = 0
    for i in range(56):
        k, deposit = i // 2, i % 2 == 1
        amount = 150_000_00 + 12_345_67 * k
        saldo += -amount if deposit else amount
        ntpn = f"0A1B2C3D4E5F{i:04d}" if deposit and i != no_ntpn else None
        verb = "Setor" if deposit else "Pungut"
        out.append([
            i + 1, d(2 * k + (4 if deposit else 0)), f"{k + 1:04d}/BKU/2025",
            f"{verb} {TAXES[k % 3]} belanja ke-{k + 1}", TAXES[k % 3],
            0 if deposit else amount / 100, amount / 100 if deposit else 0, saldo / 100, ntpn,
        ])  # fmt: skip
    return out


def printed_pajak(no_ntpn: int | None = None) -> tuple[Printed, list[str]]:
    """The printed tax ledger and the merges of its header rows (every page)."""
    lines = pajak_lines(no_ntpn)

    def carried(label: str, n: int) -> Row:
        pungut = sum(float(str(r[5])) for r in lines[:n])
        setor = sum(float(str(r[6])) for r in lines[:n])
        return [None, None, None, label, None, pungut, setor, lines[n - 1][7]]

    opening: Row = [None, None, None, "Saldo Sebelumnya", None, 0, 0, 0]
    layout = Print(PAJAK_TITLE, PAJAK_HEADER, opening, PAJAK_BREAKS, "Hal. {p} dari {n}")
    book = printed(layout, lines, carried)
    merges = [f"{c}{r}:{c}{r + 1}" for r in book.headers for c in "ABCDEHI"]
    merges += [f"F{r}:G{r}" for r in book.headers]
    return book, merges


def test_printed_tax_ledger_reads_exactly_its_lines(tmp_path: Path) -> None:
    book, merges = printed_pajak()
    path = write_xlsx(tmp_path / "buku_pajak.xlsx", Sheet("Pajak", book.rows, merges))
    doc, issues = read(path)
    assert doc.kind == "pajak" and doc.header_rows == [8, 9]
    assert doc.columns["pungut"] == "F" and doc.columns["setor"] == "G"
    assert list(doc.data()[ROW]) == book.lines
    assert Counter(doc.frame[ROLE]) == book.roles
    assert issues == []
    top = book.headers[1]  # page 2: the title block above it, then numbers and carry
    roles = doc.frame.set_index(ROW)[ROLE]
    assert set(roles.loc[top - len(PAJAK_TITLE) : top + 2]) == {"page"}
    assert roles.loc[top + 3] == "carry"


def pajak_findings(tmp_path: Path, book: Printed, merges: list[str]) -> list[Finding]:
    path = write_xlsx(tmp_path / "dinkes" / "buku_pajak.xlsx", Sheet("Pajak", book.rows, merges))
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    pack = load_rules(bundled_rules_dir())
    options = RunOptions(as_of=pd.Timestamp("2025-04-30"), select=("PJK-01", "PJK-02", "PJK-03"))
    report = evaluate(pack, inputs, options)
    assert {o.rule_id for o in report.outcomes} == {"PJK-01", "PJK-02", "PJK-03"}
    return report.findings


def test_tax_rules_ignore_the_carried_totals(tmp_path: Path) -> None:
    assert pajak_findings(tmp_path, *printed_pajak()) == []


def test_a_deposit_without_ntpn_on_page_two_is_found_at_its_row(tmp_path: Path) -> None:
    book, merges = printed_pajak(no_ntpn=45)
    [finding] = pajak_findings(tmp_path, book, merges)
    assert finding.rule_id == "PJK-03"
    assert [loc.cell for loc in finding.locations] == [f"I{book.lines[45]}"]


SHORT_HEADER: Row = ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]


def test_a_data_row_equal_to_a_one_row_title_stays_data(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["BKU Puskesmas Curup"],
        [],
        SHORT_HEADER,
        [None, None, None, "Saldo Awal", None, None, 1_000_000],
        [1, d(1), "0001", "Belanja ATK", None, 250_000, 750_000],
        [None, None, None, "BKU Puskesmas Curup"],  # a note line, alone among the lines
        [2, d(2), "0002", "BKU Puskesmas Curup", 500_000, None, 1_250_000],
        [3, d(3), "0003", "Belanja cetak", None, 50_000, 1_200_000],
    ]
    doc, issues = read(write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", rows)))
    assert list(doc.data()[ROW]) == [5, 6, 7, 8]
    assert issues == ["opd_unknown"]  # a one-line title names no OPD


def test_saldo_pindahan_above_every_line_is_the_opening_balance(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["BUKU KAS UMUM PENGELUARAN"],
        [SKPD],
        [],
        SHORT_HEADER,
        [None, None, None, "Saldo pindahan", None, None, 2_000_000],
        [1, d(40), "0101", "Belanja ATK", None, 250_000, 1_750_000],
        [2, d(41), "0102", "Belanja cetak", None, 50_000, 1_700_000],
        [None, None, None, "Saldo pindahan", None, None, 1_700_000],  # below lines: carried
        [3, d(42), "0103", "Belanja konsumsi rapat", None, 100_000, 1_600_000],
    ]
    doc, issues = read(write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", rows)))
    roles = doc.frame.set_index(ROW)[ROLE]
    assert (roles.loc[5], roles.loc[8]) == ("opening", "carry")
    assert list(doc.data()[ROW]) == [6, 7, 9]
    assert issues == []


def test_subtotals_of_a_printed_lra_ignore_the_page_break(tmp_path: Path) -> None:
    """A page break inside subtotal 5.1.02.01: carry rows and numbers are no accounts.

    `Jumlah dipindahkan` read as a total would end the subtotal's block there, and the
    repeated numbering row (`1 2 3 …`, code `1`) would be an account of its own.
    """
    from tests.rules.test_e2e_anggaran_tree import DINKES as SKPD_LRA
    from tests.rules.test_e2e_anggaran_tree import TRIAL_LRA

    header: Row = ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Sisa Anggaran", "Persen"]
    title: list[Row] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(SKPD_LRA)],
    ]
    body: list[Row] = [list(r) for r in TRIAL_LRA]  # leaf 0026 typed 15 juta (12 juta)

    def sheet(body: list[Row]) -> Sheet:
        numbers: Row = [1, 2, 3, 4, 5, 6]
        moved: Row = [None, "Jumlah dipindahkan", 88_000_000, 70_000_000, 18_000_000]
        top: Row = [None, "Jumlah pindahan", 88_000_000, 70_000_000, 18_000_000]
        return Sheet("LRA", [
            *title, [], header, numbers, *body[:7], moved, ["Halaman 1 dari 2"],
            *title, header, numbers, top, *body[7:],
        ])  # fmt: skip

    clean = [*body[:7], [*body[7][:2], 12_000_000, *body[7][3:]], *body[8:]]
    for name, rows, expected in (("clean", clean, []), ("typo", body, [("C22", 3_000_000_00)])):
        path = write_xlsx(tmp_path / name / "dinkes" / "lra_2025.xlsx", sheet(rows))
        inputs = [ingest_file(path, IngestOptions(root=tmp_path / name))]
        assert inputs[0].sheets[0].issues == [], name  # no code-tree warning
        pack = load_rules(bundled_rules_dir())
        options = RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("ANG-03",))
        findings = evaluate(pack, inputs, options).findings
        assert [(loc.cell, f.amount_sen) for f in findings for loc in f.locations] == expected


CARRY_WORDS = [
    "Jumlah dipindahkan",
    "JUMLAH YANG DIPINDAHKAN",
    "Jumlah pindahan",
    "J U M L A H  PINDAHAN",
    "Pindahan dari halaman 3",
    "Dipindahkan ke halaman berikut",
    "Jumlah s/d halaman lalu",
    "Jumlah s.d. halaman ini",
    "Saldo pindahan",
]
NOT_CARRY = [
    "Pembayaran pindahan kantor UPTD",
    "Biaya pindahan dari halaman gedung lama",
    "Jumlah",
    "Jumlah bulan ini",
    "Jumlah s/d bulan lalu",
    "Saldo Awal",
]
PAGE_LINES = [
    "Halaman 1",
    "Halaman : 4",
    "Hal. 2 dari 5",
    "Hal 2/5",
    "Page 3 of 4",
    "- 2 -",
    "Dicetak dari SIPD pada 12/01/2025 10:21 Halaman 1 dari 3",
]
NOT_PAGE = [
    "Biaya cetak 200 halaman buku pedoman",
    "Halaman parkir kantor",
    "Hal 5 Januari rapat",
    "Pembayaran fotokopi hal 2",
]


def test_carry_and_page_wording() -> None:
    from rl_audit.ingest.furniture import CARRY, PAGE_NUMBER
    from rl_audit.ingest.roles import regex_mask

    def hits(texts: list[str], pattern: str) -> list[bool]:
        return list(regex_mask(pd.Series(texts, dtype="string"), pattern))

    assert hits(CARRY_WORDS, CARRY) == [True] * len(CARRY_WORDS)
    assert hits(NOT_CARRY, CARRY) == [False] * len(NOT_CARRY)
    assert hits(PAGE_LINES, PAGE_NUMBER) == [True] * len(PAGE_LINES)
    assert hits(NOT_PAGE, PAGE_NUMBER) == [False] * len(NOT_PAGE)


@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.sampled_from(["", "  ", "-", "null", "Jumlah", " x ", "\u00a0", "Hal. 2"]),
                st.integers(-5, 5),
                st.floats(allow_nan=True, allow_infinity=False),
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_filled_counts_match_the_stacked_cell_texts(rows: list[list[object]]) -> None:
    """Counting cells column by column agrees with counting the stacked clean texts."""
    raw = pd.DataFrame(rows, dtype=object)
    stacked = cell_texts(raw).groupby(level=0).size().reindex(raw.index, fill_value=0)
    assert filled_counts(raw).tolist() == stacked.tolist()
