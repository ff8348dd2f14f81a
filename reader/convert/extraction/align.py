"""Two sequences of keys lined up in order: which items of the first have an equal partner in
the second, no two pairs crossing.

SequenceMatcher finds good alignments, but its search for the longest match is quadratic on
long sequences: a page of 2,000 headings whose extraction kept only the paragraphs took it
minutes (each match it found was one block long, and each search scanned the rest again), and
one that repeats a text thousands of times visits every pair of equal keys. So it aligns only
short sequences; longer ones are aligned as patience diff does it: keys found once in each
sequence are matched first, the longest chain of them in order is kept, and the gaps between
them are aligned the same way. A gap with no such key is aligned by SequenceMatcher when it is
short, and otherwise by its equal ends and a greedy match in order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from difflib import SequenceMatcher
from typing import NamedTuple

SHORT = 250_000
"""Sequences whose lengths multiply to this or less are aligned by SequenceMatcher."""


class _Gap(NamedTuple):
    """`keys[alo:ahi]` and `theirs[blo:bhi]`, still to be aligned."""

    alo: int
    ahi: int
    blo: int
    bhi: int


def matched(keys: list[str], theirs: list[str]) -> list[int]:
    """The indexes of `keys` matched, in order, with equal items of `theirs`."""
    found: list[int] = []
    gaps = [_Gap(0, len(keys), 0, len(theirs))]
    while gaps:
        gap = gaps.pop()
        if gap.alo == gap.ahi or gap.blo == gap.bhi:
            continue
        if (gap.ahi - gap.alo) * (gap.bhi - gap.blo) <= SHORT:
            found += _sequence_matcher(keys, theirs, gap)
            continue
        anchors = _unique_anchors(keys, theirs, gap)
        if not anchors:
            found += _ends_and_greedy(keys, theirs, gap)
            continue
        previous_a, previous_b = gap.alo, gap.blo
        for a, b in anchors:
            gaps.append(_Gap(previous_a, a, previous_b, b))
            found.append(a)
            previous_a, previous_b = a + 1, b + 1
        gaps.append(_Gap(previous_a, gap.ahi, previous_b, gap.bhi))
    return sorted(found)


def _sequence_matcher(keys: list[str], theirs: list[str], gap: _Gap) -> list[int]:
    alo, ahi, blo, bhi = gap
    matcher = SequenceMatcher(None, keys[alo:ahi], theirs[blo:bhi], autojunk=False)
    return [alo + start + offset for start, _, size in matcher.get_matching_blocks() for offset in range(size)]


def _unique_anchors(keys: list[str], theirs: list[str], gap: _Gap) -> list[tuple[int, int]]:
    """The longest chain, in order in both, of keys found exactly once in each range."""
    alo, ahi, blo, bhi = gap
    mine = Counter(keys[alo:ahi])
    where = {key: b for b, key in enumerate(theirs[blo:bhi], blo)}
    counts = Counter(theirs[blo:bhi])
    pairs = [(a, where[key]) for a, key in enumerate(keys[alo:ahi], alo) if mine[key] == 1 and counts[key] == 1]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of `pairs` (in order of their first item) whose second items increase."""
    tails: list[int] = []
    """The second item ending the best chain of each length so far."""
    ends: list[int] = []
    """Index in `pairs` of that chain's last pair."""
    before = [-1] * len(pairs)
    for index, (_, b) in enumerate(pairs):
        length = bisect_left(tails, b)
        if length == len(tails):
            tails.append(b)
            ends.append(index)
        else:
            tails[length] = b
            ends[length] = index
        before[index] = ends[length - 1] if length else -1
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _ends_and_greedy(keys: list[str], theirs: list[str], gap: _Gap) -> list[int]:
    """Equal keys at both ends, then each key in between with the first equal item after the
    last one matched."""
    alo, ahi, blo, bhi = gap
    found: list[int] = []
    while alo < ahi and blo < bhi and keys[alo] == theirs[blo]:
        found.append(alo)
        alo, blo = alo + 1, blo + 1
    tail: list[int] = []
    while alo < ahi and blo < bhi and keys[ahi - 1] == theirs[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
        tail.append(ahi)
    positions: dict[str, list[int]] = {}
    for b in range(blo, bhi):
        positions.setdefault(theirs[b], []).append(b)
    used = dict.fromkeys(positions, 0)
    last = blo - 1
    for a in range(alo, ahi):
        places = positions.get(keys[a])
        if places is None:
            continue
        next_one = bisect_right(places, last, lo=used[keys[a]])
        if next_one < len(places):
            used[keys[a]] = next_one + 1
            last = places[next_one]
            found.append(a)
    return found + tail[::-1]
