"""The ingest cache: exact round trips, hits without parsing, misses on any change.

Inputs are the generated samples (xlsx, csv, ods) and the real public files of
tests/data/realdata (xls, xlsx, ods, csv). "Not parsed" is asserted by making the
pipeline's reader raise, never by timing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import rl_audit
from rl_audit.cache import entries as entries_mod
from rl_audit.cache.files import IngestCache
from rl_audit.cache.files_codec import Uncacheable, frame_from_parquet, frame_to_parquet
from rl_audit.cache.files_key import entry_key, sha
from rl_audit.catalog.opds import Registry, default_registry
from rl_audit.config import Config
from rl_audit.documents import Document, InputFile, SheetResult
from rl_audit.findings import AuditReport
from rl_audit.ingest import pipeline
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ingest.read import Limits
from rl_audit.run import CheckRequest, run_check

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
REAL = ROOT / "tests" / "data" / "realdata"
SAMPLE_FILES = [
    SAMPLES / "dinkes" / "bku_pengeluaran_2025.csv",
    SAMPLES / "dinkes" / "perjalanan_dinas_2025.xlsx",
    SAMPLES / "dinkes" / "realisasi_per_dokumen_2025.xlsx",
    SAMPLES / "dispusip" / "lra_2025.ods",
    SAMPLES / "puprkp" / "kib_2025.xlsx",
]
REAL_FILES = sorted(p for p in REAL.rglob("*") if p.is_file() and p.name != "README.md")
KIBB = REAL / "kib" / "import_template_kibb.xls"  # names no OPD: found from the path
KIBA = REAL / "kib" / "import_template_kiba.xls"  # OPD from its title, carries an issue


def options(cache: IngestCache | None, **kw: Any) -> IngestOptions:
    return IngestOptions(root=ROOT, cache=cache, **kw)


def assert_frames(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        a, b, check_exact=True, check_index_type=True, check_column_type=True, check_flags=True
    )
    for column in a.columns:
        if pd.api.types.is_object_dtype(a[column]):  # None stays None, not NaN
            assert list(map(repr, a[column])) == list(map(repr, b[column])), column


def assert_same_file(a: InputFile, b: InputFile) -> None:
    for f in fields(InputFile):
        if f.name != "sheets":
            assert getattr(a, f.name) == getattr(b, f.name), f.name
    assert len(a.sheets) == len(b.sheets)
    for sa, sb in zip(a.sheets, b.sheets, strict=True):
        for f in fields(SheetResult):
            if f.name != "documents":
                assert getattr(sa, f.name) == getattr(sb, f.name), (sa.sheet, f.name)
        assert len(sa.documents) == len(sb.documents)
        for da, db in zip(sa.documents, sb.documents, strict=True):
            for f in fields(Document):
                if f.name != "frame":
                    assert getattr(da, f.name) == getattr(db, f.name), f.name
            assert_frames(da.frame, db.frame)


def entry_folder(cache: IngestCache) -> Path:
    (manifest,) = cache.entries.glob("*/manifest.json")
    return manifest.parent


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make the pipeline's reader fail loudly from now on; return the paths it was asked for."""
    calls: list[Path] = []

    def refuse(path: Path, *args: object) -> None:
        calls.append(path)
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(pipeline, "open_workbook", refuse)
    return calls


