"""The first article's conversion started by the launch (`reader.convert.head_start`): the app's
load takes it and gets the article a conversion in one go gives; one started for other bytes is
stopped, and another converts; the launch starts it for a local file, and the fork server only
for what it cannot read yet.

A fork is safe only from a process with one thread, which a pytest worker is not: each case runs
in a process of its own."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.convert.pipeline import Ahead, load
from tests.test_conversion_process import long_page, wait_until_gone

LAUNCH = """
import os, sys, time
from reader.convert import head_start, pipeline, process
from reader.source.fetch import fetch

class NoConverters:
    def start(self, *args, **kwargs):
        print(repr("second"), flush=True)
        raise SystemExit(0)

source, mode = sys.argv[1], sys.argv[2]
name = "" if mode == "piped" else source
if mode == "piped":  # forked first, handed the bytes once they are read, named as stdin's are
    assert head_start.fork_now(), "not forked"
    piped = fetch(source)
    assert head_start.give(piped, pipeline.cache_key(piped), None, name)
else:  # asked who answers, once converted: the child
    assert head_start.start(pipeline.look_ahead(source), source, None, then=os.getpid), "not started"
started = head_start._started[0].handed()
if mode == "arrived":
    while not started.arrived_whole():
        time.sleep(0.01)
    asked = head_start.asked()  # the app leaves its library for after the first frame
    opened, answer = head_start.open_arrived(source, None)
    texts = [block.text for chunk in opened.chunks for block in chunk.blocks]
    by_child = asked and answer not in (None, os.getpid())
    print(repr((not head_start._started, opened.metadata.title, texts, [by_child])), flush=True)
    raise SystemExit(0)
fetched = fetch(source)
if mode == "changed":
    fetched = fetch(sys.argv[3])
ended = []
conversion = head_start.taken_or_started(
    NoConverters(), fetched, None, name, pipeline.cache_key(fetched), then=lambda: ended.append(True)
)
opened = conversion.opened()
texts = [block.text for chunk in opened.chunks for block in chunk.blocks]
print(repr((conversion is started, opened.metadata.title, texts, ended)), flush=True)
"""


def run_launch(tmp_path: Path, *args: str) -> Any:
    script = tmp_path / "launch.py"
    script.write_text(LAUNCH, "utf-8")
    environment = os.environ | {"READER_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=120, check=False, env=environment
    )
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("copies", "mode"),
    [(3, "same"), (400, "same"), (3, "arrived"), (3, "piped")],
    ids=["short", "large", "arrived-whole", "piped"],
)
def test_the_load_takes_the_launchs_conversion_and_gets_the_article_in_one_go(
    tmp_path: Path, copies: int, mode: str
) -> None:
    """The same blocks as one conversion in one go (a large page's too, whose first chunk is a
    guess at its start), the `then` of the load called once its child has sent all; once all has
    arrived, the app's first frame reads it at once (`open_arrived`), with the child's answer to
    the launch's question."""
    page = str(long_page(tmp_path / "page.html", copies))
    taken, title, texts, ended = run_launch(tmp_path, page, mode)
    whole = load(page).article
    assert taken and ended == [True]
    assert title == whole.metadata.title == "A long page"
    assert texts == [block.text for block in whole.blocks]
    assert texts[-1] == "THE END"


def test_a_conversion_started_for_other_bytes_is_stopped_and_another_converts(tmp_path: Path) -> None:
    """The file changed between the launch's look and the app's load: what the launch started
    would show the old text."""
    page = str(long_page(tmp_path / "page.html", 3))
    other = str(long_page(tmp_path / "other.html", 4))
    assert run_launch(tmp_path, page, "changed", other) == "second"


STOPPED = """
import sys
from reader.convert import head_start, pipeline

source = sys.argv[1]
assert head_start.start(pipeline.look_ahead(source), source, None)
pid = head_start._started[0].handed().pid
head_start.drop()
print(pid, flush=True)
"""


