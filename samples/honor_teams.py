"""The teams of each sample OPD's honor list, and the honor cases planted in them."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from types import ModuleType

from honor_lists import Person, Team, away, free_days, staff, trips, write_list

YEAR = 2025
FILE = f"daftar_honor_tim_{YEAR}"

RSUD: dict[str, Person] = {
    "yusuf": ("dr. YUSUF EFENDI, Sp.PD", "197505202005011002", "IV/b"),
    "nurul": ("dr. NURUL HIKMAH, M.Kes", "197811302005012004", "Pembina (IV/a)"),
    "rina": ("dr. RINA AGUSTINA", "198104122008012005", "Penata (III/c)"),
    "hasan": ("HASAN BASRI, S.Kep., Ns.", "197908152003121003", "III/d"),
    "desi": ("DESI ARIANI, S.E.", "198903022014022001", "III/a"),
    "mulyadi": ("MULYADI, A.Md.Kep.", "198601102009011004", "Penata Muda (III/a)"),
    "yanti": ("YANTI MARLENA, S.Farm., Apt.", "198507222010012006", "III/b"),
    "rudi": ("RUDI HARTONO", "197702142006041008", "II/d"),
    "lia": ("LIA OKTAVIA, S.KM.", "", ""),
    "anton": ("ANTON SETIAWAN, S.Kom.", "", ""),
}
DINKES: dict[str, Person] = {
    "fauzi": ("dr. H. AHMAD FAUZI, M.Kes", "197001011990031001", "IV/c"),
    "erna": ("Ns. ERNA WATI, S.Kep.", "198206112006042009", "Penata (III/c)"),
    "suryadi": ("SURYADI, S.KM.", "198409252009011003", "III/b"),
    "febri": ("FEBRI YANTO, A.Md.Kes.", "199102142015031002", "II/c"),
    "sri": ("SRI MULYANI", "", ""),
}


# fmt: off
# (team, SK, months paid, [(person key, role, honor per payment)], months per payment)
RSUD_TEAMS = [
    ("Tim Akreditasi Rumah Sakit", "445/012/SK/RSUD/2025", [1, 2, 3, 4, 5, 6],
     [("yusuf", "Penanggung Jawab", 450_000), ("nurul", "Ketua", 400_000),
      ("rina", "Sekretaris", 300_000), ("hasan", "Anggota", 300_000),
      ("desi", "Anggota", 300_000), ("lia", "Anggota", 300_000)], 1),
    ("Tim Pengendali Mutu dan Keselamatan Pasien", "445/031/SK/RSUD/2025", [4, 5, 6, 7, 8, 9],
     [("yusuf", "Pengarah", 500_000), ("rina", "Ketua Tim", 400_000),
      ("hasan", "Sekretaris", 300_000), ("mulyadi", "Anggota", 300_000),
      ("yanti", "Anggota Tim", 300_000)], 1),
    ("Tim Verifikasi Klaim BPJS Kesehatan", "445/058/SK/RSUD/2025", [7, 8, 9, 10, 11, 12],
     [("desi", "Ketua", 400_000), ("mulyadi", "Sekretaris", 300_000),
      ("rudi", "Anggota", 250_000), ("anton", "Anggota", 300_000)], 1),
    ("Tim Penyusun Rencana Bisnis dan Anggaran BLUD", "445/047/SK/RSUD/2025", [5, 6],
     [("desi", "Ketua", 400_000), ("hasan", "Anggota", 300_000),
      ("yanti", "Anggota", 300_000)], 1),
    ("Tim Penanggulangan KLB Campak", "445/052/SK/RSUD/2025", [5],
     [("nurul", "Ketua", 400_000), ("hasan", "Anggota", 200_000),
      ("lia", "Anggota", 200_000)], 1),
    ("Tim Pengelola SIMRS", "445/066/SK/RSUD/2025", [6, 12],
     [("anton", "Ketua", 1_200_000), ("rudi", "Anggota", 900_000)], 3),
]
DINKES_TEAMS = [
    ("Tim Percepatan Penurunan Stunting", "440/021/SK/DINKES/2025", list(range(2, 12)),
     [("fauzi", "Pengarah", 500_000), ("erna", "Ketua", 400_000),
      ("suryadi", "Sekretaris", 300_000), ("febri", "Anggota", 300_000),
      ("sri", "Anggota", 300_000)], 1),
    ("Tim Surveilans dan Imunisasi", "440/034/SK/DINKES/2025", [3, 6, 9, 12],
     [("erna", "Ketua", 1_200_000), ("febri", "Anggota", 900_000)], 3),
]
# staff index in the OPD's perjalanan dinas list (-1: the head of the OPD, -2: a non-ASN)
PUPRKP_TEAMS = [
    ("Tim Teknis Pembangunan Jalan dan Jembatan", "600/045/SK/PUPRKP/2025", list(range(3, 11)),
     [(-1, "Pengarah", 500_000), (0, "Ketua", 400_000), (1, "Sekretaris", 300_000),
      (2, "Anggota", 300_000), (3, "Anggota", 300_000)], 1),
    ("Tim Pemeriksa Hasil Pekerjaan", "600/052/SK/PUPRKP/2025", list(range(5, 12)),
     [(0, "Ketua", 400_000), (4, "Anggota", 300_000), (5, "Anggota", 300_000),
      (6, "Anggota", 300_000)], 1),
    ("Tim Penyusun Rencana Detail Tata Ruang", "650/019/SK/PUPRKP/2025", [2, 3, 4, 5, 6],
     [(1, "Ketua", 400_000), (2, "Sekretaris", 300_000), (7, "Anggota", 300_000)], 1),
]
DISPUSIP_TEAMS = [
    ("Tim Pengelola Perpustakaan Digital", "041/011/SK/DISPUSIP/2025", [2, 3, 4, 5, 6, 7],
     [(-1, "Penanggung Jawab", 450_000), (0, "Ketua", 400_000), (1, "Sekretaris", 300_000),
      (2, "Anggota", 300_000), (-2, "Anggota", 300_000)], 1),
    ("Tim Pengelola Perpustakaan Digital", "041/011/SK/DISPUSIP/2025", [7],
     [(0, "Ketua", 200_000)], 1),
    ("Tim Penilai Arsip Statis", "045/014/SK/DISPUSIP/2025", [4, 5, 6, 7, 8, 9],
     [(0, "Ketua", 400_000), (1, "Anggota", 300_000), (3, "Anggota", 300_000)], 1),
    ("Tim Gerakan Gemar Membaca", "041/020/SK/DISPUSIP/2025", [5, 6],
     [(2, "Ketua", 400_000), (0, "Anggota", 300_000)], 1),
]
# fmt: on


def teams(table: list, people: dict) -> list[Team]:
    """The Team objects of a table, its person keys looked up in `people`."""
    return [
        Team(name, sk, months, [(people[k], role, fee) for k, role, fee in crew], units)
        for name, sk, months, crew, units in table
    ]


def opd_staff(out: Path, g: ModuleType, opd: str, gol: str) -> dict:
    """Index → person: the travel list's staff, -1 the head of the OPD, -2 a non-ASN."""
    people: dict = dict(enumerate(staff(out, opd)))
    people[-1] = (g.HEADS[opd][0], g.HEADS[opd][1], gol)
    people[-2] = ("RIKA PUSPITA SARI", "", "")
    return people


