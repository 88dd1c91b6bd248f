"""The draft findings document as plain parts, shared by the Markdown and .docx layouts.

Per OPD with open findings (`report.by_opd_rule`), per rule in the order the rules ran:
a heading (BPK finding code, rule title and id), *Kondisi* (count, money and period
from the report's roll-ups, and a table of locations capped at `max_locations`),
*Kriteria* (the rule's legal references, one quote each), *Akibat*, *Sebab* (blank for
the auditor, the rule's typical causes as prompts) and *Rekomendasi* (BPK code and
text), plus the LHPs the findings repeat. Waived findings go to the annex only. The
rule texts come with the findings' shared `Wording`; every text is in the reader's
language and nothing is computed here but the layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rl_audit.findings import AuditReport, BpkGroup, Finding, by_opd_code
from rl_audit.formatting import rupiah_sen
from rl_audit.messages import label
from rl_audit.report.bounds import first_per_key
from rl_audit.report.finding_notes import day, notes
from rl_audit.report.untrusted import printable
from rl_audit.report.wording import period
from rl_audit.wording import Wording

SECTIONS = ("kondisi", "kriteria", "akibat", "sebab", "rekomendasi")  # label keys temuan_*
TABLE = ("col_file", "col_sheet", "col_cell", "col_amount", "col_message")
ANNEX_TABLE = ("col_opd", "col_rule", "temuan_col_where", "col_amount", "temuan_col_waiver")


def clean(text: object) -> str:
    """Input text for a document: control characters dropped, line breaks as spaces."""
    return " ".join(printable(str(text)).split())


@dataclass(frozen=True)
class Group:
    """One rule's open findings in one OPD, in the BPK finding form."""

    heading: str
    kondisi: str
    rows: tuple[tuple[str, ...], ...]  # file, sheet, cell, amount, message
    more: str  # "… dan N lagi" ("" when every finding is listed)
    repeats: tuple[str, ...]  # the LHPs the findings repeat
    kriteria: tuple[str, ...]  # legal references, quoted one by one
    akibat: str
    sebab: tuple[str, ...]  # typical causes, as prompts
    rekomendasi: str


@dataclass(frozen=True)
class Section:
    """One OPD's heading and its finding groups."""

    heading: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Document:
    """The whole draft: title, intro, OPD sections, the annex of waived findings, labels."""

    title: str
    intro: str
    period: str
    sections: tuple[Section, ...]
    annex: tuple[tuple[str, ...], ...]
    words: dict[str, str]  # label key -> text in the reader's language


def cells(f: Finding) -> str:
    """`F18, F19` (rows when no cell is known) of a finding's locations."""
    found = [loc.cell or (str(loc.row) if loc.row else "") for loc in f.locations]
    return ", ".join(c for c in found if c)


def row(f: Finding, lang: str) -> tuple[str, ...]:
    """A finding as a location row: file, sheet, cell, amount, message."""
    first = f.locations[0] if f.locations else None
    file, sheet = (first.file, first.sheet) if first else ("", "")
    return tuple(
        clean(t) for t in (file, sheet, cells(f), rupiah_sen(f.amount_sen), f.text("message", lang))
    )


def shared(findings: list[Finding]) -> Wording | None:
    """The rule's shared wording (None for findings built without one)."""
    return next((f.wording for f in findings if f.wording is not None), None)


def rule_text(w: Wording | None, part: str, lang: str, values: dict[str, object]) -> str:
    """A rule text (akibat, rekomendasi) in `lang`, its placeholders filled ('' when none)."""
    return "" if w is None or not getattr(w, part) else clean(w.fill(part, lang, values))


def kriteria(w: Wording | None, lang: str) -> tuple[str, ...]:
    """The rule's legal references, one quote each (a prompt when it names none)."""
    refs = [clean(r) for r in (w.legal_ref if w else "").split(";") if r.strip()]
    return tuple(refs) or (label("temuan_kriteria_none", lang),)


def sebab(w: Wording | None, lang: str) -> tuple[str, ...]:
    """The rule's typical causes in `lang` (none when it has none)."""
    text = w.template("sebab", lang) if w is not None and w.sebab else ""
    return tuple(clean(line) for line in text.split("\n") if line.strip())


