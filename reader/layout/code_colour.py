"""Code coloured by Pygments (through Rich's `Syntax`), and coloured text turned into segments.

Apart from the painter because both are dear to import (Pygments, Rich's console: a quarter
of the CPU of a short dump's start) and only coloured output needs them: a dump to a pipe
(`reader.layout.theme.TEXT_ONLY`) never imports this module's dependencies.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console


def highlight(code: str, language: str, theme: str) -> Text:
    """`code` coloured in the Pygments style `theme`; as it is without a language or a theme."""
    if not language or not theme:
        return Text(code)
    from rich.syntax import Syntax  # Pygments loads with the first highlighted block shown

    try:
        syntax = Syntax(code, language, theme=theme, background_color="default")
        return syntax.highlight(code)
    except Exception:  # an unknown lexer or style must not cost the reader the code
        return Text(code)


def segments(text: Text) -> list[Segment]:
    """The segments of `text`: one unstyled segment for text with no colour (what Rich gives)."""
    return list(text.render(_render_console())) if text.spans else [Segment(text.plain)]


@cache
def _render_console() -> Console:
    """A console only for turning `Text` into segments; made on first use."""
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), width=1000, color_system=None, legacy_windows=False)
