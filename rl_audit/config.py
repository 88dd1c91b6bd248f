"""The project config (`rl-audit.yaml`): OPD registry, column overrides, limits, inputs.

Chosen by the operator: given with `--config`, else `rl-audit.yaml` in the working
folder — never found inside the inputs (a config there is ignored and reported, see
`rl_audit.provenance`). Read with the strict YAML loader (`rl_audit.yamlsafe`) and
validated with a JSON Schema; every error names the file and line; relative paths are
relative to the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from rl_audit import yamlsafe
from rl_audit.catalog.kinds import load_kinds
from rl_audit.history import zone
from rl_audit.ingest import opd as opd_mod
from rl_audit.ingest.read import BUDGET_FIELDS, Limits
from rl_audit.messages import label
from rl_audit.report.bounds import MAX_LOCATIONS

EXTENT_FIELDS = ("max_rows", "max_columns", "max_cells")  # per sheet, see ingest.extent

CONFIG_NAME = "rl-audit.yaml"


def _schema() -> dict[str, Any]:
    """The config's JSON Schema, `rl_audit/data/config-schema.yaml`."""
    text = files("rl_audit.data").joinpath("config-schema.yaml").read_text(encoding="utf-8")
    return dict(yamlsafe.load_text(text, "config-schema.yaml").data)


SCHEMA: dict[str, Any] = _schema()


class ConfigError(Exception):
    """An invalid project config; the message names the file and the key.

    Built from a label `key` and its fields, `text(lang)` says it in the user's language
    (`str()` is the Indonesian); built from a plain message, that message in any language.
    """

    def __init__(self, message: str = "", key: str = "", **fields: Any) -> None:
        """`message` as is, or the wording of the label `key` filled with `fields`."""
        self.key, self.fields = key, fields
        super().__init__(self.text("id") if key else message)

    def text(self, lang: str) -> str:
        """The message in `lang`: the label's wording, then the closest names when known."""
        if not self.key:
            return str(self)
        message = label(self.key, lang, **self.fields)
        close = self.fields.get("close")
        return f"{message} {label('cfg_did_you_mean', lang, names=close)}" if close else message


@dataclass(frozen=True)
class NightlyConfig:
    """The config's `nightly:` section (defaults for what it does not set)."""

    keep_reports: int = 30  # dated report folders kept
    lock_wait_seconds: float = 60.0  # how long a second run waits for the lock
    cache: str | None = ".rl-audit-cache"  # cache folder (relative to the config); None: none
    formats: tuple[str, ...] = ("html", "json", "xlsx")
    annotate: bool = True  # write annotated copies of the inputs
    fail_on: str = "never"  # the exit code's threshold (as `check --fail-on`)


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
    core_documents: tuple[tuple[str, ...], ...] | None = (
        None  # None: rl_audit.engine.coverage default
    )
    sha256: str = ""  # of the file's bytes as read ("" without a file)
    source: str = ""  # how it was chosen: option (--config) | working_folder | "" (none)
    reports: str = "reports"  # the nightly reports folder, relative to the config's folder
    history: str = "rl-audit.sqlite"  # the history database, relative to the config's folder
    waivers: str | None = None  # the waivers file, relative to the config's folder
    approved_by: str | None = None  # who approves waivers (`rl-audit waive` without --by)
    timezone: str = zone.DEFAULT_ZONE  # of every report's and the history's timestamps
    nightly: NightlyConfig = field(default_factory=NightlyConfig)
    max_locations: int = MAX_LOCATIONS  # `report: max_locations`: findings shown per rule and OPD
    focus_opds: tuple[str, ...] | None = None  # OPD codes; None: the registry's `focus: true`

    def focus_codes(self) -> tuple[str, ...]:
        """The focus OPDs' codes: `focus_opds`, else the registry's OPDs marked `focus: true`."""
        if self.focus_opds is not None:
            return self.focus_opds
        return tuple(e.code for e in self.registry.focus)


class _Where:
    """`file:line` of a key of the loaded config, for error messages."""

    def __init__(self, path: Path, loaded: yamlsafe.Loaded) -> None:
        self.path, self.loaded = path, loaded

    def __call__(self, *keys: Any) -> str:
        line = self.loaded.line(keys)
        return f"{self.path}:{line}" if line else str(self.path)


def _key(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top)"


def _validate(data: Any, where: _Where) -> dict[str, Any]:
    if data is None:
        return {}
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        if first.validator == "additionalProperties":
            raise _unknown_key(first, where)
        raise ConfigError(f"{where(*first.absolute_path)}: {_key(first)}: {first.message}")
    return dict(data)


def _unknown_key(error: jsonschema.ValidationError, where: _Where) -> ConfigError:
    """The first key the schema does not know, at its line, with the closest known keys."""
    known = list(error.schema.get("properties", {}))
    key = next(str(k) for k in error.instance if k not in known)
    path = [*error.absolute_path, key]
    close = difflib.get_close_matches(key, known, n=2, cutoff=0.6)
    names = ", ".join(f"`{c}`" for c in close)
    dotted = ".".join(map(str, path))
    return ConfigError(key="cfg_unknown_key", at=where(*path), name=dotted, close=names)


def _check_columns(columns: dict[str, dict[str, str]], where: _Where) -> None:
    kinds = load_kinds()
    for kind, mapping in columns.items():
        if kind not in kinds:
            raise ConfigError(f"{where('columns', kind)}: columns.{kind}: unknown document kind")
        for header, canonical in mapping.items():
            if canonical not in kinds[kind].columns:
                raise ConfigError(
                    f"{where('columns', kind, header)}: columns.{kind}.{header}: "
                    f"unknown column {canonical!r} of {kind}"
                )


