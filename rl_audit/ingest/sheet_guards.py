"""Guards that read what the reader will read, before it reads it (issue 14, item 2).

For a zip container every member calamine parses (the XML parts) is inflated in a
stream against the budget (`rl_audit.ingest.inflate`), and the sheets' real extents are
read on the way (`rl_audit.ingest.extent`). An xlsx sheet past the limits is refused
alone (calamine reads xlsx sheets one at a time): `xlsx_refusals` maps its name to the
error. ods and xls are parsed whole when the workbook is opened, so there one sheet
past the limits refuses the file (`check_ods`, `check_xls`), naming the sheet.
"""

from __future__ import annotations

import zipfile
from collections import Counter

from lxml import etree

from rl_audit.ingest.extent import Extent, PlainScan, blocks, exact_extent, refusal
from rl_audit.ingest.extent_other import ods_extents, xls_extents
from rl_audit.ingest.inflate import Budget, drain, inflate
from rl_audit.ingest.limits import Limits, ReadError

_WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def xlsx_refusals(data: bytes, archive: zipfile.ZipFile, limits: Limits) -> dict[str, ReadError]:
    """Budget-check the XML parts of an xlsx; the sheets (by name) too large to read.

    Raises `zip_bomb` for a member inflating past the budget, and `sheet_too_large`
    for the file when a part past the limits cannot be tied to one sheet for sure.
    """
    budget = Budget(limits)
    sheets = _sheet_paths(archive)
    targets = _targets(archive)
    errors: dict[str, ReadError] = {}
    for info in archive.infolist():
        if info.filename in targets:
            error = _member_error(data, info, budget, limits)
            if error is not None:
                errors[info.filename] = error
        elif _parsed(info.filename):
            drain(inflate(data, info, budget))
    return _by_sheet(errors, sheets)


def check_ods(data: bytes, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Budget-check the XML parts of an ods; raise for a table past the limits."""
    budget = Budget(limits)
    for info in archive.infolist():
        if info.filename == "content.xml":
            _raise_first(ods_extents(inflate(data, info, budget)), limits)
        elif _parsed(info.filename):
            drain(inflate(data, info, budget))


def check_xls(data: bytes, limits: Limits) -> None:
    """Raise for an xls worksheet past the limits."""
    _raise_first(xls_extents(data), limits)


def _raise_first(extents: dict[str, Extent], limits: Limits) -> None:
    for name, extent in extents.items():
        error = refusal(extent, limits, name)
        if error is not None:
            raise error


def _parsed(name: str) -> bool:
    """Whether calamine may parse this member (its XML parts)."""
    return name.lower().endswith((".xml", ".rels"))


def _member_error(
    data: bytes, info: zipfile.ZipInfo, budget: Budget, limits: Limits
) -> ReadError | None:
    """Why the sheet XML in member `info` must not be read, or None."""
    scan, plain = PlainScan(), True
    for block in blocks(inflate(data, info, budget)):
        plain = plain and scan.feed(block)
        if plain and not scan.extent.within(limits):
            break  # refused: the reader will not parse it, no need to inflate the rest
    try:
        extent = scan.extent if plain else exact_extent(inflate(data, info, Budget(limits)), limits)
    except ReadError as err:
        return err
    return refusal(extent, limits, None)


def _by_sheet(errors: dict[str, ReadError], sheets: dict[str, str] | None) -> dict[str, ReadError]:
    """Each member's error as the error of the sheets read from it (see `_sheet_paths`)."""
    refused: dict[str, ReadError] = {}
    for member, err in errors.items():
        if sheets is None:
            raise ReadError(err.key, f"{member}: {err.detail}")
        names = [n for n, p in sheets.items() if p == member]
        for name in names:  # a part no sheet is read from is never parsed as one
            refused[name] = ReadError(err.key, err.detail, sheet=name)
    return refused


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """A small XML part (sizes were checked as declared, and Python's zip keeps to them)."""
    if name not in archive.namelist():
        return None
    try:
        return etree.fromstring(archive.read(name), _XML)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _resolve(target: str) -> str:
    """The path calamine reads for a relationship target (`/xl/x`, `xl/x` or `x` → `xl/x`)."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _relationships(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    rels = _xml(archive, _RELS)
    if rels is None:
        return None
    return [
        (r.get("Id", ""), r.get("Target", ""))
        for r in rels.iter()
        if _local(r.tag) == "Relationship"
    ]


def _targets(archive: zipfile.ZipFile) -> set[str]:
    """The members calamine could read as a sheet: any target of the workbook's relations."""
    found = {_resolve(t) for _, t in _relationships(archive) or []}
    found |= {n for n in archive.namelist() if n.startswith("xl/worksheets/")}
    return found & set(archive.namelist())


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Sheet name → the member calamine reads it from; None when that is not certain.

    Not certain (then every part past the limits refuses the file): duplicate relation
    ids, a sheet with several id attributes or an unknown one, escapes in a target.
    """
    rels, book = _relationships(archive), _xml(archive, _WORKBOOK)
    if rels is None or book is None or b"&" in archive.read(_RELS):
        return None
    if any(n > 1 for n in Counter(i for i, _ in rels).values()):
        return None
    targets = dict(rels)
    paths: dict[str, str] = {}
    for sheet in (e for e in book.iter() if _local(e.tag) == "sheet"):
        ids = {v for k, v in sheet.attrib.items() if _local(k) == "id"}
        if len(ids) != 1 or next(iter(ids)) not in targets:
            return None
        paths[sheet.get("name", "")] = _resolve(targets[next(iter(ids))])
    return paths
