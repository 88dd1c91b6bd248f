"""The installation key that signs cache entries: where it lives, how it is made, refusals."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rl_audit.cache import sign as cache_sign
from rl_audit.cache.evaluation import EvalCache
from rl_audit.cache.sign import CacheKeyError, installation_key, key_path, sign, verified


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "rl-audit" / "cache.key"
    monkeypatch.setenv(cache_sign.ENV, str(path))
    cache_sign._read.cache_clear()
    return path


def test_the_key_is_made_once_with_mode_0600_outside_the_cache(
    key_file: Path, tmp_path: Path
) -> None:
    key = installation_key(tmp_path / "cache")
    assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert len(key) == 64 and installation_key(tmp_path / "cache") == key
    assert not (tmp_path / "cache").exists()
    assert [p.name for p in key_file.parent.iterdir()] == ["cache.key"]  # no temp file left


def test_default_place_is_the_xdg_config_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(cache_sign.ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert key_path() == tmp_path / "xdg" / "rl-audit" / "cache.key"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert key_path() == tmp_path / "home" / ".config" / "rl-audit" / "cache.key"


def test_a_rewritten_manifest_fails_the_hmac(key_file: Path, tmp_path: Path) -> None:
    key = installation_key(tmp_path / "cache")
    signed = sign(key, {"evaluation": {"findings": [1, 2]}, "format": 1})
    assert verified(key, signed) == {"evaluation": {"findings": [1, 2]}, "format": 1}
    forged = {**signed, "evaluation": {"findings": []}}
    with pytest.raises(ValueError, match="not signed"):
        verified(key, forged)
    with pytest.raises(ValueError, match="not signed"):
        verified(b"x" * 64, signed)  # another installation's key
    with pytest.raises(ValueError, match="without a signature"):
        verified(key, {"format": 1})


@pytest.mark.parametrize("problem", ["group-readable", "too-short", "folder", "inside-cache"])
def test_an_unusable_key_means_no_cache_never_an_error(
    problem: str, key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_folder = tmp_path / "cache"
    key_file.parent.mkdir(parents=True)
    if problem == "group-readable":
        key_file.write_text("a" * 64)
        os.chmod(key_file, 0o644)
    elif problem == "too-short":
        key_file.write_text("abc")
        os.chmod(key_file, 0o600)
    elif problem == "folder":
        key_file.mkdir()
    else:
        monkeypatch.setenv(cache_sign.ENV, str(cache_folder / "cache.key"))
    with pytest.raises(CacheKeyError):
        installation_key(cache_folder)
    cache = EvalCache(cache_folder)
    cache.put("a" * 64, [], [], _run())
    assert (cache.stored, cache.not_stored) == (0, 1) and "cache key" in (cache.last_error or "")
    assert cache.get("a" * 64) is None and cache.misses == 1


def _run():  # an empty evaluation of one OPD
    from rl_audit.documents import OpdRef
    from rl_audit.findings import OpdRun

    return OpdRun(OpdRef("1.02", "Dinas", short="DIN"), 2025, "2025-12-31", {})