def _as_of(value: Any, path: str) -> date | None:
    """The config's `as_of` (a YAML date or a YYYY-MM-DD string); ConfigError otherwise."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{path}: as_of: bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date: {value!r}")


def _core_documents(raw: Any, path: str) -> tuple[tuple[str, ...], ...] | None:
    """`core_documents` as groups of alternative kinds; ConfigError on an unknown kind."""
    if raw is None:
        return None
    groups = tuple((item,) if isinstance(item, str) else tuple(item) for item in raw)
    known = set(load_kinds()) | {"lra"}
    for name in (k for g in groups for k in g):
        if name not in known:
            raise ConfigError(f"{path}: core_documents: unknown document kind {name!r}")
    return groups


def _limits(raw: dict[str, Any]) -> Limits:
    """`limits:` as `Limits` (the defaults for what it does not set)."""
    given = {k: raw[k] for k in (*BUDGET_FIELDS, *EXTENT_FIELDS) if k in raw}
    if raw.get("max_file_mb"):
        given["max_bytes"] = int(raw["max_file_mb"] * 1024**2)
    if raw.get("max_uncompressed_mb"):
        given["max_uncompressed"] = int(raw["max_uncompressed_mb"] * 1024**2)
    return Limits(**given)


def with_jobs(config: Config, jobs: int | None) -> Config:
    """`config` with `--jobs` as its `limits.jobs` (unchanged when not given)."""
    if jobs is None:
        return config
    return dataclasses.replace(config, limits=dataclasses.replace(config.limits, jobs=jobs))


def _nightly(raw: dict[str, Any]) -> NightlyConfig:
    """`nightly:` as `NightlyConfig` (already validated by the schema)."""
    given = dict(raw)
    if "formats" in given:
        given["formats"] = tuple(given["formats"])
    if "lock_wait_seconds" in given:
        given["lock_wait_seconds"] = float(given["lock_wait_seconds"])
    return NightlyConfig(**given)


def load_config(path: Path, source: str = "option") -> Config:
    """Read and validate a config file; raise ConfigError with file, line and key."""
    try:
        loaded = yamlsafe.load_file(path)
    except yamlsafe.YamlError as err:
        raise ConfigError(str(err)) from err
    where = _Where(path, loaded)
    raw = _validate(loaded.data, where)
    _check_columns(raw.get("columns", {}), where)
    try:
        registry = opd_mod.registry_from_config(raw.get("opds"))
    except ValueError as err:
        item = re.search(r"opds\[(\d+)\]", str(err))
        raise ConfigError(f"{where('opds', int(item[1]) if item else 0)}: {err}") from err
    base = path.parent
    limits = _limits(raw.get("limits", {}))
    return Config(
        path=path,
        year=raw.get("year"),
        as_of=_as_of(raw.get("as_of"), where("as_of")),
        inputs=[base / p for p in raw.get("inputs", [])],
        registry=registry,
        columns=raw.get("columns", {}),
        parameters=raw.get("parameters", {}),
        limits=limits,
        core_documents=_core_documents(raw.get("core_documents"), where("core_documents")),
        sha256=loaded.sha256,
        source=source,
        reports=raw.get("reports", "reports"),
        history=raw.get("history", "rl-audit.sqlite"),
        waivers=raw.get("waivers"),
        approved_by=raw.get("approved_by"),
        timezone=zone.checked(
            raw.get("timezone", zone.DEFAULT_ZONE), where("timezone"), ConfigError
        ),
        nightly=_nightly(raw.get("nightly", {})),
        max_locations=raw.get("report", {}).get("max_locations", MAX_LOCATIONS),
        focus_opds=_focus(raw.get("focus_opds"), registry, where),
    )


def _focus(
    raw: list[str] | None, registry: opd_mod.Registry, where: _Where
) -> tuple[str, ...] | None:
    """`focus_opds` as codes (each a code, name or alias of the registry); None when unset."""
    if raw is None:
        return None
    codes = []
    for i, text in enumerate(raw):
        entry = registry.by_code(text) or registry.match(text)
        if entry is None:
            raise ConfigError(
                f"{where('focus_opds', i)}: focus_opds: OPD tidak dikenal / unknown OPD: {text!r}"
            )
        codes.append(entry.code)
    return tuple(dict.fromkeys(codes))


def inside(path: Path, folders: list[Path]) -> bool:
    """Whether `path` lies inside one of `folders` (files among them are skipped)."""
    real = path.resolve()
    return any(f.is_dir() and real.is_relative_to(f.resolve()) for f in folders)


def find_config(
    explicit: Path | None, cwd: Path | None = None, paths: list[Path] | None = None
) -> Config:
    """The config the operator chose: --config, else `rl-audit.yaml` in the working folder.

    Never one inside the inputs: the working folder's config is not used when that
    folder lies inside a folder given as PATH (`rl-audit check .`: the file is then an
    input's, reported as ignored); a config inside a checked folder is never looked
    for. Without a config, the defaults.
    """
    if explicit is not None:
        return load_config(explicit)
    found = (cwd or Path.cwd()) / CONFIG_NAME
    if found.is_file() and not inside(found, paths or []):
        return load_config(found, "working_folder")
    return Config()
