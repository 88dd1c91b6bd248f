from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from rl_audit.documents import OpdRef
from rl_audit.ingest.opd import (
    OpdEntry,
    Registry,
    default_registry,
    identify_opd,
    normalise,
    registry_from_config,
)
from rl_audit.messages import render

REALDATA = Path(__file__).resolve().parents[1] / "data" / "realdata" / "apbd-diy"
SIPD_CODE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")

DINKES = "1.02.0.00.0.00.01.0000"
RSUD = "1.02.0.00.0.00.02.0000"
PUPRKP = "1.03.1.04.0.00.01.0000"
DPMPTSP = "2.18.0.00.0.00.01.0000"
SETDA = "4.01.0.00.0.00.01.0000"
SETWAN = "4.02.0.00.0.00.01.0000"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


def entry_of(reg: Registry, code: str) -> OpdEntry:
    entry = reg.by_code(code)
    assert entry is not None
    return entry


def code_of(reg: Registry, text: str) -> str | None:
    entry = reg.match(text)
    return entry.code if entry else None


# --- the default registry ----------------------------------------------------


def test_default_registry_loads_with_unique_sipd_codes(reg: Registry) -> None:
    assert 30 <= len(reg) <= 50
    codes = [e.code for e in reg.entries]
    assert len(codes) == len(set(codes))
    assert all(SIPD_CODE.match(c) for c in codes), [c for c in codes if not SIPD_CODE.match(c)]
    assert all(e.name and e.short for e in reg.entries)
    assert default_registry() is reg  # cached


def test_default_registry_has_the_four_focus_opds(reg: Registry) -> None:
    assert {e.code: e.short for e in reg.focus} == {
        DINKES: "Dinkes",
        RSUD: "RSUD Curup",
        PUPRKP: "PUPRKP",
        DPMPTSP: "DPMPTSP",
    }


def test_default_registry_has_fifteen_kecamatan(reg: Registry) -> None:
    kecamatan = [e for e in reg.entries if e.code.startswith("7.01.")]
    assert len(kecamatan) == 15
    assert all(e.name.startswith("Kecamatan ") for e in kecamatan)


def test_every_spelling_of_every_opd_matches_that_opd(reg: Registry) -> None:
    for entry in reg.entries:
        for spelling in (entry.code, *entry.spellings()):
            assert code_of(reg, spelling) == entry.code, spelling


# --- normalising and matching --------------------------------------------------


def test_normalise() -> None:
    assert normalise("Dinas\xa0Penanaman  Modal & PTSP") == "dinas penanaman modal ptsp"
    assert normalise("Dinas Penanaman Modal dan PTSP") == "dinas penanaman modal ptsp"
    assert normalise("SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan.") == (
        "skpd 1.02.0.00.0.00.01.0000 dinas kesehatan"
    )
    assert normalise("1.01.01. - Kec.Curup_BKU") == "1.01.01 kec curup bku"


FOCUS_TEXTS = {
    DINKES: [
        "Dinas Kesehatan",
        "DINAS KESEHATAN KABUPATEN REJANG LEBONG",
        "Dinkes",
        "dinkes",
        DINKES,
        f"SKPD : {DINKES} Dinas Kesehatan",
    ],
    RSUD: [
        "Rumah Sakit Umum Daerah Curup",
        "RSUD Curup",
        "RSUD",
        "BLUD RSUD Curup",
        "rsud_curup",
        RSUD,
        f"SKPD : {RSUD} Rumah Sakit Umum Daerah Curup",
    ],
    PUPRKP: [
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "Dinas Pekerjaan Umum Penataan Ruang Perumahan & Kawasan Permukiman",
        "PUPRKP",
        "Dinas PUPR",
        "Dinas PU PRPKP",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        PUPRKP,
        f"SKPD : {PUPRKP} Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
    ],
    DPMPTSP: [
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "DPM PTSP",
        "DPM-PTSP",
        "Dinas Penanaman Modal dan PTSP",
        "Dinas Penanaman Modal & PTSP",
        DPMPTSP,
        f"SKPD : {DPMPTSP} Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ],
}
FOCUS_CASES = [(code, text) for code, texts in FOCUS_TEXTS.items() for text in texts]


@pytest.mark.parametrize(("code", "text"), FOCUS_CASES)
def test_focus_opd_matched_in_text(reg: Registry, code: str, text: str) -> None:
    assert code_of(reg, text) == code


@pytest.mark.parametrize(("code", "text"), FOCUS_CASES)
def test_focus_opd_from_cli(reg: Registry, code: str, text: str) -> None:
    name = entry_of(reg, code).name
    assert identify_opd(registry=reg, cli=text) == (OpdRef(code, name, True, "cli"), [])


@pytest.mark.parametrize(("code", "text"), FOCUS_CASES)
def test_focus_opd_from_nama_skpd_column(reg: Registry, code: str, text: str) -> None:
    column = pd.Series([text, text, None, "", "Dinas Sosial"])
    ref, issues = identify_opd(registry=reg, nama_skpd=column)
    assert (ref and ref.code, ref and ref.source, issues) == (code, "column", [])


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("inbox/puprkp/bku.xlsx", PUPRKP),
        ("exports/dinkes/bku_2025.xlsx", DINKES),
        ("RSUD_Curup_BKU.xlsx", RSUD),
        ("inbox/2025/DPM-PTSP/Januari/spj.xlsx", DPMPTSP),
        ("inbox/dinkes/RSUD Curup - BKU Januari.xlsx", RSUD),  # innermost first
    ],
)
def test_focus_opd_from_path(reg: Registry, path: str, code: str) -> None:
    ref, issues = identify_opd(registry=reg, path=Path(path))
    assert (ref and ref.code, ref and ref.source, issues) == (code, "path", [])


