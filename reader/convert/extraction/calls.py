"""Calls to the reader at the article's end, which both extractors keep as its last paragraphs.

Below the article's last paragraph, inside its own box, pages set lines addressed to the reader
rather than telling the story: to follow the site or the author ("Follow us on Twitter"), to
click ("12 issues for £11.99. Click here"), to share ("Mit Freunden teilen"), to comment ("Tell
us what you think", a comment policy), to buy through a link (an affiliate's disclosure, a
promotion code), and the page's copyright notice. They are found by what they say (a few words
in the languages of the corpus), only at the end and only when short: a call in the middle of
the story, or one sentence in a long paragraph, is the article's. A line that is nothing but a
call to share or click ("Mit Freunden teilen") goes wherever it stands. Calls to subscribe or
sign up are left alone: measured on the corpus, the stories themselves end with them as often.
"""

from __future__ import annotations

import re

from reader.convert.extraction.blocks import Block

NOTICE = re.compile(
    r"(?:^\W*|[.!?:]\s+)follow (?:[\w.@’']+ ){1,3}on "
    r"(?:instagram|facebook|twitter|x|youtube|tiktok|linkedin|threads|mastodon)\b"
    r"|\bfolg(?:en sie|t)? uns\b|\bsuivez[- ]nous\b|\bsíguenos\b"
    r"|\baffiliate(?:[- ](?:links?|commissions?|partners?|programs?|programmes?|advertising|publications?)\b|\W*$)"
    r"|\bshare of the sale\b"
    r"|\bpromo(?:tion)? code\b|\buse the code\b"
    r"|\bcomment[aá]rios?\b.*\b(?:moderador|aprovados)\b"
    r"|^\W*copyright\b|\bcopyright\b(?=\s*(?:©|\(c\)|\d{4}|by\b|@|$))|\bsubject to copyright\b"
    r"|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b",
    re.I,
)
"""What a notice to the reader says, in the languages of the corpus: to follow the site or the
author, an affiliate's disclosure or a promotion code, a comment policy, a copyright notice.
The notice may come with a few sentences (an author's note ending "Follow him on Twitter"). Each
is told from a sentence of the story by its form: the call to follow starts a sentence, the
affiliate is the site's links or commission, or ends the line (not "a local NBC affiliate,
filmed"), the copyright notice starts with "Copyright" or says whose it is ("Copyright 2023",
"copyright by", "© ...") (not "the copyright on the logbooks lapsed")."""
NOTICE_MAX = 400
"""Characters of a block with a notice: a longer one is a paragraph of the article."""
CALL = re.compile(
    r"\bclick here\b|\bklicken sie hier\b|\bhier klicken\b|\bcliquez ici\b"
    r"|\bshare this\b|\bshare on\b(?=\W*$|\s+(?:x\b|facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest"
    r"|e-?mail|google|tumblr|vk|messenger|xing|flipboard|pocket|threads|bluesky|mastodon))"
    r"|\bmit freunden teilen\b|\bpartagez\b"
    r"|\btell us what you think\b|\bleave a (?:comment|reply)\b",
    re.I,
)
"""A bare call to click, share or comment: a line of its own, not a sentence of the story
("... Leave a comment and let us know your favourite"); to share on a network, or on nothing
said (its buttons), not "a share on Monday"."""
CALL_MAX = 160
"""Characters of a line that is mostly a call ("12 issues for £11.99. Click here for more
information.")."""
BARE_CALL_MAX = 40
"""Characters of a line that is nothing but a call ("Share this", "Click here"), which goes
wherever it stands."""
PARAGRAPH_MIN = 150
"""Characters of a paragraph of running text; the article's end lies after its last one."""


def calls(chosen: list[Block]) -> set[int]:
    """The chosen blocks below the article's last paragraph that call on the reader, and the
    lines anywhere that are only a call ("Mit Freunden teilen" above the story)."""
    written = [block for block in chosen if not block.is_image and block.tag != "pre"]
    found = {block.index for block in written if len(block.text) <= BARE_CALL_MAX and CALL.search(block.text)}
    for block in reversed(written):
        if _is_call(block):
            found.add(block.index)
        elif block.size >= PARAGRAPH_MIN:
            break
    return found


def _is_call(block: Block) -> bool:
    """A notice (not a heading), or a short line calling to click, share or comment (a
    heading too: "Tell us what you think...")."""
    size = len(block.text)
    if size <= CALL_MAX and CALL.search(block.text):
        return True
    return not block.is_heading and size <= NOTICE_MAX and bool(NOTICE.search(block.text))
