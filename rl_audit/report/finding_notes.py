"""Notes every reporter shows beside a finding: its waiver (active or expired), repeats.

Rendered once here from the wording catalog so the terminal, Excel and HTML reports
say the same thing.
"""

from __future__ import annotations

from datetime import datetime

from rl_audit.findings import Finding, StaleWaiver
from rl_audit.messages import label


def notes(f: Finding, lang: str) -> list[str]:
    """The waiver (active or expired) and repeat-finding notes of a finding."""
    out = []
    w = f.waiver
    if w is not None:
        until = day(w.until) if w.until else label("no_expiry", lang)
        key = "waiver_expired_note" if w.expired else "waived_note"
        out.append(
            label(
                key, lang, source=w.source, approved_by=w.approved_by, until=until, reason=w.reason
            )
        )
    for r in f.repeat_of:
        out.append(
            label(
                "repeat_note",
                lang,
                lhp=r.lhp,
                date=day(r.lhp_date),
                no=r.finding_no,
                rec=r.recommendation,
                status=r.status,
            )
        )
    return out


def day(text: str | None) -> str:
    """`27/11/2026` from an ISO date or timestamp; `-` when blank, the text when not ISO."""
    if not text:
        return "-"
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def stale_line(w: StaleWaiver, lang: str) -> str:
    """One waiver that matched no finding: where it is written and what it was meant for."""
    what = w.fingerprint or " ".join(p for p in (w.rule_id, w.opd, w.key) if p)
    return label("stale_waiver_line", lang, source=w.source, what=what)
