"""The leadership view of the HTML report (issue 21): focus OPDs against the rest, and the
month-by-month absorption and non-cash charts with their numbers, focus OPDs first."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from rl_audit.config import load_config
from rl_audit.figures import FocusFigures, FocusGroup, MonthPoint
from rl_audit.findings import AuditReport, Measure
from rl_audit.report.html.report import render_html
from rl_audit.run import CheckRequest, run_check
from tests.report.constructed import DINKES, constructed_report
from tests.report.test_html_report import EVIL_OPD, SCRIPT, Node, parse

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def samples() -> tuple[AuditReport, Node]:
    config = load_config(SAMPLES / "rl-audit.yaml")
    report = run_check(CheckRequest(paths=(SAMPLES,), config=config))
    return report, parse(render_html(report, "id"))


def _name(panel: Node) -> str:
    return panel.find_all("span", "lead-name")[0].text()


def _panel(page: Node, name: str) -> Node:
    (found,) = [d for d in page.find_all("div", "lead-opd") if _name(d) == name]
    return found


def _focus_tag(panel: Node) -> bool:
    return bool(panel.find_all("span", "tag-focus"))


def _month(n: int, pct: float | None, target: float | None, share: float | None) -> MonthPoint:
    behind = pct is not None and target is not None and pct < target
    return MonthPoint(
        f"2025-{n:02d}", 100_00 * n, 100_00 * n * (n + 1) // 2, target, pct, share, behind
    )


def _figures(score: float | None, share: float | None, **kw) -> FocusFigures:
    return FocusFigures(("x",), score, 3, 1.25, 150_000_00, 61.2, share, **kw)


def _report(**focus_kw) -> AuditReport:
    """The constructed report with months for Dinkes (one month without a non-cash share)
    and a focus group of Dinkes and a code no document was read for."""
    report = constructed_report()
    months = (
        _month(1, 4.0, 5.0, 0.9),
        _month(2, 12.0, 10.0, None),
        _month(3, 13.0, 15.0, 0.95),
        _month(4, 24.0, 20.0, 1.0),
    )
    opds = [
        replace(s, monthly=months, non_cash=Measure(95_00, 100_00, 80.0))
        if s.opd == DINKES
        else replace(s, monthly_note="monthly_no_dates")
        for s in report.opds
    ]
    focus = FocusGroup(
        (DINKES.code, "9.99.9.99.0.00.01.0000"),
        _figures(64.0, 0.95, **focus_kw),
        _figures(None, None),
    )
    return replace(report, opds=opds, focus=focus)


def test_samples_show_twelve_months_for_puprkp_with_its_behind_months_marked(
    samples: tuple[AuditReport, Node],
) -> None:
    report, page = samples
    (puprkp,) = [s for s in report.opds if s.opd.label == "PUPRKP"]
    behind = sum(m.behind for m in puprkp.monthly)
    assert len(puprkp.monthly) == 12 and 0 < behind < 12
    panel = _panel(page.by_id("leadership"), "PUPRKP")
    assert len(panel.find_all("tr", "month-row")) == 12
    assert len(panel.find_all("tr", "behind")) == behind
    assert len(panel.find_all("strong", "behind-text")) == behind
    chart = panel.find_all("svg", "absorption")[0]
    assert len(chart.find_all("text", "behind-mark")) == len(chart.find_all("polygon")) == behind
    assert len(chart.find_all("circle", "mark")) == 12 - behind
    months = [td.text() for td in panel.find_all("td", "month")]
    assert months[0] == "Jan 2025" and months[-1] == "Des 2025"
    first = puprkp.monthly[0]
    assert panel.find_all("tr", "month-row")[0].find_all("td")[1].text() == "Rp " + (
        f"{first.realised_sen // 100:,}".replace(",", ".")
    )


def test_samples_focus_opds_come_first_in_the_configured_order(
    samples: tuple[AuditReport, Node],
) -> None:
    report, page = samples
    assert report.focus is not None
    names = {s.opd.code: s.opd.label for s in report.opds}
    focus = [names[c] for c in report.focus.opds if c in names]
    panels = page.find_all("div", "lead-opd")
    assert [_name(d) for d in panels[: len(focus)]] == focus
    assert [_focus_tag(d) for d in panels] == [d in panels[: len(focus)] for d in panels]
    shown = [_name(d) for d in panels]
    assert len(shown) == len(report.opds)
    table = page.find_all("table", "focus")[0]
    assert [th.text() for th in table.find_all("th")] == ["Ukuran", "OPD fokus", "OPD lain"]
    assert page.find_all("p", "no-previous")[0].text().startswith("Belum ada riwayat")


def test_an_opd_without_months_shows_its_note_and_no_chart(
    samples: tuple[AuditReport, Node],
) -> None:
    report, page = samples
    (setda,) = [s for s in report.opds if s.opd.label == "Setda"]
    assert setda.monthly == () and setda.monthly_note == "monthly_no_document"
    panel = _panel(page, "Setda")
    assert panel.find_all("p", "monthly-note")[0].text().startswith("Tidak ada data bulanan")
    assert panel.find_all("svg") == [] and panel.find_all("tr") == []


def test_the_section_sits_between_the_overview_and_the_details_and_is_linked() -> None:
    text = render_html(_report())
    assert text.index('id="bpk"') < text.index('id="leadership"')
    assert text.index('id="leadership"') < text.index('id="opds"')
    assert '<a href="#leadership">Pandangan pimpinan</a>' in text


def test_focus_table_shows_both_sides_and_last_months_figures() -> None:
    earlier = _figures(61.2, None)
    page = parse(render_html(_report(previous=earlier, previous_as_of="2025-11-01"), "en"))
    table = page.find_all("table", "focus")[0]
    heads = [th.text() for th in table.find_all("th")]
    assert heads == [
        "Figure",
        "Focus OPDs · A month earlier (as of 01/11/2025)",
        "Focus OPDs · Now",
        "Other OPDs",
    ]
    rows = {r.find_all("td")[0].text(): [td.text() for td in r.find_all("td")[1:]]
            for r in table.find_all("tr", "focus-row")}  # fmt: skip
    assert rows["Median score"] == ["61,2", "64", "not known"]
    assert rows["Non-cash share"] == ["not known", "95 %", "not known"]
    assert rows["Money at risk"] == ["Rp 150.000"] * 3
    assert page.find_all("p", "no-previous") == []
    names = page.find_all("p", "focus-names")[0].text()
    assert names == "Focus OPDs: Dinkes, 9.99.9.99.0.00.01.0000 (not checked)."


def test_unknown_figures_and_months_are_gaps_not_zeros() -> None:
    page = parse(render_html(_report()))
    panel = _panel(page, "Dinkes")
    cells = [r.find_all("td")[5].text() for r in panel.find_all("tr", "month-row")]
    assert cells == ["90 %", "tidak diketahui", "95 %", "100 %"]
    non_cash = panel.find_all("svg", "non-cash")[0]
    assert len(non_cash.find_all("polyline", "value-line")) == 1  # Feb is a gap: Mar–Apr only
    assert len(non_cash.find_all("circle", "mark")) == 3
    (target,) = non_cash.find_all("polyline", "target-line")
    ys = {p.split(",")[1] for p in target.attrs["points"].split()}
    assert len(ys) == 1  # horizontal at 80 %: a fifth of the plot below the top
    top, bottom = 14.0, 130.0 - 22.0
    assert float(ys.pop()) == pytest.approx(bottom - (bottom - top) * 0.8, abs=0.1)
    absorption = panel.find_all("svg", "absorption")[0]
    assert len(absorption.find_all("text", "behind-mark")) == 2  # Jan and Mar
    assert absorption.attrs["aria-label"] == "Kurva serapan Dinkes"
    assert "OPD tidak dikenal" not in page.by_id("leadership").text()  # the `?` OPD


def test_an_opd_name_with_markup_is_escaped() -> None:
    report = _report()
    dinkes = report.opds[0]
    evil = replace(dinkes, opd=EVIL_OPD)
    text = render_html(replace(report, opds=[evil, *report.opds[1:]]))
    section = text[text.index('id="leadership"') : text.index('id="opds"')]
    assert SCRIPT not in section
    assert 'aria-label="Kurva serapan &lt;script&gt;alert(1)&lt;/script&gt;"' in section
    assert "<title>Porsi non-tunai &lt;script&gt;alert(1)&lt;/script&gt;</title>" in section


def test_english_wording() -> None:
    page = parse(render_html(_report(), "en"))
    section = page.by_id("leadership")
    assert section.find_all("h2")[0].text() == "Leadership view"
    panel = _panel(section, "Dinkes")
    assert panel.find_all("strong", "behind-text")[0].text() == "▼ below target"
    assert [td.text() for td in panel.find_all("td", "month")][1] == "Feb 2025"
    note = _panel(section, "PUPRKP").find_all("p", "monthly-note")[0].text()
    assert note == "No monthly data: no spending dated within the budget year"
    assert "No history from a month earlier yet" in section.text()


def test_no_section_without_opds_or_focus_group() -> None:
    report = replace(constructed_report(), opds=[], focus=None)
    text = render_html(report)
    assert 'id="leadership"' not in text and "#leadership" not in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" style="border:0;width:420px;height:1200px" srcdoc="{page}"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var d = this.contentDocument, pre = document.createElement("pre");
  var svg = d.querySelector("svg.month-chart").getBoundingClientRect();
  pre.id = "measure";
  pre.textContent = [d.documentElement.scrollWidth, svg.left, svg.right].join(" ");
  document.body.appendChild(pre);
}});
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH")
def test_the_leadership_view_fits_a_phone(tmp_path: Path) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text(PROBE.format(page=html_lib.escape(render_html(_report()), quote=True)))
    args = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"]
    done = subprocess.run(
        [*args, "--window-size=1500,1300", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="measure">(.*?)</pre>', done.stdout)
    assert found, done.stderr[-2000:]
    scroll, left, right = (float(v) for v in found.group(1).split())
    assert scroll <= 420 and left >= 0 and right <= 420


def _no_budget(n: int, share: float | None) -> MonthPoint:
    return MonthPoint(f"2025-{n:02d}", 100_00 * n, 100_00 * n, 5.0 * n, None, share)


def _followup(**focus_kw) -> AuditReport:
    """Dinkes's months end early (realisasi basis); PUPRKP has months but no budget (BKU)."""
    report = _report(**focus_kw)
    opds = [
        replace(s, monthly_note="monthly_data_until", non_cash_basis="realisasi")
        if s.opd == DINKES
        else replace(
            s, monthly=(_no_budget(1, 0.5), _no_budget(2, 0.75)),
            monthly_note="monthly_no_budget", non_cash_basis="bku",
        )
        if s.opd.label == "PUPRKP"
        else s
        for s in report.opds
    ]  # fmt: skip
    return replace(report, opds=opds)


