"""Daftar pembayaran honorarium tim (kind `honor`) of the sample OPDs (issue 17).

One sheet per OPD, rows grouped by team (SK number, month, role, gross, PPh 21, net);
per-meeting honoraria carry `Tanggal Rapat`. Rates are the placeholder `honor_rates` of
rules/honor.yaml; PPh 21 is the final rate of the golongan (III 5 %, IV 15 %, I/II and
non-ASN nil). Planted: HON-01, HON-02 and HON-04 at RSUD Curup; HON-03 and HON-05 at
PUPRKP (HON-05 on a day of a trip in its perjalanan dinas list). Dinkes (`.ods`) and
Dispusip have none; Dispusip's list holds the near misses.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

YEAR = 2025
HEADER = [
    "No",
    "Nama",
    "NIP",
    "Gol",
    "Jabatan dalam Tim",
    "Nama Tim",
    "No SK",
    "Bulan",
    "Tanggal Rapat",
    "Jumlah Bulan",
    "Jumlah Bruto",
    "PPh 21",
    "Jumlah Bersih",
]
TITLE = "DAFTAR PEMBAYARAN HONORARIUM TIM PELAKSANA KEGIATAN"
Person = tuple[str, str, str]  # nama, NIP ("" for non-ASN), golongan as written


@dataclass
class Team:
    """A team: decree, months paid, members (person, role, honor per payment)."""

    name: str
    sk: str
    months: list[int]
    members: list[tuple[Person, str, int]]
    units: int = 1  # months paid per row (a quarterly payment: 3)
    meetings: list[dt.date] = field(default_factory=list)  # per-meeting honoraria


def pph_rate(gol: str) -> float:
    """The final PPh 21 rate of a golongan as written (PP 80/2010)."""
    if "IV" in gol:
        return 0.15
    return 0.05 if "III" in gol else 0.0


def gol_text(perjadin_gol: str, n: int) -> str:
    """`Penata / III.c` of the travel list, written as honor lists do: III/c or Penata (III/c)."""
    pangkat, _, ruang = perjadin_gol.partition(" / ")
    short = ruang.replace(".", "/")
    return f"{pangkat} ({short})" if n % 3 == 1 and "Tk" not in pangkat else short


def month_cell(style: str, month: int) -> object:
    """The `Bulan` cell: a month name, `03/2025` or the first day of the month."""
    if style == "name":
        return f"{BULAN[month - 1]} {YEAR}"
    return f"{month:02d}/{YEAR}" if style == "slash" else dt.date(YEAR, month, 1)


BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def team_lines(team: Team, style: str, edits: dict) -> list[tuple[tuple, list]]:
    """(key, row without No) per member and month/meeting; `edits` override cells by key."""
    out = []
    when = [(m, None) for m in team.months] + [(d.month, d) for d in team.meetings]
    for month, meeting in when:
        for person, role, honor in team.members:
            nama, nip, gol = person
            key = (team.name, nip or nama, meeting or month)
            cell = {"bruto": honor, "sk": team.sk, "pph": None, **edits.get(key, {})}
            if "skip" in cell:
                continue
            bruto = cell["bruto"]
            pph = round(bruto * pph_rate(gol)) if cell["pph"] is None else cell["pph"]
            row = [
                nama,
                nip or None,
                gol or None,
                role,
                team.name,
                cell["sk"] or None,
                month_cell(style, month),
                meeting,
                team.units,
                bruto,
                pph,
                bruto - pph,
            ]
            out.append((key, row))
    return out


def write_list(
    out: Path,
    g: ModuleType,
    opd: str,
    teams: list[Team],
    style: str,
    edits: dict,
    ext: str = "xlsx",
) -> dict[tuple, int]:
    """Write the OPD's honor list; return the Excel row of each line key."""
    lines = [x for team in teams for x in team_lines(team, style, edits)]
    data = [[i + 1, *row] for i, (_, row) in enumerate(lines)]
    width = len(HEADER)
    total: list[object] = [None] * width
    total[1] = "Jumlah"
    for c in (10, 11, 12):
        total[c] = sum(r[c] for r in data)
    rows = [
        [g.TITLE],
        [TITLE],
        [g.skpd_line(opd)],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        HEADER,
        *data,
        total,
        *g.signature(opd, 1, 10, width, "31 Desember 2025"),
    ]
    path = out / opd / f"daftar_honor_tim_{YEAR}.{ext}"
    sheet = g.Sheet("Honor", rows, money_cols=[11, 12, 13], first_data=7)
    (g.write_ods if ext == "ods" else g.write_xlsx)(path, sheet)
    return {key: 7 + i for i, (key, _) in enumerate(lines)}


def trips(out: Path, opd: str) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """NIP → (departure, return) of every trip in the OPD's perjalanan dinas CSV."""
    found: dict[str, list[tuple[dt.date, dt.date]]] = {}
    text = (out / opd / f"perjalanan_dinas_{YEAR}.csv").read_text(encoding="utf-8")
    for row in csv.reader(text.splitlines(), delimiter=";"):
        if len(row) > 9 and row[2].isdigit() and len(row[2]) == 18:
            a, b = (dt.datetime.strptime(row[k], "%d/%m/%Y").date() for k in (8, 9))
            found.setdefault(row[2], []).append((a, b))
    return found


def staff(out: Path, opd: str) -> list[Person]:
    """The people of the OPD's perjalanan dinas CSV, in order of first appearance."""
    seen: dict[str, Person] = {}
    text = (out / opd / f"perjalanan_dinas_{YEAR}.csv").read_text(encoding="utf-8")
    for row in csv.reader(text.splitlines(), delimiter=";"):
        if len(row) > 9 and row[2].isdigit() and len(row[2]) == 18 and row[2] not in seen:
            seen[row[2]] = (row[1], row[2], gol_text(row[3], len(seen)))
    return list(seen.values())


def away(busy: dict, nip: str, d: dt.date) -> bool:
    """Whether `nip` is on a trip on day `d`."""
    return any(a <= d <= b for a, b in busy.get(nip, []))


def free_days(
    g: ModuleType, busy: dict, people: list[Person], months: range, n: int, rnd: random.Random
) -> list[dt.date]:
    """`n` working days of `months` on which none of `people` travels."""
    days = [
        d for d in g.WORKDAYS if d.month in months and not any(away(busy, p[1], d) for p in people)
    ]
    return sorted(rnd.sample(days, n))
