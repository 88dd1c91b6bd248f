"""Which OPD a sheet belongs to: `identify_opd`, checked against an OPD registry.

The registry itself (`OpdEntry`, `Registry`, `default_registry`, `registry_from_config`)
lives in `rl_audit.catalog.opds` and is re-exported here.

Texts are compared after `normalise`. A registered code in a text wins, else the
longest registered spelling found as whole words. In a *field* that names the OPD
(`--opd`, preamble `SKPD`/`Kode Organisasi`, a `SKPD : ...` title line, the kode/nama
SKPD columns) an unregistered code, or words beyond a registered spelling and the
`CONTEXT_WORDS` (`Dinas Kesehatan Kabupaten Sleman`), make the OPD unregistered: another
regency's OPD is never merged silently into Rejang Lebong's (`reason: code_mismatch`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from rl_audit.catalog.opds import (
    CODE_RE,
    CONTEXT_WORDS,
    OpdEntry,
    Registry,
    clean_code,
    default_registry,
    is_code,
    normalise,
    registry_from_config,
)
from rl_audit.documents import Issue, OpdRef

__all__ = [
    "CODE_RE",
    "CONTEXT_WORDS",
    "Found",
    "OpdEntry",
    "Registry",
    "clean_code",
    "default_registry",
    "field_opd",
    "identify_opd",
    "is_code",
    "normalise",
    "registry_from_config",
    "slug",
    "tidy_name",
]

_FIELD = (
    r"(?:nama\s+|kode\s+)?(?:sub\s+)?(?:unit\s+)?"
    r"(?:skpd|skpa|opd|organisasi|satuan\s+kerja|satker|unit\s+kerja|perangkat\s+daerah|unit)"
)
_FIELD_KEY_RE = re.compile(rf"^{_FIELD}$")
_TITLE_FIELD_RE = re.compile(rf"\b{_FIELD}\s*[:=]\s*(?P<value>\S.*)$", re.IGNORECASE)
_NEXT_LABEL_RE = re.compile(  # from the start of a whitespace run only: linear time
    r"(?<!\s)\s+(?:tahun(?:\s+anggaran)?|bulan|periode|triwulan|semester|tanggal|tgl|hal(?:aman)?)\s*[:=]",
    re.IGNORECASE,
)

Found = tuple[OpdRef, list[Issue]]


def identify_opd(
    *,
    registry: Registry,
    cli: str | None = None,
    preamble: dict[str, str] | None = None,
    title: str = "",
    kode_skpd: pd.Series | None = None,
    nama_skpd: pd.Series | None = None,
    path: Path | None = None,
    fallback: str | None = None,
) -> tuple[OpdRef | None, list[Issue]]:
    """Identify a sheet's OPD: cli → preamble → title → kode/nama SKPD columns → path → fallback.

    The first source that names an OPD decides (`cli` forces one; `fallback` only
    names the OPD of a sheet that names none). An OPD named in the file but not
    registered (or with a code contradicting the registered one) comes back with
    `registered=False` and an `opd_unregistered` issue; when nothing names an OPD
    the result is `(None, [Issue("opd_unknown")])`.
    """
    sources: list[Callable[[], Found | None]] = [
        lambda: _from_field(registry, cli or "", "cli"),
        lambda: _from_preamble(registry, preamble or {}),
        lambda: _from_title(registry, title),
        lambda: _from_field(registry, f"{_mode(kode_skpd)} {_mode(nama_skpd)}", "column"),
        lambda: _from_path(registry, path),
        lambda: _from_field(registry, fallback or "", "cli"),
    ]
    for source in sources:
        found = source()
        if found is not None:
            return found
    return None, [Issue("opd_unknown")]


def field_opd(registry: Registry, value: str, source: str) -> Found | None:
    """The OPD a field value names (`1.02.… - Dinas Kesehatan`, a code, a name), as `source`.

    None when the value names nothing; see the module doc for unregistered OPDs.
    """
    return _from_field(registry, value, source)


def _registered(entry: OpdEntry, source: str) -> Found:
    return OpdRef(entry.code, entry.name, True, source, entry.short), []


def _from_field(registry: Registry, value: str, source: str) -> Found | None:
    """Read a value that names an OPD (`1.01.01. - Dinas Pendidikan`, a code, a name)."""
    codes = [clean_code(c) for c in CODE_RE.findall(value)]
    for code in codes:
        entry = registry.by_code(code)
        if entry is not None:
            return _registered(entry, source)
    name = tidy_name(CODE_RE.sub(" ", value))
    entry = registry.match(name) if name else None
    if entry is not None and registry.extra_words(name, entry):
        entry = None
    if entry is not None and not codes:
        return _registered(entry, source)
    if not codes and not name:
        return None
    code = codes[0] if codes else slug(name)
    params: dict[str, object] = {"code": code, "name": name or code, "reason": "not_in_registry"}
    if entry is not None:
        params.update(reason="code_mismatch", registered_code=entry.code)
        params["registered_name"] = entry.name
    ref = OpdRef(code=code, name=name or code, registered=False, source=source)
    return ref, [Issue("opd_unregistered", params=params)]


def tidy_name(text: str) -> str:
    """Tidy a name as written: single spaces, no dangling separators; "" without letters."""
    name = " ".join(str(text).replace("\xa0", " ").split()).strip(" -–—:;,|/.")
    return name if re.search(r"[^\W\d_]", name) else ""


def slug(name: str) -> str:
    """Make a code stand-in for an OPD known only by name: `dinas-kesehatan-sleman`."""
    return re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFKC", name).lower()).strip("-")


def _from_preamble(registry: Registry, preamble: Mapping[str, str]) -> Found | None:
    """Read the preamble's code and name fields together; a registered sub unit wins."""
    groups: dict[bool, dict[bool, str]] = {False: {}, True: {}}  # sub? -> code? -> value
    for key, value in preamble.items():
        k = normalise(key)
        if _FIELD_KEY_RE.match(k) and str(value or "").strip():
            groups[k.startswith(("sub ", "nama sub ", "kode sub "))].setdefault(
                k.startswith("kode "), str(value)
            )
    main, sub = (
        _from_field(registry, f"{g.get(True, '')} {g.get(False, '')}", "title")
        for g in (groups[False], groups[True])
    )
    if sub is not None and sub[0].registered:
        return sub
    return main or sub


def _from_title(registry: Registry, title: str) -> Found | None:
    """Read a labelled title line (`SKPD : ...`) first, else a registered name anywhere."""
    for line in str(title).splitlines():
        m = _TITLE_FIELD_RE.search(line)
        value = _NEXT_LABEL_RE.split(m["value"])[0] if m else ""
        found = _from_field(registry, value, "title") if m else None
        if found is not None:
            return found
    entry = registry.match(title) if title else None
    return _registered(entry, "title") if entry is not None else None


def _mode(series: pd.Series | None) -> str:
    """Return the most frequent non-empty text of a column ("" when none)."""
    if series is None:
        return ""
    values = series.dropna().astype(str).str.strip()
    counts = values[values != ""].value_counts()
    return str(counts.index[0]) if len(counts) else ""


def _from_path(registry: Registry, path: Path | None) -> Found | None:
    """Find the innermost file or folder name that names a registered OPD."""
    if path is None:
        return None
    parts = [Path(path).stem, *(p.name for p in Path(path).parents)]
    for part in filter(None, parts):
        entry = registry.match(part)
        if entry is not None:
            return _registered(entry, "path")
    return None
