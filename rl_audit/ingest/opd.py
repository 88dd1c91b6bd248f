"""Which OPD a sheet belongs to: the OPD registry and `identify_opd`.

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from rl_audit.documents import Issue, OpdRef

_CODE = r"\d{1,2}(?:\.\d{1,4}){1,7}"
CODE_RE = re.compile(rf"(?<![\w.])({_CODE})\.?(?!\w)")
_FULL_CODE_RE = re.compile(rf"^{_CODE}\.?$")
_FIELD = (
    r"(?:nama\s+|kode\s+)?(?:sub\s+)?(?:unit\s+)?"
    r"(?:skpd|skpa|opd|organisasi|satuan\s+kerja|satker|unit\s+kerja|perangkat\s+daerah)"
)
_FIELD_KEY_RE = re.compile(rf"^{_FIELD}$")
_TITLE_FIELD_RE = re.compile(rf"\b{_FIELD}\s*[:=]\s*(?P<value>\S.*)$", re.IGNORECASE)
_NEXT_LABEL_RE = re.compile(
    r"\s+(?:tahun(?:\s+anggaran)?|bulan|periode|triwulan|semester|tanggal|tgl|hal(?:aman)?)\s*[:=]",
    re.IGNORECASE,
)
_CONFIG_KEYS = ("code", "name", "short", "aliases", "focus")
CONTEXT_WORDS = frozenset(
    {"pemerintah", "pemkab", "kabupaten", "kab", "provinsi", "prov", "bengkulu", "rejang"}
    | {"lebong", "rl", "tahun", "anggaran", "ta", "blud", "skpd", "opd"}
)

Found = tuple[OpdRef, list[Issue]]


@dataclass(frozen=True)
class OpdEntry:
    """One OPD of the registry: SIPD kode SKPD, official name, short name, aliases."""

    code: str
    name: str
    short: str
    aliases: tuple[str, ...] = ()
    focus: bool = False

    def spellings(self) -> tuple[str, ...]:
        """Return every text form that names this OPD: name, short name and aliases."""
        return (self.name, self.short, *self.aliases)


def normalise(text: str) -> str:
    """Lowercase `text`; NBSP, punctuation, "&" and "dan" to spaces; keep dots in codes."""
    t = unicodedata.normalize("NFKC", str(text)).replace("\xa0", " ").lower()
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)
    t = re.sub(r"[^\w.]+|_", " ", t)
    t = re.sub(r"\bdan\b", " ", t)
    return " ".join(t.split())


def clean_code(code: str) -> str:
    """Return `code` as compared: stripped, without a trailing dot."""
    return str(code).strip().rstrip(".").strip()


def is_code(text: str) -> bool:
    """Tell whether `text` is a dotted numeric code (`1.02.0.00.0.00.01.0000`, `1.02.01.`)."""
    return bool(_FULL_CODE_RE.match(str(text).strip()))


class Registry:
    """The configured OPDs, indexed by code (and code aliases) and by normalised spelling."""

    def __init__(self, entries: Iterable[OpdEntry]) -> None:
        """Index `entries`; raise ValueError on a duplicate code or a shared spelling."""
        self.entries: tuple[OpdEntry, ...] = tuple(entries)
        self._codes: dict[str, OpdEntry] = {}
        self._names: dict[str, OpdEntry] = {}
        for entry in self.entries:
            if clean_code(entry.code) in self._codes:
                raise ValueError(f"duplicate OPD code {entry.code!r}")
            for spelling in (entry.code, *entry.spellings()):
                code = is_code(spelling)
                table = self._codes if code else self._names
                key = clean_code(spelling) if code else normalise(spelling)
                other = table.setdefault(key, entry) if key else entry
                if other.code != entry.code:
                    raise ValueError(f"{spelling!r} names both {other.code} and {entry.code}")

    def __len__(self) -> int:
        """Return the number of OPDs."""
        return len(self.entries)

    @property
    def focus(self) -> tuple[OpdEntry, ...]:
        """Return the OPDs marked `focus: true`."""
        return tuple(e for e in self.entries if e.focus)

    def by_code(self, code: str) -> OpdEntry | None:
        """Return the OPD whose code (or code alias) is `code`, trailing dot ignored."""
        return self._codes.get(clean_code(code))

    def match(self, text: str) -> OpdEntry | None:
        """Return the OPD named in free text: a registered code, else the longest spelling."""
        for code in CODE_RE.findall(str(text)):
            entry = self.by_code(code)
            if entry is not None:
                return entry
        padded = f" {normalise(text)} "
        best: tuple[int, int] | None = None
        found: OpdEntry | None = None
        for key, entry in self._names.items():
            pos = padded.find(f" {key} ")
            if pos >= 0 and (best is None or (len(key), -pos) > best):
                best, found = (len(key), -pos), entry
        return found

    def extra_words(self, text: str, entry: OpdEntry) -> list[str]:
        """Return the words of `text` left once `entry`'s spellings and context words go.

        Context words name the regency or the year (`Kabupaten Rejang Lebong`, `Tahun
        Anggaran 2025`, `BLUD`); any other word left means the text names another OPD
        that merely contains a registered name.
        """
        padded = f" {normalise(text)} "
        keys = sorted((k for k, e in self._names.items() if e is entry), key=len, reverse=True)
        for key in keys:
            padded = padded.replace(f" {key} ", "  ")
        return [w for w in padded.split() if w not in CONTEXT_WORDS and not w[0].isdigit()]


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Load the shipped registry `rl_audit/data/opds.yaml` (read as package data)."""
    text = resources.files("rl_audit").joinpath("data/opds.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    items = data.get("opds")
    if not isinstance(items, list):
        raise ValueError("opds.yaml: expected a list under 'opds'")
    return Registry(_entry(item, None, f"opds.yaml[{i}]") for i, item in enumerate(items))


def registry_from_config(
    items: list[dict[str, object]] | None, base: Registry | None = None
) -> Registry:
    """Merge the project config's `opds:` list into `base` (default: the shipped registry).

    An item whose code is already registered replaces the fields it gives; an item
    with a new code is added (it needs `name`). Bad items raise ValueError naming
    the item, e.g. "opds[3]: missing 'name'".
    """
    base = base if base is not None else default_registry()
    if items is None:
        return base
    if not isinstance(items, list):
        raise ValueError(f"opds: expected a list of OPDs, got {type(items).__name__}")
    merged = {clean_code(e.code): e for e in base.entries}
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        entry = _entry(item, base, f"opds[{i}]")
        if entry.code in seen:
            raise ValueError(
                f"opds[{i}]: code {entry.code!r} already given in opds[{seen[entry.code]}]"
            )
        seen[entry.code] = i
        merged[entry.code] = entry
    try:
        return Registry(merged.values())
    except ValueError as exc:
        raise ValueError(f"opds: {exc}") from None


def _entry(item: object, base: Registry | None, where: str) -> OpdEntry:
    """Build an entry from a config item; fields it omits come from `base`'s entry."""
    if not isinstance(item, Mapping):
        raise ValueError(f"{where}: expected a mapping with keys {', '.join(_CONFIG_KEYS)}")
    unknown = sorted(set(map(str, item)) - set(_CONFIG_KEYS))
    if unknown:
        raise ValueError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(_CONFIG_KEYS)})"
        )
    code = _text(item, "code", where)
    if code is None:
        raise ValueError(f"{where}: missing 'code'")
    if not is_code(code):
        raise ValueError(f"{where}: 'code' {code!r} is not a code like 1.02.0.00.0.00.01.0000")
    known = base.by_code(code) if base is not None else None
    name = _text(item, "name", where) or (known.name if known else None)
    if name is None:
        raise ValueError(f"{where}: missing 'name'")
    short = _text(item, "short", where) or (known.short if known else name)
    aliases = _aliases(item["aliases"], where) if "aliases" in item else None
    focus = item.get("focus", known.focus if known else False)
    if not isinstance(focus, bool):
        raise ValueError(f"{where}: 'focus' must be true or false, got {focus!r}")
    if aliases is None:
        aliases = known.aliases if known else ()
    return OpdEntry(clean_code(code), name, short, aliases, focus)