@pytest.mark.parametrize(
    ("title", "code"),
    [
        (f"BUKU KAS UMUM\nSKPD : {DINKES} Dinas Kesehatan\nTahun Anggaran 2025", DINKES),
        (f"Organisasi : {PUPRKP} Dinas PUPRKP", PUPRKP),
        ("LAPORAN REALISASI\nRSUD CURUP KABUPATEN REJANG LEBONG", RSUD),
        ("Satuan Kerja: DPMPTSP", DPMPTSP),
    ],
)
def test_opd_from_title(reg: Registry, title: str, code: str) -> None:
    ref, issues = identify_opd(registry=reg, title=title)
    assert (ref and ref.code, ref and ref.source, issues) == (code, "title", [])


@pytest.mark.parametrize(
    "preamble",
    [
        {"SKPD": f"{DPMPTSP} Dinas Penanaman Modal dan PTSP"},
        {"Kode SKPD": DPMPTSP, "Nama SKPD": "DPMPTSP"},
        {"Nama Organisasi": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"},
        {"Perangkat Daerah": "DPM-PTSP Kab. Rejang Lebong", "Tahun": "2025"},
        {"Unit Kerja:": "dpmptsp"},
    ],
)
def test_opd_from_preamble(reg: Registry, preamble: dict[str, str]) -> None:
    ref, issues = identify_opd(registry=reg, preamble=preamble)
    assert (ref and ref.code, ref and ref.source, issues) == (DPMPTSP, "title", [])


def test_registered_sub_unit_in_preamble_wins(reg: Registry) -> None:
    preamble = {"SKPD": f"{DINKES} Dinas Kesehatan", "Sub SKPD": "RSUD Curup"}
    ref, _ = identify_opd(registry=reg, preamble=preamble)
    assert ref and ref.code == RSUD


def test_columns_use_the_most_frequent_value(reg: Registry) -> None:
    kode = pd.Series([PUPRKP] * 3 + [DINKES] * 5 + [None])
    ref, _ = identify_opd(registry=reg, kode_skpd=kode)
    assert ref == OpdRef(DINKES, "Dinas Kesehatan", True, "column")


# --- confusable pairs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RSUD Curup", RSUD),
        ("Rumah Sakit Umum Daerah Curup Kabupaten Rejang Lebong", RSUD),
        ("Dinas Kesehatan", DINKES),
        ("Dinas Kesehatan - Rumah Sakit Umum Daerah Curup", RSUD),  # longest spelling
        ("Sekretariat DPRD", SETWAN),
        ("Sekretariat DPRD Kabupaten Rejang Lebong", SETWAN),
        ("Sekretariat Dewan Perwakilan Rakyat Daerah", SETWAN),
        ("Sekretariat Daerah", SETDA),
        ("SEKRETARIAT DAERAH KAB. REJANG LEBONG", SETDA),
        ("Kecamatan Curup", "7.01.0.00.0.00.04.0000"),
        ("Kecamatan Curup Tengah", "7.01.0.00.0.00.06.0000"),
        ("Kec. Curup Timur", "7.01.0.00.0.00.07.0000"),
        ("Dinas Pendidikan dan Kebudayaan", "1.01.2.22.0.00.01.0000"),
        ("Laporan keuangan", None),
        ("Curup", None),
    ],
)
def test_confusable_names(reg: Registry, text: str, code: str | None) -> None:
    assert code_of(reg, text) == code


def test_dinkes_never_matches_rsud_text(reg: Registry) -> None:
    for text in ["RSUD", "RSUD Curup", "UPTD RSUD Curup", "Rumah Sakit Umum Daerah"]:
        assert code_of(reg, text) == RSUD


