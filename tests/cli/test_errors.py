"""Every error the command line prints is one line (plus at most a hint), in the user's
language, with the documented exit code: usage errors, unreadable inputs, bad configs,
report folders that cannot be written.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_CANNOT_RUN, EXIT_USAGE, app

runner = CliRunner()
SAMPLES = Path(__file__).parent.parent.parent / "samples"
DISPUSIP = SAMPLES / "dispusip"


def run(*args: str, env: dict[str, str] | None = None):
    """Invoke `rl-audit ARGS` in-process."""
    return runner.invoke(app, list(args), env=env)


def lines(text: str) -> list[str]:
    """The non-empty lines of `text`."""
    return [line for line in text.splitlines() if line.strip()]


def test_a_missing_path_is_one_line_naming_it_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada"
    result = run("check", str(missing))
    assert result.exit_code == EXIT_USAGE
    first, *rest = lines(result.stderr)
    assert first.startswith("rl-audit: ") and str(missing) in first and "tidak ditemukan" in first
    assert rest == ["Bantuan: rl-audit check --help"]
    assert "Usage" not in result.output and "Error" not in result.output
    english = run("inspect", "--lang", "en", str(missing))
    assert english.exit_code == EXIT_USAGE and "not found" in lines(english.stderr)[0]


def test_the_installed_entry_point_prints_the_same_line(tmp_path: Path) -> None:
    """Through `main()` in a new process: Click's own error handling is replaced there too."""
    script = "from rl_audit.cli.app import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == EXIT_USAGE
    assert len(lines(done.stderr)) == 2 and "nope: tidak ditemukan" in done.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rules", "list", "--lang", "xx"], "--lang xx: tidak dikenal; pilihan: id, en"),
        (["chek"], "perintah tidak dikenal: chek. Mungkin maksudnya: check"),
        (["check", "--formt", "json"], "opsi tidak dikenal: --formt. Mungkin maksudnya: --format"),
        (["check", "--fail-on"], "--fail-on memerlukan nilai"),
        (["check", "--year", "tahun"], "--year: harus berupa angka"),
        (["check", "--jobs", "0", str(DISPUSIP)], "--jobs: paling kecil 1"),
        (["rules", "show"], "ID wajib diberikan"),
    ],
)
def test_usage_errors_are_one_line_in_indonesian(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE, result.output
    first, hint = lines(result.stderr)
    assert first == f"rl-audit: {expected}." or first.startswith(f"rl-audit: {expected}")
    assert hint.startswith("Bantuan: rl-audit") and hint.endswith("--help")


def test_usage_errors_follow_lang_or_the_environment() -> None:
    on_line = run("check", "--lang", "en", "--formt", "json")
    assert lines(on_line.stderr)[0] == "rl-audit: no such option: --formt. Did you mean: --format"
    from_env = run("chek", env={"RL_AUDIT_LANG": "en"})
    assert lines(from_env.stderr) == [
        "rl-audit: no such command: chek. Did you mean: check",
        "Help: rl-audit --help",
    ]


def test_an_empty_folder_says_so_and_exits_3(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == EXIT_CANNOT_RUN
    assert lines(result.stderr) == [
        f"rl-audit: tidak ada input yang dapat dibaca: folder {tmp_path} kosong"
    ]


@pytest.mark.parametrize("command", ["check", "inspect"])
def test_a_folder_of_documents_names_the_skipped_files(command: str, tmp_path: Path) -> None:
    for name in ("surat.docx", "laporan.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4 not a spreadsheet")
    result = run(command, "--lang", "en", str(tmp_path))
    assert result.exit_code == EXIT_CANNOT_RUN
    (line,) = lines(result.stderr)  # no notice about the (absent) data's year
    assert line.startswith(f"rl-audit: no input could be read: {tmp_path}: 2 files skipped")
    assert "laporan.pdf, surat.docx" in line and ".xlsx" in line and ".csv" in line


def test_an_unknown_config_key_names_file_line_and_the_closest_key(tmp_path: Path) -> None:
    config = tmp_path / "rl-audit.yaml"
    config.write_text("inputs: [.]\nyaer: 2025\n", encoding="utf-8")
    result = run("check", "--config", str(config), str(DISPUSIP))
    assert result.exit_code == EXIT_CANNOT_RUN
    assert lines(result.stderr) == [
        f"rl-audit: {config}:2: kunci tidak dikenal: yaer. Mungkin maksudnya `year`?"
    ]
    config.write_text("nightly:\n  keep_report: 3\n", encoding="utf-8")
    nested = run("check", "--lang", "en", "--config", str(config), str(DISPUSIP))
    assert lines(nested.stderr) == [
        f"rl-audit: {config}:2: unknown key: nightly.keep_report. Did you mean `keep_reports`?"
    ]
    assert "Additional properties" not in nested.output


def test_bad_yaml_is_file_line_column_and_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "rl-audit.yaml"
    config.write_text("year: 2025\nparameters:\n  a: 1\n   b: 2\n", encoding="utf-8")
    result = run("check", "--config", str(config), str(DISPUSIP))
    assert result.exit_code == EXIT_CANNOT_RUN
    assert lines(result.stderr) == [
        f"rl-audit: {config}:4:5: invalid YAML: mapping values are not allowed here"
    ]
    assert "<unicode string>" not in result.output


def denied(*args: object, **kwargs: object) -> None:
    """What the OS says about a read-only folder, naming the temporary file it refused."""
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), ".report.json.x1y2.tmp")


def test_a_read_only_report_folder_names_the_report_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rl_audit import atomic

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    target = tmp_path / "report.json"
    for lang, reason in (("id", "izin ditolak"), ("en", "permission denied")):
        result = run("check", "-q", "--lang", lang, "--format", "json", "--output", str(target),
                     "--fail-on", "never", str(DISPUSIP))  # fmt: skip
        assert result.exit_code == EXIT_CANNOT_RUN, result.output
        (line,) = lines(result.stderr)
        assert str(target) in line and line.endswith(reason)
        assert ".tmp" not in line and "internal" not in line


def test_annotate_into_a_read_only_folder_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rl_audit.report import writers

    monkeypatch.setattr(writers.tempfile, "TemporaryFile", denied)
    folder = tmp_path / "ditandai"
    result = run("check", "-q", "--fail-on", "never", "--annotate", str(folder), str(DISPUSIP))
    assert result.exit_code == EXIT_CANNOT_RUN
    assert lines(result.stderr) == [
        f"rl-audit: --annotate {folder}: folder tidak dapat ditulis (izin ditolak)"
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_a_truly_read_only_folder(tmp_path: Path) -> None:  # pragma: no cover - not as root
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    report = run("check", "-q", "--format", "json", "--output", str(locked / "r.json"),
                 str(DISPUSIP))  # fmt: skip
    assert report.exit_code == EXIT_CANNOT_RUN and "r.json" in report.stderr
    marked = run("check", "-q", "--annotate", str(locked), str(DISPUSIP))
    assert marked.exit_code == EXIT_CANNOT_RUN and len(lines(marked.stderr)) == 1
