"""The pipeline over the real articles in ../shared/corpus (skipped when it is absent).

The layout checks are the maintainers' own (`../shared/tools/quality.py`), imported rather
than rewritten, so this test and their scorer cannot disagree.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import html

from reader.convert.document import Document
from reader.convert.frontmatter import split_front_matter
from reader.convert.pipeline import load
from reader.layout.lines import Layout
from tests.conftest import CORPUS, ROOT

WIDTHS = (40, 80, 120)
RESIDUE = ("**", "](", "![", "&nbsp;", "&amp;", "<div", "\\*")
HALF_WIDTH = "\uff61\uff62\uff63\uff64"
"""｡｢｣､: forms that stood in for 。「」、 when the layout squeezed lines; the text on screen
is the article's own, so they appear only where the source has them."""

POSTS = sorted((CORPUS / "posts").glob("*")) if (CORPUS / "posts").is_dir() else []
PAGES = sorted((CORPUS / "readability").glob("*/source.html")) if (CORPUS / "readability").is_dir() else []
ABSENT = pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"), id="corpus-absent")


def cases(paths: list[Path]) -> list[Any]:
    """One case per corpus file, or a single skipped case saying why there are none."""
    return [pytest.param(path, id=str(path.relative_to(CORPUS))) for path in paths] or [ABSENT]


@cache
def quality() -> ModuleType:
    path = CORPUS.parent / "tools" / "quality.py"
    if not path.exists():
        pytest.skip("../shared/tools/quality.py is absent")
    spec = importlib.util.spec_from_file_location("quality", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def loaded(path: Path) -> Document:
    return load(str(path))


def text_at(document: Document, width: int) -> str:
    return "".join(line.text.rstrip() + "\n" for line in Layout(document.article, width).lines())


def gold_of(path: Path) -> tuple[str, list[str]]:
    q = quality()
    if path.name == "source.html":
        expected = path.parent / "expected.html"
        text, heads = q.html_gold(expected.read_text("utf-8", "replace")) if expected.exists() else ("", [])
    else:
        text, heads = q.html_gold(q.split_front_matter(path.read_text("utf-8", "replace")))
    return text, [h[1] for h in heads]


def layout_faults(document: Document, path: Path, width: int) -> dict[str, int]:
    q = quality()
    text = text_at(document, width)
    lines = text.splitlines()
    gold, _ = gold_of(path)
    source_text = q.html_gold(q.split_front_matter(path.read_text("utf-8", "replace")))[0]
    flat = "\x00".join(re.sub(r"\s+", "", block.text) for block in document.article.blocks)
    kinsoku = 0
    for line in lines:
        body = line[q.LEAD.match(line).end() :]
        if body and body[0] in q.CLOSING and re.search(rf"[{q.CJK}]", line):
            kinsoku += 1
        if line.rstrip() and line.rstrip()[-1] in q.OPENING:
            kinsoku += 1
    source = path.read_text("utf-8", "replace")
    return {
        "overflow": sum(1 for line in lines if q.wcswidth(line) > width),
        "kinsoku": kinsoku,
        "early": q.early_breaks(lines, width, flat),
        # What the page itself says in words ("f**k", "&amp;" in prose) is not residue.
        "residue": sum(max(0, text.count(r) - max(gold.count(r), source_text.count(r))) for r in RESIDUE),
        "junk": sum(text.count(junk) for junk in q.JUNK_POSTS),
        "substituted": sum(text.count(mark) for mark in HALF_WIDTH if mark not in source),
    }


@pytest.mark.corpus
@pytest.mark.usefixtures("shared_conversions")  # the floors of `test_corpus_extraction` read these pages too
@pytest.mark.parametrize("path", cases(POSTS + PAGES))
def test_layout_rules(path: Path) -> None:
    document = loaded(path)
    for width in WIDTHS:
        faults = layout_faults(document, path, width)
        assert faults["overflow"] == 0, (width, faults)
        assert faults["residue"] == 0, (width, faults)
        assert faults["junk"] == 0, (width, faults)
        assert faults["kinsoku"] == 0, (width, faults)
        assert faults["early"] == 0, (width, faults)
        assert faults["substituted"] == 0, (width, faults)


@pytest.mark.corpus
@pytest.mark.parametrize("path", cases(POSTS))
def test_post_keeps_headings_metadata_and_paragraphs(path: Path) -> None:
    document = loaded(path)
    article = document.article
    _, gold_heads = gold_of(path)
    assert [" ".join(h.text.split()) for h in article.headings] == gold_heads
    front, body = split_front_matter(path.read_text("utf-8"))
    assert front is not None
    assert article.metadata.title == front.title
    assert article.metadata.author == front.author
    assert article.metadata.date == front.date
    shown = _squash(article.text)
    for paragraph in _paragraphs(body):
        assert paragraph in shown, paragraph[:60]


def _paragraphs(body: str) -> list[str]:
    root = html.fromstring(f"<div>{body}</div>")
    for junk in root.xpath("//*[contains(@class, 'support-author')]|//script|//style"):
        junk.drop_tree()
    texts = (_squash(p.text_content()) for p in root.iter("p"))
    return [text for text in texts if text]


def _squash(text: str) -> str:
    """Text without white space or zero-width spaces, which the reader drops on purpose."""
    return re.sub(r"[\s\u200b]+", "", text)


REFERENCE = "产业互联网，一个新开始.md"


@pytest.mark.corpus
def test_reference_post_through_the_command_line() -> None:
    path = CORPUS / "posts" / REFERENCE
    if not path.exists():
        pytest.skip("the reference post is absent")
    result = subprocess.run(
        [sys.executable, "-m", "reader", str(path), "--dump", "--width", "80"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr
    text = result.stdout
    for heading in loaded(path).article.headings:
        assert heading.text in text
    assert len(loaded(path).article.headings) == 5
    assert "赞赏" not in text
    assert "无论是从资本市场" in text
    assert not re.search(r"市场 。|繁荣 。|。 的确", text), "a space was inserted after bold text"
    bold = [s.text for b in loaded(path).article.blocks for s in b.spans if "strong" in s.styles]
    assert any("无论是从资本市场" in t for t in bold), "bold was lost"


@pytest.mark.corpus
def test_readability_pages_through_the_command_line() -> None:
    """A few pages end to end: exit 0, JSON on stdout, nothing on stderr (their text is checked
    in-process, by `test_layout_rules` and `test_corpus_extraction`)."""
    if not PAGES:
        pytest.skip("../shared/corpus/readability is absent")
    for path in PAGES[:: max(1, len(PAGES) // 3)]:
        result = subprocess.run(
            [sys.executable, "-m", "reader", str(path), "--dump", "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (path, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stdout.lstrip().startswith("{")
