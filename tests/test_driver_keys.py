"""The terminal driver's input thread: keys, escape sequences and a lone Esc come through in
order, a lone Esc does not wait for the thread's regular look at the app (every 0.1 s), and
keys typed before the app's first frame reach it once the frame is out."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator

import pytest
from textual import constants, events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from reader.ui import driver as driver_module
from reader.ui.driver import INPUT_WAIT, ReaderDriver
from tests.waiting import wait_for


class Recording(ReaderDriver):
    """The driver, reading a pipe, keeping the keys it reports."""

    def __init__(self, fileno: int) -> None:
        super().__init__(App())
        self.fileno = fileno
        self.keys: list[str] = []

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Key):
            self.keys.append(message.key)


async def test_keys_sequences_and_a_lone_escape_come_in_order() -> None:
    """(async: the driver is made inside a running event loop, as the app makes it)"""
    read, write = os.pipe()
    recording = Recording(read)
    thread = threading.Thread(target=recording.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(write, b"j\x1b")
        wait_for(lambda: recording.keys == ["j", "escape"], "j then Esc", timeout=10)
        os.write(write, b"\x1b[Ak")  # an arrow's sequence, in one write, then a key
        wait_for(lambda: recording.keys == ["j", "escape", "up", "k"], "up then k", timeout=10)
    finally:
        recording.exit_event.set()
        thread.join(5)
        os.close(write)
        os.close(read)
    assert not thread.is_alive()


def test_the_wait_for_input_ends_when_a_lone_escape_is_due() -> None:
    parser = XTermParser()
    assert driver_module._wait(parser) == INPUT_WAIT, "nothing pending: the regular wait"
    list(parser.feed("\x1b"))  # an Esc, or the start of a sequence: told apart by time
    assert 0 < driver_module._wait(parser) <= constants.ESCAPE_DELAY
    list(parser.feed("[A"))
    assert driver_module._wait(parser) == INPUT_WAIT


class Reaching(ReaderDriver):
    """The driver, reading a pipe; the keys it hands the app kept (through its own hold)."""

    def __init__(self, fileno: int) -> None:
        super().__init__(App())
        self.fileno = fileno
        self.sent: list[str] = []


@pytest.fixture
async def reaching(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[Reaching, int]]:
    """A driver reading a pipe in its input thread (made in a running event loop, as the app
    makes it); the pipe's write end."""

    def sent(driver: Reaching, message: Message) -> None:
        if isinstance(message, events.Key):
            driver.sent.append(message.key)

    monkeypatch.setattr(LinuxDriver, "process_message", sent)
    read, write = os.pipe()
    driver = Reaching(read)
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        yield driver, write
    finally:
        driver.exit_event.set()
        thread.join(5)
        os.close(write)
        os.close(read)


async def test_keys_typed_before_the_first_frame_reach_the_app_after_it_as_typed(
    reaching: tuple[Reaching, int],
) -> None:
    """Held back as events, not bytes: an Esc and a `G` typed ahead a moment apart stay two
    keys (read together later, they would parse as alt+G)."""
    driver, write = reaching
    os.write(write, b"\x1b")
    wait_for(lambda: len(driver._held or []) == 1, "the Esc, parsed and held", timeout=10)
    os.write(write, b"G")
    wait_for(lambda: len(driver._held or []) == 2, "the G, parsed and held", timeout=10)
    assert driver.sent == []
    driver.take_input()  # the app's first frame is out
    assert driver.sent == ["escape", "G"]
    os.write(write, b"j")
    wait_for(lambda: driver.sent == ["escape", "G", "j"], "a key typed after the first frame", timeout=10)


async def test_keys_typed_ahead_reach_the_app_after_the_hold_limit_without_a_first_frame(
    reaching: tuple[Reaching, int],
) -> None:
    driver, write = reaching
    driver._hold_ends = 0.0  # long past
    os.write(write, b"q")
    wait_for(lambda: driver.sent == ["q"], "the q, once the hold has run out", timeout=10)
