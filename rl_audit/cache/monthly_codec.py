"""Exact JSON encoding of an OPD's months (`OpdRun.monthly`) for the evaluation cache.

A month is `[month, realised_sen, realised_cumulative_sen, target %, realised %, non-cash
share, behind]`. Decoding checks every type; anything else raises (a damaged entry is a
cache miss).
"""

from __future__ import annotations

from typing import Any

from rl_audit.figures import MonthPoint

_NONE = type(None)
_SHARE = (float, int, _NONE)
_TYPES = ((str,), (int,), (int,), _SHARE, _SHARE, _SHARE, (bool,))


def _checked(value: Any, types: tuple[type, ...]) -> Any:
    """`value` when its exact type is one of `types`; ValueError otherwise."""
    if type(value) not in types:
        raise ValueError(f"unexpected {type(value).__name__} in a cached month")
    return value


def encode_months(note: str | None, months: tuple[MonthPoint, ...]) -> list[Any]:
    """`[note, [month fields…]…]`: why there are no months, and each month's fields in order."""
    return [
        note,
        [
            [
                m.month,
                m.realised_sen,
                m.realised_cumulative_sen,
                m.target_cumulative_percent,
                m.realised_cumulative_percent,
                m.non_cash_share,
                m.behind,
            ]
            for m in months
        ],
    ]


def _month(data: Any) -> MonthPoint:
    """One month `encode_months` wrote; ValueError for anything else."""
    if type(data) is not list or len(data) != len(_TYPES):
        raise ValueError("a cached month without the expected fields")
    return MonthPoint(*[_checked(v, t) for v, t in zip(data, _TYPES, strict=True)])


def decode_months(data: Any) -> tuple[tuple[MonthPoint, ...], str | None]:
    """The months and note `encode_months` wrote (OpdRun's order); ValueError otherwise."""
    if type(data) is not list or len(data) != 2 or type(data[1]) is not list:
        raise ValueError("cached months without the expected fields")
    return tuple(_month(m) for m in data[1]), _checked(data[0], (str, _NONE))
