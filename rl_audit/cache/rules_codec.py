"""A validated rule set as tagged JSON and back (nothing is pickled).

Every container is tagged, so decoding rebuilds exactly what was encoded: a list
`{"l": [...]}`, a tuple `{"t": [...]}`, a mapping `{"m": [[key, value], ...]}`, a date
`{"d": "YYYY-MM-DD"}`, a datetime `{"dt": ISO}` and one of the named dataclasses
`{"c": name, "f": {field: value}}`. Scalars (None, bool, int, float, str) stay as they
are. Anything else cannot be encoded (TypeError); anything else read back is refused
(ValueError), so a damaged entry is a miss, never a wrong rule set.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

SCALARS = (type(None), bool, int, float, str)


def encode(value: Any, classes: Mapping[str, type]) -> Any:
    """`value` as tagged JSON data; TypeError for a value of another type."""
    if isinstance(value, SCALARS):
        return value
    if isinstance(value, list | tuple):
        return {"l" if isinstance(value, list) else "t": [encode(v, classes) for v in value]}
    if isinstance(value, dict):
        return {"m": [[encode(k, classes), encode(v, classes)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and classes.get(name) is type(value):
        fields = dataclasses.fields(value)
        return {"c": name, "f": {f.name: encode(getattr(value, f.name), classes) for f in fields}}
    raise TypeError(f"cannot encode {name}")


def decode(data: Any, classes: Mapping[str, type]) -> Any:
    """The value `encode` made `data` from; ValueError for anything it cannot have made."""
    if isinstance(data, SCALARS):
        return data
    if not isinstance(data, dict) or len(data) != (2 if "c" in data else 1):
        raise ValueError("not an encoded value")
    tag, body = next(iter(data.items()))
    if tag in ("l", "t") and isinstance(body, list):
        items = [decode(v, classes) for v in body]
        return items if tag == "l" else tuple(items)
    if tag == "m" and isinstance(body, list):
        return {decode(k, classes): decode(v, classes) for k, v in body}
    if tag in ("d", "dt") and isinstance(body, str):
        return date.fromisoformat(body) if tag == "d" else datetime.fromisoformat(body)
    if tag == "c" and body in classes and isinstance(data.get("f"), dict):
        return classes[body](**{k: decode(v, classes) for k, v in data["f"].items()})
    raise ValueError(f"unknown tag {tag!r}")
