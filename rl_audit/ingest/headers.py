"""Header texts: the exact fold, and matching by meaning when no alias is equal.

`normalise_header` folds a header for the exact tier (case, punctuation, NBSP,
units such as `(Rp)`). When no alias is equal, a header is matched by meaning in
two weaker tiers, over `HeaderForm`s (the words, with a parenthesised qualifier
kept apart):

- `contained`: a known wording starts the header and at most two plain words
  follow (`Nama Rekanan/Penyedia Barang`), a qualifier follows it
  (`Penerimaan (Debet)`), or the qualifier alone is a known wording (`Mutasi (Debet)`);
- `synonym`: the same after rewriting words through `data/synonyms.yaml`
  (`Tgl Kepulangan` reads as `tanggal kembali`), with the per-kind wordings listed there.

Guards against over-matching: a one-word wording must begin the header, belong to one
column only and be no generic word (`Tanggal …`, `Kode …`, `Nama …` are many columns);
the words left over must be plain words (no digits), none that changes what the column
holds (`sisa`, `s.d.`, `tanggal`: `block` in the data file) and none that is another
column's one-word wording (`Golongan/Eselon`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rl_audit import yamlsafe

_UNITS = re.compile(r"\((?:rp\.?|%|hari|m2|km|m|unit|bulan)\)|\brp\b\.?")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PUNCT = re.compile(r"[^\w%]+|_")
_QUALIFIER = re.compile(r"\(([^()]*)\)")
_DROPPED = frozenset({"rp"})
_UNIT_WORDS = frozenset({"hari", "m2", "km", "m", "unit", "bulan"})  # `(Hari.)`
MAX_EXTRA = 2  # plain words allowed after a known wording
MAX_QUALIFIER = 3  # words of a parenthesised qualifier


def _fold(text: object) -> str:
    s = str(text).replace("\u00a0", " ")
    s = _CAMEL.sub(" ", s).lower().replace("&", " dan ")
    return _UNITS.sub(" ", s).replace("%", " persen ")


def _words(text: str) -> list[str]:
    return [w for w in _PUNCT.sub(" ", text).split() if w not in _DROPPED]


def normalise_header(text: object) -> str:
    """Fold a header cell for exact matching: `Penerimaan (Rp.)` → `penerimaan`."""
    return " ".join(_words(_fold(text)))


@dataclass(frozen=True)
class HeaderForm:
    """A header as words: the main words and those of its parenthesised qualifiers."""

    main: tuple[str, ...]
    qualifier: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The form written back as text (`penerimaan (debet)`)."""
        qual = f"({' '.join(self.qualifier)})" if self.qualifier else ""
        return " ".join([*self.main, qual]).strip()

    def __add__(self, other: HeaderForm) -> HeaderForm:
        return HeaderForm(self.main + other.main, self.qualifier + other.qualifier)


@lru_cache(maxsize=16384)
def header_form(text: str) -> HeaderForm:
    """The words of a header cell, filler words dropped, the qualifier kept apart."""
    folded = _fold(text)
    groups = [_words(q) for q in _QUALIFIER.findall(folded)]
    quals = [w for g in groups if " ".join(g) not in _UNIT_WORDS for w in g]
    ignore = synonyms().ignore
    return HeaderForm(
        tuple(w for w in _words(_QUALIFIER.sub(" ", folded)) if w not in ignore),
        tuple(w for w in quals if w not in ignore),
    )


@dataclass(frozen=True)
class Synonyms:
    """The contents of `data/synonyms.yaml`, ready for matching."""

    tokens: dict[tuple[str, ...], str]  # a word or phrase -> the word it reads as
    columns: dict[str, dict[str, tuple[str, ...]]]  # kind -> canonical -> wordings
    ignore: frozenset[str]
    block: frozenset[str]
    longest: int = 1  # words in the longest phrase of `tokens`

    def rewrite(self, words: Iterable[str]) -> tuple[str, ...]:
        """Words read through the token synonyms, longest phrase first."""
        seq, out, i = tuple(words), [], 0
        while i < len(seq):
            for n in range(min(self.longest, len(seq) - i), 0, -1):
                rep = self.tokens.get(seq[i : i + n])
                if rep is not None or n == 1:
                    out.append(rep or seq[i])
                    i += n
                    break
        return tuple(out)

    def plain(self, words: tuple[str, ...], limit: int) -> bool:
        """Whether words may stand beside a known wording without changing its meaning."""
        return len(words) <= limit and all(
            w.isalpha() and w not in self.block and self.rewrite([w])[0] not in self.block
            for w in words
        )


