"""`listed` (BBM-01): a key a left row names must be listed on the right side."""

from __future__ import annotations

import pytest

from rl_audit.checks import listed
from rl_audit.checks.base import NoData
from tests.checks.conftest import make_input

BKU_SIDE = {
    "kind": "bku",
    "key": "plate(uraian)",
    "describe": "uraian",
    "amount": "pengeluaran",
    "when": 'pengeluaran > 0 and has_word(uraian, ["bbm", "servis"])',
}
REALISASI_SIDE = {
    "kind": "realisasi",
    "key": "plate(keterangan)",
    "amount": "nilai_realisasi",
    "absent_blank": ["keterangan"],
}
RIGHT = {"kind": "kib", "key": "plate(nomor_polisi)", "reason": {"id": "tanpa", "en": "none"}}
OPTIONS = {"left": [BKU_SIDE, REALISASI_SIDE], "right": RIGHT}
KIB = [
    {"kode_barang": "1.3.2", "nama_barang": "Minibus", "harga": 1, "nomor_polisi": "BD-1234-AB"},
    {"kode_barang": "1.3.2", "nama_barang": "Laptop", "harga": 1, "nomor_polisi": None},
]


def bku(*lines: tuple[str, float]) -> list[dict]:
    """BKU rows of (uraian, pengeluaran in rupiah)."""
    return [
        {"tanggal": "2025-03-03", "uraian": u, "penerimaan": 0, "pengeluaran": p} for u, p in lines
    ]


def test_plates_folded_on_both_sides_and_unknown_plates_found() -> None:
    rows = bku(
        ("BBM mobil BD1234AB", 500),
        ("BBM mobil bd 1234 ab", 300),
        ("Servis motor BD 6571 CA", 250.5),
        ("BBM genset", 100),
        ("ATK BD 7777 XX", 50),
        ("Sewa ruang No 12 A BBM", 60),
    )
    hits = listed.run(make_input("bku", rows, OPTIONS, others={"kib": KIB}))
    assert list(hits["_idx"]) == [2]
    assert list(hits["_key"]) == ["BD6571CA"] and list(hits["_amount"]) == [25_050]
    assert list(hits["_text"]) == ["Servis motor BD 6571 CA"]
    assert hits.attrs["evaluated"] == 3  # the rows naming fuel and a plate


def test_realisasi_is_used_when_there_is_no_bku() -> None:
    rows = [
        {"kode_rekening": "5.1", "nomor_dokumen": "1", "tanggal_dokumen": "2025-03-01",
         "keterangan": "BD 9 ZZ", "nilai_realisasi": 10},
    ]  # fmt: skip
    hits = listed.run(make_input("realisasi", rows, OPTIONS, others={"kib": KIB}))
    assert list(hits["_key"]) == ["BD9ZZ"] and list(hits["_kind"]) == ["realisasi"]


def test_not_applicable_without_a_kib_or_without_plates() -> None:
    rows = bku(("BBM BD 1 A", 1))
    with pytest.raises(NoData, match="no kib document"):
        listed.run(make_input("bku", rows, OPTIONS))
    no_plates = [{**KIB[1]}]
    with pytest.raises(NoData, match="tanpa / none"):
        listed.run(make_input("bku", rows, OPTIONS, others={"kib": no_plates}))