def test_a_note_is_shown_above_the_months_when_they_end_early() -> None:
    panel = _panel(parse(render_html(_followup())), "Dinkes")
    (note,) = panel.find_all("p", "monthly-note")
    assert note.text().startswith("Data belanja bertanggal berakhir sebelum tanggal posisi")
    assert len(panel.find_all("tr", "month-row")) == 4
    assert len(panel.find_all("svg", "absorption")) == 1


def test_no_absorption_chart_without_a_budget_but_the_non_cash_chart_and_table_stay() -> None:
    panel = _panel(parse(render_html(_followup(), "en")), "PUPRKP")
    assert panel.find_all("p", "monthly-note")[0].text().startswith("Spending budget unknown")
    assert panel.find_all("svg", "absorption") == [] and panel.find_all("figcaption") == []
    assert len(panel.find_all("svg", "non-cash")) == 1
    rows = panel.find_all("tr", "month-row")
    assert [[td.text() for td in r.find_all("td")][1:4] for r in rows] == [
        ["Rp 100", "Rp 100", "not known"],
        ["Rp 200", "Rp 200", "not known"],
    ]


def test_the_non_cash_basis_and_target_stand_with_the_non_cash_chart() -> None:
    page = parse(render_html(_followup()))
    dinkes = _panel(page, "Dinkes")
    (basis,) = dinkes.find_all("p", "non-cash-basis")
    assert (
        basis.text().startswith("Porsi non-tunai dari realisasi") and "batas bawah" in basis.text()
    )
    caption = dinkes.find_all("p", "chart-caption")[0].text()
    assert caption == "Porsi non-tunai Dinkes · target 80 %"
    puprkp = _panel(page, "PUPRKP")
    assert puprkp.find_all("p", "non-cash-basis")[0].text() == (
        "Porsi non-tunai dari kolom Cara Bayar BKU"
    )
    assert puprkp.find_all("p", "chart-caption")[0].text() == "Porsi non-tunai PUPRKP"  # no target


