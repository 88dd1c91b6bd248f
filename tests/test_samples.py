"""The generated sample exports in samples/: reproducible, and the main job finds them.

`samples/generate.py` must regenerate every committed file byte for byte, and
`rl-audit check samples/` must report every case planted in samples/README.md (rule,
file, Excel row), nothing else, no finding for the clean OPD and no rule in error. The
repeat findings listed there must link to their follow-up matrix rows, and only those.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import Config
from rl_audit.engine.evaluate import group_by_opd
from rl_audit.engine.repeats import link_repeats
from rl_audit.findings import AuditReport, Status
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOT_GENERATED = {
    "generate.py",
    "second_wave.py",
    "honor_lists.py",
    "honor_teams.py",
    "registers.py",
    "sp2d_register.py",
    "blud.py",
    "grants_permits.py",
    "rl-audit.yaml",
    "waivers.yaml",
}
CLEAN_OPD = ("dispusip", "2.23.2.24.0.00.01.0000")
PLANT_ROW = re.compile(r"^\| (\S+/\S+) \| ([^|]*) \| (\d+) \| ([A-Z][A-Z0-9]*-\d+) \| (.+) \|$")
REPEAT_ROW = re.compile(
    r"^\| (\S+/\S+) \| ([^|]*) \| (\d+) \| (\d\.\d{2}\.\d{2}) \| ([A-Z0-9, -]+) \|$"
)


def _generator():
    spec = importlib.util.spec_from_file_location("samples_generate", SAMPLES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _committed() -> dict[str, bytes]:
    return {
        p.relative_to(SAMPLES).as_posix(): p.read_bytes()
        for p in sorted(SAMPLES.rglob("*"))
        if p.is_file() and p.name not in NOT_GENERATED and "__pycache__" not in p.parts
    }


def _why_differs(name: str, old: bytes, new: bytes) -> str:
    """Say which zip member (xlsx/ods) or which line (text) differs."""
    if name.endswith((".xlsx", ".ods")):
        a, b = zipfile.ZipFile(io.BytesIO(old)), zipfile.ZipFile(io.BytesIO(new))
        if a.namelist() != b.namelist():
            return f"{name}: zip members {a.namelist()} != {b.namelist()}"
        for info_a, info_b in zip(a.infolist(), b.infolist(), strict=True):
            if info_a.date_time != info_b.date_time:
                return (
                    f"{name}: {info_a.filename} zip date {info_a.date_time} != {info_b.date_time}"
                )
            if a.read(info_a) != b.read(info_b):
                return f"{name}: member {info_a.filename} differs"
        return f"{name}: zip container differs (compression/attributes)"
    old_lines, new_lines = old.decode().splitlines(), new.decode().splitlines()
    for i, (x, y) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if x != y:
            return f"{name}: line {i}: committed {x!r} != regenerated {y!r}"
    return f"{name}: {len(old_lines)} committed lines != {len(new_lines)} regenerated"


def test_generation_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    _generator().main(tmp_path)
    fresh = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
    }
    committed = _committed()
    assert sorted(fresh) == sorted(committed), "regenerate with: python samples/generate.py"
    problems = [
        _why_differs(name, committed[name], data)
        for name, data in fresh.items()
        if committed[name] != data
    ]
    assert not problems, "\n".join(problems)


def planted() -> list[tuple[str, str, int, str]]:
    """(file, sheet, row, rule) of every planted case listed in samples/README.md."""
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    rows = [m.groups() for line in text.splitlines() if (m := PLANT_ROW.match(line))]
    return [(f, sheet.strip(), int(row), rule) for f, sheet, row, rule, _ in rows]


def repeats_listed() -> dict[tuple[str, int], set[str]]:
    """(matrix file, row) → rule ids of the findings repeating it, from samples/README.md."""
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    rows = [m.groups() for line in text.splitlines() if (m := REPEAT_ROW.match(line))]
    return {(f, int(row)): set(rules.split(", ")) for f, _, row, _, rules in rows}


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return run_check(CheckRequest(paths=[SAMPLES], config=Config()))


def _where(report: AuditReport) -> set[tuple[str, int | None, str]]:
    """(file relative to samples/, row, rule) of every finding location."""
    out = set()
    for finding in report.findings:
        for loc in finding.locations:
            rel = Path(loc.file).resolve().relative_to(SAMPLES).as_posix()
            out.add((rel, loc.row, finding.rule_id))
    return out


def test_readme_lists_planted_cases_of_the_four_focus_opds_and_setda() -> None:
    cases = planted()
    per_opd = Counter(f.split("/")[0] for f, *_ in cases)
    assert set(per_opd) == {"puprkp", "rsud_curup", "dpmptsp", "dinkes", "setda"}
    assert len(cases) >= 25
    assert len(set(cases)) == len(cases)


SECOND_WAVE_RULES = {"HON-01", "HON-02", "HON-03", "HON-04", "HON-05", "TRM-01", "TRM-02",
                     "TRM-03", "TRM-04", "S2D-01", "S2D-02", "S2D-03", "BBM-01"}  # fmt: skip
SECOND_WAVE_FILES = {
    "honor": {"puprkp/daftar_honor_tim_2025.xlsx", "rsud_curup/daftar_honor_tim_2025.xlsx",
              "dinkes/daftar_honor_tim_2025.ods", "dispusip/daftar_honor_tim_2025.xlsx"},
    "pembayaran": {"puprkp/pembayaran_kontrak_2025.xlsx"},
    "sp2d": {"puprkp/register_sp2d_2025.xlsx", "rsud_curup/register_sp2d_2025.xlsx",
             "dispusip/register_sp2d_2025.xlsx"},
    "persediaan": {"rsud_curup/laporan_persediaan_obat_2025.xlsx",
                   "dispusip/laporan_persediaan_2025.xlsx"},
    "piutang": {"rsud_curup/daftar_piutang_2025.xlsx"},
    "hibah": {"setda/register_hibah_2025.xlsx"},
    "izin": {"dpmptsp/register_izin_pbg_2025.xlsx"},
}  # fmt: skip
ISSUE_18_RULES = {"PRS-01", "PRS-02", "PRS-03", "PIU-01", "PIU-02", "PIU-03", "HIB-01",
                  "HIB-02", "HIB-03", "IZN-01", "IZN-02"}  # fmt: skip


def test_every_second_wave_rule_is_planted_at_a_focus_opd() -> None:
    planted_rules = {rule for _, _, _, rule in planted()}
    assert planted_rules >= SECOND_WAVE_RULES, SECOND_WAVE_RULES - planted_rules


def test_every_issue_18_rule_is_planted_and_found(report: AuditReport) -> None:
    """Stock, receivables, grants and permits: each rule planted in the README and reported."""
    planted_rules = {rule for _, _, _, rule in planted()}
    assert planted_rules >= ISSUE_18_RULES, ISSUE_18_RULES - planted_rules
    found = {rule for _, _, rule in _where(report)}
    assert found >= ISSUE_18_RULES, ISSUE_18_RULES - found


def test_second_wave_exports_are_recognised(report: AuditReport) -> None:
    kinds: dict[str, set[str]] = {}
    for item in report.inputs:
        rel = Path(item.path).resolve().relative_to(SAMPLES).as_posix()
        for sheet in item.sheets:
            kinds.setdefault(sheet.kind or "", set()).add(rel)
    for kind, files in SECOND_WAVE_FILES.items():
        assert files <= kinds.get(kind, set()), (kind, files - kinds.get(kind, set()))


def test_clean_opd_near_misses_are_checked_not_skipped(report: AuditReport) -> None:
    """Dispusip's honor list, SP2D register and stock report are judged (passed), not skipped.

    The stock report's near misses: an expiry exactly on the as-of date, exact mutations.
    """
    _, code = CLEAN_OPD
    status = {o.rule_id: o.status for o in report.outcomes if o.opd and o.opd.code == code}
    judged = ["HON-01", "HON-02", "HON-03", "HON-04", "HON-05", "S2D-01", "S2D-02", "S2D-03",
              "PRS-01", "PRS-02", "PRS-03"]  # fmt: skip
    assert {rule: status.get(rule) for rule in judged} == dict.fromkeys(judged, Status.PASSED)


def test_every_planted_case_is_found(report: AuditReport) -> None:
    found = _where(report)
    missing = [case for case in planted() if (case[0], case[2], case[3]) not in found]
    assert not missing, f"planted but not reported: {missing}"


def test_no_finding_besides_the_planted_ones(report: AuditReport) -> None:
    cases = {(f, row, rule) for f, _, row, rule in planted()}
    extra = [
        (f.rule_id, [(loc.file, loc.row) for loc in f.locations], f.message)
        for f in report.findings
        if not {
            (Path(loc.file).resolve().relative_to(SAMPLES).as_posix(), loc.row, f.rule_id)
            for loc in f.locations
        }
        & cases
    ]
    assert not extra, f"findings not planted in samples/README.md: {extra}"


def test_repeat_findings_link_to_their_follow_up_matrix_rows(report: AuditReport) -> None:
    listed = repeats_listed()
    assert len(listed) >= 10
    assert {f.split("/")[0] for f, _ in listed} == {"puprkp", "rsud_curup", "dpmptsp", "dinkes"}
    linked: dict[tuple[str, int], set[str]] = {}
    for opd, docs in group_by_opd(report.inputs).values():
        mine = [f for f in report.findings if f.opd and f.opd.code == opd.code]
        for finding in link_repeats(mine, docs):
            for ref in finding.repeat_of:
                loc = ref.location
                assert (
                    loc is not None
                    and loc.row is not None
                    and loc.cell == (f"{'E' if loc.sheet == 'Matriks TL' else 'C'}{loc.row}")
                )
                assert ref.bpk_code == finding.bpk_code and ref.lhp.endswith(("/2024", "/2025"))
                key = (Path(loc.file).resolve().relative_to(SAMPLES).as_posix(), loc.row)
                linked.setdefault(key, set()).add(finding.rule_id)
    assert linked == listed


def test_clean_opd_has_no_finding_and_no_rule_error(report: AuditReport) -> None:
    folder, code = CLEAN_OPD
    assert [
        f.rule_id
        for f in report.findings
        if (f.opd and f.opd.code == code)
        or any(
            Path(loc.file).resolve().relative_to(SAMPLES).parts[0] == folder for loc in f.locations
        )
    ] == []
    errors = [(o.rule_id, o.opd, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert errors == []
    assert {o.status for o in report.outcomes if o.opd and o.opd.code == code} <= {
        Status.PASSED,
        Status.NOT_APPLICABLE,
    }


def test_every_input_is_read(report: AuditReport) -> None:
    assert len(report.inputs) == len(_committed()) - 1  # all but README.md
    unread = [(i.display, s.sheet) for i in report.inputs for s in i.sheets if s.document is None]
    assert unread == []


def test_config_validates_and_check_runs_from_the_cli() -> None:
    result = CliRunner().invoke(
        app, ["check", "--config", str(SAMPLES / "rl-audit.yaml"), "--no-color"]
    )
    assert result.exit_code == 1, result.output  # high findings are planted
    assert "KTR-02" in result.output


def test_check_samples_reads_the_root_config_and_the_sample_waiver(
    report: AuditReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's main job, `rl-audit check samples/` from the repository root."""
    import json

    from typer.testing import CliRunner

    from rl_audit.cli.app import app

    monkeypatch.chdir(SAMPLES.parent)  # the root rl-audit.yaml is the operator's config
    result = CliRunner().invoke(app, ["check", "--format", "json", "samples/"])
    doc = json.loads(result.stdout)
    waived = [f for f in doc["findings"] if f["status"] == "waived"]
    assert [(f["rule_id"], f["opd"]["name"]) for f in waived] == [("KAS-05", "Dinas Kesehatan")]
    assert waived[0]["waiver"]["source"] == "waivers.yaml:6" and doc["stale_waivers"] == []
    assert len(doc["findings"]) == len(report.findings)  # the samples' full result
    used = doc["provenance"]
    assert used["config"]["path"] == str(SAMPLES.parent / "rl-audit.yaml")
    assert used["waivers"]["path"] == str(SAMPLES / "waivers.yaml")
    assert used["ignored_files"] == [str(Path("samples/rl-audit.yaml"))]  # never obeyed
    assert "samples/rl-audit.yaml: Konfigurasi di dalam folder input diabaikan" in result.stderr
    table = CliRunner().invoke(app, ["check", "--no-color", "samples/"]).stdout
    assert "Diterima sebagai pengecualian (waivers.yaml:6" in table
    assert "Temuan berulang: LHP" in table
