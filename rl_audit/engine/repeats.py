"""Repeat findings (temuan berulang): current findings that BPK already found before.

A finding repeats an earlier BPK recommendation when the OPD's follow-up matrix
(`tindak_lanjut` documents) holds a recommendation, in the same OPD, whose finding code
(`kode_temuan`) equals the finding's BPK code AND that is about the finding's rule: it
names the rule id or matches the rule's topic (its document kind's subject and a word
of its title, `rl_audit.engine.repeat_topics`). The code alone is not enough: a late PPN
deposit is no repeat of a recommendation about revenue deposits, although both are
1.04.10. `link_repeats` fills each such finding's `repeat_of` with every matching
recommendation (LHP, finding number, recommendation, status and the matrix row), so
every report can show the link. Findings of the follow-up matrix itself (TL rules) are
never repeats. Pure: nothing is modified.

Called once per OPD after its rules ran, with that OPD's documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from rl_audit.documents import ROLE, ROW, Document, RowRole
from rl_audit.engine.repeat_topics import Topic, about, recommendation_text, topic
from rl_audit.findings import Finding, Location, RepeatRef

if TYPE_CHECKING:
    from rl_audit.ruleset.load import Rule

FOLLOW_UP_KIND = "tindak_lanjut"
RECOMMENDATION_CHARS = 120
_MATRIX = ("nomor_lhp", "tanggal_lhp", "nomor_temuan", "kode_rekomendasi", "rekomendasi",
           "status_tl")  # fmt: skip


def _matrix_rows(doc: Document) -> pd.DataFrame:
    """The recommendation rows of one matrix that name a finding code, with their cell."""
    frame = doc.frame
    if "kode_temuan" not in frame.columns:
        return pd.DataFrame()
    keep = (frame[ROLE] == RowRole.DATA.value) & frame["kode_temuan"].notna()
    if "rekomendasi" in frame.columns:  # a finding's own title row is not a recommendation
        keep &= frame["rekomendasi"].notna()
    rows = frame[keep]
    out = pd.DataFrame(
        {c: rows[c] if c in rows.columns else pd.NA for c in _MATRIX}, index=rows.index
    )
    out["code"] = rows["kode_temuan"].astype("string").str.strip().astype(object)
    out["text"] = recommendation_text(rows).astype(object)
    out["opd"] = doc.opd.code if doc.opd else None
    out["file"], out["sheet"], out["row"] = doc.file, doc.sheet, rows[ROW]
    letter = doc.columns.get("kode_temuan")
    out["cell"] = (letter + rows[ROW].astype("string")) if letter else None
    return out


def recommendations(docs: list[Document]) -> pd.DataFrame:
    """Every recommendation of the follow-up matrices among `docs`, one row each."""
    parts = [_matrix_rows(d) for d in docs if d.kind == FOLLOW_UP_KIND]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _text(value: Any) -> str:
    """A cell as text ('' when blank)."""
    return "" if value is None or value is pd.NA or value != value else str(value).strip()


def _short(code: Any, text: Any) -> str:
    """`01 Menyetor kelebihan …`: the recommendation code and its text, shortened."""
    full = " ".join(p for p in (_text(code), _text(text)) if p)
    return full if len(full) <= RECOMMENDATION_CHARS else full[: RECOMMENDATION_CHARS - 1] + "…"


def _iso(value: Any) -> str | None:
    """An ISO date, or None for a blank date."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _ref(rec: dict[str, Any]) -> RepeatRef:
    """One matched matrix row as a RepeatRef."""
    cell = rec["cell"] if isinstance(rec["cell"], str) else None
    return RepeatRef(
        lhp=_text(rec["nomor_lhp"]),
        lhp_date=_iso(rec["tanggal_lhp"]),
        finding_no=_text(rec["nomor_temuan"]),
        bpk_code=_text(rec["code"]),
        recommendation=_short(rec["kode_rekomendasi"], rec["rekomendasi"]),
        status=_text(rec["status_tl"]),
        location=Location(rec["file"], rec["sheet"], int(rec["row"]), "kode_temuan", cell),
    )


def _candidates(findings: list[Finding]) -> pd.DataFrame:
    """Position, OPD, BPK code and rule of the findings that can repeat a recommendation."""
    rows = [
        (i, f.opd.code, f.bpk_code, f.rule_id)
        for i, f in enumerate(findings)
        if f.opd is not None and f.document != FOLLOW_UP_KIND
    ]
    return pd.DataFrame(rows, columns=["pos", "opd", "code", "rule"])


def _topics(findings: list[Finding], rules: Iterable[Rule] | None) -> dict[str, Topic]:
    """Each finding's rule topic: from the rule (Indonesian title), else from the finding."""
    known = {r.id: topic(r.id, r.documents, r.title.get("id", "")) for r in rules or ()}
    unknown = {f.rule_id: f for f in findings if f.rule_id not in known}
    known.update({i: topic(i, (f.document,), f.text("title")) for i, f in unknown.items()})
    return known


def _on_topic(matched: pd.DataFrame, topics: dict[str, Topic]) -> pd.DataFrame:
    """The (finding, recommendation) pairs whose recommendation is about the rule."""
    keep = pd.Series(False, index=matched.index)
    for rule_id, rows in matched.groupby("rule").groups.items():
        keep[rows] = about(matched.loc[rows, "text"].astype("string"), topics[str(rule_id)])
    return matched[keep.to_numpy()]


def link_repeats(
    findings: list[Finding], docs: list[Document], rules: Iterable[Rule] | None = None
) -> list[Finding]:
    """The findings, those repeating an earlier recommendation with `repeat_of` filled.

    Matching is on (OPD code, BPK code = kode_temuan) and the recommendation being about
    the finding's rule (`rl_audit.engine.repeat_topics`; the rule's title and kinds are taken
    from `rules`, else from the finding); each finding gets every such recommendation,
    oldest LHP first. Other findings are returned unchanged.
    """
    matrix = recommendations(docs)
    current = _candidates(findings)
    if matrix.empty or current.empty:
        return list(findings)
    matched = current.merge(matrix, on=["opd", "code"], how="inner")
    matched = _on_topic(matched, _topics(findings, rules)) if not matched.empty else matched
    if matched.empty:
        return list(findings)
    matched = matched.sort_values(["pos", "tanggal_lhp", "nomor_lhp", "file", "sheet", "row"])
    refs: dict[int, list[RepeatRef]] = {}
    for rec in matched.to_dict("records"):
        refs.setdefault(int(rec["pos"]), []).append(_ref(rec))
    return [
        replace(f, repeat_of=tuple(refs[i])) if i in refs else f for i, f in enumerate(findings)
    ]
