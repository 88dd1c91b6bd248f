"""The HTML report (`--format html`): structure, wording, escaping, no network, samples."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

from rl_audit.config import Config
from rl_audit.documents import InputFile, Issue, OpdRef, SheetResult
from rl_audit.engine.problems import collect
from rl_audit.engine.rollups import roll_up
from rl_audit.findings import (
    AuditReport,
    Finding,
    Location,
    Measure,
    OpdSummary,
    RuleOutcome,
    RuleSetInfo,
    ScoreItem,
    Severity,
    Status,
)
from rl_audit.history.changes import Changes, OpdChange, TrendPoint
from rl_audit.report.html.report import render_html, write_html
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MARKUP = "[red]x[/red]"
EVIL = f"{SCRIPT} {IMG} {MARKUP}"

DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", short="Dinkes")
EVIL_OPD = OpdRef("9.99.0.00.0.00.09.0000", SCRIPT, registered=False)
VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "col", "source", "area", "base"}


# --- a tiny DOM over html.parser ---------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    parts: list[str | Node] = field(default_factory=list)

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text() for p in self.parts)

    def iter(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found += child.iter()
        return found

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and (cls is None or cls in n.attrs.get("class", "").split())
        ]

    def by_id(self, ident: str) -> Node:
        (found,) = [n for n in self.iter() if n.attrs.get("id") == ident]
        return found

    def has_id(self, ident: str) -> bool:
        return any(n.attrs.get("id") == ident for n in self.iter())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._add(tag, attrs)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        assert any(n.tag == tag for n in self.stack), f"stray </{tag}>"
        while self.stack[-1].tag != tag:
            self.stack.pop()
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


# --- a constructed report ----------------------------------------------------------


def _finding(rule: str, sev: Severity, opd: OpdRef | None, amount_sen: int | None, **kw) -> Finding:
    loc = kw.pop("locations", (Location("in/bku.xlsx", "BKU", 18, "pengeluaran", "F18"),))
    return Finding(
        rule_id=rule,
        bpk_code=kw.pop("bpk", "1.04.10"),
        severity=sev,
        opd=opd,
        document="bku",
        title=kw.pop("title", f"Judul {rule}"),
        message=kw.pop("message", f"Pesan {rule}"),
        amount_sen=amount_sen,
        locations=loc,
        fingerprint=kw.pop("fingerprint", f"fp-{rule}"),
        remediation=kw.pop("remediation", f"Perbaiki {rule}"),
        **kw,
    )


def _findings() -> list[Finding]:
    two_cells = (
        Location("in/kontrak.xlsx", "Kontrak", 12, None, "J12"),
        Location("in/kontrak.xlsx", "Kontrak", 13, None, "J13"),
    )
    return [
        _finding("KAS-05", Severity.MEDIUM, DINKES, 123456789, bpk="2.02.03"),
        _finding("KTR-02", Severity.HIGH, DINKES, 43340000000, bpk="1.04.04", locations=two_cells),
        _finding("PJK-03", Severity.LOW, DINKES, None, bpk="1.04.01"),
        _finding(
            "PD-01",
            Severity.HIGH,
            EVIL_OPD,
            500000,
            bpk="1.01.07",
            title=EVIL,
            message=EVIL,
            remediation=EVIL,
            locations=(Location(f"in/{IMG}.xlsx", EVIL, 3, None, "B3"),),
        ),
        _finding("ANL-01", Severity.INFO, None, None, bpk="2.01.01"),
    ]


def _outcomes() -> list[RuleOutcome]:
    sev, high = Severity.MEDIUM, Severity.HIGH
    return [
        RuleOutcome("KAS-01", "Saldo BKU", "2.01.01", sev, Status.PASSED, 0, None, DINKES),
        RuleOutcome("KAS-05", "Tunai", "2.02.03", sev, Status.FAILED, 1, None, DINKES),
        RuleOutcome(
            "PJK-01",
            "Pajak",
            "1.03.01",
            Severity.HIGH,
            Status.ERROR,
            0,
            "kolom tanggal_setor tidak ada",
            DINKES,
        ),
        RuleOutcome("AST-01", "Tanah", "1.04.14", sev, Status.NOT_APPLICABLE, 0, None, DINKES),
        RuleOutcome("PD-01", "Perjadin", "1.01.07", high, Status.FAILED, 1, EVIL, EVIL_OPD),
    ]


def _summaries(findings: list[Finding]) -> list[OpdSummary]:
    evil = OpdSummary(
        EVIL_OPD,
        40.0,
        "belum_siap",
        (ScoreItem("rule", 8.0, "PD-01", "high", 1), ScoreItem("money", 0.0)),
        {"high": 1, "medium": 0, "low": 0, "info": 0},
        500000,
        None,
        findings[3],
        2025,
        "2025-12-31",
        points=8.0,
    )
    dinkes_items = (
        ScoreItem("rule", 3.0, "KAS-05", "medium", 1),
        ScoreItem("rule", 8.0, "KTR-02", "high", 1),
        ScoreItem("rule", 1.0, "PJK-03", "low", 1),
        ScoreItem("error", 8.0, "PJK-01", "high"),
        ScoreItem("money", 20.0, share=6.8, capped=True),
    )
    dinkes = OpdSummary(
        DINKES,
        60.0,
        "perlu_perbaikan",
        dinkes_items,
        {"high": 1, "medium": 1, "low": 1, "info": 0},
        43463456789,
        Measure(595489200000, 636500000000, 65.0),
        findings[1],
        2025,
        "2025-12-31",
        points=40.0,  # the items' sum, as rl_audit.engine.scoring fills it
    )
    return [evil, dinkes]


def _inputs() -> list[InputFile]:
    sheet = SheetResult(
        sheet="Rekap",
        documents=[],
        kind=None,
        confidence=0.0,
        header_rows=[],
        mapping=[],
        data_rows=0,
        role_counts={},
        special_rows=[],
        candidates=[],
        issues=[
            Issue("sheet_no_table", "error", cell="A1"),
            Issue("csv_encoding", "warning", {"encoding": "cp1252"}),
        ],
    )
    return [
        InputFile(
            Path("in/rusak.xlsx"),
            f"in/{IMG}.xlsx",
            None,
            "error",
            error=Issue("file_corrupt", "error", {"detail": SCRIPT}),
        ),
        InputFile(Path("in/rekap.xlsx"), "in/rekap.xlsx", "ab" * 32, "ok", [sheet]),
    ]


def constructed(**extra) -> AuditReport:
    findings = _findings()
    inputs = _inputs()
    report = AuditReport(
        generated_at="2026-11-27T02:00:00+07:00",
        year=2025,
        as_of="2025-12-31",
        rule_sets=[RuleSetInfo("bpk-wtp", "2025.1", 37)],
        inputs=inputs,
        outcomes=_outcomes(),
        findings=findings,
        opds=_summaries(findings),
        **{"problems": collect(inputs), **extra},
    )
    return roll_up(report)


def _changes() -> Changes:
    return Changes(
        previous_run="2026-11-26T02:00:05+07:00",
        new=1,
        resolved=5,
        persisting=3,
        per_opd=(
            OpdChange(DINKES, 1, 2, 2, 4.5, -150000000),
            OpdChange(EVIL_OPD, 0, 3, 1, None, None),
        ),
        new_fingerprints=frozenset({"fp-KAS-05"}),
    )


def _trend() -> dict[str, list[TrendPoint]]:
    return {
        DINKES.code: [
            TrendPoint("2026-11-25T02:00:00+07:00", 50.0, 100),
            TrendPoint("2026-11-26T02:00:00+07:00", 55.5, 100),
            TrendPoint("2026-11-27T02:00:00+07:00", 60.0, 100),
        ],
        EVIL_OPD.code: [TrendPoint(EVIL, 40.0, 0)],
    }


@pytest.fixture(scope="module")
def page() -> Node:
    return parse(render_html(constructed(), "id"))


# --- structure ---------------------------------------------------------------------


def test_one_section_per_opd_in_report_order_and_a_row_per_finding(page: Node) -> None:
    sections = page.find_all("section", "opd")
    names = [s.find_all("h3")[0].text() for s in sections]
    assert names[:2] == [f"{SCRIPT} {EVIL_OPD.code}", f"Dinas Kesehatan {DINKES.code}"]
    # the finding of no OPD gets its own section after the OPDs
    assert len(sections) == 3 and names[2] == "Temuan tanpa OPD yang dikenali"
    rows = [len(s.find_all("tr", "finding")) for s in sections]
    assert rows == [1, 3, 1]
    summary = page.by_id("summary").find_all("tr", "opd-row")
    assert [r.find_all("a")[0].text() for r in summary] == [SCRIPT, "Dinas Kesehatan"]


def test_findings_sorted_most_severe_first_with_every_location(page: Node) -> None:
    dinkes = page.by_id("opd-2")
    rows = dinkes.find_all("tr", "finding")
    assert [r.find_all("strong")[0].text() for r in rows] == ["KTR-02", "KAS-05", "PJK-03"]
    assert [loc.text() for loc in rows[0].find_all("span", "loc")] == [
        "in/kontrak.xlsx › Kontrak › J12, J13"
    ]
    assert rows[0].find_all("span", "badge")[0].attrs["class"] == "badge sev-high"


def test_svg_charts_have_one_bar_per_opd(page: Node) -> None:
    scores = page.by_id("chart-scores")
    assert scores.tag == "svg"
    bars = scores.find_all("rect", "bar")
    assert [b.attrs["class"] for b in bars] == ["bar band-belum_siap", "bar band-perlu_perbaikan"]
    assert float(bars[0].attrs["width"]) * 1.5 == pytest.approx(float(bars[1].attrs["width"]))
    values = [t.text() for t in scores.find_all("text", "value")]
    assert values == ["40", "60"]
    labels = [t.text() for t in scores.find_all("text", "name")]
    assert labels == [SCRIPT, "Dinkes"]  # the short name the OPD carries, else its name
    absorption = page.by_id("chart-absorption")
    assert len(absorption.find_all("rect", "bar")) == 1  # the evil OPD has no budget
    assert len(absorption.find_all("line", "target")) == 1
    assert [t.text() for t in absorption.find_all("text", "nobudget")] == ["tanpa data anggaran"]
    assert [t.text() for t in absorption.find_all("text", "value")] == ["93,6 % (target 65 %)"]


def test_summary_shows_band_counts_money_absorption_worst(page: Node) -> None:
    row = page.by_id("summary").find_all("tr", "opd-row")[1]
    cells = [c.text() for c in row.find_all("td")]
    assert cells[1:8] == ["60", "Perlu perbaikan", "1", "1", "1", "0", "Rp 434.634.567,89"]
    assert cells[8] == "93,6 % / 65 %"
    assert cells[9] == "tinggi KTR-02 Judul KTR-02"
    assert row.find_all("span", "badge")[0].attrs["class"] == "badge band-perlu_perbaikan"
    evil = page.by_id("summary").find_all("tr", "opd-row")[0]
    assert evil.find_all("td")[8].text() == "tanpa data anggaran"


def test_money_is_in_indonesian_format(page: Node) -> None:
    rows = page.by_id("opd-2").find_all("tr", "finding")
    amounts = [r.find_all("td", "num")[0].text() for r in rows]
    assert amounts == ["Rp 433.400.000", "Rp 1.234.567,89", "-"]
    bpk = {
        r.find_all("td")[0].text(): r.find_all("td")[4].text()
        for r in page.find_all("tr", "bpk-row")
    }
    assert bpk["1.04"] == "Rp 433.400.000"


def test_score_explanation_uses_the_catalog_wording(page: Node) -> None:
    section = page.by_id("opd-2")
    lines = [li.text() for li in section.find_all("ul", "explain")[0].find_all("li")]
    assert lines[0] == "KAS-05: 1 temuan sedang−3"
    assert lines[3] == "PJK-01: tidak dapat dijalankan−8"
    assert lines[4] == "Nilai berisiko 6,8 % dari pagu (dibatasi)−20"
    assert "Skor = 100 − 40 = 60" in section.text()
    evil = [li.text() for li in page.by_id("opd-1").find_all("li")]
    assert "Nilai berisiko: pagu tidak diketahui (tidak dihitung)0" in evil


def test_checklist_shows_every_outcome_failed_first(page: Node) -> None:
    rows = page.by_id("opd-2").find_all("tr", "outcome")
    assert [r.attrs["class"].split()[1] for r in rows] == [
        "status-failed",
        "status-error",
        "status-passed",
        "status-not_applicable",
    ]
    assert "kolom tanggal_setor tidak ada" in rows[1].text()
    assert "1 lulus · 1 ada temuan · 1 tidak dapat dijalankan · 1 tanpa data" in (
        page.by_id("opd-2").find_all("summary")[0].text()
    )


def test_bpk_groups_by_first_two_segments_open_findings_only() -> None:
    report = constructed()
    report.findings.append(
        replace(_finding("KAS-02", Severity.MEDIUM, DINKES, 700), status="waived")
    )
    doc = parse(render_html(report))
    rows = {
        r.find_all("td")[0].text(): [c.text() for c in r.find_all("td")[1:]]
        for r in doc.find_all("tr", "bpk-row")
    }
    assert list(rows) == ["1.01", "1.04", "2.01", "2.02"]
    assert rows["1.04"] == [
        "Ketidakpatuhan terhadap peraturan",
        "Administrasi",
        "2",
        "Rp 433.400.000",
    ]
    assert rows["2.02"][0] == "Kelemahan sistem pengendalian intern (SPI)"
    total = doc.by_id("bpk").find_all("tfoot")[0].find_all("td")
    assert [c.text() for c in total][1:] == ["5", "Rp 434.639.567,89"]
    waived = [r for r in doc.find_all("tr", "finding") if "KAS-02" in r.text()]
    assert "diterima (waiver)" in waived[0].text()


def test_input_problems_list_every_problem_errors_first(page: Node) -> None:
    problems = [[c.text() for c in r.find_all("td")] for r in page.find_all("tr", "problem")]
    assert problems == [
        ["galat", f"in/{IMG}.xlsx", f"Berkas rusak atau terpotong, tidak dapat dibaca ({SCRIPT})"],
        [
            "galat",
            "in/rekap.xlsx › Rekap › A1",
            "Tidak ditemukan tabel dengan kepala kolom yang dikenal",
        ],
        [
            "peringatan",
            "in/rekap.xlsx › Rekap",
            "Pengodean teks tidak dikenal; dibaca sebagai cp1252",
        ],
    ]
    assert "Semua berkas dapat dibaca" not in page.by_id("problems").text()
    banner = page.find_all("p", "problems-banner")[0]
    assert banner.text().startswith("Ada 3 masalah input")
    assert banner.find_all("a")[0].attrs["href"] == "#problems"


def test_no_input_problem_says_so_and_shows_no_banner() -> None:
    doc = parse(render_html(constructed(problems=[]), "id"))
    assert "Semua berkas dapat dibaca." in doc.by_id("problems").text()
    assert doc.find_all("p", "problems-banner") == []


def test_header_period_and_versions(page: Node) -> None:
    header = page.find_all("header")[0].text()
    assert "Laporan Kesiapan Audit BPK" in header
    assert "Tahun anggaran 2025, posisi per 31/12/2025" in header
    assert "Dibuat: 27/11/2026 02:00:00 +07:00" in header
    assert "rl-audit 0.1.0, aturan bpk-wtp 2025.1 (37)" in header


def test_indonesian_and_english_headings() -> None:
    report = constructed()
    id_doc, en_doc = parse(render_html(report, "id")), parse(render_html(report, "en"))
    assert id_doc.find_all("html")[0].attrs["lang"] == "id"
    assert en_doc.find_all("html")[0].attrs["lang"] == "en"
    id_h2 = [h.text() for h in id_doc.find_all("h2")]
    en_h2 = [h.text() for h in en_doc.find_all("h2")]
    assert "Ringkasan per OPD" in id_h2 and "Masalah input" in id_h2
    assert "Summary per OPD" in en_h2 and "Input problems" in en_h2
    assert not set(id_h2) & set(en_h2)
    assert "Needs work" in en_doc.by_id("summary").text()
    assert en_doc.find_all("title")[0].text() == "BPK Audit Readiness Report"


# --- untrusted text and the network ---------------------------------------------------


def test_spreadsheet_text_is_escaped_everywhere() -> None:
    html = render_html(constructed(changes=_changes(), trend=_trend()))
    doc = parse(html)
    assert len(doc.find_all("script")) == 1  # the page's own sorting script only
    assert doc.find_all("img") == []
    for node in doc.iter():
        assert not [a for a in node.attrs if a.startswith("on")], node.tag
    text = doc.text()
    for needle in (SCRIPT, IMG, MARKUP):
        assert needle in text  # shown as text, verbatim
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg_text = [t.text() for t in doc.by_id("chart-scores").find_all("text")]
    assert SCRIPT in svg_text
    titles = [t.text() for t in doc.by_id("chart-scores").find_all("title")]
    assert any(t.startswith(SCRIPT) for t in titles)


def test_no_network_references_and_a_strict_csp(page: Node) -> None:
    html = render_html(constructed(changes=_changes(), trend=_trend()), "en")
    assert "http://" not in html and "https://" not in html
    doc = parse(html)
    for node in doc.iter():
        assert "src" not in node.attrs, node.tag
        href = node.attrs.get("href")
        assert href is None or href.startswith(("#", "data:")), href
    (csp,) = [m for m in doc.find_all("meta") if m.attrs.get("http-equiv")]
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy and "unsafe" not in policy

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    script, style = doc.find_all("script")[0].text(), doc.find_all("style")[0].text()
    assert f"script-src {digest(script)}" in policy  # the page's own script may run
    assert f"style-src {digest(style)}" in policy
    assert "table.sortable" in script


# --- nightly blocks -------------------------------------------------------------------


def test_changes_and_trend_render_from_constructed_data() -> None:
    doc = parse(render_html(constructed(changes=_changes(), trend=_trend())))
    changes = doc.by_id("changes")
    assert (
        "Dibandingkan dengan pemeriksaan 26/11/2026 02:00 +07:00: 1 temuan baru, 5 selesai, "
        "3 masih ada." in changes.text()
    )
    rows = [[c.text() for c in r.find_all("td")] for r in changes.find_all("tr", "change-row")]
    assert rows[0] == [f"Dinas Kesehatan{DINKES.code}", "1", "2", "2", "+4,5", "−Rp 1.500.000"]
    assert rows[1][1:] == ["0", "3", "1", "-", "-"]
    assert rows[1][0].startswith(SCRIPT)
    new_rows = [r for r in doc.find_all("tr", "finding") if r.find_all("span", "tag-new")]
    assert [r.find_all("strong")[0].text() for r in new_rows] == ["KAS-05"]
    trend = doc.by_id("trend")
    charts = trend.find_all("svg", "trend")
    assert [f.find_all("figcaption")[0].text() for f in trend.find_all("figure")] == [
        SCRIPT,
        "Dinas Kesehatan",
    ]
    points = [len(c.find_all("polyline")[0].attrs["points"].split()) for c in charts]
    assert points == [1, 3]
    ys = [float(p.split(",")[1]) for p in charts[1].find_all("polyline")[0].attrs["points"].split()]
    assert ys[0] > ys[1] > ys[2]  # the score rises, the line goes up
    assert charts[1].find_all("title")[-1].text() == (
        "27/11/2026 02:00 +07:00: skor 60, nilai berisiko Rp 1"
    )
    assert [t.text() for t in charts[1].find_all("text")][-2:] == ["25/11/2026", "27/11/2026"]


def test_first_run_says_so() -> None:
    first = Changes(previous_run=None, new=3, resolved=0, persisting=0)
    doc = parse(render_html(constructed(changes=first), "en"))
    assert "First recorded run: nothing to compare with." in doc.by_id("changes").text()
    assert doc.by_id("changes").find_all("table") == []


def test_changes_and_trend_absent_without_them(page: Node) -> None:
    assert not page.has_id("changes") and not page.has_id("trend")
    hrefs = {a.attrs.get("href") for a in page.find_all("a")}
    assert "#changes" not in hrefs and "#trend" not in hrefs
    assert page.find_all("span", "tag-new") == []


def test_empty_report_renders() -> None:
    empty = AuditReport("2026-11-27T02:00:00+07:00", None, None, [], [])
    doc = parse(render_html(empty))
    assert doc.find_all("section", "opd") == []
    assert "Tidak ada dokumen OPD yang dikenali." in doc.by_id("summary").text()
    assert doc.by_id("chart-scores").find_all("rect") == []


# --- files and real data ----------------------------------------------------------------


def test_template_ships_inside_the_package() -> None:
    folder = files("rl_audit.report").joinpath("templates")
    for name in ("report.html.j2", "report.css", "report.js"):
        assert folder.joinpath(name).is_file()


def test_write_html_is_atomic_and_utf8(tmp_path: Path) -> None:
    target = tmp_path / "out" / "laporan.html"
    write_html(constructed(), target, lang="en")
    assert target.read_text(encoding="utf-8") == render_html(constructed(), "en")
    assert [p.name for p in target.parent.iterdir()] == ["laporan.html"]


@pytest.fixture(scope="module")
def samples_page() -> tuple[AuditReport, Node]:
    report = run_check(CheckRequest(paths=[SAMPLES], config=Config()))
    return report, parse(render_html(report))


def test_samples_report_renders(samples_page: tuple[AuditReport, Node]) -> None:
    report, doc = samples_page
    assert len(doc.find_all("section", "opd")) == len(report.opds) == 6
    assert len(doc.find_all("tr", "finding")) == len(report.findings) == 73
    assert len(doc.by_id("chart-scores").find_all("rect", "bar")) == 6
    assert len(doc.by_id("chart-absorption").find_all("rect", "bar")) == 5  # Setda: no LRA
    clean = doc.find_all("section", "opd")[-2]  # Dispusip; Setda (4.01…) comes last
    assert "Tidak ada temuan." in clean.text()
    assert len(doc.find_all("script")) == 1


def test_waiver_repeat_and_stale_notes_are_shown_escaped() -> None:
    from tests.report.constructed import constructed_report

    text = render_html(constructed_report(), "id")
    parse(text)  # well formed
    assert "Pengecualian waivers.yaml:6 berakhir 30/09/2025" in text
    assert "Temuan berulang: LHP 12.B/LHP/XVIII.BKL/05/2025" in text
    assert "waivers.yaml:9: KAS-01" in text
    assert "[red]x[/red]" in text and "<red>" not in text
    assert text.count('<div class="note">') == 3  # expired waiver, active waiver, repeat


def test_open_recommendations_are_shown_per_opd() -> None:
    from rl_audit.config import Config
    from rl_audit.run import CheckRequest, run_check

    samples = Path(__file__).parent.parent.parent / "samples" / "puprkp"
    html = render_html(run_check(CheckRequest(paths=[samples], config=Config())), "id")
    assert html.count('<p class="follow-up">') == 1
    assert "Rekomendasi BPK terbuka: 3 · belum dikembalikan Rp 91.090.250,50" in html
