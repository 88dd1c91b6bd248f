"""Exact JSON encoding of an OPD's months (`OpdRun.monthly`) for the evaluation cache.

An OPD's months are `[note, non-cash basis, [month…]…]`; a month is `[month, realised_sen,
realised_cumulative_sen, target %, realised %, non-cash share, behind]`. Decoding checks
every type; anything else raises (a damaged entry is a cache miss).
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


def encode_months(note: str | None, basis: str | None, months: tuple[MonthPoint, ...]) -> list[Any]:
    """`[note, basis, [month fields…]…]`: the note, the non-cash basis, each month's fields."""
    return [
        note,
        basis,
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


def decode_months(data: Any) -> tuple[tuple[MonthPoint, ...], str | None, str | None]:
    """The months, note and basis `encode_months` wrote (OpdRun's order); ValueError otherwise."""
    if type(data) is not list or len(data) != 3 or type(data[2]) is not list:
        raise ValueError("cached months without the expected fields")
    note, basis = _checked(data[0], (str, _NONE)), _checked(data[1], (str, _NONE))
    return tuple(_month(m) for m in data[2]), note, basis
