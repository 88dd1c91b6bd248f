"""Wording filled late: a rule's templates and a hit's values, rendered in the reader's language.

The engine keeps, per rule, one shared `Wording` (the title, message and remediation
templates in every language, and the run's parameters) and, per finding, the hit's
placeholder values; reporters ask a `Finding` (`WordedFinding.text`) or a `RuleOutcome`
(`WordedOutcome`) for their text in their own `lang`. One evaluation serves every language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral, Real
from typing import Any

from rl_audit.messages import Part, compiled, fill, fill_parts, placeholders, render

PARTS = ("title", "message", "remediation")
Pairs = tuple[tuple[str, Any], ...]


def pairs(mapping: Mapping[str, Any]) -> Pairs:
    """A mapping as a hashable, ordered tuple of (name, value) pairs."""
    return tuple(mapping.items())


def plain(value: Any) -> Any:
    """A placeholder value as a plain one: missing (NA, NaN, NaT) → None, numpy → Python."""
    if value is None or isinstance(value, str | bool):
        return value
    if type(value).__name__ == "bool_":  # numpy's bool is no Integral
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
        return None if math.isnan(number) else number
    try:
        missing = bool(value != value)  # NaN, NaT, pd.NA (the latter raises)
    except TypeError:
        missing = True
    return None if missing else value


@dataclass(frozen=True)
class Wording:
    """One rule's wording templates ({lang: text} pairs) and the run's parameters, shared."""

    rule_id: str
    title: tuple[tuple[str, str], ...]
    message: tuple[tuple[str, str], ...]
    remediation: tuple[tuple[str, str], ...]
    params: Pairs = ()
    legal_ref: str = ""  # the rule's legal references (`;`-separated), for the draft findings
    akibat: tuple[tuple[str, str], ...] = ()  # the finding's consequence, {lang: text}
    sebab: tuple[tuple[str, str], ...] = ()  # typical causes, {lang: one cause a line}
    rekomendasi_code: str = ""  # BPK recommendation code "01"…"14"
    rekomendasi: tuple[tuple[str, str], ...] = ()  # the recommendation, {lang: text}

    def template(self, part: str, lang: str) -> str:
        """The template of `part` (title, message, remediation, akibat, …) in `lang` (else id)."""
        return self.parts(part, lang)[0]

    @cached_property
    def _compiled(self) -> dict[tuple[str, str], tuple[str, tuple[Part, ...]]]:
        return {}

    def parts(self, part: str, lang: str) -> tuple[str, tuple[Part, ...]]:
        """The template of `part` in `lang` and its `compiled` parts, worked out once."""
        found = self._compiled.get((part, lang))
        if found is None:
            texts = dict(getattr(self, part))
            text = str(texts.get(lang) or texts.get("id", ""))
            found = self._compiled[part, lang] = (text, compiled(text))
        return found

    def constant(self, part: str, lang: str) -> str | None:
        """`part` in `lang` when no finding's values can change it (no placeholder), else None."""
        text, parts = self.parts(part, lang)
        return text if all(type(p) is str for p in parts) else None

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """The run's parameters as a dict (the fallback of every placeholder)."""
        return dict(self.params)

    @cached_property
    def probes(self) -> dict[str, str]:
        """Per placeholder name, every way a template of any language shows it, as one template."""
        found = [p for part in PARTS for _, text in getattr(self, part) for p in placeholders(text)]
        out: dict[str, str] = {}
        for shown in dict.fromkeys(found):
            name = shown[1:-1].partition(":")[0]
            out[name] = out.get(name, "") + shown
        return out

    def fill(self, part: str, lang: str, values: Pairs | Mapping[str, Any]) -> str:
        """`part` in `lang` filled with a finding's values, then the run's parameters."""
        given = values if isinstance(values, Mapping) else dict(values)
        return fill_parts(self.parts(part, lang)[1], given, self.defaults)

    def check(self, many: Iterable[Pairs]) -> None:
        """ValueError when a finding's value cannot be shown by a placeholder of any language.

        Each distinct value of a placeholder is tried once; the run's parameters stand in
        for a placeholder a finding has no value for.
        """
        probes, seen, lacking = self.probes, set[Any](), set[str]()
        for values in many:
            present = {name for name, _ in values if name in probes}
            lacking |= probes.keys() - present
            for name, value in values:
                if name in probes and _first_time(seen, (name, type(value), value)):
                    fill(probes[name], {name: value})
        for name in lacking:
            fill(probes[name], self.defaults)

    def check_columns(self, columns: Mapping[str, Iterable[Any]]) -> None:
        """`check` for findings whose values come as columns (name -> every finding's value).

        Each distinct value of a column is tried once; a placeholder no column names is
        tried with the run's parameters. Call it for at least one finding.
        """
        probes = self.probes
        for name, column in columns.items():
            if name in probes:
                seen = set[Any]()
                for value in column:
                    if _first_time(seen, (type(value), value)):
                        fill(probes[name], {name: value})
        for name in probes.keys() - columns.keys():
            fill(probes[name], self.defaults)


