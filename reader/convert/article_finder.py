"""readability-lxml, adjusted to find more of the article.

readability-lxml scores the page's boxes by their text and takes the best one. Three of its
habits lose parts of articles, and `article_finder` changes them: it stops at the best box
where Readability.js walks up to a parent holding more of the article (an intro beside the
body, an article in parts), it drops a box with a picture and its caption as empty, and
its link density costs most of a second on a long page. A fourth costs memory: it cleans a
copy of the page it is given, as large as the page (150 MB for a 25 MB page); the page is
cleaned in place instead.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import logging
import re
import sys
import types
from collections.abc import Callable
from typing import Any

from lxml import html

from reader.convert.clean import IMAGE_URL

_FIGURE_MAX_IMAGES = 2
_FIGURE_MAX_CHARS = 300
_FIGURE_MAX_LINK_DENSITY = 0.2
"""A box with at most this many images and this much text (a caption), not a link to
another article (a teaser) nor marked as related or promoted, is a figure."""
_TOP_CANDIDATES = 5
_CLOSE_SCORE = 0.75
_SHARING_CANDIDATES = 3


@functools.cache
def article_finder() -> type[Any]:
    """readability-lxml's `Document`, adjusted; imported on first use, as it costs some 60 ms of
    start-up that posts and Markdown never need."""
    for name in _UNUSED_IMPORTS:
        _import_lazily(name)
    from readability import Document, readability

    readability.clean = _quick_clean(readability.clean)
    readability.describe = _for_its_log(readability.describe, readability.log)
    readability.text_content = _for_its_log(readability.text_content, readability.log)

    class ArticleFinder(Document):  # type: ignore[misc]
        """readability-lxml with Readability.js's walk up from the best candidate: a parent
        scoring higher than the candidate's own parent holds more of the article (an intro
        beside the body, say), so it is taken instead.

        It reads and cuts the page it is given, which the caller gives up. The library reads
        the page afresh for its second, lenient pass (when the first finds no article, or one
        under 250 characters): `again` makes the page again for it, as it was given; without
        it there is no second pass (`summary` raises `Unparseable`)."""

        def __init__(self, page: html.HtmlElement, again: Callable[[], html.HtmlElement] | None = None) -> None:
            super().__init__(page)
            self._page: html.HtmlElement | None = page
            self._again = again

        def _parse(self, input: object) -> html.HtmlElement:
            """readability-lxml's own `_parse` for a tree (hidden boxes dropped, the page cleaned
            by its `html_cleaner`, links resolved), without its copy: its cleaner's `clean_html`
            works on a deep copy of the page, `html_cleaner(page)` on the page itself."""
            from readability.readability import REGEXES, html_cleaner

            page, self._page = self._page, None
            if page is None:
                if self._again is None:
                    raise ValueError("no page for readability-lxml's second pass")
                page = self._again()
            self.encoding = "utf-8"
            for element in page.xpath("//*[@hidden]"):
                element.drop_tree()
            for element in page.xpath("//*[@style]"):
                if REGEXES["displayNoneRe"].search(element.get("style")):
                    element.drop_tree()
            html_cleaner(page)
            page.resolve_base_href(handle_failures=self.handle_failures)
            return page

        def select_best_candidate(self, candidates: dict[Any, dict[str, Any]]) -> dict[str, Any] | None:
            best: dict[str, Any] | None = super().select_best_candidate(candidates)
            if best is None:
                return None
            shared = _shared_ancestor(best, candidates)
            if shared is not None:
                return candidates.get(shared) or {"elem": shared, "content_score": best["content_score"]}
            last = best["content_score"]
            threshold = last / 3
            parent = best["elem"].getparent()
            while parent is not None and parent.tag != "body":
                candidate = candidates.get(parent)
                if candidate is not None:
                    score = candidate["content_score"]
                    if score < threshold:
                        break
                    if score > last:
                        return candidate
                    last = score
                parent = parent.getparent()
            return best

        def get_preserved_elements(self, node: html.HtmlElement) -> dict[html.HtmlElement, bool]:
            """Also keep the boxes that hold a picture and its caption: the library drops a box
            with no text as empty, and with it the article's photos and figures."""
            allowed: dict[html.HtmlElement, bool] = super().get_preserved_elements(node)
            for element in self.tags(node, "div", "section", "figure"):
                images = [img for img in element.iter("img") if img.get("src")]
                if (
                    0 < len(images) <= _FIGURE_MAX_IMAGES
                    and not any(links_away(img) for img in images)
                    and text_length(element) <= _FIGURE_MAX_CHARS
                    and self.get_link_density(element) <= _FIGURE_MAX_LINK_DENSITY
                    and self.class_weight(element) >= 0
                ):
                    allowed[element] = True
            return allowed

        def summary(self, html_partial: bool = False) -> str:
            """The library's summary, with the page it read let go of at its end: the library
            numbers the boxes it describes for its debug log in a table of its module
            (`readability.debug.uids`), built whether the log is on or not, which keeps the last
            page read alive until the next (its whole tree: 60 MB of a 25 MB page, held by the
            conversion's child to its end, and by the process it forks to make the Markdown)."""
            try:
                text: str = super().summary(html_partial=html_partial)
            finally:
                _forget_described_boxes()
            return text

        def get_link_density(self, elem: html.HtmlElement) -> float:
            """The library's measure, computed in one pass: its own version runs three regular
            expressions over the text of every link and of every candidate, which took most of
            a second on a long Wikipedia page."""
            links = sum(text_length(link) for link in elem.iterdescendants("a"))
            return links / max(text_length(elem), 1)

    return ArticleFinder


