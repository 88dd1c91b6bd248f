"""The evaluation cache: exact round trips, hits without evaluating, misses on any change.

Inputs are copies of samples/puprkp and samples/rsud_curup and of the bundled rules (so
the module is not disturbed by edits elsewhere). "Not evaluated" is asserted by making
`engine.evaluate_opd` raise, never by timing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import rl_audit
from rl_audit.cache import evaluation as evalcache_mod
from rl_audit.cache import sign as cache_sign
from rl_audit.cache.evaluation import EvalCache
from rl_audit.cache.evaluation_codec import Evaluation, decode, encode, same, shorts
from rl_audit.cache.files import IngestCache
from rl_audit.catalog.calendar import WorkCalendar
from rl_audit.config import Config
from rl_audit.documents import InputFile, OpdRef
from rl_audit.engine import evaluate as engine
from rl_audit.findings import AuditReport, Measure, OpdRun, WaiverNote
from rl_audit.report.json_report import to_json
from rl_audit.ruleset.load import RuleSet
from rl_audit.run import CheckRequest, load_rule_sets, resolve_params, run_check

ROOT = Path(__file__).resolve().parent.parents[1]
OPDS = ("puprkp", "rsud_curup")
ONE = ("rsud_curup",)  # --opd: evaluate one of the two


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """inbox/<opd>/ copies of the two sample OPDs and rules/ a copy of the bundled pack."""
    base = tmp_path_factory.mktemp("evalcache")
    for opd in OPDS:
        shutil.copytree(ROOT / "samples" / opd, base / "inbox" / opd)
    shutil.copytree(ROOT / "rules", base / "rules")
    return base


@pytest.fixture(scope="module")
def ingest_cache(project: Path) -> IngestCache:
    """Shared by every run of the module: only evaluation is under test."""
    return IngestCache(project / "ingest-cache")


def check(project: Path, ingest: IngestCache, cache: EvalCache | None, **kw: Any) -> AuditReport:
    """One check of the project's inbox with its rules copy (`paths`/`rules` overridable)."""
    kw.setdefault("paths", (project / "inbox",))
    kw.setdefault("rules", (project / "rules",))
    request = CheckRequest(config=Config(), cache=ingest, eval_cache=cache, **kw)
    with contextlib.chdir(request.paths[0].parent):  # displays: inbox/<opd>/<file>
        return run_check(request)


@pytest.fixture(scope="module")
def warm(project: Path) -> Path:
    """The cache folder the reference run fills (copy it before changing it)."""
    return project / "warm"


@pytest.fixture(scope="module")
def fresh(project: Path, ingest_cache: IngestCache, warm: Path) -> AuditReport:
    """The reference run: both OPDs evaluated (an empty cache), their entries stored."""
    cache = EvalCache(warm)
    report = check(project, ingest_cache, cache)
    assert cache.counters() == dict(hits=0, misses=2, stored=2, invalid=0, not_stored=0)
    return report


Plain = tuple[RuleSet, engine.RunOptions]


@pytest.fixture(scope="module")
def plain(project: Path) -> Plain:
    """The rule set and options `run_check` builds for a plain check of the project."""
    rule_set = load_rule_sets([project / "rules"])
    return rule_set, engine.RunOptions(resolve_params(rule_set, Config(), {}))


@pytest.fixture
def cache(fresh: AuditReport, warm: Path, tmp_path: Path) -> EvalCache:
    """A private copy of the warm cache."""
    shutil.copytree(warm, tmp_path / "eval")
    return EvalCache(tmp_path / "eval")


@pytest.fixture
def no_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any OPD evaluated from here on fails the test."""

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("evaluate_opd called although the evaluation was cached")

    monkeypatch.setattr(engine, "evaluate_opd", refuse)


def per_opd(report: AuditReport) -> Iterator[Evaluation]:
    """The report's outcomes, findings and run of each OPD."""
    for run in report.opd_runs:
        code = run.opd.code
        outcomes = [o for o in report.outcomes if o.opd is not None and o.opd.code == code]
        findings = [f for f in report.findings if f.opd is not None and f.opd.code == code]
        yield outcomes, findings, run


def returning(evaluation: Evaluation) -> Callable[[], Evaluation]:
    return lambda: evaluation


def round_trip(evaluation: Evaluation) -> Evaluation:
    return decode(json.loads(json.dumps(encode(evaluation), ensure_ascii=False)))


