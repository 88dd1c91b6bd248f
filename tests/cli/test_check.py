"""`rl-audit check` end to end: formats, outputs, OPD filter, score explanation, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"
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
    assert doc["period"] == {"year": 2025, "as_of": opd["period"]["as_of"], "year_source": "data"}


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
    request = CheckRequest(
        paths=(DINKES,),
        config=Config(),
        progress=lambda done, total, _path: calls.append((done, total)),
    )
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


# --- options are checked before anything runs (usage errors: exit 2, one line) --------

RUN = Path(__file__).parent.parent / "data" / "run"  # one month of a Dinkes BKU


def _one_line_usage_error(result, *expected: str) -> None:
    """Exit 2, one `rl-audit:` line on stderr holding `expected`; no traceback or usage."""
    assert result.exit_code == EXIT_USAGE, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rl-audit: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    assert "Traceback" not in result.output and "Usage:" not in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "NOPE"], ["--select 'NOPE': tidak ada aturan", "rl-audit rules list"]),
        (["--select", "NOPE", "--lang", "en"], ["no rule has this id, prefix or tag"]),
        (["--select", "KAS-5"], ["Mungkin maksudnya: KAS-05"]),
        (["--select", "KAS-5", "--lang", "en"], ["--select 'KAS-5'", "Did you mean: KAS-05"]),
        (["--select", "KAS", "--ignore", "tag:kontrk"], ["--ignore 'tag:kontrk'", "tag:kontrak"]),
        (["--ignore", "PJKK", "--lang", "en"], ["--ignore 'PJKK'", "Did you mean: PJK"]),
        (["--param", "cash_limit=abc"], ["--param cash_limit: 'abc' bukan angka"]),
        (["--param", "cash_limit=abc", "--lang", "en"], ["'abc' is not a number"]),
        (["--param", "nope=1"], ["--param nope: parameter tidak dikenal", "docs/rules.md"]),
        (["--param", "cash_limt=1", "--lang", "en"], ["unknown parameter", "cash_limit"]),
        (["--param", "cash_limt=1"], ["Mungkin maksudnya: cash_limit"]),
        (["--param", "pmk81_start=31/12/2025"], ["'31/12/2025' bukan tanggal YYYY-MM-DD"]),
        (["--param", "pmk81_start=2025-13-01", "--lang", "en"], ["is not a date YYYY-MM-DD"]),
        (["--param", "perjadin_default_province=12"], ["12 bukan teks"]),
        (["--param", "cash_payment_labels=tunai", "--lang", "en"], ["is not a list of texts"]),
        (["--param", "pph_deposit_deadline=next_month"], ["bukan aturan tenggat", "workdays:N"]),
        (["--param", "in_town_pattern=(curup"], ["bukan regex yang valid"]),
    ],
)
def test_bad_selection_and_parameters_stop_before_any_input_is_read(
    args: list[str], expected: list[str], monkeypatch
) -> None:
    def no_reading(*_args, **_kwargs):
        raise AssertionError("inputs were read before the options were checked")

    monkeypatch.setattr("rl_audit.run.ingest_paths", no_reading)
    _one_line_usage_error(check(*args, str(RUN)), *expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--opd", "Nope"], ["--opd 'Nope': OPD tidak ada di registri", "rl-audit inspect"]),
        (["--opd", "Nope", "--lang", "en"], ["no such OPD in the registry or in the files"]),
        (["--opd", "Dinkess"], ["Mungkin maksudnya: Dinkes"]),
        (["--opd", "Dinkes", "--opd", "Dinkess", "--lang", "en"], ["Did you mean: Dinkes"]),
    ],
)
def test_unknown_opd_is_a_usage_error_with_the_closest_names(
    args: list[str], expected: list[str]
) -> None:
    _one_line_usage_error(check(*args, str(RUN)), *expected)


@pytest.mark.parametrize(
    "args", [["--fail-on", "hihg"], ["--lang", "fr"], ["--format", "jsn"], ["--year", "dua"]]
)
def test_click_choice_typos_are_usage_errors(args: list[str]) -> None:
    result = check(*args, str(RUN))
    assert result.exit_code == EXIT_USAGE and "Traceback" not in result.output


SLEMAN_BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : Dinas Kesehatan Kabupaten Sleman;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Saldo\n"
    "1;06/01/2025;B-1;ATK;0;1.500.000,00;0\n"
)


def _opd_names(result) -> list[str]:
    assert result.exit_code in (EXIT_OK, EXIT_FINDINGS), result.output
    return [o["name"] for o in json.loads(result.stdout)["opds"]]


def test_opd_read_from_the_inputs_is_a_valid_filter(tmp_path: Path) -> None:
    """An OPD outside the registry is valid when a file names it (by name or its code)."""
    (tmp_path / "sleman.csv").write_text(SLEMAN_BKU, encoding="utf-8")
    for query in ("Dinas Kesehatan Kabupaten Sleman", "dinas-kesehatan-kabupaten-sleman"):
        names = _opd_names(check("--format", "json", "--opd", query, str(tmp_path)))
        assert names == ["Dinas Kesehatan Kabupaten Sleman"]
    # a registered OPD absent from the inputs is valid too: it just has nothing to report
    assert _opd_names(check("--format", "json", "--opd", "Dispusip", str(tmp_path))) == []


def test_a_single_opd_names_the_files_that_name_none_only_when_registered(
    tmp_path: Path,
) -> None:
    """One registered --opd is the OPD of sheets naming none; an unknown one is a typo (exit 2),
    never an invented OPD that passes (register a new OPD under opds: in rl-audit.yaml)."""
    body = SLEMAN_BKU.replace("SKPD : Dinas Kesehatan Kabupaten Sleman;;;;;;\n", "")
    (tmp_path / "bku.csv").write_text(body, encoding="utf-8")
    names = _opd_names(check("--format", "json", "--opd", "Dinkes", str(tmp_path)))
    assert names == ["Dinas Kesehatan"]
    _one_line_usage_error(check("--opd", "Dinas Baru", str(tmp_path)), "--opd 'Dinas Baru'")
    two = check("--opd", "Dinas Baru", "--opd", "Dinkes", str(tmp_path))
    _one_line_usage_error(two, "--opd 'Dinas Baru'")


def test_a_selection_that_leaves_no_rule_is_a_usage_error() -> None:
    _one_line_usage_error(check("--select", "KAS", "--ignore", "KAS", str(RUN)), "--ignore")


def test_good_parameter_values_are_used() -> None:
    """1e6 (a string to YAML 1.1) is read as a number; a date parameter takes a date."""
    args = ["--no-color", "--lang", "en", "--select", "KAS-05", "--param", "cash_limit=1e6"]
    result = check(*args, "--param", "pmk81_start=2024-01-01", str(RUN))
    assert result.exit_code == EXIT_OK, result.output
    assert "exceeds the limit Rp 1.000.000" in result.stdout


def test_explain_score_of_an_unknown_opd_names_the_closest(tmp_path: Path) -> None:
    result = check("--no-color", "--explain-score", "dinkess", str(RUN))
    _one_line_usage_error(result, "OPD dinkess tidak ada dalam laporan ini", "Dinkes")


def test_every_input_problem_is_on_stderr_and_in_the_report(tmp_path: Path) -> None:
    import shutil

    import openpyxl

    shutil.copytree(DISPUSIP, tmp_path / "dispusip")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    ws.append(["Daftar Pegawai"])
    ws.append([])
    ws.append(["No", "Nama Pegawai", "Golongan", "Alamat Rumah"])
    ws.append([1, "Ani", "III/a", "Curup"])
    wb.save(tmp_path / "pegawai.xlsx")
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 broken")
    # a wide terminal: the long temporary path must not wrap inside the checked words
    result = check("--no-color", str(tmp_path), env={"COLUMNS": "400"})
    assert result.exit_code == EXIT_OK, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("rl-audit: ")]
    assert len(errors) == 2
    assert "rusak.xlsx" in errors[0] and "pegawai.xlsx › Pegawai: " in errors[1]
    block = " ".join(result.stdout.split("Masalah input")[1].split("■")[0].split())
    assert "✗ " in block and "! " in block and "pegawai.xlsx › Pegawai" in block
    assert "Siap" in result.stdout  # the clean OPD has its core documents: banded
    doc = json.loads(check("--format", "json", str(tmp_path)).stdout)
    assert [p["severity"] for p in doc["problems"]] == ["error", "warning"]
    assert doc["problems"][1]["sheets"] == ["Pegawai"]


# --- outputs never replace what they must not (issue 14, item 5) ----------------------


def _special(kind: str, path: Path) -> Path:
    """Make a FIFO, a socket, a folder or a character device (a copy of /dev/null) at `path`."""
    import os
    import socket
    import stat

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "folder":
        path.mkdir()
    else:
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder", "device"])
def test_output_that_is_not_a_regular_file_is_refused_and_kept(kind: str, tmp_path: Path) -> None:
    import os

    target = _special(kind, tmp_path / "out.json")
    before = os.lstat(target)
    one = check("-q", "--format", "json", "--output", str(target), str(DISPUSIP))
    name = tmp_path / "many" / "rl-audit-report.json"
    name.parent.mkdir()
    _special(kind, name)
    many = check(
        "-q", "--format", "json", "--format", "html", "--output", str(name.parent), str(DISPUSIP)
    )
    if kind != "folder":  # one format into an existing folder: the folder gets the file
        assert one.exit_code == EXIT_USAGE and "out.json" in one.stderr, one.output
        assert "bukan berkas biasa" in one.stderr
        after = os.lstat(target)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert many.exit_code == EXIT_USAGE and "rl-audit-report.json" in many.stderr
    assert not (name.parent / "rl-audit-report.html").exists()  # refused before the run


def test_atomic_writer_never_replaces_a_special_file(tmp_path: Path) -> None:
    from rl_audit.atomic import NotRegularFileError, write_text_atomic

    fifo = _special("fifo", tmp_path / "fifo")
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link, _special("folder", tmp_path / "dir")):
        with pytest.raises(NotRegularFileError):
            write_text_atomic(target, "x")
    assert (
        fifo.is_fifo()
        and link.is_symlink()
        and sorted(p.name for p in tmp_path.iterdir())
        == [
            "dir",
            "fifo",
            "link",
        ]
    )


def test_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    import shutil

    inbox = tmp_path / "in"
    shutil.copytree(DINKES, inbox)
    source = inbox / "buku_pembantu_pajak_2025.xlsx"
    data = source.read_bytes()
    for given in ([str(inbox)], [str(source)]):  # inside an input folder, or named itself
        result = check("-q", "--format", "xlsx", "--output", str(source), *given)
        assert result.exit_code == EXIT_USAGE, result.output
        assert "input" in result.stderr and source.read_bytes() == data
    linked = tmp_path / "alias.xlsx"
    linked.symlink_to(source)
    result = check("-q", "--lang", "en", "--format", "xlsx", "--output", str(linked), str(source))
    assert result.exit_code == EXIT_USAGE and "inputs are never overwritten" in result.stderr
    assert source.read_bytes() == data
    fresh = check("-q", "--format", "json", "--output", str(inbox / "report.json"), str(inbox))
    assert fresh.exit_code == EXIT_FINDINGS  # a new non-spreadsheet file beside the inputs is fine


def test_a_report_that_cannot_be_written_is_exit_3_without_traceback(
    tmp_path: Path, monkeypatch
) -> None:
    import errno

    from rl_audit.report import writers as outputs

    blocker = tmp_path / "file"
    blocker.write_text("x")
    early = check("-q", "--format", "json", "--output", str(blocker / "r.json"), str(DISPUSIP))
    assert early.exit_code == EXIT_USAGE and "r.json" in early.stderr  # refused before the run

    def full(report, path: Path, lang: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "writer", lambda fmt, *_: full)
    result = check("-q", "--format", "json", "--output", str(tmp_path / "r.json"), str(DISPUSIP))
    assert result.exit_code == EXIT_CANNOT_RUN, result.output
    assert "r.json" in result.stderr and "No space left" in result.stderr
    assert "Traceback" not in result.output


def test_annotate_into_an_unwritable_folder_stops_before_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = check("-q", "--fail-on", "never", "--annotate", str(blocker / "marked"), str(DINKES))
    assert result.exit_code == EXIT_CANNOT_RUN and "--annotate" in result.stderr
    assert "Traceback" not in result.output


def test_annotated_copies_that_fail_to_write_are_exit_3(tmp_path: Path, monkeypatch) -> None:
    import errno

    from rl_audit.report.annotate import workbook as annotate_module

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(annotate_module, "write_bytes_atomic", full)
    out = tmp_path / "marked"
    result = check("-q", "--fail-on", "never", "--annotate", str(out), str(DINKES))
    assert result.exit_code == EXIT_CANNOT_RUN, result.output
    assert "No space left" in result.stderr and "tidak dapat ditulis" in result.stderr
