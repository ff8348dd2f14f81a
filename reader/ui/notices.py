"""A notice that takes the place of the last one of its kind, instead of stacking under it.

A key that changes a setting step by step says where the setting is now: `+` pressed ten times
said ten column widths, stacked over half the text and the header's percentage, four of them
the same. Only the last says anything: each one of a kind removes the one before, if it still
shows. (Textual has no public way to take a notification back; the app's own list of them and
its removal, both kept since notifications came, do it.)
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.notifications import Notification, Notify

from reader.chars import strip_controls

_shown: WeakKeyDictionary[App[Any], dict[str, Notification]] = WeakKeyDictionary()
"""The last notice of each kind, by app."""


def notify_replacing(app: App[Any], kind: str, message: str, *, timeout: float) -> None:
    """Show `message` (plain text, as every notice of ours) in place of the last notice of `kind`."""
    notification = Notification(strip_controls(message), timeout=timeout, markup=False)
    last = _shown.setdefault(app, {}).get(kind)
    if last is not None and last in app._notifications:
        app._unnotify(last, refresh=False)  # shown again with the new one
    elif last is not None:
        last.timeout = 0  # still on its way (keys read together): it comes expired, and is not shown
    _shown[app][kind] = notification
    app.post_message(Notify(notification))
