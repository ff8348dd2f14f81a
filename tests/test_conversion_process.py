"""Converting in a child process (`reader.convert.process`): the same article as converting in
one go, the cache kept, errors carried over, and no child left behind."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.convert import cache
from reader.convert.document import finish
from reader.convert.pipeline import load
from reader.convert.process import Converters
from reader.errors import Cancelled, NotText, ReaderError
from reader.layout.lines import Layout
from reader.source.fetch import fetch
from tests.conftest import SAMPLES

if TYPE_CHECKING:
    pass

WELCOME = SAMPLES / "welcome.md"
POST_BODY = (
    "<p>A paragraph with <em>emphasis</em>, a <a href='/x'>link</a> and 中文的句子，带标点。</p>"
    "<ul><li>one</li><li>two <code>code</code></li></ul><pre><code>x = 1\ny = 2</code></pre>"
    "<blockquote><p>A quote.</p></blockquote><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
)


def long_page(path: Path, copies: int, *, page: bool = True) -> Path:
    """A web page of a post's body repeated, each copy under its own heading (as the bench's);
    not a `page`: the same as a fragment, which is converted without the extraction's wait."""
    parts = "".join(f"<h2>Part {n}</h2>\n{POST_BODY}\n" for n in range(1, copies + 1)) + "<p>THE END</p>"
    head = "<!doctype html><html><head><title>A long page</title></head><body>"
    path.write_text(f"{head}{parts}</body></html>" if page else parts, "utf-8")
    return path


