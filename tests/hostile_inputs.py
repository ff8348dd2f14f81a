"""The hostile and broken articles of issue 10, built as bytes: one per row of its table.

Shared by `tests/test_hostile.py` (which checks what the command makes of each) and
`benchmarks/hostile.py` (which times it), so both speak of the same inputs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

DEEP_PARAGRAPH = "The deep paragraph survives."
DEEP_ITEM = "The deep item survives."
WORD_CHARS = 2_000_000
HEADINGS = 20_000
TABLE_ROWS, TABLE_COLUMNS = 2_000, 40


@dataclass(frozen=True)
class Hostile:
    name: str
    row: str
    """The row of the issue's table this input stands for."""
    suffix: str
    build: Callable[[], bytes]
    expect: tuple[str, ...] = ()
    """Texts the dump shows; none for an input that is refused."""
    refused: bool = False
    marker: str = ""
    """Text of the app's first screen that says it is there."""


def page(body: str, title: str = "") -> bytes:
    head = f"<head><title>{title}</title></head>" if title else ""
    return f"<!doctype html><html>{head}<body>{body}</body></html>".encode()


def deep_divs(depth: int = 60_000) -> bytes:
    return page("<div>" * depth + f"<p>{DEEP_PARAGRAPH}</p>" + "</div>" * depth)


def deep_lists(depth: int = 5_000) -> bytes:
    return page("<ul><li>" * depth + DEEP_ITEM + "</li></ul>" * depth)


def long_word(chars: int = WORD_CHARS) -> bytes:
    return page("<p>" + "x" * chars + "</p>")


def many_headings(count: int = HEADINGS) -> bytes:
    return page("".join(f"<h2>Heading {n}</h2><p>Paragraph {n} says a few words.</p>" for n in range(count)))


def big_table(rows: int = TABLE_ROWS, columns: int = TABLE_COLUMNS) -> bytes:
    head = "<tr>" + "".join(f"<th>h{c}</th>" for c in range(columns)) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(columns)) + "</tr>" for r in range(rows))
    return page(f"<table>{head}{body}</table>")


BAD_REFERENCES = ("&#x110000;", "&#0;", "&#x1b;", "&#9999999999;")


def bad_references() -> bytes:
    refs = " ".join(f"word{n} {ref}" for n, ref in enumerate(BAD_REFERENCES))
    attributes = "".join(
        f'<a href="https://example.org/{ref}" title="{ref}">link{n}</a> ' for n, ref in enumerate(BAD_REFERENCES)
    )
    images = "".join(
        f'<img src="https://example.org/{n}.png" alt="alt{n} {ref}">' for n, ref in enumerate(BAD_REFERENCES)
    )
    return page(
        f"<h1>Before {BAD_REFERENCES[0]} heading</h1><p>Before {refs} after.</p><p>{attributes}</p><p>{images}</p>"
    )


def random_bytes(size: int = 1024 * 1024, seed: int = 10) -> bytes:
    return random.Random(seed).randbytes(size)


TABLE: tuple[Hostile, ...] = (
    Hostile(
        "deep-divs",
        "a paragraph inside 60,000 nested <div>s",
        ".html",
        deep_divs,
        (DEEP_PARAGRAPH,),
        marker=DEEP_PARAGRAPH,
    ),
    Hostile("deep-lists", "an item inside 5,000 nested lists", ".html", deep_lists, (DEEP_ITEM,), marker=DEEP_ITEM),
    Hostile("long-word", "one 2 MB word with no spaces", ".html", long_word, ("x" * 40,), marker="x" * 40),
    Hostile(
        "headings",
        "20,000 headings with a paragraph each",
        ".html",
        many_headings,
        ("Heading 0", f"Heading {HEADINGS - 1}", f"Paragraph {HEADINGS - 1} says a few words."),
        marker="Paragraph 0 says",
    ),
    Hostile(
        "table",
        "a table of 2,000 rows x 40 columns",
        ".html",
        big_table,
        ("│ r0c0 ", "│ r248c39 │", "[… 1,751 more rows not shown]"),
        marker="r0c0",
    ),
    Hostile(
        "references",
        "&#x110000;, &#0;, &#x1b;, &#9999999999; among ordinary text",
        ".html",
        bad_references,
        ("Before", "word0", "word3", "after.", "link0", "link3", "alt0", "alt3"),
        marker="word0",
    ),
    Hostile(
        "random", "1 MB of random bytes named .html", ".html", random_bytes, refused=True, marker="not a text document"
    ),
)
