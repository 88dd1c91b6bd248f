"""Row roles: the breakdown below a cash book's closing "Sisa Kas" / "Saldo Akhir" line."""

from __future__ import annotations

import pandas as pd

from rl_audit.ingest.roles import tag_roles


def roles(*rows: tuple[str, float | None]) -> list[str]:
    labels = pd.DataFrame({"uraian": [r[0] for r in rows]}, dtype="string")
    money = pd.DataFrame({"saldo": [r[1] for r in rows]}, dtype="Float64")
    return tag_roles(labels, money, "bku", None).tolist()


def test_breakdown_below_the_closing_line_is_footer() -> None:
    assert roles(
        ("Saldo Awal", 5),
        ("Belanja ATK", 4),
        ("Jumlah", None),
        ("Sisa Kas", 4),
        ("Terdiri dari:", None),
        ("a. Kas Tunai", 1),
        ("- Uang di Bank BPD Bengkulu", 3),
        ("Saldo Akhir", 4),
        ("Saldo Bank", 3),
    ) == ["opening", "data", "total", "total", "footer", "footer", "footer", "total", "footer"]


def test_monthly_blocks_after_a_closing_line_stay_data() -> None:
    assert roles(
        ("Belanja ATK", 4),
        ("Saldo Akhir Januari", 4),
        ("Kas Tunai", 4),
        ("Saldo awal Februari", 4),
        ("Penarikan tunai dari bank", 4),
        ("Saldo akhir bulan lalu", 4),
        ("Setor ke bank", 3),
        ("Kas Tunai", 3),
    ) == ["data", "total", "footer", "opening", "data", "total", "data", "data"]
