"""Textual's terminal driver, made to stay down once the app has stopped with it.

A terminal that closes sends SIGHUP and then SIGCONT. The app handles SIGHUP (it saves the
reading position, then quits), so the process lives on to see the SIGCONT, which Textual's
driver takes for the end of a ctrl+z suspension: it starts its terminal mode again, with a
new input thread. When that happened as the app was quitting, the thread outlived the app,
and the process never ended, spinning on the closed terminal. Here SIGCONT resumes only what
SIGTSTP (or `App.suspend`) suspended.
"""

from __future__ import annotations

from typing import Any

from textual.drivers.linux_driver import LinuxDriver


class ReaderDriver(LinuxDriver):
    _suspended = False

    def suspend_application_mode(self) -> None:
        self._suspended = True
        super().suspend_application_mode()

    def resume_application_mode(self) -> None:
        self._suspended = False
        super().resume_application_mode()

    def _sigcont_application(self, *args: Any) -> None:
        if self._suspended:
            super()._sigcont_application(*args)
