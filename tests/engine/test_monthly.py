"""The leadership view's months per OPD, checked to the sen against hand sums.

The samples' PUPRKP realisation and BKU are read here independently (pandas over the raw
sheets, none of rl-audit's importer) and summed by hand per month; the JSON report from
the CLI must state the same figures. A small CSV shows LS transfers and KKPD counting as
non-cash, undated rows in no month, and an OPD without dated spending saying so.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.engine.monthly import target_at

ROOT = Path(__file__).resolve().parent.parent.parent
PUPRKP = ROOT / "samples" / "puprkp"
QUARTERS = (("2025-03-31", 15.0), ("2025-06-30", 40.0), ("2025-09-30", 65.0), ("2025-12-31", 90.0))


def check_json(tmp_path: Path, *args: str) -> dict[str, Any]:
    """The JSON report of `rl-audit check ARGS` (exit 0 or 1: findings are fine)."""
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    return dict(json.loads(out.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The samples' JSON report."""
    return check_json(tmp_path_factory.mktemp("samples"), str(ROOT / "samples"))


def opd(report: dict[str, Any], code: str) -> dict[str, Any]:
    """The report's entry of one OPD."""
    return next(o for o in report["opds"] if o["code"] == code)


def sen(values: pd.Series) -> pd.Series:
    """Rupiah cells as integer sen."""
    return (pd.to_numeric(values, errors="coerce").fillna(0) * 100).round().astype("int64")


def hand_realised() -> dict[str, int]:
    """PUPRKP's spending per month from its realisation sheet: LS at the transfer date."""
    raw = pd.read_excel(PUPRKP / "realisasi_per_dokumen_2025.xlsx", header=4, engine="openpyxl")
    rows = raw[raw["Kode Rekening"].astype(str).str.startswith("5")]
    ls = rows["Jenis Transaksi"].astype(str).str.upper().eq("LS")
    day = pd.to_datetime(rows["Tanggal Dokumen"])
    day = day.where(~ls, pd.to_datetime(rows["Tanggal Transfer"]).fillna(day))
    value = sen(rows["Nilai Realisasi"]) - sen(rows["Nilai Setoran"])
    return {str(k): int(v) for k, v in value.groupby(day.dt.strftime("%Y-%m")).sum().items()}


def hand_non_cash() -> dict[str, tuple[int, int]]:
    """PUPRKP's BKU spending rows (account 5…) per month: (paid non-cash, all), in sen."""
    raw = pd.read_excel(PUPRKP / "bku_pengeluaran_2025.xlsx", header=None, engine="openpyxl")
    head = raw.index[raw.apply(lambda r: r.astype(str).str.contains("Cara Bayar").any(), axis=1)]
    table = pd.read_excel(PUPRKP / "bku_pengeluaran_2025.xlsx", header=head[0], engine="openpyxl")
    table = table[pd.to_datetime(table["Tanggal"], errors="coerce").notna()]
    table = table[table["Kode Rekening"].astype(str).str.startswith("5")]  # spending rows
    out = sen(table["Pengeluaran"])
    table, out = table[out > 0], out[out > 0]
    month = pd.to_datetime(table["Tanggal"]).dt.strftime("%Y-%m")
    cash = table["Cara Bayar"].astype(str).str.strip().str.lower().eq("tunai")
    paid = out.where(~cash, 0).groupby(month).sum()
    return {str(m): (int(paid[m]), int(v)) for m, v in out.groupby(month).sum().items()}


def test_target_curve_is_linear_within_a_quarter() -> None:
    assert target_at(date(2025, 1, 31), QUARTERS) == round(15 * 30 / 89, 2)
    assert target_at(date(2025, 3, 31), QUARTERS) == 15.0
    assert target_at(date(2025, 5, 31), QUARTERS) == round(15 + 25 * 61 / 91, 2)
    assert target_at(date(2025, 12, 31), QUARTERS) == 90.0
    assert target_at(date(2025, 12, 31), ()) is None


def test_puprkp_months_equal_hand_sums_to_the_sen(samples: dict[str, Any]) -> None:
    entry = opd(samples, "1.03.1.04.0.00.01.0000")
    months, hand = entry["monthly"], hand_realised()
    assert [m["month"] for m in months] == [f"2025-{m:02d}" for m in range(1, 13)]
    budget = round(entry["absorption"]["budget"] * 100)
    cumulative = 0
    for m in months:
        cumulative += hand.get(m["month"], 0)
        assert round(m["realised"] * 100) == hand.get(m["month"], 0)
        assert round(m["realised_cumulative"] * 100) == cumulative
        assert m["realised_cumulative_percent"] == round(cumulative / budget * 100, 2)
        assert m["behind"] == (m["realised_cumulative_percent"] < m["target_cumulative_percent"])
    assert any(m["behind"] for m in months) and not all(m["behind"] for m in months)


