"""The text dump laid out chunk by chunk while a child process converts (`reader.cli.dump.TextDump`,
`reader.convert.apart`): the same bytes as laying out the whole article at once, whatever the
chunks; errors as one line; a cached conversion read in the dump's own process; and no process
left behind, however the dump ends (its end, a closed pipe, Ctrl-C, a child killed)."""

from __future__ import annotations

import functools
import io
import os
import re
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.cli.dump import TextDump, dump_text
from reader.convert.apart import APART_BYTES
from reader.convert.pipeline import load, load_text
from reader.errors import INTERRUPTED
from reader.model import Article, BlockKind, Metadata
from tests.conftest import FIXTURES, SAMPLES
from tests.test_conversion_process import long_page
from tests.test_early_first_screen import misleading_page
from tests.waiting import wait_for

WIDTH = 72


def _rows(count: int, wide_from: int) -> str:
    """A Markdown table whose rows get wider from row `wide_from` on (so that the column widths
    of its first parts change once the later parts come)."""
    cells = ["| n | what |", "|---|---|"]
    cells += [f"| {n} | {'a much wider cell ' * 3 if n >= wide_from else 'short'} |" for n in range(count)]
    return "\n".join(cells)


TABLES = f"""---
title: The title
---

An opening paragraph, before the heading that says the title.

# The title

{_rows(60, 40)}

A paragraph between two tables, with a [link](https://example.org/) and *emphasis*.

> A quote, with a list:
>
> - one
> - two

{_rows(40, 5)}
"""
"""Tables of several parts (16 rows each), one at the end; the heading that says the title
second, after a paragraph (the header shows it, in its place it takes no lines)."""


def _text(document_article: Article, chunks: list[int], color: bool = False) -> str:
    """The dump of the article's blocks added in pieces ending at each of `chunks`."""
    out = io.StringIO()
    text = TextDump(Article(metadata=document_article.metadata), WIDTH, out, color=color)
    start = 0
    for end in [*chunks, len(document_article.blocks)]:
        text.add(document_article.blocks[start:end])
        start = end
    text.write()
    return out.getvalue()


@pytest.mark.parametrize("color", [False, True], ids=["plain", "styled"])
def test_an_article_laid_out_chunk_by_chunk_is_written_as_laid_out_at_once(color: bool) -> None:
    article = load_text(TABLES, "text/markdown").article
    blocks = article.blocks
    assert sum(block.kind is BlockKind.TABLE and block.continues for block in blocks) >= 4
    assert blocks[1].kind is BlockKind.HEADING and blocks[1].text == article.metadata.title
    whole = io.StringIO()
    TextDump(article, WIDTH, whole, color=color).write()
    assert whole.getvalue().count("\n") > 100
    splits = [[], list(range(1, len(blocks))), *([at] for at in range(len(blocks)))]
    for chunks in splits:
        assert _same_links(_text(article, chunks, color)) == _same_links(whole.getvalue()), f"split at {chunks}"


def _same_links(text: str) -> str:
    """Rich numbers each link's style at random (an OSC 8 `id=`): every id made the same."""
    return re.sub(r"id=\d+;", "id=;", text)


def test_a_dump_of_nothing_but_a_title_writes_the_header() -> None:
    out = io.StringIO()
    TextDump(Article(metadata=Metadata(title="Only a title")), WIDTH, out).write()
    assert out.getvalue().splitlines()[0] == "Only a title"


def reader(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, "READER_NO_CACHE": "1"},
        timeout=300,
        check=False,
    )


def one_go(source: str, width: int = WIDTH) -> bytes:
    """The dump as laying out the whole article, converted in this process, writes it."""
    out = io.StringIO()
    dump_text(load(source), width, out)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def long_article(tmp_path: Path) -> Path:
    """A page of several chunks, each part with a table, a list, code and a quote; long enough
    to be converted in a child (`APART_BYTES`)."""
    page = long_page(tmp_path / "page.html", 440)  # 140 kB: just past the limit, the suite's time is tight
    assert page.stat().st_size > APART_BYTES
    return page


