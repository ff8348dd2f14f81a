"""Front matter never costs the reader the article."""

from __future__ import annotations

import pytest

from reader.convert.dates import normalize_date
from reader.convert.frontmatter import split_front_matter


def test_fields_and_body() -> None:
    text = (
        "---\ntitle: 'A &amp; B'\nauthor: 作者\ndate: Wed, 21 Jul 2021 00:00:00 GMT\n"
        "categories:\n    - 一\n    - 二\nheadimg: 'http://x/i.png'\n---\n\n<p>body</p>"
    )
    front, body = split_front_matter(text)
    assert front is not None
    assert (front.title, front.author, front.date) == ("A & B", "作者", "2021-07-21")
    assert front.categories == ["一", "二"]
    assert front.image == "http://x/i.png"
    assert body.strip() == "<p>body</p>"


def test_broken_yaml_still_gives_the_simple_fields() -> None:
    text = "---\ntitle: Colons: everywhere: here\nauthor: [unclosed\ndate: 2022-02-15 05:08:26\n---\nbody"
    front, body = split_front_matter(text)
    assert front is not None
    assert front.title == "Colons: everywhere: here"
    assert front.date == "2022-02-15"
    assert body == "body"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Invalid Date", ""),
        ("", ""),
        ("2022-02-15 05:08:26", "2022-02-15"),
        ("Mon, 02 May 2022 13:12:16 GMT", "2022-05-02"),
        ("2021年7月21日", "2021-07-21"),
        ("2021/7/21", "2021-07-21"),
        ("sometime last spring", "sometime last spring"),
    ],
)
def test_dates(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


def test_no_front_matter_and_a_leading_rule() -> None:
    assert split_front_matter("# Title\n\ntext")[0] is None
    front, body = split_front_matter("---\n\nJust a rule above a paragraph.\n\n---\n\nMore text.")
    assert front is None
    assert "Just a rule" in body


def test_empty_front_matter() -> None:
    front, body = split_front_matter("---\n---\nbody")
    assert front is not None and front.title == ""
    assert body == "body"