def test_puprkp_non_cash_share_per_month_equals_the_bku(samples: dict[str, Any]) -> None:
    entry, hand = opd(samples, "1.03.1.04.0.00.01.0000"), hand_non_cash()
    for m in entry["monthly"]:
        paid, spent = hand.get(m["month"], (0, 0))
        assert m["non_cash_share"] == (round(paid / spent, 4) if spent else None)
    paid_all = sum(p for p, _ in hand.values())
    spent_all = sum(s for _, s in hand.values())
    assert round(entry["non_cash"]["paid"] * 100) == paid_all
    assert round(entry["non_cash"]["spending"] * 100) == spent_all
    assert entry["non_cash"]["target"] == 90.0


def test_an_opd_without_dated_spending_says_so(samples: dict[str, Any]) -> None:
    setda = opd(samples, "4.01.0.00.0.00.01.0000")
    assert setda["monthly"] == [] and setda["non_cash"] is None
    assert "Tidak ada data bulanan" in setda["monthly_note"]
    assert all(o["monthly_note"] is None for o in samples["opds"] if o["monthly"])
    assert not [p for p in samples["problems"] if p["key"] == "monthly_undated"]


REALISASI = """\
Kode SKPD,Nama SKPD,Kode Rekening,Nama Rekening,Nomor Dokumen,Jenis Dokumen,Jenis Transaksi,\
Tanggal Dokumen,Nilai Realisasi,Nilai Setoran
{code},Dinas Kesehatan,5.1.02.01.01.0024,Belanja ATK,001/TBP/2025,TBP,GU,{d1},"1.000.000,50",0
{code},Dinas Kesehatan,5.1.02.01.01.0024,Belanja ATK,002/TBP/2025,TBP KKPD,GU KKPD,{d2},\
"500.000,25",0
{code},Dinas Kesehatan,5.2.02.01.01.0001,Belanja Modal,003/SPP/2025,SPP,LS,{d3},\
"2.000.000,00","100.000,00"
{code},Dinas Kesehatan,5.1.02.01.01.0024,Belanja ATK,004/TBP/2025,TBP,GU,,"300.000,00",0
"""


def write_realisasi(
    folder: Path, d1: str = "2025-01-15", d2: str = "2025-01-20", d3: str = "2025-03-05"
) -> Path:
    """A small realisation CSV of Dinkes (one undated row), in `folder`/dinkes."""
    (folder / "dinkes").mkdir(parents=True)
    text = REALISASI.format(code="1.02.0.00.0.00.01.0000", d1=d1, d2=d2, d3=d3)
    (folder / "dinkes" / "realisasi_2025.csv").write_text(text, encoding="utf-8")
    return folder


def test_ls_and_kkpd_count_as_non_cash_and_undated_rows_in_no_month(tmp_path: Path) -> None:
    folder = write_realisasi(tmp_path / "in")
    report = check_json(tmp_path, str(folder), "--year", "2025", "--as-of", "2025-04-30")
    (entry,) = report["opds"]
    months = entry["monthly"]
    assert [m["month"] for m in months] == ["2025-01", "2025-02", "2025-03"]  # data ends
    assert [m["realised"] for m in months] == [1500000.75, 0.0, 1900000.0]
    assert months[-1]["realised_cumulative"] == 3400000.75  # the undated 300.000 is in no month
    assert [m["non_cash_share"] for m in months] == [round(500000.25 / 1500000.75, 4), None, 1.0]
    assert months[0]["realised_cumulative_percent"] is None  # no budget: no percentage
    assert entry["monthly_note"].startswith("Pagu belanja tidak diketahui")
    assert "bulan sesudahnya tidak ditampilkan" in entry["monthly_note"]
    assert entry["non_cash"]["basis"] == "realisasi"
    assert [m["target_cumulative_percent"] for m in months] == [5.06, 9.78, 15.0]
    assert entry["non_cash"]["paid"] == 2400000.25 and entry["non_cash"]["spending"] == 3400000.75
    (undated,) = [p for p in report["problems"] if p["key"] == "monthly_undated"]
    assert undated["severity"] == "info" and undated["file"].endswith("realisasi_2025.csv")
    assert undated["message"].startswith("1 baris belanja (Rp 300.000) tanpa tanggal")


def test_months_stop_where_the_dated_data_ends_and_the_note_says_so(tmp_path: Path) -> None:
    folder = write_realisasi(tmp_path / "in")
    report = check_json(tmp_path, str(folder), "--year", "2025", "--as-of", "2025-12-31")
    (entry,) = report["opds"]
    assert [m["month"] for m in entry["monthly"]] == ["2025-01", "2025-02", "2025-03"]
    assert "bulan sesudahnya tidak ditampilkan" in entry["monthly_note"]


