"""The converters made ready in the fork server, so that every child it forks starts warm.

Importing this module imports the extractors and converts a small page, once: the fork
server (`reader.convert.process`) takes a list of modules to import before it forks its
first child (`worker.PRELOAD`), and importing is the only thing it can be asked to do. What a
child would otherwise pay for on its first web page, before the page's first screen (an
ordinary 178 kB news page took 0.84 s of CPU in a fresh child, 0.22 s in a warm one):
- importing trafilatura (with htmldate, courlan, jusText) and readability-lxml, which the
  pipeline imports only when a whole web page comes (0.28 s of CPU);
- trafilatura's first fall-back on jusText, which builds a stop-word list of every language
  it knows (150,000 words), then jusText lowering them all into a set (0.28 s together);
  both are kept for the life of the process, so a fork inherits them;
- regular expressions, XPath and cleaners compiled on first use, all along the pipeline;
  the decoder's module, and the digest of the converters' code that keys the cache.

The server starts as the app starts (`process.start_server`), and imports this module when
the app expects a web page (`pipeline.what_comes`), so all this runs beside
Textual's own start-up, on another core, instead of after it. The page is ours and small;
it holds less than trafilatura's minimum of text, so that trafilatura falls back on
jusText, and a list, a table, code and a picture, so that each converter meets them once.
Nothing the warm-up leaves behind changes a later conversion: what it fills are caches of
pure functions and lists built the same way every time.
"""

from __future__ import annotations

import contextlib
import gc
import io

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warming up | The Daily Example</title>
<meta property="og:title" content="Warming up"><meta name="author" content="A. Writer">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Warming up"}</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article><h1>Warming up</h1><p class="byline">By A. Writer</p>
<p>A short article, so that the extractors fall back on what they keep for short pages.</p>
<h2 id="list">A list</h2><ul><li>one <em>item</em></li><li>two <a href="/x">items</a></li></ul>
<table><caption>A table</caption><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<pre><code>x = 1</code></pre><figure><img src="/a.png" alt="A picture"><figcaption>A picture</figcaption></figure>
</article></main>
<aside><h3>Related</h3><ul><li><a href="/other">Another story</a></li></ul></aside>
<footer><p>&copy; The Daily Example</p></footer>
</body></html>
"""


def warm() -> None:
    """Convert `_PAGE` the way a fetched web page is converted (the cache left out). What a
    converter would print goes nowhere: the fork server's terminal is the app's."""
    from reader.convert import cache
    from reader.convert.pipeline import load_text
    from reader.source.decode import decode

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cache.key_for(b"")
        text = decode(_PAGE.encode(), "utf-8").text
        load_text(text, "text/html", base_url="https://example.com/news/warming-up")


# Everything the warm-up creates lives as long as the server: each collection while it piles
# up would rescan it all, for nothing (5-10% of the warm-up's CPU; the app does the same at its
# start, `reader.ui.launch`). Frozen after, it is never scanned again, nor its pages touched
# (and copied) by a child's collections.
gc.disable()
try:
    with contextlib.suppress(Exception):  # a failed warm-up leaves the work to the first page
        warm()
finally:
    gc.freeze()
    gc.enable()
