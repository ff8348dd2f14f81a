"""The garbage collector and a long article: full collections that never scan the article.

A full collection scans every object the collector tracks, and CPython runs one each time
the objects that survived the younger collections grew by a quarter: while a long article
arrives, that is a dozen times, each on the UI thread and each longer than the last (a 25 MB
page ended with 410,000 objects scanned in 190 ms of CPU; at 2.5 MB, 100,000 in 45 ms, half
the time a key may wait). What they scan is almost all long-lived: the modules, Textual's
widgets and styles, and the article's blocks and layout, which live as long as the article.

So the collector is told to leave them alone (`gc.freeze`: they move to a generation it
never scans): what start-up made, at the first frame (`launch` pauses the collector until
then), each thousand blocks of an arriving article, and each thousand laid out between keys
once it is whole (`reader.ui.settler`: a `]` on a 25 MB page waited for full collections of
the lines laid out so far: medians of 46-57 ms, 31-45 ms since), after a collection of the young
generations, so that young garbage is not kept with them. A full collection then scans only
what came since. What was kept and dies without a cycle is freed as ever (by its count of
references); what dies in a cycle stays until the next load starts (`renew`), which puts
everything back in the collector's view and collects it once, while the new article is
being fetched and converted and the screen waits for it anyway.

While an article arrives there are no full collections at all (their threshold is put out of
reach, then set back once it is whole or given up). Freezing keeps the blocks out of their
view, but not the rest of the screen's young objects: Textual's strips and their caches, 40,000
objects in the first seconds of a 25 MB page, which a full collection scanned in 40-50 ms of
CPU on the UI thread, once in every three seconds of keys (`benchmarks.stalls`). The young
generations are still collected, and each keep still collects the middle one first: only
cycles that outlived both wait, frozen with the rest, for the next load's `renew`.
"""

from __future__ import annotations

import gc

KEEP_EVERY = 1000
"""Blocks of an arriving article between two freezes (each costs a collection of the young
generations, a few milliseconds)."""
NEVER = 2**30
"""A threshold of collections of the middle generation that is never reached."""


class Collector:
    """When the app's long-lived objects are moved out of the collector's view."""

    def __init__(self) -> None:
        self._since = 0
        """Blocks arrived since the last freeze."""
        self._kept = False
        """Blocks were kept out of the collector's view since the last `renew`."""
        self._full: int | None = None
        """The threshold of full collections, put aside while an article arrives."""

    def first_frame(self) -> None:
        """The first frame is out: what start-up made stays, and the collector, paused by
        `launch` until now, runs again (a collector that was never paused, as in tests, is
        left as it is)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def arrived(self, blocks: int) -> None:
        """`blocks` of an article arrived and were taken in: no full collection until it is
        whole (`done`)."""
        if self._full is None:
            young, middle, self._full = gc.get_threshold()
            gc.set_threshold(young, middle, NEVER)
        self._count(blocks)

    def done(self) -> None:
        """The article is whole, or given up: full collections as ever. When it was long
        enough to be kept, what arrived since the last keep is kept too, or the first of them
        would scan it all at once, now. A short one (fewer than `KEEP_EVERY` blocks) is left in
        view: a full collection scans it in no time, and kept, it would cost the next load a
        collection of everything (`renew`), a tenth of a second on a large heap."""
        if self._full is None:
            return
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, self._full)
        self._full = None
        if self._kept:
            self._keep()
        self._since = 0

    def laid_out(self, blocks: int) -> None:
        """`blocks` of a whole article were laid out between keys (`reader.ui.settler`): their
        lines are kept out of full collections' view as an arriving article's blocks are, each
        `KEEP_EVERY` blocks. Full collections stay on: the laying out can stop at any time (a
        new article, the screen closed), with no `done` to come."""
        self._count(blocks)

    def _count(self, blocks: int) -> None:
        """`blocks` more since the last keep: each `KEEP_EVERY`, a keep."""
        self._since += blocks
        if self._since >= KEEP_EVERY:
            self._keep()

    def _keep(self) -> None:
        """Young garbage collected, and all that is left kept out of full collections' view."""
        self._since = 0
        if gc.isenabled():
            self._kept = True
            gc.collect(1)
            gc.freeze()

    def renew(self) -> None:
        """A new load starts: after an article's blocks were kept, collect everything once,
        then keep what is left (all of it alive). Nothing otherwise (the first article: what
        start-up made was kept at the first frame, and nothing has died since)."""
        self._since = 0
        if self._kept and gc.isenabled():
            self._kept = False
            gc.unfreeze()
            gc.collect()
            gc.freeze()


COLLECTOR = Collector()
"""The process's one collector policy (the collector itself is one per process)."""