# --- priority ------------------------------------------------------------------


def test_priority_cli_title_column_path(reg: Registry) -> None:
    sources = {
        "cli": "puprkp",
        "title": f"SKPD : {RSUD} RSUD Curup",
        "nama_skpd": pd.Series(["Dinas Kesehatan"]),
        "path": Path("inbox/dpmptsp/bku.xlsx"),
    }
    expected = [("cli", PUPRKP), ("title", RSUD), ("column", DINKES), ("path", DPMPTSP)]
    for key, (source, code) in zip(list(sources), expected, strict=True):
        ref, issues = identify_opd(registry=reg, **sources)
        assert (ref and ref.source, ref and ref.code, issues) == (source, code, [])
        del sources[key]


def test_preamble_beats_title_text(reg: Registry) -> None:
    ref, _ = identify_opd(registry=reg, preamble={"SKPD": "Dinkes"}, title="RSUD Curup")
    assert ref and ref.code == DINKES


def test_unregistered_in_file_beats_registered_path(reg: Registry) -> None:
    ref, issues = identify_opd(
        registry=reg, title="SKPD : Puskesmas Talang Rimbo", path=Path("dinkes/bku.xlsx")
    )
    assert ref == OpdRef("puskesmas-talang-rimbo", "Puskesmas Talang Rimbo", False, "title")
    assert issues[0].key == "opd_unregistered"


# --- unregistered and unknown ----------------------------------------------------


def read_preamble(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return {r[0]: r[1] for r in rows[:6] if len(r) > 1 and r[0] and r[0] != "No. Rekening"}


def test_sleman_dinkes_with_foreign_code_is_not_ours(reg: Registry) -> None:
    preamble = read_preamble(REALDATA / "3404_1477249605.csv")
    assert preamble["Kode Organisasi"] == "1.02.01.00"
    ref, issues = identify_opd(registry=reg, preamble=preamble, path=Path("dinkes/x.csv"))
    assert ref == OpdRef("1.02.01.00", "Dinas Kesehatan", registered=False, source="title")
    assert [i.key for i in issues] == ["opd_unregistered"]
    assert issues[0].params == {
        "code": "1.02.01.00",
        "name": "Dinas Kesehatan",
        "reason": "code_mismatch",
        "registered_code": DINKES,
        "registered_name": "Dinas Kesehatan",
    }
    assert "Dinas Kesehatan (1.02.01.00)" in render("opd_unregistered", **issues[0].params)


def test_code_then_name_with_dots_and_dash(reg: Registry) -> None:
    preamble = read_preamble(REALDATA / "2014_3403_1468467357.csv")
    ref, issues = identify_opd(registry=reg, preamble=preamble)
    assert ref == OpdRef("1.01.01", "Dinas Pendidikan, Pemuda dan Olahraga", False, "title")
    assert issues[0].params["reason"] == "not_in_registry"


@pytest.mark.parametrize(
    ("kwargs", "code", "name"),
    [
        ({"title": "SKPD : 1.02.01 - Dinas Kesehatan"}, "1.02.01", "Dinas Kesehatan"),
        (
            {"nama_skpd": pd.Series(["Dinas Kesehatan Kabupaten Sleman"])},
            "dinas-kesehatan-kabupaten-sleman",
            "Dinas Kesehatan Kabupaten Sleman",
        ),
        (
            {"preamble": {"Nama SKPD": "Rumah Sakit Umum Daerah Dr. M. Yunus"}},
            "rumah-sakit-umum-daerah-dr-m-yunus",
            "Rumah Sakit Umum Daerah Dr. M. Yunus",
        ),
        ({"cli": "Dinas Perkebunan"}, "dinas-perkebunan", "Dinas Perkebunan"),
        (
            {"kode_skpd": pd.Series(["9.99.0.00.0.00.01.0000"])},
            "9.99.0.00.0.00.01.0000",
            "9.99.0.00.0.00.01.0000",
        ),
    ],
)
def test_unregistered_opd_is_returned_with_an_issue(
    reg: Registry, kwargs: dict[str, object], code: str, name: str
) -> None:
    ref, issues = identify_opd(registry=reg, **kwargs)  # type: ignore[arg-type]
    assert ref is not None and (ref.code, ref.name, ref.registered) == (code, name, False)
    assert [(i.key, i.params["code"], i.params["name"]) for i in issues] == [
        ("opd_unregistered", code, name)
    ]


def test_registered_name_in_context_is_still_matched(reg: Registry) -> None:
    ref, issues = identify_opd(registry=reg, nama_skpd=pd.Series(["RSUD Curup (BLUD)"]))
    assert (ref and ref.code, issues) == (RSUD, [])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"title": "BUKU KAS UMUM\nTahun Anggaran 2025", "path": Path("inbox/2025/bku.xlsx")},
        {"preamble": {"SKPD": "-", "Tahun": "2025"}, "nama_skpd": pd.Series([None, ""])},
        {"cli": "  "},
    ],
)
def test_nothing_found_is_opd_unknown(reg: Registry, kwargs: dict[str, object]) -> None:
    ref, issues = identify_opd(registry=reg, **kwargs)  # type: ignore[arg-type]
    assert ref is None
    assert [i.key for i in issues] == ["opd_unknown"]


