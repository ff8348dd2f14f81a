"""The conversion cache: a second open of the same bytes skips the converters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.convert import cache
from reader.convert.head_start import open_arrived
from reader.convert.pipeline import load, load_text
from reader.model import Metadata

POST = "---\ntitle: Cached\n---\n<div><h2 id='a'>Part</h2><p>Body text.</p></div>\n"


def converters_loaded(path: Path) -> bool:
    """Open `path` in a fresh process; report whether the conversion modules were imported."""
    code = (
        "import sys\n"
        "from reader.convert.pipeline import load\n"
        f"document = load({str(path)!r})\n"
        "assert document.article.headings[0].anchor == 'a'\n"
        "print('reader.convert.chunked' in sys.modules, 'lxml' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    converted, lxml = result.stdout.split()
    assert converted == lxml
    return converted == "True"


def test_second_open_comes_from_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, "utf-8")
    assert converters_loaded(path)
    assert not converters_loaded(path)
    path.write_text(POST.replace("Body text.", "Changed text."), "utf-8")
    assert converters_loaded(path)


def test_cached_article_is_the_same(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text(POST, "utf-8")
    converted = load(str(first))
    cached = load(str(first))
    assert [(b.kind, b.text) for b in cached.article.blocks] == [(b.kind, b.text) for b in converted.article.blocks]
    assert cached.markdown == converted.markdown
    assert cached.from_html == converted.from_html


def test_disabled_and_corrupt_caches_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, "utf-8")
    monkeypatch.setenv("READER_NO_CACHE", "1")
    load(str(path))
    assert not list(cache.cache_dir().glob("*.pickle")) if cache.cache_dir().exists() else True
    monkeypatch.delenv("READER_NO_CACHE")
    load(str(path))
    entries = list(cache.cache_dir().glob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    assert load(str(path)).article.metadata.title == "Cached"


def test_an_entry_is_read_a_chunk_at_a_time_and_a_cut_one_is_a_miss() -> None:
    """A long article's top shows once its first chunk is read back, not once all of it is."""
    blocks = load_text("# One\n\nFirst part.", "text/markdown").article.blocks
    chunks = [(f"part {n}", blocks) for n in range(3)]
    cache.store("key", cache.CachedArticle(Metadata(title="Cut"), chunks, is_markdown=True, from_html=False))
    entry = cache.load("key")
    assert entry is not None and entry.metadata.title == "Cut"
    assert not isinstance(entry.chunks, list)  # nothing read past the header yet
    assert [markdown for markdown, _ in entry.chunks] == ["part 0", "part 1", "part 2"]
    path = cache.cache_dir() / "key.pickle"
    path.write_bytes(path.read_bytes()[:-10])
    assert cache.load("key") is None


def test_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1)
    for number in range(3):
        path = tmp_path / f"post{number}.md"
        path.write_text(POST.replace("Body", f"Body {number}"), "utf-8")
        load(str(path))
    assert len(list(cache.cache_dir().glob("*.pickle"))) <= 1


def test_open_arrived_only_for_a_cached_small_local_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.convert import pipeline

    path = tmp_path / "post.md"
    path.write_text(POST, "utf-8")
    assert open_arrived(str(path)) is None  # never converted: a miss
    assert pipeline.what_comes(str(path)) is not pipeline.Coming.CACHED
    load(str(path))
    arrived = open_arrived(str(path))
    assert arrived is not None
    opened, answer = arrived
    assert opened.metadata.title == "Cached" and answer is None  # from the cache: no child asked
    assert [block.text for chunk in opened.chunks for block in chunk.blocks] == ["Part", "Body text."]
    assert pipeline.what_comes(str(path)) is pipeline.Coming.CACHED
    for other in ("-", "https://example.org/post", str(tmp_path / "missing.md"), str(tmp_path / "nul\0.md")):
        assert open_arrived(other) is None
        assert pipeline.what_comes(other) is not pipeline.Coming.CACHED
    monkeypatch.setenv("READER_NO_CACHE", "1")
    assert pipeline.what_comes(str(path)) is not pipeline.Coming.CACHED
    monkeypatch.delenv("READER_NO_CACHE")
    monkeypatch.setattr(pipeline, "QUICK_FILE_BYTES", 10)
    assert open_arrived(str(path)) is None
    # Too large to open before the first frame, but still known to be cached: the app starts
    # no converters for it (they would take the CPU its reading from the cache needs).
    assert pipeline.what_comes(str(path)) is pipeline.Coming.CACHED
    monkeypatch.setattr(pipeline, "LOOKUP_FILE_BYTES", 10)
    assert pipeline.what_comes(str(path)) is not pipeline.Coming.CACHED


def test_the_launch_and_the_app_read_a_small_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`what_comes` (the launch) and `open_arrived` (the app) look at the same file before the
    first screen: it is read and hashed once, unless it changed in between."""
    from reader.convert import pipeline

    path = tmp_path / "post.md"
    path.write_text(POST, "utf-8")
    load(str(path))
    reads: list[str] = []
    fetch = pipeline.fetch
    monkeypatch.setattr(pipeline, "fetch", lambda source: reads.append(source) or fetch(source))
    assert pipeline.what_comes(str(path)) is pipeline.Coming.CACHED
    arrived = open_arrived(str(path))
    assert arrived is not None and arrived[0].metadata.title == "Cached"
    assert len(reads) == 1
    assert open_arrived(str(path)) is not None  # a look serves the next one only
    assert len(reads) == 2
    path.write_text(POST.replace("Body", "Another body"), "utf-8")  # changed since it was looked at
    assert open_arrived(str(path)) is None
    assert len(reads) == 3


def test_every_module_a_conversion_runs_is_in_the_key(tmp_path: Path) -> None:
    """A module left out of the key serves stale conversions after an upgrade (the orchestration
    module once was): every `reader` module that a conversion imports must shape the key."""
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><article><h1>T</h1><p>Text.</p></article></body></html>")
    code = (
        "import sys\n"
        "from reader.convert.pipeline import load\n"
        f"load({str(page)!r})\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('reader') and m.__file__))\n"
    )
    env = {**os.environ, "READER_NO_CACHE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    used = {Path(line).resolve() for line in result.stdout.split()}
    assert used, "the conversion imported no reader module"
    assert used <= {path.resolve() for path in cache.shaping_files()}


def test_changing_the_orchestration_changes_the_key(tmp_path: Path) -> None:
    package = Path(cache.__file__).resolve().parent.parent
    copy = tmp_path / "reader"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = "from reader.convert import cache\nprint(cache.key_for(b'same bytes', 'text/html'))"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def key() -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=tmp_path
        )
        return result.stdout.strip()

    before = key()
    orchestration = copy / "convert" / "chunked.py"
    orchestration.write_text(orchestration.read_text() + "\n# changed\n")
    assert key() != before
