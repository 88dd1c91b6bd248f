"""The population to sample: one item per data row of a document kind, per OPD.

An item is a transaction row of a recognised document (row role `data`) with a
positive amount in its amount column (`pengeluaran` for the BKU: its spending rows),
located exactly: file, sheet, Excel row and the amount's cell. Amounts are sen (int).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from rl_audit.documents import ROW, Document, InputFile

AMOUNT_COLUMNS = {  # document kind -> the column sampled by default
    "bku": "pengeluaran",
    "realisasi": "nilai_realisasi",
    "kontrak": "nilai_kontrak",
    "pembayaran": "nilai_bruto",
    "sp2d": "nilai_bruto",
    "perjadin": "jumlah",
    "honor": "bruto",
    "penerimaan": "jumlah",
    "pajak": "pungut",
    "kib": "harga",
}
KEY_COLUMNS = {  # key shown on the paper -> the document columns that can hold it, in order
    "tanggal": ("tanggal", "tanggal_dokumen", "tanggal_sp2d", "tanggal_kontrak", "tgl_berangkat"),
    "no_bukti": ("no_bukti", "nomor_dokumen", "nomor_sp2d", "nomor_kontrak", "no_spt"),
    "uraian": ("uraian", "keterangan", "nama_paket", "nama_barang", "nama"),
}


@dataclass(frozen=True)
class Item:
    """One sampling unit: a document row, where it is, and its amount in sen."""

    file: str
    sheet: str
    row: int  # Excel row
    cell: str  # the amount's cell, e.g. G14
    amount: int  # sen, > 0
    tanggal: str = ""
    no_bukti: str = ""
    uraian: str = ""

    @property
    def place(self) -> tuple[str, str, int]:
        """Where the item is: (file, sheet, Excel row), the population's order."""
        return (self.file, self.sheet, self.row)


@dataclass
class Population:
    """The items of one OPD for one document kind, in file/sheet/row order."""

    opd_code: str
    opd_name: str
    document: str
    amount_column: str
    items: list[Item]

    @property
    def value(self) -> int:
        """The population's value in sen."""
        return sum(item.amount for item in self.items)


def amount_column(document: str, given: str | None) -> str | None:
    """The column sampled: the one given, else the kind's default (None when it has none)."""
    return given or AMOUNT_COLUMNS.get(document)


def populations(
    inputs: list[InputFile], document: str, column: str, opds: Iterable[str] = ()
) -> list[Population]:
    """One population per OPD holding `document` documents (only the `opds` codes when given)."""
    wanted = set(opds)
    found: dict[str, Population] = {}
    for doc in (d for f in inputs for d in f.documents() if d.kind == document):
        code = doc.opd.code if doc.opd else ""
        if wanted and code not in wanted:
            continue
        name = doc.opd.label if doc.opd else ""
        pop = found.setdefault(code, Population(code, name, document, column, []))
        pop.items.extend(doc_items(doc, column))
    for pop in found.values():
        pop.items.sort(key=lambda item: item.place)
    return [found[code] for code in sorted(found)]


def doc_items(doc: Document, column: str) -> list[Item]:
    """The items of one document: data rows with a positive amount in `column`."""
    letter = doc.columns.get(column)
    if letter is None:
        return []
    data = doc.data()
    keys = {
        key: next((c for c in names if c in data.columns), None)
        for key, names in KEY_COLUMNS.items()
    }
    out = []
    for _, row in data.iterrows():
        amount = row[column]
        if pd.isna(amount) or int(amount) <= 0:
            continue
        excel_row = int(row[ROW])
        texts = {key: _text(row[c]) if c else "" for key, c in keys.items()}
        out.append(
            Item(doc.file, doc.sheet, excel_row, f"{letter}{excel_row}", int(amount), **texts)
        )
    return out


def _text(value: object) -> str:
    """A key cell as text: dates as YYYY-MM-DD, missing as empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value).strip()
