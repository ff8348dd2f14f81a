"""The bench's long inputs (`benchmarks/inputs.py`): made as issue 9 says, and read whole.

`make bench` times pages, posts and fragments made of a post's body repeated, each copy under
its own `<h2>`, ending with a marker paragraph, and rejects a dump that lost any of them. These
tests build small ones and check that shape, and that the pipeline keeps every heading and the
marker at each kind (extraction included, for the page); no timing is asserted.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from benchmarks import inputs
from reader.cli.dump import dump_text
from reader.convert.pipeline import load

COPIES = 3


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_NO_CACHE", "1")


def test_a_page_is_plain_html_with_a_title_and_a_heading_per_copy() -> None:
    page = inputs.long_markup(COPIES, "page")
    assert page.startswith("<!doctype html>") and f"<title>{inputs.TITLE}</title>" in page
    assert "<article" not in page
    assert [page.count(f"<h2>{inputs.heading(n)}</h2>") for n in range(1, COPIES + 1)] == [1] * COPIES
    assert page.rstrip().endswith(f"<p>{inputs.MARKER}</p>\n</body></html>")


def test_a_post_has_front_matter_and_a_fragment_has_no_page_around_it() -> None:
    post = inputs.long_markup(COPIES, "post")
    fragment = inputs.long_markup(COPIES, "fragment")
    assert post.startswith("---\ntitle:") and post.endswith(fragment)
    assert "<html" not in fragment and fragment.startswith(f"<h2>{inputs.heading(1)}</h2>")


@pytest.mark.parametrize("kind", inputs.KINDS)
def test_every_heading_and_the_marker_come_out_of_the_dump(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"long{inputs.SUFFIXES[kind]}"
    inputs.write(os.fspath(path), COPIES, kind)
    item = inputs.Input(kind, path, COPIES, inputs.heading(1))
    out = io.StringIO()
    dump_text(load(os.fspath(path)), 100, out)
    assert inputs.missing_from_dump(out.getvalue(), item) == []


def test_a_dump_that_lost_a_heading_or_the_marker_is_caught(tmp_path: Path) -> None:
    item = inputs.Input("page", tmp_path / "page.html", COPIES, inputs.heading(1))
    whole = "\n".join([*(inputs.heading(n) for n in range(1, COPIES + 1)), inputs.MARKER])
    assert inputs.missing_from_dump(whole, item) == []
    assert inputs.missing_from_dump(whole.replace(inputs.heading(2), ""), item) == [inputs.heading(2)]
    assert inputs.missing_from_dump(whole.replace(inputs.MARKER, ""), item) == [inputs.MARKER]
