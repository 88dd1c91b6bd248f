"""Generate the sample exports of six Rejang Lebong OPDs for 2025 (deterministic).

Run from the repository root:  python samples/generate.py [OUTPUT_DIR]
(default OUTPUT_DIR: the folder of this script). Writes <OUTPUT_DIR>/<opd>/... and
<OUTPUT_DIR>/README.md with the table of planted findings. Everything comes from
`random.Random(2025)`; no wall clock: xlsx/ods are re-zipped with fixed entry dates and
fixed document properties, so two runs give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import openpyxl
import pandas as pd

from rl_audit.catalog.calendar import WorkCalendar

YEAR = 2025
FIXED = dt.datetime(2025, 12, 31, 16, 0, 0)
ZIP_DATE = (2025, 12, 31, 16, 0, 0)
TITLE = "PEMERINTAH KABUPATEN REJANG LEBONG"
HOLIDAYS = set(WorkCalendar().holiday_dates([YEAR]))
WORKDAYS = [
    dt.date(YEAR, 1, 1) + dt.timedelta(days=i)
    for i in range(365)
    if (dt.date(YEAR, 1, 1) + dt.timedelta(days=i)).weekday() < 5
    and (dt.date(YEAR, 1, 1) + dt.timedelta(days=i)) not in HOLIDAYS
]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]  # fmt: skip
ROMAWI = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

OPDS = {
    "puprkp": ("1.03.1.04.0.00.01.0000",
               "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"),
    "rsud_curup": ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup"),
    "dpmptsp": ("2.18.0.00.0.00.01.0000",
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    "dinkes": ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan"),
    "dispusip": ("2.23.2.24.0.00.01.0000", "Dinas Perpustakaan dan Kearsipan"),
    "setda": ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah"),
}  # fmt: skip
CLEAN_OPD = "dispusip"
HEADS = {
    "puprkp": ("Ir. HENDRA GUNAWAN, M.T.", "197203121998031004", "RINA MARLINA, S.E.",
               "198807142011012003"),
    "rsud_curup": ("dr. YUSUF EFENDI, Sp.PD", "197505202005011002", "DESI ARIANI, S.E.",
                   "198903022014022001"),
    "dpmptsp": ("ZULKARNAIN, S.Sos., M.Si.", "197108111996031003", "NOVI HANDAYANI, S.E.",
                "199001172015032002"),
    "dinkes": ("dr. H. AHMAD FAUZI, M.Kes", "197001011990031001", "SITI AMINAH, S.E.",
               "198503152010012002"),
    "dispusip": ("Dra. MERI YANTI, M.Pd.", "196912041994032005", "FAJRI RAHMAN, A.Md.",
                 "199205232019031006"),
    "setda": ("Drs. HENDRA KURNIAWAN, M.Si.", "196905141990031007", "YULIA SAFITRI, S.E.",
              "199107222014032004"),
}  # fmt: skip

rng = random.Random(2025)


# --- planted cases -------------------------------------------------------------------


@dataclass
class Plant:
    """One planted case: the finding a rule must report at file/sheet/row."""

    opd: str
    file: str
    sheet: str
    row: int
    rule: str
    why: str


PLANTS: list[Plant] = []


def plant(opd: str, file: str, sheet: str, row: int, rule: str, why: str) -> None:
    """Record a planted case."""
    PLANTS.append(Plant(opd, file, sheet, row, rule, why))


# --- small helpers -------------------------------------------------------------------


def workday(month: int, lo: int = 1, hi: int = 31) -> dt.date:
    """A random working day (no weekend, holiday or cuti bersama) of `month`."""
    days = [d for d in WORKDAYS if d.month == month and lo <= d.day <= hi]
    return rng.choice(days)


def next_workday(d: dt.date, n: int = 1) -> dt.date:
    """The n-th working day after `d`."""
    later = [w for w in WORKDAYS if w > d] or [d]
    return later[min(n, len(later)) - 1]  # capped at the last working day of the year


def idr(value: float) -> str:
    """Indonesian number text, e.g. 1.234.567,00."""
    neg = value < 0
    whole, frac = f"{abs(value):.2f}".split(".")
    text = f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"({text})" if neg else text


def dmy(d: dt.date) -> str:
    """Date as dd/mm/yyyy text."""
    return d.strftime("%d/%m/%Y")


def money(lo: int, hi: int, step: int = 500) -> int:
    """A random rupiah amount in [lo, hi), rounded to `step`."""
    return rng.randrange(lo // step, hi // step) * step


def skpd_line(opd: str) -> str:
    """The `SKPD : <kode> <nama>` line of a title block."""
    code, name = OPDS[opd]
    return f"SKPD : {code} {name}"


def signature(opd: str, left: int, right: int, width: int, place_date: str) -> list[list]:
    """Signature block: Mengetahui/head on the left, treasurer on the right."""
    kadis, nip_k, bend, nip_b = HEADS[opd]
    head = {"rsud_curup": "Direktur", "setda": "Sekretaris Daerah"}.get(opd, "Kepala Dinas")

    def line(a: object, b: object) -> list:
        """A signature row."""
        row: list[object] = [None] * width
        row[left], row[right] = a, b
        return row

    return [
        [],
        line("Mengetahui,", f"Curup, {place_date}"),
        line(head, "Bendahara Pengeluaran"),
        [],
        line(kadis, bend),
        line(f"NIP. {nip_k}", f"NIP. {nip_b}"),
    ]


# --- writers (byte-for-byte reproducible) --------------------------------------------


@dataclass
class Sheet:
    """One worksheet: rows from Excel row 1, merged ranges, money columns."""

    name: str
    rows: list[list]
    merges: list[str] = field(default_factory=list)
    money_cols: list[int] = field(default_factory=list)  # 1-based columns
    first_data: int = 1


def _tidy_namespaces(text: str) -> str:
    """Keep only the used xmlns declarations of the root element, sorted.

    odfpy declares every namespace the process has used so far, so the same sheet
    written after other ODF work would carry more declarations.
    """
    start = text.index("<", text.index("?>") + 2)
    end = text.index(">", start)
    root = text[start:end]
    decls = dict(re.findall(r'\sxmlns:([\w-]+)="([^"]*)"', root))
    bare = re.sub(r'\sxmlns:[\w-]+="[^"]*"', "", root)
    rest = bare + text[end:]
    used = sorted(p for p in decls if re.search(rf"[<\s/]{re.escape(p)}:", rest))
    name, _, attrs = bare.partition(" ")
    keep = "".join(f' xmlns:{p}="{decls[p]}"' for p in used)
    return text[:start] + name + keep + (" " + attrs if attrs else "") + text[end:]


def _normalise_zip(data: bytes) -> bytes:
    """Re-zip with fixed entry dates and fixed timestamps in the document properties."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%S")
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}Z", text
                )
                text = re.sub(r"(<meta:creation-date>)[^<]*", rf"\g<1>{stamp}", text)
                text = re.sub(r"(<dc:date>)[^<]*", rf"\g<1>{stamp}", text)
                body = text.encode("utf-8")
            if info.filename in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
                body = _tidy_namespaces(body.decode("utf-8")).encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def write_xlsx(path: Path, *sheets: Sheet) -> None:
    """Write an xlsx with openpyxl, fixed properties and zip dates."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "SIPD-RI"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                elif (
                    c in spec.money_cols and r >= spec.first_data and isinstance(value, float | int)
                ):
                    cell.number_format = '"Rp."#,##0.00'
        for rng_ in spec.merges:
            ws.merge_cells(rng_)
    buf = io.BytesIO()
    wb.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def write_ods(path: Path, *sheets: Sheet) -> None:
    """Write an ods with pandas' odf engine, fixed meta and zip dates."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as writer:
        for spec in sheets:
            width = max(len(r) for r in spec.rows)
            rows = [list(r) + [None] * (width - len(r)) for r in spec.rows]
            pd.DataFrame(rows, dtype=object).to_excel(
                writer, sheet_name=spec.name, header=False, index=False
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def write_csv(path: Path, rows: list[list]) -> None:
    """Write a `;` CSV with Indonesian numbers and dd/mm/yyyy dates."""
    width = max(len(r) for r in rows)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif isinstance(v, dt.date):
                cells.append(dmy(v))
            elif isinstance(v, float):
                cells.append(idr(v))
            else:
                cells.append(v)
        if cells:
            cells += [""] * (width - len(cells))
        writer.writerow(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


# --- accounts ------------------------------------------------------------------------

ACC = {
    "5.1.01.01.01.0001": "Belanja Gaji Pokok PNS",
    "5.1.01.01.02.0001": "Belanja Tunjangan Keluarga PNS",
    "5.1.02.01.01.0004": "Belanja Bahan-Bahan Bakar dan Pelumas",
    "5.1.02.01.01.0024": "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
    "5.1.02.01.01.0026": "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
    "5.1.02.01.01.0052": "Belanja Makanan dan Minuman Rapat",
    "5.1.02.02.01.0013": "Belanja Jasa Tenaga Kebersihan",
    "5.1.02.02.01.0026": "Belanja Jasa Tenaga Administrasi",
    "5.1.02.02.01.0061": "Belanja Tagihan Listrik",
    "5.1.02.03.02.0035": "Belanja Pemeliharaan Alat Angkutan-Alat Angkutan Darat Bermotor",
    "5.1.02.04.01.0001": "Belanja Perjalanan Dinas Biasa",
    "5.1.02.01.01.0036": "Belanja Obat-Obatan",
    "5.1.02.01.01.0029": "Belanja Bahan Medis Habis Pakai",
    "5.2.02.10.01.0002": "Belanja Modal Personal Computer",
    "5.2.02.05.01.0005": "Belanja Modal Mebel",
    "5.2.02.02.01.0003": "Belanja Modal Kendaraan Bermotor Beroda Enam",
    "5.2.04.01.01.0012": "Belanja Modal Jalan Kabupaten",
}
BKU_USES = [  # (account, uraian, lo, hi)
    ("5.1.02.01.01.0024", "Belanja ATK kertas HVS, map dan tinta", 600_000, 4_000_000),
    ("5.1.02.01.01.0026", "Belanja cetak dan penggandaan dokumen", 400_000, 3_500_000),
    ("5.1.02.01.01.0052", "Belanja makan minum rapat koordinasi", 750_000, 4_500_000),
    ("5.1.02.01.01.0004", "Belanja BBM kendaraan dinas operasional", 500_000, 3_000_000),
    ("5.1.02.03.02.0035", "Servis dan ganti oli kendaraan dinas", 450_000, 2_800_000),
    ("5.1.02.02.01.0061", "Pembayaran tagihan listrik kantor", 1_200_000, 4_800_000),
]


# --- BKU pengeluaran and buku pembantu pajak -----------------------------------------

BKU_HEADER = ["No", "Tanggal", "No Bukti", "Kode Rekening", "Uraian", "Penerimaan",
              "Pengeluaran", "Saldo", "Cara Bayar"]  # fmt: skip


@dataclass
class Spend:
    """One BKU line."""

    date: dt.date
    bukti: str | None
    kode: str | None
    uraian: str
    masuk: int
    keluar: int
    cara: str


def bku_lines(opd: str, up: int, per_month: tuple[int, int]) -> list[Spend]:
    """A year of BKU lines: UP in January, GU replenishments, spending."""
    short = opd.upper().replace("_", "")
    lines: list[Spend] = []
    seq = 0

    def nb(month: int) -> str:
        """The next BKU voucher number."""
        nonlocal seq
        seq += 1
        return f"{seq:04d}/BKU/{short}/{ROMAWI[month - 1]}/{YEAR}"

    first = workday(1, 2, 10)
    lines.append(
        Spend(
            first,
            nb(1),
            None,
            f"Penerimaan SP2D UP 00{rng.randint(10, 99)}/SP2D/UP/{YEAR}",
            up,
            0,
            "Bank",
        )
    )
    spent_prev = 0
    for month in range(1, 13):
        if month > 1 and spent_prev:
            lines.append(
                Spend(
                    workday(month, 1, 10),
                    nb(month),
                    None,
                    f"Penerimaan SP2D GU {month:02d}{rng.randint(100, 999)}/SP2D/GU/{YEAR}",
                    spent_prev,
                    0,
                    "Bank",
                )
            )
        n = rng.randint(*per_month)
        days = sorted(
            workday(month, 7 if month > 1 else 13, 29 if month == 12 else 31) for _ in range(n)
        )
        spent = 0
        for day in days:
            kode, uraian, lo, hi = rng.choice(BKU_USES)
            value = money(lo, hi)
            cara = rng.choice(["Transfer", "Transfer", "CMS", "KKPD"])
            if value <= 1_000_000 and rng.random() < 0.3:
                cara = "Tunai"
            lines.append(
                Spend(day, nb(month), kode, f"{uraian} bulan {BULAN[month - 1]}", 0, value, cara)
            )
            spent += value
        spent_prev = spent
    return lines


def close_year(lines: list[Spend], opd: str) -> None:
    """Deposit the remaining UP back to the Kas Daerah at year end."""
    saldo = sum(x.masuk - x.keluar for x in lines)
    last = max(x.date for x in lines)
    day = max(d for d in WORKDAYS if d.month == 12 and d.day <= 30)
    day = max(day, last)
    lines.append(
        Spend(
            day,
            f"STS-{rng.randint(1000, 9999)}/{YEAR}",
            None,
            "Penyetoran sisa UP ke Kas Daerah",
            0,
            saldo,
            "Bank",
        )
    )


def bku_rows(opd: str, lines: list[Spend], errors: dict[int, int] | None = None) -> list[list]:
    """The BKU sheet: title block, header, Saldo Awal, lines, totals, signature."""
    kadis, _, bend, _ = HEADS[opd]
    rows: list[list] = [
        [TITLE],
        ["BUKU KAS UMUM PENGELUARAN"],
        [f"PERIODE 1 JANUARI s.d. 31 DESEMBER {YEAR}"],
        [skpd_line(opd)],
        [f"Pengguna Anggaran : {kadis}"],
        [f"Bendahara Pengeluaran : {bend}"],
        [],
        BKU_HEADER,
        [None, dt.date(YEAR, 1, 2), None, None, "Saldo Awal", 0, 0, 0, None],
    ]
    saldo = 0
    for i, x in enumerate(lines):
        saldo += x.masuk - x.keluar + (errors or {}).get(i, 0)
        rows.append([i + 1, x.date, x.bukti, x.kode, x.uraian, x.masuk, x.keluar, saldo, x.cara])
    tin, tout = sum(x.masuk for x in lines), sum(x.keluar for x in lines)
    rows += [
        [None, None, None, None, "Jumlah", tin, tout, None, None],
        [None, None, None, None, "Sisa Kas", None, None, saldo, None],
        *signature(opd, 1, 6, 9, "31 Desember 2025"),
    ]
    return rows


BKU_FIRST = 10  # Excel row of the first BKU line (after the Saldo Awal row)


@dataclass
class Tax:
    """One line of the buku pembantu pajak (withholding or deposit)."""

    date: dt.date
    bukti: str
    uraian: str
    jenis: str
    pungut: int
    setor: int
    billing: str | None = None
    ntpn: str | None = None


def taxes_from(lines: list[Spend], opd: str) -> list[Tax]:
    """Withholdings on the larger purchases, each deposited within a few working days."""
    out: list[Tax] = []
    for x in lines:
        if x.keluar < 1_500_000 or not x.kode or x.cara == "Tunai":
            continue
        if "listrik" in x.uraian:
            continue
        if x.kode.endswith("0035") or x.kode.endswith("0026"):
            jenis, amount = "PPh 23", round(x.keluar * 0.02)
        else:
            jenis, amount = "PPN", round(x.keluar * 11 / 111)
        out.append(
            Tax(x.date, x.bukti, f"Pungut {jenis} atas {x.uraian.lower()}", jenis, amount, 0)
        )
        setor = min(next_workday(x.date, rng.randint(1, 4)), dt.date(YEAR, 12, 30))
        setor = max(setor, x.date)
        out.append(
            Tax(
                setor,
                x.bukti,
                f"Setor {jenis} {x.bukti}",
                jenis,
                0,
                amount,
                f"{rng.randint(10**14, 10**15 - 1)}",
                "".join(rng.choice("0123456789ABCDEF") for _ in range(16)),
            )
        )
    return out


def pajak_rows(opd: str, taxes: list[Tax]) -> tuple[list[list], list[Tax]]:
    """The buku pembantu pajak sheet; returns the rows and the ordered lines."""
    taxes = sorted(taxes, key=lambda t: (t.date, t.setor > 0))
    rows: list[list] = [
        [TITLE],
        ["BUKU PEMBANTU PAJAK"],
        ["BENDAHARA PENGELUARAN"],
        [f"PERIODE 1 JANUARI s.d. 31 DESEMBER {YEAR}"],
        [skpd_line(opd)],
        [],
        [
            "No",
            "Tanggal",
            "No Bukti",
            "Uraian",
            "Jenis Pajak",
            "Penerimaan",
            "Pengeluaran",
            "Saldo",
            "Kode Billing",
            "NTPN",
        ],
        [None, None, None, "Saldo Sebelumnya", None, 0, 0, 0, None, None],
    ]
    saldo = 0
    for i, t in enumerate(taxes):
        saldo += t.pungut - t.setor
        rows.append(
            [i + 1, t.date, t.bukti, t.uraian, t.jenis, t.pungut, t.setor, saldo, t.billing, t.ntpn]
        )
    rows.append(
        [
            None,
            None,
            None,
            "Jumlah",
            None,
            sum(t.pungut for t in taxes),
            sum(t.setor for t in taxes),
            saldo,
            None,
            None,
        ]
    )
    rows += signature(opd, 1, 6, 10, "31 Desember 2025")
    return rows, taxes


PAJAK_FIRST = 9


# --- LRA and SIPD realisasi per dokumen ----------------------------------------------


@dataclass
class Leaf:
    """One leaf account of the LRA."""

    sub: tuple[str, str]
    kode: str
    anggaran: int
    realisasi: int


def leaves_for(
    spec: list[tuple[tuple[str, str], str, int]],
    lo: float = 0.91,
    hi: float = 0.99,
    exact: dict[str, int] | None = None,
) -> list[Leaf]:
    """Leaf accounts with a realisation of 91–99 % of the budget."""
    out = []
    for sub, kode, pagu in spec:
        real = (exact or {}).get(kode)
        if real is None:
            real = int(pagu * rng.uniform(lo, hi)) // 1000 * 1000
        out.append(Leaf(sub, kode, pagu, real))
    return out


def lra_rows(
    opd: str, leaves: list[Leaf], persen_typo: str | None = None
) -> tuple[list[list], dict]:
    """LRA per akun with subtotal rows for every level; returns rows and leaf → Excel row."""
    totals: dict[str, list[int]] = {}
    names = {
        "5": "BELANJA DAERAH",
        "5.1": "BELANJA OPERASI",
        "5.1.01": "Belanja Pegawai",
        "5.1.02": "Belanja Barang dan Jasa",
        "5.2": "BELANJA MODAL",
        "5.2.02": "Belanja Modal Peralatan dan Mesin",
        "5.2.04": "Belanja Modal Jalan, Irigasi, dan Jaringan",
        "5.1.01.01": "Belanja Gaji dan Tunjangan ASN",
        "5.1.01.01.01": "Belanja Gaji Pokok ASN",
        "5.1.01.01.02": "Belanja Tunjangan Keluarga ASN",
        "5.1.02.01": "Belanja Barang",
        "5.1.02.01.01": "Belanja Barang Pakai Habis",
        "5.1.02.02": "Belanja Jasa",
        "5.1.02.02.01": "Belanja Jasa Kantor",
        "5.1.02.03": "Belanja Pemeliharaan",
        "5.1.02.03.02": "Belanja Pemeliharaan Peralatan dan Mesin",
        "5.1.02.04": "Belanja Perjalanan Dinas",
        "5.1.02.04.01": "Belanja Perjalanan Dinas Dalam Negeri",
        "5.2.02.02": "Belanja Modal Alat Angkutan",
        "5.2.02.02.01": "Belanja Modal Alat Angkutan Darat Bermotor",
        "5.2.02.05": "Belanja Modal Alat Kantor dan Rumah Tangga",
        "5.2.02.05.01": "Belanja Modal Alat Kantor",
        "5.2.02.10": "Belanja Modal Komputer",
        "5.2.02.10.01": "Belanja Modal Komputer Unit",
        "5.2.04.01": "Belanja Modal Jalan",
        "5.2.04.01.01": "Belanja Modal Jalan Kabupaten",
    }
    for leaf in leaves:
        parts = leaf.kode.split(".")
        for n in range(1, 6):
            key = ".".join(parts[:n])
            t = totals.setdefault(key, [0, 0])
            t[0] += leaf.anggaran
            t[1] += leaf.realisasi
    by_code = {leaf.kode: leaf for leaf in leaves}
    codes = sorted(set(totals) | set(by_code), key=lambda c: [int(p) for p in c.split(".")])
    rows: list[list] = [
        [TITLE],
        ["LAPORAN REALISASI ANGGARAN"],
        [skpd_line(opd)],
        [f"PERIODE 1 JANUARI s.d. 31 DESEMBER {YEAR}"],
        [],
        ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Lebih/(Kurang)", "%"],
    ]
    where = {}
    for code in codes:
        a, r = (
            (by_code[code].anggaran, by_code[code].realisasi) if code in by_code else totals[code]
        )
        persen = round(r / a * 100, 2)
        if code == persen_typo:
            persen = round(persen + 4.5, 2)
        name = ACC.get(code) or names.get(code) or f"Belanja {code}"
        rows.append([code, name, a, r, a - r, persen])
        where[code] = len(rows)
    rows += signature(opd, 1, 4, 6, "31 Desember 2025")
    return rows, where


REAL_HEADER = ["Nomor", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Nama Sub Kegiatan",
               "Kode Rekening", "Nama Rekening", "Nomor Dokumen", "Jenis Dokumen",
               "Jenis Transaksi", "Tanggal Dokumen", "Keterangan Dokumen", "Nilai Realisasi",
               "Nilai Setoran", "Nomor SP2D", "Tanggal SP2D", "Tanggal Transfer"]  # fmt: skip


def realisasi_lines(opd: str, leaves: list[Leaf]) -> list[list]:
    """SIPD realisasi per dokumen lines that add up to each leaf's realisation."""
    code, name = OPDS[opd]
    short = opd.upper().replace("_", "")
    out = []
    seq = 0
    for leaf in leaves:
        if leaf.kode.startswith("5.1.01"):
            months, jenis = list(range(1, 13)), "LS"
        elif leaf.kode.startswith("5.2"):
            months, jenis = sorted(rng.sample(range(6, 12), 2)), "LS"
        else:
            months, jenis = sorted(rng.sample(range(1, 13), rng.randint(4, 8))), "GU"
        shares = [rng.randint(80, 120) for _ in months]
        parts = [leaf.realisasi * s // sum(shares) // 1000 * 1000 for s in shares]
        parts[-1] = leaf.realisasi - sum(parts[:-1])
        for month, value in zip(months, parts, strict=True):
            seq += 1
            day = workday(month, 3, 24)
            if jenis == "LS":
                nomor = f"{seq:05d}/SPM-LS/{short}/{YEAR}"
                sp2d, tsp2d = f"{seq:05d}/SP2D/LS/{YEAR}", next_workday(day, 2)
                transfer: dt.date | None = next_workday(day, 3)
                jd = "SPM"
            else:
                nomor, sp2d, tsp2d, transfer, jd = (
                    f"{seq:05d}/TBP/{short}/{YEAR}",
                    None,
                    None,
                    None,
                    "TBP",
                )
            ket = f"{ACC[leaf.kode].replace('Belanja ', '')} bulan {BULAN[month - 1]}"
            if leaf.kode.startswith("5.2"):
                barang = ACC[leaf.kode].replace("Belanja Modal ", "").lower()
                ket = f"Pembayaran termin {barang} {BULAN[month - 1]}"
            out.append(
                [
                    code,
                    name,
                    *leaf.sub,
                    leaf.kode,
                    ACC[leaf.kode],
                    nomor,
                    jd,
                    jenis,
                    day,
                    ket,
                    value,
                    0,
                    sp2d,
                    tsp2d,
                    transfer,
                ]
            )
    out.sort(key=lambda r: (r[9], r[6]))
    return [[i + 1, *r] for i, r in enumerate(out)]


def realisasi_rows(lines: list[list], as_text: bool) -> list[list]:
    """The SIPD report sheet (title rows, header on row 5, Total row)."""
    rows: list[list] = [
        ["LAPORAN REALISASI PER DOKUMEN"],
        [TITLE],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        REAL_HEADER,
    ]
    for r in lines:
        r = list(r)
        if as_text:
            r[10] = dmy(r[10])
            r[15] = dmy(r[15]) if r[15] else "-"
            r[16] = dmy(r[16]) if r[16] else "-"
            r[14] = r[14] or "-"
        rows.append(r)
    rows.append(["Total", *[None] * 11, sum(r[12] for r in lines), 0])
    return rows


REAL_FIRST = 6

# --- sub kegiatan per OPD ------------------------------------------------------------

SUB_ADM = ("{u}.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah")
SUB_KEU = ("{u}.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN")
SUB_UMUM = ("{u}.01.2.06.0002", "Penyediaan Peralatan dan Perlengkapan Kantor")
SUB_JASA = ("{u}.01.2.08.0004", "Penyediaan Jasa Pelayanan Umum Kantor")


def subs(u: str) -> tuple:
    """The standard sub kegiatan of an urusan."""
    return tuple((a.format(u=u), b) for a, b in (SUB_ADM, SUB_KEU, SUB_UMUM, SUB_JASA))


def budget(u: str, scale: int, extra: list) -> list:
    """The DPA of an OPD: the common accounts plus `extra`."""
    adm, keu, umum, jasa = subs(u)
    base = [
        (keu, "5.1.01.01.01.0001", 2_400_000_000 * scale),
        (keu, "5.1.01.01.02.0001", 240_000_000 * scale),
        (umum, "5.1.02.01.01.0024", 95_000_000),
        (umum, "5.1.02.01.01.0026", 60_000_000),
        (adm, "5.1.02.01.01.0052", 120_000_000),
        (umum, "5.1.02.01.01.0004", 85_000_000),
        (jasa, "5.1.02.02.01.0013", 96_000_000),
        (jasa, "5.1.02.02.01.0061", 54_000_000),
        (umum, "5.1.02.03.02.0035", 45_000_000),
        (adm, "5.1.02.04.01.0001", 150_000_000),
    ]
    return [*base, *extra]


# --- KIB -----------------------------------------------------------------------------


def kib_sheet(
    opd: str, name: str, title: str, header: list[list], assets: list[list], harga_col: str
) -> Sheet:
    """A KIB sheet with a two-row merged header, numbers row, Jumlah and signature."""
    width = len(header[0])
    data = [[i + 1, *asset] for i, asset in enumerate(assets)]
    hidx = header[0].index(harga_col)
    total: list[object] = [None] * width
    total[2] = "Jumlah"
    total[hidx] = sum(row[hidx] for row in data)
    rows = [
        [TITLE],
        [title],
        [skpd_line(opd)],
        ["KABUPATEN : REJANG LEBONG    PROVINSI : BENGKULU"],
        [],
        *header,
        list(range(1, width + 1)),
        *data,
        total,
        *signature(opd, 1, 8, width, "31 Desember 2025"),
    ]
    merges = []
    letters = [chr(ord("A") + i) for i in range(width)]
    child = header[1] + [None] * (width - len(header[1]))
    col = 0
    while col < width:
        end = col
        while end + 1 < width and header[0][end + 1] is None and child[end + 1] is not None:
            end += 1
        if end > col:
            merges.append(f"{letters[col]}6:{letters[end]}6")
        elif child[col] is None:
            merges.append(f"{letters[col]}6:{letters[col]}7")
        col = end + 1
    return Sheet(name, rows, merges=merges)


KIB_FIRST = 9
KIB_B_HEADER = [
    ["No", "Kode Barang", "Nama Barang", "Register", "Merk/Type", "Tahun Pembelian", "Nomor",
     None, None, None, None, "Asal Usul", "Harga", "Kondisi", "Keterangan"],
    [None] * 6 + ["Pabrik", "Rangka", "Mesin", "Polisi", "BPKB"],
]  # fmt: skip


def plate() -> str:
    """A Bengkulu number plate."""
    number, area = rng.randint(1000, 9999), rng.choice("ABCD")
    return f"BD {number} {area}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"


def bpkb() -> str:
    """A BPKB number."""
    return f"{rng.choice('MNOPQR')}-{rng.randint(10**7, 10**8 - 1)}"


# --- perjalanan dinas ----------------------------------------------------------------

PD_HEADER = ["No", "Nama", "NIP", "Pangkat/Gol", "Jabatan/Eselon", "No SPT", "Tujuan",
             "Provinsi Tujuan", "Tgl Berangkat", "Tgl Kembali", "Lama (hari)", "Uang Harian",
             "Penginapan", "Jumlah Malam", "Transport", "Jumlah"]  # fmt: skip
LUAR = [
    "Kota Bengkulu",
    "Kabupaten Kepahiang",
    "Kabupaten Lebong",
    "Kabupaten Bengkulu Utara",
    "Kabupaten Seluma",
]
DALAM = [
    "Kec. Bermani Ulu",
    "Kec. Sindang Kelingi",
    "Kec. Padang Ulak Tanding",
    "Kec. Selupu Rejang",
    "Kec. Binduriang",
]


def pegawai(n: int) -> list[tuple[str, str, str, str]]:
    """Employees: name, 18-digit NIP, golongan and jabatan/eselon."""
    first = [
        "Andi",
        "Budi",
        "Citra",
        "Dedi",
        "Eka",
        "Fitri",
        "Gita",
        "Hadi",
        "Indra",
        "Joko",
        "Kurnia",
        "Lestari",
        "Maya",
        "Nanda",
        "Oki",
        "Putri",
        "Rahmat",
        "Sari",
        "Tomi",
        "Wulan",
    ]
    last = [
        "Saputra",
        "Pratama",
        "Wijaya",
        "Susanti",
        "Hidayat",
        "Kurniawan",
        "Oktaviani",
        "Syahputra",
        "Rahmawati",
        "Febriani",
    ]
    out = []
    for i in range(n):
        born = dt.date(1970 + rng.randint(0, 25), rng.randint(1, 12), rng.randint(1, 28))
        tmt = dt.date(born.year + rng.randint(22, 28), rng.choice([1, 3, 4]), 1)
        nip = f"{born:%Y%m%d}{tmt:%Y%m}{rng.choice([1, 2])}{rng.randint(1, 9):03d}"
        gol, es = (
            ("Pembina / IV.a", "Kepala Bidang / Eselon III.b")
            if i == 0
            else (
                rng.choice(["Penata / III.c", "Penata Muda Tk. I / III.b", "Pengatur / II.c"]),
                "Staf",
            )
        )
        out.append((f"{rng.choice(first)} {rng.choice(last)}", nip, gol, es))
    return out


def trips(opd: str, people: list, count: int) -> list[list]:
    """Non-overlapping trips within Provinsi Bengkulu at the standard rates."""
    free = {p[1]: dt.date(YEAR, 1, 13) for p in people}
    out = []
    short = opd.upper().replace("_", "")
    for k in range(count):
        person = rng.choice(people)
        name, nip, gol, es = person
        start = free[nip] + dt.timedelta(days=rng.randint(5, 25))
        while start not in WORKDAYS:
            start += dt.timedelta(days=1)
        if start.month == 12 and start.day > 15:
            continue
        luar = rng.random() < 0.6
        lama = rng.randint(2, 3) if luar else 1
        end = start + dt.timedelta(days=lama - 1)
        if luar:
            tujuan, harian = rng.choice(LUAR), 380_000
            rate = 1_200_000 if "Eselon" in es else 600_000
            malam = lama - 1
            inap = malam * money(rate - 150_000, rate)
            transport = money(250_000, 650_000, 5000)
        else:
            tujuan, harian, malam, inap, transport = rng.choice(DALAM), 150_000, 0, 0, 0
        uh = harian * lama
        spt = f"094/{k + 1:03d}/SPT/{short}/{YEAR}"
        out.append(
            [
                name,
                nip,
                gol,
                es,
                spt,
                tujuan,
                "Bengkulu",
                start,
                end,
                lama,
                uh,
                inap,
                malam,
                transport,
                uh + inap + transport,
            ]
        )
        free[nip] = end
    out.sort(key=lambda r: (r[7], r[4]))
    return out


def perjadin_rows(opd: str, lines: list[list]) -> list[list]:
    """The perjalanan dinas sheet."""
    return [
        [TITLE],
        ["DAFTAR PERJALANAN DINAS (SPT/SPPD)"],
        [skpd_line(opd)],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        PD_HEADER,
        *[[i + 1, *r] for i, r in enumerate(lines)],
        [None, "Jumlah", *[None] * 13, sum(r[14] for r in lines)],
        *signature(opd, 1, 10, 16, "31 Desember 2025"),
    ]


PD_FIRST = 7


# --- kontrak -------------------------------------------------------------------------

KTR_HEADER = ["No", "Nama Paket", "Kode Sub Kegiatan", "Jenis Pengadaan", "Metode Pemilihan",
              "Nama Penyedia", "NPWP", "Nomor Kontrak", "Tanggal Kontrak", "Nilai Kontrak",
              "Tanggal Mulai", "Tanggal Selesai", "Tanggal BAST", "Progres Fisik (%)",
              "Nilai Dibayar", "Denda Keterlambatan"]  # fmt: skip


def npwp() -> str:
    """A 15-digit NPWP in the dotted form."""
    d = [rng.randint(0, 9) for _ in range(15)]
    t = "".join(map(str, d))
    return f"{t[:2]}.{t[2:5]}.{t[5:8]}.{t[8]}-{t[9:12]}.{t[12:]}"


def kontrak_rows(opd: str, lines: list[list]) -> list[list]:
    """The daftar kontrak sheet."""
    return [
        [TITLE],
        ["DAFTAR KONTRAK / PAKET PENGADAAN BARANG DAN JASA"],
        [skpd_line(opd)],
        [f"TAHUN ANGGARAN {YEAR}"],
        [],
        KTR_HEADER,
        *[[i + 1, *r] for i, r in enumerate(lines)],
        [
            None,
            "Jumlah",
            *[None] * 7,
            sum(r[8] for r in lines),
            *[None] * 4,
            sum(r[13] for r in lines),
        ],
        *signature(opd, 1, 9, 16, "31 Desember 2025"),
    ]


KTR_FIRST = 7


def contract(
    paket,
    sub,
    jenis,
    metode,
    penyedia,
    nomor,
    tgl,
    nilai,
    days,
    late=0,
    denda=0,
    progres=100,
    dibayar=None,
    mulai=None,
    npwp_=None,
) -> list:
    """One contract line: on time, paid in full, 100 % progress unless told."""
    mulai = mulai or tgl
    selesai = mulai + dt.timedelta(days=days)
    bast = selesai - dt.timedelta(days=rng.randint(0, 5)) + dt.timedelta(days=late)
    return [
        paket,
        sub,
        jenis,
        metode,
        penyedia,
        npwp_ or npwp(),
        nomor,
        tgl,
        nilai,
        mulai,
        selesai,
        bast,
        progres,
        nilai if dibayar is None else dibayar,
        denda,
    ]


# --- penerimaan ----------------------------------------------------------------------


def penerimaan_rows(opd: str, title: str, header: list, lines: list[list]) -> list[list]:
    """A register of receipts and their deposits (STS)."""
    return [
        [TITLE],
        [title],
        [skpd_line(opd)],
        [f"PERIODE 1 JANUARI s.d. 31 DESEMBER {YEAR}"],
        [],
        header,
        *[[i + 1, *r] for i, r in enumerate(lines)],
        *signature(opd, 1, 5, len(header), "31 Desember 2025"),
    ]


PNR_FIRST = 7


# =====================================================================================
# OPDs
# =====================================================================================


def make_bku_and_pajak(
    out: Path,
    opd: str,
    fmt_bku: str,
    fmt_pajak: str,
    up: int,
    per_month: tuple[int, int],
    mutate=None,
    tax_mutate=None,
) -> None:
    """Write the BKU pengeluaran and the buku pembantu pajak of an OPD."""
    lines = bku_lines(opd, up, per_month)
    extra = mutate(lines) if mutate else None
    close_year(lines, opd)
    rows = bku_rows(opd, lines, extra)
    name = f"bku_pengeluaran_{YEAR}.{fmt_bku}"
    if fmt_bku == "xlsx":
        write_xlsx(out / opd / name, Sheet("BKU", rows, money_cols=[6, 7, 8], first_data=9))
    else:
        write_csv(
            out / opd / name,
            [
                [
                    float(v) if isinstance(v, int) and c in (5, 6, 7) and r >= 8 else v
                    for c, v in enumerate(row)
                ]
                for r, row in enumerate(rows)
            ],
        )
    taxes = taxes_from(lines, opd)
    if tax_mutate:
        taxes = tax_mutate(taxes)
    prow, ordered = pajak_rows(opd, taxes)
    pname = f"buku_pembantu_pajak_{YEAR}.{fmt_pajak}"
    if fmt_pajak == "xlsx":
        write_xlsx(out / opd / pname, Sheet("Pajak", prow, money_cols=[6, 7, 8], first_data=8))
    else:
        write_csv(
            out / opd / pname,
            [
                [
                    float(v) if isinstance(v, int) and c in (5, 6, 7) and r >= 7 else v
                    for c, v in enumerate(row)
                ]
                for r, row in enumerate(prow)
            ],
        )
    if tax_mutate:
        for p in [p for p in PLANTS if p.file == "<pajak>"]:
            key = p.why_key  # type: ignore[attr-defined]
            idx = next(i for i, t in enumerate(ordered) if t is key)
            p.file, p.row = f"{opd}/{pname}", PAJAK_FIRST + idx
            p.sheet = "Pajak" if fmt_pajak == "xlsx" else ""
            del p.why_key  # type: ignore[attr-defined]


def tax_plant(taxes: list[Tax], rule: str, why: str, key: Tax, opd: str) -> None:
    """Record a planted tax case; its row is known once the book is sorted."""
    p = Plant(opd, "<pajak>", "", 0, rule, why)
    p.why_key = key  # type: ignore[attr-defined]
    PLANTS.append(p)


def pick_tax(taxes: list[Tax], month: int, jenis: str) -> tuple[Tax, Tax]:
    """The first withholding of `jenis` in `month` and its deposit."""
    for t in taxes:
        if t.pungut and t.date.month == month and t.jenis == jenis:
            s = next(s for s in taxes if s.setor and s.bukti == t.bukti and s.jenis == jenis)
            return t, s
    raise LookupError((month, jenis))


def lra_and_realisasi(
    out: Path,
    opd: str,
    leaves: list[Leaf],
    lra_fmt: str,
    real_fmt: str,
    persen_typo: str | None = None,
    extra_lines=None,
) -> None:
    """Write the LRA and the SIPD realisasi per dokumen of an OPD."""
    rows, where = lra_rows(opd, leaves, persen_typo)
    name = f"lra_{YEAR}.{lra_fmt}"
    if lra_fmt == "xlsx":
        write_xlsx(out / opd / name, Sheet("LRA", rows, money_cols=[3, 4, 5], first_data=7))
    elif lra_fmt == "ods":
        write_ods(out / opd / name, Sheet("LRA", rows))
    else:
        write_csv(
            out / opd / name,
            [
                [
                    float(v)
                    if isinstance(v, int) and c in (2, 3, 4) and r >= 6
                    else (str(v).replace(".", ",") if isinstance(v, float) and c == 5 else v)
                    for c, v in enumerate(row)
                ]
                for r, row in enumerate(rows)
            ],
        )
    if persen_typo:
        plant(
            opd,
            f"{opd}/{name}",
            "LRA" if lra_fmt != "csv" else "",
            where[persen_typo],
            "ANG-03",
            "kolom % diketik 4,5 poin lebih tinggi dari realisasi ÷ anggaran",
        )
    lines = realisasi_lines(opd, leaves)
    if extra_lines:
        lines = extra_lines(lines)
    rname = f"realisasi_per_dokumen_{YEAR}.{real_fmt}"
    rrows = realisasi_rows(lines, as_text=real_fmt == "csv")
    if real_fmt == "xlsx":
        write_xlsx(out / opd / rname, Sheet("Laporan", rrows, money_cols=[13, 14], first_data=6))
    else:
        write_csv(
            out / opd / rname,
            [
                [
                    float(v) if isinstance(v, int) and c in (12, 13) and r >= 5 else v
                    for c, v in enumerate(row)
                ]
                for r, row in enumerate(rrows)
            ],
        )


RUAS = ["Air Bang", "Kayu Manis", "Tasik Malaya", "Sambirejo", "Karang Anyar", "Lubuk Ubar"]
KECAMATAN = ["Curup Utara", "Bermani Ulu", "Sindang Kelingi", "Kota Padang"]


# --- Dinas PUPRKP --------------------------------------------------------------------


def puprkp(out: Path) -> None:
    """Dinas PUPRKP: contracts, penalties, split packages, KIB, LRA."""
    opd = "puprkp"
    jalan = ("1.03.10.2.01.0003", "Pembangunan Jalan")
    umum = subs("1.03")[2]
    leaves = leaves_for(
        budget(
            "1.03",
            3,
            [
                (umum, "5.2.02.10.01.0002", 60_000_000),
                (umum, "5.2.02.02.01.0003", 900_000_000),
                (jalan, "5.2.04.01.01.0012", 6_500_000_000),
            ],
        )
    )
    make_bku_and_pajak(out, opd, "xlsx", "xlsx", 150_000_000, (8, 12))
    lra_and_realisasi(out, opd, leaves, "xlsx", "xlsx", persen_typo="5.1.02.01.01.0026")
    modal = {leaf.kode: leaf.realisasi for leaf in leaves if leaf.kode.startswith("5.2")}

    # KIB A, B, D (2025 additions = belanja modal 2025)
    kib_a_header = [
        ["No", "Jenis Barang / Nama Barang", "Nomor", None, "Luas (M2)", "Tahun Pengadaan",
         "Letak/Alamat", "Status Tanah", None, None, "Penggunaan", "Asal Usul", "Harga (Rp)",
         "Keterangan"],
        [None, None, "Kode Barang", "Register", None, None, None, "Hak", "Sertifikat Tanggal",
         "Sertifikat Nomor"],
    ]  # fmt: skip
    places = [
        "Jl. S. Sukowati No. 1 Curup",
        "Kel. Talang Rimbo Lama, Kec. Curup Tengah",
        "Desa Air Meles Bawah, Kec. Curup Timur",
        "Kel. Dwi Tunggal, Kec. Curup",
        "Desa Sumber Urip, Kec. Selupu Rejang",
        "Kel. Air Rambai, Kec. Curup",
    ]
    kib_a = []
    for i in range(8):
        year = rng.randint(1995, 2022)
        kib_a.append(
            [
                rng.choice(
                    [
                        "Tanah Bangunan Kantor Pemerintah",
                        "Tanah Jalan Kabupaten",
                        "Tanah Bangunan Gudang",
                        "Tanah Lapangan",
                    ]
                ),
                "1.3.1.01.01.04.001",
                f"{i + 1:04d}",
                rng.randint(200, 3000),
                year,
                places[i % len(places)],
                "Hak Pakai",
                dt.date(year + 1, rng.randint(1, 12), 10),
                f"{rng.randint(10, 999):05d}",
                "Kantor",
                rng.choice(["Pembelian", "Hibah"]),
                money(150_000_000, 1_500_000_000, 1_000_000),
                None,
            ]
        )
    kib_a[5][8], kib_a[5][7], kib_a[5][12] = "-", None, "Belum bersertifikat"
    kib_a[5][0] = "Tanah Bangunan Gudang UPTD Alat Berat"
    plant(
        opd,
        f"{opd}/kib_{YEAR}.xlsx",
        "KIB A",
        KIB_FIRST + 5,
        "AST-01",
        'tanah UPTD alat berat tanpa nomor sertifikat ("Belum bersertifikat")',
    )
    kib_b = [
        [
            "1.3.2.02.01.01.004",
            "Minibus",
            "0001",
            "Toyota Innova",
            2019,
            "-",
            "MHF11KF8",
            "1TR-7712",
            plate(),
            bpkb(),
            "Pembelian",
            325_000_000,
            "B",
            None,
        ],
        [
            "1.3.2.02.01.01.004",
            "Minibus",
            "0002",
            "Toyota Avanza",
            2021,
            "-",
            "MHKM1BA3",
            "3NR-2231",
            plate(),
            bpkb(),
            "Pembelian",
            245_000_000,
            "B",
            None,
        ],
        [
            "1.3.2.02.01.05.001",
            "Sepeda Motor",
            "0003",
            "Honda Supra X",
            2015,
            "-",
            "MH1JB11",
            "JB-112",
            plate(),
            None,
            "Pembelian",
            17_250_000,
            "RB",
            "BPKB hilang",
        ],
        [
            "1.3.2.02.01.05.001",
            "Sepeda Motor",
            "0004",
            "Yamaha Vega",
            2017,
            "-",
            "MH3SE88",
            "E3R-551",
            plate(),
            bpkb(),
            "Pembelian",
            16_500_000,
            "B",
            None,
        ],
        [
            "1.3.2.10.01.02.002",
            "Laptop",
            "0004",
            "Asus VivoBook",
            2023,
            "SN-77120",
            None,
            None,
            None,
            None,
            "Pembelian",
            15_000_000,
            "B",
            None,
        ],
    ]
    plant(
        opd,
        f"{opd}/kib_{YEAR}.xlsx",
        "KIB B",
        KIB_FIRST + 2,
        "AST-02",
        "sepeda motor dinas tanpa nomor BPKB",
    )
    laptops = 4
    each = modal["5.2.02.10.01.0002"] // laptops
    for i in range(laptops):
        value = each if i < laptops - 1 else modal["5.2.02.10.01.0002"] - each * (laptops - 1)
        kib_b.append(
            [
                "1.3.2.10.01.02.002",
                "Laptop",
                f"{i + 5:04d}",
                "Lenovo ThinkPad E14",
                2025,
                f"SN-9{rng.randint(1000, 9999)}",
                None,
                None,
                None,
                None,
                "Pembelian",
                value,
                "B",
                None,
            ]
        )
    kib_b.append(
        [
            "1.3.2.02.01.03.002",
            "Dump Truck",
            "0001",
            "Mitsubishi Canter FE 74",
            2025,
            "-",
            "MHMFE74P5PK",
            "4D34T-88120",
            plate(),
            bpkb(),
            "Pembelian",
            modal["5.2.02.02.01.0003"],
            "B",
            None,
        ]
    )
    kib_d_header = [
        ["No", "Jenis Barang / Nama Barang", "Nomor", None, "Konstruksi", "Panjang (Km)",
         "Tahun Perolehan", "Letak/Lokasi", "Asal Usul", "Harga", "Kondisi", "Keterangan"],
        [None, None, "Kode Barang", "Register"],
    ]  # fmt: skip
    kib_d = []
    for i in range(6):
        kib_d.append(
            [
                f"Jalan Kabupaten ruas {rng.choice(RUAS)}",
                "1.3.4.01.01.01.001",
                f"{i + 1:04d}",
                "Aspal hotmix",
                round(rng.uniform(1, 8), 2),
                rng.randint(2005, 2022),
                f"Kec. {rng.choice(KECAMATAN)}",
                "Pembangunan",
                money(800_000_000, 5_000_000_000, 1_000_000),
                "B",
                None,
            ]
        )
    kib_d.append(
        [
            "Jalan Lingkar Timur Curup",
            "1.3.4.01.01.01.001",
            "0007",
            "Aspal hotmix",
            3.4,
            2025,
            "Kec. Curup Timur",
            "Pembangunan",
            modal["5.2.04.01.01.0012"],
            "B",
            None,
        ]
    )
    kib_d[2][6] = None
    plant(
        opd,
        f"{opd}/kib_{YEAR}.xlsx",
        "KIB D",
        KIB_FIRST + 2,
        "AST-04",
        "ruas jalan kabupaten tanpa letak/lokasi",
    )
    write_xlsx(
        out / opd / f"kib_{YEAR}.xlsx",
        kib_sheet(
            opd, "KIB A", "KARTU INVENTARIS BARANG (KIB) A TANAH", kib_a_header, kib_a, "Harga (Rp)"
        ),
        kib_sheet(
            opd,
            "KIB B",
            "KARTU INVENTARIS BARANG (KIB) B PERALATAN DAN MESIN",
            KIB_B_HEADER,
            kib_b,
            "Harga",
        ),
        kib_sheet(
            opd,
            "KIB D",
            "KARTU INVENTARIS BARANG (KIB) D JALAN, IRIGASI DAN JARINGAN",
            kib_d_header,
            kib_d,
            "Harga",
        ),
    )

    # contracts
    f = f"{opd}/daftar_kontrak_{YEAR}.xlsx"
    sub_j, sub_d, sub_ir = "1.03.10.2.01.0003", "1.03.10.2.02.0001", "1.03.03.2.01.0004"
    penyedia = [
        "CV Karya Bumi Raflesia",
        "PT Curup Jaya Konstruksi",
        "CV Bukit Kaba Mandiri",
        "CV Musi Permai",
        "PT Bengkulu Prima Beton",
        "CV Rejang Sakti",
        "CV Tebat Monok",
        "CV Sinar Kepahiang",
        "PT Lebong Tandai Abadi",
        "CV Cahaya Kelingi",
    ]
    ks: list[list] = []
    n = 0

    def nomor() -> str:
        """The next contract number."""
        nonlocal n
        n += 1
        return f"600/{n:03d}/SPK/PUPRKP/{YEAR}"

    ks.append(
        contract(
            "Peningkatan Jalan Lingkar Timur Curup",
            sub_j,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[1],
            nomor(),
            dt.date(2025, 5, 19),
            4_850_000_000,
            150,
        )
    )
    ks.append(
        contract(
            "Rehabilitasi Jalan Ruas Air Bang - Kayu Manis",
            sub_j,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[4],
            nomor(),
            dt.date(2025, 6, 10),
            2_150_000_000,
            120,
        )
    )
    ks.append(
        contract(
            "Pembangunan Drainase Kel. Talang Rimbo",
            sub_d,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[8],
            nomor(),
            dt.date(2025, 7, 7),
            1_275_500_000,
            90,
        )
    )
    ks.append(
        contract(
            "Pengawasan Peningkatan Jalan Lingkar Timur",
            sub_j,
            "Jasa Konsultansi",
            "Pengadaan Langsung",
            penyedia[7],
            nomor(),
            dt.date(2025, 5, 22),
            87_450_000,
            150,
        )
    )
    # KTR-01: PL konstruksi above Rp400 juta after Perpres 46/2025
    ks.append(
        contract(
            "Rehabilitasi Jembatan Gantung Desa Sumber Bening",
            sub_ir,
            "Pekerjaan Konstruksi",
            "Pengadaan Langsung",
            penyedia[5],
            nomor(),
            dt.date(2025, 8, 4),
            468_750_000,
            75,
        )
    )
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 1,
        "KTR-01",
        "pengadaan langsung konstruksi Rp468,75 juta di atas batas Rp400 juta (Perpres 46/2025)",
    )
    # KTR-02: three PL packages, same provider and sub kegiatan, within 30 days (before Perpres 46)
    for day, value, paket in (
        (3, 145_000_000, "Pemeliharaan Berkala Jalan Ruas Tasik Malaya Seg. 1"),
        (17, 138_500_000, "Pemeliharaan Berkala Jalan Ruas Tasik Malaya Seg. 2"),
        (27, 149_900_000, "Pemeliharaan Berkala Jalan Ruas Tasik Malaya Seg. 3"),
    ):
        ks.append(
            contract(
                paket,
                sub_j,
                "Pekerjaan Konstruksi",
                "Pengadaan Langsung",
                penyedia[6],
                nomor(),
                dt.date(2025, 3, day),
                value,
                45,
            )
        )
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 3,
        "KTR-02",
        "tiga PL CV Tebat Monok, sub kegiatan sama, 3–27 Maret, jumlah Rp433,4 juta > Rp200 juta",
    )
    # KTR-03: BAST 24 days late, no penalty recorded
    ks.append(
        contract(
            "Pembangunan Talud Penahan Tanah Desa Kampung Delima",
            sub_ir,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[0],
            nomor(),
            dt.date(2025, 6, 2),
            1_650_000_000,
            100,
            late=24 + 5,
        )
    )
    ks[-1][11] = ks[-1][10] + dt.timedelta(days=24)
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 1,
        "KTR-03",
        "BAST 24 hari setelah batas akhir kontrak, denda keterlambatan tidak dicatat",
    )
    # late with the correct penalty: clean
    ks.append(
        contract(
            "Pembangunan Saluran Irigasi D.I. Air Lang",
            sub_ir,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[2],
            nomor(),
            dt.date(2025, 6, 16),
            888_000_000,
            100,
        )
    )
    ks[-1][11] = ks[-1][10] + dt.timedelta(days=10)
    ks[-1][14] = round(min(10 * 0.001, 0.05) * 888_000_000 / 1.11, 2)
    # KTR-04: work started before the contract was signed
    ks.append(
        contract(
            "Pembangunan Jalan Usaha Tani Desa Suka Datang",
            sub_j,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[3],
            nomor(),
            dt.date(2025, 7, 21),
            975_000_000,
            90,
            mulai=dt.date(2025, 7, 14),
        )
    )
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 1,
        "KTR-04",
        "tanggal mulai (SPMK) 14 Juli mendahului kontrak 21 Juli",
    )
    # KTR-06: paid in full, physical progress 85 %
    ks.append(
        contract(
            "Peningkatan Jalan Ruas Lubuk Ubar - Karang Anyar",
            sub_j,
            "Pekerjaan Konstruksi",
            "Tender",
            penyedia[9],
            nomor(),
            dt.date(2025, 8, 11),
            2_340_000_000,
            120,
            progres=85,
        )
    )
    ks[-1][11] = None
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 1,
        "KTR-06",
        "dibayar 100 % (Rp2,34 miliar) padahal progres fisik 85 %",
    )
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + len(ks) - 1,
        "KTR-08",
        "lewat tanggal selesai 9 Desember tanpa BAST, progres 85 %: denda berjalan belum dicatat",
    )
    ks.append(
        contract(
            "Penyusunan DED Jembatan Air Musi",
            sub_ir,
            "Jasa Konsultansi",
            "Seleksi",
            penyedia[7],
            nomor(),
            dt.date(2025, 4, 14),
            310_000_000,
            60,
        )
    )
    write_xlsx(
        out / f, Sheet("Kontrak", kontrak_rows(opd, ks), money_cols=[10, 15, 16], first_data=7)
    )

    rows = perjadin_rows(opd, trips(opd, pegawai(10), 45))
    write_csv(
        out / opd / f"perjalanan_dinas_{YEAR}.csv",
        [
            [
                float(v) if isinstance(v, int) and c in (11, 12, 14, 15) and r >= 6 else v
                for c, v in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ],
    )


# --- RSUD Curup ----------------------------------------------------------------------


def rsud(out: Path) -> None:
    """RSUD Curup: BLUD revenue deposits, taxes, contracts."""
    opd = "rsud_curup"
    blud = ("1.02.02.2.01.0001", "Pelayanan dan Penunjang Pelayanan BLUD")
    leaves = leaves_for(
        budget(
            "1.02",
            5,
            [
                (blud, "5.1.02.01.01.0036", 3_200_000_000),
                (blud, "5.1.02.01.01.0029", 1_450_000_000),
            ],
        )
    )

    def taxes(ts: list[Tax]) -> list[Tax]:
        """Plant the tax cases."""
        p, s = pick_tax(ts, 8, "PPh 23")
        ts.remove(s)
        tax_plant(
            ts,
            "PJK-01",
            f"{p.jenis} dipungut {p.date:%d/%m} (bukti {p.bukti}) tidak pernah disetor",
            p,
            opd,
        )
        p2, s2 = pick_tax(ts, 3, "PPN")
        s2.date = dt.date(2025, 5, 12)
        tax_plant(
            ts, "PJK-02", "PPN pungutan Maret disetor 12/05, lewat batas akhir April", s2, opd
        )
        return ts

    make_bku_and_pajak(out, opd, "xlsx", "csv", 200_000_000, (9, 13), tax_mutate=taxes)
    lra_and_realisasi(out, opd, leaves, "xlsx", "csv")

    # BLUD revenue
    f = f"{opd}/bku_penerimaan_blud_{YEAR}.xlsx"
    header = [
        "No",
        "Tanggal",
        "No Bukti",
        "Uraian",
        "Kode Rekening",
        "Jumlah",
        "Tanggal Setor",
        "No STS",
    ]
    src = [
        ("Pendapatan jasa layanan rawat jalan", 4_000_000, 18_000_000),
        ("Pendapatan jasa layanan rawat inap", 9_000_000, 45_000_000),
        ("Pendapatan jasa layanan laboratorium", 2_000_000, 9_000_000),
        ("Pendapatan klaim BPJS Kesehatan", 250_000_000, 900_000_000),
    ]
    lines = []
    for month in range(1, 13):
        for day in sorted(rng.sample([d for d in WORKDAYS if d.month == month and d.day < 31], 8)):
            ur, lo, hi = rng.choice(src[:3]) if rng.random() < 0.85 else src[3]
            lines.append(
                [
                    day,
                    None,
                    f"{ur} {day:%d/%m/%Y}",
                    "4.1.04.16.01.0001",
                    money(lo, hi, 1000),
                    day if rng.random() < 0.5 else next_workday(day),
                    None,
                ]
            )
    for i, line in enumerate(lines):
        line[1] = f"TBP-{i + 1:04d}/BLUD/{YEAR}"
        line[6] = f"STS-{i + 1:04d}/BLUD/{YEAR}"
        if line[5] and line[5] > dt.date(2025, 12, 31):
            line[5] = line[0]
    i_late = next(i for i, x in enumerate(lines) if x[0].month == 4)
    lines[i_late][5] = next_workday(lines[i_late][0], 6)
    plant(
        opd,
        f,
        "BKU Penerimaan",
        PNR_FIRST + i_late,
        "PNR-01",
        "pendapatan disetor 6 hari kerja setelah diterima",
    )
    i_late2 = next(i for i, x in enumerate(lines) if x[0].month == 9)
    lines[i_late2][5] = next_workday(lines[i_late2][0], 3)
    plant(
        opd,
        f,
        "BKU Penerimaan",
        PNR_FIRST + i_late2,
        "PNR-01",
        "pendapatan disetor 3 hari kerja setelah diterima",
    )
    i_none = next(i for i, x in enumerate(lines) if x[0].month == 10 and "BPJS" not in x[2])
    lines[i_none][5], lines[i_none][6] = None, None
    plant(
        opd,
        f,
        "BKU Penerimaan",
        PNR_FIRST + i_none,
        "PNR-02",
        "pendapatan Oktober tanpa tanggal setor/STS",
    )
    write_xlsx(
        out / f,
        Sheet(
            "BKU Penerimaan",
            penerimaan_rows(opd, "BUKU KAS UMUM PENERIMAAN BLUD", header, lines),
            money_cols=[6],
            first_data=7,
        ),
    )

    # contracts
    f = f"{opd}/daftar_kontrak_{YEAR}.xlsx"
    ks = []
    items = [
        (
            "Pengadaan Obat-Obatan E-Katalog Tahap I",
            "Barang",
            "E-Purchasing",
            "PT Kimia Farma Trading",
            1_250_000_000,
        ),
        (
            "Pengadaan Bahan Medis Habis Pakai",
            "Barang",
            "E-Purchasing",
            "PT Enseval Putera Megatrading",
            690_000_000,
        ),
        (
            "Jasa Cleaning Service Gedung Rawat Inap",
            "Jasa Lainnya",
            "Tender",
            "CV Bersih Cemerlang",
            420_000_000,
        ),
        (
            "Pemeliharaan Genset Gedung IGD",
            "Jasa Lainnya",
            "Pengadaan Langsung",
            "CV Daya Listrik Curup",
            48_500_000,
        ),
        (
            "Pengadaan Linen Rawat Inap",
            "Barang",
            "Pengadaan Langsung",
            "CV Tekstil Raflesia",
            96_800_000,
        ),
        (
            "Jasa Konsultansi Reviu Tarif Layanan BLUD",
            "Jasa Konsultansi",
            "Pengadaan Langsung",
            "CV Mitra Konsultan Sumatera",
            65_000_000,
        ),
    ]
    for i, (paket, jenis, metode, peny, nilai) in enumerate(items):
        ks.append(
            contract(
                paket,
                blud[0],
                jenis,
                metode,
                peny,
                f"445/{i + 1:03d}/SP/RSUD/{YEAR}",
                workday(rng.randint(2, 8)),
                nilai,
                60,
            )
        )
    ks[3][5] = "-"
    plant(opd, f, "Kontrak", KTR_FIRST + 3, "KTR-07", 'NPWP penyedia tidak diisi ("-")')
    ks[4][5] = "81.442.19"
    plant(opd, f, "Kontrak", KTR_FIRST + 4, "KTR-07", "NPWP penyedia terpotong (8 digit)")
    ks[1][13] = 705_250_000
    plant(
        opd,
        f,
        "Kontrak",
        KTR_FIRST + 1,
        "KTR-05",
        "dibayar Rp705,25 juta melebihi nilai kontrak Rp690 juta",
    )
    write_xlsx(
        out / f, Sheet("Kontrak", kontrak_rows(opd, ks), money_cols=[10, 15, 16], first_data=7)
    )


# --- DPMPTSP -------------------------------------------------------------------------


def dpmptsp(out: Path) -> None:
    """DPMPTSP: retribusi deposits, misclassified laptop."""
    opd = "dpmptsp"
    layanan = ("2.18.01.2.02.0001", "Pelayanan Perizinan dan Non Perizinan")
    leaves = leaves_for(budget("2.18", 1, [(layanan, "5.1.02.02.01.0026", 144_000_000)]))
    make_bku_and_pajak(out, opd, "csv", "xlsx", 60_000_000, (6, 9))

    def extra(lines: list[list]) -> list[list]:
        # RLS-02: a laptop bought from the ATK account (becomes its own line)
        """Plant the realisasi case."""
        line = max((x for x in lines if x[5] == "5.1.02.01.01.0024"), key=lambda x: x[12])
        line[12] -= 8_750_000
        new = list(line)
        new[7] = line[7].replace("/TBP/", "/TBP-L/")
        new[12] = 8_750_000
        new[11] = "Pembelian laptop untuk loket pelayanan MPP"
        lines.insert(lines.index(line) + 1, new)
        for i, x in enumerate(lines):
            x[0] = i + 1
        plant(
            opd,
            f"{opd}/realisasi_per_dokumen_{YEAR}.xlsx",
            "Laporan",
            REAL_FIRST + lines.index(new),
            "RLS-02",
            "laptop Rp8,75 juta dibebankan ke akun ATK 5.1.02.01.01.0024",
        )
        return lines

    lra_and_realisasi(out, opd, leaves, "csv", "xlsx", extra_lines=extra)

    f = f"{opd}/penerimaan_retribusi_{YEAR}.xlsx"
    header = [
        "No",
        "Tgl Terima",
        "No SKRD",
        "Uraian",
        "Kode Rekening",
        "Jumlah (Rp)",
        "Tgl Setor",
        "No STS",
    ]
    kinds = [
        ("Retribusi Persetujuan Bangunan Gedung (PBG)", "4.1.02.03.01.0001", 750_000, 12_500_000),
        ("Retribusi Perpanjangan IMTA", "4.1.02.03.01.0002", 1_200_000, 4_800_000),
    ]
    lines = []
    for month in range(1, 13):
        for day in sorted(rng.sample([d for d in WORKDAYS if d.month == month and d.day < 30], 6)):
            ur, kode, lo, hi = kinds[0] if rng.random() < 0.8 else kinds[1]
            pemohon = rng.choice(
                [
                    "Sdr. Hendri",
                    "PT Agro Rejang",
                    "Ibu Sulastri",
                    "CV Kopi Kaba",
                    "Sdr. Rudi Hartono",
                    "Koperasi Tani Makmur",
                    "Sdri. Neli",
                ]
            )
            value = money(lo, hi, 5000)
            lines.append(
                [
                    day,
                    None,
                    f"{ur} a.n. {pemohon}",
                    kode,
                    f"Rp {idr(value)[:-3]}",
                    next_workday(day, 1) if rng.random() < 0.5 else day,
                    None,
                ]
            )
    for i, x in enumerate(lines):
        x[1] = f"SKRD/{i + 1:04d}/DPMPTSP/{YEAR}"
        x[6] = f"STS/{i + 1:04d}/DPMPTSP/{YEAR}"
    for month, lag in ((2, 5), (6, 9), (11, 4)):
        i = next(i for i, x in enumerate(lines) if x[0].month == month)
        lines[i][5] = next_workday(lines[i][0], lag)
        plant(
            opd,
            f,
            "Penerimaan",
            PNR_FIRST + i,
            "PNR-01",
            f"retribusi disetor {lag} hari kerja setelah diterima",
        )
    i = next(i for i, x in enumerate(lines) if x[0].month == 8)
    lines[i][5], lines[i][6] = None, None
    plant(
        opd,
        f,
        "Penerimaan",
        PNR_FIRST + i,
        "PNR-02",
        "retribusi PBG Agustus belum disetor (tanpa STS)",
    )
    for x in lines:
        x[0] = dmy(x[0])
        x[5] = dmy(x[5]) if x[5] else None
    write_xlsx(
        out / f,
        Sheet(
            "Penerimaan",
            penerimaan_rows(
                opd, "BUKU PENERIMAAN DAN PENYETORAN RETRIBUSI BENDAHARA PENERIMAAN", header, lines
            ),
        ),
    )


# --- Dinas Kesehatan -----------------------------------------------------------------


def dinkes(out: Path) -> None:
    """Dinas Kesehatan: travel, taxes, cash payment."""
    opd = "dinkes"
    gizi = ("1.02.02.2.02.0033", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat")
    leaves = leaves_for(budget("1.02", 2, [(gizi, "5.1.02.01.01.0029", 380_000_000)]))

    def mutate(lines: list[Spend]) -> dict[int, int]:
        """Plant the BKU case."""
        i = next(i for i, x in enumerate(lines) if x.date.month == 5 and x.keluar)
        x = lines[i]
        lines.insert(
            i + 1,
            Spend(
                x.date,
                f"{x.bukti}-A",
                x.kode,
                "Honor kader posyandu pekan imunisasi",
                0,
                7_250_000,
                "Tunai",
            ),
        )
        plant(
            opd,
            f"{opd}/bku_pengeluaran_{YEAR}.csv",
            "",
            BKU_FIRST + i + 1,
            "KAS-05",
            "honor kader Rp7,25 juta dibayar tunai, di atas batas Rp5 juta",
        )
        second_wave().name_plates(sys.modules[__name__], opd, lines)
        return {}

    def taxes(ts: list[Tax]) -> list[Tax]:
        """Plant the tax cases."""
        p, s = pick_tax(ts, 2, "PPN")
        s.date = dt.date(2025, 4, 15)
        tax_plant(
            ts,
            "PJK-02",
            "PPN pungutan Februari disetor 15/04; batas akhir Maret (libur Idul Fitri dan "
            "cuti bersama) bergeser ke 08/04",
            s,
            opd,
        )
        p2, s2 = pick_tax(ts, 7, "PPN")
        s2.ntpn = None
        tax_plant(ts, "PJK-03", "setoran PPN Juli tanpa NTPN", s2, opd)
        return ts

    make_bku_and_pajak(
        out, opd, "csv", "xlsx", 80_000_000, (7, 10), mutate=mutate, tax_mutate=taxes
    )
    lra_and_realisasi(out, opd, leaves, "xlsx", "xlsx")

    people = pegawai(8)
    lines = trips(opd, people, 60)
    f = f"{opd}/perjalanan_dinas_{YEAR}.xlsx"
    # PD-01: second trip of the same person overlapping the previous one
    i = next(i for i, x in enumerate(lines) if x[7].month >= 4 and x[9] == 3)
    base = lines[i]
    dup = list(base)
    dup[4] = base[4].replace("/SPT/", "/SPT-B/")
    dup[5] = "Kabupaten Lebong"
    dup[7] = base[7] + dt.timedelta(days=1)
    dup[8] = base[7] + dt.timedelta(days=2)
    dup[9], dup[10], dup[11], dup[12], dup[13] = 2, 760_000, 580_000, 1, 400_000
    dup[14] = 760_000 + 580_000 + 400_000
    lines.insert(i + 1, dup)
    plant(
        opd,
        f,
        "Perjadin",
        PD_FIRST + i + 1,
        "PD-01",
        f"{dup[0]} berangkat ke Lebong saat SPT sebelumnya (baris {PD_FIRST + i}) belum kembali",
    )
    luar = [
        k for k, x in enumerate(lines) if x[9] == 3 and x[3] == "Staf" and k != i + 1 and k != i
    ]
    k = luar[0]
    lines[k][10] = 450_000 * 3
    lines[k][14] = lines[k][10] + lines[k][11] + lines[k][13]
    plant(
        opd,
        f,
        "Perjadin",
        PD_FIRST + k,
        "PD-03",
        "uang harian Rp450.000/hari, standar luar kota Bengkulu Rp380.000",
    )
    k = luar[1]
    lines[k][11] = 2 * 950_000
    lines[k][14] = lines[k][10] + lines[k][11] + lines[k][13]
    plant(
        opd,
        f,
        "Perjadin",
        PD_FIRST + k,
        "PD-04",
        "penginapan Rp950.000/malam untuk golongan III/II, batas Rp692.000",
    )
    k = luar[2]
    lines[k][9] = 4
    lines[k][10] = 380_000 * 3
    plant(opd, f, "Perjadin", PD_FIRST + k, "PD-02", "lama ditulis 4 hari untuk perjalanan 3 hari")
    k = luar[3]
    lines[k][14] += 100_000
    plant(opd, f, "Perjadin", PD_FIRST + k, "PD-05", "jumlah Rp100.000 lebih besar dari rincian")
    write_xlsx(
        out / f,
        Sheet("Perjadin", perjadin_rows(opd, lines), money_cols=[12, 13, 15, 16], first_data=7),
    )


# --- Dinas Perpustakaan dan Kearsipan (clean books) ----------------------------------


def dispusip(out: Path) -> None:
    """Dinas Perpustakaan dan Kearsipan: clean books."""
    opd = "dispusip"
    umum = subs("2.23")[2]
    leaves = leaves_for(
        budget(
            "2.23",
            1,
            [
                (umum, "5.2.02.10.01.0002", 48_000_000),
                (umum, "5.2.02.05.01.0005", 36_000_000),
            ],
        )
    )
    make_bku_and_pajak(out, opd, "xlsx", "csv", 50_000_000, (5, 8))
    lra_and_realisasi(out, opd, leaves, "ods", "xlsx")
    modal = {leaf.kode: leaf.realisasi for leaf in leaves if leaf.kode.startswith("5.2")}
    kib_b = [
        [
            "1.3.2.02.01.01.004",
            "Minibus",
            "0001",
            "Toyota Avanza",
            2018,
            "-",
            "MHKM1BA2",
            "1NR-9921",
            plate(),
            bpkb(),
            "Pembelian",
            215_000_000,
            "B",
            None,
        ],
        [
            "1.3.2.02.01.05.001",
            "Sepeda Motor",
            "0001",
            "Honda Vario",
            2020,
            "-",
            "MH1JM21",
            "JM-2213",
            plate(),
            bpkb(),
            "Pembelian",
            21_500_000,
            "B",
            None,
        ],
        [
            "1.3.2.05.01.04.001",
            "Rak Buku Besi",
            "0001",
            "Lion",
            2016,
            None,
            None,
            None,
            None,
            None,
            "Pembelian",
            3_750_000,
            "B",
            None,
        ],
    ]
    for kode, nama, merk, n in (
        ("5.2.02.10.01.0002", "Personal Computer", "HP ProDesk 400", 4),
        ("5.2.02.05.01.0005", "Rak Buku Besi", "Lion Dobel", 6),
    ):
        total = modal[kode]
        each = total // n // 1000 * 1000
        for i in range(n):
            value = each if i < n - 1 else total - each * (n - 1)
            kb = "1.3.2.10.01.01.001" if "Computer" in nama else "1.3.2.05.01.04.001"
            kib_b.append(
                [
                    kb,
                    nama,
                    f"{i + 2:04d}",
                    merk,
                    2025,
                    None,
                    None,
                    None,
                    None,
                    None,
                    "Pembelian",
                    value,
                    "B",
                    None,
                ]
            )
    write_xlsx(
        out / opd / f"kib_{YEAR}.xlsx",
        kib_sheet(
            opd,
            "KIB B",
            "KARTU INVENTARIS BARANG (KIB) B PERALATAN DAN MESIN",
            KIB_B_HEADER,
            kib_b,
            "Harga",
        ),
    )
    people = pegawai(5)
    rows = perjadin_rows(opd, trips(opd, people, 25))
    write_csv(
        out / opd / f"perjalanan_dinas_{YEAR}.csv",
        [
            [
                float(v) if isinstance(v, int) and c in (11, 12, 14, 15) and r >= 6 else v
                for c, v in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ],
    )


# --- follow-up matrices of BPK recommendations (tindak lanjut) ------------------------
# No random numbers here: the other files stay byte-for-byte as they were.

TL_FILE = "tindak_lanjut_bpk.xlsx"
LHP_2024 = ("25.C/LHP/XVIII.BKL/05/2024", dt.date(2024, 5, 20))
LHP_2025 = ("18.C/LHP/XVIII.BKL/05/2025", dt.date(2025, 5, 23))
LHP_KINERJA = ("45/LHP/XVIII.BKL/11/2025", dt.date(2025, 11, 14))
TL_DAYS = 60  # UU 15/2004 ps. 20 ayat (3)


@dataclass
class Rec:
    """One recommendation row of a follow-up matrix and what it plants."""

    finding: tuple[str, str, str] | None  # (no, BPK code, title); None: same as the row above
    code: str
    text: str
    status: str
    nilai: float | None = None
    setor: float | None = None
    tl: str | None = None
    rules: tuple[str, ...] = ()  # TL rules planted on this row
    repeated_by: tuple[str, ...] = ()  # planted findings of the OPD with this BPK code


@dataclass
class Lhp:
    """One LHP of a follow-up matrix with its recommendations."""

    nomor: str
    tanggal: dt.date
    recs: list[Rec]


REPEATS: list[tuple[str, str, int, str, tuple[str, ...]]] = []


def sisa(rec: Rec) -> float | None:
    """Money still to be deposited."""
    return None if rec.nilai is None else rec.nilai - (rec.setor or 0)


def tl_sums(recs: list[Rec]) -> tuple[float, float, float]:
    """Totals of the amount, the deposits and the remainder (the Jumlah row)."""
    return (
        sum(r.nilai or 0 for r in recs),
        sum(r.setor or 0 for r in recs),
        sum(sisa(r) or 0 for r in recs),
    )


def tl_plant(opd: str, sheet: str, row: int, lhp: Lhp, rec: Rec, code: str) -> None:
    """Record the TL rules and the repeat findings planted on one matrix row."""
    f = f"{opd}/{TL_FILE}"
    due = lhp.tanggal + dt.timedelta(days=TL_DAYS)
    why = {
        "TL-01": f"rekomendasi {rec.code} LHP {lhp.nomor} ({dmy(lhp.tanggal)}) masih "
        f"{rec.status.lower()}, batas 60 hari {dmy(due)}",
        "TL-02": f"sisa Rp{idr(sisa(rec) or 0)} dari Rp{idr(rec.nilai or 0)} belum disetor",
    }
    for rule in rec.rules:
        plant(opd, f, sheet, row, rule, why[rule])
    if rec.repeated_by:
        REPEATS.append((f, sheet, row, code, rec.repeated_by))


def tl_title(opd: str) -> list[list]:
    """Title block of a follow-up matrix."""
    return [
        [TITLE],
        ["MATRIKS PEMANTAUAN TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK RI"],
        [skpd_line(opd)],
        [f"POSISI 30 DESEMBER {YEAR}"],
        [],
    ]


TL_SIPTL_HEADER = [
    ["No", "LHP", None, "Temuan", None, None, "Rekomendasi", None, None, "Tindak Lanjut", None,
     "Status", "Sisa (Rp)", "Batas Waktu"],
    [None, "Nomor", "Tanggal", "No", "Kode", "Uraian", "Kode", "Uraian", "Nilai (Rp)", "Uraian",
     "Nilai (Rp)"],
]  # fmt: skip
TL_SIPTL_MERGES = ["A6:A7", "B6:C6", "D6:F6", "G6:I6", "J6:K6", "L6:L7", "M6:M7", "N6:N7"]


def tl_groups(recs: list[Rec], first: int) -> list[tuple[int, int]]:
    """(first row, last row) of each finding with its recommendations (merged cells)."""
    starts = [first + i for i, r in enumerate(recs) if r.finding is not None]
    ends = [s - 1 for s in starts[1:]] + [first + len(recs) - 1]
    return list(zip(starts, ends, strict=True))


def tl_siptl(out: Path, opd: str, lhps: list[Lhp]) -> None:
    """Layout 1: SIPTL-style matrix, merged two-row header, LHP/finding cells merged down."""
    sheet, rows, merges = "Matriks TL", [*tl_title(opd), *TL_SIPTL_HEADER], list(TL_SIPTL_MERGES)
    rows.append(list(range(1, 15)))
    n = 0
    for lhp in lhps:
        first = len(rows) + 1
        code = ""
        for i, rec in enumerate(lhp.recs):
            n += 1
            top = i == 0
            no, code, title = rec.finding or ("", code, "")
            rows.append([n, lhp.nomor if top else None, lhp.tanggal if top else None,
                         *((no, code, title) if rec.finding else (None, None, None)),
                         rec.code, rec.text, rec.nilai, rec.tl, rec.setor, rec.status, sisa(rec),
                         lhp.tanggal + dt.timedelta(days=TL_DAYS) if top else None])  # fmt: skip
            tl_plant(opd, sheet, len(rows), lhp, rec, code)
        last = len(rows)
        merges += [f"{c}{first}:{c}{last}" for c in "BCN" if last > first]
        merges += [f"{c}{a}:{c}{b}" for a, b in tl_groups(lhp.recs, first) if b > a for c in "DEF"]
    nilai, setor, rest = tl_sums([r for lhp in lhps for r in lhp.recs])
    total = [None, "Jumlah", None, None, None, None, None, None, nilai, None, setor, None, rest]
    rows += [total, *signature(opd, 1, 9, 14, "30 Desember 2025")]
    write_xlsx(out / opd / TL_FILE,
               Sheet(sheet, rows, merges=merges, money_cols=[9, 11, 13], first_data=9))  # fmt: skip


TL_BLOCK_HEADER = ["No", "No Temuan", "Kode Temuan", "Uraian Temuan", "Kode Rekomendasi",
                   "Uraian Rekomendasi", "Nilai Temuan (Rp)", "Uraian Tindak Lanjut",
                   "Nilai yang Telah Ditindaklanjuti (Rp)", "Sisa (Rp)", "Status"]  # fmt: skip


def tl_heading(lhp: Lhp, split: bool) -> list[list]:
    """A block heading: one line, or `Nomor LHP :` and `Tanggal LHP :` lines."""
    date = f"{lhp.tanggal.day} {BULAN[lhp.tanggal.month - 1]} {lhp.tanggal.year}"
    if split:
        return [[f"Nomor LHP : {lhp.nomor}"], [f"Tanggal LHP : {date}"]]
    return [[f"LHP Nomor {lhp.nomor} Tanggal {date}"]]


def tl_block_line(rec: Rec, as_text: bool, code: str) -> list:
    """One recommendation row of a block (money as text `Rp 1.234,00` or numbers)."""

    def cash(v: float | None) -> object:
        return None if v is None else (f"Rp {idr(v)}" if as_text else v)

    no, code, title = rec.finding or ("", code, "")
    head = [no, code, title] if rec.finding else [None, None, None]
    return [*head, rec.code, rec.text, cash(rec.nilai), rec.tl, cash(rec.setor), cash(sisa(rec)),
            rec.status]  # fmt: skip


def tl_blocks(out: Path, opd: str, lhps: list[Lhp], repeat_header: bool, as_text: bool) -> None:
    """Layout 2: one LHP per block under a heading line; the first heading above the header."""
    sheet, width = "TLRHP", len(TL_BLOCK_HEADER)
    colnums = [list(range(1, width + 1))] if repeat_header else []
    rows = [*tl_title(opd)[:-1], *tl_heading(lhps[0], split=not repeat_header), TL_BLOCK_HEADER,
            *colnums]  # fmt: skip
    merges = [f"A{r}:K{r}" for r in range(5, len(rows) - len(colnums))]
    for b, lhp in enumerate(lhps):
        if b:
            rows += tl_heading(lhp, split=False)
            merges.append(f"A{len(rows)}:K{len(rows)}")
            rows += [TL_BLOCK_HEADER, *colnums] if repeat_header else []
        code = ""
        for i, rec in enumerate(lhp.recs):
            code = rec.finding[1] if rec.finding else code
            rows.append([i + 1, *tl_block_line(rec, as_text, code)])
            tl_plant(opd, sheet, len(rows), lhp, rec, code)
    nilai, setor, rest = tl_sums([r for lhp in lhps for r in lhp.recs])
    total = [None, "Jumlah", None, None, None, None, nilai, None, setor, rest, None]
    if as_text:
        total[6], total[8], total[9] = (f"Rp {idr(v)}" for v in (nilai, setor, rest))
    rows += [total, *signature(opd, 1, 8, width, "30 Desember 2025")]
    write_xlsx(out / opd / TL_FILE, Sheet(sheet, rows, merges=merges, money_cols=[7, 9, 10],
                                          first_data=7))  # fmt: skip


# fmt: off
TL_PUPRKP = [
    Lhp(*LHP_2024, [
        Rec(("1", "1.01.03", "Kekurangan volume pekerjaan peningkatan jalan Air Bang - Kayu Manis"),
            "01", "Memproses kelebihan pembayaran atas kekurangan volume dan menyetorkannya ke "
            "Kas Daerah", "Belum Sesuai", 187_450_000.0, 150_000_000.0,
            "Disetor rekanan dalam tiga kali angsuran (STS terlampir)", ("TL-01", "TL-02")),
        Rec(None, "05", "Memberikan sanksi kepada PPK dan PPTK yang lalai", "Sesuai",
            tl="SK teguran tertulis Kepala Dinas"),
        Rec(("2", "1.03.01", "Denda keterlambatan pekerjaan belum dikenakan"), "01",
            "Memungut denda keterlambatan dan menyetorkannya ke Kas Daerah", "Sesuai",
            24_300_000.0, 24_300_000.0, "Denda disetor penyedia", repeated_by=("KTR-03",)),
    ]),
    Lhp(*LHP_2025, [
        Rec(("1", "1.04.02", "Pekerjaan dilaksanakan mendahului kontrak"), "09",
            "Menginstruksikan PPK agar tidak memerintahkan pekerjaan sebelum kontrak "
            "ditandatangani", "Belum Ditindaklanjuti", rules=("TL-01",),
            repeated_by=("KTR-04",)),
        Rec(("2", "1.01.04", "Kelebihan pembayaran pekerjaan drainase perkotaan"), "01",
            "Menyetorkan kelebihan pembayaran ke Kas Daerah", "Sesuai", 56_812_345.67,
            56_812_345.67, "Disetor penyedia"),
        Rec(("3", "1.01.03", "Kekurangan volume pekerjaan gedung UPTD alat berat"), "01",
            "Memproses kekurangan volume dan menyetorkannya ke Kas Daerah", "Belum Sesuai",
            93_640_250.5, 40_000_000.0, "Angsuran pertama penyedia", ("TL-01", "TL-02")),
    ]),
]
TL_RSUD = [
    Lhp(*LHP_2024, [
        Rec(("1", "1.04.10", "Pendapatan BLUD terlambat disetor ke rekening BLUD"), "06",
            "Menginstruksikan bendahara penerimaan menyetor pendapatan paling lambat 1 hari kerja",
            "Sesuai", tl="Surat instruksi Direktur", repeated_by=("PNR-01",)),
        Rec(("2", "1.01.04", "Kelebihan pembayaran pengadaan alat kesehatan"), "01",
            "Menyetorkan kelebihan pembayaran ke kas BLUD", "Sesuai", 64_500_000.0,
            64_500_000.0, "Disetor penyedia", repeated_by=("KTR-05",)),
    ]),
    Lhp(*LHP_2025, [
        Rec(("1", "1.03.01", "Pajak yang dipungut belum disetor ke kas negara"), "01",
            "Menyetorkan pajak yang dipungut ke kas negara", "Belum Ditindaklanjuti",
            18_725_000.0, None, None, ("TL-01", "TL-02"), ("PJK-01",)),
        Rec(("2", "1.04.01", "Pengadaan obat tanpa kelengkapan dokumen penyedia"), "06",
            "Melengkapi dokumen penyedia (NPWP, faktur)", "Belum Sesuai",
            tl="Sebagian dokumen dilengkapi", rules=("TL-01",), repeated_by=("KTR-07",)),
    ]),
]
TL_DPMPTSP = [
    Lhp(*LHP_2024, [
        Rec(("1", "1.04.10", "Retribusi PBG terlambat disetor ke Kas Daerah"), "06",
            "Menginstruksikan bendahara penerimaan menyetor retribusi setiap hari kerja",
            "Sesuai", tl="Surat instruksi Kepala Dinas", repeated_by=("PNR-01",)),
        Rec(("2", "1.03.05", "Retribusi PBG dipungut lebih rendah dari tarif"), "01",
            "Menagih kekurangan retribusi", "Sesuai", 15_240_000.0, 15_240_000.0,
            "Kekurangan disetor wajib retribusi"),
    ]),
    Lhp(*LHP_2025, [
        Rec(("1", "1.03.01", "Retribusi yang diterima belum disetor ke Kas Daerah"), "01",
            "Menyetorkan retribusi yang belum disetor", "Belum Sesuai", 9_875_000.0,
            4_000_000.0, "Disetor sebagian", ("TL-01", "TL-02"), ("PNR-02",)),
        Rec(("2", "2.01.01", "Pencatatan belanja modal pada akun belanja barang"), "07",
            "Mereklasifikasi belanja dan memperbaiki pencatatan", "Belum Ditindaklanjuti",
            rules=("TL-01",), repeated_by=("RLS-02",)),
    ]),
]
TL_DINKES = [
    Lhp(*LHP_2024, [
        Rec(("1", "1.01.07", "Kelebihan pembayaran perjalanan dinas"), "01",
            "Memproses kelebihan pembayaran perjalanan dinas dan menyetorkannya ke Kas Daerah",
            "Belum Sesuai", 42_380_000.0, 30_000_000.0, "Disetor pegawai (angsuran)",
            ("TL-01", "TL-02")),
        Rec(("2", "1.04.10", "Pajak terlambat disetor ke kas negara"), "06",
            "Menginstruksikan bendahara menyetor pajak tepat waktu", "Sesuai",
            tl="Surat instruksi Kepala Dinas", repeated_by=("PJK-02",)),
    ]),
    Lhp(*LHP_2025, [
        Rec(("1", "2.02.03", "Pembayaran tunai melebihi batas"), "09",
            "Menerapkan pembayaran non-tunai sesuai Perbup", "Belum Ditindaklanjuti",
            rules=("TL-01",), repeated_by=("KAS-05",)),
        Rec(("2", "1.01.07", "Kelebihan uang harian perjalanan dinas"), "01",
            "Menyetorkan kelebihan uang harian ke Kas Daerah", "Sesuai", 6_840_000.0,
            6_840_000.0, "Disetor pegawai", repeated_by=("PD-03",)),
        Rec(None, "01", "Menyetorkan kelebihan uang harian pegawai yang telah meninggal",
            "Tidak Dapat Ditindaklanjuti", 3_150_000.0, None, "Pegawai meninggal dunia",
            repeated_by=("PD-03",)),
    ]),
    Lhp(*LHP_KINERJA, [
        Rec(("1", "3.03.01", "Pemberian makanan tambahan balita tidak tepat sasaran"), "09",
            "Menyusun SOP penetapan sasaran PMT", "Belum Ditindaklanjuti"),
    ]),
]
# fmt: on


def tindak_lanjut(out: Path) -> None:
    """Follow-up matrices of the four focus OPDs: two SIPTL-style, two in LHP blocks."""
    tl_siptl(out, "puprkp", TL_PUPRKP)
    tl_siptl(out, "rsud_curup", TL_RSUD)
    tl_blocks(out, "dpmptsp", TL_DPMPTSP, repeat_header=True, as_text=False)
    tl_blocks(out, "dinkes", TL_DINKES, repeat_header=False, as_text=True)


# --- README --------------------------------------------------------------------------

README_HEAD = """# Sample exports (generated)

Generated by `python samples/generate.py` (seeded `random.Random(2025)`, byte-for-byte
reproducible; do not edit the files by hand). One year (2025) of exports of four focus
OPDs, one OPD with clean books and the regency secretariat (grants), laid out as the real
exports are (title block, `SKPD :` line, totals, signatures; merged two-row KIB headers;
text numbers and dates in the CSV files and the DPMPTSP retribusi register; the Dispusip
LRA as `.ods`). Each focus OPD also
has the follow-up matrix of BPK recommendations (`tindak_lanjut_bpk.xlsx`, LHPs of 2024 and
2025): PUPRKP and RSUD Curup in the SIPTL layout (merged two-row header, LHP and finding
cells merged down), DPMPTSP and Dinkes with one LHP per block under a heading line.

Second wave (issue 17; built by `second_wave.py` and its siblings `honor_lists.py`,
`honor_teams.py`, `registers.py`, `sp2d_register.py`, after the files above and from their
own seeded random stream): honor lists (`daftar_honor_tim_2025`: several teams with SK
numbers and months, golongan written `III/a`, `Penata (III/c)`, `IV/b` or blank for
non-ASN, per-meeting honoraria with `Tanggal Rapat`) for RSUD Curup, PUPRKP, Dispusip and
Dinkes (`.ods`); PUPRKP's payment register per contract (`pembayaran_kontrak_2025.xlsx`:
Uang Muka, Termin, Termin Akhir, Retensi, `Prestasi (%)`, contract numbers of its contract
list, one written `600 / 009 / SPK / PUPRKP / 2025`); SP2D registers
(`register_sp2d_2025.xlsx`, two-row header with a merged `Potongan` parent over PPh 21 |
PPh 22 | PPh 23 | PPh Ps 4(2) | PPN | IWP) for PUPRKP (LS rows naming `SPK No. …` in the
uraian), RSUD Curup (TU and TU Nihil) and Dispusip; a KIB B of Dinkes' vehicles
(`dinkes/kib_2025.xlsx`) and number plates in Dinkes' small BBM/servis BKU lines (text
only: no row, amount or balance changed). Dispusip's honor list and SP2D register hold
near misses and no finding: honor exactly at the rate, one person in exactly three teams
a month and twice in one team, a meeting on the first working day after a trip, a TU
settled on day 30, nets exactly gross − deductions, an LS of exactly Rp2.000.000 without
tax.

Issue 18 (built by `blud.py` and `grants_permits.py`, called last by `second_wave.py`,
drawing no random number): RSUD Curup's pharmacy stock report
(`laporan_persediaan_obat_2025.xlsx`: two-row header with merged `Saldo Awal` /
`Penerimaan` / `Pengeluaran` / `Saldo Akhir` parents each over `Jumlah` | `Nilai`, group
headings `A. OBAT` / `B. BMHP`, `Tgl Kedaluwarsa`) and receivables list
(`daftar_piutang_2025.xlsx`, per 31 Desember 2025: BPJS, asuransi, Jamkesda and pasien
umum, `Umur (hari)`, `Kolektibilitas`, `Penyisihan`); DPMPTSP's PBG permit register
(`register_izin_pbg_2025.xlsx`); the grant register of the regency secretariat
(`setda/register_hibah_2025.xlsx`, its only file: no other rule needs a document of
Setda); and Dispusip's stock report (`laporan_persediaan_2025.xlsx`), clean with near
misses: an item expiring exactly on the run's as-of date (31 Desember 2025), mutations
that add up exactly. Near misses elsewhere: an expired catheter with no stock left, a
receivable exactly 365 days old, provisions exactly at the rate, a grant paid on its
NPHD date, an LPJ on 10 January, a permit paid and issued the same day.

| folder | OPD |
|---|---|
| `puprkp/` | Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman |
| `rsud_curup/` | Rumah Sakit Umum Daerah Curup (BLUD) |
| `dpmptsp/` | Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu |
| `dinkes/` | Dinas Kesehatan |
| `dispusip/` | Dinas Perpustakaan dan Kearsipan — clean books, no finding expected |
| `setda/` | Sekretariat Daerah (register hibah dan bansos only) |

Main job: `rl-audit check samples/` run from the repository root, whose `rl-audit.yaml`
(the operator's config, in the working folder) names `samples/waivers.yaml`; or
`rl-audit check --config samples/rl-audit.yaml`, whose `waivers:` names the same file.
A config inside a checked folder is never used: the first command reports
`samples/rl-audit.yaml` as ignored. `samples/waivers.yaml` (hand-written, not
generated) accepts one finding, the cash payment of Dinas Kesehatan (KAS-05, bukti
`0038/BKU/DINKES/V/2025-A`, honor kader posyandu in a village without bank service),
shown as waived: it does not fail the run or lower the score.

## Planted findings

Every finding below is planted on purpose; `tests/test_samples.py` checks that each one
is reported (rule, file, row) and that `dispusip/` has no finding. Rows are Excel rows
(CSV: line numbers). Sheet is empty for CSV files.

| file | sheet | row | rule | why |
|---|---|---|---|---|
"""


REPEATS_HEAD = """
## Repeat findings (temuan berulang)

Recommendations of the follow-up matrices whose finding code equals the BPK code of
findings planted in the same OPD and whose text is about the finding's rule (names its
id, or the subject of its document kind and a word of its title):
`rl_audit.repeats.link_repeats` links every such finding to the matrix row
(`tests/test_samples.py` checks each link and that there is no other).

| matrix | sheet | row | kode temuan | findings repeating it |
|---|---|---|---|---|"""


def second_wave() -> ModuleType:
    """The second-wave builders (samples/second_wave.py and its siblings, issue 17)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import second_wave as wave

    return wave


def main(out: Path) -> None:
    """Generate every OPD's files and the README into `out`."""
    global rng
    rng = random.Random(2025)
    PLANTS.clear()
    REPEATS.clear()
    for make in (puprkp, rsud, dpmptsp, dinkes, dispusip, tindak_lanjut):
        make(out)
    second_wave().build(out, sys.modules[__name__])
    lines = [f"| {p.file} | {p.sheet} | {p.row} | {p.rule} | {p.why} |" for p in PLANTS]
    counts = {opd: sum(p.opd == opd for p in PLANTS) for opd in OPDS}
    lines += [
        "",
        "Planted cases per folder: " + ", ".join(f"`{k}/` {v}" for k, v in counts.items()),
        REPEATS_HEAD,
        *[
            f"| {f} | {sh} | {row} | {code} | {', '.join(rules)} |"
            for f, sh, row, code, rules in REPEATS
        ],
    ]
    (out / "README.md").write_text(README_HEAD + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