def rsud(out: Path, g: ModuleType) -> None:
    """RSUD Curup: HON-01 (ketua above the rate), HON-02 (four teams), HON-04 (III/c)."""
    p, all_ = RSUD, teams(RSUD_TEAMS, RSUD)
    b, c, e = all_[1], all_[2], all_[4]
    hon01, hon04 = (c.name, p["desi"][1], 9), (b.name, p["rina"][1], 7)
    edits = {hon01: {"bruto": 500_000}, hon04: {"pph": 0}}
    rows = write_list(out, g, "rsud_curup", all_, "name", edits)
    for key, rule, why in [
        (hon01, "HON-01", "ketua tim verifikasi klaim BPJS September Rp500.000, standar Rp400.000"),
        ((e.name, p["hasan"][1], 5), "HON-02", "Hasan Basri di empat tim pada Mei 2025"),
        (
            hon04,
            "HON-04",
            "golongan Penata (III/c) tanpa potongan PPh 21 final 5 % dari Rp400.000 (Rp20.000)",
        ),
    ]:
        g.plant("rsud_curup", f"rsud_curup/{FILE}.xlsx", "Honor", rows[key], rule, why)


def meeting_plant(busy: dict, crew: list[Person]) -> tuple[Person, dt.date]:
    """A member of `crew` and a day inside one of their trips when the others are in."""
    for who in crew:
        for a, b in sorted(busy.get(who[1], [])):
            d = a + dt.timedelta(days=1)
            if (
                2 <= a.month <= 11
                and d <= b
                and d.weekday() < 5
                and not any(away(busy, o[1], d) for o in crew if o is not who)
            ):
                return who, d
    raise ValueError("no trip to plant HON-05 on")


