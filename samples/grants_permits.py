"""Setda's grant register (kind `hibah`) and DPMPTSP's PBG permit register (`izin`), issue 18.

Sekretariat Daerah (`setda/`, the regency secretariat that pays the hibah) has only its
grant register (`register_hibah_2025.xlsx`): no other rule needs a document of it. Planted:
HIB-01 (KONI paid a week before its NPHD; a farmers' group paid without NPHD), HIB-02 (the
Kwartir Cabang Pramuka's LPJ handed in after 10 January; a grant of TA 2024 still listed
without LPJ: at the run's as-of date, 31 Desember 2025, only a grant of the previous year
can be overdue without one), HIB-03 (`YAYASAN AL IKHLAS`
paid again after `Yayasan Al-Ikhlas`). Near misses: a grant paid on its NPHD date, an LPJ
on 10 January. DPMPTSP's PBG register (`register_izin_pbg_2025.xlsx`): IZN-01 (a permit
issued with its retribusi unpaid), IZN-02 (a permit issued before the retribusi was paid);
near miss: paid and issued the same day. The grant register is signed on 30 January 2026,
once the LPJs due on 10 January are in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

YEAR = 2025
HIBAH_FILE = f"setda/register_hibah_{YEAR}.xlsx"
IZIN_FILE = f"dpmptsp/register_izin_pbg_{YEAR}.xlsx"


def d(month: int, day: int, year: int = YEAR) -> dt.date:
    """A date (of the sample year unless told)."""
    return dt.date(year, month, day)


HIBAH_HEADER = ["No", "Nama Penerima", "NIK/NPWP", "Alamat", "Nomor NPHD", "Tanggal NPHD",
                "Tanggal SP2D", "Nilai Hibah", "Tanggal LPJ", "Keterangan"]  # fmt: skip
# (penerima, NIK/NPWP, alamat, NPHD number, NPHD date, SP2D date, nilai, LPJ date, plants)
# fmt: off
HIBAH = [
    ("Karang Taruna Kabupaten Rejang Lebong", "05.218.664.2-311.000", "Jl. Iskandar Ong Curup",
     "100.3/087/NPHD/SETDA/2024", d(11, 4, YEAR - 1), d(11, 25, YEAR - 1), 60_000_000, None,
     [("HIB-02", "hibah TA 2024 Karang Taruna Rp60 juta: LPJ belum disampaikan, "
                 "batas 10/01/2025")]),
    ("Lembaga Adat Kabupaten Rejang Lebong", "02.345.678.9-311.000", "Jl. S. Sukowati Curup",
     "100.3/004/NPHD/SETDA/2025", d(2, 10), d(2, 10), 250_000_000, d(1, 10, YEAR + 1), []),
    ("Yayasan Al-Ikhlas", None, "Kel. Talang Rimbo Lama, Curup Tengah",
     "100.3/012/NPHD/SETDA/2025", d(3, 3), d(3, 10), 150_000_000, d(12, 15), []),
    ("Kwartir Cabang Gerakan Pramuka Rejang Lebong", "03.112.845.6-311.000", "Jl. Merdeka Curup",
     "100.3/015/NPHD/SETDA/2025", d(3, 24), d(4, 2), 200_000_000, d(1, 27, YEAR + 1),
     [("HIB-02", "LPJ hibah Pramuka Rp200 juta baru disampaikan 27/01/2026, "
                 "batas 10/01/2026")]),
    ("Komite Olahraga Nasional Indonesia (KONI) Kab. Rejang Lebong", "01.998.224.1-311.000",
     "Jl. Sukowati No. 12 Curup", "100.3/021/NPHD/SETDA/2025", d(4, 14), d(4, 7),
     500_000_000, d(12, 19),
     [("HIB-01", "hibah KONI Rp500 juta dicairkan 07/04, NPHD baru ditandatangani 14/04")]),
    ("Masjid Agung Baitul Makmur Curup", "04.551.207.3-311.000", "Jl. Ahmad Yani Curup",
     "100.3/026/NPHD/SETDA/2025", d(5, 5), d(5, 19), 100_000_000, d(11, 28), []),
    ("Palang Merah Indonesia Kab. Rejang Lebong", "02.776.410.8-311.000", "Jl. Dr. A.K. Gani",
     "100.3/031/NPHD/SETDA/2025", d(6, 2), d(6, 10), 125_000_000, d(12, 22), []),
    ("Kelompok Tani Maju Bersama Desa Air Meles", "1702031204780003", "Desa Air Meles Atas",
     None, None, d(6, 16), 45_000_000, d(10, 20),
     [("HIB-01", "hibah Kelompok Tani Maju Bersama Rp45 juta dicairkan tanpa NPHD")]),
    ("YAYASAN AL IKHLAS", None, "Talang Rimbo Lama Curup Tengah",
     "100.3/044/NPHD/SETDA/2025", d(8, 11), d(9, 8), 75_000_000, d(12, 10),
     [("HIB-03", "YAYASAN AL IKHLAS (Yayasan Al-Ikhlas) menerima hibah kedua Rp75 juta "
                 "setelah Rp150 juta pada 10/03")]),
]
# fmt: on


def note(paid: dt.date, lpj: dt.date | None) -> str | None:
    """Keterangan: a grant of the previous year still awaiting its LPJ."""
    if paid.year < YEAR and lpj is None:
        return f"Penyaluran TA {paid.year}, LPJ belum diterima"
    return None


def hibah(out: Path, g: ModuleType) -> None:
    """Setda's grant register and its plants."""
    data = [
        [n, who, nik, where, nphd, t_nphd, t_sp2d, nilai, lpj, note(t_sp2d, lpj)]
        for n, (who, nik, where, nphd, t_nphd, t_sp2d, nilai, lpj, _) in enumerate(HIBAH, 1)
    ]
    total: list[object] = [None, "Jumlah", *[None] * 5, sum(r[7] for r in data), None, None]
    rows = [[g.TITLE], ["REGISTER BELANJA HIBAH DAN BANTUAN SOSIAL"], [g.skpd_line("setda")],
            [f"TAHUN ANGGARAN {YEAR}"], [], HIBAH_HEADER, *data, total,
            *g.signature("setda", 1, 7, len(HIBAH_HEADER), f"30 Januari {YEAR + 1}")]  # fmt: skip
    g.write_xlsx(out / HIBAH_FILE, g.Sheet("Hibah", rows, [], [8], first_data=7))
    for n, item in enumerate(HIBAH):
        for rule, why in item[-1]:
            g.plant("setda", HIBAH_FILE, "Hibah", 7 + n, rule, why)