def assert_same_report(a: AuditReport, b: AuditReport) -> None:
    assert a.outcomes == b.outcomes and a.findings == b.findings and a.opd_runs == b.opd_runs
    assert [f.opd.short for f in a.findings if f.opd] == [f.opd.short for f in b.findings if f.opd]
    assert [r.opd.short for r in a.opd_runs] == [r.opd.short for r in b.opd_runs]
    assert (a.year, a.as_of) == (b.year, b.as_of)


# --- the codec -------------------------------------------------------------------------


def test_a_real_evaluation_round_trips_exactly(fresh: AuditReport) -> None:
    evaluations = list(per_opd(fresh))
    assert len(evaluations) == 2
    findings = [f for _, found, _ in evaluations for f in found]
    # the run exercises every part: amounts, cells, business keys, repeats, metrics
    assert any(f.amount_sen for f in findings) and any(f.repeat_of for f in findings)
    assert any(loc.cell for f in findings for loc in f.locations) and any(f.keys for f in findings)
    assert all(run.metrics for _, _, run in evaluations)
    assert all(len(run.monthly) == 12 for _, _, run in evaluations)  # the leadership view
    for evaluation in evaluations:
        back = round_trip(evaluation)
        assert back == evaluation and same(back, evaluation)
        assert shorts(back) == shorts(evaluation) and all(shorts(back))


def test_waiver_notes_and_odd_values_round_trip(fresh: AuditReport) -> None:
    outcomes, findings, run = next(per_opd(fresh))
    note = WaiverNote("diterima", "Inspektorat", "2026-01-05", None, False, "waivers.yaml:3")
    expired = replace(note, until="2026-02-01", expired=True)
    changed = [
        replace(findings[0], waiver=note, status="waived", amount_sen=None, locations=()),
        replace(findings[1], waiver=expired, opd=None, keys=("a=b", "ü€")),
    ]
    metrics = {"absorption": Measure(0, 10**15, None), "other": Measure(-5, 3, 95)}
    evaluation = (outcomes, changed, replace(run, metrics=metrics))
    back = round_trip(evaluation)
    assert same(back, evaluation) and back[1][0].waiver == note and back[1][1].opd is None
    assert type(back[2].metrics["other"].target) is int


def test_only_the_display_name_differs_is_not_the_same(fresh: AuditReport) -> None:
    outcomes, findings, run = next(per_opd(fresh))
    renamed = replace(run, opd=replace(run.opd, short="LAIN"))
    assert (outcomes, findings, renamed) == (outcomes, findings, run)  # short: compare=False
    assert not same((outcomes, findings, renamed), (outcomes, findings, run))


def test_wording_values_round_trip_and_odd_ones_are_refused(fresh: AuditReport) -> None:
    outcomes, findings, run = next(per_opd(fresh))
    odd = (("d", pd.Timestamp("2025-03-01 10:00")), ("day", date(2025, 3, 2)), ("none", None))
    changed = [replace(findings[0], values=(*findings[0].values, *odd, ("x", 1.5), ("b", True)))]
    back = round_trip((outcomes, changed, run))
    assert same(back, (outcomes, changed, run)) and back[1][0].values == changed[0].values
    assert back[1][0].text("message", "en") == changed[0].text("message", "en")
    with pytest.raises(ValueError, match="placeholder value"):
        encode((outcomes, [replace(findings[0], values=(("s", {1}),))], run))


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["findings"][0].__setitem__("amount_sen", "12"),
        lambda d: d["findings"][0].__setitem__("amount_sen", True),
        lambda d: d["findings"][0].pop("keys"),
        lambda d: d["findings"][0]["locations"][0].append("extra"),
        lambda d: d["outcomes"][0].__setitem__(3, "fatal"),
        lambda d: d["run"].__setitem__("opd", None),
        lambda d: d["run"]["metrics"].__setitem__("x", [1, 2.5, None]),
    ],
)
def test_anything_the_codec_does_not_write_is_refused(fresh: AuditReport, damage: Any) -> None:
    data = json.loads(json.dumps(encode(next(per_opd(fresh)))))
    damage(data)
    with pytest.raises((ValueError, KeyError, TypeError)):
        decode(data)


# --- hits ------------------------------------------------------------------------------


