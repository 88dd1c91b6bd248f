"""Temuan berulang: whether an earlier BPK recommendation is about a rule.

A recommendation is about a rule when its text (the finding's description and the
recommendation, `TEXT_COLUMNS` of the follow-up matrix) names the rule id (`PJK-02`,
`PJK 02`, `pjk-2`) or matches the rule's topic: the subject words of the rule's document
kinds (`rl_audit/data/topics.yaml`, e.g. pajak/PPh/PPN for `pajak`, perjalanan dinas for
`perjadin`) AND one aspect word of the rule's Indonesian title (`Uang harian melebihi
standar` → `uang`, `harian`). Aspect words are the title's words that are neither
generic (`belum`, `melebihi`, `disetor`, …) nor subject words; a title without one needs
the subject only. Words of 5 letters or more also match inside a longer word; shorter
words and phrases match whole words. Boilerplate (`ke Kas Daerah`) is removed first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from rl_audit import yamlsafe

TEXT_COLUMNS = ("uraian_temuan", "rekomendasi")
_INSIDE = 5  # a word this long also matches inside a longer word


@dataclass(frozen=True)
class Topic:
    """What a rule is about: its id, subject words (of its kinds) and aspect words."""

    rule_id: str
    subject: tuple[str, ...]
    aspect: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    """The shipped topic words (`rl_audit/data/topics.yaml`)."""
    text = resources.files("rl_audit.data").joinpath("topics.yaml").read_text(encoding="utf-8")
    data = yamlsafe.load_text(text, "topics.yaml").data
    return {
        "kinds": {k: tuple(plain(str(w)) for w in v) for k, v in data["kinds"].items()},
        "generic": tuple(plain(str(w)) for w in data["generic"]),
        "boilerplate": tuple(plain(str(w)) for w in data["boilerplate"]),
    }


def plain(text: str) -> str:
    """Lower case, punctuation as spaces, spaces folded, boilerplate phrases left in."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _pattern(word: str) -> str:
    """Regex of one topic word or phrase over plain text (see the module)."""
    escaped = re.escape(word)
    return escaped if len(word) >= _INSIDE and " " not in word else rf"\b{escaped}\b"


def _is_generic(word: str, generic: tuple[str, ...]) -> bool:
    return any(word == g or (len(g) >= _INSIDE and g in word) for g in generic)


def topic(rule_id: str, kinds: tuple[str, ...], title: str) -> Topic:
    """The topic of a rule from its document kinds and its Indonesian title."""
    words = _words()
    subject = tuple(dict.fromkeys(w for k in kinds for w in words["kinds"].get(k, ())))
    subject_words = {part for phrase in subject for part in phrase.split()}
    title_words = _strip(plain(title)).split()
    aspect = tuple(
        dict.fromkeys(
            w
            for w in title_words
            if w not in subject_words
            and not _is_generic(w, words["generic"])
            and len(w) > 1
            and not w.isdigit()
        )
    )
    return Topic(rule_id, subject, aspect)


def _strip(text: str) -> str:
    """Plain text without the boilerplate phrases."""
    for phrase in _words()["boilerplate"]:
        text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
    return text


def recommendation_text(rows: pd.DataFrame) -> pd.Series:
    """Plain text per matrix row: its finding description and recommendation, joined."""
    parts = [
        rows[c].astype("string").fillna("") if c in rows.columns else pd.Series("", rows.index)
        for c in TEXT_COLUMNS
    ]
    joined = parts[0].str.cat(parts[1:], sep=" ") if len(parts) > 1 else parts[0]
    text = joined.str.casefold().str.replace(r"[\W_]+", " ", regex=True).str.strip()
    for phrase in _words()["boilerplate"]:
        text = text.str.replace(rf"\b{re.escape(phrase)}\b", " ", regex=True)
    return text.astype("string")


def _any(text: pd.Series, words: tuple[str, ...]) -> pd.Series:
    if not words:
        return pd.Series(False, index=text.index)
    pattern = "|".join(_pattern(w) for w in words)
    return text.str.contains(pattern, regex=True).fillna(False).astype(bool)


def _names(text: pd.Series, rule_id: str) -> pd.Series:
    """Rows whose text names the rule id (`PJK-02`, `pjk 02`, `PJK-2`)."""
    found = re.fullmatch(r"([a-z]+)\W*0*(\d+)", plain(rule_id).replace(" ", ""))
    if not found:
        return _any(text, (plain(rule_id),))
    prefix, number = found.groups()
    pattern = rf"\b{prefix}\s?0*{number}\b"
    return text.str.contains(pattern, regex=True).fillna(False).astype(bool)


def about(text: pd.Series, rule: Topic) -> pd.Series:
    """Which recommendation texts (plain, from `recommendation_text`) are about `rule`."""
    on_subject = _any(text, rule.subject)
    on_aspect = _any(text, rule.aspect) if rule.aspect else on_subject
    return _names(text, rule.rule_id) | (on_subject & on_aspect)
