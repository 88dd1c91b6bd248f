"""Exact JSON encoding of one OPD's evaluation for the evaluation cache (`cache.evaluation`).

An evaluation is what `engine.evaluate` keeps of one OPD: its `RuleOutcome`s (titles in
every language, reason keys), its `Finding`s (locations, business keys, amount in sen,
waiver note, repeat references with their matrix cell, the placeholder values of their
wording; each rule's shared `Wording` is written once) and its `OpdRun` (period, `Measure`s,
notices, months). No text is rendered: one entry serves every language. Every `OpdRef` is
written with its display name `short`, which dataclass equality does not compare (`same`
does). Nothing is pickled. Decoding checks each field's exact type (an `int` is never a
`bool`, a text never None unless the field allows it) and the shape of every record;
anything this module does not write raises: a damaged or tampered entry is a cache miss.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from rl_audit.cache.monthly_codec import decode_months, encode_months
from rl_audit.cache.notice_codec import decode_notice, encode_notice
from rl_audit.documents import OpdRef
from rl_audit.findings import (
    Finding,
    Location,
    Measure,
    OpdRun,
    RepeatRef,
    RuleOutcome,
    Severity,
    Status,
    WaiverNote,
)
from rl_audit.wording import PARTS, Pairs, Wording

Evaluation = tuple[list[RuleOutcome], list[Finding], OpdRun]
Json = dict[str, Any]
_NONE = type(None)
S, OPT_S, OPT_INT = (str,), (str, _NONE), (int, _NONE)
_TEXTS = (
    "rule_id",
    "bpk_code",
    "document",
    "title",
    "message",
    "fingerprint",
    "remediation",
    "status",
)
_FINDING = {
    *_TEXTS,
    *("severity", "opd", "amount_sen", "locations", "keys", "waiver", "repeat_of"),
    *("wording", "values"),
}
_PLAIN = (str, int, float, bool, _NONE)
_ANY = (*_PLAIN, list)  # a placeholder value: plain, or a tagged date


def _typed(value: Any, *types: type) -> Any:
    """`value` when its exact type is one of `types`; ValueError otherwise."""
    if type(value) not in types:
        raise ValueError(f"unexpected {type(value).__name__} in a cached evaluation")
    return value


def _fields(data: Any, *specs: tuple[type, ...]) -> list[Any]:
    """A positional record: a list of exactly one item per spec, each of its spec's types."""
    if type(data) is not list or len(data) != len(specs):
        raise ValueError(f"expected a record of {len(specs)} fields")
    return [_typed(value, *spec) for value, spec in zip(data, specs, strict=True)]


def _items(data: Any) -> list[Any]:
    """A list (of records to decode one by one)."""
    return list(_typed(data, list))


# --- small records ---------------------------------------------------------------------


def _opd(opd: OpdRef | None) -> list[Any] | None:
    return None if opd is None else [opd.code, opd.name, opd.registered, opd.source, opd.short]


def _load_opd(data: Any) -> OpdRef | None:
    return None if data is None else OpdRef(*_fields(data, S, S, (bool,), S, S))


def _location(loc: Location) -> list[Any]:
    return [loc.file, loc.sheet, loc.row, loc.column, loc.cell]


def _load_location(data: Any) -> Location:
    return Location(*_fields(data, S, S, OPT_INT, OPT_S, OPT_S))


def _waiver(note: WaiverNote | None) -> list[Any] | None:
    if note is None:
        return None
    return [note.reason, note.approved_by, note.approved_on, note.until, note.expired, note.source]


def _load_waiver(data: Any) -> WaiverNote | None:
    return None if data is None else WaiverNote(*_fields(data, S, S, S, OPT_S, (bool,), S))


def _repeat(ref: RepeatRef) -> list[Any]:
    location = None if ref.location is None else _location(ref.location)
    text = [ref.lhp, ref.lhp_date, ref.finding_no, ref.bpk_code, ref.recommendation, ref.status]
    return [*text, location]


