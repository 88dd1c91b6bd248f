"""Strict YAML: the one loader for every YAML file and value rl-audit reads.

Configs, rule files and `pack.yaml`, waivers, the shipped data files and `--param`
values all go through here. On top of PyYAML's *safe* loader (no Python objects):

- aliases (`*name`) and anchors (`&name`) are refused at their line, so no alias
  bomb can expand, and no value is shared between two places;
- a key given twice in one mapping is an error (YAML would keep the last silently);
- nesting deeper than `MAX_DEPTH` levels is refused (no RecursionError);
- a file must be UTF-8 (a BOM is allowed) and at most `MAX_BYTES`;
- a value YAML cannot construct (`2025-13-01`, bad `!!binary`) is an error, not a crash.

Every error is a `YamlError` whose text names the file and the line (and the column of
a syntax error, `rl-audit.yaml:3:9: invalid YAML: expected ',' or ']', but got ':'`):
`rl-audit.yaml:7: duplicate key 'cash_limit' (parameters)`. Callers turn it into their
own error (ConfigError, RuleFileError, WaiverFileError) keeping that text.
`Loaded.line(path)` gives the line of any key or item, for schema errors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.constructor import ConstructorError

MAX_DEPTH = 64  # mappings/lists nested deeper than this are refused
MAX_BYTES = 16 * 1024**2  # a config, rule or waivers file larger than this is refused

KeyPath = tuple[str | int, ...]


class YamlError(ValueError):
    """A YAML file or value rl-audit refuses; the text names the file and the line."""

    def __init__(
        self,
        display: str,
        line: int | None,
        problem: str,
        refused: bool = False,
        column: int | None = None,
    ) -> None:
        """`display` names the file (or option), `line` is 1-based (None: whole file).

        `refused`: valid YAML that rl-audit does not accept (anchors, aliases, depth).
        `column` (1-based) is given for a syntax error: `file:line:column: reason`.
        """
        self.display, self.line, self.problem, self.refused = display, line, problem, refused
        self.column = column
        at = f"{line}:{column}" if line and column else line
        super().__init__(f"{display}:{at}: {problem}" if line else f"{display}: {problem}")


class _Refused(ConstructorError):
    """Valid YAML refused on purpose: an anchor, an alias, too deep a nesting."""


def _refusal(event: yaml.Event, problem: str) -> _Refused:
    """The error refusing `event` at its line."""
    return _Refused(None, None, problem, cast("yaml.Mark", event.start_mark))


class StrictLoader(yaml.SafeLoader):
    """The safe loader refusing aliases, anchors and nesting beyond `MAX_DEPTH`."""

    def __init__(self, stream: str) -> None:
        """A loader over `stream` (text)."""
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose as the safe loader does, refusing what could expand or recurse."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _refusal(event, "aliases (*name) are not allowed")
        if getattr(event, "anchor", None):
            raise _refusal(event, "anchors (&name) and aliases (*name) are not allowed")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _refusal(event, f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date/time scalar; an impossible one (`2025-13-01`) is an error at its line."""
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as err:
            problem = f"{node.value!r} is not a valid date ({err})"
            raise ConstructorError(None, None, problem, node.start_mark) from err


StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", StrictLoader.construct_checked_timestamp
)