# --- exact round trip --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", SAMPLE_FILES + REAL_FILES, ids=[p.name for p in SAMPLE_FILES + REAL_FILES]
)
def test_cached_result_equals_a_fresh_ingest(path: Path, tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    fresh = ingest_file(path, options(cache))  # a miss: parsed as without a cache
    assert (cache.misses, cache.stored, cache.hits) == (1, 1, 0), cache.last_error
    cached = ingest_file(path, options(cache))
    assert (cache.misses, cache.hits) == (1, 1)
    assert cached.status == "ok" and cached.sheets
    assert_same_file(fresh, cached)
    assert_same_file(ingest_file(path, options(None)), cached)


def test_title_year_and_workbook_opd_come_back_from_the_cache(tmp_path: Path) -> None:
    path = REAL / "opd-workbooks" / "dpa-realisasi-bali-2026.xlsx"
    cache = IngestCache(tmp_path / "cache")
    ingest_file(path, options(cache))
    cached = ingest_file(path, options(cache))
    assert cache.hits == 1
    docs = {d.sheet: d for d in cached.documents()}
    assert (docs["DPA"].title_year, docs["PLGK"].title_year) == (2026, None)
    assert docs["Jan"].opd is not None and docs["Jan"].opd.source == "workbook"


def test_every_frame_dtype_round_trips_exactly() -> None:
    frame = pd.DataFrame(
        {
            "nilai": pd.array([2**62 + 1, None, -5], dtype="Int64"),  # sen beyond float precision
            "uraian": pd.array(["Belanja", None, "çé"], dtype="string"),
            "kode": pd.Series(["5.1.02", None, "1.02.0"], dtype="str"),
            "tanggal": np.array(
                ["2025-01-02", "NaT", "2025-12-31T13:45:01.123456789"], dtype="datetime64[ns]"
            ),
            "tgl_ms": np.array(["2025-01-02", "NaT", "2025-03-04"], dtype="datetime64[ms]"),
            "persen": pd.array([0.1, None, 1e300], dtype="Float64"),
            "tunai": pd.array([True, None, False], dtype="boolean"),
            "ok": [True, False, True],
            "_row": np.array([9, 10, 11], dtype=np.int64),
            "rasio": [0.1, np.nan, -0.0],
            "_role": np.array(["data", None, "total"], dtype=object),
        }
    )
    for case in (frame, frame.iloc[0:0].reset_index(drop=True)):
        data, meta = frame_to_parquet(case)
        assert_frames(case, frame_from_parquet(data, meta))
    frame.columns = pd.Index(list(frame.columns), dtype=object)
    back = frame_from_parquet(*frame_to_parquet(frame))
    assert back.columns.dtype == object
    assert_frames(frame, back)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"x": np.array([1, "a"], dtype=object)}),
        pd.DataFrame({"x": [1, 2]}, index=[5, 3]),
        pd.DataFrame({"x": pd.Categorical(["a", "b"])}),
    ],
    ids=["mixed-object", "index", "category"],
)
def test_a_frame_that_cannot_round_trip_is_refused(frame: pd.DataFrame) -> None:
    with pytest.raises(Uncacheable):
        frame_to_parquet(frame)


