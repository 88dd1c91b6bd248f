"""Terminal layout: "Rp" kept on the line of its amount, no trailing blanks on any line.

Rich wraps text at whitespace (a no-break space included), so `glued` writes the space of
`Rp 7.350.000` as `GLUE`, a character Rich does not break at, and `Trimmed` turns it
back into a space when the lines are laid out. `trimmed(console)` wraps everything the
console prints in `Trimmed` for the time of a report: no line ends in blanks, on a
terminal or piped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook
from rich.segment import Segment
from rich.text import Text

GLUE = "\ue000"  # a private-use character: one cell wide, not whitespace to Rich's wrapping


def glued(text: Text) -> Text:
    """`text` with the space after every "Rp" glued to the amount (same styles)."""
    if "Rp " not in text.plain:
        return text
    out = text.copy()
    out.plain = text.plain.replace("Rp ", "Rp" + GLUE)  # same length: the spans stay put
    return out


def trim(segments: Iterable[Segment]) -> list[Segment]:
    """One laid-out line: glue shown as a space, trailing blanks removed."""
    out = [s if s.control else Segment(s.text.replace(GLUE, " "), s.style) for s in segments]
    while out and not out[-1].control and not out[-1].text.rstrip():
        out.pop()
    if out and not out[-1].control:
        out[-1] = Segment(out[-1].text.rstrip(), out[-1].style)
    return out


class Trimmed:
    """A renderable laid out line by line through `trim`."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segments in console.render_lines(self.renderable, options, pad=False):
            yield from trim(segments)
            yield Segment.line()


class TrimHook(RenderHook):
    """Wraps everything a console prints in `Trimmed`."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        """The renderables, each trimmed."""
        return [Trimmed(r) for r in renderables]


@contextmanager
def trimmed(console: Console) -> Iterator[Console]:
    """`console` printing through `TrimHook` inside the `with` block."""
    console.push_render_hook(TrimHook())
    try:
        yield console
    finally:
        console.pop_render_hook()
