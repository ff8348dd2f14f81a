"""End to end: the real `reader` command in tmux at 120x40, read back with capture-pane."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.convert.pipeline import load, load_text
from reader.model import BlockKind
from tests.conftest import SAMPLES, reader_command

pytestmark = pytest.mark.e2e

WELCOME = SAMPLES / "welcome.md"


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True, timeout=20
        )
        return result.stdout

    def start(self, shell_command: str, width: int = 100, height: int = 30) -> None:
        """A detached session running `shell_command` in a terminal of that size."""
        # COLUMNS/LINES (pytest-xdist workers may have them) would override the terminal's size.
        env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
        env |= {"TERM": "xterm-256color"}
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
             "-x", str(width), "-y", str(height), shell_command],
            env=env, check=True, timeout=20,
        )  # fmt: skip

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "e2e", key)
            time.sleep(0.1)

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(needle in screen for needle in needles):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needles!r} not on screen:\n{screen}")


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = Tmux(f"reader-e2e-{uuid.uuid4().hex[:8]}")
    try:
        yield session
    finally:
        subprocess.run(["tmux", "-L", session.socket, "kill-server"], capture_output=True, check=False)


def test_reader_in_tmux(tmux: Tmux) -> None:
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    article = load(str(WELCOME)).article
    sixth = article.headings[5]
    after_sixth = article.blocks[sixth.block + 1].text
    last = next(block for block in reversed(article.blocks) if block.kind is BlockKind.PARAGRAPH).text
    first = next(block for block in article.blocks if block.kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE)).text

    # COLUMNS/LINES (pytest-xdist workers may have them) would override the terminal's real size.
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env |= {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    # The window is fixed at 120x40 before the reader starts in it (tmux otherwise sizes a
    # detached session from its defaults or from whatever client is attached).
    subprocess.run(
        ["tmux", "-L", tmux.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40",
         "sleep 60"],
        env=env, check=True, timeout=20,
    )  # fmt: skip
    tmux.run("set-option", "-t", "e2e", "window-size", "manual")
    tmux.run("resize-window", "-t", "e2e", "-x", "120", "-y", "40")
    tmux.run("respawn-pane", "-k", "-t", "e2e", f"{command} {WELCOME}; sleep 30")
    assert tmux.run("display-message", "-p", "-t", "e2e", "#{window_width}x#{window_height}").strip() == "120x40"
    tmux.wait_for("Welcome to reader", first[:40])
    tmux.keys(*["]"] * 6)
    tmux.wait_for(sixth.text, after_sixth[:40])
    tmux.keys("G")
    tmux.wait_for(last[-30:])
    tmux.keys("q")
    deadline = time.monotonic() + 10
    while "Welcome to reader" in tmux.screen():
        assert time.monotonic() < deadline, "q did not quit"
        time.sleep(0.1)


def test_reader_reads_stdin_and_still_takes_keys(tmux: Tmux) -> None:
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    tmux.start(f"cat {SAMPLES / 'welcome-zh.md'} | {command} -; echo reader-exit=$?; sleep 30")
    tmux.wait_for("欢迎使用 reader", "在文章里移动")
    tmux.keys("G")
    tmux.wait_for("100%")
    tmux.keys("q")
    tmux.wait_for("reader-exit=0")


@pytest.mark.parametrize("prefix", ["", "setsid "], ids=["sighup", "no-sighup"])
def test_closing_the_terminal_keeps_the_place(tmux: Tmux, prefix: str) -> None:
    """SIGHUP (the terminal window closed) writes the position at once, not a save interval
    later; so does the terminal's end seen without a SIGHUP (`setsid`: outside its session)."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    if prefix and shutil.which("setsid") is None:
        pytest.skip("setsid is not installed")
    from reader.library import Library

    article = load(str(WELCOME)).article
    fourth = article.headings[3]
    tmux.start(f"{prefix}{command} {WELCOME}; sleep 30")
    tmux.wait_for("Welcome to reader")
    tmux.keys(*["]"] * 4)
    deadline = time.monotonic() + 20
    while fourth.text not in tmux.screen().splitlines()[1]:  # the heading at the top of the pane
        assert time.monotonic() < deadline, f"] did not reach {fourth.text!r}"
        time.sleep(0.1)
    processes = _descendants(int(tmux.run("list-panes", "-t", "e2e", "-F", "#{pane_pid}").strip()))
    subprocess.run(["tmux", "-L", tmux.socket, "kill-server"], capture_output=True, check=False)
    deadline = time.monotonic() + 10
    while True:
        with Library.open() as library:
            entry = library.find(str(WELCOME))
        if entry is not None and entry.position.block == fourth.block:
            break
        assert time.monotonic() < deadline, f"the position was not written: {entry}"
        time.sleep(0.1)
    _wait_gone(processes, "after the terminal closed")


