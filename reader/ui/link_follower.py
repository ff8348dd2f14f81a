"""Links in the reading screen: `f` lists them, a click or a choice follows one, `o` hands
the current one (or the article) to the system browser, ctrl+o asks for one to open.

Where a link goes is decided by `reader.source.links`: a jump within the article, another
article opened in the reader, the system browser, or a refusal with its reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.model import HEADER
from reader.ui import messages

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.ui.presenter import Presenter

OpenSource = Callable[[str, str], None]
"""Open a source in the reader, at a fragment (`ReadingScreen.open_source`)."""


class LinkFollower:
    """Follows the links of the article a presenter shows."""

    def __init__(
        self, screen: Screen[Any], presenter: Presenter, open_source: OpenSource, jump: Callable[[int], None]
    ) -> None:
        """`jump(block)`: go to a block of this article, as a jump (Backspace comes back)."""
        self._screen = screen
        self._presenter = presenter
        self._open_source = open_source
        self._jump = jump

    def ask_and_open(self) -> None:
        """ctrl+o: ask for a file or a web address, and open it."""
        from reader.source.links import is_web_url
        from reader.ui.dialogs import OpenScreen

        def chosen(source: str | None) -> None:
            if source:
                self._open_source(source if is_web_url(source) else os.path.expanduser(source), "")

        self._screen.app.push_screen(OpenScreen(), chosen)

    def choose(self) -> None:
        """`f`: list the article's links, then its pictures; a link chosen is followed, a
        picture opens in the system's viewer."""
        article = self._presenter.article
        if article is None or not (article.links or article.images):
            self._screen.notify("This article has no links.")
            return
        article_links, pictures = list(article.links), list(article.images)

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(article_links):
                self.follow(article_links[index].href)
            elif index is not None and 0 <= index - len(article_links) < len(pictures):
                self.open_picture(pictures[index - len(article_links)].src)

        from reader.ui.dialogs import LinksScreen

        self._screen.app.push_screen(LinksScreen(article_links, pictures), chosen)

    def follow(self, href: str) -> None:
        """Follow a link as `reader.source.links` decides: jump, open in the reader, or refuse."""
        from reader.source import links

        presenter = self._presenter
        article = presenter.article
        if article is None:
            return
        if href in {image.src for image in article.images} or links.names_picture(href):
            self.open_picture(href)
            return
        source = article.metadata.source or presenter.source
        decision = links.decide(href, source, presenter.base_url or "", os.getcwd())
        presenter.current_link = href
        if decision.action is links.Action.ANCHOR:
            block = article.anchor_block(decision.fragment) if decision.fragment else HEADER
            if block is None:
                self._screen.notify(f"No section #{decision.fragment} in this article.", severity="warning")
            else:
                self._jump(block)
        elif decision.action is links.Action.OPEN:
            self._open_source(decision.target, decision.fragment)
        elif decision.action is links.Action.SYSTEM:
            self._screen.post_message(messages.OpenInBrowser(decision.target))
        else:
            self._screen.notify(f"Not followed: {decision.reason}.", severity="warning")

    def open_picture(self, src: str) -> None:
        """A picture opens in the system's viewer, never as an article."""
        from reader.source import links

        presenter = self._presenter
        if presenter.article is None:
            return
        source = presenter.article.metadata.source or presenter.source
        url = links.browser_url(src, source, presenter.base_url or "", os.getcwd())
        if url is None:
            self._screen.notify("This picture cannot be opened from here.", severity="warning")
            return
        self._screen.post_message(messages.OpenInBrowser(url))

    def open_in_browser(self) -> None:
        """`o`: the link followed last, or else the article, in the system browser."""
        from reader.source import links

        presenter = self._presenter
        if presenter.article is None:
            return
        source = presenter.article.metadata.source or presenter.source
        if presenter.current_link:
            url = links.browser_url(presenter.current_link, source, presenter.base_url or "", os.getcwd())
        else:
            url = links.article_url(source, presenter.base_url or "")
        if url is None:
            self._screen.notify("There is nothing here a browser can open.", severity="warning")
            return
        self._screen.post_message(messages.OpenInBrowser(url))
