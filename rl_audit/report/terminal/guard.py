"""Untrusted text on a Rich console: inert by construction, and a guard on the console.

Every terminal view builds spreadsheet text (cell values, sheet and file names, OPD
names, rule wording from a user's rule file) with `plain`, which runs it through
`rl_audit.report.untrusted.inert` and never reads it as markup. `guard` adds a render hook
to a console that removes any control character still inside printed text (a last
line of defence for a text a view forgot): only Rich's own control segments (colours,
a progress bar's cursor moves) reach the terminal as escape sequences.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook
from rich.segment import Segment
from rich.text import Text

from rl_audit.report.untrusted import inert

# every C0 control but the line feed Rich lays lines out with, DEL and the C1 controls
_STRIP = dict.fromkeys((*(c for c in range(0x20) if c != 0x0A), 0x7F, *range(0x80, 0xA0)))


def plain(text: object, style: str = "") -> Text:
    """Untrusted text as a Rich `Text`: control characters made visible, never markup."""
    return Text(inert(text), style=style)


class _Inert:
    """A renderable whose text segments lose every control character."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(segment.text.translate(_STRIP), segment.style)


class InertHook(RenderHook):
    """Wraps everything a console prints in `_Inert`."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        """The renderables, each guarded."""
        return [_Inert(r) for r in renderables]


def guard(console: Console) -> Console:
    """`console` with `InertHook` installed (returned for chaining)."""
    console.push_render_hook(InertHook())
    return console