@dataclass(frozen=True)
class Loaded:
    """A loaded YAML document: its data, the line of every key/item, the bytes' SHA-256."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    sha256: str = ""

    def line(self, path: tuple[Any, ...]) -> int | None:
        """The line of `path` (keys compared as text), else of its nearest ancestor."""
        parts = tuple(p if isinstance(p, int) else str(p) for p in path)
        for n in range(len(parts), -1, -1):
            if parts[:n] in self.lines:
                return self.lines[parts[:n]]
        return None


def _where(path: KeyPath) -> str:
    """`("parameters", "x", 0)` as `parameters.x[0]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Lines:
    """Walks a composed document: records lines, refuses duplicate and complex keys."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[KeyPath, int] = {}

    def walk(self, node: yaml.Node, path: KeyPath, line: int | None = None) -> None:
        """Record the line under `path` (a key's own line), then its children's."""
        self.lines[path] = line or node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, (*path, i))
        elif isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, value_node in node.value:
                key = self._key(key_node, path, seen)
                self.walk(value_node, (*path, key), key_node.start_mark.line + 1)

    def _key(self, node: yaml.Node, path: KeyPath, seen: set[tuple[str, str]]) -> str:
        line = node.start_mark.line + 1
        inside = f" ({_where(path)})" if path else ""
        if not isinstance(node, yaml.ScalarNode):
            raise YamlError(self.display, line, f"a key must be a plain value{inside}")
        if (node.tag, node.value) in seen:
            raise YamlError(self.display, line, f"duplicate key {node.value!r}{inside}")
        seen.add((node.tag, node.value))
        return str(node.value)


def _marked(err: yaml.YAMLError, text: str, display: str) -> YamlError:
    """A PyYAML error as a YamlError at its line."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        problem = f"invalid YAML: {err.problem or err.context}"
        refused = isinstance(err, _Refused)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        syntax = not isinstance(err, ConstructorError)  # a value's error: its line is enough
        return YamlError(display, line, problem, refused, column if syntax else None)
    if isinstance(err, yaml.reader.ReaderError):
        line = text.count("\n", 0, err.position) + 1
        code = err.character if isinstance(err.character, int) else ord(err.character)
        return YamlError(display, line, f"invalid YAML: control character U+{code:04X}")
    return YamlError(display, None, f"invalid YAML: {err}")


def compose(text: str, display: str) -> yaml.Node | None:
    """The root node of the one document in `text` (strict, nothing constructed).

    None for an empty document; YamlError naming `display` and the line otherwise.
    """
    loader: StrictLoader | None = None
    try:
        loader = StrictLoader(text)
        return loader.get_single_node()
    except yaml.YAMLError as err:
        raise _marked(err, text, display) from err
    finally:
        if loader is not None:
            loader.dispose()


def load_text(text: str, display: str, digest: str = "") -> Loaded:
    """The one document in `text` (empty: None); YamlError naming `display` and the line."""
    node = compose(text, display)
    if node is None:
        return Loaded(None, {}, digest)
    lines = _Lines(display)
    lines.walk(node, ())
    try:
        data = StrictLoader("").construct_document(node)
    except yaml.YAMLError as err:
        raise _marked(err, text, display) from err
    except (ValueError, TypeError, OverflowError) as err:
        line = lines.lines[()]
        raise YamlError(display, line, f"invalid YAML value: {err}") from err
    return Loaded(data, lines.lines, digest)


def decode(raw: bytes, display: str) -> str:
    """`raw` as UTF-8 text (a BOM dropped); YamlError naming the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        problem = f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8"
        raise YamlError(display, line, problem) from err


def load_bytes(raw: bytes, display: str) -> Loaded:
    """A YAML document from bytes, with their SHA-256; YamlError when refused."""
    digest = hashlib.sha256(raw).hexdigest()
    return load_text(decode(raw, display), display, digest)


def read_bytes(path: Path, display: str | None = None, max_bytes: int | None = None) -> bytes:
    """A regular file's bytes, at most `max_bytes` (MAX_BYTES); YamlError naming it otherwise."""
    shown = display or str(path)
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        if not path.is_file():
            missing = not path.exists()
            raise YamlError(shown, None, "file not found" if missing else "not a regular file")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        raise YamlError(shown, None, err.strerror or str(err)) from err
    if len(raw) > max_bytes:
        raise YamlError(shown, None, f"file larger than {max_bytes // 1024**2} MB")
    return raw


def load_file(path: Path, display: str | None = None) -> Loaded:
    """The YAML document in `path` (strict, see the module); YamlError naming file:line."""
    return load_bytes(read_bytes(path, display), display or str(path))


def load_value(text: str, display: str) -> Any:
    """One value written as YAML (a `--param` value), strictly; YamlError when refused."""
    return load_text(text, display).data
