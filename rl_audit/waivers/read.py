"""Reading a waivers file: YAML nodes with line numbers, a strict schema, `Waiver`s.

The file is composed with the strict composer of `rl_audit.yamlsafe` (nodes only,
nothing is constructed; anchors and aliases refused) and turned into plain data by
`_Reader.plain`: every scalar stays text (a key `0412` keeps its zero, a fingerprint of
digits stays a string), `~`/empty is null, duplicate keys are refused. Every node's
line is remembered so that an error names the line of the offending key:
`waivers.yaml:14: waivers[2].until: '2026-13-01' is not a date (YYYY-MM-DD)`.
The format is described in `rl_audit.waivers.apply` and docs/waivers.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import jsonschema
import yaml

from rl_audit import yamlsafe
from rl_audit.catalog.opds import Registry, clean_code, is_code, match_opd
from rl_audit.findings import StaleWaiver, WaiverNote

Path_ = tuple[str | int, ...]
_NULL = "tag:yaml.org,2002:null"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_KEYS = ("fingerprint", "rule", "opd", "key", "reason", "approved_by", "date")
_ENTRY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{k: {"type": "string"} for k in TEXT_KEYS},
        "until": {"type": ["string", "null"]},
    },
    "required": ["reason", "approved_by", "date"],
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["waivers"],
    "properties": {"waivers": {"type": ["array", "null"], "items": _ENTRY}},
}
_KINDS = {"string": "text", "array": "a list", "object": "a mapping"}


class WaiverFileError(Exception):
    """An unreadable or invalid waivers file; the message names the file, line and key."""


@dataclass(frozen=True)
class Waiver:
    """One accepted exception: what it matches, why, who approved it, until when."""

    source: str  # "waivers.yaml:12": file name and line of the entry
    reason: str
    approved_by: str
    approved_on: date
    until: date | None = None  # None: no expiry
    fingerprint: str | None = None  # lower-case
    rule_id: str | None = None
    opd: str | None = None  # OPD code
    key: str | None = None  # a business value of the finding

    def active_on(self, today: date) -> bool:
        """Tell whether the waiver still applies on `today` (the day of `until` included)."""
        return self.until is None or today <= self.until

    def note(self, today: date) -> WaiverNote:
        """The note a matched finding carries (expired when `today` is past `until`)."""
        until = self.until.isoformat() if self.until else None
        return WaiverNote(
            self.reason,
            self.approved_by,
            self.approved_on.isoformat(),
            until,
            not self.active_on(today),
            self.source,
        )

    def stale(self) -> StaleWaiver:
        """The waiver as reported when it matches no finding."""
        return StaleWaiver(self.source, self.rule_id, self.opd, self.fingerprint, self.key)

    def target(self) -> tuple[str | None, ...]:
        """What the waiver matches, normalised: two waivers with one target are duplicates."""
        if self.fingerprint:
            return ("fingerprint", self.fingerprint)
        return ("rule", fold(self.rule_id or ""), self.opd, fold(self.key) if self.key else None)


def fold(text: str) -> str:
    """A business value or rule id as compared: stripped and casefolded."""
    return text.strip().casefold()


def where(path: Path_) -> str:
    """`("waivers", 2, "until")` as `waivers[2].until`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top)"