def _load_repeat(data: Any) -> RepeatRef:
    lhp, day, number, code, text, status, cell = _fields(data, S, OPT_S, S, S, S, S, (list, _NONE))
    location = None if cell is None else _load_location(cell)
    return RepeatRef(lhp, day, number, code, text, status, location)


# --- placeholder values and wordings ----------------------------------------------------


def _value(value: Any) -> Any:
    """A placeholder value as JSON: plain values as they are, dates tagged."""
    if type(value) in _PLAIN:
        return value
    if type(value) is pd.Timestamp:
        return ["ts", value.isoformat()]
    if type(value) is dt.date:
        return ["date", value.isoformat()]
    raise ValueError(f"a placeholder value of type {type(value).__name__}")


def _load_value(data: Any) -> Any:
    if type(data) is not list:
        return _typed(data, *_PLAIN)
    tag, text = _fields(data, S, S)
    if tag == "ts":
        return pd.Timestamp(text)
    if tag == "date":
        return dt.date.fromisoformat(text)
    raise ValueError(f"unknown placeholder value tag {tag!r}")


def _pairs(items: Pairs) -> list[list[Any]]:
    return [[name, _value(value)] for name, value in items]


def _load_pairs(data: Any) -> Pairs:
    return tuple((n, _load_value(v)) for n, v in (_fields(p, S, _ANY) for p in _items(data)))


def _wording(w: Wording) -> list[Any]:
    parts = (w.title, w.message, w.remediation, w.params, w.akibat, w.sebab, w.rekomendasi)
    return [w.rule_id, *(_pairs(p) for p in parts), w.legal_ref, w.rekomendasi_code]


def _load_wording(data: Any) -> Wording:
    rule_id, *parts, ref, code = _fields(data, S, *[(list,)] * 7, S, S)
    title, message, remedy, akibat, sebab, rec = (_texts(p) for p in parts[:3] + parts[4:])
    params = _load_pairs(parts[3])
    return Wording(rule_id, title, message, remedy, params, ref, akibat, sebab, code, rec)


def _texts(data: Any) -> tuple[tuple[str, str], ...]:
    return tuple((n, t) for n, t in (_fields(p, S, S) for p in _items(data)))


def _wordings(findings: list[Finding]) -> dict[int, Wording]:
    """The findings' distinct shared wordings by id(), in order of first use."""
    return {id(f.wording): f.wording for f in findings if f.wording is not None}


# --- findings, outcomes, the OPD's run -------------------------------------------------


def _text(f: Finding, name: str) -> str:
    """A text field as written: "" for the wording's parts (rendered when read)."""
    return "" if f.wording is not None and name in PARTS else str(getattr(f, name))


def _finding(f: Finding, table: dict[int, int]) -> Json:
    return {
        **{name: _text(f, name) for name in _TEXTS},
        "severity": f.severity.value,
        "opd": _opd(f.opd),
        "amount_sen": f.amount_sen,
        "locations": [_location(loc) for loc in f.locations],
        "keys": list(f.keys),
        "waiver": _waiver(f.waiver),
        "repeat_of": [_repeat(r) for r in f.repeat_of],
        "wording": None if f.wording is None else table[id(f.wording)],
        "values": _pairs(f.values),
    }


def _load_finding(data: Any, wordings: list[Wording]) -> Finding:
    if type(data) is not dict or set(data) != _FINDING:
        raise ValueError("a cached finding without the expected fields")
    return Finding(
        **{k: _typed(data[k], str) for k in _TEXTS},
        severity=Severity(_typed(data["severity"], str)),
        opd=_load_opd(data["opd"]),
        amount_sen=_typed(data["amount_sen"], *OPT_INT),
        locations=tuple(_load_location(loc) for loc in _items(data["locations"])),
        keys=tuple(_typed(k, str) for k in _items(data["keys"])),
        waiver=_load_waiver(data["waiver"]),
        repeat_of=tuple(_load_repeat(r) for r in _items(data["repeat_of"])),
        wording=None if data["wording"] is None else wordings[_typed(data["wording"], int)],
        values=_load_pairs(data["values"]),
    )


