"""Entry keys of the evaluation cache (`cache.evaluation`): everything an OPD's result depends on.

`engine.evaluate_opd` (then `repeats.link_repeats`) is a function of the selected rules,
the resolved parameters, the run options it reads, the OPD and the OPD's documents. The
key hashes each of them:

- **tool**: the cache format, `rl_audit.__version__`, a hash of the package's source and
  shipped data (every `.py` and `.yaml` under `rl_audit/`, so a changed check, message
  catalog or `kinds.yaml` never reads old results, even without a version bump), the
  Python minor version and the versions of pandas, numpy and `holidays` (the holiday
  tables of the working-day calendar);
- **run**: the selected rules in order (every field of each rule but the path of its
  file: a changed title, expression, option or message is a miss; a comment or layout
  change of the file, or a moved rules folder, is not), `--select`/`--ignore`, the
  resolved parameters, `--as-of`, `--year` and the calendar's extra and removed days
  (not the language: findings keep their wording's values, rendered by the reporters);
- **OPD**: its reference (code, name, registered, source, display name) and, for each of
  its documents in evaluation order (the order of findings depends on it): the display
  path (findings name the file), the input file's SHA-256, sheet, kind, the document's
  OPD, its column letters and a digest of its normalised frame (values, column names
  and dtypes, so a change of the column overrides or of the OPD registry is seen even
  for unchanged bytes).

`--opd` filters are not part of the key: they choose which OPDs are evaluated, not how.
A value that cannot be fingerprinted gives no key: that OPD is evaluated, not cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

import rl_audit
from rl_audit.cache.files_key import lib_version, sha

if TYPE_CHECKING:
    from rl_audit.catalog.calendar import WorkCalendar
    from rl_audit.documents import Document, InputFile, OpdRef
    from rl_audit.engine.options import RunOptions
    from rl_audit.ruleset.load import Rule

FORMAT = 1
_LIBS = ("pandas", "numpy", "holidays")
_SOURCES = (".py", ".yaml")
_SKIP = {"__pycache__", "_rules"}


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """SHA-256 over the package's `.py` and `.yaml` files (names and bytes, sorted)."""
    package = Path(rl_audit.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.suffix in _SOURCES and not _SKIP & set(relative.parts) and path.is_file():
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def tool_fingerprint() -> dict[str, Any]:
    """Format, version, source hash, Python and library versions."""
    return {
        "format": FORMAT,
        "version": rl_audit.__version__,
        "source": source_fingerprint(),
        "python": list(sys.version_info[:2]),
        "libs": {name: lib_version(name) for name in _LIBS},
    }


def _canonical(value: Any) -> Any:
    """JSON stand-ins for what `json` cannot write (dates, sets, other objects), typed."""
    if isinstance(value, datetime | date):  # pd.Timestamp is a datetime
        return ["date", value.isoformat()]
    if isinstance(value, set | frozenset):
        return ["set", sorted(_dump(v) for v in value)]
    return [type(value).__qualname__, repr(value)]


def _dump(value: Any) -> str:
    """Canonical JSON text of `value` (TypeError/ValueError when it has none)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_canonical)


def calendar_identity(calendar: WorkCalendar) -> dict[str, list[str]]:
    """The calendar's own holidays and working days (the library's come with its version)."""
    return {
        "extra": sorted(d.isoformat() for d in calendar.extra),
        "removed": sorted(d.isoformat() for d in calendar.removed),
    }


def run_fingerprint(rules: list[Rule], params: dict[str, Any], options: RunOptions) -> str:
    """Hash of the tool and of everything a run gives every OPD's evaluation."""
    state = {
        "tool": tool_fingerprint(),
        "rules": [dataclasses.asdict(replace(rule, source="")) for rule in rules],
        "select": list(options.select),
        "ignore": list(options.ignore),
        "params": params,
        "as_of": None if options.as_of is None else options.as_of.isoformat(),
        "year": options.year,
        "calendar": calendar_identity(options.calendar),
    }
    return sha(_dump(state).encode("utf-8"))


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's row hashes (index included), column names and dtypes."""
    rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    digest = hashlib.sha256(rows.tobytes())
    digest.update(_dump([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode("utf-8"))
    return digest.hexdigest()


def _opd(opd: OpdRef | None) -> list[Any] | None:
    return None if opd is None else [opd.code, opd.name, opd.registered, opd.source, opd.short]


def document_identity(doc: Document, hashes: dict[str, str | None]) -> list[Any]:
    """What of a document an evaluation reads: file, content hash, sheet, kind, OPD, frame."""
    opd, frame = _opd(doc.opd), frame_digest(doc.frame)
    return [doc.file, hashes.get(doc.file), doc.sheet, doc.kind, opd, doc.columns, frame]


def file_hashes(inputs: list[InputFile]) -> dict[str, str | None]:
    """Display path → SHA-256 of each input file (`Document.file` is the display path)."""
    return {f.display: f.sha256 for f in inputs}


def opd_key(run: str, opd: OpdRef, docs: list[Document], hashes: dict[str, str | None]) -> str:
    """The entry key of one OPD's evaluation in a run with fingerprint `run`."""
    documents = [document_identity(doc, hashes) for doc in docs]
    return sha(_dump([run, _opd(opd), documents]).encode("utf-8"))
