"""The exceptions the pipeline raises for anything a user can cause."""

from __future__ import annotations


class ReaderError(Exception):
    """A failure with a reason fit for one line on screen: bad path, URL, encoding or page.

    The command line prints it as `reader: error: <reason>`; the app shows it on an error
    screen. Anything else escaping the pipeline is a bug.
    """


def as_reader_error(error: BaseException) -> ReaderError:
    """`error` when it is a `ReaderError`; anything else is a bug in a stage, reported in one
    line as an `internal error` with its class and message (the command line, the app's error
    screen, a conversion's process telling the one that reads it)."""
    if isinstance(error, ReaderError):
        return error
    return ReaderError(f"internal error: {type(error).__name__}: {error}")


class UnsupportedContent(ReaderError):
    """The source is something other than an article (PDF, image, archive ...).

    Carries what the app needs to offer opening it in the system browser instead.
    """

    def __init__(self, message: str, *, url: str, media_type: str) -> None:
        super().__init__(message)
        self.url = url
        self.media_type = media_type


class NotText(ReaderError):
    """The bytes are binary data, whatever the file's name says (see `reader.source.binary`)."""

    def __init__(self, name: str = "") -> None:
        super().__init__(f"{name}: {NOT_TEXT}" if name else NOT_TEXT)


NOT_TEXT = "not a text document (binary data)"


class DownloadError(ReaderError):
    """A download that failed: the one-line message, and the reason in a word or two.

    `short` is what a picture that could not be fetched shows beside its alt text:
    the HTTP status (`404`), `too large`, `timed out`, `unreachable`, `redirects` ...
    """

    def __init__(self, message: str, *, short: str) -> None:
        super().__init__(message)
        self.short = short


class Cancelled(ReaderError):
    """The user cancelled a load (Esc while fetching)."""


class Interrupted(Cancelled):
    """The conversion's child ended by Ctrl-C: SIGINT reaches the terminal's whole foreground
    group, the child too, and its end may be read before this process's own KeyboardInterrupt
    is raised. The user's interrupt, not a failure: the command line exits as for Ctrl-C."""


INTERRUPTED = 130
"""The shell's status for a process ended by SIGINT."""
