"""A large page told from its bytes before the app starts (`page_kind.is_large_page`), so that
the fork server warms up the vote's extractors only for a page the vote will extract: a page
it calls large is one the extraction takes as large, whatever its scripts and its script."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.convert import extract, page_kind, pipeline
from reader.convert.clean import parse_html

LIMIT = 2000
"""`LARGE_PAGE_CHARS` for these tests: pages of a few kilobytes."""


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(page_kind, "LARGE_PAGE_CHARS", LIMIT)
    monkeypatch.setattr(extract, "LARGE_PAGE_CHARS", LIMIT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def page(text: str, script: str = "") -> str:
    head = f"<head><title>A page</title><script>{script}</script></head>"
    return f"<!doctype html><html>{head}<body><p>{text}</p></body></html>"


def extraction_calls_large(markup: str) -> bool:
    return extract._html_size(parse_html(markup), markup) > LIMIT


@pytest.mark.parametrize(
    ("markup", "large"),
    [
        (page("word " * 500), True),
        (page("word " * 300), False),
        (page("word " * 300, script="var x = 1;\n" * 400), False),  # its scripts never count
        (page("产业互联网，一个新开始。" * 120), False),  # 1,440 characters in 4,320 bytes
        (page("产业互联网，一个新开始。" * 200), True),
    ],
)
def test_a_page_is_large_by_its_characters_outside_scripts(markup: str, large: bool) -> None:
    assert page_kind.is_large_page(markup.encode()) is large
    assert extraction_calls_large(markup) is large


def test_a_page_in_another_encoding_is_never_called_large_when_it_is_not() -> None:
    markup = page("产业互联网，一个新开始。" * 120)  # two bytes a character in GB18030
    assert not page_kind.is_large_page(markup.encode("gb18030"))


def test_the_launch_warms_the_vote_only_for_a_page_it_will_extract(tmp_path: Path) -> None:
    large, small, post = tmp_path / "large.html", tmp_path / "small.html", tmp_path / "post.md"
    large.write_text(page("word " * 500), "utf-8")
    small.write_text(page("word " * 300), "utf-8")
    post.write_text("---\ntitle: A post\n---\n" + page("word " * 500), "utf-8")
    assert pipeline.what_comes(str(large)) is pipeline.Coming.LARGE_PAGE
    assert pipeline.what_comes(str(small)) is pipeline.Coming.PAGE
    assert pipeline.what_comes(str(post)) is pipeline.Coming.TEXT
