"""The one exception the pipeline raises for anything a user can cause."""

from __future__ import annotations


class ReaderError(Exception):
    """A failure with a reason fit for one line on screen: bad path, URL, encoding or page.

    The command line prints it as `reader: error: <reason>`; the app shows it on an error
    screen. Anything else escaping the pipeline is a bug.
    """