def test_a_warm_cache_gives_the_same_report_without_evaluating(
    project: Path,
    ingest_cache: IngestCache,
    fresh: AuditReport,
    cache: EvalCache,
    no_evaluation: None,
) -> None:
    again = check(project, ingest_cache, cache)
    assert cache.counters() == dict(hits=2, misses=0, stored=0, invalid=0, not_stored=0)
    assert_same_report(again, fresh)
    assert [f.message for f in again.findings] == [f.message for f in fresh.findings]
    assert [o.title for o in again.outcomes] == [o.title for o in fresh.outcomes]
    assert [s.score for s in again.opds] == [s.score for s in fresh.opds]


def test_one_entry_serves_both_languages(
    project: Path,
    ingest_cache: IngestCache,
    fresh: AuditReport,
    plain: Plain,
    cache: EvalCache,
    no_evaluation: None,
) -> None:
    english = check(project, ingest_cache, cache, lang="en")  # the entries of an `id` run
    assert cache.hits == 2 and cache.misses == 0
    said = {f["fingerprint"]: f for f in json.loads(to_json(english, "en"))["findings"]}
    templates = {r.id: r.message["en"] for r in plain[0].rules}
    assert len(said) == len(fresh.findings) > 0
    for f in fresh.findings:
        message = said[f.fingerprint]["message"]
        assert message.startswith(templates[f.rule_id].split("{")[0]) and message != f.message
    rules = {r["id"]: r["title"] for r in json.loads(to_json(english, "en"))["rules"]}
    assert all(rules[r.id] == r.title["en"] for r in plain[0].rules if r.id in rules)


def test_an_opd_filter_reads_the_same_entries(
    project: Path, ingest_cache: IngestCache, fresh: AuditReport, cache: EvalCache
) -> None:
    one = check(project, ingest_cache, cache, opds=ONE)  # --opd: a filter, the same keys
    assert cache.hits == 1 and cache.misses == 0 and len(one.opd_runs) == 1


def test_a_comment_in_a_rule_file_changes_nothing(
    project: Path, ingest_cache: IngestCache, cache: EvalCache, tmp_path: Path, no_evaluation: None
) -> None:
    rules = shutil.copytree(project / "rules", tmp_path / "rules")
    path = rules / "kas.yaml"
    path.write_text("# diperiksa ulang\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    check(project, ingest_cache, cache, rules=(rules,))
    assert cache.hits == 2


# --- misses ----------------------------------------------------------------------------


def _changed_rule(tmp: Path, project: Path) -> dict[str, Any]:
    rules = shutil.copytree(project / "rules", tmp / "rules")
    path = rules / "kas.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"][0]["title"]["id"] += " (diubah)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"rules": [rules]}


def _touched_file(tmp: Path, project: Path) -> dict[str, Any]:
    inbox = shutil.copytree(project / "inbox", tmp / "inbox")
    with (inbox / "rsud_curup" / "buku_pembantu_pajak_2025.csv").open("a") as fh:
        fh.write("\n")  # other bytes, same rows
    return {"paths": [inbox]}


def _renamed_file(tmp: Path, project: Path) -> dict[str, Any]:
    inbox = shutil.copytree(project / "inbox", tmp / "inbox")
    lra = inbox / "rsud_curup" / "lra_2025.xlsx"
    lra.rename(lra.with_name("lra_2025_revisi.xlsx"))
    return {"paths": [inbox]}


@pytest.mark.parametrize(
    ("change", "hits"),
    [
        (lambda tmp, project: {"params": {"cash_limit": 1_000_000}, "opds": ONE}, 0),
        (lambda tmp, project: {**_changed_rule(tmp, project), "opds": ONE}, 0),
        (_touched_file, 1),  # rsud_curup changed, puprkp not
        (_renamed_file, 1),
    ],
    ids=["param", "rule", "file-bytes", "file-name"],
)
def test_a_change_is_a_miss(
    project: Path,
    ingest_cache: IngestCache,
    cache: EvalCache,
    tmp_path: Path,
    change: Any,
    hits: int,
) -> None:
    check(project, ingest_cache, cache, **change(tmp_path, project))
    assert (cache.misses, cache.hits, cache.stored) == (1, hits, 1)


@pytest.mark.parametrize(
    "change",
    [
        {"params": {"cash_limit": 1_000_000}},
        {"params": {"pph_deposit_deadline": "workdays:5"}},
        {"as_of": pd.Timestamp("2025-09-30")},
        {"year": 2024},
        {"select": ("KAS", "TL")},
        {"ignore": ("ANL",)},
        {"calendar": WorkCalendar(extra=["2025-06-02"])},
        {"calendar": WorkCalendar(removed=["2025-12-25"])},
    ],
)
def test_a_changed_run_option_changes_every_key(
    plain: Plain, fresh: AuditReport, cache: EvalCache, change: dict[str, Any]
) -> None:
    stored = {p.parent.name for p in _entries(cache)}
    options = plain[1]
    if "params" in change:
        change = {"params": {**options.params, **change["params"]}}
    assert keys(plain, cache, fresh.inputs, options) == stored
    assert not keys(plain, cache, fresh.inputs, replace(options, **change)) & stored


