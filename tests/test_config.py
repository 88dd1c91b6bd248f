"""Project config: validation with precise errors, OPD registry, column overrides, limits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import ConfigError, NightlyConfig, find_config, load_config
from rl_audit.nightly.job import settings
from rl_audit.waivers.apply import waivers_path

runner = CliRunner()

BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;\n"
    "SKPD : 9.99.0.00.0.00.01.0000 Dinas Contoh Baru;;;;;\n"
    ";;;;;\n"
    "No;Waktu Transaksi;No Bukti;Uraian;Penerimaan;Pengeluaran\n"
    "1;06/01/2025;B-1;ATK;0;1.500.000,00\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yeer: 2025\n", ":1: kunci tidak dikenal: yeer. Mungkin maksudnya `year`?"),
        ("year: dua ribu\n", "year: 'dua ribu' is not of type 'integer'"),
        ("limits: {max_file_mb: -1}\n", "limits.max_file_mb"),
        ("columns: {bku: {Tgl: tanggalan}}\n", "columns.bku.Tgl: unknown column 'tanggalan'"),
        ("columns: {bkux: {Tgl: tanggal}}\n", "columns.bkux: unknown document kind"),
        ("opds: [{code: '1.02.0.00.0.00.09.0000'}]\n", "opds[0]: missing 'name'"),
        ("year: [\n", "invalid YAML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "rl-audit.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_bad_config_exits_3_from_the_cli(tmp_path: Path) -> None:
    cfg = write(tmp_path / "rl-audit.yaml", "yeer: 2025\n")
    data = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["check", "--config", str(cfg), str(data)])
    assert result.exit_code == 3
    assert "yeer" in result.stderr


def test_config_registry_and_column_override(tmp_path: Path) -> None:
    cfg = write(
        tmp_path / "rl-audit.yaml",
        "opds:\n"
        "  - {code: '9.99.0.00.0.00.01.0000', name: Dinas Contoh Baru, short: Contoh}\n"
        "columns:\n"
        "  bku: {Waktu Transaksi: tanggal}\n",
    )
    data = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["inspect", "--no-color", "--config", str(cfg), str(data)])
    assert result.exit_code == 0, result.output
    assert "Jenis dokumen: bku" in result.stdout
    assert "9.99.0.00.0.00.01.0000 Dinas Contoh Baru" in result.stdout
    assert "tidak terdaftar" not in result.stdout


def test_without_override_the_custom_header_is_not_understood(tmp_path: Path) -> None:
    data = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["inspect", "--no-color", str(data)])
    assert "Jenis dokumen: tidak dikenal" in result.stdout
    assert "tanggal" in result.stdout  # named as a missing required column


def test_file_size_limit_from_config(tmp_path: Path) -> None:
    cfg = write(tmp_path / "rl-audit.yaml", "limits: {max_file_mb: 0.0001}\n")
    data = write(tmp_path / "bku.csv", BKU * 3)
    result = runner.invoke(app, ["check", "--config", str(cfg), str(data)])
    assert result.exit_code == 3
    assert "terlalu besar" in result.stderr


def test_config_discovered_in_working_folder_and_inputs_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inbox").mkdir()
    write(tmp_path / "inbox" / "bku.csv", BKU)
    write(
        tmp_path / "rl-audit.yaml",
        "year: 2025\ninputs: [inbox/]\ncolumns: {bku: {Waktu Transaksi: tanggal}}\n",
    )
    monkeypatch.chdir(tmp_path)
    assert find_config(None).year == 2025
    result = runner.invoke(app, ["check", "--no-color"])
    assert result.exit_code == 0, result.output
    assert "9.99.0.00.0.00.01.0000" in result.stdout


def test_check_without_paths_or_inputs_is_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check"]).exit_code == 2


def test_a_config_inside_a_checked_folder_is_never_found(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    (folder / "rl-audit.yaml").write_text("year: 2024\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_config(None, paths=[folder]).year is None  # an input's, not the operator's
    assert find_config(folder / "rl-audit.yaml", paths=[folder]).year == 2024  # --config
    (tmp_path / "rl-audit.yaml").write_text("year: 2023\n", encoding="utf-8")
    chosen = find_config(None, paths=[folder])
    assert chosen.year == 2023 and chosen.source == "working_folder"
    assert find_config(None, paths=[tmp_path]).path is None  # `check .`: inside the input
    assert find_config(None, paths=[tmp_path / "rl-audit.yaml"]).year == 2023  # a file


def test_bad_values_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "rl-audit.yaml", "# proyek\nyear: 2025\nlimits:\n  max_file_mb: -1\n")
    with pytest.raises(ConfigError, match=rf"^{path}:4: limits.max_file_mb: "):
        load_config(path)
    path = write(tmp_path / "rl-audit.yaml", "opds:\n  - {code: '1.02.0.00.0.00.09.0000'}\n")
    with pytest.raises(ConfigError, match=rf"^{path}:2: opds\[0\]: missing 'name'"):
        load_config(path)
    path = write(tmp_path / "rl-audit.yaml", "year: 2025\n\nas_of: 31-12-2025\n")
    with pytest.raises(ConfigError, match=rf"^{path}:3: as_of"):
        load_config(path)


def alias_bomb_config() -> str:
    lines = ['  x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "year: 2025\nparameters:\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (alias_bomb_config().encode(), ":3: invalid YAML: anchors (&name) and aliases"),
        (b"year: 2025\nparameters:\n  cash_limit: 1\n  cash_limit: 2\n", ":4: duplicate key"),
        ("year: 2025\n# Dinas Kesehatan \u2013 catatan\n".encode("cp1252"), ":2: not UTF-8 text"),
        (b"as_of: 2025-02-30\n", ":1: invalid YAML: '2025-02-30' is not a valid date"),
        (b"year: [2025\n", ":2:1: invalid YAML: "),  # line:column of a syntax error
    ],
)
def test_hostile_configs_stop_the_run_naming_file_and_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    cfg = tmp_path / "rl-audit.yaml"
    cfg.write_bytes(content)
    data = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["check", "--config", str(cfg), str(data)])
    assert result.exit_code == 3, result.output
    assert f"{cfg}{expected}" in result.stderr
    assert "internal error" not in result.stderr


def test_the_nightly_section_and_output_paths_are_typed_fields(tmp_path: Path) -> None:
    text = (
        "reports: out/reports\nhistory: db/h.sqlite\nwaivers: w.yaml\n"
        "nightly: {keep_reports: 7, lock_wait_seconds: 5, cache: null, formats: [json],"
        " annotate: false, fail_on: high}\n"
    )
    cfg = load_config(write(tmp_path / "rl-audit.yaml", text))
    assert cfg.nightly == NightlyConfig(7, 5.0, None, ("json",), False, "high")
    assert isinstance(cfg.nightly.lock_wait_seconds, float)
    assert (cfg.reports, cfg.history, cfg.waivers) == ("out/reports", "db/h.sqlite", "w.yaml")
    s = settings(cfg)
    assert (s.reports, s.history, s.cache) == (
        tmp_path / "out/reports",
        tmp_path / "db/h.sqlite",
        None,
    )
    assert (s.keep, s.lock_wait, s.formats, s.annotate, s.fail_on) == (
        7,
        5.0,
        ("json",),
        False,
        "high",
    )
    assert waivers_path(cfg.waivers, cfg.path) == tmp_path / "w.yaml"


def test_without_a_nightly_section_the_defaults_apply(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "rl-audit.yaml", "year: 2025\n"))
    assert cfg.nightly == NightlyConfig() and cfg.waivers is None
    s = settings(cfg)
    assert s.cache == tmp_path / ".rl-audit-cache" and s.reports == tmp_path / "reports"
    assert (s.keep, s.lock_wait, s.formats, s.fail_on) == (
        30,
        60.0,
        ("html", "json", "xlsx"),
        "never",
    )
    assert waivers_path(cfg.waivers, cfg.path) is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.nightly.keep_reports = 1  # type: ignore[misc]
