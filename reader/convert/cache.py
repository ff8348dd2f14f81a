"""A cache of converted articles, so reopening one skips the whole conversion.

Converting a post means loading lxml, PyYAML, html2text and markdown-it (together about as
long as Textual takes to start) and running them; reopening the same bytes gives the same
blocks. Entries are keyed by the source's bytes and by everything that shapes the result:
the code of our pipeline modules, the converters' installed files, and the base URL. A change
to any of them misses the cache, so it never serves a stale conversion.

The cache lives in the platformdirs cache folder, holds whole conversions only, is bounded in
size (oldest files go first), and is best effort: any fault reading or writing it is a miss.
`READER_NO_CACHE=1` turns it off.

An entry is a header (the metadata and each chunk's size) followed by each chunk pickled apart,
so that a long article is read back a chunk at a time: its top shows once the first chunk is
read, not once all of it (44 MB for a 24 MB page) is unpickled. The header's sizes are checked
against the file's before anything is read, so a cut file is a miss, not an article cut short.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from reader.files import prune_oldest, write_atomic
from reader.model import Block, Metadata

MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Larger conversions are not kept: writing them costs more than it saves."""

SHAPING_PACKAGES = ("source", "convert")
"""The packages of `reader` whose code shapes a conversion, walked whole (with the modules
at the package's top, such as `model` and `chars`), so that a new module is never left out."""
_CONVERTERS = (
    "lxml",
    "html2text",
    "markdown_it",
    "mdit_py_plugins",
    "yaml",
    "readability",
    "trafilatura",
    "charset_normalizer",
)


@dataclass(eq=False, frozen=True, slots=True)
class CachedArticle:
    """A conversion read back from the cache: what the converters would have produced, without them."""

    metadata: Metadata
    chunks: Iterable[tuple[str, list[Block]]]
    """(Markdown, blocks) of each chunk, in order (read from the file as they are asked for)."""
    is_markdown: bool
    from_html: bool


def enabled() -> bool:
    return os.environ.get("READER_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("reader") / "articles"


@cache
def _code_version() -> str:
    """A digest of what produces a conversion: our modules' code and the converters' files."""
    digest = hashlib.sha256(sys.version.encode())
    for path in shaping_files():
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    for name in _CONVERTERS:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        if origin:
            stat = os.stat(origin)
            digest.update(f"{origin}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def shaping_files() -> list[Path]:
    """Every source file of ours that a conversion runs, in a stable order."""
    package = Path(__file__).resolve().parent.parent  # reader/
    files = sorted(package.glob("*.py"))
    for name in SHAPING_PACKAGES:
        files.extend(sorted((package / name).rglob("*.py")))
    return files


def key_for(data: bytes, *parts: str) -> str:
    digest = hashlib.sha256(_code_version().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


_FORMAT = "chunks-1"
_FAULTS = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, IndexError)


def has(key: str) -> bool:
    """Whether an entry is there (it may still fail to load)."""
    return enabled() and (cache_dir() / f"{key}.pickle").is_file()


def load(key: str) -> CachedArticle | None:
    if not enabled():
        return None
    path = cache_dir() / f"{key}.pickle"
    try:
        file = path.open("rb")
    except OSError:
        return None
    try:
        header = pickle.load(file)
        form, metadata, is_markdown, from_html, sizes = header
        whole = form == _FORMAT and isinstance(metadata, Metadata)
        if not whole or file.tell() + sum(sizes) != os.fstat(file.fileno()).st_size:
            raise ValueError("not a whole entry")
    except _FAULTS:
        file.close()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return CachedArticle(metadata, _chunks(file, len(sizes)), bool(is_markdown), bool(from_html))


def _chunks(file: BinaryIO, count: int) -> Iterator[tuple[str, list[Block]]]:
    with file:
        for _ in range(count):
            markdown, blocks = pickle.load(file)
            yield markdown, blocks


def store(key: str, value: CachedArticle) -> None:
    if not enabled():
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        chunks = [pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL) for chunk in value.chunks]
        header = (_FORMAT, value.metadata, value.is_markdown, value.from_html, [len(chunk) for chunk in chunks])
        payload = b"".join([pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL), *chunks])
        if len(payload) > MAX_ENTRY_BYTES:
            return
        write_atomic(folder / f"{key}.pickle", payload, durable=False)
        prune_oldest(folder, "*.pickle", MAX_TOTAL_BYTES)
    except (OSError, pickle.PicklingError, RecursionError):
        return