def test_months_stop_at_the_as_of_date(tmp_path: Path) -> None:
    folder = write_realisasi(tmp_path / "in", d3="2025-02-05")
    report = check_json(tmp_path, str(folder), "--year", "2025", "--as-of", "2025-02-28")
    (entry,) = report["opds"]
    assert [m["month"] for m in entry["monthly"]] == ["2025-01", "2025-02"]
    assert entry["monthly"][-1]["realised_cumulative"] == 3400000.75
    assert "bulan sesudahnya" not in entry["monthly_note"]  # no budget, but not cut short


def test_spending_dated_outside_the_year_gives_no_months_and_a_note(tmp_path: Path) -> None:
    folder = write_realisasi(tmp_path / "in", "2024-12-30", "2024-12-30", "2024-12-31")
    args = ["--year", "2025", "--as-of", "2025-12-31", "--lang", "en"]
    report = check_json(tmp_path, str(folder), *args)
    (entry,) = report["opds"]
    assert entry["monthly"] == []
    assert entry["monthly_note"] == "No monthly data: no spending dated within the budget year"


@given(
    st.lists(st.floats(0, 150, allow_nan=False), min_size=1, max_size=4).map(sorted),
    st.dates(date(2025, 1, 1), date(2025, 12, 31)),
)
def test_the_target_curve_rises_between_its_points(levels: list[float], day: date) -> None:
    ends = ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"][-len(levels) :]
    targets = tuple(zip(ends, levels, strict=True))
    now = target_at(day, targets)
    assert now is not None and 0 <= now <= levels[-1] + 0.01
    assert target_at(date.fromisoformat(ends[0]), targets) == round(levels[0], 2)
    if day < date(2025, 12, 31):
        assert now <= (target_at(day + timedelta(days=1), targets) or 0) + 0.01


def test_a_bku_alone_gives_no_absorption_curve_but_the_non_cash_share(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "dpmptsp"
    folder.mkdir(parents=True)
    for name in ("lra_2025.csv", "bku_pengeluaran_2025.csv"):
        (folder / name).write_bytes((ROOT / "samples" / "dpmptsp" / name).read_bytes())
    report = check_json(tmp_path, str(folder.parent), "--year", "2025")
    (entry,) = [o for o in report["opds"] if o["code"] == "2.18.0.00.0.00.01.0000"]
    assert entry["monthly"] == [] and entry["absorption"]["percent"] is not None
    assert "BKU hanya memuat pembayaran bendahara" in entry["monthly_note"]
    assert entry["non_cash"]["basis"] == "bku"
    # the UP returned to the Kas Daerah (no account code) is not spending
    assert round(entry["non_cash"]["spending"] * 100) == bku_spending(
        folder / "bku_pengeluaran_2025.csv"
    )


def bku_spending(path: Path) -> int:
    """A sample BKU CSV's spending rows (account code 5…), in sen, read by hand."""
    raw = pd.read_csv(path, sep=";", skiprows=7, dtype=str)
    rows = raw[raw["Kode Rekening"].fillna("").str.startswith("5")]
    amounts = rows["Pengeluaran"].str.replace(".", "", regex=False).str.replace(",", ".")
    return int(sen(amounts)[lambda v: v > 0].sum())


def test_a_refund_never_makes_a_share_outside_0_and_1(tmp_path: Path) -> None:
    folder = write_realisasi(tmp_path / "in", d3="2025-02-05")
    text = (folder / "dinkes" / "realisasi_2025.csv").read_text(encoding="utf-8")
    refund = (
        text.splitlines()[1]
        .replace("001/TBP", "009/STS")
        .replace('"1.000.000,50",0', '0,"2.500.000,00"')
    )
    (folder / "dinkes" / "realisasi_2025.csv").write_text(text + refund + "\n", encoding="utf-8")
    report = check_json(tmp_path, str(folder), "--year", "2025", "--as-of", "2025-02-28")
    (entry,) = report["opds"]
    assert entry["monthly"][0]["realised"] == 1500000.75 - 2500000.0
    shares = [m["non_cash_share"] for m in entry["monthly"]]
    assert shares == [round(500000.25 / 1500000.75, 4), 1.0]  # refunds are not payments
    assert 0 <= entry["non_cash"]["share"] <= 1


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["--year", "2025", "--as-of", "2024-06-30"], "tanggal posisi sebelum tahun anggaran"),
        (["--year", "2025", "--rules", str(ROOT / "rules" / "kas.yaml")], "tidak memuat aturan"),
    ],
)
def test_no_months_always_say_why(tmp_path: Path, args: list[str], note: str) -> None:
    folder = write_realisasi(tmp_path / "in")
    (entry,) = check_json(tmp_path, str(folder), *args)["opds"]
    assert entry["monthly"] == [] and note in entry["monthly_note"]
