"""How long an article takes to read, counted from its text as the layout goes.

Chinese and Japanese are read by the character, other scripts by the word, so each is
counted in its own unit and at its own pace. A long article is laid out a block at a time,
so the count is kept per block (`reading_load`) and summed as blocks arrive.
"""

from __future__ import annotations

import re
from functools import cache

from reader.model import Article

CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 230

_WORD = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")
"""Words of Latin, Greek and Cyrillic text, enough for a reading time."""
_ASCII_WORDS = bytes(ord("a") if chr(code).isalnum() else ord(" ") for code in range(256))
"""Every ASCII letter or digit made an `a`, every other character a space: in ASCII text the
words `_WORD` matches are then the runs of `a`, each starting at a space followed by an `a`
(counted without a list of the words)."""


@cache
def _cjk_char() -> re.Pattern[str]:
    """Compiled on the first text that is not ASCII: a class this large takes milliseconds to
    compile, which an English article never needs to pay."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]+")


def reading_load(text: str) -> tuple[int, int]:
    """(CJK characters, words in other scripts): what reading time is counted from. CJK is
    matched in runs, whose lengths add up to the characters: a list of every character was
    a tenth of a long article's layout. ASCII text is counted in C, without the expression
    (which took a seventh of the layout of a short paragraph, and ten times as long)."""
    if text.isascii():
        return 0, (b" " + text.encode().translate(_ASCII_WORDS)).count(b" a")
    return sum(map(len, _cjk_char().findall(text))), len(_WORD.findall(text))


def reading_load_of(texts: list[str]) -> tuple[int, int]:
    """`reading_load` of several texts, added up: the ASCII ones counted a batch at a time
    (the words of texts joined by a space are theirs; a call a block was a twentieth of the
    layout of 20,000 headings), the others one by one."""
    cjk = words = 0
    plain: list[str] = []
    for text in texts:
        if text.isascii():
            plain.append(text)
        else:
            text_cjk, text_words = reading_load(text)
            cjk += text_cjk
            words += text_words
    for start in range(0, len(plain), _BATCH):
        words += reading_load(" ".join(plain[start : start + _BATCH]))[1]
    return cjk, words


_BATCH = 1024
"""ASCII texts counted in one call: a few hundred kilobytes at most, not a copy of the article."""


def reading_minutes(cjk: int, words: int) -> int:
    """CJK at about 400 characters a minute, other scripts at about 230 words a minute."""
    return max(1, round(cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE))


def article_minutes(article: Article) -> int:
    return reading_minutes(*reading_load_of([block.text for block in article.blocks]))
