"""A text in one style is flowed the fast way (a segment a line, no search for the spans'
parts): the same lines, segments and offsets as the general way gives it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style

from reader.layout.flow import flow, in_one_style, in_styles, one_line
from reader.layout.linebreak import break_lines

TEXT = st.text(alphabet=st.sampled_from(list("abc xyz中文，。“”-\t\n")), max_size=80)
PREFIX = st.sampled_from([[], [Segment("│ ", Style(bold=True))], [Segment("  "), Segment("1.", Style(italic=True))]])


@settings(max_examples=150, deadline=None)
@given(text=TEXT, width=st.integers(min_value=2, max_value=30), first=PREFIX, rest=PREFIX, shared=st.booleans())
def test_one_style_is_the_general_way(
    text: str, width: int, first: list[Segment], rest: list[Segment], shared: bool
) -> None:
    rest = first if shared else rest
    style = Style(underline=True)
    ranges = break_lines(text, width)
    decorations = {"first": (first, len(first) * 2), "rest": (rest, len(rest) * 2)}
    fast = in_one_style(text, ranges, style, index=3, **decorations)
    assert fast == in_styles(text, ranges, [style], [0, len(text)], index=3, **decorations)


@settings(max_examples=100, deadline=None)
@given(text=TEXT, cut=st.integers(min_value=0, max_value=80), width=st.integers(min_value=8, max_value=40))
def test_two_spans_in_one_style_show_as_one(text: str, cut: int, width: int) -> None:
    cut = min(cut, len(text))
    style = Style(bold=True)
    prefix = [Segment("> ")]
    one = flow(text, [style], [], index=0, first=prefix, rest=prefix, width=width)
    two = flow(text, [style, style], [0, cut, len(text)], index=0, first=prefix, rest=prefix, width=width)
    assert [(line.start, line.end, line.indent, line.text) for line in one] == [
        (line.start, line.end, line.indent, line.text) for line in two
    ]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab z中，\t\n\x0b\u0301")), max_size=12),
    width=st.integers(min_value=0, max_value=12),
)
def test_a_text_on_one_line_is_the_general_way(text: str, width: int) -> None:
    style = Style(bold=True)
    lines = one_line(text, style, 5, width)
    if lines is not None:
        assert lines == flow(text, [style], [], index=5, first=[], rest=[], width=width)
    heading = "Heading 12 "
    assert one_line(heading, style, 5, 80) == flow(heading, [style], [], index=5, first=[], rest=[], width=80)
