"""The validated rule pack is cached by the hash of its files (`rl_audit.cache.rules`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rl_audit.cache import rules as rules_cache
from rl_audit.cache.rules_codec import decode, encode
from rl_audit.ruleset import load
from rl_audit.ruleset.load import CACHED, bundled_rules_dir, load_rules, read_rules

PACK = bundled_rules_dir()


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the pack.yaml and two rule files of the bundled pack."""
    folder = tmp_path / "pack"
    folder.mkdir()
    for name in ("pack.yaml", "pajak.yaml", "penerimaan.yaml"):
        shutil.copy(PACK / name, folder / name)
    return folder


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources the schema validator was called for (a cache hit calls it for none)."""
    seen: list[str] = []
    real = load.schema_errors

    def counting(data: object, src: str) -> list[str]:
        seen.append(src)
        return real(data, src)

    monkeypatch.setattr(load, "schema_errors", counting)
    monkeypatch.setenv(rules_cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(rules_cache.ENV_OFF, raising=False)
    return seen


def entries(tmp_path: Path) -> list[Path]:
    """The cache entries written so far."""
    return sorted((tmp_path / "cache").glob("*.json"))


def test_a_second_load_is_served_from_the_cache(pack: Path, calls: list[str], tmp_path) -> None:
    first = load_rules(pack)
    assert len(calls) == 2 and len(entries(tmp_path)) == 1
    second = load_rules(pack)
    assert len(calls) == 2  # not validated again
    assert second == first == read_rules(pack)
    assert second.sha256 == first.sha256 and second.rules[0].source == str(pack / "pajak.yaml")


def test_a_single_rule_file_is_cached_with_its_pack_yaml(pack: Path, calls: list[str]) -> None:
    first = load_rules(pack / "pajak.yaml")
    assert load_rules(pack / "pajak.yaml") == first and len(calls) == 1
    (pack / "pack.yaml").write_text(
        (pack / "pack.yaml").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8"
    )
    changed = load_rules(pack / "pajak.yaml")
    assert len(calls) == 2 and changed.sha256 != first.sha256


def test_a_changed_rule_file_is_a_miss(pack: Path, calls: list[str], tmp_path) -> None:
    first = load_rules(pack)
    path = pack / "penerimaan.yaml"
    text = path.read_text(encoding="utf-8")
    title = first.rules[-1].title["id"]
    path.write_text(text.replace(title, title + " (diubah)", 1), encoding="utf-8")
    second = load_rules(pack)
    assert len(calls) == 4 and len(entries(tmp_path)) == 2
    assert second.rules[-1].title["id"] == title + " (diubah)"
    assert second.sha256 != first.sha256


def test_a_tampered_entry_is_a_miss(pack: Path, calls: list[str], tmp_path) -> None:
    first = load_rules(pack)
    (entry,) = entries(tmp_path)
    text = entry.read_text(encoding="utf-8")
    assert '"high"' in text
    entry.write_text(text.replace('"high"', '"info"'), encoding="utf-8")  # HMAC kept
    assert load_rules(pack) == first and len(calls) == 4
    assert json.loads(entry.read_text(encoding="utf-8"))["hmac"]  # rewritten, signed


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"hmac": "00"}', b"\xff\xfe"])
def test_a_broken_entry_is_a_miss_never_an_error(
    pack: Path, calls: list[str], tmp_path, garbage: bytes
) -> None:
    first = load_rules(pack)
    (entry,) = entries(tmp_path)
    entry.write_bytes(garbage)
    assert load_rules(pack) == first and len(calls) == 4


def test_no_cache_env_skips_it(pack: Path, calls: list[str], tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(rules_cache.ENV_OFF, "1")
    assert load_rules(pack) == load_rules(pack)
    assert len(calls) == 4 and not (tmp_path / "cache").exists()


def test_an_unwritable_cache_folder_only_means_nothing_is_stored(
    pack: Path, calls: list[str], tmp_path, monkeypatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(rules_cache.ENV_DIR, str(blocker / "cache"))
    assert load_rules(pack) == load_rules(pack) == read_rules(pack)
    assert len(calls) == 6


def test_rule_file_errors_are_not_cached(pack: Path, calls: list[str], tmp_path) -> None:
    path = pack / "pajak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity:", "sevrity:", 1))
    for _ in range(2):
        with pytest.raises(load.RuleFileError, match="sevrity"):
            load_rules(pack)
    assert entries(tmp_path) == []


def test_the_codec_keeps_types_and_refuses_what_it_did_not_make() -> None:
    rule_set = read_rules(PACK)
    data = json.loads(json.dumps(encode(rule_set, CACHED)))
    assert decode(data, CACHED) == rule_set
    assert decode({"t": [1, {"l": [True]}]}, CACHED) == (1, [True])
    for bad in ({"x": 1}, {"c": "Path", "f": {}}, {"l": 1}, [1]):
        with pytest.raises(ValueError):
            decode(bad, CACHED)
    with pytest.raises(TypeError):
        encode(Path("x"), CACHED)
