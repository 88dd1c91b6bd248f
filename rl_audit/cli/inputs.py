"""Why no input could be read: the folders given that hold no file, or only non-spreadsheets.

`check` and `inspect` read the spreadsheets under the folders they are given; a folder
holding only Word or PDF files yields no input at all. Instead of a bare "no input could
be read", say which folder, how many files were skipped and which extensions are read.
A file given by name is reported by its own read error (`rl_audit.engine.problems`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rl_audit.messages import label

SHOWN_NAMES = 3  # skipped file names shown before "…"


def folder_reason(folder: Path, lang: str) -> str | None:
    """Why `folder` gave no input (empty, or no file that is read); None when it gave some."""
    from rl_audit.documents import EXTENSIONS

    found = sorted(p for p in folder.rglob("*") if p.is_file())
    if not found:
        return label("cli_folder_empty", lang, path=folder)
    wanted = [p for p in found if p.suffix.lower() in EXTENSIONS and not _hidden(p)]
    if wanted:
        return None
    names = ", ".join(p.name for p in found[:SHOWN_NAMES]) + (
        ", …" if len(found) > SHOWN_NAMES else ""
    )
    extensions = ", ".join(sorted(EXTENSIONS))
    return label(
        "cli_folder_skipped",
        lang,
        path=folder,
        count=len(found),
        names=names,
        extensions=extensions,
    )


def _hidden(path: Path) -> bool:
    """A hidden or Office lock file (`.x`, `~$x`), never read."""
    return path.name.startswith((".", "~$"))


def nothing_read(paths: Iterable[Path], lang: str) -> str:
    """The one line saying no input could be read, with the folders' reasons when known."""
    reasons = [r for p in paths if p.is_dir() for r in [folder_reason(p, lang)] if r]
    if not reasons:
        return "tidak ada input yang dapat dibaca" if lang == "id" else "no input could be read"
    return label("cli_nothing_read", lang, why="; ".join(reasons))
