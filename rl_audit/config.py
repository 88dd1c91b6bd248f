"""The project config (`rl-audit.yaml`): OPD registry, column overrides, limits, inputs.

Discovered as `rl-audit.yaml` in the working folder or given with `--config`.
Validated strictly with a JSON Schema; relative paths are relative to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.kinds import load_kinds
from rl_audit.ingest.read import Limits

CONFIG_NAME = "rl-audit.yaml"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "as_of": {},  # a date (YAML reads 2025-12-31 as one) or "YYYY-MM-DD"; checked in load
        "inputs": {"type": "array", "items": {"type": "string"}},
        "core_documents": {  # kinds an OPD needs for a band; a list = any of them
            "type": "array",
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}, "minItems": 1},
                ]
            },
        },
        "reports": {"type": "string"},
        "history": {"type": "string"},
        "waivers": {"type": "string"},
        "opds": {"type": "array", "items": {"type": "object"}},
        "parameters": {"type": "object"},
        "columns": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "string"},
            },
        },
        "nightly": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "keep_reports": {"type": "integer", "minimum": 1},
                "lock_wait_seconds": {"type": "number", "minimum": 0},
                "cache": {"type": ["string", "null"]},
                "formats": {
                    "type": "array",
                    "items": {"enum": ["json", "xlsx", "html"]},
                    "uniqueItems": True,
                },
                "annotate": {"type": "boolean"},
                "fail_on": {"enum": ["high", "medium", "low", "never"]},
            },
        },
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"max_file_mb": {"type": "number", "exclusiveMinimum": 0}},
        },
    },
}


class ConfigError(Exception):
    """An invalid project config; the message names the file and the key."""


@dataclass
class Config:
    """The project config as the rest of rl-audit uses it."""

    path: Path | None = None
    year: int | None = None
    as_of: date | None = None  # the cut-off date deadline rules measure against
    inputs: list[Path] = field(default_factory=list)
    registry: opd_mod.Registry = field(default_factory=opd_mod.default_registry)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    raw: dict[str, Any] = field(default_factory=dict)
    core_documents: tuple[tuple[str, ...], ...] | None = None  # None: rl_audit.coverage default


def _where(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top)"


def _validate(data: Any, path: Path) -> dict[str, Any]:
    if data is None:
        return {}
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise ConfigError(f"{path}: {_where(first)}: {first.message}")
    return dict(data)


def _check_columns(columns: dict[str, dict[str, str]], path: Path) -> None:
    kinds = load_kinds()
    for kind, mapping in columns.items():
        if kind not in kinds:
            raise ConfigError(f"{path}: columns.{kind}: unknown document kind")
        for header, canonical in mapping.items():
            if canonical not in kinds[kind].columns:
                raise ConfigError(
                    f"{path}: columns.{kind}.{header}: unknown column {canonical!r} of {kind}"
                )


def _as_of(value: Any, path: Path) -> date | None:
    """The config's `as_of` (a YAML date or a YYYY-MM-DD string); ConfigError otherwise."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{path}: as_of: bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date: {value!r}")


def _core_documents(raw: Any, path: Path) -> tuple[tuple[str, ...], ...] | None:
    """`core_documents` as groups of alternative kinds; ConfigError on an unknown kind."""
    if raw is None:
        return None
    groups = tuple((item,) if isinstance(item, str) else tuple(item) for item in raw)
    known = set(load_kinds()) | {"lra"}
    for name in (k for g in groups for k in g):
        if name not in known:
            raise ConfigError(f"{path}: core_documents: unknown document kind {name!r}")
    return groups


def load_config(path: Path) -> Config:
    """Read and validate a config file; raise ConfigError with file and key on problems."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: YAML tidak valid / invalid YAML: {err}") from err
    raw = _validate(data, path)
    _check_columns(raw.get("columns", {}), path)
    try:
        registry = opd_mod.registry_from_config(raw.get("opds"))
    except ValueError as err:
        raise ConfigError(f"{path}: {err}") from err
    base = path.parent
    max_mb = raw.get("limits", {}).get("max_file_mb")
    limits = Limits(max_bytes=int(max_mb * 1024**2)) if max_mb else Limits()
    return Config(
        path,
        raw.get("year"),
        _as_of(raw.get("as_of"), path),
        [base / p for p in raw.get("inputs", [])],
        registry,
        raw.get("columns", {}),
        raw.get("parameters", {}),
        limits,
        raw,
        core_documents=_core_documents(raw.get("core_documents"), path),
    )


def find_config(
    explicit: Path | None, cwd: Path | None = None, paths: list[Path] | None = None
) -> Config:
    """The project config: --config, else ./rl-audit.yaml, else the checked folder's own.

    The last case is the `rl-audit.yaml` inside the single folder given as PATH
    (`rl-audit check samples/`); without any of these, the defaults.
    """
    if explicit is not None:
        return load_config(explicit)
    found = (cwd or Path.cwd()) / CONFIG_NAME
    if found.is_file():
        return load_config(found)
    if paths is not None and len(paths) == 1 and (paths[0] / CONFIG_NAME).is_file():
        return load_config(paths[0] / CONFIG_NAME)
    return Config()
