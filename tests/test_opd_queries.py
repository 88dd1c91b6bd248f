"""One OPD-query matcher (rl_audit.catalog.opds.match_opd) behind every place a user names an OPD.

`check --opd` (options.resolve_opd, and options.given_opd when nothing was read),
`--explain-score` (options.opd_summary), `history --opd` (options.recorded_opd) and the
waivers file (waivers.read.resolve_opd) must agree on what a query names; the HTML report
shows the short name each OPD carries (a config-added OPD included).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rl_audit.catalog.opds import match_opd, registry_from_config
from rl_audit.config import load_config
from rl_audit.documents import OpdRef
from rl_audit.findings import OpdSummary
from rl_audit.options import OptionError, given_opd, opd_summary, recorded_opd, resolve_opd
from rl_audit.report.html.report import render_html
from rl_audit.run import CheckRequest, run_check
from rl_audit.waivers.read import resolve_opd as waiver_opd

DINKES = "1.02.0.00.0.00.01.0000"  # shipped: Dinas Kesehatan, short Dinkes
SLEMAN = "9.01.0.00.0.00.01.0000"  # added by the project config
ADDED = {
    "code": SLEMAN,
    "name": "Dinas Kesehatan Kabupaten Sleman",
    "short": "DinkesSLM",
    "aliases": ["Dinkes Sleman"],
}
REGISTRY = registry_from_config([ADDED])
REFS = [OpdRef(DINKES, "Dinas Kesehatan", short="Dinkes"), OpdRef(SLEMAN, ADDED["name"])]
SUMMARIES = [OpdSummary(r, 80.0, "siap", (), {}, 0, None, None, 2025, None) for r in REFS]
RUNS = [{"opds": [{"code": r.code, "name": r.name} for r in REFS]}]
MINI = Path(__file__).parent / "data" / "rules" / "mini.yaml"
SLEMAN_BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : Dinas Kesehatan Kabupaten Sleman;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Saldo\n"
    "1;06/01/2025;B-1;ATK;0;1.500.000,00;0\n"
)


def _every_caller(query: str) -> list[str | None]:
    """The code each of the four callers makes of `query` (None: refused)."""
    out: list[str | None] = []
    calls = (
        lambda: resolve_opd(REGISTRY, [], query),
        lambda: opd_summary(REGISTRY, SUMMARIES, query).opd.code,
        lambda: recorded_opd(REGISTRY, RUNS, query),
        lambda: waiver_opd(query, REGISTRY),
    )
    for call in calls:
        try:
            out.append(call())
        except OptionError:
            out.append(None)
    return out


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (DINKES, DINKES),
        (DINKES + ".", DINKES),  # trailing dot of a printed code
        ("dinkes", DINKES),  # short name, any case
        ("  DINAS   kesehatan ", DINKES),  # name, any spacing
        ("Dinas Kesehatan Kabupaten Rejang Lebong", DINKES),  # context words
        (SLEMAN, SLEMAN),
        ("dinkesslm", SLEMAN),  # the config's short name
        ("Dinkes  Sleman", SLEMAN),  # the config's alias
        ("kabupaten sleman", SLEMAN),  # the one OPD whose name holds every word
    ],
)
def test_the_four_callers_agree_on_what_a_query_names(query: str, code: str) -> None:
    assert _every_caller(query) == [code] * 4
    assert given_opd(REGISTRY, query) == code  # check --opd when no document was read


@pytest.mark.parametrize("query", ["Dinkes Bantul", "Nope", ""])
def test_the_four_callers_refuse_the_same_queries(query: str) -> None:
    assert _every_caller(query) == [None] * 4


def test_an_ambiguous_query_lists_the_closest_names_everywhere() -> None:
    found = match_opd("kesehatan", REGISTRY)  # both health offices hold the word
    assert found.code is None
    assert set(found.close) >= {"Dinas Kesehatan", ADDED["name"]}
    for call in (
        lambda: resolve_opd(REGISTRY, [], "kesehatan"),
        lambda: opd_summary(REGISTRY, SUMMARIES, "kesehatan"),
        lambda: recorded_opd(REGISTRY, RUNS, "kesehatan"),
    ):
        with pytest.raises(OptionError) as info:
            call()
        assert "Dinas Kesehatan Kabupaten Sleman" in info.value.text("en")
    assert waiver_opd("kesehatan", REGISTRY) is None  # a waiver must name one OPD


def test_explain_score_only_offers_the_opds_of_the_report() -> None:
    only_sleman = SUMMARIES[1:]
    assert opd_summary(REGISTRY, only_sleman, "kesehatan").opd.code == SLEMAN
    with pytest.raises(OptionError, match="tidak ada dalam laporan ini"):
        opd_summary(REGISTRY, only_sleman, "Dinas Pertanian")  # registered, not in the report


def test_html_shows_the_short_name_of_an_opd_the_config_adds(tmp_path: Path) -> None:
    config = tmp_path / "rl-audit.yaml"
    config.write_text(
        f'opds:\n  - {{code: "{SLEMAN}", name: "{ADDED["name"]}", short: DinkesSLM}}\n',
        encoding="utf-8",
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bku.csv").write_text(SLEMAN_BKU, encoding="utf-8")
    request = CheckRequest(paths=[tmp_path / "in"], config=load_config(config), rules=[MINI])
    report = run_check(request)
    assert [s.opd.code for s in report.opds] == [SLEMAN]
    html = render_html(report)
    assert "DinkesSLM" in html  # the chart labels use the short name the OPD carries
