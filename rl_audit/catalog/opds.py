"""The OPD registry: which OPDs exist, how they are coded, named and spelled.

`OpdEntry` is one OPD (SIPD kode SKPD, official and short name, aliases); `Registry`
indexes the entries by code and by `normalise`d spelling and finds the OPD a free text
names; `match_opd` is the one matcher of an OPD query (`check --opd`, `--explain-score`,
`history --opd`, waivers). `default_registry` loads the shipped `rl_audit/data/opds.yaml`;
`registry_from_config` merges the project config's `opds:` list into it. The text
helpers `normalise`, `clean_code` and `is_code` are shared with `rl_audit.ingest.opd`,
which identifies a sheet's OPD against a registry.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rl_audit import yamlsafe
from rl_audit.documents import OpdRef

_CODE = r"\d{1,2}(?:\.\d{1,4}){1,7}"
CODE_RE = re.compile(rf"(?<![\w.])({_CODE})\.?(?!\w)")
_FULL_CODE_RE = re.compile(rf"^{_CODE}\.?$")
_CONFIG_KEYS = ("code", "name", "short", "aliases", "focus")
CONTEXT_WORDS = frozenset(
    {"pemerintah", "pemkab", "kabupaten", "kab", "provinsi", "prov", "bengkulu", "rejang"}
    | {"lebong", "rl", "tahun", "anggaran", "ta", "blud", "skpd", "opd"}
)


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

    def subset(self, codes: Collection[str]) -> Registry:
        """Return the registry of the entries whose code is in `codes`."""
        return Registry(e for e in self.entries if e.code in codes)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Load the shipped registry `rl_audit/data/opds.yaml` (read as package data)."""
    text = resources.files("rl_audit").joinpath("data/opds.yaml").read_text(encoding="utf-8")
    data = yamlsafe.load_text(text, "opds.yaml").data or {}
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


@dataclass(frozen=True)
class OpdMatch:
    """What an OPD query names: one `code`, else None and the `close` names to suggest."""

    code: str | None
    close: tuple[str, ...] = ()


def _candidates(registry: Registry, refs: Iterable[OpdRef]) -> list[tuple[str, tuple[str, ...]]]:
    """(code, spellings) of the registry's OPDs, then of the other OPDs in `refs`."""
    found = [(e.code, e.spellings()) for e in registry.entries]
    known = {clean_code(e.code) for e in registry.entries}
    extra = [(r.code, tuple(n for n in (r.name, r.short) if n)) for r in refs]
    return found + [c for c in dict.fromkeys(extra) if clean_code(c[0]) not in known]


def _exact(query: str, registry: Registry, names: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The code `query` is, or names by a whole spelling (context words allowed)."""
    entry = registry.by_code(query)
    code, text = clean_code(query).casefold(), normalise(query)
    found = entry.code if entry else None
    found = found or next((c for c, _ in names if clean_code(c).casefold() == code), None)
    found = found or next((c for c, sp in names if text in map(normalise, sp)), None)
    entry = None if found else registry.match(query)
    return found or (entry.code if entry and not registry.extra_words(query, entry) else None)


def match_opd(query: str, registry: Registry, refs: Iterable[OpdRef] = ()) -> OpdMatch:
    """The OPD `query` names: its code, else the closest names (all of them when ambiguous).

    Case, spaces and punctuation do not matter. In order: a code (registered, or of an
    OPD in `refs`), a whole name, short name or alias (registry first; context words
    like `Kabupaten Rejang Lebong` allowed), else the one OPD whose spelling holds every
    word of `query`; several such OPDs are ambiguous.
    """
    names = _candidates(registry, refs)
    code = _exact(query, registry, names) if query.strip() else None
    if code or not query.strip():
        return OpdMatch(code)
    padded = f" {normalise(query)} "
    within = [(c, sp) for c, sp in names if any(padded in f" {normalise(n)} " for n in sp)]
    if len(within) == 1:
        return OpdMatch(within[0][0])
    if within:  # ambiguous: the closest of the names holding the query
        return OpdMatch(None, tuple(_closest(query, [sp[0] for _, sp in within], 5, 0.0)))
    return OpdMatch(None, tuple(_closest(query, [n for c, sp in names for n in (c, *sp)])))


def _closest(value: str, names: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to `n` of `names` closest to `value` (similarity ≥ `cutoff`), without case."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), name)
    found = difflib.get_close_matches(value.strip().casefold(), list(by_fold), n=n, cutoff=cutoff)
    return [by_fold[k] for k in found]
