"""The terminal driver's input thread: keys, escape sequences and a lone Esc come through in
order, and a lone Esc does not wait for the thread's regular look at the app (every 0.1 s)."""

from __future__ import annotations

import os
import threading

from textual import constants, events
from textual._xterm_parser import XTermParser
from textual.app import App
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
    recording.take_input()  # as the app does once its first frame is out
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
