"""The line breaking's fast ways (rules as masks over character classes, ASCII and one-cell
text measured without a count per character, one loop a paragraph) give what the plain
rules give (`tests/linebreak_reference.py`), on text made of every class the rules know."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chars import CLOSING, OPENING
from reader.layout.linebreak import break_lines, break_opportunities, fold
from tests import linebreak_reference as reference

PIECES = [
    *"abcxyzAZ09_",  # letters, digits and the underscore a hyphen does not join
    *" \t\n",  # spaces and a hard break
    *"-/",  # hyphens and slashes
    *"éüß—–“”‘’…",  # one cell beyond ASCII, quotes among them
    *"\u0301\u200b",  # zero cells
    *"中文字かなカナ한글\u1100\u115f",  # wide: ideographs, kana, hangul, leading jamo
    *"\u231a\u2329\U0001f600",  # wide symbols and an emoji
    *"\u2000\u2319\u1160",  # just outside the wide ranges
    *sorted(CLOSING)[:12],
    *sorted(OPENING)[:8],
    "word ",
    "中文，",
    "（注）",
    "e-mail ",
    "„Brücke 49“ liegt",
    "( x",
    "证”“体",
    "城”27",
    "”“",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_opportunities_are_the_rules(text: str) -> None:
    assert break_opportunities(text) == reference.opportunities(text)


@settings(max_examples=150, deadline=None)
@given(text=TEXT, width=st.integers(min_value=0, max_value=50))
def test_lines_are_those_of_the_rules(text: str, width: int) -> None:
    assert [tuple(line) for line in break_lines(text, width)] == reference.break_lines(text, width)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, width=st.integers(min_value=0, max_value=30))
def test_folds_are_those_of_the_rules(text: str, width: int) -> None:
    assert fold(text, width) == reference.fold(text, width)
