"""The HTML report for people who act on it: remedy once per rule, the waive command,
the score formula inline, and a page that fits a phone (checked in a headless browser)."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from rl_audit.engine.scoring import CAP, WEIGHT
from rl_audit.findings import AuditReport
from rl_audit.report.html.report import render_html
from tests.report.constructed import constructed_report
from tests.report.test_html_report import Node, parse

DINKES_SECTION = "opd-1"  # constructed_report: Dinkes first (7 PJK-01, a waived KAS-05)


def _page(report: AuditReport | None = None, lang: str = "id") -> Node:
    return parse(render_html(report or constructed_report(), lang))


def _group(page: Node, rule: str) -> Node:
    (group,) = [g for g in page.find_all("div", "rule-group") if g.attrs["id"].endswith(rule)]
    return group


def test_the_remedy_is_said_once_per_rule_group() -> None:
    page = _page()
    group = _group(page.by_id(DINKES_SECTION), "PJK-01")
    assert len(group.find_all("tr", "finding")) == 7
    (remedy,) = group.find_all("p", "remedy")
    assert remedy.text() == "Cara memperbaiki: Perbaiki."
    assert group.find_all("div", "fix") == []  # not repeated on each row
    assert page.text().count("Perbaiki.") == len(page.find_all("p", "remedy"))


def test_rows_keep_their_own_remedy_when_the_remedies_differ() -> None:
    report = constructed_report()
    changed = [
        replace(f, remediation=f"Setor {f.fingerprint}") if f.rule_id == "PJK-01" else f
        for f in report.findings
    ]
    group = _group(_page(replace(report, findings=changed)), "PJK-01")
    assert group.find_all("p", "remedy") == []
    fixes = [d.text() for d in group.find_all("div", "fix")]
    assert fixes == [f"Cara memperbaiki: Setor fp-PJK-01-{row}" for row in range(10, 17)]


def test_the_short_fingerprint_and_a_ready_waive_command_are_shown() -> None:
    report = constructed_report()
    long = "0123456789abcdef" * 4
    changed = [
        replace(f, fingerprint=long) if f.rule_id == "KTR-03" else f for f in report.findings
    ]
    (row,) = _group(_page(replace(report, findings=changed), "en"), "KTR-03").find_all("tr")[1:]
    assert row.find_all("code", "fp")[0].text() == "0123456789ab"
    command = row.find_all("code", "waive")[0].text()
    assert command == 'rl-audit waive 0123456789ab --reason "REASON" --by "NAME"'
    waived = _group(_page(), "KAS-05").find_all("tr", "finding")[0]
    assert waived.find_all("code", "fp")[0].text() == "fp-KAS-05-30"
    assert waived.find_all("code", "waive") == []  # already waived: nothing to copy


def test_the_score_formula_is_inline_with_the_scoring_weights() -> None:
    text = render_html(constructed_report(), "id")
    assert "docs/scoring.md" not in text
    formula = parse(text).find_all("p", "formula")[0].text()
    assert formula.startswith("Rumus skor: skor = maks(0, 100 − poin aturan − poin uang).")
    assert f"tinggi {WEIGHT['high']:.0f} (batas {CAP['high']:.0f})" in formula
    assert "Siap: skor ≥ 85 tanpa temuan tinggi terbuka" in formula


def test_a_compact_chart_beside_each_wide_one() -> None:
    page = _page()
    for chart in ("chart-scores", "chart-absorption"):
        wide, compact = page.by_id(chart), page.by_id(f"{chart}-compact")
        assert len(compact.find_all("text", "name")) == len(wide.find_all("text", "name")) > 0
        assert float(compact.attrs["viewbox"].split()[2]) <= 420  # drawn at a phone's width
        names = compact.find_all("text", "name")
        assert all(n.attrs["x"] == "0" for n in names)  # names above the bars


# --- in a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" style="border:0;width:{width}px;height:1200px" srcdoc="{page}"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var w = this.contentWindow, d = this.contentDocument, every = Array.prototype.every;
  function inside(nodes) {{
    return every.call(nodes, function (n) {{
      var box = n.getBoundingClientRect();
      return box.left >= 0 && box.right <= w.innerWidth + 0.5;
    }});
  }}
  var names = Array.prototype.filter.call(d.querySelectorAll("svg.chart text.name"),
    function (t) {{ return t.getBoundingClientRect().height > 0; }});
  var out = {{
    width: w.innerWidth, scroll: d.documentElement.scrollWidth,
    rows: d.querySelectorAll("tr.finding").length,
    rowsInside: inside(d.querySelectorAll("tr.finding")),
    remediesInside: inside(d.querySelectorAll("p.remedy")),
    head: w.getComputedStyle(d.querySelector("table.findings thead")).display,
    names: names.map(function (t) {{ return t.getBoundingClientRect().height; }})
  }};
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script></body></html>"""


def _measure(page: str, width: int, tmp_path: Path) -> dict:
    """Load `page` in an iframe `width` px wide in headless Chromium; what its script measured.

    The iframe (srcdoc) sets the viewport width exactly (a headless window has a minimum
    width) and keeps the report's own CSP: the probe script runs in the outer page.
    """
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(PROBE.format(width=width, page=html_lib.escape(page, quote=True)))
    args = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu"]
    args += ["--disable-background-networking", "--window-size=1500,1300", "--dump-dom"]
    done = subprocess.run(
        [*args, probe.as_uri()], capture_output=True, text=True, timeout=120, check=False
    )
    found = re.search(r'<pre id="measure">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(html_lib.unescape(found.group(1)))


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH (apt-get install chromium); docs/html-report.md: manual check",
)
@pytest.mark.parametrize("width", [420, 1400])
def test_the_page_fits_a_phone_and_a_desktop(width: int, tmp_path: Path) -> None:
    report = constructed_report()
    seen = _measure(render_html(report, "id"), width, tmp_path)
    assert seen["width"] == width
    assert seen["scroll"] <= width  # no sideways scrolling
    assert seen["rows"] == len(report.findings)
    assert seen["rowsInside"] and seen["remediesInside"]  # the fix text is on screen
    assert seen["head"] == ("none" if width < 600 else "table-header-group")  # cards on a phone
    assert seen["names"] and min(seen["names"]) >= 11  # chart labels readable (px)