@pytest.mark.parametrize(
    ("name", "width"),
    [("long", 40), ("misleading", 80), ("welcome-zh.md", 120), ("article-page.html", 80), ("fragment.html", 80)],
)
def test_the_dump_command_writes_what_one_go_writes(long_article: Path, tmp_path: Path, name: str, width: int) -> None:
    """ "misleading": a large page whose start the app's child would take for its article and
    start over from; the dump's child converts it in one go. "long" is also converted in a
    child, and the dump's own process never imports the converters (its main() is run as
    `python -m reader` runs it, then it names those it imported)."""
    paths = {
        "long": long_article,
        "misleading": misleading_page(tmp_path / "misleading.html"),
        "welcome-zh.md": SAMPLES / "welcome-zh.md",
    }
    path = paths.get(name, FIXTURES / "extract" / name)
    done = (heavy_imports if name == "long" else reader)(str(path), "--dump", "--width", str(width))
    assert done.returncode == 0, done.stderr
    assert done.stdout == one_go(str(path), width)
    if name == "long":
        assert done.stderr.decode().strip() == "[]", "the dump's process imported converters"


def heavy_imports(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The dump's main() in a process of its own, which then writes on stderr which of the
    converters it imported."""
    script = (
        "import sys\n"
        "from reader.cli.main import main\n"
        "status = main(sys.argv[1:])\n"
        "heavy = ('reader.convert.chunked', 'reader.convert.extract', 'lxml.html', 'markdown_it', 'html2text')\n"
        "print([name for name in heavy if name in sys.modules], file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        env={**os.environ, "READER_NO_CACHE": "1"},
        timeout=300,
        check=False,
    )


def test_standard_input_and_a_url_are_dumped_as_one_go_dumps_them(long_article: Path) -> None:
    """Both dumps are held to one one-go conversion, the URL's: the same bytes give the same
    article whatever their source is called (a conversion of 140 kB costs two seconds)."""
    piped = reader("-", "--dump", "--width", str(WIDTH), stdin=long_article.read_bytes())
    assert piped.returncode == 0, piped.stderr
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(long_article.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{long_article.name}"
        fetched = reader(url, "--dump", "--width", str(WIDTH))
        assert fetched.returncode == 0, fetched.stderr
        expected = one_go(url)
        assert fetched.stdout == expected
        assert piped.stdout == expected
        assert fetched.stdout.count(b"THE END") == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_cached_conversion_is_read_in_the_dumps_own_process(
    long_article: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli.main import main
    from reader.convert import process

    monkeypatch.delenv("READER_NO_CACHE", raising=False)
    assert main([str(long_article), "--dump"]) == 0  # converted in a child, which keeps it
    first = capsys.readouterr().out

    def no_child(*_: object, **__: object) -> None:
        raise AssertionError("a child was started for a cached conversion")

    monkeypatch.setattr(process, "start_server", no_child)
    monkeypatch.setattr(process, "convert_alone", no_child)
    assert main([str(long_article), "--dump"]) == 0
    assert capsys.readouterr().out == first
    assert "THE END" in first


def test_a_short_source_is_converted_in_the_dumps_own_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A child costs more than it saves on an article laid out in a few hundredths of a second."""
    from reader.cli.main import main
    from reader.convert import process

    def no_child(*_: object, **__: object) -> None:
        raise AssertionError("a child was started for a short source")

    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setattr(process, "start_server", no_child)
    monkeypatch.setattr(process, "convert_alone", no_child)
    sample = SAMPLES / "welcome.md"
    assert sample.stat().st_size < APART_BYTES
    assert main([str(sample), "--dump", "--width", str(WIDTH)]) == 0
    assert capsys.readouterr().out.encode() == one_go(str(sample))


@pytest.mark.parametrize("size", [16 * 1024, 2 * APART_BYTES], ids=["here", "in-a-child"])
def test_errors_stay_one_line(tmp_path: Path, size: int) -> None:
    missing = reader(str(tmp_path / "missing.html"), "--dump")
    binary = tmp_path / "data.html"
    binary.write_bytes(bytes(range(256)) * (size // 256))
    refused = reader(str(binary), "--dump")
    assert missing.returncode == refused.returncode == 1
    assert missing.stderr.decode().startswith("reader: error: ") and missing.stderr.count(b"\n") == 1
    assert refused.stderr.decode() == f"reader: error: {binary}: not a text document (binary data)\n"
    assert not missing.stdout and not refused.stdout


# No process left behind


def processes_with(token: str) -> set[int]:
    """Live processes started with `token` in their environment: the dump and any process it
    started (its conversion child), which inherit it."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if token.encode() in (entry / "environ").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


@pytest.fixture
def token() -> Iterator[str]:
    """A token to find a dump's processes by; after the test, every process of it is gone."""
    token = f"READER_TEST_RUN={uuid.uuid4()}"
    yield token
    wait_for(lambda: not processes_with(token), "the processes to end", timeout=10)


@pytest.fixture
def longer_article(tmp_path: Path) -> Path:
    """A page long enough for its dump to be caught converting (it is stopped long before its end):
    about 4 MB, seconds of conversion even on a quiet machine, as finding the child (reading
    every process's environment) can take a second on a busy one."""
    return long_page(tmp_path / "longer.html", 12000)


def start(token: str, source: Path, **options: object) -> subprocess.Popen[bytes]:
    name, value = token.split("=")
    env = {**os.environ, "READER_NO_CACHE": "1", name: value}
    command = [sys.executable, "-m", "reader", str(source), "--dump", "--width", str(WIDTH)]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, **options)  # type: ignore[call-overload]


def converting_child(token: str, dump: int) -> int | None:
    """The child that converts, once there is one: the dump's only child, forked from its own
    process (`reader.convert.forked`), not a helper another started."""
    for pid in processes_with(token):
        if _parent(pid) == dump:
            return pid
    return None


def _parent(pid: int) -> int | None:
    try:
        return parent_of(pid)
    except OSError:
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_converting_child_is_a_fork_of_the_dump_with_no_server(token: str, longer_article: Path) -> None:
    """No fork server (a new interpreter that imports the converters from nothing) nor its
    resource tracker: the child is forked from the dump's own process, whose command it shows."""
    dump = start(token, longer_article, stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: converting_child(token, dump.pid) is not None, "the converting child", timeout=60)
        child = converting_child(token, dump.pid)
        assert child is not None
        assert processes_with(token) == {dump.pid, child}
        assert Path(f"/proc/{child}/cmdline").read_bytes() == Path(f"/proc/{dump.pid}/cmdline").read_bytes()
    finally:
        dump.kill()
        dump.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_process_is_left_after_a_dump(token: str, long_article: Path) -> None:
    dump = start(token, long_article, stdout=subprocess.DEVNULL)
    _, stderr = dump.communicate(timeout=300)
    assert dump.returncode == 0, stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_process_is_left_after_the_pipe_closes(token: str, long_article: Path) -> None:
    """`reader page --dump | head -1`: the pipe closes before the dump is written."""
    dump = start(token, long_article, stdout=subprocess.PIPE)
    assert dump.stdout is not None
    assert dump.stdout.readline()
    dump.stdout.close()
    assert dump.wait(timeout=300) == 0
    assert dump.stderr is not None and not dump.stderr.read()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_process_is_left_after_ctrl_c(token: str, longer_article: Path) -> None:
    """Ctrl-C signals the terminal's whole foreground group: the dump and its children."""
    dump = start(token, longer_article, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: converting_child(token, dump.pid) is not None, "the converting child", timeout=60)
        os.killpg(dump.pid, signal.SIGINT)
        assert dump.wait(timeout=60) == 130
    finally:
        dump.kill()
        dump.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("sent", "status", "said"),
    [
        (signal.SIGKILL, 1, "reader: error: the conversion stopped unexpectedly (killed by signal 9)\n"),
        (signal.SIGINT, INTERRUPTED, ""),
    ],
    ids=["killed", "interrupted"],
)
def test_a_child_ended_while_converting_is_one_error_line_or_an_interrupt(
    token: str, longer_article: Path, sent: signal.Signals, status: int, said: str
) -> None:
    """Killed, as the memory limit's killer would: the dump says so in one line and exits 1.
    Interrupted: Ctrl-C reaches the child too, whose end the dump may read before its own
    KeyboardInterrupt; either way it ends as for Ctrl-C, without a word."""
    dump = start(token, longer_article, stdout=subprocess.PIPE)
    child = None
    try:
        wait_for(lambda: converting_child(token, dump.pid) is not None, "the converting child", timeout=60)
        child = converting_child(token, dump.pid)
        assert child is not None
        os.kill(child, sent)
        stdout, stderr = dump.communicate(timeout=60)
    finally:
        dump.kill()
        dump.wait()
    assert dump.returncode == status
    assert not stdout
    assert stderr.decode() == said
