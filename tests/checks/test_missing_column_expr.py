"""An expression naming a canonical column the document lacks says "missing column"."""

from __future__ import annotations

import re

import pytest

from rl_audit.checks import row_condition
from rl_audit.checks.base import CheckError
from tests.checks.conftest import make_input

BKU = [{"no_bukti": "B-1", "pengeluaran": 6_000_000}, {"no_bukti": "B-2", "pengeluaran": 10}]
WHERE = "fold(cara_bayar) in cash_payment_labels and pengeluaran > cash_limit"
PARAMS = {"cash_payment_labels": ["tunai"], "cash_limit": 5_000_000}


def test_a_canonical_column_the_bku_lacks_is_a_missing_column() -> None:
    ci = make_input("bku", BKU, {"where": WHERE}, PARAMS)
    expected = "kolom tidak ada / missing column: cara_bayar (bku)"
    with pytest.raises(CheckError, match=f"^{re.escape(expected)}$"):
        row_condition.run(ci)


def test_a_name_that_is_no_column_of_the_kind_keeps_the_expression() -> None:
    ci = make_input("bku", BKU, {"where": "pengeluaran > no_such_limit"})
    with pytest.raises(CheckError, match="ekspresi / expression .*unknown name: no_such_limit"):
        row_condition.run(ci)
