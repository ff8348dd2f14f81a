"""The app's end on SIGHUP/SIGTERM (`reader.ui.hangup`) and the driver's word that the
terminal has gone (`reader.ui.driver`), without a terminal app: the end-to-end cases are in
tests/test_e2e_tmux.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.ui import hangup
from reader.ui.driver import _HangupWatch, _Output

STUCK = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from reader.ui.hangup import Stopper

    marks = Path(sys.argv[1])

    class Bookkeeper:
        def flush(self):
            marks.joinpath("flushed").touch()
        def wait(self, timeout):
            marks.joinpath("waited").touch()
            return True

    def note_places():
        marks.joinpath("noted").touch()

    # The loop never runs what it is asked to (a UI thread busy for good): only the
    # deadline can end the process.
    Stopper(lambda call: None, lambda: None, note_places, Bookkeeper(), None).install()
    os.kill(os.getpid(), signal.SIG{name})
    while True:
        time.sleep(0.05)
    """
)


@pytest.mark.parametrize("name", ["TERM", "HUP"])
def test_a_stop_signal_ends_the_process_even_when_the_loop_never_answers(tmp_path: Path, name: str) -> None:
    """The clean exit runs on the event loop; when that never happens, the deadline saves
    what it can and ends the process, with the signal's status, soon after `GRACE`."""
    marks = tmp_path / "marks"
    marks.mkdir()
    started = time.monotonic()
    command = [sys.executable, "-c", STUCK.format(name=name), str(marks)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    number = getattr(signal, f"SIG{name}")
    assert result.returncode == 128 + number, result.stderr
    assert {path.name for path in marks.iterdir()} == {"noted", "flushed", "waited"}
    assert took >= hangup.GRACE


def test_the_clean_exit_is_asked_for_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGHUP then SIGTERM (a closing terminal, then a shutdown): one exit asked, one deadline."""
    asked: list[object] = []
    started: list[object] = []

    def start(thread: threading.Thread) -> None:  # the deadline is not wanted here, only counted
        started.append(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    stopper = hangup.Stopper(asked.append, lambda: None, lambda: None, None, None)  # type: ignore[arg-type]
    stopper._handle(signal.SIGHUP, None)
    stopper._handle(signal.SIGTERM, None)
    assert len(asked) == 1
    assert len(started) == 1
    assert stopper.stopping


@pytest.fixture
def hangups() -> Iterator[threading.Event]:
    """SIGHUPs to this process, caught."""
    seen = threading.Event()
    before = signal.signal(signal.SIGHUP, lambda *_: seen.set())
    try:
        yield seen
    finally:
        signal.signal(signal.SIGHUP, before)


def _wait(event: threading.Event, limit: float = 10.0) -> bool:
    """Wait for `event`, letting the main thread run its signal handlers meanwhile."""
    deadline = time.monotonic() + limit
    while not event.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    return event.is_set()


def test_a_terminal_that_hangs_up_is_a_sighup(hangups: threading.Event) -> None:
    """The terminal closed with no SIGHUP sent to us: the watch sees its hang-up and says it."""
    master, slave = os.openpty()
    watch = _HangupWatch(slave)
    try:
        time.sleep(0.2)
        assert not hangups.is_set(), "a live terminal is no hang-up"
        os.close(master)
        assert _wait(hangups), "the hang-up was not seen"
    finally:
        watch.stop()
        os.close(slave)


def test_the_watch_stops_quietly(hangups: threading.Event) -> None:
    master, slave = os.openpty()
    watch = _HangupWatch(slave)
    watch.stop()
    os.close(master)
    os.close(slave)
    time.sleep(0.2)
    assert not hangups.is_set()


class _GoneTerminal:
    def __init__(self) -> None:
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def test_a_failed_write_is_a_sighup_and_the_writes_after_it_are_dropped(hangups: threading.Event) -> None:
    """Textual's output thread dies on a failed write, and the UI thread then blocks on its
    full queue: the failure is said once, and never raised."""
    terminal = _GoneTerminal()
    output = _Output(terminal)  # type: ignore[arg-type]
    output.write("frame")
    assert _wait(hangups)
    hangups.clear()
    output.write("another frame")
    output.flush()
    assert terminal.writes == 1
    time.sleep(0.1)
    assert not hangups.is_set()
