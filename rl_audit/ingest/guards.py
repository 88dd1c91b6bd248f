"""Byte-level guards that run before a spreadsheet file is parsed.

`read_bytes` enforces the size limits while reading the file; `check_members` and
`check_entities` reject zip bombs (by the declared sizes: the real ones are counted
while inflating, `rl_audit.ingest.inflate`), zip-level encryption and XML entity
declarations in a zip container (xlsx/ods); `check_ole` rejects password-protected
OLE2 files and ones without a workbook stream. The magic numbers that tell the
containers apart live here too. Every failure is a `ReadError` (see `rl_audit.ingest.limits`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from rl_audit.ingest.limits import Limits, ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 65536  # how much of each XML part is scanned for entities
BIG_MEMBER = 1024**2  # the ratio limit applies to zip members above this size


def read_bytes(path: Path, limits: Limits) -> bytes:
    """Run the size guards and return the file content."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadError("file_unsupported", "not a regular file")
        if size == 0:
            raise ReadError("file_empty", "0 bytes")
        if size > limits.max_bytes:
            raise _too_large(size, limits)
        with path.open("rb") as handle:
            # read(n) reserves n bytes: ask for the file's size, then for what it grew by
            data = handle.read(min(size, limits.max_bytes) + 1)
            while len(data) <= limits.max_bytes and (more := handle.read(1 << 20)):
                data += more
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:  # ValueError: NUL in path
        raise ReadError("file_not_found", str(path)) from exc
    except OSError as exc:
        raise ReadError("file_unreadable", str(exc.strerror)) from exc
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    if not data:
        raise ReadError("file_empty", "0 bytes")
    return data


def _too_large(size: int, limits: Limits) -> ReadError:
    size_mb, limit_mb = f"{size / 1024**2:.1f}", f"{limits.max_bytes / 1024**2:.1f}"
    detail = f"{size_mb} MB > {limit_mb} MB"
    return ReadError("file_too_large", detail, size_mb=size_mb, limit_mb=limit_mb)


def check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Zip bomb guards on the declared sizes; a zip-level password means encrypted."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ReadError("zip_bomb", f"{len(infos)} members > {limits.max_members}")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed:
        detail = f"{total} bytes uncompressed > {limits.max_uncompressed}"
        raise ReadError("zip_bomb", detail)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > BIG_MEMBER and ratio > limits.max_ratio:
            detail = f"{info.filename}: ratio {ratio:.0f} > {limits.max_ratio}"
            raise ReadError("zip_bomb", detail)
        if info.flag_bits & 0x1:
            raise ReadError("file_encrypted", f"{info.filename} is encrypted")


def check_entities(archive: zipfile.ZipFile) -> None:
    """Reject XML parts that declare entities in their first 64 KB (XML bombs)."""
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(info) as member:
            head = member.read(HEAD_BYTES)
        if b"<!ENTITY" in head or "<!ENTITY".encode("utf-16-le") in head:
            raise ReadError("xml_bomb", f"XML entity declaration in {info.filename}")


def check_ole(data: bytes) -> None:
    """Reject a password-protected OLE2 file, or one without a workbook stream."""
    if any(_utf16(name) in data for name in ("EncryptedPackage", "EncryptionInfo")):
        raise ReadError("file_encrypted", "password-protected Office file")
    if _utf16("Workbook") not in data and _utf16("Book") not in data:
        raise ReadError("file_unsupported", "OLE document without a workbook stream")
    if _has_filepass(data):
        raise ReadError("file_encrypted", "password-protected xls")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _has_filepass(data: bytes) -> bool:
    """Tell whether the workbook-globals BOF is followed by an encrypting FILEPASS record."""
    for bof in (b"\x09\x08\x10\x00\x00\x06\x05\x00", b"\x09\x08\x08\x00\x00\x05\x05\x00"):
        at = data.find(bof)
        if at >= 0:
            nxt = at + 4 + data[at + 2]
            return data[nxt : nxt + 2] == b"\x2f\x00" and data[nxt + 4 : nxt + 6] != b"\0\0"
    return False
