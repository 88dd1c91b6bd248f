"""The draft findings as a Word document (`--format temuan --output draft.docx`, python-docx).

Headings use Word's built-in heading styles (OPD: level 1, finding: level 2, its five
parts: level 3), legal references the `Quote` style, location tables `Table Grid`.
Every text goes in as a plain run (python-docx escapes it; control characters are
dropped by the view), so nothing from a cell becomes a field, a link or markup.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import docx

from rl_audit.atomic import write_bytes_atomic
from rl_audit.findings import AuditReport
from rl_audit.report.temuan.view import ANNEX_TABLE, TABLE, Document, Group, document


def add_table(doc: Any, head: list[str], rows: tuple[tuple[str, ...], ...]) -> None:
    """A grid table: a bold header row, then one row per item."""
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.paragraphs[0].add_run(text)


def add_group(doc: Any, g: Group, words: dict[str, str]) -> None:
    """One finding: its heading, then Kondisi, Kriteria, Akibat, Sebab, Rekomendasi."""
    doc.add_heading(g.heading, level=2)
    doc.add_heading(words["temuan_kondisi"], level=3)
    doc.add_paragraph(g.kondisi)
    add_table(doc, [words[k] for k in TABLE], g.rows)
    for text in (g.more, *g.repeats):
        if text:
            doc.add_paragraph(text)
    doc.add_heading(words["temuan_kriteria"], level=3)
    doc.add_paragraph(words["temuan_kriteria_intro"])
    for ref in g.kriteria:
        doc.add_paragraph(ref, style="Quote")
    doc.add_heading(words["temuan_akibat"], level=3)
    doc.add_paragraph(g.akibat)
    add_sebab(doc, g, words)
    doc.add_heading(words["temuan_rekomendasi"], level=3)
    doc.add_paragraph(g.rekomendasi)


def add_sebab(doc: Any, g: Group, words: dict[str, str]) -> None:
    """Sebab: a blank for the auditor and the rule's typical causes as prompts."""
    doc.add_heading(words["temuan_sebab"], level=3)
    doc.add_paragraph().add_run(words["temuan_sebab_blank"]).italic = True
    if g.sebab:
        doc.add_paragraph(words["temuan_sebab_prompts"])
        for cause in g.sebab:
            doc.add_paragraph(cause, style="List Bullet")


def build(d: Document) -> Any:
    """The python-docx document of the draft."""
    doc, w = docx.Document(), d.words
    doc.add_heading(d.title, level=0)
    doc.add_paragraph(d.intro)
    doc.add_paragraph(d.period)
    for s in d.sections:
        doc.add_heading(s.heading, level=1)
        for g in s.groups:
            add_group(doc, g, w)
    if not d.sections:
        doc.add_paragraph(w["temuan_none"])
    doc.add_heading(w["temuan_annex"], level=1)
    if d.annex:
        doc.add_paragraph(w["temuan_annex_note"])
        add_table(doc, [w[k] for k in ANNEX_TABLE], d.annex)
    else:
        doc.add_paragraph(w["temuan_annex_none"])
    return doc


def write_docx(report: AuditReport, path: Path, lang: str, max_locations: int) -> None:
    """Write the draft findings of `report` as a .docx into `path`, atomically."""
    buffer = BytesIO()
    build(document(report, lang, max_locations)).save(buffer)
    write_bytes_atomic(path, buffer.getvalue())
