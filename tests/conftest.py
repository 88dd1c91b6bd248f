"""Shared test setup: the cache signing key lives in a temporary folder, never in ~/.config."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rl_audit.cache import rules as cache_rules
from rl_audit.cache import sign as cache_sign


@pytest.fixture(autouse=True, scope="session")
def _cache_key_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A per-session cache key and rule-pack cache folder (subprocesses inherit both)."""
    key = tmp_path_factory.mktemp("cache-key") / "cache.key"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache_sign.ENV, str(key))
        patch.setenv(cache_rules.ENV_DIR, str(tmp_path_factory.mktemp("rules-cache")))
        yield
