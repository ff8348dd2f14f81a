"""A saved post whose source cannot be read opens from its offline copy, and says so.

By path (the file renamed away) and by URL (a real server on 127.0.0.1, stopped), through
`--dump`; the app's side is in `tests/test_app_offline.py`.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.convert.pipeline import load
from reader.library import Library

POST = """---
title: Kept for later
author: Ann Lee
---

<p>The first paragraph of a post worth keeping.</p>
<h2>Second part</h2>
<p>The second paragraph.</p>
"""


def dump(source: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", source, "--dump", *extra], capture_output=True, text=True, check=False
    )


def save(source: str) -> None:
    with Library.open() as library:
        library.add_bookmark(load(source))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    """A post served on 127.0.0.1; the test stops the server when it wants the source gone."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "post.html").write_text(f"<html><body><article>{POST.split('---')[2]}</article></body></html>", "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/post.html"
    yield url, server
    server.shutdown()
    server.server_close()


def test_a_renamed_saved_file_dumps_from_its_copy(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, "utf-8")
    save(str(post))
    post.rename(tmp_path / "elsewhere.md")
    result = dump(str(post))
    assert result.returncode == 0
    assert "The first paragraph of a post worth keeping." in result.stdout
    assert result.stdout.startswith("Kept for later\nAnn Lee")
    notice = result.stderr.splitlines()
    assert len(notice) == 1 and "no such file" in notice[0] and "offline copy" in notice[0]
    json_dump = dump(str(post), "--format", "json")
    assert json_dump.returncode == 0 and '"title": "Kept for later"' in json_dump.stdout


def test_a_saved_page_whose_server_is_down_dumps_from_its_copy(
    site: tuple[str, http.server.ThreadingHTTPServer],
) -> None:
    url, server = site
    save(url)
    server.shutdown()
    server.server_close()
    result = dump(url)
    assert result.returncode == 0, result.stderr
    assert "The second paragraph." in result.stdout
    notice = result.stderr.splitlines()
    assert len(notice) == 1 and "refused" in notice[0] and "offline copy" in notice[0]


def test_without_a_copy_the_failure_is_the_usual_error(tmp_path: Path) -> None:
    result = dump(str(tmp_path / "never-saved.md"))
    assert result.returncode == 1
    assert result.stderr.startswith("reader: error: no such file")
    assert not (tmp_path / "home" / "data" / "reader").exists()  # a failed dump creates no library
