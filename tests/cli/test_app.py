"""The command line end to end: output, languages, escaping, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rl_audit.cli.app import app

runner = CliRunner()
REAL = Path(__file__).parent.parent / "data" / "realdata"
SAMPLES = Path(__file__).parent.parent.parent / "samples"

BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : 2.18.0.00.0.00.01.0000 DPMPTSP;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Saldo\n"
    "1;06/01/2025;B-1;[red]bold[/red] ATK;0;1.500.000,00;0\n"
    "2;07/01/2025;B-2;Konsumsi;0;12abc;0\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_inspect_table_shows_kind_opd_mapping_and_cell_warnings(tmp_path: Path) -> None:
    path = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["inspect", "--no-color", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Jenis dokumen: bku" in out
    assert "2.18.0.00.0.00.01.0000" in out
    assert "pengeluaran" in out
    assert "F6" in out and "tidak dapat dibaca sebagai uang" in out


def test_inspect_escapes_spreadsheet_markup(tmp_path: Path) -> None:
    path = write(tmp_path / "bku.csv", BKU.replace("Uraian", "[bold]Uraian[/bold]"))
    result = runner.invoke(app, ["inspect", "--no-color", str(path)])
    assert result.exit_code == 0
    assert "[bold]Uraian[/bold]" in result.stdout


def test_inspect_english(tmp_path: Path) -> None:
    path = write(tmp_path / "bku.csv", BKU)
    result = runner.invoke(app, ["inspect", "--lang", "en", "--no-color", str(path)])
    assert result.exit_code == 0
    assert "Document kind: bku" in result.stdout
    assert "cannot be read as money" in result.stdout


def test_inspect_json_real_file() -> None:
    path = REAL / "apbd-diy" / "2014_3403_1468467357.csv"
    result = runner.invoke(app, ["inspect", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sheet = data["inputs"][0]["sheets"][0]
    assert sheet["document"] == "anggaran"
    assert sheet["header_rows"] == [7]
    cols = {c["letter"]: c["canonical"] for c in sheet["columns"]}
    assert cols["C"] == "anggaran" and cols["D"] == "realisasi"
    assert data["inputs"][0]["sha256"] and len(data["inputs"][0]["sha256"]) == 64


def test_check_samples_runs() -> None:
    result = runner.invoke(app, ["check", "--no-color", str(SAMPLES)])
    assert result.exit_code in (0, 1), result.output
    assert "Dinas Kesehatan" in result.stdout


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2


def test_bad_option_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", "--format", "pdf", str(tmp_path)])
    assert result.exit_code == 2


def test_no_readable_input_exits_3_with_message(tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(app, ["check", "--no-color", str(tmp_path)])
    assert result.exit_code == 3
    assert "rusak.xlsx" in result.stderr
    assert "Traceback" not in result.output


def test_bad_input_among_good_is_reported_and_rest_checked(tmp_path: Path) -> None:
    write(tmp_path / "bku.csv", BKU)
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    result = runner.invoke(app, ["check", "--no-color", str(tmp_path)])
    assert result.exit_code == 0
    assert "kosong.xlsx" in result.stderr and "kosong" in result.stderr.lower()
    assert "Penanaman Modal" in result.stdout  # the good file's OPD is reported


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    path = write(tmp_path / "bku.csv", BKU)
    before = path.read_bytes()
    runner.invoke(app, ["check", str(tmp_path)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bku.csv"]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and "rl-audit 0.1.0" in result.stdout


def test_unexpected_error_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    import sys

    import pytest

    import rl_audit.cli.app as cli

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    import rl_audit.run as run

    monkeypatch.setattr(run, "ingest_paths", boom)
    monkeypatch.setattr(sys, "argv", ["rl-audit", "check", str(tmp_path)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert "disk on fire" in err and "Traceback" not in err


def test_special_rows_are_named_in_the_users_language(tmp_path: Path) -> None:
    path = write(tmp_path / "bku.csv", BKU + ";;;Jumlah;0;1.500.000,00;\n")
    out_id = runner.invoke(app, ["inspect", "--no-color", str(path)]).stdout
    out_en = runner.invoke(app, ["inspect", "--no-color", "--lang", "en", str(path)]).stdout
    assert "baris 7: jumlah  Jumlah" in out_id
    assert "row 7: total  Jumlah" in out_en


def test_rules_show_unknown_id_is_a_usage_error_with_the_closest_ids() -> None:
    result = runner.invoke(app, ["rules", "show", "NOPE"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        result.stderr.strip()
        == "rl-audit: aturan 'NOPE' tidak ada. Daftar aturan: rl-audit rules list"
    )
    result = runner.invoke(app, ["rules", "show", "kas-05", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("rl-audit: no rule 'kas-05'. Did you mean: KAS-05")
    assert runner.invoke(app, ["rules", "show", "KAS-05", "--lang", "fr"]).exit_code == 2
    shown = runner.invoke(app, ["rules", "show", "KAS-05", "--lang", "en"])
    assert shown.exit_code == 0 and "KAS-05" in shown.stdout
