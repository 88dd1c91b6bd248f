"""Project config: validation with precise errors, OPD registry, column overrides, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli import app
from rl_audit.config import ConfigError, find_config, load_config

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
        ("yeer: 2025\n", "Additional properties are not allowed ('yeer' was unexpected)"),
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


def test_a_checked_folder_brings_its_own_config(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    (folder / "rl-audit.yaml").write_text("year: 2024\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_config(None, paths=[folder]).year == 2024
    assert find_config(None, paths=[folder, tmp_path]).year is None  # only for one folder
    (tmp_path / "rl-audit.yaml").write_text("year: 2023\n", encoding="utf-8")
    assert find_config(None, paths=[folder]).year == 2023  # the working folder's wins