def alive(pid: int | None) -> bool:
    """Whether a process (our child, or a child of the fork server) is still running."""
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def wait_until_gone(*pids: int | None, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"still running: {[pid for pid in pids if alive(pid)]}"
        time.sleep(0.01)


@pytest.fixture
def converters() -> Iterator[Converters]:
    pool = Converters()
    yield pool
    pool.close()


def lines_of(layout: Layout) -> list[str]:
    return ["".join(segment.text for segment in line.segments) for line in layout.lines()]


@pytest.mark.parametrize("kind", ["markdown", "page"])
def test_an_article_converted_in_a_child_is_the_one_converted_in_one_go(
    kind: str, tmp_path: Path, converters: Converters, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_NO_CACHE", "1")
    source = str(WELCOME if kind == "markdown" else long_page(tmp_path / "page.html", 40))
    here = load(source)
    there = finish(converters.start(fetch(source), None, source).opened())
    assert there.article.metadata == here.article.metadata
    assert there.article.blocks == here.article.blocks
    assert there.article.headings == here.article.headings
    assert there.markdown == here.markdown
    assert lines_of(Layout(there.article, 72)) == lines_of(Layout(here.article, 72))


def test_the_child_keeps_the_conversion_in_the_cache(tmp_path: Path, converters: Converters) -> None:
    source = str(long_page(tmp_path / "page.html", 5))
    converted = finish(converters.start(fetch(source), None, source).opened())
    assert list(cache.cache_dir().glob("*.pickle")), "the child stored nothing"
    import reader.convert.chunked

    def no_conversion(*_: object, **__: object) -> None:
        raise AssertionError("converted again: the cache missed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader.convert.chunked, "open_text", no_conversion)
        assert load(source).article.blocks == converted.article.blocks


def test_an_error_in_the_child_arrives_as_the_same_error(converters: Converters) -> None:
    from reader.convert.pipeline import open_fetched
    from reader.source.fetch import Fetched

    binary = Fetched(b"\x00\x01\x02\x03" * 1000, "text/plain", None, "-", "")
    with pytest.raises(NotText) as here:
        open_fetched(binary, name="-")
    with pytest.raises(NotText) as there:
        converters.start(binary, None, "-").opened()
    assert str(there.value) == str(here.value) == "standard input: not a text document (binary data)"


def test_a_child_dead_before_it_has_the_job_is_a_conversion_that_stopped() -> None:
    """Not a `BrokenPipeError`, which the command line takes for its closed output (a dump
    whose child was killed as the job went out ended with status 0 and wrote nothing)."""
    from reader.convert import process
    from reader.source.fetch import Fetched

    child = process._Child()
    child.kill()
    page = Fetched(b"<p>words</p>" * 400_000, "text/html", None, "page.html", "")  # more than a pipe holds
    conversion = process.Conversion(child, page, None, "page.html", early=False)
    with pytest.raises(ReaderError, match="the conversion stopped unexpectedly"):
        conversion.opened()


def test_a_stopped_conversion_ends_its_child_at_once(tmp_path: Path, converters: Converters) -> None:
    source = str(long_page(tmp_path / "page.html", 3000, page=False))
    conversion = converters.start(fetch(source), None, source)
    opened = conversion.opened()
    next(opened.chunks)
    started = time.monotonic()
    conversion.stop()
    wait_until_gone(conversion.pid, timeout=2)
    assert time.monotonic() - started < 1
    with pytest.raises(Cancelled):
        for _ in opened.chunks:
            pass


class _Undying:
    """A child whose pipe stays open after it is told to die (as a large child's does while the
    system tears it down on a busy machine): only the kill is asked of it."""

    def __init__(self) -> None:
        import multiprocessing

        self.connection, self.other_end = multiprocessing.Pipe(duplex=True)
        self.process = self
        self.pid = None
        self.exitcode = None
        self.read_by_thread = False

    def kill(self, *, wait: bool = True) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        pass

    def is_alive(self) -> bool:
        return True


def test_a_reader_waiting_for_the_next_message_is_cancelled_at_once_by_stop() -> None:
    """Esc must not wait for the killed child's pipe to close."""
    import threading

    from reader.convert import process
    from reader.source.fetch import Fetched

    child = _Undying()
    conversion = process.Conversion(child, Fetched(b"<p>words</p>", "text/html", None, "p.html", ""), None, "p.html")  # type: ignore[arg-type]
    raised: list[BaseException] = []

    def wait_for_the_article() -> None:
        try:
            conversion.opened()
        except BaseException as exc:  # what it raised is the test's subject
            raised.append(exc)

    reader = threading.Thread(target=wait_for_the_article, daemon=True)
    reader.start()
    conversion.stop()
    reader.join(timeout=10)
    assert not reader.is_alive(), "still waiting for a message from a child told to die"
    assert isinstance(raised[0], Cancelled)


def test_the_next_child_is_forked_once_the_conversion_has_ended(tmp_path: Path, converters: Converters) -> None:
    """A child waiting while another converts would only hold memory the conversion needs."""
    source = str(long_page(tmp_path / "page.html", 5))
    conversion = converters.start(fetch(source), None, source)
    opened = conversion.opened()
    assert converters.waiting_pid is None
    for _ in opened.chunks:
        pass
    deadline = time.monotonic() + 30
    while converters.waiting_pid is None:
        assert time.monotonic() < deadline, "no child forked for the next article"
        time.sleep(0.01)
    assert alive(converters.waiting_pid) and converters.waiting_pid != conversion.pid


def test_closing_ends_the_waiting_child(converters: Converters) -> None:
    converters.warm()
    waiting = converters.waiting_pid
    assert alive(waiting)
    converters.close()
    wait_until_gone(waiting)
    with pytest.raises(ReaderError):
        converters.start(fetch(str(WELCOME)), None)


WARMED_CHILD = """
import multiprocessing, sys
from reader.convert.process import start_server

MODULES = ("trafilatura", "readability.readability", "reader.convert.extraction.combine", "reader.convert.chunked")


def send_what_is_loaded(connection):
    loaded = [name for name in MODULES if name in sys.modules]
    external = sys.modules.get("trafilatura.external")
    connection.send((loaded, external is not None and external.JT_STOPLIST is not None))


if __name__ == "__main__":
    start_server(warm=sys.argv[1] == "warm")
    context = multiprocessing.get_context("forkserver")
    ours, theirs = context.Pipe()
    child = context.Process(target=send_what_is_loaded, args=(theirs,))
    child.start()
    print(ours.recv(), flush=True)
    child.join(10)
"""


@pytest.mark.parametrize("warm", [True, False], ids=["page", "text"])
def test_the_children_start_with_the_converters_loaded_and_warm_for_a_page(tmp_path: Path, warm: bool) -> None:
    """The fork server imports the converters, and for a web page converts one once
    (`reader.convert.warm`), before it forks, so that a child's first web page pays for
    neither: trafilatura's stop-word list, built on its first fall-back on jusText, is there
    already. For a post or Markdown the extractors are left alone (a second of CPU to wait
    for). The server is one per process, its preload chosen at its start: hence a process of
    its own for each case."""
    script = tmp_path / "app.py"
    script.write_text(WARMED_CHILD, "utf-8")
    argument = "warm" if warm else "plain"
    done = subprocess.run(
        [sys.executable, str(script), argument], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded, stoplist = ast.literal_eval(done.stdout.strip())
    warmed = ["trafilatura", "readability.readability", "reader.convert.extraction.combine"]
    assert loaded == ([*warmed, "reader.convert.chunked"] if warm else ["reader.convert.chunked"])
    assert stoplist is warm


CHILDREN_OF_A_KILLED_APP = """
import os, sys, time
from reader.convert.process import Converters, start_server
from reader.source.fetch import fetch

if __name__ == "__main__":
    pool = Converters()
    pool.warm()
    conversion = pool.start(fetch(sys.argv[1]), None, sys.argv[1])
    pool.warm()
    print(conversion.pid, pool.waiting_pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_children_die_with_the_app_killed_outright(tmp_path: Path) -> None:
    """SIGKILL leaves the app no time to stop anything: its children end on their own (the
    fork server sees the app gone, and its children die with it)."""
    source = str(long_page(tmp_path / "page.html", 3000))
    script = tmp_path / "app.py"
    script.write_text(CHILDREN_OF_A_KILLED_APP, "utf-8")
    environment = os.environ | {"READER_NO_CACHE": "1"}
    app = subprocess.Popen([sys.executable, str(script), source], stdout=subprocess.PIPE, text=True, env=environment)
    try:
        assert app.stdout is not None
        converting, waiting = (int(pid) for pid in app.stdout.readline().split())
        assert alive(converting) and alive(waiting)
        server = parent_of(converting)
        assert server != app.pid and alive(server)
        app.kill()
        app.wait()
        wait_until_gone(converting, waiting, server)
    finally:
        app.kill()
        app.wait()


def test_a_process_with_threads_is_not_forked() -> None:
    """A fork copies the locks another thread may hold, not the thread that would release them:
    with a second thread running, the dump's fork declines (and the fork server is used)."""
    import threading

    from reader.convert.forked import fork

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert fork(["reader.convert.chunked"]) is None
    finally:
        release.set()
        other.join()
