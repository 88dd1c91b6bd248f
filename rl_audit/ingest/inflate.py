"""Inflate zip members in a stream, counting what they really inflate to.

The sizes a zip declares (local header, central directory) are the attacker's to
choose: a sheet that declares 900 KB can inflate to 1.5 GB, and the reader (calamine)
reads a deflate stream to its end whatever the header said. `inflate` does the same,
chunk by chunk, so nothing is held whole, and stops with a `zip_bomb` `ReadError`
naming the member as soon as the real size passes the budget of `Limits`
(`max_uncompressed` for all members read, `max_ratio` for a member above 1 MB).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

from rl_audit.ingest.limits import Limits, ReadError

CHUNK = 1 << 20  # inflated bytes handed out per step
_FEED = 1 << 16  # compressed bytes fed to the inflater per step
_LOCAL_HEADER = 30
BIG_MEMBER = 1024**2  # the ratio limit applies to members above this real size


class Budget:
    """What the members inflated so far add up to, against the limits of one file."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def spend(self, info: zipfile.ZipInfo, size: int, packed: int, added: int) -> None:
        """Count `added` more bytes of `info`, now `size` from `packed` compressed bytes.

        Raises `zip_bomb` past the total or, for a member above 1 MB, past the ratio.
        """
        self.total += added
        if self.total > self.limits.max_uncompressed:
            raise _bomb(info, f"{self.total} > {self.limits.max_uncompressed} bytes in all")
        if size > BIG_MEMBER and size > packed * self.limits.max_ratio:
            ratio = f"ratio > {self.limits.max_ratio:g}"
            raise _bomb(info, f"{size} bytes from {packed} compressed, {ratio}")


def _bomb(info: zipfile.ZipInfo, over: str) -> ReadError:
    detail = f"{info.filename} inflates past the limit ({over}; declares {info.file_size} bytes)"
    return ReadError("zip_bomb", detail)


def inflate(data: bytes, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """The content of member `info` of the zip `data`, in chunks of at most 1 MB.

    The deflate stream is read to its end (bounded by the member's compressed size, as
    the reader bounds it), never to the declared uncompressed size; each chunk is
    counted against `budget`.
    """
    start = _data_start(data, info)
    packed = memoryview(data)[start : start + info.compress_size]
    size = 0
    for chunk in _chunks(packed, info):
        size += len(chunk)
        budget.spend(info, size, len(packed), len(chunk))
        yield chunk


def drain(chunks: Iterator[bytes]) -> None:
    """Consume a member's chunks (its budget is counted, its content not kept)."""
    for _ in chunks:
        pass


def _chunks(packed: memoryview, info: zipfile.ZipInfo) -> Iterator[bytes]:
    if info.compress_type == zipfile.ZIP_STORED:
        return (bytes(packed[i : i + CHUNK]) for i in range(0, len(packed), CHUNK))
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return _deflated(packed, info.filename)
    # OPC (xlsx) and ODF packages allow only stored and deflated members
    detail = f"{info.filename}: compression method {info.compress_type}"
    raise ReadError("file_unsupported", detail)


def _deflated(packed: memoryview, name: str) -> Iterator[bytes]:
    """Raw-deflate `packed` to the end of its stream, at most `CHUNK` bytes at a time."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for at in range(0, len(packed), _FEED):
            pending: bytes | memoryview = packed[at : at + _FEED]
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
        while not inflater.eof and (out := inflater.decompress(b"", CHUNK)):
            yield out
    except zlib.error as exc:
        raise ReadError("file_corrupt", f"{name}: {exc}") from exc


def _data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where the member's compressed bytes start (after its local header)."""
    at = info.header_offset
    head = data[at : at + _LOCAL_HEADER]
    if len(head) < _LOCAL_HEADER or not head.startswith(b"PK\x03\x04"):
        raise ReadError("file_corrupt", f"{info.filename}: no local header")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    return at + _LOCAL_HEADER + name_len + extra_len