class _Reader:
    """Plain data and a line per node path from one composed YAML document."""

    def __init__(self, display: str, name: str) -> None:
        self.display = display
        self.name = name
        self.lines: dict[Path_, int] = {}

    def fail(self, path: Path_, message: str) -> WaiverFileError:
        """An error at the line of `path` (or of its nearest ancestor)."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                line = self.lines[path[:n]]
                return WaiverFileError(f"{self.display}:{line}: {where(path)}: {message}")
        return WaiverFileError(f"{self.display}: {where(path)}: {message}")

    def plain(self, node: yaml.Node, path: Path_) -> Any:
        """`node` as str / None / list / dict, lines recorded."""
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL else str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(item, (*path, i)) for i, item in enumerate(node.value)]
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in out or key_node.tag == _NULL:
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                raise self.fail((*path, key), "duplicate or empty key")
            out[key] = self.plain(value_node, (*path, key))
        return out


def compose(text: str, display: str) -> yaml.Node | None:
    """The document's root node (the strict composer of `rl_audit.yamlsafe`).

    Aliases and anchors are refused, like every YAML error, at their line.
    """
    try:
        return yamlsafe.compose(text, display)
    except yamlsafe.YamlError as err:
        raise WaiverFileError(str(err)) from err


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def _schema_error(reader: _Reader, data: Any) -> WaiverFileError | None:
    """The first schema violation in document order, worded for people."""
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if not errors:
        return None
    found = [_explain(e) for e in errors]
    path, message = min(found, key=lambda pm: (reader.lines.get(pm[0], 0), -len(pm[0])))
    return reader.fail(path, message)


def _explain(error: jsonschema.ValidationError) -> tuple[Path_, str]:
    path: Path_ = tuple(error.absolute_path)
    inst = error.instance
    if error.validator == "additionalProperties" and isinstance(inst, dict):
        allowed = error.schema.get("properties", {})
        extra = [k for k in inst if k not in allowed]
        names = ", ".join(allowed)
        return (*path, extra[0]), f"unknown key {extra[0]!r} (allowed: {names})"
    if error.validator == "required" and isinstance(inst, dict):
        missing = [k for k in error.validator_value if k not in inst]
        return path, f"missing {missing[0]!r}"
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [w for w in wanted if w != "null"] if isinstance(wanted, list) else [wanted]
        expected = " or ".join(_KINDS[w] for w in wanted)
        if not path:
            expected = "a mapping with a 'waivers:' list"
        return path, f"expected {expected}, got {_kind(inst)}"
    return path, error.message


def resolve_opd(text: str, registry: Registry) -> str | None:
    """The OPD code `text` names (`match_opd`), else a dotted code as is (None otherwise)."""
    found = match_opd(text, registry).code
    return found or (clean_code(text) if is_code(text) else None)


def strict_date(value: str) -> date | None:
    """`value` as a date when it is exactly YYYY-MM-DD (and a real day), else None."""
    text = value.strip()
    try:
        return date.fromisoformat(text) if _DATE_RE.match(text) else None
    except ValueError:
        return None


def _date(reader: _Reader, value: str, path: Path_) -> date:
    found = strict_date(value)
    if found is None:
        raise reader.fail(path, f"{value!r} is not a date (YYYY-MM-DD)")
    return found


def _text(reader: _Reader, item: dict[str, Any], key: str, path: Path_) -> str | None:
    value = item.get(key)
    if value is not None and not value.strip():
        raise reader.fail((*path, key), "must not be empty")
    return None if value is None else value.strip()


def _target(reader: _Reader, item: dict[str, Any], path: Path_) -> tuple[str | None, ...]:
    fp, rule, opd, key = (
        _text(reader, item, k, path) for k in ("fingerprint", "rule", "opd", "key")
    )
    if fp and (rule or opd or key):
        raise reader.fail((*path, "fingerprint"), "give either fingerprint or rule + opd, not both")
    if not fp and not (rule and opd):
        raise reader.fail(path, "needs a fingerprint, or rule and opd (and optionally key)")
    return (fp.lower() if fp else None), rule, opd, key


def _waiver(reader: _Reader, item: dict[str, Any], i: int, registry: Registry) -> Waiver:
    path: Path_ = ("waivers", i)
    fp, rule, opd_text, key = _target(reader, item, path)
    opd = None
    if opd_text is not None:
        opd = resolve_opd(opd_text, registry)
        if opd is None:
            close = match_opd(opd_text, registry).close
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            msg = f"unknown OPD {opd_text!r}: give its SIPD code or a registered name{hint}"
            raise reader.fail((*path, "opd"), msg)
    approved_on = _date(reader, item["date"], (*path, "date"))
    until = None if item.get("until") is None else _date(reader, item["until"], (*path, "until"))
    if until is not None and until < approved_on:
        msg = f"{until.isoformat()} is before the approval date {approved_on.isoformat()}"
        raise reader.fail((*path, "until"), msg)
    return Waiver(
        f"{reader.name}:{reader.lines[path]}",
        _text(reader, item, "reason", path) or "",
        _text(reader, item, "approved_by", path) or "",
        approved_on,
        until,
        fp,
        rule,
        opd,
        key,
    )


def parse_waivers(text: str, display: str, name: str, registry: Registry) -> list[Waiver]:
    """The waivers in `text`; WaiverFileError when invalid.

    `display` names the file in error messages (its path), `name` in each waiver's
    `source` (its file name, e.g. "waivers.yaml:12").
    """
    root = compose(text, display)
    if root is None:
        return []
    reader = _Reader(display, name)
    data = reader.plain(root, ())
    problem = _schema_error(reader, data)
    if problem is not None:
        raise problem
    items = data.get("waivers") or []
    return [_waiver(reader, item, i, registry) for i, item in enumerate(items)]
