"""The extraction vote on pages of thousands of blocks (issue 10: every stage linear or close).

Reading trafilatura's choice back used to be quadratic twice over: SequenceMatcher searched the
rest of the page again for each block it matched (a page of 2,000 headings whose extraction kept
only the paragraphs: 15 s of CPU; 20,000 headings: minutes), and each short block was looked
for in the whole of trafilatura's text. Each case runs in a child process under a CPU-time
limit far above what the work costs now (a hang guard, not a timing), and checks the answer.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import textwrap

import pytest

from reader.convert.extraction.align import matched

CPU_GUARD = 60
"""Seconds of CPU after which the child is stopped: minutes of work before, a second now."""


def _run_limited(code: str) -> str:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_GUARD, CPU_GUARD))

    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, preexec_fn=limit, timeout=600, check=False
    )
    assert result.returncode == 0, (result.returncode, result.stderr.decode()[-2000:])
    return result.stdout.decode().strip()


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # 20,000 headings with a paragraph each; trafilatura kept the paragraphs but the first.
        ('"".join(f"<h3>Heading {n}</h3><p>Paragraph {n} says a few words.</p>" for n in range(20_000))', "19999"),
        # one paragraph 20,000 times; trafilatura kept all of them but the first.
        ('"<p>Same words in every paragraph here.</p>" * 20_000', "19999"),
    ],
    ids=["headings", "repeated-paragraph"],
)
def test_reading_trafilatura_back_stays_linear(page: str, expected: str) -> None:
    """`page` is the expression that builds the page in the child."""
    out = _run_limited(
        f"""
        from lxml import etree, html
        from reader.convert.extraction.blocks import cut
        from reader.convert.extraction.votes import trafilatura_kept

        page = {page}
        blocks = cut(html.fromstring("<html><body>" + page + "</body></html>").find("body"))
        paragraphs = [block for block in blocks if block.tag == "p"][1:]
        body = etree.Element("body")
        for block in paragraphs:
            etree.SubElement(body, "p").text = block.text
        kept = trafilatura_kept(blocks, body)
        assert all(block.index in kept for block in paragraphs[:100] + paragraphs[-100:])
        print(len(kept & {{block.index for block in paragraphs}}))
        """
    )
    assert out == expected


def test_matched_pairs_are_equal_keys_in_order() -> None:
    """Long sequences (past SequenceMatcher's share) align as well, in order, as short ones."""
    rng = random.Random(14)
    for _ in range(50):
        keys = [rng.choice("abcdefghijklmnopqrstuvwxyz") + str(rng.randrange(40)) for _ in range(rng.randrange(1200))]
        theirs = [key for key in keys if rng.random() < 0.7]
        found = matched(keys, theirs)
        assert found == sorted(set(found))
        position = 0
        for index in found:  # each matched key has an equal partner after the last partner
            while theirs[position] != keys[index]:
                position += 1
            position += 1
        assert len(found) >= 0.9 * len(theirs)


def test_the_page_signals_of_the_vote_stay_linear() -> None:
    """A block's card is looked for in the small boxes around it only: 3,000 disputed
    paragraphs with a link each, in one box, took a minute of CPU when each asked for every link
    of that box; a paragraph of 5,000 linked pictures in one span is asked once."""
    out = _run_limited(
        """
        from lxml import html
        from reader.convert.extraction.blocks import cut
        from reader.convert.extraction.cards import drop_inline_cards
        from reader.convert.extraction.decide import Signals, Votes, decide

        n = 3_000
        body = "".join(f"<p>Sentence {i} of the story, words enough. <a href='/x{i}'>link</a></p>" for i in range(n))
        blocks = cut(html.fromstring("<html><body><div>" + body + "</div></body></html>").find("body"))
        kept = decide(blocks, Votes(set(range(n)), {0, n - 1}), Signals())
        pictures = "".join(f"<img src='{i}.jpg'><a href='/x{i}'>a link</a> " for i in range(5_000))
        root = html.fromstring(f"<html><body><p><span>{pictures}</span> and words.</p></body></html>")
        drop_inline_cards(root)
        print(len(kept), len(root.findall(".//img")))
        """
    )
    assert out == "3000 5000"