def test_an_uncacheable_result_is_returned_but_not_stored(tmp_path: Path) -> None:
    def read_mixed(path: Path, display: str, opts: IngestOptions) -> InputFile:
        result = pipeline.read_file(path, display, opts)
        result.documents()[0].frame["extra"] = [1, "a"] * (len(result.documents()[0].frame) // 2)
        return result

    cache = IngestCache(tmp_path / "cache")
    path = SAMPLES / "dinkes" / "lra_2025.xlsx"
    for _ in range(2):
        result = cache.fetch(path, "lra.xlsx", options(cache), read_mixed)
        assert result.status == "ok"
    assert (cache.hits, cache.misses, cache.stored, cache.not_stored) == (0, 2, 0, 2)
    assert "Uncacheable" in (cache.last_error or "")


# --- hits and misses ---------------------------------------------------------------------


def test_an_unchanged_file_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = IngestCache(tmp_path / "cache")
    folder = SAMPLES / "dinkes"
    first = pipeline.ingest_paths([folder], options(cache))
    no_parsing = refuse_parsing(monkeypatch)
    second = pipeline.ingest_paths([folder], options(cache))
    assert no_parsing == []
    assert cache.hits == len(second) == 8 and cache.misses == 8
    assert [f.display for f in second] == [f.display for f in first]
    assert all(f.status == "ok" and f.documents() for f in second)


def test_one_changed_byte_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "dinkes" / "bku.csv"
    path.parent.mkdir()
    data = (SAMPLES / "dinkes" / "bku_pengeluaran_2025.csv").read_bytes()
    path.write_bytes(data)
    cache = IngestCache(tmp_path / "cache")
    before = ingest_file(path, options(cache))
    at = data.index(b"Belanja")
    path.write_bytes(data[:at] + b"X" + data[at + 1 :])
    after = ingest_file(path, options(cache))
    assert (cache.hits, cache.misses) == (0, 2)
    assert after.sha256 != before.sha256
    assert after.documents()[0].frame["uraian"].str.startswith("Xelanja").any()
    path.write_bytes(data)
    ingest_file(path, options(cache))
    assert cache.hits == 1  # both versions are kept


@pytest.mark.parametrize(
    "change",
    [
        {"opd": "Dinas Kesehatan"},
        {"columns": {"bku": {"Uraian Belanja": "uraian"}}},
        {"limits": Limits(max_members=5000)},
        {"registry": Registry(default_registry().entries[:-1])},
    ],
    ids=["assumed-opd", "column-override", "limits", "registry"],
)
def test_a_changed_option_is_a_miss(change: dict[str, object], tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    path = SAMPLES / "dinkes" / "lra_2025.xlsx"
    ingest_file(path, options(cache))
    ingest_file(path, options(cache, **change))
    assert (cache.hits, cache.misses, cache.stored) == (0, 2, 2)
    ingest_file(path, options(cache, **change))
    assert cache.hits == 1


def test_another_version_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = IngestCache(tmp_path / "cache")
    path = SAMPLES / "dpmptsp" / "lra_2025.csv"
    ingest_file(path, options(cache))
    monkeypatch.setattr(rl_audit, "__version__", "99.0.0")
    ingest_file(path, options(cache))
    assert (cache.hits, cache.misses) == (0, 2)
    ingest_file(path, options(cache))
    assert cache.hits == 1


def test_a_copy_under_another_name_hits_with_its_own_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = IngestCache(tmp_path / "cache")
    first, copy = tmp_path / "a" / "kiba.xls", tmp_path / "b" / "salinan kib.xls"
    for target in (first, copy):
        target.parent.mkdir()
        shutil.copy(KIBA, target)
    ingest_file(first, IngestOptions(root=tmp_path, cache=cache))
    no_parsing = refuse_parsing(monkeypatch)
    result = ingest_file(copy, IngestOptions(root=tmp_path, cache=cache))
    assert cache.hits == 1 and no_parsing == []
    assert (result.path, result.display) == (copy, str(Path("b") / "salinan kib.xls"))
    issues = [i for s in result.sheets for i in s.issues]
    assert issues and all(i.file == result.display for i in issues)
    assert all(d.file == result.display for d in result.documents())
    assert all(i.file == result.display for d in result.documents() for i in d.warnings)


def test_a_renamed_csv_is_a_miss_because_its_name_is_the_sheet_name(tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    for name in ("bku.csv", "bku_lama.csv"):
        shutil.copy(SAMPLES / "dinkes" / "bku_pengeluaran_2025.csv", tmp_path / name)
        result = ingest_file(tmp_path / name, IngestOptions(root=tmp_path, cache=cache))
        assert result.sheets[0].sheet == Path(name).stem
    assert (cache.hits, cache.misses) == (0, 2)


def test_an_opd_found_from_the_path_follows_the_path(tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")

    def read(folder: str, name: str = "kib.xls") -> str | None:
        target = tmp_path / folder / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(KIBB, target)
        doc = ingest_file(target, IngestOptions(root=tmp_path, cache=cache)).documents()[0]
        return None if doc.opd is None else doc.opd.short

    assert read("dinkes") == "Dinkes"
    assert read("dinkes", "kib lagi.xls") == "Dinkes" and cache.hits == 1
    assert read("puprkp") == "PUPRKP" and cache.hits == 1  # a miss: another OPD
    assert read("lain") is None and cache.misses == 3


# --- damaged entries, errors, deletion, atomic writes ------------------------------------


def _garbage_parquet(entry: Path) -> None:
    (entry / "d0.parquet").write_bytes(b"PAR1 not really parquet PAR1")


def _swapped_parquet(entry: Path) -> None:
    (entry / "d0.parquet").write_bytes((entry / "d1.parquet").read_bytes())


def _bad_dtype(entry: Path) -> None:
    text = (entry / "manifest.json").read_text(encoding="utf-8")
    (entry / "manifest.json").write_text(text.replace('"np:int64"', '"pickle"'), "utf-8")


def _rewritten_consistently(entry: Path) -> None:
    """What anyone who can write the folder can do: swap a frame and fix its hash."""
    data = (entry / "d1.parquet").read_bytes()
    (entry / "d0.parquet").write_bytes(data)
    manifest = json.loads((entry / "manifest.json").read_bytes())
    manifest["frames"][0] = {**manifest["frames"][1], "name": "d0.parquet", "sha256": sha(data)}
    (entry / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def _unsigned(entry: Path) -> None:
    manifest = json.loads((entry / "manifest.json").read_bytes())
    del manifest["hmac"]
    (entry / "manifest.json").write_text(json.dumps(manifest), "utf-8")


DAMAGE = {
    "rewritten-consistently": _rewritten_consistently,
    "unsigned": _unsigned,
    "manifest-garbage": lambda e: (e / "manifest.json").write_bytes(b"\x80\x04garbage"),
    "manifest-empty": lambda e: (e / "manifest.json").write_bytes(b""),
    "manifest-wrong-shape": lambda e: (e / "manifest.json").write_text('{"format": 1}'),
    "parquet-garbage": _garbage_parquet,
    "parquet-missing": lambda e: (e / "d0.parquet").unlink(),
    "parquet-swapped": _swapped_parquet,
    "unknown-dtype": _bad_dtype,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_entry_is_a_miss_and_is_rewritten(damage: str, tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    path = SAMPLES / "puprkp" / "kib_2025.xlsx"  # three sheets, three frames
    fresh = ingest_file(path, options(cache))
    DAMAGE[damage](entry_folder(cache))
    again = ingest_file(path, options(cache))
    assert (cache.hits, cache.misses, cache.invalid, cache.stored) == (0, 2, 1, 2)
    assert_same_file(fresh, again)
    assert_same_file(fresh, ingest_file(path, options(cache)))
    assert cache.hits == 1


def test_entries_hold_only_json_and_parquet(tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    ingest_file(SAMPLES / "puprkp" / "kib_2025.xlsx", options(cache))
    names = sorted(p.name for p in entry_folder(cache).iterdir())
    assert names == ["d0.parquet", "d1.parquet", "d2.parquet", "manifest.json"]


def test_files_with_errors_are_not_cached_and_keep_their_error(tmp_path: Path) -> None:
    data = (REAL / "opd-workbooks" / "deviasi-rak.xlsx").read_bytes()
    (tmp_path / "potong.xlsx").write_bytes(data[: len(data) // 2])
    bad = [tmp_path / "potong.xlsx"]
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    with (SAMPLES / "dinkes" / "lra_2025.xlsx").open("rb") as fh:
        ooxml.OOXMLFile(fh).encrypt("rahasia", encrypted)
    (tmp_path / "rahasia.xlsx").write_bytes(encrypted.getvalue())
    bad.append(tmp_path / "rahasia.xlsx")
    cache = IngestCache(tmp_path / "cache")
    for _ in range(2):
        results = [ingest_file(p, IngestOptions(root=tmp_path, cache=cache)) for p in bad]
        assert [r.error.key if r.error else None for r in results] == [
            "file_corrupt",
            "file_encrypted",
        ]
    assert (cache.hits, cache.misses, cache.stored) == (0, 4, 0)


def test_deleting_the_cache_only_causes_misses(tmp_path: Path) -> None:
    cache = IngestCache(tmp_path / "cache")
    path = SAMPLES / "dinkes" / "lra_2025.xlsx"
    ingest_file(path, options(cache))
    shutil.rmtree(tmp_path / "cache")
    assert ingest_file(path, options(cache)).status == "ok"
    assert (cache.hits, cache.misses, cache.invalid, cache.stored) == (0, 2, 0, 2)


def test_a_write_killed_before_the_rename_leaves_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(tmp: Path, final: Path, tmp_root: Path) -> None:
        assert (tmp / "manifest.json").is_file() and not final.exists()
        raise OSError("killed")

    cache = IngestCache(tmp_path / "cache")
    monkeypatch.setattr(entries_mod, "install", killed)
    result = ingest_file(SAMPLES / "dinkes" / "lra_2025.xlsx", options(cache))
    assert result.status == "ok" and (cache.stored, cache.not_stored) == (0, 1)
    assert list(cache.entries.glob("*/manifest.json")) == []
    assert list((cache.entries / "tmp").iterdir()) == []


# --- pruning ------------------------------------------------------------------------------


def _age(folder: Path, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(folder / "manifest.json", (when, when))


def test_prune_by_age_and_size_keeps_what_this_run_used(tmp_path: Path) -> None:
    files = [SAMPLES / "dinkes" / n for n in ("lra_2025.xlsx", "perjalanan_dinas_2025.xlsx")]
    files.append(SAMPLES / "dpmptsp" / "lra_2025.csv")
    filler = IngestCache(tmp_path / "cache")
    for path in files:
        ingest_file(path, options(filler))
    old, used, other = sorted(filler.entries.glob("*/manifest.json"))
    _age(old.parent, 40)
    leftover = filler.entries / "tmp" / "half-written"
    leftover.mkdir(parents=True)
    os.utime(leftover, (0, 0))
    foreign = filler.entries / "notes"
    foreign.mkdir()
    cache = IngestCache(tmp_path / "cache")
    assert cache.prune() == 1 and not old.exists() and not leftover.exists()
    key = used.parent.name
    hit = next(p for p in files if (entry_key(p, options(cache)) or ("",))[0] == key)
    ingest_file(hit, options(cache))
    assert cache.hits == 1
    assert cache.prune(max_mb=0) == 1
    assert used.exists() and not other.exists() and foreign.exists()


def test_the_first_write_prunes_stale_entries(tmp_path: Path) -> None:
    filler = IngestCache(tmp_path / "cache")
    ingest_file(SAMPLES / "dinkes" / "lra_2025.xlsx", options(filler))
    stale = entry_folder(filler)
    _age(stale, 31)
    cache = IngestCache(tmp_path / "cache", max_age_days=30)
    ingest_file(SAMPLES / "dpmptsp" / "lra_2025.csv", options(cache))
    assert not stale.exists() and cache.stored == 1
    assert (tmp_path / "cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f59")


# --- the whole check ---------------------------------------------------------------------


def _findings(report: AuditReport) -> list[tuple[object, ...]]:
    return [
        (f.rule_id, f.fingerprint, f.locations, f.amount_sen, f.opd, f.message)
        for f in report.findings
    ]


def test_check_with_and_without_the_cache_gives_the_same_findings(tmp_path: Path) -> None:
    paths = [SAMPLES / "dinkes", SAMPLES / "puprkp"]
    plain = run_check(CheckRequest(paths=tuple(paths), config=Config()))
    cache = IngestCache(tmp_path / "cache")
    cold = run_check(CheckRequest(paths=tuple(paths), config=Config(), cache=cache))
    warm = run_check(CheckRequest(paths=tuple(paths), config=Config(), cache=cache))
    assert cache.hits == cache.misses == len(plain.inputs) == 19
    assert len(_findings(plain)) >= 10
    assert _findings(cold) == _findings(plain)
    assert _findings(warm) == _findings(plain)
    assert [i.display for i in warm.inputs] == [i.display for i in plain.inputs]
    assert [(o.rule_id, o.status) for o in warm.outcomes] == [
        (o.rule_id, o.status) for o in plain.outcomes
    ]


def test_a_fifo_named_as_input_is_not_hashed_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "bku.csv"
    os.mkfifo(fifo)
    cache = IngestCache(tmp_path / "cache")
    old = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(10)  # a regression would block on opening the FIFO: fail instead
    try:
        assert entry_key(fifo, options(cache)) is None
        result = ingest_file(fifo, options(cache))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert result.status == "error" and result.error is not None
    assert result.display.endswith("bku.csv") and cache.stored == 0
