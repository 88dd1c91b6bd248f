"""The regency's time zone: every report's `generated_at` and the history in local time.

Asia/Jakarta (WIB, +07:00) unless the config says otherwise (`timezone: Asia/Makassar`
for WITA, `Asia/Jayapura` for WIT, any IANA name). Times stay ISO 8601 with their
offset (`2026-11-25T02:00:00+07:00`), so they compare and sort as before; a time recorded
in another zone (older runs were UTC) is shown converted. The zone database is the
system's, else the `tzdata` package from PyPI (a dependency: Windows has none).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rl_audit.messages import LANGS, label

DEFAULT_ZONE = "Asia/Jakarta"


class ZoneError(ValueError):
    """An unknown time zone name; the message says so in both languages."""


def zone(name: str = DEFAULT_ZONE) -> ZoneInfo:
    """The zone called `name`; ZoneError when the zone database does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        text = " / ".join(label("zone_unknown", lang, zone=name) for lang in LANGS)
        raise ZoneError(text) from None


def checked(name: str, place: str, error: type[Exception] = ZoneError) -> str:
    """The zone's name when known; else `error` naming `place` (a config file and line)."""
    try:
        return zone(name).key
    except ZoneError as err:
        raise error(f"{place}: {err}") from None


def now(name: str = DEFAULT_ZONE) -> datetime:
    """The current time in zone `name`."""
    return datetime.now(zone(name))


def stamp(name: str = DEFAULT_ZONE) -> str:
    """The current time in zone `name`, ISO 8601 to the second with its offset."""
    return now(name).isoformat(timespec="seconds")


def local(value: str, name: str = DEFAULT_ZONE) -> str:
    """The ISO time `value` expressed in zone `name` (unchanged when it has no offset)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(zone(name)).isoformat(timespec="seconds")