def _first_time(seen: set[Any], item: tuple[Any, ...]) -> bool:
    """Whether `item` was not in `seen` (added now); True for an unhashable one."""
    try:
        if item in seen:
            return False
        seen.add(item)
    except TypeError:
        pass
    return True


class WordedText:
    """A finding's `title`/`message`/`remediation` field: its wording in Indonesian, if any.

    A finding built with a rule's `wording` reads it filled with its `values`; one built
    by hand reads the fixed text it was given. `default` None: the field has no default.
    """

    def __init__(self, name: str, default: str | None = None) -> None:
        self.name = name
        self.default = default

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        if obj is None:
            if self.default is None:
                raise AttributeError(self.name)  # dataclasses: no default
            return self.default
        wording = obj.__dict__.get("wording")
        if wording is not None:
            return str(wording.fill(self.name, "id", obj.values))
        return str(obj.__dict__[self.name + "_text"])

    def __set__(self, obj: Any, value: str) -> None:
        obj.__dict__[self.name + "_text"] = value


class WordedFinding:
    """A finding's text: its fixed text, or its rule's `wording` filled with its `values`.

    A subclass's `title`, `message` and `remediation` fields become `WordedText`s.
    """

    wording: Wording | None
    values: Pairs

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for part in PARTS:
            setattr(cls, part, WordedText(part, getattr(cls, part, None)))

    def text(self, part: str, lang: str = "id") -> str:
        """`title`, `message` or `remediation` in `lang`."""
        if self.wording is None:
            return str(getattr(self, part))
        return self.wording.fill(part, lang, self.values)


class WordedOutcome:
    """A rule outcome's title and reason in a language (`titles`, `reason_key` and params)."""

    title: str
    titles: tuple[tuple[str, str], ...]
    reason: str | None
    reason_key: str | None
    reason_params: Pairs

    def title_in(self, lang: str = "id") -> str:
        """The rule's title in `lang` (Indonesian, then the stored title, when missing)."""
        texts = dict(self.titles)
        return str(texts.get(lang) or texts.get("id") or self.title)

    def reason_in(self, lang: str = "id") -> str | None:
        """Why the rule could not run or had no data, in `lang` (None when no reason)."""
        if self.reason_key is None:
            return self.reason
        return render(self.reason_key, lang, **dict(self.reason_params))


def texts(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """{lang: text} pairs, sorted by language (the stored form of a rule's wording)."""
    return tuple(sorted(items))


def finding_texts(rule: Any) -> dict[str, Any]:
    """A rule's texts for the draft findings (`Wording` fields): legal references, akibat, etc.

    Read with a fallback (a rule without `akibat`, `sebab` or `rekomendasi` gets none);
    the typical causes of a language are kept one a line.
    """
    rec = getattr(rule, "rekomendasi", None)
    causes = getattr(rule, "sebab", None) or {}
    return {
        "legal_ref": str(getattr(rule, "legal_ref", "") or ""),
        "akibat": texts((getattr(rule, "akibat", None) or {}).items()),
        "sebab": texts((lang, "\n".join(map(str, c))) for lang, c in causes.items()),
        "rekomendasi_code": "" if rec is None else str(rec.code),
        "rekomendasi": () if rec is None else texts(rec.text.items()),
    }
