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


def test_broken_yaml_values_are_left_out_rather_than_shown_raw() -> None:
    text = (
        '---\ntitle: "unterminated\nauthor: [bad\ndate: 2022-02-15\nsummary: |\n  two lines\n'
        "site: Colons: fine\ntags:\n  - 'ok'\n  - \"broken\n---\nbody"
    )
    front, body = split_front_matter(text)
    assert front is not None and body == "body"
    assert (front.title, front.author, front.date) == ("", "", "2022-02-15")
    assert front.fields["site"] == "Colons: fine"
    assert front.categories == ["ok"]
    assert "summary" not in front.fields
    quoted, _ = split_front_matter('---\ntitle: "She said "hi" twice"\nauthor: [Ann, Bo]\nx: [\n---\nbody')
    assert quoted is not None
    assert (quoted.title, quoted.author) == ('She said "hi" twice', "Ann, Bo")


def test_toml_front_matter_between_plus_lines() -> None:
    text = (
        '+++\ntitle = "Tea &amp; Cake"\nauthor = "Ann"\ndate = 2023-04-05T10:00:00Z\n'
        'tags = ["food", "tea"]\n[params]\ncolor = "red"\n+++\n\n# Heading\n\ntext'
    )
    front, body = split_front_matter(text)
    assert front is not None
    assert (front.title, front.author, front.date, front.categories) == (
        "Tea & Cake",
        "Ann",
        "2023-04-05",
        ["food", "tea"],
    )
    assert body.lstrip().startswith("# Heading")
    broken, rest = split_front_matter('+++\ntitle = "Half\nauthor = "Bo"\ndate = 2023-01-02\n+++\ntext')
    assert broken is not None and rest == "text"
    assert (broken.title, broken.author, broken.date) == ("", "Bo", "2023-01-02")
    assert split_front_matter("+++\n\nnot front matter\n\n+++\ntext")[0] is None


def test_a_toml_post_opens_with_its_title_and_no_front_matter_in_the_text() -> None:
    from reader.convert.pipeline import load_text

    article = load_text('+++\ntitle = "Tea"\nauthor = "Ann"\n+++\n\nThe text.', "text/markdown").article
    assert (article.metadata.title, article.metadata.author) == ("Tea", "Ann")
    assert article.text == "The text."