def _focus_rows(report: AuditReport, lang: str = "id") -> dict[str, list[str]]:
    table = parse(render_html(report, lang)).find_all("table", "focus")[0]
    return {r.find_all("td")[0].text(): [td.text() for td in r.find_all("td")[1:]]
            for r in table.find_all("tr", "focus-row")}  # fmt: skip


def test_focus_figures_say_their_coverage_when_partial() -> None:
    report = _followup()
    assert report.focus is not None
    earlier = replace(_figures(61.2, 0.5), opds=("a", "b"))
    side = FocusFigures(
        ("a", "b"), 70.5, 3, 1.25, 150_000_00, 97.2, 0.95, earlier, "2025-11-01",
        scored=1, with_spending=2, with_non_cash=1,
    )  # fmt: skip
    rows = _focus_rows(replace(report, focus=replace(report.focus, focus=side)))
    assert rows["Median skor"][:2] == ["61,2", "70,5 (1 dari 2 OPD)"]  # earlier: not recorded
    assert rows["Serapan"][1] == "97,2 %"  # both OPDs: no coverage
    assert rows["Porsi non-tunai"][1] == "95 % (1 dari 2 OPD)"
    assert rows["Temuan terbuka"][1] == "3"


def test_a_side_without_opds_shows_no_opd_checked_never_zero() -> None:
    report = _followup()
    assert report.focus is not None
    empty = FocusFigures((), None, 0, None, 0, None, None)
    rows = _focus_rows(replace(report, focus=replace(report.focus, others=empty)), "en")
    assert [values[-1] for values in rows.values()] == ["no OPD checked"] * 6
    assert "Rp 0" not in str(rows)