def _text(item: Mapping[str, object], key: str, where: str) -> str | None:
    """Read a text field of a config item (None when absent)."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        hint = " (quote it in YAML)" if key == "code" else ""
        raise ValueError(f"{where}: '{key}' must be text, got {value!r}{hint}")
    if not value.strip():
        raise ValueError(f"{where}: '{key}' is empty")
    return " ".join(value.split())


def _aliases(value: object, where: str) -> tuple[str, ...]:
    """Read the `aliases` list of a config item."""
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise ValueError(f"{where}: 'aliases' must be a list of non-empty texts")
    return tuple(" ".join(a.split()) for a in value)


def identify_opd(
    *,
    registry: Registry,
    cli: str | None = None,
    preamble: dict[str, str] | None = None,
    title: str = "",
    kode_skpd: pd.Series | None = None,
    nama_skpd: pd.Series | None = None,
    path: Path | None = None,
) -> tuple[OpdRef | None, list[Issue]]:
    """Identify a sheet's OPD: cli → preamble → title → kode/nama SKPD columns → path.

    The first source that names an OPD decides. An OPD named in the file but not
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
    ]
    for source in sources:
        found = source()
        if found is not None:
            return found
    return None, [Issue("opd_unknown")]


def _registered(entry: OpdEntry, source: str) -> Found:
    return OpdRef(code=entry.code, name=entry.name, registered=True, source=source), []


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
