"""Facts one sheet of a workbook states for the whole workbook.

A workbook often names its OPD on one sheet only (the DPA sheet's `ORGANISASI : …`
line) while its monthly realisation sheets name none. Those sheets belong to the OPD
the workbook names, when it names exactly one.
"""

from __future__ import annotations

from dataclasses import replace

from rl_audit.documents import Document, OpdRef

NAMED = ("title", "column")  # sources where a sheet itself names its OPD
TAKERS = ("path", "cli")  # a folder name or the `--opd` fallback: the sheet names none
WORKBOOK = "workbook"


def workbook_opd(docs: list[Document]) -> OpdRef | None:
    """The one OPD the sheets of a workbook name themselves; None for none or several."""
    named = {d.opd.code: d.opd for d in docs if d.opd is not None and d.opd.source in NAMED}
    return next(iter(named.values())) if len(named) == 1 else None


def share_workbook_opd(docs: list[Document]) -> int:
    """Give the sheets that name no OPD the one their workbook names; returns how many.

    Call it only when no OPD is forced (`--opd`): the forced one names every sheet.
    Such a sheet's OPD gets `source="workbook"` and loses its `opd_unknown` warning.
    """
    opd = workbook_opd(docs)
    if opd is None:
        return 0
    takers = [d for d in docs if d.opd is None or d.opd.source in TAKERS]
    for doc in takers:
        doc.opd = replace(opd, source=WORKBOOK)
        doc.warnings[:] = [i for i in doc.warnings if i.key != "opd_unknown"]
    return len(takers)
