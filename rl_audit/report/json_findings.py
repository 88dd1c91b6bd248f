"""The JSON report's findings (rl_audit.report.json_report): one schema object per finding.

What is the same for every finding of a rule is worked out once per rule and language
(a placeholder-free title, message or remediation); a finding's values are looked
up as one dict for the parts it fills.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rl_audit.documents import OpdRef
from rl_audit.findings import Finding, Location, RepeatRef
from rl_audit.wording import PARTS, Wording


def opd_ref(opd: OpdRef | None) -> dict[str, str] | None:
    """`{code, name}` of an OPD, or None."""
    return None if opd is None else {"code": opd.code, "name": opd.name}


def location(loc: Location) -> dict[str, Any]:
    """A cell (or a whole sheet, row null) a finding points at."""
    return {
        "file": loc.file,
        "sheet": loc.sheet,
        "row": loc.row,
        "column": loc.column,
        "cell": loc.cell,
    }


def repeat(r: RepeatRef) -> dict[str, Any]:
    """An earlier recommendation a finding repeats, with the matrix row it is on."""
    out = asdict(r)
    out["location"] = None if r.location is None else location(r.location)
    return out


class FindingEncoder:
    """Findings as JSON-ready dicts in one language; what is shared per rule worked out once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.known: dict[int, tuple[Wording, dict[str, str | None]]] = {}  # per wording

    def constants(self, wording: Wording) -> dict[str, str | None]:
        """A rule's placeholder-free title/message/remediation (None: filled per finding)."""
        known = self.known.get(id(wording))
        if known is None:  # the wording is kept too: its id is never reused meanwhile
            fixed = {part: wording.constant(part, self.lang) for part in PARTS}
            known = self.known[id(wording)] = (wording, fixed)
        return known[1]

    def texts(self, f: Finding) -> list[str]:
        """The finding's title, message and remediation; what is constant per rule, once."""
        if f.wording is None:
            return [f.text(part, self.lang) for part in PARTS]
        fixed = self.constants(f.wording)
        if all(text is not None for text in fixed.values()):
            return [str(fixed[part]) for part in PARTS]
        values = dict(f.values)
        fill = f.wording.fill
        return [
            fill(part, self.lang, values) if text is None else text for part, text in fixed.items()
        ]

    def entry(self, f: Finding) -> dict[str, Any]:
        """One finding as the schema's object."""
        title, message, remediation = self.texts(f)
        return {
            "rule_id": f.rule_id,
            "bpk_code": f.bpk_code,
            "severity": f.severity.value,
            "opd": opd_ref(f.opd),
            "document": f.document,
            "title": title,
            "message": message,
            "amount": f.amount,
            "locations": [location(loc) for loc in f.locations],
            "fingerprint": f.fingerprint,
            "status": f.status,
            "remediation": remediation,
            "waiver": None if f.waiver is None else asdict(f.waiver),
            "repeat_of": [repeat(r) for r in f.repeat_of],
        }
