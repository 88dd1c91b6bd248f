"""The wording catalog: every user-facing sentence, in Indonesian and English.

Code refers to a message by key; `render` fills the template once. Reporters
never invent text, they show rendered messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

import pandas as pd

from rl_audit import yamlsafe
from rl_audit.formatting import number, rupiah, rupiah_sen

__all__ = [
    "CATALOG",
    "LABELS",
    "fill",
    "label",
    "labels",
    "number",
    "render",
    "rupiah",
    "rupiah_sen",
]

LANGS = ("id", "en")

CATALOG: dict[str, dict[str, str]] = {
    # --- reading files -------------------------------------------------------
    "file_not_found": {
        "id": "Berkas tidak ditemukan",
        "en": "File not found",
    },
    "file_too_large": {
        "id": "Berkas terlalu besar ({size_mb} MB; batas {limit_mb} MB)",
        "en": "File too large ({size_mb} MB; limit {limit_mb} MB)",
    },
    "file_empty": {
        "id": "Berkas kosong (0 byte atau tanpa sel berisi)",
        "en": "File is empty (0 bytes or no filled cell)",
    },
    "file_encrypted": {
        "id": "Berkas dilindungi kata sandi; simpan ulang tanpa kata sandi lalu periksa lagi",
        "en": "File is password-protected; save it again without a password and re-run",
    },
    "file_corrupt": {
        "id": "Berkas rusak atau terpotong, tidak dapat dibaca ({detail})",
        "en": "File is corrupt or truncated and cannot be read ({detail})",
    },
    "file_unsupported": {
        "id": "Bukan berkas lembar kerja yang dikenal ({detail})",
        "en": "Not a known spreadsheet file ({detail})",
    },
    "zip_bomb": {
        "id": "Berkas ditolak: isi terkompresi mencurigakan ({detail})",
        "en": "File rejected: suspicious compressed content ({detail})",
    },
    "csv_encoding": {
        "id": "Pengodean teks tidak dikenal; dibaca sebagai {encoding}",
        "en": "Unknown text encoding; read as {encoding}",
    },
    "csv_ragged": {
        "id": "Baris CSV memiliki {fields} kolom, kepala tabel {expected}: kemungkinan angka "
        "dengan koma ribuan tanpa tanda kutip terpecah; nilai baris ini tidak dapat dipercaya",
        "en": "CSV record has {fields} fields, header has {expected}: probably a number with "
        "unquoted thousands commas split over fields; this row's values cannot be trusted",
    },
    "xml_bomb": {
        "id": "Berkas ditolak: XML berisi deklarasi entitas (kemungkinan XML bomb)",
        "en": "File rejected: XML declares entities (possible XML bomb)",
    },
    "file_unreadable": {
        "id": "Berkas tidak dapat dibuka ({detail})",
        "en": "File cannot be opened ({detail})",
    },
    # --- the budget of one file's parse (rl_audit.ingest.isolate) ---------------
    "file_timeout": {
        "id": "Pembacaan berkas dihentikan: melebihi batas waktu {seconds} detik "
        "(limits.file_seconds); berkas lain tetap diperiksa",
        "en": "Reading stopped: the file exceeded the time budget of {seconds} s "
        "(limits.file_seconds); the other files are still checked",
    },
    "file_memory": {
        "id": "Pembacaan berkas dihentikan: melebihi batas memori {limit_mb} MB "
        "(limits.file_memory_mb); berkas lain tetap diperiksa",
        "en": "Reading stopped: the file exceeded the memory budget of {limit_mb} MB "
        "(limits.file_memory_mb); the other files are still checked",
    },
    "file_result_large": {
        "id": "Hasil pembacaan berkas melebihi batas {limit_mb} MB (limits.file_result_mb); "
        "berkas lain tetap diperiksa",
        "en": "The file's parsed content exceeded the budget of {limit_mb} MB "
        "(limits.file_result_mb); the other files are still checked",
    },
    "file_crashed": {
        "id": "Proses pembaca berkas berhenti tidak normal ({detail}); berkas lain tetap diperiksa",
        "en": "The file's reader process ended abnormally ({detail}); the other files are "
        "still checked",
    },
    "sheet_unreadable": {
        "id": "Sheet tidak dapat dibaca ({detail})",
        "en": "Sheet cannot be read ({detail})",
    },
    "sheet_too_large": {
        "id": "Sheet ditolak: jangkauan selnya melebihi batas ({detail}); periksa sel terisi "
        "yang jauh di luar tabel",
        "en": "Sheet rejected: its cell range exceeds the limits ({detail}); look for a filled "
        "cell far outside the table",
    },
    # --- understanding sheets -----------------------------------------------
    "sheet_empty": {
        "id": "Sheet kosong",
        "en": "Sheet is empty",
    },
    "sheet_no_table": {
        "id": "Tidak ditemukan tabel dengan kepala kolom yang dikenal",
        "en": "No table with recognisable column headers found",
    },
    "sheet_unknown_kind": {
        "id": "Bukan dokumen yang dikenal (paling mirip: {best}, keyakinan {confidence}); "
        "kolom wajib tidak ditemukan: {missing}",
        "en": "Not a known document (closest: {best}, confidence {confidence}); "
        "required columns not found: {missing}",
    },
    "kind_ambiguous": {
        "id": "Kepala tabel cocok untuk dua jenis dokumen ({first} dan {second}); dipilih {first}",
        "en": "Header fits two document kinds ({first} and {second}); {first} chosen",
    },
    "header_weak_match": {
        "id": "Jenis dokumen dikenali dari kepala kolom yang hanya mirip nama baku "
        "(keyakinan lebih rendah); periksa pemetaannya: {columns}",
        "en": "Document kind recognised from column headers that only resemble the listed "
        "names (lower confidence); check the mapping: {columns}",
    },
    "header_conflict": {
        "id": "Kolom {losers} ({loser_headers}) juga cocok sebagai {canonical}, yang sudah "
        "dipetakan dari kolom {winner} ({winner_header}); kolom {losers} disimpan sebagai "
        "kolom tambahan",
        "en": "Column {losers} ({loser_headers}) also fits {canonical}, already mapped from "
        "column {winner} ({winner_header}); column {losers} kept as an extra column",
    },
    "value_unparsed": {
        "id": "{count} nilai pada kolom {column} tidak dapat dibaca sebagai {type}: {listing}",
        "en": "{count} value(s) in column {column} cannot be read as {type}: {listing}",
    },
    "cell_value_at": {"id": "{value!r} di {cell}", "en": "{value!r} at {cell}"},
    "cells_more": {"id": "dan {count} lagi", "en": "and {count} more"},
    "value_ambiguous_locale": {
        "id": "Format angka kolom {column} ambigu (mis. {example!r} di {cell}); "
        "dibaca sebagai format {locale}",
        "en": "Number format of column {column} is ambiguous (e.g. {example!r} at {cell}); "
        "read as {locale} format",
    },
    "code_as_number": {
        "id": "Kolom {column} berisi kode yang disimpan sebagai angka "
        "(mis. {example!r} di {cell}); digit bisa hilang, simpan kode sebagai teks",
        "en": "Column {column} holds codes stored as numbers (e.g. {example!r} at {cell}); "
        "digits may be lost, store codes as text",
    },
    "money_in_footer": {
        "id": "Baris {row} di bawah tabel berisi angka tetapi dianggap catatan/tanda tangan",
        "en": "Row {row} below the table holds numbers but was taken as a footer/signature",
    },
    "opd_unregistered": {
        "id": "OPD {name} ({code}) tidak ada dalam daftar OPD konfigurasi",
        "en": "OPD {name} ({code}) is not in the configured OPD registry",
    },
    "opd_unknown": {
        "id": "OPD tidak dapat dikenali dari judul, kolom, maupun nama berkas; gunakan --opd",
        "en": "OPD could not be identified from title, columns or file name; use --opd",
    },
    # --- configs and waivers files inside the inputs (never obeyed) ----------
    "config_ignored": {
        "id": "Konfigurasi di dalam folder input diabaikan (konfigurasi dipilih dengan "
        "--config atau ./rl-audit.yaml, tidak diambil dari input); pakai --config {file} "
        "bila memang ingin memakainya",
        "en": "Config inside an input folder ignored (a config is chosen with --config or "
        "./rl-audit.yaml, never taken from the inputs); pass --config {file} to use it",
    },
    "waivers_ignored": {
        "id": "Berkas pengecualian di dalam folder input diabaikan: hanya berkas yang disebut "
        "'waivers:' pada konfigurasi terpilih yang dibaca",
        "en": "Waivers file inside an input folder ignored: only the file named by "
        "'waivers:' of the chosen config is read",
    },
    # --- the account code tree of a budget sheet (subtotals not checked) --------
}


# Labels of the report views (inspect, check), per language.
LABELS = {
    "id": {
        "kind": "Jenis dokumen",
        "confidence": "keyakinan",
        "opd": "OPD",
        "header": "Baris kepala",
        "rows": "Baris data",
        "special": "Baris khusus",
        "mapping": "Pemetaan kolom",
        "unmapped": "(tambahan)",
        "unknown": "tidak dikenal",
        "issues": "Catatan",
        "none": "-",
        "column": "Kolom",
        "text": "Teks kepala",
        "canonical": "Kolom baku",
        "unregistered": "tidak terdaftar",
        "row": "baris",
        "more": "lagi (lihat --format json)",
        "at_risk": "nilai berisiko",
        "more_findings": "temuan lagi (lihat --format json)",
        "rule_error": "aturan tidak dapat dijalankan",
        "match": "Cocok",
        "match_exact": "persis",
        "match_contained": "memuat",
        "match_synonym": "sinonim",
        "match_config": "konfigurasi",
        "sections": "Bagian OPD",
        "sections_opd": "{count} OPD (lembar gabungan)",
        "rows_span": "baris {first}–{last}",
    },
    "en": {
        "kind": "Document kind",
        "confidence": "confidence",
        "opd": "OPD",
        "header": "Header rows",
        "rows": "Data rows",
        "special": "Special rows",
        "mapping": "Column mapping",
        "unmapped": "(extra)",
        "unknown": "unknown",
        "issues": "Notes",
        "none": "-",
        "column": "Column",
        "text": "Header text",
        "canonical": "Canonical",
        "unregistered": "unregistered",
        "row": "row",
        "more": "more (see --format json)",
        "at_risk": "money at risk",
        "more_findings": "more findings (see --format json)",
        "rule_error": "rule could not run",
        "match": "Match",
        "match_exact": "exact",
        "match_contained": "contained",
        "match_synonym": "synonym",
        "match_config": "config",
        "sections": "OPD sections",
        "sections_opd": "{count} OPDs (consolidated sheet)",
        "rows_span": "rows {first}–{last}",
    },
}


# Row roles as shown to people.
ROLE_NAMES: dict[str, dict[str, str]] = {
    "id": {
        "data": "data",
        "opening": "saldo awal",
        "subtotal": "subtotal",
        "detail": "rincian",
        "total": "jumlah",
        "colnum": "nomor kolom",
        "heading": "judul blok",
        "page": "kepala/nomor halaman",
        "carry": "jumlah pindahan",
        "section": "awal bagian OPD",
        "footer": "catatan/tanda tangan",
    },
    "en": {
        "data": "data",
        "opening": "opening balance",
        "subtotal": "subtotal",
        "detail": "detail line",
        "total": "total",
        "colnum": "column numbers",
        "heading": "block heading",
        "page": "page header/number",
        "carry": "carried-over total",
        "section": "OPD section start",
        "footer": "footer/signature",
    },
}

# Words that stand in message parameters (value types, number locales).
WORDS: dict[str, dict[str, str]] = {
    "id": {
        "money": "uang",
        "number": "angka",
        "int": "bilangan bulat",
        "date": "tanggal",
        "code": "kode",
        "text": "teks",
        "us": "AS (1,234.56)",
        "id": "Indonesia (1.234,56)",
    },
    "en": {
        "money": "money",
        "number": "number",
        "int": "whole number",
        "date": "date",
        "code": "code",
        "text": "text",
        "us": "US (1,234.56)",
        "id": "Indonesian (1.234,56)",
    },
}
TRANSLATED_PARAMS = ("type", "locale")


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(key: str, lang: str = "id", **params: Any) -> str:
    """Render catalog entry `key` (else label `key`) in `lang`, filling `params`."""
    entry = CATALOG.get(key) or labels().get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["id"]
    words = WORDS.get(lang, WORDS["id"])
    for name in TRANSLATED_PARAMS:
        if isinstance(params.get(name), str):
            params[name] = words.get(params[name], params[name])
    if "listing" in template and "listing" not in params:
        params["listing"] = cell_listing(params, lang)
    return template.format_map(_Safe(params))


def cell_listing(params: Mapping[str, Any], lang: str) -> str:
    """`'1.2OO.000' di G9, 'satu juta' di G14 dan 3 lagi` from `cells`/`values`.

    Issues cached before cells were listed carry only `example`/`cell`.
    """
    cells = list(params.get("cells") or [params.get("cell", "?")])
    values = list(params.get("values") or [params.get("example", "")])
    pairs = zip(values, cells, strict=False)  # values: only the first few cells
    shown = [render("cell_value_at", lang, value=v, cell=c) for v, c in pairs]
    more = int(params.get("count", len(cells))) - len(shown)
    tail = " " + render("cells_more", lang, count=more) if more > 0 else ""
    return ", ".join(shown) + tail


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::(rp|date|int|pct|num))?\}")


@cache
def labels() -> dict[str, dict[str, str]]:
    """The report wording: every `data/labels/*.yaml` merged (a key lives in one file)."""
    merged: dict[str, dict[str, str]] = {}
    folder = files("rl_audit.data").joinpath("labels")
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".yaml"):
            loaded = yamlsafe.load_text(item.read_text(encoding="utf-8"), item.name).data or {}
            clash = sorted(set(loaded) & set(merged))
            if clash:
                raise ValueError(f"labels/{item.name}: duplicate keys {', '.join(clash)}")
            merged.update(loaded)
    return merged


def label(key: str, lang: str = "id", **params: Any) -> str:
    """Report wording `key` in `lang` (Indonesian when missing), `{name}`s filled."""
    entry = labels().get(key)
    if entry is None:
        return key
    return str(entry.get(lang) or entry["id"]).format_map(_Safe(params))


def _format(value: Any, fmt: str | None) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "-"
    if fmt == "rp":
        return rupiah(float(value))
    if fmt == "date" or isinstance(value, pd.Timestamp | date):
        return pd.Timestamp(value).strftime("%d/%m/%Y") if not pd.isna(value) else "-"
    if fmt == "int":
        return f"{int(value):,}".replace(",", ".")
    if fmt == "pct":
        return number(float(value), 1) + " %"
    if fmt == "num" or isinstance(value, float):
        return number(float(value))
    return str(value)


def fill(template: str, context: Mapping[str, Any]) -> str:
    """Fill `{name}` / `{name:rp|date|int|pct|num}` placeholders; unknown names stay.

    A value its format cannot show (`{uraian:rp}` on a text) is a ValueError naming it.
    """

    def one(match: re.Match[str]) -> str:
        name, fmt = match.group(1), match.group(2)
        if name not in context:
            return match.group(0)
        try:
            return _format(context[name], fmt)
        except (TypeError, ValueError, OverflowError) as err:
            shown = repr(context[name])[:60]
            raise ValueError(
                f"isian / placeholder {match.group(0)}: {shown} tidak dapat ditampilkan "
                f"sebagai / cannot be shown as {fmt}"
            ) from err

    return _PLACEHOLDER.sub(one, template)
