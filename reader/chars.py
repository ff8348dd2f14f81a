"""Character classes the pipeline needs: control characters, CJK, punctuation, cell widths."""

from __future__ import annotations

import re
import unicodedata

from rich.cells import cell_len, get_character_cell_size

__all__ = [
    "CLOSING",
    "OPENING",
    "cell_len",
    "char_width",
    "is_cjk",
    "is_wide",
    "strip_controls",
]

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and newline, DEL, and the C1 controls: an article must never be
able to move the cursor, change colours or set the window title."""


def strip_controls(text: str) -> str:
    """Remove terminal control characters; carriage returns become newlines first."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


CLOSING = frozenset("，。、！？；：）」』》】〕〉〗〙〛”’…‥・．,.!?;:)]}｝］〞〟゛゜ゝゞヽヾ々〻％")
"""Characters a line may not begin with (kinsoku shori, line-start prohibited), as CSS's
`line-break: normal` has them: iteration marks stay off a line's start, while the prolonged
sound mark ー (like small kana) may begin one."""

OPENING = frozenset("（「『《【〔〈〖〘〚“‘([{｛［〝")
"""Characters a line may not end with (line-end prohibited)."""


def is_cjk(char: str) -> bool:
    """Ideographs, kana and hangul: scripts written without spaces between words."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # extensions B and later
    )


def is_cjk_punctuation(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def is_wide(char: str) -> bool:
    return get_character_cell_size(char) == 2


def char_width(char: str) -> int:
    """Display cells of one character (0 for combining marks)."""
    return get_character_cell_size(char)


def is_punctuation(char: str) -> bool:
    """Punctuation as CommonMark counts it for emphasis: Unicode categories P and S."""
    return unicodedata.category(char).startswith(("P", "S"))
