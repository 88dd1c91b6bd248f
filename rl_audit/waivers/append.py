"""Appending one waiver to a waivers file without touching anything else in it.

A careful text insertion, not a re-dump: the new entry is rendered with
`yaml.safe_dump` and inserted after the last line of the last entry, indented like
the existing entries (line endings and BOM kept), so every comment, blank line, quote
and the order of entries survive byte for byte. The result is read back with the
same validation as `load_waivers` and must hold the old entries plus exactly the new
one before it replaces the file atomically (`rl_audit.atomic`); the file must also be
unchanged since it was read (a concurrent edit is refused, not overwritten).

Concurrent `rl-audit waive` calls take turns: the read-check-write runs under a file
lock beside the waivers file (`waivers.yaml.lock`, the `filelock` library), so no
entry is lost; a call that cannot get the lock within `LOCK_WAIT_S` is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock, Timeout

from rl_audit.atomic import write_text_atomic
from rl_audit.catalog.opds import Registry, default_registry
from rl_audit.waivers.read import Waiver, WaiverFileError, compose, parse_waivers

HEADER = (
    "# Pengecualian (waiver) yang diterima Inspektorat — format: docs/waivers.md\n"
    "# Accepted exceptions (waivers) — format: docs/waivers.md\n"
    "waivers:\n"
)
LOCK_WAIT_S = 30.0
ORDER = ("fingerprint", "rule", "opd", "key", "reason", "approved_by", "date", "until")


class DuplicateWaiverError(WaiverFileError):
    """The finding (or rule + OPD + key) already has a waiver; `existing` is its source."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


def _read(path: Path) -> str | None:
    """The file's text exactly (BOM and CRLF kept), or None when absent."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as err:
        raise WaiverFileError(f"{path}: not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise WaiverFileError(f"{path}: {err.strerror}") from err


def _value(key: str, value: Any) -> Any:
    """Dates as dates (written unquoted) when valid, everything else as text."""
    if isinstance(value, date):
        return value
    text = str(value)
    if key == "fingerprint":
        return text.strip().lower()
    if key in ("date", "until"):
        try:
            return date.fromisoformat(text) if len(text) == 10 else text
        except ValueError:
            return text
    return text


def render_entry(entry: Mapping[str, Any]) -> str:
    """One entry as a YAML block list item (`- key: value` lines), keys in `ORDER` first."""
    keys = [k for k in ORDER if k in entry] + [k for k in entry if k not in ORDER]
    clean = {k: _value(k, entry[k]) for k in keys if entry[k] is not None}
    dumped = yaml.safe_dump(
        [clean], allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )
    return str(dumped)


def _indent(block: str, column: int, newline: str) -> str:
    pad = " " * column
    return "".join(pad + line + newline for line in block.splitlines())


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value for s in _scalars(item)]
    return [s for pair in node.value for part in pair for s in _scalars(part)]


def _line_end(text: str, pos: int) -> int:
    """The position just after the line break ending the line that holds `pos`."""
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def _after_last_entry(text: str, items: yaml.SequenceNode) -> int:
    """Where the next entry goes: after the line of the last entry's last value."""
    last = max(_scalars(items.value[-1]), key=lambda s: s.end_mark.index)
    pos = last.end_mark.index
    while pos > last.start_mark.index and text[pos - 1] in " \t\r\n":
        pos -= 1  # a block scalar's end mark lies past its trailing breaks
    return _line_end(text, pos)


def insert_entry(text: str, block: str, display: str) -> str:
    """`text` with the list item `block` appended to its `waivers:` list."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = compose(text, display)
    if not isinstance(root, yaml.MappingNode):  # empty or comments only
        head = text if not text.strip() or text.endswith("\n") else text + newline
        return head + "waivers:" + newline + _indent(block, 2, newline)
    key, value = root.value[0]  # validated: `waivers` is the only key
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        pos = _after_last_entry(text, value)
        head = text[:pos] if text[:pos].endswith("\n") else text[:pos] + newline
        return head + _indent(block, value.start_mark.column, newline) + text[pos:]
    if isinstance(value, yaml.SequenceNode) and value.value:
        raise WaiverFileError(
            f"{display}:{value.start_mark.line + 1}: waivers: written as a [flow] list; "
            "rewrite it as a block list (one `- ` entry per waiver) to append to it"
        )
    text = text[: value.start_mark.index] + text[value.end_mark.index :]  # drop `[]` / `~`
    pos = _line_end(text, key.end_mark.index)
    head = text[:pos] if text[:pos].endswith("\n") else text[:pos] + newline
    return head + _indent(block, key.start_mark.column + 2, newline) + text[pos:]


def _same(new: Waiver, entry: Mapping[str, Any]) -> bool:
    """Whether the read-back waiver holds what was asked (text stripped, dates ISO)."""
    asked = {k: str(v).strip() for k, v in entry.items() if v is not None}
    got = {
        "reason": new.reason,
        "approved_by": new.approved_by,
        "date": new.approved_on.isoformat(),
        "until": new.until.isoformat() if new.until else None,
    }
    return all(asked.get(k) == v for k, v in got.items())


def _mode(path: Path) -> int:
    """The file's permission bits, or those a new file gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def append_waiver(path: Path, entry: Mapping[str, Any], registry: Registry | None = None) -> Waiver:
    """Append `entry` (keys as in the file format) to `path`; return it as read back.

    Creates the file (short header comment and `waivers:`) when absent. Raises
    WaiverFileError when the existing file or the new entry is invalid (the file is
    then left as it was) or another call keeps the lock for `LOCK_WAIT_S`,
    DuplicateWaiverError when the same fingerprint (or rule + OPD + key) already has
    a waiver.
    """
    lock = FileLock(str(path) + ".lock", timeout=LOCK_WAIT_S)
    try:
        with lock:
            return _append(path, entry, registry or default_registry())
    except Timeout as err:
        busy = f"{path}: another `rl-audit waive` keeps the lock {err.lock_file}; try again"
        raise WaiverFileError(busy) from None


def _append(path: Path, entry: Mapping[str, Any], registry: Registry) -> Waiver:
    """`append_waiver` under the lock."""
    original = _read(path)
    text = HEADER if original is None else original
    existing = parse_waivers(text, str(path), path.name, registry)
    new_text = insert_entry(text, render_entry(entry), str(path))
    after = parse_waivers(new_text, str(path), path.name, registry)
    new = after[-1] if after else None
    if new is None or after[:-1] != existing or not _same(new, entry):
        raise WaiverFileError(f"{path}: the new waiver could not be added safely; file unchanged")
    for old in existing:
        if old.target() == new.target():
            raise DuplicateWaiverError(f"{path}: already waived at {old.source}", old.source)
    mode = _mode(path)
    if _read(path) != original:
        raise WaiverFileError(f"{path}: changed while the waiver was added; run the command again")
    write_text_atomic(path, new_text)
    os.chmod(path, mode)
    return new