def _forget_described_boxes() -> None:
    from readability import debug

    debug.uids = {}
    debug.uids_document = None


def _quick_clean(clean: Callable[[str], str]) -> Callable[[str], str]:
    """readability-lxml's `clean` (which its `text_length` calls on the text of every paragraph
    and box it scores), made quick for a text with no two blanks in a row, no line break and
    no tab: its three substitutions change nothing in such a text, which is then only
    stripped. Most paragraphs are such texts, and the three searches were a tenth of the
    library's time on a long page. (`article_finder` runs once: `clean` is the library's own.)"""

    @functools.wraps(clean)
    def quick(text: str) -> str:
        return text.strip() if _SPACING.search(text) is None else clean(text)

    return quick


_SPACING = re.compile(r"\s\s|[\n\t]")


def _for_its_log(describe: Callable[..., str], log: logging.Logger) -> Callable[..., str]:
    """readability-lxml's `describe` or `text_content` (from `readability.debug`), which it
    calls only for the messages of its debug log, formatted before the log is asked whether
    it writes them: an empty text unless `log` writes debug messages. Its `sanitize` wrote out
    the whole text of every box it kept, whitespace collapsed, to say so in 40 characters
    (4% of a large page's extraction)."""

    @functools.wraps(describe)
    def quiet(*args: Any, **kwargs: Any) -> str:
        return describe(*args, **kwargs) if log.isEnabledFor(logging.DEBUG) else ""

    return quiet


"""What any of `clean`'s substitutions (`\\s{255,}`, `\\s*\\n\\s*`, `\\t|[ \\t]{2,}`) needs in a text."""


_UNUSED_IMPORTS = ("chardet", "urllib.request")
"""What readability-lxml imports and we never make it use: chardet guesses the encoding of a
page given as bytes (we give it a tree), urllib.request fetches for its command line. Loaded,
they were 0.12 s of its 0.17 s of imports, on the way to a large page's first chunk."""


def _import_lazily(name: str) -> None:
    """Put a stand-in for module `name` in `sys.modules`, which imports it on first use of one
    of its attributes (an `import` statement uses none), unless it is loaded or absent.
    (`importlib.util.LazyLoader` cannot do it: an `import` statement asks its modules for
    their `__spec__`, which loads them.)"""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    module = _OnFirstUse(name)
    module.__spec__ = spec
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:  # as an import binds a submodule to its package
        setattr(sys.modules[parent], child, module)


class _OnFirstUse(types.ModuleType):
    """A module's stand-in: the first attribute asked of it that it does not have (anything
    but its name and spec) imports the module in its place and is taken from there."""

    def __getattr__(self, attribute: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def _shared_ancestor(best: dict[str, Any], candidates: dict[Any, dict[str, Any]]) -> html.HtmlElement | None:
    """Readability.js's remedy for articles in parts: when three or more of the next best
    candidates score close to the best, the article is their common container (a long page in
    `<section>`s, each as good as the other), not the one part that scored highest."""
    ranked = sorted(candidates.values(), key=lambda c: c["content_score"], reverse=True)[:_TOP_CANDIDATES]
    top = best["content_score"]
    close = [c["elem"] for c in ranked if c is not best and top and c["content_score"] / top >= _CLOSE_SCORE]
    if len(close) < _SHARING_CANDIDATES:
        return None
    lineages = [set(element.iterancestors()) for element in close]
    parent = best["elem"].getparent()
    while parent is not None and parent.tag != "body":
        if sum(parent in lineage for lineage in lineages) >= _SHARING_CANDIDATES:
            return parent
        parent = parent.getparent()
    return None


def links_away(img: html.HtmlElement) -> bool:
    """Whether an image is the thumbnail of a link to another page (not to the full picture)."""
    link = next((node for node in img.iterancestors("a")), None)
    href = (link.get("href") or "") if link is not None else ""
    return bool(href) and not href.startswith("#") and not IMAGE_URL.search(href)


def text_length(node: html.HtmlElement) -> int:
    """The length of a node's text with each run of whitespace counted as one space."""
    text: str = node.text_content()
    words = text.split()
    return sum(map(len, words)) + len(words) - 1 if words else 0
