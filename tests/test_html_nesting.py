"""The flattening of deep nesting: runs of one tag taken out at once, as one at a time would."""

from __future__ import annotations

import re

import pytest

from reader.convert.html_nesting import MAX_DEPTH, flatten_html


def one_at_a_time(markup: str) -> str:
    """`markup` with every other tag written differently (`<div >`), so that no two tags in a
    row are the same text and the flattener meets each alone."""
    count = iter(range(len(markup)))
    return re.sub(r"<(/?[a-z]+)>", lambda tag: f"<{tag[1]} >" if next(count) % 2 else tag[0], markup)


def plain(markup: str) -> str:
    return markup.replace(" >", ">")


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 3_000 + "<p>deep</p>" + "</div>" * 3_000,
        "<p>before" + "<div>" * 500 + "inside" + "</div>" * 200 + "<p>after" + "</div>" * 300 + "</span>" * 5,
        "<p>" + "<b>" * 1_000 + "bold" + "</b>" * 1_000 + "</p>",
        "<blockquote>" * 40 + "quote" + "</blockquote>" * 40 + "<ul><li>" * 30 + "item" + "</li></ul>" * 30,
        "<div>" * 200 + "<span>" * 50 + "text" + "</div>" * 100 + "</span>" * 50 + "</div>" * 100,
        "<table><tr><td>" * 200 + "cell" + "</td></tr></table>" * 200,
    ],
)
def test_a_run_of_one_tag_is_flattened_as_each_tag_alone(body: str) -> None:
    markup = f"<html><body>{body}</body></html>"
    flat = flatten_html(markup)
    assert flat == plain(flatten_html(one_at_a_time(markup)))
    assert flat.count("<div>") <= MAX_DEPTH


def test_a_paragraph_in_60000_divs_keeps_the_first_divs_and_a_line_break_for_the_rest() -> None:
    flat = flatten_html("<html><body>" + "<div>" * 60_000 + "<p>deep</p>" + "</div>" * 60_000 + "</body></html>")
    kept = MAX_DEPTH - 2  # <html> and <body> are open too; the <p> is past the limit, taken out
    assert flat == "<html><body>" + "<div>" * kept + "<br>deep<br>" + "</div>" * kept + "</body></html>"