def parse_synonyms(data: dict[str, Any]) -> Synonyms:
    """A synonym table from the parsed YAML of `data/synonyms.yaml` (sections optional)."""
    tokens: dict[tuple[str, ...], str] = {}
    for rep, variants in (data.get("tokens") or {}).items():
        for variant in [rep, *variants]:
            tokens[tuple(_words(_fold(variant)))] = str(rep)
    columns = {
        str(kind): {str(col): tuple(map(str, words)) for col, words in cols.items()}
        for kind, cols in (data.get("columns") or {}).items()
    }
    ignore = frozenset(map(str, data.get("ignore") or []))
    block = frozenset(map(str, data.get("block") or []))
    return Synonyms(tokens, columns, ignore, block, max(map(len, tokens), default=1))


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    """The synonym table shipped with rl-audit."""
    text = resources.files("rl_audit.data").joinpath("synonyms.yaml").read_text(encoding="utf-8")
    return parse_synonyms(yamlsafe.load_text(text, "synonyms.yaml").data or {})


@dataclass(frozen=True)
class Wording:
    """One known wording of a canonical column, as words."""

    words: tuple[str, ...]
    canonical: str
    prefix: bool = True  # may begin a longer header (False: a whole header only)


class WordIndex:
    """The wordings of one kind in one tier's words, matched against header forms."""

    def __init__(self, wordings: Iterable[Wording]) -> None:
        self.wordings = sorted((w for w in wordings if w.words), key=lambda w: -len(w.words))
        by_first: dict[str, list[Wording]] = {}
        singles: dict[str, set[str]] = {}
        for w in self.wordings:
            by_first.setdefault(w.words[0], []).append(w)
            if len(w.words) == 1:
                singles.setdefault(w.words[0], set()).add(w.canonical)
        self.by_first = by_first  # first word -> its wordings, longest first
        self.owners = {k: {w.canonical for w in ws} for k, ws in by_first.items()}
        self.singles = singles  # one-word wording -> its columns

    def match(self, form: HeaderForm) -> str | None:
        """The canonical column a header form means, or None (no match or ambiguous)."""
        if not synonyms().plain(form.qualifier, MAX_QUALIFIER):
            return None
        found = {c for c in (self._leading(form), self._qualifier(form)) if c}
        return found.pop() if len(found) == 1 else None

    def _leading(self, form: HeaderForm) -> str | None:
        """The longest wording that begins the header, with plain words after it."""
        size, found = 0, set()
        for w in self.by_first.get(form.main[0], []) if form.main else []:
            n = len(w.words)
            if n < size:
                break
            if form.main[:n] == w.words and self._may_lead(w, form.main[n:]):
                size = n
                found.add(w.canonical)
        return found.pop() if len(found) == 1 else None

    def _may_lead(self, wording: Wording, rest: tuple[str, ...]) -> bool:
        """Whether `wording` followed by the words `rest` still means its column.

        A one-word wording leads only if it is no generic word (`Tanggal`, `Kode`,
        `Nama` lead headers of many columns) and no other column's wording starts with
        it; no word after it may be another column's one-word wording (`Golongan/Eselon`).
        """
        if not rest:
            return True
        first, canonical = wording.words[0], wording.canonical
        if len(wording.words) == 1 and (
            len(self.owners[first]) > 1 or not synonyms().plain((first,), 1)
        ):
            return False
        other = any(self.singles.get(w, {canonical}) - {canonical} for w in rest)
        return wording.prefix and not other and synonyms().plain(rest, MAX_EXTRA)

    def _qualifier(self, form: HeaderForm) -> str | None:
        """`Mutasi (Debet)`: the qualifier is a whole wording, the words before are plain."""
        if not form.qualifier or not synonyms().plain(form.main, MAX_EXTRA):
            return None
        same = self.by_first.get(form.qualifier[0], [])
        found = {w.canonical for w in same if w.words == form.qualifier}
        return found.pop() if len(found) == 1 else None


def plain_index(aliases: dict[str, str]) -> WordIndex:
    """The `contained` tier's index over normalised aliases (`re:` aliases left out)."""
    return _plain_index(tuple(aliases.items()))


@lru_cache(maxsize=256)
def _plain_index(aliases: tuple[tuple[str, str], ...]) -> WordIndex:
    return WordIndex(Wording(header_form(a).main, c) for a, c in aliases if not a.startswith("re:"))


def synonym_index(aliases: dict[str, str], kind: str) -> WordIndex:
    """The `synonym` tier's index: aliases and the kind's own wordings, words rewritten."""
    return _synonym_index(tuple(aliases.items()), kind)


@lru_cache(maxsize=256)
def _synonym_index(aliases: tuple[tuple[str, str], ...], kind: str) -> WordIndex:
    syn = synonyms()
    found = [
        Wording(syn.rewrite(header_form(a).main), c) for a, c in aliases if not a.startswith("re:")
    ]
    for canonical, wordings in syn.columns.get(kind, {}).items():
        for text in wordings:
            words = syn.rewrite(header_form(text).main)
            found.append(Wording(words, canonical, prefix=len(words) > 1))
    return WordIndex(found)


@lru_cache(maxsize=16384)
def synonym_form(form: HeaderForm) -> HeaderForm:
    """A header form with its words read through the token synonyms."""
    syn = synonyms()
    return HeaderForm(syn.rewrite(form.main), syn.rewrite(form.qualifier))
