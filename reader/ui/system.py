"""Handing a URL to the system: the browser, or the mail program for `mailto:`.

This is the one seam tests patch (`reader.ui.system.open_url`). In a terminal with no
graphical session, Python's `webbrowser` would start a text browser inside our own
screen, so only a graphical opener is used; with none, the caller shows the URL instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def open_url(url: str) -> bool:
    """Open `url` in the system's handler; False when there is none to hand it to."""
    if sys.platform == "darwin":
        command = ["open", url]
    elif sys.platform == "win32":
        try:
            os.startfile(url)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    else:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return False
        opener = shutil.which("xdg-open")
        if opener is None:
            return False
        command = [opener, url]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
