"""The streamed JSON report: the bytes of `json.dumps(..., indent=2)`, findings one at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rl_audit.report.json_findings import FindingEncoder
from rl_audit.report.json_report import report_dict, to_json
from rl_audit.report.json_stream import Streamed, iter_object
from rl_audit.report.writers import write
from tests.report.constructed import constructed_report

VALUES: list[tuple[str, Any]] = [
    ("int", 1),
    ("float", 1234.5),
    ("tiny", 0.1),
    ("none", None),
    ("text", 'Dinas "Kesehatan" — Rp 1.000,00\t\u001f ünï \u2028'),
    ("empty_list", []),
    ("empty_dict", {}),
    ("nested", {"a": [1, {"b": []}, {"c": {}}], "d": [[], [None, True, False]]}),
]


@pytest.mark.parametrize("items", [[], [{"x": 1}], [{"x": [1, 2]}, {"y": {}}, [], 3]])
def test_stream_equals_json_dumps(items: list[Any]) -> None:
    fields = [*VALUES, ("streamed", Streamed(iter(items))), ("after", {"k": "v"})]
    expected = json.dumps(
        dict(VALUES) | {"streamed": items, "after": {"k": "v"}}, indent=2, ensure_ascii=False
    )
    assert b"".join(iter_object(fields)).decode("utf-8") == expected


def test_empty_object() -> None:
    assert b"".join(iter_object([])) == b"{}"


def test_items_are_encoded_one_at_a_time() -> None:
    made: list[int] = []

    def items() -> Iterator[dict[str, int]]:
        for i in range(3):
            made.append(i)
            yield {"i": i}

    chunks = iter_object([("findings", Streamed(items()))])
    next(chunks), next(chunks)  # `{` and the key
    first = next(chunks)
    assert b'"i": 0' in first and made == [0]  # the second item is not made yet


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_text_is_byte_identical_to_json_dumps(lang: str) -> None:
    report = constructed_report()
    old = json.dumps(report_dict(report, lang), ensure_ascii=False, indent=2)
    assert to_json(report, lang) == old


def test_json_file_is_streamed_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = constructed_report()
    target = tmp_path / "laporan.json"
    assert write(report, [("json", target)], "id") == [target]
    assert target.read_text(encoding="utf-8") == to_json(report, "id") + "\n"
    before = target.read_bytes()
    real = FindingEncoder.entry

    def failing(self: FindingEncoder, f: Any) -> dict[str, Any]:
        if f is report.findings[-1]:
            raise RuntimeError("boom")  # after most findings were written
        return real(self, f)

    monkeypatch.setattr(FindingEncoder, "entry", failing)
    with pytest.raises(RuntimeError):
        write(replace(report), [("json", target)], "id")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.json"]