# --- project config ------------------------------------------------------------


def test_config_none_returns_base(reg: Registry) -> None:
    assert registry_from_config(None) is reg


def test_config_adds_and_replaces_entries(reg: Registry) -> None:
    new = registry_from_config(
        [
            {"code": DINKES, "aliases": ["Dinkes RL", "1.02.01.00"]},
            {
                "code": "1.02.0.00.0.00.01.0001",
                "name": "UPTD Puskesmas Curup",
                "short": "PKM Curup",
            },
            {"code": RSUD, "name": "RSUD Curup (BLUD)", "short": "RSUD", "focus": False},
        ]
    )
    assert len(new) == len(reg) + 1
    dinkes = new.by_code(DINKES)
    assert dinkes == OpdEntry(
        DINKES, "Dinas Kesehatan", "Dinkes", ("Dinkes RL", "1.02.01.00"), True
    )
    assert new.match("dinkes rl") == dinkes
    assert code_of(new, "UPTD Puskesmas Curup") == "1.02.0.00.0.00.01.0001"
    assert RSUD not in {e.code for e in new.focus}
    assert entry_of(reg, RSUD).focus  # the default registry is untouched
    # a code alias lets the auditor accept an old SIMDA code for a registered OPD
    ref, issues = identify_opd(
        registry=new, preamble={"Kode Organisasi": "1.02.01.00", "Nama Organisasi": "Dinkes"}
    )
    assert (ref and ref.code, ref and ref.registered, issues) == (DINKES, True, [])


def test_config_on_explicit_base() -> None:
    base = Registry([OpdEntry("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes")])
    new = registry_from_config([{"code": "2.18.0.00.0.00.01.0000", "name": "DPMPTSP"}], base)
    assert [e.short for e in new.entries] == ["Dinkes", "DPMPTSP"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("x", "opds: expected a list of OPDs, got str"),
        ([{"code": "9.01.0.00.0.00.01.0000", "name": "A"}, "B"], "opds[1]: expected a mapping"),
        ([{"name": "Dinas Baru"}], "opds[0]: missing 'code'"),
        ([{}, {}, {}, {"code": "9.01.0.00.0.00.01.0000"}], "opds[0]: missing 'code'"),
        ([{"code": "9.01.0.00.0.00.01.0000", "short": "X"}], "opds[0]: missing 'name'"),
        (
            [{"code": 1.02, "name": "X"}],
            "opds[0]: 'code' must be text, got 1.02 (quote it in YAML)",
        ),
        ([{"code": "dinkes", "name": "X"}], "opds[0]: 'code' 'dinkes' is not a code"),
        ([{"code": DINKES, "name": "  "}], "opds[0]: 'name' is empty"),
        ([{"code": DINKES, "nmae": "X"}], "opds[0]: unknown key 'nmae'"),
        ([{"code": DINKES, "aliases": "Dinkes"}], "opds[0]: 'aliases' must be a list"),
        ([{"code": DINKES, "focus": "yes"}], "opds[0]: 'focus' must be true or false"),
        (
            [
                {"code": "9.01.0.00.0.00.01.0000", "name": "A"},
                {"code": "9.01.0.00.0.00.01.0000.", "name": "B"},
            ],
            "opds[1]: code '9.01.0.00.0.00.01.0000' already given in opds[0]",
        ),
        (
            [{"code": "9.01.0.00.0.00.01.0000", "name": "Dinas X", "aliases": ["RSUD"]}],
            f"opds: 'RSUD' names both {RSUD} and 9.01.0.00.0.00.01.0000",
        ),
    ],
)
def test_config_rejects_bad_items(items: object, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        registry_from_config(items)  # type: ignore[arg-type]
    assert str(excinfo.value).startswith(message)


def test_registry_rejects_duplicate_codes() -> None:
    entry = OpdEntry(DINKES, "Dinas Kesehatan", "Dinkes")
    with pytest.raises(ValueError, match="duplicate OPD code"):
        Registry([entry, OpdEntry(DINKES + ".", "Dinas Lain", "Lain")])
    with pytest.raises(ValueError, match="names both"):
        Registry([entry, OpdEntry(RSUD, "RSUD", "dinkes")])
