"""Keys typed while the app starts: not echoed onto the shell's screen, kept for the app,
and the terminal's echo back as it was once the app has gone (`reader.ui.typeahead`)."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from reader.ui import typeahead
from tests.conftest import SAMPLES
from tests.waiting import wait_for


def echoes(fd: int) -> bool:
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def test_hold_turns_the_echo_off_keeps_what_is_typed_and_release_turns_it_back_on() -> None:
    master, slave = os.openpty()
    try:
        assert echoes(slave)
        typeahead.hold(slave)
        assert not echoes(slave)
        assert typeahead.settings_before() is not None and typeahead.settings_before()[3] & termios.ECHO
        os.write(master, b"q\n")
        assert not select.select([master], [], [], 0.2)[0], "the key was echoed"
        assert os.read(slave, 10) == b"q\n"  # kept for whoever reads the terminal
        typeahead.release()
        assert echoes(slave) and typeahead.settings_before() is None
    finally:
        os.close(master)
        os.close(slave)


class Terminal:
    """The real command in a pseudo-terminal, what it writes kept (and read, so that it never
    blocks on a full terminal)."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        env = {**os.environ, "READER_NO_CACHE": "1", "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        command = [sys.executable, "-m", "reader", str(SAMPLES / "welcome.md")]
        self.child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.written = b""

    def read_until(self, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 60
        while not check():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            if select.select([self.master], [], [], 0.02)[0]:
                try:
                    self.written += os.read(self.master, 65536)
                except OSError:  # the terminal's other end has closed
                    time.sleep(0.02)

    def close(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        os.close(self.master)


def test_a_key_typed_before_the_app_starts_is_read_by_it_and_never_echoed() -> None:
    """`q` typed as soon as the launch has turned the echo off (long before Textual has
    started): the app reads it and quits, nothing of it shows, and the echo is on again after."""
    terminal = Terminal()
    try:
        wait_for(lambda: not echoes(terminal.master), "the launch to turn the echo off", timeout=30)
        os.write(terminal.master, b"q")
        terminal.read_until(lambda: terminal.child.poll() is not None, "the app to read the q typed before it started")
        assert terminal.child.returncode == 0
        assert echoes(terminal.master), "the echo stays off after the app"
        before_the_app = terminal.written.split(b"\x1b[?1049h")[0]
        assert b"q" not in before_the_app, before_the_app
    finally:
        terminal.close()


def test_a_search_typed_before_the_first_frame_opens_with_its_query() -> None:
    """`/` and a query typed as the app starts wait for its first frame, where the reading pane
    has its article: the search opens and finds the query. Read at once, `/` reached the app
    before the article and was lost, and the query's letters ran as the pane's keys."""
    terminal = Terminal()
    try:
        wait_for(lambda: not echoes(terminal.master), "the launch to turn the echo off", timeout=30)
        os.write(terminal.master, b"/contents")
        found = re.compile(rb"\d+/\d+ matches")
        terminal.read_until(lambda: found.search(terminal.written) is not None, "the search to find what was typed")
    finally:
        terminal.close()


def test_ctrl_z_suspends_the_app_with_the_echo_on() -> None:
    """ctrl+z gives the shell the terminal as it was before the command, echo and all; `fg`
    (SIGCONT) gives it back to the app."""
    terminal = Terminal()
    try:
        terminal.read_until(lambda: b"Welcome to reader" in terminal.written, "the first screen")
        os.write(terminal.master, b"\x1a")
        terminal.read_until(lambda: stopped(terminal.child.pid), "the app to stop")
        assert echoes(terminal.master)
        os.kill(terminal.child.pid, signal.SIGCONT)
        terminal.read_until(lambda: not echoes(terminal.master), "the app to take the terminal again")
        os.write(terminal.master, b"q")
        terminal.read_until(lambda: terminal.child.poll() is not None, "the app to quit")
        assert terminal.child.returncode == 0 and echoes(terminal.master)
    finally:
        terminal.close()


def stopped(pid: int) -> bool:
    """Whether process `pid` is stopped (state T in /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "T"


def test_sigterm_while_the_app_starts_leaves_the_echo_on() -> None:
    """Before the app handles SIGTERM itself, the launch's handler puts the terminal back."""
    terminal = Terminal()
    try:
        wait_for(lambda: not echoes(terminal.master), "the launch to turn the echo off", timeout=30)
        terminal.child.terminate()
        terminal.read_until(lambda: terminal.child.poll() is not None, "the command to end")
        assert echoes(terminal.master)
    finally:
        terminal.close()


ENDED_WHILE_HELD = """
import os, signal, sys
from reader.ui import typeahead
typeahead.hold(int(sys.argv[1]))
typeahead.also_undo(lambda: open(sys.argv[2], "w").write("undone"))
os.kill(os.getpid(), signal.SIGTERM)
signal.pause()
"""


def test_a_signal_in_the_start_up_undoes_what_the_driver_did_too(tmp_path: Path) -> None:
    """Once Textual's driver has taken the terminal (the alternate screen, the mouse) and before
    the app handles SIGTERM, the launch's handler has the driver put the terminal back too."""
    master, slave = os.openpty()
    marker = tmp_path / "undone"
    try:
        command = [sys.executable, "-c", ENDED_WHILE_HELD, str(slave), str(marker)]
        done = subprocess.run(command, pass_fds=(slave,), timeout=60, check=False)
        assert done.returncode == -signal.SIGTERM
        assert marker.read_text() == "undone"
        assert echoes(master)
    finally:
        os.close(master)
        os.close(slave)