def test_a_conversion_never_taken_is_stopped_with_the_app(tmp_path: Path) -> None:
    script = tmp_path / "stopped.py"
    script.write_text(STOPPED, "utf-8")
    page = str(long_page(tmp_path / "page.html", 3000))
    done = subprocess.run([sys.executable, str(script), page], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    wait_until_gone(int(done.stdout))


def test_the_launch_converts_a_local_file_and_starts_the_server_for_what_it_cannot_read_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local file's conversion starts at the launch (the fork server later, warm when the
    file is a web page the vote extracts), its child asked where the reader stopped; stdin's
    child is forked, to be handed the bytes once read; a URL has the fork server started, warm
    (it may be a page); an article the cache holds, nothing (the first screen needs no converter)."""
    from reader.convert import head_start, process
    from reader.ui.launch import saved_place, start_converters

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(process, "start_server", lambda *, warm: calls.append(("server", warm)))
    monkeypatch.setattr(process, "warm_up_later", lambda: calls.append(("warm later", None)))

    def start(ahead: Ahead, source: str, base_url: str | None, *, then: Callable[[], object] | None = None) -> bool:
        if ahead.fetched is None:  # nothing read: nothing to start
            return False
        assert then is not None and then.func is saved_place and then.args == (source,)  # type: ignore[attr-defined]
        calls.append((Path(source).name, ahead.coming.value))
        return True

    def fork_now() -> bool:
        calls.append(("fork", None))
        return True

    monkeypatch.setattr(head_start, "start", start)
    monkeypatch.setattr(head_start, "fork_now", fork_now)
    page = long_page(tmp_path / "page.html", 3)
    fragment = long_page(tmp_path / "fragment.html", 3, page=False)
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\n<html><body><p>Its body.</p></body></html>\n", "utf-8")
    for source in (page, fragment, post):
        start_converters(str(source), None)
    assert calls == [("page.html", "page"), ("warm later", None), ("fragment.html", "text"), ("post.md", "text")]
    calls.clear()
    load(str(page))
    start_converters(str(page), None)
    assert calls == []  # shown from the cache, without a child
    start_converters("https://example.org/page", None)
    assert calls == [("server", True)]  # not known yet: maybe a page
    calls.clear()
    start_converters("-", None)
    assert calls == [("fork", None), ("warm later", None)]  # the child waits for the piped bytes


def test_the_launch_starts_the_server_when_it_cannot_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process with threads already (as a test's) is not forked: the server converts."""
    from reader.convert import process
    from reader.ui.launch import start_converters

    calls: list[bool] = []
    monkeypatch.setattr(process, "start_server", lambda *, warm: calls.append(warm))
    monkeypatch.setattr(process, "forked_child", lambda: None)
    start_converters(str(long_page(tmp_path / "page.html", 3)), None)
    assert calls == [True]


class _Started:
    """`process._started_context`'s cache, as seen by `Converters.warm_in_background`."""

    def __init__(self, started: bool) -> None:
        self.currsize = int(started)

    def cache_info(self) -> _Started:
        return self


@pytest.mark.parametrize("started", [True, False], ids=["server-running", "no-server-yet"])
def test_the_next_child_waits_a_moment_when_the_fork_server_has_yet_to_start(
    monkeypatch: pytest.MonkeyPatch, started: bool
) -> None:
    """After the launch's conversion the server starts `SERVER_PAUSE` later: its imports would
    take the cores from a reader who has just got the article. Once it runs, the next child is
    forked at once."""
    from reader.convert import process

    pauses: list[float] = []

    class Timer:
        def __init__(self, pause: float, then: Callable[[], None]) -> None:
            pauses.append(pause)

        def start(self) -> None:
            pass

    monkeypatch.setattr(process, "_started_context", _Started(started))
    monkeypatch.setattr(process, "Timer", Timer)
    process.Converters().warm_in_background()
    assert pauses == [0.0 if started else process.SERVER_PAUSE]
    assert process.SERVER_PAUSE > 0


def test_nothing_starts_for_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--max-size` below the file's size: the app refuses it, so nothing converts it."""
    from reader.convert import head_start, process
    from reader.source.limits import Limits
    from reader.ui.launch import start_converters

    calls: list[str] = []
    monkeypatch.setattr(process, "start_server", lambda *, warm: calls.append("server"))

    def start(ahead: Ahead, source: str, base_url: str | None, *, then: Callable[[], object] | None = None) -> bool:
        calls.append("head start")
        return True

    monkeypatch.setattr(head_start, "start", start)
    page = str(long_page(tmp_path / "page.html", 3))
    start_converters(page, None, Limits(max_file_bytes=100))
    assert calls == []
    start_converters(page, None, Limits())
    assert calls == ["head start"]


def test_piped_bytes_the_cache_holds_let_the_forked_child_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads a cached article itself: the child forked for the pipe is not handed it."""
    from reader.convert import head_start
    from reader.source.fetch import fetch
    from reader.ui.launch import convert_piped

    calls: list[str] = []

    def give(fetched: object, key: str, base_url: str | None, name: str) -> bool:
        calls.append(f"give {name!r}")
        return True

    monkeypatch.setattr(head_start, "give", give)
    monkeypatch.setattr(head_start, "drop", lambda: calls.append("drop"))
    page = long_page(tmp_path / "page.html", 3)
    convert_piped(fetch(str(page)), None)
    assert calls == ["give ''"]
    calls.clear()
    load(str(page))  # now cached
    convert_piped(fetch(str(page)), None)
    assert calls == ["drop"]