def rekomendasi(w: Wording | None, lang: str, values: dict[str, object]) -> str:
    """`Kode rekomendasi 02: …` (a prompt when the rule states none)."""
    text = rule_text(w, "rekomendasi", lang, values)
    if not text:
        return label("temuan_rekomendasi_none", lang)
    return label("temuan_rekomendasi_line", lang, code=w.rekomendasi_code if w else "", text=text)


def repeats(findings: Iterable[Finding], lang: str) -> tuple[str, ...]:
    """The earlier LHP findings these findings repeat, each said once."""
    refs = dict.fromkeys(r for f in findings for r in f.repeat_of)
    return tuple(
        clean(label("repeat_note", lang, lhp=r.lhp, date=day(r.lhp_date), no=r.finding_no,
                    rec=r.recommendation, status=r.status))
        for r in refs
    )  # fmt: skip


def kondisi(tally: BpkGroup, report: AuditReport, lang: str) -> str:
    """`Ditemukan 3 kejadian dengan nilai Rp …. Periode: …` (from the report's roll-ups)."""
    key = "temuan_kondisi_line" if tally.amount_sen else "temuan_kondisi_no_amount"
    amount = rupiah_sen(tally.amount_sen)
    return label(key, lang, count=tally.count, amount=amount, period=period(report, lang))


def group(tally: BpkGroup, found: list[Finding], report: AuditReport, cap: int, lang: str) -> Group:
    """One rule's open findings of one OPD as a `Group` (`tally`: their count and money)."""
    w, first = shared(found), found[0]
    values = {**dict(first.values), "total": tally.amount_sen / 100, "count": tally.count}
    shown, left = first_per_key(found, lambda f: f.rule_id, cap)
    title = clean(first.text("title", lang))
    heading = label("temuan_heading", lang, code=first.bpk_code, title=title, rule=first.rule_id)
    return Group(
        heading,
        kondisi(tally, report, lang),
        tuple(row(f, lang) for f in shown),
        label("temuan_more", lang, count=left[first.rule_id]) if left else "",
        repeats(found, lang),
        kriteria(w, lang),
        rule_text(w, "akibat", lang, values) or label("temuan_akibat_none", lang),
        sebab(w, lang),
        rekomendasi(w, lang, values),
    )


def section(code: str, found: list[Finding], report: AuditReport, cap: int, lang: str) -> Section:
    """One OPD's section: a group per rule with open findings, in the order the rules ran."""
    opd = found[0].opd
    name = clean(opd.name) if opd else "?"
    by_rule: dict[str, list[Finding]] = {}
    for f in found:
        if f.status == "open":
            by_rule.setdefault(f.rule_id, []).append(f)
    tallies = report.by_opd_rule.get(code, [])
    groups = tuple(group(t, by_rule[t.code], report, cap, lang) for t in tallies)
    return Section(label("temuan_opd", lang, code=clean(code), name=name), groups)


def annex_row(f: Finding, lang: str) -> tuple[str, ...]:
    """A waived finding: OPD, rule, where, amount and the waiver that accepted it."""
    opd = f.opd.code if f.opd else "?"
    first = f.locations[0] if f.locations else None
    where = f"{first.file} › {first.sheet} › {cells(f)}" if first else ""
    texts = (opd, f.rule_id, where, rupiah_sen(f.amount_sen), " ".join(notes(f, lang)))
    return tuple(clean(t) for t in texts)


def document(report: AuditReport, lang: str, cap: int) -> Document:
    """The draft findings of `report` in `lang`, at most `cap` location rows per group."""
    by_code = by_opd_code(report.findings)
    order = [s.opd.code for s in report.opds if s.opd.code in report.by_opd_rule]
    order += [c for c in report.by_opd_rule if c not in order]
    sets = ", ".join(f"{r.name} {r.version}" for r in report.rule_sets) or "-"
    keys = ("temuan_" + s for s in (*SECTIONS, "none", "annex", "annex_note", "annex_none",
                                    "kriteria_intro", "sebab_blank", "sebab_prompts"))  # fmt: skip
    return Document(
        label("temuan_title", lang),
        label("temuan_intro", lang, rule_sets=clean(sets), generated=day(report.generated_at)),
        period(report, lang),
        tuple(section(c, by_code[c], report, cap, lang) for c in order),
        tuple(annex_row(f, lang) for f in report.findings if f.status == "waived"),
        {k: label(k, lang) for k in (*keys, *TABLE, *ANNEX_TABLE)},
    )
