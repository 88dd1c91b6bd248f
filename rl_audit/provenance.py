"""What a run ran with, recorded once in every report; configs found in the inputs.

A config is chosen by the operator (`--config`, else `./rl-audit.yaml`), never found in
an input folder: an export folder an OPD hands in could otherwise bring its own
`cash_limit` and waivers. `ignored_files` finds the config files (`rl-audit.yaml`) and
waivers files (`*waiver*.yaml`) inside the input folders that the run does not use;
each becomes an informational input problem (`notices`), so stderr and every report
say it was ignored.

`Provenance` records the config (path, SHA-256, how it was chosen), the rule pack's
SHA-256, the effective parameters (and which came from the config or `--param`) and
the waivers file (path, SHA-256). It is computed in `rl_audit.run.run_check`;
reporters only render it (`rl_audit.report.wording.provenance_lines`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rl_audit.documents import Issue

if TYPE_CHECKING:
    from rl_audit.config import Config

CONFIG_NAMES = frozenset({"rl-audit.yaml", "rl-audit.yml"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})


@dataclass(frozen=True)
class FileStamp:
    """A file a run used: its path and the SHA-256 of its bytes (None: not there yet)."""

    path: str
    sha256: str | None


@dataclass(frozen=True)
class Provenance:
    """The config, rule pack, parameters and waivers file a run used."""

    config: FileStamp | None  # None: no config, the defaults
    config_source: str  # option (--config) | working_folder | none
    rules_sha256: str
    parameters: dict[str, Any]  # every effective parameter, JSON-ready
    parameter_sources: dict[str, str] = field(default_factory=dict)  # name → config | option
    waivers: FileStamp | None = None  # None: the config names no waivers file
    ignored: tuple[str, ...] = ()  # config/waivers files inside the inputs, not used


def plain(value: Any) -> Any:
    """A parameter value as JSON can hold it: dates ISO, sets and tuples as lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def _kind(path: Path) -> str | None:
    """`config` or `waivers` when a file's name says it is one, else None."""
    name = path.name.lower()
    if name in CONFIG_NAMES:
        return "config"
    return "waivers" if "waiver" in name and path.suffix.lower() in YAML_SUFFIXES else None


def ignored_files(folders: list[Path], used: list[Path | None]) -> list[Path]:
    """Config and waivers files inside `folders` (input folders) that are not in `used`."""
    skip = {p.resolve() for p in used if p is not None}
    found: dict[Path, None] = {}
    for folder in (f for f in folders if f.is_dir()):
        for path in sorted(folder.rglob("*.y*ml")):
            if _kind(path) and path.resolve() not in skip and path.is_file():
                found.setdefault(path)
    return list(found)


def notices(ignored: list[Path]) -> list[Issue]:
    """One informational problem per ignored file (`config_ignored` / `waivers_ignored`)."""
    return [Issue(f"{_kind(p)}_ignored", "info", {"file": str(p)}, file=str(p)) for p in ignored]


def _stamp(path: Path | None, sha256: str | None) -> FileStamp | None:
    return None if path is None else FileStamp(str(path.resolve()), sha256)


def build(
    config: Config,
    pack_sha256: str,
    params: dict[str, Any],
    cli_params: dict[str, Any],
    waivers: tuple[Path | None, str | None],
    ignored: list[Path],
) -> Provenance:
    """The record of a run: `params` are the effective parameters, `cli_params` --param."""
    sources = {name: "config" for name in config.parameters}
    sources.update({name: "option" for name in cli_params})
    return Provenance(
        _stamp(config.path, config.sha256 or None),
        config.source or ("option" if config.path else "none"),
        pack_sha256,
        {name: plain(value) for name, value in params.items()},
        {name: sources[name] for name in params if name in sources},
        _stamp(*waivers),
        tuple(str(p) for p in ignored),
    )
