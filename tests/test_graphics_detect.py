"""Which way pictures are drawn: the terminal's name, its answer to the graphics query (a
pseudo-terminal plays the terminal), tmux, and the choice that overrides them."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator

import pytest

from reader.layout import kitty
from reader.layout.pictures import Graphics
from reader.ui.graphics import Terminal, ask_terminal, detect, draws_placeholders, read_answer
from tests.conftest import SAMPLES

OK = b"\x1b_Gi=31;OK\x1b\\"
DEVICE = b"\x1b[?62;22c"


def never_asked() -> bool:
    raise AssertionError("the terminal was asked")


@pytest.mark.parametrize("choice", ["kitty", "blocks", "off"])
def test_a_choice_overrides_detection(choice: str) -> None:
    env = {"TERM": "xterm-kitty"}
    assert detect(choice, env, ask=never_asked) == Terminal(Graphics(choice))
    assert detect(choice, env | {"TMUX": "/tmp/tmux-0/default,1,0"}, ask=never_asked).tmux


def test_other_terminals_get_half_blocks_without_being_asked() -> None:
    for env in ({"TERM": "xterm-256color"}, {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, {}):
        assert detect("auto", env, ask=never_asked) == Terminal(Graphics.BLOCKS)


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-kitty"},
        {"TERM": "xterm-ghostty"},
        {"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"},
        {"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"},
    ],
)
def test_kitty_and_ghostty_are_asked_and_their_answer_decides(env: dict[str, str]) -> None:
    assert draws_placeholders(env)
    assert detect("auto", env, ask=lambda: True) == Terminal(Graphics.KITTY)
    assert detect("auto", env, ask=lambda: False) == Terminal(Graphics.BLOCKS)
    assert detect("auto", env, ask=lambda: None) == Terminal(Graphics.BLOCKS)


def test_inside_tmux_the_passthrough_option_decides() -> None:
    env = {"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/t,1,0", "KITTY_WINDOW_ID": "1"}
    assert detect("auto", env, ask=never_asked, tmux_passthrough=lambda: True) == Terminal(Graphics.KITTY, tmux=True)
    assert detect("auto", env, ask=never_asked, tmux_passthrough=lambda: False) == Terminal(Graphics.BLOCKS, tmux=True)
    plain = {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}
    assert detect("auto", plain, ask=never_asked, tmux_passthrough=never_asked) == Terminal(Graphics.BLOCKS, tmux=True)


def test_answers_are_read_as_they_come() -> None:
    assert read_answer(b"") is None
    assert read_answer(OK[:5]) is None
    assert read_answer(OK + DEVICE) is True
    assert read_answer(DEVICE) is False
    assert read_answer(b"\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\" + DEVICE) is False


@pytest.fixture
def terminal() -> Iterator[tuple[int, str]]:
    """A pseudo-terminal: the test answers on the master side what the program writes to
    the slave side, as a terminal would."""
    master, slave = pty.openpty()
    try:
        yield master, os.ttyname(slave)
    finally:
        os.close(master)
        os.close(slave)


def answer_with(master: int, reply: bytes) -> tuple[threading.Thread, list[bytes]]:
    heard: list[bytes] = []

    def terminal() -> None:
        data = b""
        while not data.endswith(kitty.DEVICE_ATTRIBUTES.encode()):
            ready, _, _ = select.select([master], [], [], 5)
            if not ready:
                return
            data += os.read(master, 1024)
        heard.append(data)
        if reply:
            os.write(master, reply)

    thread = threading.Thread(target=terminal, daemon=True)
    thread.start()
    return thread, heard


@pytest.mark.parametrize(("reply", "expected"), [(OK + DEVICE, True), (DEVICE, False), (b"", None)])
def test_the_terminal_is_asked_once_and_left_as_it_was(
    terminal: tuple[int, str], reply: bytes, expected: bool | None
) -> None:
    master, path = terminal
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    before = termios.tcgetattr(fd)
    thread, heard = answer_with(master, reply)
    assert ask_terminal(path, timeout=0.5 if reply else 0.2) is expected
    thread.join(5)
    assert heard == [kitty.query().encode()]
    assert termios.tcgetattr(fd) == before  # raw mode undone
    os.close(fd)


def test_dump_never_writes_escapes_even_in_a_kitty_terminal(terminal: tuple[int, str]) -> None:
    master, path = terminal
    env = os.environ | {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}
    with open(path, "wb") as out:  # stdout is a terminal, as when a person runs it
        command = [sys.executable, "-m", "reader", str(SAMPLES / "welcome.md"), "--dump", "--width", "60"]
        process = subprocess.Popen(command, stdout=out, stdin=subprocess.DEVNULL, env=env)
    written = b""
    while process.poll() is None or select.select([master], [], [], 0.2)[0]:
        if select.select([master], [], [], 0.2)[0]:
            written += os.read(master, 65536)
    assert process.wait(60) == 0
    assert b"Welcome to reader" in written
    assert b"\x1b_G" not in written and b"\x1b[c" not in written


def test_the_app_gets_the_choice_and_the_terminal_found_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--images off` still finds out the terminal (so `i` can turn pictures on), without asking
    one that is not kitty or Ghostty."""
    from reader.ui.launch import picture_options

    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("TERM_PROGRAM", "KITTY_WINDOW_ID", "GHOSTTY_RESOURCES_DIR", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    off = picture_options("off", 7)
    assert (off.on, off.terminal.graphics, off.max_rows) == (False, Graphics.BLOCKS, 7)
    assert picture_options("kitty", 0).terminal.graphics is Graphics.KITTY
    assert picture_options("auto", 0).on
