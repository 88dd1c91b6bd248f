"""`rl-audit check` end to end: formats, outputs, OPD filter, score explanation, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent / "samples"
DINKES = SAMPLES / "dinkes"
DISPUSIP = SAMPLES / "dispusip"


def check(*args: str, env: dict[str, str] | None = None):
    """Invoke `rl-audit check` with `args`."""
    return runner.invoke(app, ["check", *args], env=env)


def test_exit_0_on_a_clean_opd() -> None:
    result = check("--no-color", str(DISPUSIP))
    assert result.exit_code == EXIT_OK, result.output
    assert "Siap" in result.stdout


def test_exit_1_on_high_findings_and_fail_on_never() -> None:
    assert check("--no-color", str(DINKES)).exit_code == EXIT_FINDINGS
    assert check("--fail-on", "never", "-q", str(DINKES)).exit_code == EXIT_OK


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--fail-on", "sometimes"],
        ["--as-of", "kemarin"],
        ["--output", "x.json"],  # --output needs a file format
        ["--explain-score", "Dinas Tidak Ada"],
    ],
)
def test_exit_2_on_usage_errors(args: list[str], tmp_path: Path) -> None:
    result = check(*args, str(DISPUSIP))
    assert result.exit_code == EXIT_USAGE


def test_exit_3_on_bad_rule_file_and_on_no_readable_input(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules: [{id: X-1}]\n", encoding="utf-8")
    result = check("--rules", str(bad), str(DISPUSIP))
    assert result.exit_code == EXIT_CANNOT_RUN and "X-1" in result.stderr
    (tmp_path / "kosong.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = check(str(tmp_path / "kosong.xlsx"))
    assert result.exit_code == EXIT_CANNOT_RUN and "kosong.xlsx" in result.stderr


def test_json_to_stdout_is_the_whole_contract() -> None:
    result = check("--format", "json", str(DINKES))
    doc = json.loads(result.stdout)
    (opd,) = doc["opds"]
    assert opd["name"] == "Dinas Kesehatan" and 0 <= opd["score"] < 100
    assert opd["absorption"]["budget"] > opd["absorption"]["realised"] > 0
    assert doc["period"] == {"year": 2025, "as_of": opd["period"]["as_of"]}


def test_repeated_formats_go_to_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "laporan"
    result = check(
        "-q",
        "--format",
        "json",
        "--format",
        "xlsx",
        "--format",
        "html",
        "--output",
        str(out),
        str(DINKES),
    )
    assert result.exit_code == EXIT_FINDINGS, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["rl-audit-report.html", "rl-audit-report.json", "rl-audit-report.xlsx"]
    doc = json.loads((out / "rl-audit-report.json").read_text(encoding="utf-8"))
    assert doc["findings"] and result.stdout == ""


def test_table_plus_json_file(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    result = check(
        "--no-color", "--format", "table", "--format", "json", "--output", str(target), str(DINKES)
    )
    assert "Dinas Kesehatan" in result.stdout
    assert json.loads(target.read_text(encoding="utf-8"))["opds"][0]["code"].startswith("1.02")
    assert str(target) in result.stderr


def test_opd_filter_by_short_name() -> None:
    result = check("--format", "json", "--opd", "Dinkes", "--opd", "dispusip", str(SAMPLES))
    names = {o["name"] for o in json.loads(result.stdout)["opds"]}
    assert names == {"Dinas Kesehatan", "Dinas Perpustakaan dan Kearsipan"}


def test_explain_score_prints_the_deductions() -> None:
    result = check("--no-color", "--explain-score", "dinkes", str(DINKES))
    assert "Rincian skor Dinas Kesehatan" in result.stdout
    assert "Skor = 100 −" in result.stdout and "PD-01: 1 temuan tinggi" in result.stdout


def test_no_color_env_and_piped_output_are_plain() -> None:
    result = check(str(DINKES), env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_quiet_prints_nothing_but_keeps_the_exit_code() -> None:
    result = check("-q", str(DINKES))
    assert result.exit_code == EXIT_FINDINGS and result.stdout == ""


def test_progress_is_reported_per_file_and_silent_when_not_a_terminal() -> None:
    from rl_audit.config import Config
    from rl_audit.run import CheckRequest, run_check

    calls: list[tuple[int, int]] = []
    request = CheckRequest([DINKES], Config())
    request.progress = lambda done, total, _path: calls.append((done, total))
    report = run_check(request)
    total = len(report.inputs)
    assert calls == [(i, total) for i in range(1, total + 1)]
    result = check("--no-color", str(DINKES))
    assert "Membaca berkas" not in result.stderr


def test_a_single_opd_filters_and_does_not_override_the_files_own_opd() -> None:
    result = check("--format", "json", "--opd", "Dinkes", str(SAMPLES))
    doc = json.loads(result.stdout)
    assert [o["name"] for o in doc["opds"]] == ["Dinas Kesehatan"]
    files = {loc["file"] for f in doc["findings"] for loc in f["locations"]}
    assert files and all("/dinkes/" in name for name in files)


def test_cache_folder_gives_the_same_report_and_is_used(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    first = check("--format", "json", "--cache", str(cache), str(DINKES))
    assert (cache / "eval").is_dir() and any(cache.rglob("manifest.json"))

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr("rl_audit.ingest.pipeline.open_workbook", no_parsing)
    second = check("--format", "json", "--cache", str(cache), str(DINKES))
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    prints = [[f["fingerprint"] for f in doc["findings"]] for doc in (one, two)]
    assert prints[0] == prints[1]
    assert one["opds"] == two["opds"]
