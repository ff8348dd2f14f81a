"""Which way the terminal can draw pictures: decided once, before the app starts.

Half-blocks work in every colour terminal; Kitty's Unicode placeholders are much sharper but
only kitty and Ghostty draw them (WezTerm and Konsole know the graphics protocol, not the
placeholders). So the terminal's name decides first (`TERM`, `TERM_PROGRAM` and the variables
kitty and Ghostty set), and only a terminal named so is asked: the graphics query followed by
a device-attributes request, which every terminal answers, so a terminal that does not know
the protocol is found out at once instead of at a timeout. Inside tmux the query would need
tmux to hand the answer back, so there the outer terminal's variables and tmux's
`allow-passthrough` option decide. Nothing is asked under `--dump`, whose output must stay
free of escapes: only the app calls `detect`.

`--images` or the `images` setting (`kitty`, `blocks`, `off`) skips the detection.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import termios
import time
import tty
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reader.layout import kitty
from reader.layout.pictures import Graphics

QUERY_TIMEOUT = 0.3
"""Seconds to wait for the terminal's answers; kitty and Ghostty answer in a millisecond."""

_GRAPHICS_OK = re.compile(rb"\x1b_Gi=31;OK\x1b\\")
_DEVICE_ATTRIBUTES = re.compile(rb"\x1b\[\?[0-9;]*c")


@dataclass(frozen=True, slots=True)
class Terminal:
    """How this terminal draws pictures, found once before the app starts."""

    graphics: Graphics
    tmux: bool = False
    """Escapes for the outer terminal go through tmux's passthrough."""


def detect(
    choice: str = "auto",
    env: Mapping[str, str] | None = None,
    *,
    ask: Callable[[], bool | None] | None = None,
    tmux_passthrough: Callable[[], bool] | None = None,
) -> Terminal:
    """The way to draw pictures for `choice` (one of `IMAGE_CHOICES`) in the terminal `env` describes.

    `ask` queries the terminal (default: `ask_terminal` on /dev/tty) and `tmux_passthrough`
    reads tmux's option; tests pass their own.
    """
    env = os.environ if env is None else env
    in_tmux = bool(env.get("TMUX"))
    if choice != "auto":
        return Terminal(Graphics(choice), in_tmux)
    if not draws_placeholders(env):
        return Terminal(Graphics.BLOCKS, in_tmux)
    if in_tmux:
        passthrough = (tmux_passthrough or _tmux_passthrough)()
        return Terminal(Graphics.KITTY if passthrough else Graphics.BLOCKS, True)
    answered = (ask or ask_terminal)()
    return Terminal(Graphics.KITTY if answered else Graphics.BLOCKS)


def draws_placeholders(env: Mapping[str, str]) -> bool:
    """Whether the terminal says it is kitty or Ghostty (inside tmux: the one tmux runs in,
    by the variables it left behind)."""
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "").lower()
    return (
        term in ("xterm-kitty", "xterm-ghostty")
        or program == "ghostty"
        or bool(env.get("KITTY_WINDOW_ID"))
        or bool(env.get("GHOSTTY_RESOURCES_DIR"))
    )


def read_answer(data: bytes) -> bool | None:
    """What the terminal's answers so far say: True (it drew the test picture), False (it
    answered device attributes only), None (nothing conclusive yet)."""
    if _GRAPHICS_OK.search(data):
        return True
    if _DEVICE_ATTRIBUTES.search(data):
        return False
    return None


def ask_terminal(path: str = "/dev/tty", timeout: float = QUERY_TIMEOUT) -> bool | None:
    """Send the graphics query to the terminal at `path` and read its answers (raw mode, for
    at most `timeout` seconds). None when there is no terminal to ask or it stays silent."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    try:
        saved = termios.tcgetattr(fd)
    except termios.error:
        os.close(fd)
        return None
    try:
        tty.setraw(fd, termios.TCSANOW)
        os.write(fd, kitty.query().encode("ascii"))
        return _read_answers(fd, time.monotonic() + timeout)
    except OSError:
        return None
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSAFLUSH, saved)
        os.close(fd)


def _read_answers(fd: int, deadline: float) -> bool | None:
    data = b""
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 1024)
        if not chunk:
            break
        data += chunk
        answer = read_answer(data)
        if answer is not None:
            return answer
    return None


def _tmux_passthrough() -> bool:
    """Whether tmux lets escapes through to the outer terminal (`allow-passthrough on`)."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gqv", "allow-passthrough"],
            capture_output=True,
            text=True,
            timeout=1.0,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.stdout.strip() in ("on", "all")