def _outcome(o: RuleOutcome) -> list[Any]:
    head = [o.rule_id, o.title, o.bpk_code, o.severity.value, o.status.value, o.findings]
    keyed = [_pairs(o.titles), o.reason_key, _pairs(o.reason_params)]
    return [*head, o.reason, _opd(o.opd), *keyed]


def _load_outcome(data: Any) -> RuleOutcome:
    specs = (S, S, S, S, S, (int,), OPT_S, (list, _NONE), (list,), OPT_S, (list,))
    rule_id, title, code, severity, status, count, reason, opd, *keyed = _fields(data, *specs)
    severity, status = Severity(severity), Status(status)
    titles, key, params = _texts(keyed[0]), keyed[1], _load_pairs(keyed[2])
    head = (rule_id, title, code, severity, status, count, reason, _load_opd(opd))
    return RuleOutcome(*head, titles, key, params)


def _run(run: OpdRun) -> Json:
    metrics = {k: [m.numerator_sen, m.denominator_sen, m.target] for k, m in run.metrics.items()}
    return {
        "opd": _opd(run.opd),
        "year": run.year,
        "as_of": run.as_of,
        "metrics": metrics,
        "last_data_date": run.last_data_date,
        "kinds": list(run.kinds),
        "notices": [encode_notice(n) for n in run.notices],
        "monthly": encode_months(run.monthly_note, run.non_cash_basis, run.monthly),
    }


def _load_measure(data: Any) -> Measure:
    return Measure(*_fields(data, (int, _NONE), (int,), (int, float, _NONE)))


_RUN_FIELDS = {"opd", "year", "as_of", "metrics", "last_data_date", "kinds", "notices"}


def _load_run(data: Any) -> OpdRun:
    if type(data) is not dict or set(data) != _RUN_FIELDS | {"monthly"}:
        raise ValueError("a cached OPD run without the expected fields")
    if (opd := _load_opd(data["opd"])) is None:
        raise ValueError("a cached OPD run without its OPD")
    return OpdRun(
        opd,
        _typed(data["year"], int, _NONE),
        _typed(data["as_of"], str, _NONE),
        {_typed(k, str): _load_measure(m) for k, m in _typed(data["metrics"], dict).items()},
        _typed(data["last_data_date"], str, _NONE),
        tuple(_typed(k, str) for k in _items(data["kinds"])),
        tuple(decode_notice(n) for n in _items(data["notices"])),
        *decode_months(data["monthly"]),
    )


def encode(evaluation: Evaluation) -> Json:
    """A JSON-safe dict of one OPD's outcomes, findings and run."""
    outcomes, findings, run = evaluation
    shared = _wordings(findings)
    table = {key: i for i, key in enumerate(shared)}
    return {
        "outcomes": [_outcome(o) for o in outcomes],
        "wordings": [_wording(w) for w in shared.values()],
        "findings": [_finding(f, table) for f in findings],
        "run": _run(run),
    }


def decode(data: Any) -> Evaluation:
    """The evaluation `encode` wrote; ValueError (or KeyError, TypeError) on anything else."""
    if type(data) is not dict or set(data) != {"outcomes", "wordings", "findings", "run"}:
        raise ValueError("a cached evaluation without the expected parts")
    outcomes = [_load_outcome(o) for o in _items(data["outcomes"])]
    wordings = [_load_wording(w) for w in _items(data["wordings"])]
    findings = [_load_finding(f, wordings) for f in _items(data["findings"])]
    return outcomes, findings, _load_run(data["run"])


def shorts(evaluation: Evaluation) -> list[str]:
    """The display names of every OPD reference (not compared by dataclass equality)."""
    outcomes, findings, run = evaluation
    refs = [o.opd for o in outcomes] + [f.opd for f in findings] + [run.opd]
    return [ref.short if ref is not None else "\0none" for ref in refs]


def same(a: Evaluation, b: Evaluation) -> bool:
    """Whether two evaluations are equal, OPD display names (`OpdRef.short`) included."""
    return a == b and shorts(a) == shorts(b)
