"""A large page's first screen from its start (`reader.convert.early`): when the start tells the
article right, the chunks are exactly those of a conversion in one go, the first of them made
from the start alone; when it does not, the conversion starts over with the one-go conversion,
and the cache keeps only that one."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from reader.convert import cache, chunked, early, extract
from reader.convert.document import Chunk, Document, OpenedSource, StartOver, finish
from reader.convert.pipeline import cache_key, open_fetched
from reader.layout.lines import Layout
from reader.source.fetch import fetch
from tests.test_conversion_process import POST_BODY, lines_of, long_page

SECTIONS = 300
"""Sections of `large_page`: a page above `extract.LARGE_PAGE_CHARS` (1.2 MB) of few blocks."""
PARAGRAPH = "A paragraph long enough to count as running text, with a comma, and more words. " * 24


def large_page(path: Path, *, page: bool = True) -> Path:
    """A large web page (as the bench's, in fewer and longer blocks: quicker to convert)."""
    parts = "".join(
        f"<h2>Part {n}</h2>\n<p>{n}: {PARAGRAPH}</p>\n<p><em>{n}</em> {PARAGRAPH}</p>\n{POST_BODY}\n"
        for n in range(1, SECTIONS + 1)
    )
    head = "<!doctype html><html><head><title>A large page</title></head><body>"
    path.write_text(f"{head}{parts}<p>THE END</p></body></html>" if page else parts, "utf-8")
    return path


def misleading_page(path: Path) -> Path:
    """A large page whose start is a long menu of links (no article in it at all), with the
    article far below: the start alone is read whole, the whole page is cut to its article."""
    menu = "".join(f"<li><a href='/topic/{n}'>Topic number {n}</a></li>" for n in range(6000))
    story = "".join(
        f"<h2>Part {n}</h2>\n<p>{n}: {PARAGRAPH}</p><p>{PARAGRAPH}</p>\n" for n in range(1, 2 * SECTIONS // 3)
    )
    path.write_text(
        "<!doctype html><html><head><title>A misleading page</title></head><body>"
        f"<ul class='menu'>{menu}</ul><div id='story'>{story}<p>THE END</p></div></body></html>",
        "utf-8",
    )
    return path


@dataclass(frozen=True)
class Page:
    path: Path
    one_go: Document
    """Its conversion in one go, from the fetched file (its base URL the file's)."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """A large page and a misleading one, each with its conversion in one go (made once: a
    second or two of CPU each)."""
    folder = tmp_path_factory.mktemp("early")
    made = {"large": large_page(folder / "large.html"), "misleading": misleading_page(folder / "misleading.html")}
    return {kind: Page(path, one_go(path)) for kind, path in made.items()}


def one_go(path: Path) -> Document:
    fetched = fetch(str(path))
    return finish(chunked.open_text(path.read_text("utf-8"), "text/html", fetched.source, fetched.base_url))


def open_early(path: Path) -> OpenedSource:
    fetched = fetch(str(path))
    return early.open_text(path.read_text("utf-8"), "text/html", fetched.source, fetched.base_url)


def assert_same(got: Document, expected: Document) -> None:
    assert got.article.metadata == expected.article.metadata
    assert got.article.blocks == expected.article.blocks
    assert got.article.headings == expected.article.headings
    assert got.markdown == expected.markdown
    assert lines_of(Layout(got.article, 72)) == lines_of(Layout(expected.article, 72))


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each markup the extraction is run on, in order."""
    lengths: list[int] = []
    real: Callable[..., extract.Extracted] = extract.extract

    def recording(markup: str, *args: object, **kwargs: object) -> extract.Extracted:
        lengths.append(len(markup))
        return real(markup, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract", recording)
    return lengths


def test_the_first_chunk_comes_from_the_start_and_the_chunks_are_the_one_go_conversion(
    pages: dict[str, Page], extracted: list[int]
) -> None:
    page = pages["large"]
    text = page.path.read_text("utf-8")
    start = early.page_start(text, "text/html")
    assert start is not None and len(start) < len(text) // 4 and text.startswith(start)
    opened = open_early(page.path)
    assert extracted == [len(start)], "the metadata and first chunk came from the start alone"
    ahead = [next(opened.chunks)]
    assert extracted == [len(start)], "and the first chunk is read from the start's conversion"
    got = finish(replace(opened, chunks=itertools.chain(ahead, opened.chunks)))  # StartOver if read wrong
    assert extracted == [len(start), len(text)]
    assert_same(got, page.one_go)


def test_small_pages_posts_and_fragments_open_in_one_go(tmp_path: Path) -> None:
    page = long_page(tmp_path / "small.html", 200)
    fragment = large_page(tmp_path / "fragment.html", page=False)
    post = "---\ntitle: A post\n---\n" + page.read_text("utf-8")
    large = large_page(tmp_path / "large.html").read_text("utf-8")
    scripted = large.replace("<body>", "<body><script>" + "x" * len(large) + "</script>")
    assert early.page_start(page.read_text("utf-8"), "text/html") is None
    assert early.page_start(fragment.read_text("utf-8"), "text/html") is None
    assert early.page_start(post, "text/html") is None
    start, unscripted = early.page_start(scripted, "text/html"), early.page_start(large, "text/html")
    assert start is not None and unscripted is not None
    assert start.endswith(unscripted[-1000:]), "a script is no part of the start's measure"


def converted_to_the_end(opened: OpenedSource) -> tuple[Document, list[Document]]:
    """The conversion as the app's child takes it (starting over when told), and what was
    shown before each start over."""
    before: list[Document] = []
    while True:
        shown: list[Chunk] = []
        try:
            return finish(replace(opened, chunks=_kept(opened.chunks, shown))), before
        except StartOver as over:
            before.append(finish(replace(opened, chunks=iter(shown))))
            opened = over.opened


def _kept(chunks: Iterator[Chunk], shown: list[Chunk]) -> Iterator[Chunk]:
    for chunk in chunks:
        shown.append(chunk)
        yield chunk


def test_a_misleading_start_starts_over_with_the_one_go_conversion(pages: dict[str, Page]) -> None:
    page = pages["misleading"]
    got, before = converted_to_the_end(open_early(page.path))
    assert len(before) == 1, "one start over"
    assert "Topic number 0" in before[0].markdown, "the guess was the menu"
    assert_same(got, page.one_go)
    assert "Topic number" not in got.markdown and "THE END" in got.markdown


@pytest.mark.parametrize("kind", ["large", "misleading"])
def test_the_cache_keeps_the_one_go_conversion_only(kind: str, pages: dict[str, Page]) -> None:
    fetched = fetch(str(pages[kind].path))
    got, before = converted_to_the_end(open_fetched(fetched, early=True))
    assert len(before) == (kind == "misleading")
    expected = pages[kind].one_go
    assert got.article.blocks == expected.article.blocks
    cached = cache.load(cache_key(fetched))
    assert cached is not None
    assert cached.metadata == expected.article.metadata
    chunks = list(cached.chunks)  # read from the file as they are asked for
    assert [markdown for markdown, _ in chunks] == expected.chunks
    assert [block for _, blocks in chunks for block in blocks] == expected.article.blocks


def test_a_start_with_nothing_to_show_opens_in_one_go(tmp_path: Path, extracted: list[int]) -> None:
    page = tmp_path / "empty-start.html"
    empty = f"<div class='slot' data-note='{'an empty slot for things to come ' * 6}'></div>" * 1_500  # 320 kB
    page.write_text(large_page(tmp_path / "large.html").read_text("utf-8").replace("<body>", f"<body>{empty}"))
    text = page.read_text("utf-8")
    start = early.page_start(text, "text/html")
    assert start is not None
    opened = open_early(page)
    assert extracted == [len(start), len(text)], "the whole page converted before the first chunk"
    assert finish(opened).markdown == one_go(page).markdown


def start_chunks(path: Path) -> list[Chunk]:
    """The chunks a large page's start gives before its whole page is extracted."""
    real, whole = extract.extract, []

    def recording(markup: str, *args: object, **kwargs: object) -> extract.Extracted:
        whole.append(len(whole) > 0)
        return real(markup, *args, **kwargs)  # type: ignore[arg-type]

    sent: list[Chunk] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "extract", recording)
        for chunk in open_early(path).chunks:
            if any(whole):
                break
            sent.append(chunk)
    return sent
