"""Per OPD: which document kinds were read, which the rule pack needs and are missing.

A need is a group of alternatives: met when any of its kinds was read. The core needs
(`CoveragePolicy.core`; config key `core_documents`) decide whether an OPD's score can
be banded: by default a BKU, a buku pajak and a realisation source. Besides the kinds of
`rl_audit/data/kinds.yaml`, a need may name `lra`: an `anggaran` sheet that carries
realisation figures (an LRA / Realisasi APBD), not a budget alone (DPA, penjabaran).
The other kinds the rule pack reads are needs too, but not core ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rl_audit.documents import Document, InputFile
from rl_audit.findings import Coverage

LRA = "lra"
DEFAULT_CORE: tuple[tuple[str, ...], ...] = (("bku",), ("pajak",), ("realisasi", LRA))
SHOWN_AS = {LRA: "LRA"}
UNKNOWN_CODE = "?"


@dataclass(frozen=True)
class CoveragePolicy:
    """The core needs (each a group of alternative kinds) and every kind the rules read."""

    core: tuple[tuple[str, ...], ...] = DEFAULT_CORE
    needed: tuple[str, ...] = ()


def core_groups(raw: Sequence[str | Sequence[str]] | None) -> tuple[tuple[str, ...], ...]:
    """`[bku, pajak, [lra, realisasi]]` as groups; None gives the default."""
    if raw is None:
        return DEFAULT_CORE
    return tuple((item,) if isinstance(item, str) else tuple(item) for item in raw)


def policy(documents: Iterable[str], core: tuple[tuple[str, ...], ...] | None) -> CoveragePolicy:
    """The policy of a run: the rule pack's document kinds and the (configured) core."""
    return CoveragePolicy(core if core is not None else DEFAULT_CORE, tuple(sorted(set(documents))))


def carries_realisation(doc: Document) -> bool:
    """An `anggaran` sheet with any realisation figure (an LRA rather than a DPA)."""
    return (
        doc.kind == "anggaran"
        and "realisasi" in doc.frame
        and bool(doc.frame["realisasi"].notna().any())
    )


def lra_opds(inputs: Iterable[InputFile]) -> set[str]:
    """Codes of the OPDs (`?` for none) with at least one LRA-like `anggaran` sheet."""
    return {
        doc.opd.code if doc.opd is not None else UNKNOWN_CODE
        for item in inputs
        for doc in item.documents()
        if carries_realisation(doc)
    }


def _shown(group: tuple[str, ...]) -> str:
    """`realisasi/LRA`."""
    return "/".join(SHOWN_AS.get(k, k) for k in group)


def coverage(read: Iterable[str], has_lra: bool, rules: CoveragePolicy) -> Coverage:
    """What was read for one OPD and which needs (core first) are not met."""
    kinds = tuple(sorted(set(read)))
    present = set(kinds) | ({LRA} if has_lra else set())
    core_missing = [g for g in rules.core if not present & set(g)]
    covered = {k for g in rules.core for k in g}
    others = [(k,) for k in rules.needed if k not in covered and k not in present]
    return Coverage(
        kinds,
        tuple(_shown(g) for g in core_missing + others),
        tuple(_shown(g) for g in core_missing),
    )