def test_enter_right_behind_the_arrows_opens_the_row_they_reached(tmux: Tmux) -> None:
    """`Down Down Enter` in one burst (a script, a fast typist): the library's Enter used to be
    a priority key and opened the first row before the arrows had moved."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    from reader.library import Library

    titles = ["First saved", "Second saved", "Third saved"]
    with Library.open() as library:
        for title in reversed(titles):  # the newest is listed first
            document = load_text(
                f"# {title}\n\nBody of {title}.\n", "text/markdown", source=f"https://e.org/{title[0]}"
            )
            document.article.metadata.title = title
            library.add_bookmark(document, [])
            time.sleep(0.01)
    tmux.start(f"{command}; sleep 30")
    screen = tmux.wait_for(*titles)
    rows = [line for line in screen.splitlines() if any(title in line for title in titles)]
    assert [next(t for t in titles if t in row) for row in rows] == titles, screen
    tmux.run("send-keys", "-t", "e2e", "Down", "Down", "Enter")
    tmux.wait_for("Body of Third saved")


@pytest.mark.parametrize("cache", ["", "READER_NO_CACHE=1 "], ids=["cached", "converted-at-the-launch"])
def test_a_reopened_article_shows_its_place_from_the_first_screen(tmux: Tmux, cache: str) -> None:
    """Issue 11, defect 2: open the guide, G, quit, open it again at 120x40. The top used to
    show (0%) for about half a second before the view jumped to the end, undoing keys pressed
    meanwhile; every screen of the article shows the end from the first, and `g` pressed at
    once stays where it took the reader. Also when it is converted again (the cache off): the
    place then comes from the launch's conversion child, which looks it up in the library."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    last = next(block for block in reversed(load(str(WELCOME)).article.blocks) if block.kind is BlockKind.PARAGRAPH)
    tmux.start("sleep 120", width=120, height=40)
    tmux.run("set-option", "-t", "e2e", "window-size", "manual")
    tmux.run("resize-window", "-t", "e2e", "-x", "120", "-y", "40")
    tmux.run("respawn-pane", "-k", "-t", "e2e", f"{cache}{command} {WELCOME}; sleep 60")
    tmux.wait_for("Welcome to reader")
    tmux.keys("G")
    tmux.wait_for(last.text[-30:], "100%")
    tmux.keys("q")
    deadline = time.monotonic() + 10
    while "Welcome to reader" in tmux.screen():
        assert time.monotonic() < deadline, "q did not quit"
        time.sleep(0.05)

    tmux.run("respawn-pane", "-k", "-t", "e2e", f"{cache}{command} {WELCOME}; sleep 60")
    headers: list[str] = []
    deadline = time.monotonic() + 20
    while len(headers) < 20:  # the first screens of the article, captured as fast as tmux allows
        assert time.monotonic() < deadline, f"the article did not show: {headers}"
        lines = tmux.screen().splitlines()
        header = lines[0] if lines else ""
        if "Welcome to reader" in header:
            headers.append(header.rstrip())
    assert all(header.endswith("100%") for header in headers), headers
    tmux.keys("g")
    deadline = time.monotonic() + 10
    while not tmux.screen().splitlines()[0].rstrip().endswith(" 0%"):
        assert time.monotonic() < deadline, "g did not go to the top"
        time.sleep(0.05)
    time.sleep(1.5)  # when a late jump to the saved place used to come
    assert tmux.screen().splitlines()[0].rstrip().endswith(" 0%"), "a late jump undid the g"


