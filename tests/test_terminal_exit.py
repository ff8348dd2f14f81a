"""The real command in a pseudo-terminal: the process ends when it should, whatever signals
the terminal sends on the way out."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

from tests.conftest import SAMPLES, reader_command

WELCOME = SAMPLES / "welcome.md"


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    output = b""
    deadline = time.monotonic() + timeout
    while needle not in output:
        assert time.monotonic() < deadline, f"{needle!r} never shown: {output[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            output += os.read(fd, 65536)
    return output


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals only")
@pytest.mark.parametrize("delay", [0.0, 0.15, 0.25])
def test_a_terminal_closing_while_the_app_quits_ends_the_process(delay: float) -> None:
    """A closing terminal sends SIGHUP and then SIGCONT. Textual's driver answers SIGCONT by
    starting its terminal mode again, with a new input thread; arriving while the app quit,
    that thread outlived the app and kept the process alive, spinning on the closed terminal."""
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env |= {"TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:  # the child, on the pty as its controlling terminal
        os.execve(str(command), [str(command), str(WELCOME)], env)
    try:
        _read_until(fd, b"Welcome to reader", timeout=20)
        os.write(fd, b"q")
        time.sleep(delay)
    finally:
        os.close(fd)  # the terminal goes away: the kernel sends SIGHUP, then SIGCONT
    deadline = time.monotonic() + 10
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError("the reader was still running 10 s after its terminal closed")
        time.sleep(0.05)


async def test_sigcont_resumes_only_a_suspended_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """The race above is narrow (tens of milliseconds, once in a few closes): the rule that
    prevents it is checked here directly."""
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    from reader.ui.driver import ReaderDriver

    started: list[str] = []
    monkeypatch.setattr(LinuxDriver, "start_application_mode", lambda self: started.append("start"))
    monkeypatch.setattr(LinuxDriver, "stop_application_mode", lambda self: None)
    monkeypatch.setattr(LinuxDriver, "close", lambda self: None)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTSTP, signal.SIGCONT)}
    try:
        driver = ReaderDriver(App())
        driver._sigcont_application()  # a closing terminal's SIGCONT: the app stays down
        assert started == []
        driver.suspend_application_mode()  # SIGTSTP, or App.suspend
        driver._sigcont_application()
        assert started == ["start"]
        driver._sigcont_application()  # resumed already: a second SIGCONT starts nothing
        assert started == ["start"]
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