def test_evaluate_takes_the_cache_and_a_changed_calendar_is_a_miss(
    plain: Plain, fresh: AuditReport, cache: EvalCache, no_evaluation: None
) -> None:
    rule_set, options = plain
    report = engine.evaluate(rule_set, fresh.inputs, options, cache)
    assert cache.hits == 2 and report.findings == fresh.findings
    holiday = replace(options, calendar=WorkCalendar(extra=["2025-06-02"]))
    with pytest.raises(AssertionError, match="evaluate_opd called"):
        engine.evaluate(rule_set, fresh.inputs, holiday, cache)
    assert cache.misses == 1


def keys(
    plain: Plain,
    cache: EvalCache,
    inputs: list[InputFile],
    options: engine.RunOptions | None = None,
) -> set[str | None]:
    """The entry key of each OPD of `inputs` in a check with `options` (default: plain)."""
    rule_set, options = plain[0], options or plain[1]
    rules = engine.select_rules(rule_set.rules, options.select, options.ignore)
    options, _ = engine.with_period(options, [d for f in inputs for d in f.documents()])
    session = cache.session(rules, options.params, options, inputs)
    return {session.key(opd, docs) for opd, docs in engine.group_by_opd(inputs).values()}


def test_another_version_is_a_miss(
    plain: Plain, fresh: AuditReport, cache: EvalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = {p.parent.name for p in _entries(cache)}
    assert keys(plain, cache, fresh.inputs) == stored
    monkeypatch.setattr(rl_audit, "__version__", "9.9.9")
    assert not keys(plain, cache, fresh.inputs) & stored
    assert all(cache.get(key) is None for key in stored) and cache.invalid == 2


# --- damaged entries, storage ----------------------------------------------------------


def _entries(cache: EvalCache) -> list[Path]:
    return sorted(p / "manifest.json" for p in cache.entries.iterdir() if p.name != "tmp")


def _by_opd(cache: EvalCache) -> dict[str, str]:
    """OPD code → key of its entry."""
    found = {}
    for path in _entries(cache):
        found[json.loads(path.read_bytes())["evaluation"]["run"]["opd"][0]] = path.parent.name
    return found


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00{not json")


def _edited(path: Path) -> None:  # valid JSON, content changed without its checksum
    data = json.loads(path.read_bytes())
    data["evaluation"]["findings"][0]["message"] = "palsu"
    path.write_text(json.dumps(data), encoding="utf-8")


def _signed(path: Path, data: dict[str, Any]) -> None:
    """Write `data` signed with the real installation key (only its holder can do this)."""
    key = cache_sign.installation_key(path.parent.parent.parent)
    path.write_text(json.dumps(cache_sign.sign(key, data)), encoding="utf-8")


def _resigned(path: Path) -> None:  # validly signed, but a field of the wrong type
    data = json.loads(path.read_bytes())
    data["evaluation"]["findings"][0]["amount_sen"] = "1000"
    _signed(path, data)


def _old_format(path: Path) -> None:  # validly signed, but of another format
    data = json.loads(path.read_bytes())
    data["format"] = 0
    _signed(path, data)


def _forged(path: Path) -> None:  # findings emptied, a keyless hash recomputed: not the HMAC
    data = json.loads(path.read_bytes())
    data["evaluation"]["findings"] = []
    del data["hmac"]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    data["hmac"] = hashlib.sha256(text.encode()).hexdigest()
    path.write_text(json.dumps(data), encoding="utf-8")


def _unsigned(path: Path) -> None:  # an entry of the old, unkeyed format
    data = json.loads(path.read_bytes())
    del data["hmac"]
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("damage", [_garbage, _edited, _resigned, _old_format, _forged, _unsigned])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(
    fresh: AuditReport, cache: EvalCache, damage: Any
) -> None:
    key_of = _by_opd(cache)
    for path in _entries(cache):
        damage(path)
    for evaluation in per_opd(fresh):
        key = key_of[evaluation[2].opd.code]
        assert same(cache.fetch(key, returning(evaluation)), evaluation)
    assert (cache.invalid, cache.misses, cache.stored, cache.hits) == (2, 2, 2, 0)
    again = EvalCache(cache.folder)
    for evaluation in per_opd(fresh):
        found = again.get(key_of[evaluation[2].opd.code])
        assert found is not None and same(found, evaluation)
    assert again.hits == 2


def test_a_check_over_a_damaged_cache_is_right(
    project: Path, ingest_cache: IngestCache, fresh: AuditReport, cache: EvalCache
) -> None:
    for path in _entries(cache):
        _garbage(path)
    report = check(project, ingest_cache, cache, opds=ONE)
    assert (cache.invalid, cache.misses, cache.stored) == (1, 1, 1)
    expected = {e[2].opd.code: e for e in per_opd(fresh)}
    ((outcomes, findings, run),) = per_opd(report)
    assert same((outcomes, findings, run), expected[run.opd.code])


def test_a_forged_cache_cannot_empty_the_findings(
    project: Path, ingest_cache: IngestCache, fresh: AuditReport, cache: EvalCache
) -> None:
    for path in _entries(cache):
        _forged(path)  # every entry: no findings, a hash anyone can compute
    report = check(project, ingest_cache, cache, opds=ONE)
    assert (cache.invalid, cache.hits, cache.misses) == (1, 0, 1)
    expected = {e[2].opd.code: e for e in per_opd(fresh)}
    ((outcomes, findings, run),) = per_opd(report)
    assert findings and same((outcomes, findings, run), expected[run.opd.code])


def test_entries_are_json_only_and_tagged(cache: EvalCache) -> None:
    entries = _entries(cache)
    assert len(entries) == 2
    assert all(sorted(p.name for p in e.parent.iterdir()) == ["manifest.json"] for e in entries)
    assert "evaluation cache" in (cache.folder / "CACHEDIR.TAG").read_text(encoding="utf-8")


def test_deleting_the_cache_only_causes_misses(fresh: AuditReport, cache: EvalCache) -> None:
    key_of = _by_opd(cache)
    shutil.rmtree(cache.folder)
    for evaluation in per_opd(fresh):
        key = key_of[evaluation[2].opd.code]
        assert cache.get(key) is None
        cache.put(key, *evaluation)
    assert (cache.misses, cache.invalid, cache.stored) == (2, 0, 2) and len(_entries(cache)) == 2


def test_prune_removes_old_entries_but_not_used_ones(fresh: AuditReport, cache: EvalCache) -> None:
    assert cache.prune(max_age_days=0) == 2 and not _entries(cache)
    for evaluation in per_opd(fresh):
        cache.put(hashlib.sha256(evaluation[2].opd.code.encode()).hexdigest(), *evaluation)
    assert cache.prune(max_age_days=0, max_mb=0) == 0 and len(_entries(cache)) == 2


# --- a period that defaults to today ---------------------------------------------------


def _today_run(day: date) -> Evaluation:
    opd = OpdRef("1.02", "Dinas", short="DIN")
    return [], [], OpdRun(opd, day.year, day.isoformat(), {})


class _Tomorrow(date):
    @classmethod
    def today(cls) -> _Tomorrow:
        real = date.today() + timedelta(days=1)
        return cls(real.year, real.month, real.day)


def test_a_period_of_today_is_valid_today_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, calls = EvalCache(tmp_path), []

    def compute() -> Evaluation:
        calls.append(1)
        return _today_run(date.today())

    cache.fetch("a" * 64, compute, dated=True)
    cache.fetch("b" * 64, compute, dated=False)  # with --as-of: today is just a date
    assert cache.fetch("a" * 64, compute, dated=True) == _today_run(date.today())
    assert len(calls) == 2 and cache.hits == 1
    monkeypatch.setattr(evalcache_mod, "date", _Tomorrow)
    cache.fetch("a" * 64, compute, dated=True)
    cache.fetch("b" * 64, compute, dated=False)
    assert len(calls) == 3 and cache.hits == 2


def test_a_result_that_cannot_be_stored_is_still_returned(tmp_path: Path) -> None:
    cache = EvalCache(tmp_path)
    run = OpdRun(OpdRef("1", "X"), 2025, "2025-12-31", {"m": Measure(1, 2, float("nan"))})
    assert cache.fetch("c" * 64, returning(([], [], run))) == ([], [], run)
    assert (cache.not_stored, cache.stored) == (1, 0) and "read back" in str(cache.last_error)