def test_a_highlight_with_a_note_is_kept_exported_and_shown_again(tmux: Tmux) -> None:
    """Issue 13: open a post, select its first lines (v, j), highlight them with a note (H),
    quit; `reader highlights export --format markdown` has the passage and the note, and the
    post opened again counts and draws its highlight."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    first = next(block for block in load(str(WELCOME)).article.blocks if block.kind is BlockKind.QUOTE).text
    tmux.start(f"{command} {WELCOME}; echo reader-exit=$?; sleep 60", width=100, height=30)
    tmux.wait_for("Welcome to reader", first[:40])
    tmux.keys("v")
    tmux.wait_for("h Highlight")  # the footer offers the selection's keys
    tmux.keys("j", "H")
    tmux.wait_for("Your note")
    tmux.keys("Kept for the e2e test", "Enter")
    tmux.wait_for("1 highlight")
    tmux.keys("q")
    tmux.wait_for("reader-exit=0")
    exported = subprocess.run(
        [str(command), "highlights", "export", "--format", "markdown"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    flat = " ".join(exported.stdout.split())
    assert "## Welcome to reader" in exported.stdout and first[:60] in flat and "Kept for the e2e test" in flat, flat

    tmux.run("respawn-pane", "-k", "-t", "e2e", f"{command} {WELCOME}; sleep 60")
    screen = tmux.wait_for("Welcome to reader", "1 highlight")
    assert first[:30] in screen
    tmux.keys("m")
    tmux.wait_for("Kept for the e2e test")


def _long_page(folder: Path, parts: int = 1500) -> Path:
    """A page of about 3 MB (`parts` headings with their paragraphs): several seconds of
    conversion, long enough to be closed while it loads."""
    paragraph = "<p>" + "A sentence of the long page, written to take a while to convert. " * 30 + "</p>\n"
    body = "".join(f"<h2>Part {n}</h2>\n" + paragraph * 3 for n in range(1, parts + 1))
    page = folder / "long.html"
    page.write_text(f"<html><head><title>A long page</title></head><body>{body}</body></html>", "utf-8")
    return page


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent) of a process, None when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _descendants(root: int) -> set[int]:
    """The live (not zombie) processes started from `root`, at any depth."""
    parents: dict[int, int] = {}
    for path in Path("/proc").glob("[0-9]*"):
        stat = _stat(int(path.name))
        if stat is not None and stat[0] != "Z":
            parents[int(path.name)] = stat[1]
    found: set[int] = set()
    while added := {pid for pid, parent in parents.items() if (parent == root or parent in found) and pid not in found}:
        found |= added
    return found


def _wait_gone(pids: set[int], what: str, limit: float = 20.0) -> float:
    """Seconds until none of `pids` lives (zombies count as gone)."""
    started = time.monotonic()
    while True:
        alive = {pid for pid in pids if _alive(pid)}
        if not alive:
            return time.monotonic() - started
        if time.monotonic() - started > limit:
            description = _describe(alive)
            for pid in alive:  # a failed test leaves no busy process behind
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"{what}: still running: {description}")
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _describe(pids: set[int]) -> str:
    return "; ".join(f"{pid} {Path(f'/proc/{pid}/cmdline').read_bytes()[:80]!r}" for pid in sorted(pids))


def _loading(tmux: Tmux, page: Path, tail: str, prefix: str = "") -> set[int]:
    """Start the reader on `page` (a reading place saved in the library beforehand) and wait
    until it shows the article loading: the reader's processes then."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc to find the processes in")
    from reader.library import Library
    from reader.model import Position

    with Library.open() as library:
        stand_in = load_text("# A long page\n\nFirst.\n\nSecond.\n\nThird.\n", "text/markdown", source=str(page))
        entry = library.record_open(stand_in)
        library.save_position(entry.id, Position(2, 0), 1.0)
    tmux.start(f"READER_NO_CACHE=1 {prefix}{command} {page}; {tail}")
    tmux.wait_for("loading…")  # the article is arriving: the conversion child is at work
    shell = int(tmux.run("list-panes", "-t", "e2e", "-F", "#{pane_pid}").strip())
    processes = _descendants(shell)
    assert len(processes) >= 2, _describe(processes)  # the reader and its conversion's child at least
    return processes


def _place_kept(page: Path) -> None:
    from reader.library import Library

    with Library.open() as library:
        entry = library.find(str(page))
    assert entry is not None and entry.position.block == 2, entry


@pytest.mark.parametrize("prefix", ["", "setsid "], ids=["sighup", "no-sighup"])
def test_closing_the_terminal_while_a_long_article_loads_ends_every_process(
    tmux: Tmux, tmp_path: Path, prefix: str
) -> None:
    """A closed tmux session while a long article converts: the reader must end within
    seconds, its conversion child with it, and keep the reading place saved before. Started
    by `setsid`, the reader is outside the terminal's session and gets no SIGHUP: it sees
    the terminal's end only as EOF and EIO. It used to spin on the EOF forever, busy, its UI
    thread blocked on the output queue of a writer thread that had died on the EIO."""
    if prefix and shutil.which("setsid") is None:
        pytest.skip("setsid is not installed")
    page = _long_page(tmp_path)
    processes = _loading(tmux, page, "sleep 30", prefix)
    tmux.run("kill-session", "-t", "e2e")
    _wait_gone(processes, "after the terminal closed")
    _place_kept(page)


def test_sigterm_while_a_long_article_loads_ends_it_and_gives_the_terminal_back(tmux: Tmux, tmp_path: Path) -> None:
    page = _long_page(tmp_path)
    processes = _loading(tmux, page, "echo reader-exit=$?; sleep 30")
    shell = int(tmux.run("list-panes", "-t", "e2e", "-F", "#{pane_pid}").strip())
    reader = next(
        pid for pid in processes if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(shell)
    )
    os.kill(reader, signal.SIGTERM)
    _wait_gone(processes, "after SIGTERM")
    screen = tmux.wait_for("reader-exit=")
    assert "A long page" not in screen, screen  # the shell's screen, not the app's
    _place_kept(page)