def puprkp(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """PUPRKP: HON-03 (a member paid before the SK change), HON-05 (meeting while away)."""
    s, busy = opd_staff(out, g, "puprkp", "IV/c"), trips(out, "puprkp")
    a, b, c = teams(PUPRKP_TEAMS, s)
    crew = [s[3], s[4], s[8], s[9]]
    who, on_trip = meeting_plant(busy, crew)
    days = sorted([*free_days(g, busy, crew, range(2, 12), 4, rnd), on_trip])
    crew_fees = [(s[3], "Ketua", 400_000), *[(x, "Anggota", 250_000) for x in crew[1:]]]
    r = Team("Rapat Koordinasi Teknis Irigasi", "600/071/SK/PUPRKP/2025", [], crew_fees,
             meetings=days)  # fmt: skip
    hon03, hon05 = (b.name, s[6][1], 8), (r.name, who[1], on_trip)
    edits: dict = {(b.name, s[6][1], m): {"skip": True} for m in (5, 6, 7)}
    edits[hon03] = {"sk": ""}
    rows = write_list(out, g, "puprkp", [a, b, c, r], "slash", edits)
    for key, rule, why in [
        (hon03, "HON-03", f"{s[6][0]} masuk tim PHP Agustus tanpa nomor SK (SK belum terbit)"),
        (hon05, "HON-05", f"honor rapat {on_trip:%d/%m} untuk {who[0]}, saat perjalanan dinas"),
    ]:
        g.plant("puprkp", f"puprkp/{FILE}.xlsx", "Honor", rows[key], rule, why)


def dinkes(out: Path, g: ModuleType) -> None:
    """Dinas Kesehatan (`.ods`): no case; a quarterly payment of three months at the rate."""
    write_list(out, g, "dinkes", teams(DINKES_TEAMS, DINKES), "date", {}, ext="ods")


def dispusip(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """Dispusip: the near misses (rates met exactly, three teams, a meeting after a trip).

    Its Ketua is in exactly three teams in May and June and has two rows of one team in
    July; a member is paid for a meeting on the first working day after a trip.
    """
    s, busy = opd_staff(out, g, "dispusip", "IV/b"), trips(out, "dispusip")
    a, *rest = teams(DISPUSIP_TEAMS, s)
    crew = [s[1], s[3]]
    back = [min(w for w in g.WORKDAYS if w > b_) for _, b_ in sorted(busy.get(s[1][1], []))]
    after = [w for w in back if not any(away(busy, o[1], w) for o in crew)]
    days = sorted({after[0], *free_days(g, busy, crew, range(8, 12), 2, rnd)})
    r = Team("Rapat Evaluasi Layanan Perpustakaan", "041/027/SK/DISPUSIP/2025", [],
             [(x, "Anggota", 250_000) for x in crew], meetings=days)  # fmt: skip
    edits = {(a.name, s[0][1], 7): {"bruto": 200_000}}
    write_list(out, g, "dispusip", [a, *rest, r], "name", edits)


def build(out: Path, g: ModuleType, rnd: random.Random) -> None:
    """Write the honor lists of RSUD Curup, PUPRKP, Dinkes and Dispusip."""
    rsud(out, g)
    puprkp(out, g, rnd)
    dinkes(out, g)
    dispusip(out, g, rnd)
