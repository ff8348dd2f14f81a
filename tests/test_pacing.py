"""A key's scroll is drawn before the next part of an arriving article is taken in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.ui.messages import BlocksArrived, LoadFinished, LoadMessage
from reader.ui.pacing import InputFirst


class Frames:
    """Stands in for the screen: what is to run after its next frame, run by `draw`."""

    def __init__(self) -> None:
        self.after: list[Callable[[], Any]] = []

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any) -> bool:
        self.after.append(lambda: callback(*args))
        return True

    def draw(self) -> None:
        waiting, self.after = self.after, []
        for callback in waiting:
            callback()


def test_a_part_after_a_move_waits_for_the_frame_of_the_move() -> None:
    frames = Frames()
    top = [0]
    taken: list[LoadMessage] = []
    pacer = InputFirst(frames, lambda: top[0], taken.append)  # type: ignore[arg-type]
    first, second, third = BlocksArrived(1, []), BlocksArrived(1, []), BlocksArrived(1, [])
    pacer.receive(first)
    assert taken == [first]
    frames.draw()
    pacer.receive(second)  # nothing moved since the frame: taken in at once
    assert taken == [first, second]
    frames.draw()
    top[0] = 1  # a key scrolled the view; its frame is not drawn yet
    pacer.receive(third)
    assert taken == [first, second], "the part was taken in before the scroll was drawn"
    frames.draw()
    assert taken == [first, second, third]
    top[0] = 2
    finished = LoadFinished(1)
    pacer.receive(finished)  # only parts wait
    assert taken[-1] is finished
