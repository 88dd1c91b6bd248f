"""The draft findings as Markdown (`--format temuan --output draft.md`).

Every text is escaped (`escape`): Markdown's punctuation gets a backslash, so a cell's
`<b>`, `[x](http://…)` or `| a |` shows as written — no raw HTML, no link (a `://` or
`www.` of a cell is never autolinked) and no broken table.
"""

from __future__ import annotations

import re
from pathlib import Path

from rl_audit.atomic import write_text_atomic
from rl_audit.findings import AuditReport
from rl_audit.report.temuan.view import ANNEX_TABLE, TABLE, Document, Group, Section, document

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&@]|:(?=//)|(?<=www)\.)", re.IGNORECASE)
_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")  # a list item, quote or heading marker


def escape(text: str) -> str:
    """`text` as literal Markdown inline text on one line, safe at the start of a line too.

    Markdown's inline punctuation gets a backslash, and so do `://`'s colon and `www.`'s
    dot (no autolink) and a leading list, quote or underline marker; `.`, `-` and `:`
    elsewhere stay readable.
    """
    text = inline(text)
    return _LINE_START.sub(lambda m: "\\" + m[1] if not m[1].isdigit() else m[1] + "\\", text)


def inline(text: str) -> str:
    """`text` as literal Markdown inside a line (a table cell): `escape` but at line start."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(head: list[str], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A pipe table of escaped cells."""
    lines = ["| " + " | ".join(inline(h) for h in head) + " |", "|" + " --- |" * len(head)]
    return lines + ["| " + " | ".join(inline(c) for c in r) + " |" for r in rows]


def group_lines(g: Group, words: dict[str, str]) -> list[str]:
    """One finding: its heading and the five parts."""
    out = [f"### {escape(g.heading)}", "", f"#### {escape(words['temuan_kondisi'])}", ""]
    out += [escape(g.kondisi), "", *table([words[k] for k in TABLE], g.rows)]
    out += ["", escape(g.more)] if g.more else []
    out += [line for r in g.repeats for line in ("", f"**{escape(r)}**")]
    out += [
        "",
        f"#### {escape(words['temuan_kriteria'])}",
        "",
        escape(words["temuan_kriteria_intro"]),
    ]
    out += [line for ref in g.kriteria for line in ("", f"> {escape(ref)}")]
    out += ["", f"#### {escape(words['temuan_akibat'])}", "", escape(g.akibat)]
    out += [
        "",
        f"#### {escape(words['temuan_sebab'])}",
        "",
        f"_{escape(words['temuan_sebab_blank'])}_",
    ]
    if g.sebab:
        out += ["", escape(words["temuan_sebab_prompts"]), ""] + [f"- {escape(s)}" for s in g.sebab]
    out += ["", f"#### {escape(words['temuan_rekomendasi'])}", "", escape(g.rekomendasi), ""]
    return out


def section_lines(s: Section, words: dict[str, str]) -> list[str]:
    """One OPD: its heading and its findings."""
    out = [f"## {escape(s.heading)}", ""]
    return out + [line for g in s.groups for line in group_lines(g, words)]


def render(doc: Document) -> str:
    """The whole draft as Markdown text."""
    w = doc.words
    out = [f"# {escape(doc.title)}", "", escape(doc.intro), "", escape(doc.period), ""]
    out += [line for s in doc.sections for line in section_lines(s, w)]
    out += [] if doc.sections else [escape(w["temuan_none"]), ""]
    out += [f"## {escape(w['temuan_annex'])}", ""]
    if doc.annex:
        out += [escape(w["temuan_annex_note"]), "", *table([w[k] for k in ANNEX_TABLE], doc.annex)]
    else:
        out.append(escape(w["temuan_annex_none"]))
    return "\n".join(out) + "\n"


def write_markdown(report: AuditReport, path: Path, lang: str, max_locations: int) -> None:
    """Write the draft findings of `report` as Markdown into `path`, atomically."""
    write_text_atomic(path, render(document(report, lang, max_locations)))
