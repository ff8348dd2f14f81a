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
    "xml_safe",
]

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls except tab and newline, DEL, and the C1 controls: an article must never be
able to move the cursor, change colours or set the window title. And the bidi embeddings,
overrides and isolates, with which a line shows its characters in another order than they
are (a link's text reversed to look like another address); the marks (U+200E, U+200F) stay."""


_SEQUENCES = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves (`ESC[31m`)
    "|\x1b[]P^_X][^\x07\x1b\n]*(?:\x07|\x1b\\\\)"  # OSC and the other strings: a title, a link
    "|\x1b(?:[()*+\\-./][ -~]|[78=>])"  # a character set chosen (`ESC(B`), the cursor kept, the keypad's mode
)
"""Whole ECMA-48 escape sequences, which text captured from a terminal (a log, a coloured
listing) is full of: taking out only their ESC left `[31m` and `]0;title` in the text, and a
page of them in brackets that Markdown's link parsing searched through again and again. A
string sequence runs to its terminator within the line. An ESC that starts none of these
loses only itself: an ESC sprinkled into words must not take a letter with it. The one-byte
C1 forms (U+009B for `ESC[`) go alone, as before: Windows-1252 text read as Latin-1 holds
them as its `›` and `œ`, and their text must stay."""


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters; carriage returns become
    newlines first."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _SEQUENCES.sub("", text)
    return _CONTROLS.sub("", text)


def blank_controls(text: str) -> str:
    """Terminal control characters made spaces: offsets into the text stay true (marked matches)."""
    return _CONTROLS.sub(" ", text.replace("\r", " "))


_SUSPECT_REFERENCE = re.compile(
    r"&#(?:0*(\d{1,3}|5[5-7]\d{3}|6553[45]|\d{7,})(?!\d)"
    r"|[xX]0*([0-9a-fA-F]{1,2}|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF]|[0-9a-fA-F]{6,})(?![0-9a-fA-F]));?"
)
"""Numeric character references that may name a character XML cannot hold: small numbers
(controls), surrogates, U+FFFE/U+FFFF and anything past U+10FFFF. The test of the value is
`_safe_reference`; the pattern only keeps that test away from the many harmless references
(a page may write every one of its ideographs as `&#20013;`)."""

_UNSAFE_CHARS = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""Characters no XML document holds, left after the controls are stripped."""

_LAST_CODE_POINT = 0x10FFFF


def xml_safe(text: str) -> str:
    """Text every later stage can hold: no reference to, and no raw, character that XML forbids.

    lxml refuses such characters outright ("All strings must be XML compatible"), so a page
    writing `&#0;` in an attribute would fail the clean pass. They become what a browser shows
    (HTML's rules for numeric references): U+FFFD for NUL, surrogates and numbers past
    Unicode, the windows-1252 character for 128-159 (`&#150;` is an en dash on the web),
    nothing for the other control characters, which are stripped everywhere else too.
    """
    if "&#" in text:
        text = _SUSPECT_REFERENCE.sub(_safe_reference, text)
    return _UNSAFE_CHARS.sub("\ufffd", text)


def _safe_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal = match.group(1), match.group(2)
    digits = decimal or hexadecimal
    code = _LAST_CODE_POINT + 1 if len(digits) > 8 else int(digits, 10 if decimal else 16)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > _LAST_CODE_POINT:
        return "\ufffd"
    if code in (0x09, 0x0A):
        return match.group(0)
    if code == 0x0D:
        return "&#10;"  # a carriage return is a line break (strip_controls does the same)
    if code < 0x20 or code == 0x7F:
        return ""
    if 0x80 <= code <= 0x9F:
        return bytes([code]).decode("cp1252", "ignore")
    return match.group(0)


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
