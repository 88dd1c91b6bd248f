"""Header detection and cell patterns in linear time (issue 14, item 2).

A cell of 32,000 digits ending in a letter took `_NUMERIC` quadratic time (20 such cells:
331 s); other patterns applied to cell text with Python's `re` were quadratic or cubic
on a long whitespace run. The rewritten patterns match exactly what they matched.
"""

from __future__ import annotations

import importlib
import random
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from rl_audit.ingest.layout import is_numeric
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from tests.ingest import hostile_builders as hb

DINKES_BKU = Path(__file__).parent.parent.parent / "samples" / "dinkes" / "bku_pengeluaran_2025.csv"


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (instead of hanging) when the body takes more than 10 s."""

    def stop(*_: object) -> None:
        raise TimeoutError("took more than 10 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_twenty_long_digit_cells_are_read_at_once(tmp_path: Path, alarm: None) -> None:
    path = hb.redos_xlsx(tmp_path / "redos.xlsx")
    assert path.stat().st_size < 10_000
    (sheet,) = ingest_file(path, IngestOptions()).sheets
    assert [i.key for i in sheet.issues] == ["sheet_no_table"]


def test_cells_that_were_quadratic_are_read_in_linear_time(tmp_path: Path, alarm: None) -> None:
    hostile = tmp_path / "redos.csv"
    hostile.write_text("1" * 65000 + "x;a\n" + "no" + " " * 30000 + "!;b\n")
    assert ingest_file(hostile, IngestOptions()).sheets[0].issues[0].key == "sheet_no_table"
    lines = DINKES_BKU.read_bytes().decode("utf-8").split("\r\n")
    for i in range(9, 30):  # uraian and no bukti of data rows: every pattern that was slow
        fields = lines[i].split(";")
        fields[4] = ["pph 4", "no", "tahun", "(", "KIB"][i % 5] + " " * 32000 + "x"
        fields[2] = "1" * 32000 + "x"
        lines[i] = ";".join(fields)
    bku = tmp_path / "bku_pengeluaran_2025.csv"
    bku.write_bytes("\r\n".join(lines).encode("utf-8"))
    doc = ingest_file(bku, IngestOptions()).documents()[0]
    assert (doc.kind, len(doc.frame)) == ("bku", 126)


REWRITTEN = [  # (as it was, as it is): the same matches, without the backtracking
    (
        r"(?i)\b(?:nomor|no)\b\.?\s*(?:lhp\b)?\s*:?\s*(?P<nomor>[0-9A-Za-z][^\s,;]*)",
        "rl_audit.ingest.blocks:_NOMOR",
        ["no", "lhp", " ", ":", ".", "12", "a", ",", "\t"],
    ),
    (
        r"^\s*\(?\s*(\d{1,3})(?:\.0+)?\s*\)?\s*$",
        "rl_audit.ingest.colnum:_NUMBER",
        [" ", "(", ")", "1", "12", ".0", "0", "\n", "x"],
    ),
    (
        r"(?i)(pph\s*(?:pasal\s*)?(?:21|22|23|25|26|4\s*\(?\s*ayat\s*\)?\s*\(?2\)?|4\s*\(?2\)?|"
        r"final)|ppn)",
        "rl_audit.ingest.enrich:_TAX",
        ["pph", "pasal", " ", "4", "(", ")", "ayat", "2", "21", "final"],
    ),
    (
        r"^[0-9]*[.,]?[0-9]+e[-+]?[0-9]+\Z",
        "rl_audit.ingest.numbers:_SCI_OK",
        ["1", "0", ".", ",", "e", "-", "+"],
    ),
]


@pytest.mark.parametrize(("old", "where", "tokens"), REWRITTEN, ids=[r[1] for r in REWRITTEN])
def test_rewritten_patterns_match_what_they_matched(
    old: str, where: str, tokens: list[str]
) -> None:
    module, name = where.split(":")
    new = getattr(importlib.import_module(module), name)
    before, after = re.compile(old), re.compile(getattr(new, "pattern", new))
    rng = random.Random(where)
    for _ in range(5000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 10)))
        assert _found(before, text) == _found(after, text), text


def _found(pattern: re.Pattern[str], text: str) -> object:
    match = pattern.search(text)
    return None if match is None else (match.span(), match.groups())


def test_numeric_cells_are_told_as_before() -> None:
    old = re.compile(r"^[\s\d.,()\-%/+=xX*Rp]*\d[\s\d.,()\-%/+=xX*Rp]*$")
    rng = random.Random(2)
    tokens = ["1", " ", "x", "R", "p", "a", ".", ",", "(", "-", "%", "\n", "Rp", "b"]
    for _ in range(20000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        assert bool(old.match(text)) == is_numeric(text), text
