"""The focus OPDs against the rest: each side's figures summed by hand, and the config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import ConfigError, load_config
from rl_audit.documents import OpdRef
from rl_audit.engine.focus import focus_group
from rl_audit.figures import Measure
from rl_audit.findings import OpdSummary

ROOT = Path(__file__).resolve().parent.parent.parent
BILLION = 1_000_000_000 * 100  # sen


def summary(
    code: str,
    score: float | None,
    findings: int,
    amount_sen: int,
    absorption: Measure | None,
    non_cash: Measure | None = None,
) -> OpdSummary:
    """A hand-built OPD summary with `findings` open low findings."""
    counts = {"high": 0, "medium": 0, "low": findings, "info": 0}
    ref = OpdRef(code, f"OPD {code}")
    return OpdSummary(ref, score, None, (), counts, amount_sen, absorption, None, 2025, None,
                      non_cash=non_cash)  # fmt: skip


OPDS = [
    summary("A", 40.0, 6, 500_00, Measure(2 * BILLION, 4 * BILLION, 90), Measure(90, 100, 90)),
    summary("B", 70.0, 2, 300_00, Measure(1 * BILLION, 1 * BILLION, 90), Measure(10, 100, 90)),
    summary("C", 90.0, 1, 100_00, Measure(None, 5 * BILLION, 90)),
    summary("D", 55.0, 4, 0, None),
    summary("E", 80.0, 3, 200_00, Measure(3 * BILLION, 6 * BILLION, 90), Measure(1, 2, 90)),
    OpdSummary(
        OpdRef("?", "tidak dikenal", registered=False, source="none"),
        None,
        None,
        (),
        {"low": 9},
        900_00,
        None,
        None,
        None,
        None,
    ),  # fmt: skip
]


def test_each_side_summed_by_hand() -> None:
    group = focus_group(OPDS, ("A", "B", "C"))
    assert group is not None
    focus, others = group.focus, group.others
    assert focus.opds == ("A", "B", "C") and others.opds == ("D", "E")  # `?` on neither side
    assert focus.median_score == 70.0 and others.median_score == 67.5
    assert focus.findings == 9 and others.findings == 7
    # findings of the OPDs whose realised spending is known, per Rp 1 miliar of it
    assert focus.findings_per_billion == round((6 + 2) / 3, 2)
    assert others.findings_per_billion == 1.0  # E: 3 findings over Rp 3 miliar
    assert focus.amount_at_risk_sen == 900_00 and others.amount_at_risk_sen == 200_00
    assert focus.absorption_percent == 60.0  # (2 + 1) / (4 + 1); C has no realised figure
    assert others.absorption_percent == 50.0
    assert focus.non_cash_share == 0.5 and others.non_cash_share == 0.5
    # how many OPDs each figure covers: never a figure of one OPD read as the side's
    assert (focus.scored, focus.with_spending, focus.with_non_cash) == (3, 2, 2)
    assert (others.scored, others.with_spending, others.with_non_cash) == (2, 1, 1)


def test_a_side_without_figures_says_not_known() -> None:
    group = focus_group(OPDS[3:4], ("A",))
    assert group is not None and group.focus.opds == ()
    assert group.focus.median_score is None and group.focus.absorption_percent is None
    assert group.others.findings_per_billion is None and group.others.non_cash_share is None
    assert focus_group(OPDS[5:], ("A",)) is None  # only the unknown OPD


def write_config(tmp_path: Path, focus: str) -> Path:
    """A config whose focus_opds is `focus` (YAML)."""
    path = tmp_path / "rl-audit.yaml"
    path.write_text(f"focus_opds: {focus}\n", encoding="utf-8")
    return path


def test_focus_opds_names_or_codes_resolve_to_codes(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "[Dinkes, '2.23.2.24.0.00.01.0000']"))
    assert config.focus_codes() == ("1.02.0.00.0.00.01.0000", "2.23.2.24.0.00.01.0000")


def test_focus_opds_default_to_the_four_focus_opds(tmp_path: Path) -> None:
    path = tmp_path / "rl-audit.yaml"
    path.write_text("year: 2025\n", encoding="utf-8")
    codes = load_config(path).focus_codes()
    assert len(codes) == 4 and "1.03.1.04.0.00.01.0000" in codes  # PUPRKP


def test_an_unknown_focus_opd_names_file_line_and_text(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rl-audit\.yaml:1.*focus_opds.*'Dinas Bulan'"):
        load_config(write_config(tmp_path, "[Dinas Bulan]"))


def test_the_cli_report_compares_the_configured_focus_group(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[Dispusip]")
    out = tmp_path / "r.json"
    args = ["check", str(ROOT / "samples"), "--config", str(config), "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    focus = json.loads(out.read_text(encoding="utf-8"))["focus"]
    assert focus["opds"] == ["2.23.2.24.0.00.01.0000"]
    assert focus["focus"]["opds"] == ["2.23.2.24.0.00.01.0000"]
    assert len(focus["others"]["opds"]) == 5 and "previous" not in focus["focus"]
    assert focus["focus"]["findings"] == 0 and focus["focus"]["absorption_percent"] == 97.18
    assert focus["others"]["covered"] == {"score": 5, "spending": 4, "non_cash": 4}  # not Setda
