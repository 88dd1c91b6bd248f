"""The wording API: every user-facing sentence, in Indonesian and English, by key.

The wording itself is data, `rl_audit/data/labels/*.yaml` (key -> {id, en}; a key lives
in one file): `issues.yaml` holds the input problems, `inspect.yaml` the inspect view's
labels, row roles and parameter words, the other files each reporter's wording.
Code refers to a message by key; `render` / `label` fill the template once. Reporters
never invent text, they show rendered messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import pandas as pd

from rl_audit import yamlsafe
from rl_audit.formatting import number, rupiah, rupiah_sen

__all__ = [
    "LANGS",
    "by_language",
    "catalog",
    "compiled",
    "fill",
    "fill_parts",
    "label",
    "labels",
    "number",
    "placeholders",
    "plural",
    "render",
    "rupiah",
    "rupiah_sen",
]

LANGS = ("id", "en")
ISSUES_FILE = "issues.yaml"  # the input problems (Issue, ReadError keys)
TRANSLATED_PARAMS = ("type", "locale")  # said through the `word_*` labels


def _label_file(name: str) -> dict[str, dict[str, str]]:
    """One file of `data/labels/`: key -> {id, en}."""
    item = files("rl_audit.data").joinpath("labels").joinpath(name)
    return yamlsafe.load_text(item.read_text(encoding="utf-8"), name).data or {}


@cache
def labels() -> dict[str, dict[str, str]]:
    """The wording: every `data/labels/*.yaml` merged (a key lives in one file)."""
    merged: dict[str, dict[str, str]] = {}
    folder = files("rl_audit.data").joinpath("labels")
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".yaml"):
            loaded = _label_file(item.name)
            clash = sorted(set(loaded) & set(merged))
            if clash:
                raise ValueError(f"labels/{item.name}: duplicate keys {', '.join(clash)}")
            merged.update(loaded)
    return merged


@cache
def catalog() -> dict[str, dict[str, str]]:
    """The input problems' wording (`data/labels/issues.yaml`): key -> {id, en}."""
    return _label_file(ISSUES_FILE)


@cache
def by_language(prefix: str, lang: str) -> dict[str, str]:
    """The labels named `prefix` + name as {name: text in `lang`} (Indonesian when missing).

    `inspect_` gives the inspect view's labels, `role_` the row roles as shown to people,
    `word_` the words standing in message parameters (value types, number locales).
    """
    found = {k.removeprefix(prefix): v for k, v in labels().items() if k.startswith(prefix)}
    return {name: entry.get(lang) or entry["id"] for name, entry in found.items()}


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(key: str, lang: str = "id", **params: Any) -> str:
    """Render wording `key` in `lang` (Indonesian when missing), filling `params`.

    `type`/`locale` parameters are said in `lang`; `{listing}` is built from `cells`/`values`.
    """
    entry = labels().get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["id"]
    words = by_language("word_", lang)
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


def placeholders(template: str) -> list[str]:
    """The `{name}` / `{name:fmt}` placeholders of a template, as written, in order."""
    return [m.group(0) for m in _PLACEHOLDER.finditer(template)]


_PLURAL = re.compile(r"\{([a-z_][a-z0-9_]*)\|([^|{}]*)\|([^|{}]*)\}")


def plural(template: str, params: Mapping[str, Any]) -> str:
    """`{count|finding|findings}` in `template`: the first word when `count` is 1, else the 2nd."""
    return _PLURAL.sub(lambda m: m[2] if params.get(m[1]) == 1 else m[3], template)


def label(key: str, lang: str = "id", **params: Any) -> str:
    """Report wording `key` in `lang` (Indonesian when missing), `{name}`s and plurals filled."""
    entry = labels().get(key)
    if entry is None:
        return key
    return plural(str(entry.get(lang) or entry["id"]), params).format_map(_Safe(params))


_DATES = (pd.Timestamp, date)
Part = str | tuple[str, str | None, str]  # literal text, or (name, format, as written)


def _format(value: Any, fmt: str | None) -> str:
    kind = type(value)  # the common cases first: text as it is, a timestamp, money
    if kind is str and fmt is None:
        return value
    if kind is pd.Timestamp and fmt != "rp":
        return str(value.strftime("%d/%m/%Y"))
    if kind is float and fmt == "rp" and value == value:
        return rupiah(value)
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "-"
    if fmt == "rp":
        return rupiah(float(value))
    if fmt == "date" or isinstance(value, _DATES):
        return pd.Timestamp(value).strftime("%d/%m/%Y") if not pd.isna(value) else "-"
    if fmt == "int":
        return f"{int(value):,}".replace(",", ".")
    if fmt == "pct":
        return number(float(value), 1) + " %"
    if fmt == "num" or isinstance(value, float):
        return number(float(value))
    return str(value)


@lru_cache(maxsize=4096)
def compiled(template: str) -> tuple[Part, ...]:
    """A template split once into literal texts and `(name, format, as written)` placeholders."""
    out: list[Part] = []
    end = 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > end:
            out.append(template[end : m.start()])
        out.append((m.group(1), m.group(2), m.group(0)))
        end = m.end()
    if end < len(template):
        out.append(template[end:])
    return tuple(out)


def shown(value: Any, fmt: str | None, written: str) -> str:
    """One placeholder's value as text; ValueError (naming it) when `fmt` cannot show it."""
    try:
        return _format(value, fmt)
    except (TypeError, ValueError, OverflowError) as err:
        raise ValueError(
            f"isian / placeholder {written}: {repr(value)[:60]} tidak dapat ditampilkan "
            f"sebagai / cannot be shown as {fmt}"
        ) from err


_ABSENT = object()


def fill_parts(
    parts: tuple[Part, ...], values: Mapping[str, Any], fallback: Mapping[str, Any]
) -> str:
    """A `compiled` template filled from `values`, then `fallback`; unknown names stay."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        name, fmt, written = part
        value = values.get(name, _ABSENT)
        if value is _ABSENT:
            value = fallback.get(name, _ABSENT)
        out.append(written if value is _ABSENT else shown(value, fmt, written))
    return "".join(out)


def fill(template: str, context: Mapping[str, Any]) -> str:
    """Fill `{name}` / `{name:rp|date|int|pct|num}` placeholders; unknown names stay.

    A value its format cannot show (`{uraian:rp}` on a text) is a ValueError naming it.
    """
    return fill_parts(compiled(template), context, {})