# fmt: off
IZIN_HEADER = ["No", "Nomor Permohonan", "Nama Pemohon", "Jenis Izin", "Lokasi Bangunan",
               "No SKRD", "Nilai Retribusi", "Tanggal Bayar", "Tanggal Terbit", "Keterangan"]
# fmt: on
# (pemohon, fungsi bangunan, lokasi, retribusi, paid, issued, plants)
# fmt: off
IZIN = [
    ("Hendri Saputra", "Rumah tinggal", "Kel. Air Rambai", 1_845_000, d(1, 20), d(2, 3), []),
    ("CV Bumi Raflesia", "Ruko 2 lantai", "Jl. Merdeka, Kel. Pasar Tengah", 12_480_000,
     d(2, 12), d(2, 26), []),
    ("Siti Rohani", "Rumah tinggal", "Desa Kampung Delima", 1_320_000, d(3, 10), d(3, 10),
     []),  # paid and issued the same day: no finding
    ("PT Curup Sawit Lestari", "Gudang", "Desa Talang Ulu", 28_750_000, None, d(4, 21),
     [("IZN-01", "PBG gudang PT Curup Sawit Lestari terbit 21/04, "
                 "retribusi Rp28.750.000 belum dibayar")]),
    ("Yayasan Pendidikan Bina Insani", "Gedung sekolah", "Kel. Talang Rimbo", 9_600_000,
     d(5, 14), d(5, 27), []),
    ("Agus Salim", "Rumah toko", "Jl. Basuki Rahmat Curup", 6_275_000, d(7, 9), d(6, 30),
     [("IZN-02", "PBG ruko Agus Salim terbit 30/06, retribusi baru dibayar 09/07")]),
    ("Dewi Kartika", "Rumah tinggal", "Kel. Batu Galing", 1_575_000, d(8, 5), d(8, 19), []),
    ("Koperasi Unit Desa Sinar Tani", "Kantor dan gudang", "Desa Kepala Curup", 7_940_000,
     d(10, 2), d(10, 16), []),
]
# fmt: on


def izin(out: Path, g: ModuleType) -> None:
    """DPMPTSP's PBG permit register and its plants."""
    data = []
    for n, (who, fungsi, lokasi, nilai, paid, issued, _) in enumerate(IZIN, 1):
        nomor = f"PBG-170202-{issued:%d%m%Y}-{n:02d}"
        skrd = f"{n:03d}/SKRD/PBG/DPMPTSP/{YEAR}"
        data.append([n, nomor, who, f"PBG - {fungsi}", lokasi, skrd, nilai, paid, issued, None])
    total: list[object] = [None, "Jumlah", *[None] * 4, sum(r[6] for r in data), None, None]
    title = "REGISTER PERSETUJUAN BANGUNAN GEDUNG (PBG) DAN RETRIBUSI"
    rows = [[g.TITLE], [title], [g.skpd_line("dpmptsp")], [f"TAHUN ANGGARAN {YEAR}"], [],
            IZIN_HEADER, *data, total,
            *g.signature("dpmptsp", 1, 7, len(IZIN_HEADER), f"31 Desember {YEAR}")]  # fmt: skip
    g.write_xlsx(out / IZIN_FILE, g.Sheet("Register PBG", rows, [], [7], first_data=7))
    for n, item in enumerate(IZIN):
        for rule, why in item[-1]:
            g.plant("dpmptsp", IZIN_FILE, "Register PBG", 7 + n, rule, why)


def build(out: Path, g: ModuleType) -> None:
    """Write the grant register and the permit register."""
    hibah(out, g)
    izin(out, g)
