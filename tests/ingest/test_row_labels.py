"""The text `inspect` shows for special rows (`rl_audit.ingest.row_labels`).

Rows of the table are named by their label (`Saldo Awal`, `Jumlah dipindahkan`); rows
that are no part of it (page numbers, repeated headers and column numbers, signatures)
are shown as they stand, whichever columns their text sits in.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from builders import TITLE_PEMKAB, Sheet, signature, write_xlsx
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ingest.row_labels import WIDTH, row_texts

TITLE: list[list[object]] = [
    [TITLE_PEMKAB],
    ["BUKU KAS UMUM PENGELUARAN"],
    ["SKPD : 2.23.2.24.0.00.01.0000 DINAS PERPUSTAKAAN DAN KEARSIPAN"],
    [],
]
HEADER = ["No", "Tanggal", "No. Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]
NUMBERS = [1, 2, 3, 4, 5, 6, 7]


def line(n: int, out: int, saldo: int) -> list[object]:
    day = dt.datetime(2025, 2, n)
    return [n, day, f"{n:04d}/BKU/2025", f"Belanja ATK ke-{n}", 0, out, saldo]


def printed() -> list[list[object]]:
    """A BKU printed over two pages; `Halaman 1 dari 2` sits in the saldo column (G)."""
    rows: list[list[object]] = [*TITLE, HEADER, NUMBERS]  # header row 5, numbers row 6
    rows.append([None, None, None, "Saldo Awal", None, None, 10_000_000])  # row 7
    rows += [line(n, 100_000, 10_000_000 - 100_000 * n) for n in range(1, 5)]  # rows 8-11
    rows.append([None, None, None, "Jumlah dipindahkan", 0, 400_000, 9_600_000])  # row 12
    rows.append([None, None, None, None, None, None, "Halaman 1 dari 2"])  # row 13
    rows += [*TITLE, HEADER, NUMBERS]  # rows 14-19
    rows.append([None, None, None, "Jumlah pindahan", 0, 400_000, 9_600_000])  # row 20
    rows += [line(n, 100_000, 10_000_000 - 100_000 * n) for n in range(5, 8)]  # rows 21-23
    rows.append([None, None, None, "Jumlah", 0, 700_000, 9_300_000])  # row 24
    return rows + signature(left=1, right=5)  # rows 25-30


def test_special_rows_show_their_own_text(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bku.xlsx", Sheet("BKU", printed()))
    (sheet,) = ingest_file(path, IngestOptions(root=tmp_path)).sheets
    shown = {row: (role, text) for row, role, text in sheet.special_rows}
    assert shown[7] == ("opening", "Saldo Awal")
    assert shown[12] == ("carry", "Jumlah dipindahkan")  # a row of the table: its label
    assert shown[13] == ("page", "Halaman 1 dari 2")
    assert shown[14] == ("page", TITLE_PEMKAB)
    assert shown[18] == ("page", " ".join(HEADER))
    assert shown[19] == ("page", "1 2 3 4 5 6 7")
    assert shown[26] == ("footer", "Mengetahui, Curup, 31 Januari 2025")
    assert shown[30][1].startswith("NIP. 197001011990031001 NIP. ")
    out = CliRunner().invoke(app, ["inspect", "--format", "json", str(path)])
    assert out.exit_code == 0, out.output
    (data,) = json.loads(out.output)["inputs"][0]["sheets"]
    rows = {r["row"]: r["text"] for r in data["special_rows"]}
    assert rows[13] == "Halaman 1 dari 2" and rows[19] == "1 2 3 4 5 6 7"


def test_row_texts_join_cells_and_cut_long_rows() -> None:
    raw = pd.DataFrame(
        {0: ["Halaman", None, "x" * 50], 1: [None, None, "y" * 50], 2: [1.0, 2.5, None]},
        index=[5, 6, 7],
    )
    got = row_texts(raw)
    assert list(got.loc[[5, 6]]) == ["Halaman 1", "2.5"]
    assert len(got.loc[7]) == WIDTH and got.loc[7].endswith("…")
