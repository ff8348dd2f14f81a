"""Furniture both extractors keep (`reader.convert.extraction.furniture`, the stragglers of
`decide`, and the clean pass's adverts and screen-reader labels): one class page of our own
each in `tests/fixtures/extraction/` (their text dumps are checked by `tests/test_extraction.py`),
and the rules on small trees."""

from __future__ import annotations

from lxml import html

from reader.convert.extraction.blocks import Block, cut
from reader.convert.extraction.calls import calls
from reader.convert.extraction.decide import Signals, Votes, decide
from reader.convert.extraction.furniture import drop_repeated_alts, drop_title_alts, furniture
from reader.convert.extraction.small_print import is_date_line, small_print
from reader.convert.pipeline import load_text
from tests.test_extraction import PAGES, SENTENCES, _tree, dump


def _blocks(markup: str) -> list[Block]:
    return cut(_tree(markup).find("body"))


def _paragraph(n: int) -> str:
    return f"<p>{SENTENCES[n]} {SENTENCES[(n + 1) % 10]} {SENTENCES[(n + 2) % 10]}</p>"


def _flat(name: str) -> str:
    """The page's text dump at width 80 with its lines joined."""
    return " ".join(dump(PAGES / name).split())


def _furniture_texts(markup: str) -> list[str]:
    blocks = _blocks(markup)
    every = {block.index for block in blocks}
    return [blocks[index].text for index in sorted(furniture(blocks, every))]


# Class pages -----------------------------------------------------------------------------------


def test_a_gallery_shows_each_caption_once() -> None:
    """A caption in full, again cut short before "... more", the same picture again with the
    same caption and credit, and alt texts saying the caption: once each."""
    text = _flat("gallery.html")
    caption = "Pickers carry full crates down the hill at the Hollins orchard"
    assert text.count(caption) == 1
    assert "... more" not in text and "Photo: Sam Ortiz" not in text  # a credit line: small print
    assert text.count("[image]") == 2
    assert "The cooperative's manager said" in text and "cider press on Monday" in text


def test_teasers_of_other_stories_go_with_their_label() -> None:
    text = _flat("teasers.html")
    for junk in ("SEE MORE", "Fares on regional routes", "DON'T MISS", "The station clock", "last sleeper"):
        assert junk not in text
    for kept in ("Sleeper services will run again", "Unions welcomed the plan", "Tickets go on sale"):
        assert kept in text


def test_a_short_line_far_below_the_article_does_not_stretch_it() -> None:
    """The copyright line both extractors keep, below stories only one of them kept and a list
    of topics neither kept: the stories stayed, as they lay between agreed blocks."""
    text = _flat("straggler.html")
    assert "its keepers to children who have never seen it lit" in text
    for junk in ("copyright Coast Notes", "The ferry company says", "Wardens on the sandbanks"):
        assert junk not in text


def test_a_call_to_join_goes_with_its_heading() -> None:
    text = _flat("boxes.html")
    for junk in ("Before you go", "become a member", "join today", "Priya Nandakumar covers"):
        assert junk not in text
    assert "a place for their children to do homework" in text


def test_adverts_and_words_for_screen_readers_go() -> None:
    text = _flat("adverts.html")
    for junk in ("Advert", "slideshow requires JavaScript", "Image caption"):
        assert junk not in text
    assert "The jacket after a wet week in the hills." in text
    assert "rather not think about it" in text


def test_small_print_about_the_article_and_its_pictures_goes() -> None:
    """A date line and a reading time above the text, a caption's credit, a lone copyright line
    under a picture, filing labels and a last-updated line below: the article alone stays."""
    text = _flat("small-print.html")
    small_print = ("Tuesday, 14 March", "Reading time", "Photo: Ines Moreau", "Harbour Trust", "Filed under", "updated")
    for junk in small_print:
        assert junk not in text
    assert "[image: The ferry at the quay]" in text
    for kept in ("queue of passengers", "for a single pound", "since 1998", "until the end of the year"):
        assert kept in text


def test_a_card_popping_up_over_a_name_goes_and_the_sentence_stays() -> None:
    """A picture and links to other stories inside a sentence, beside the name they explain
    (shown on hover): the card goes, the name and the sentence stay, and a sentence's own
    links around a small picture ("by Lee Barros and Kim Osei") are no card, nor is a paragraph
    that is all one span (the article's own picture and its credit: no sentence around it)."""
    text = _flat("hover-card.html")
    assert "[image: The river bridge at dawn]" in text
    assert "Gov. Ada Quill (R) defended the new tolls" in text
    for junk in ("Ada Maria Quill", "vetoes the spring budget", "more ferries", "MORE"):
        assert junk not in text
    assert "Lee Barros and Kim Osei, the two wardens" in text


# The rules on small trees -----------------------------------------------------------------------


def test_a_caption_said_twice_goes_and_a_paragraph_said_twice_stays() -> None:
    """Recipes and test pages repeat whole paragraphs on purpose; galleries repeat captions."""
    caption = "<figure><img src='a.jpg'><figcaption>Photo: Jane Doe</figcaption></figure>"
    assert _furniture_texts(_paragraph(0) + caption + caption + _paragraph(0)) == ["Photo: Jane Doe"]


def test_the_cut_short_copy_of_a_neighbour_goes() -> None:
    full = "Pickers carry full crates down the hill at the orchard on Thursday morning"
    short = "Pickers carry full crates down the hill at the ... more"
    assert _furniture_texts(f"<div>{full}</div><div>{short}</div>") == [short]
    # A heading is never the cut-short copy of the paragraph under it.
    heading = "<h2>Pickers carry full crates down the hill</h2>"
    assert _furniture_texts(heading + "<p>Pickers carry full crates down the hill, said the owner.</p>") == []


def test_a_paragraph_that_is_one_link_goes_but_a_list_of_links_stays() -> None:
    teaser = "<p><a href='/x'>The station clock that has not stopped in a hundred years</a></p>"
    sources = "<ul><li><a href='/y'>The report of the rail inquiry, in full</a></li></ul>"
    button = "<p><a href='/top'>Back up</a></p>"
    assert _furniture_texts(_paragraph(0) + teaser + sources + button) == [
        "The station clock that has not stopped in a hundred years"
    ]


def test_a_short_label_and_a_link_to_another_story_go_in_any_language() -> None:
    story = "Kto jak głosował ws. unijnych funduszy? Jeden z polityków wyłamał się z klubu"
    teaser = f"<p>Dowiedz się więcej: <a href='/x'>{story}</a></p>"
    sentence = "<p>The inquiry said: <a href='/r'>the report</a> is late, and the minister agreed with it.</p>"
    long_label = f"<p>The minister of transport told the house on Monday: <a href='/y'>{story}</a></p>"
    texts = _furniture_texts(_paragraph(0) + teaser + sentence + long_label + _paragraph(1))
    assert texts == [f"Dowiedz się więcej: {story}"]


def test_a_linked_credit_is_no_label_and_link_and_the_line_above_it_stays() -> None:
    """A picture's credit whose words before the colon are a link too (a recipe's source) points
    nowhere: it went as a teaser, and the recipe's last step above it as the teaser's label."""
    steps = "<ol><li>Mit etwas Sahne servieren.</li><li>Ergänzungsvorschläge: Schokoraspel, Nüsse usw.</li></ol>"
    credit = (
        "<p><a href='/paprika'>Gefüllte Paprika</a> - Foto: Copyright © <a href='/flickr'>Marufish</a>"
        " | <a href='/cc'>CC-BY-SA</a></p>"
    )
    assert _furniture_texts(_paragraph(0) + steps + credit) == []
    # A credit with a label of its own goes; the list's last item above it is no label of it.
    spots = "<ul><li>Die Stege an der Dove Elbe</li><li>SPO!</li></ul>"
    photos = "<p><strong>Fotos: <a href='https://photographer.example/'>Sophia Mahnert</a></strong></p>"
    assert _furniture_texts(_paragraph(0) + spots + photos) == ["Fotos: Sophia Mahnert"]


def test_a_label_goes_with_the_links_under_it_and_a_heading_only_at_the_end() -> None:
    teaser = "<p><a href='/x'>The station clock that has not stopped in a hundred years</a></p>"
    assert _furniture_texts(_paragraph(0) + "<p>Don't miss</p>" + teaser + _paragraph(1))[0] == "Don't miss"
    # A section opening with a link keeps its heading; a heading over links ending the page goes.
    assert "Further reading" not in _furniture_texts("<h2>Further reading</h2>" + teaser + _paragraph(1))
    assert "Further reading" in _furniture_texts(_paragraph(1) + "<h2>Further reading</h2>" + teaser)


def test_boxes_named_for_what_they_are_go_up_to_the_article() -> None:
    cta = "<div class='nrplus-cta'><h4>Something to consider</h4><p>Join us and read without limits.</p></div>"
    author = "<div class='saboxplugin-author'><p>Jane Doe writes about trains.</p></div>"
    assert _furniture_texts(_paragraph(0) + cta + author) == [
        "Something to consider",
        "Join us and read without limits.",
        "Jane Doe writes about trains.",
    ]
    # The article's own box is never furniture, whatever its class says; nor a long author page.
    assert _furniture_texts(f"<article class='newsletter-issue'>{_paragraph(0)}</article>") == []
    long_author = f"<div class='author-page'>{_paragraph(0)}{_paragraph(1)}{_paragraph(2)}</div>"
    assert _furniture_texts(long_author) == []


def test_an_alt_text_the_caption_says_again_is_cleared() -> None:
    said = "Pickers carry full crates down the hill"
    blocks = _blocks(
        f"<img src='a.jpg' alt='{said} (AP)'><span class='credit'>Photo: AP</span><p>{said}.</p>"
        "<img src='b.jpg' alt='The old packing shed'><p>Growers were less sure about next season.</p>"
    )
    drop_repeated_alts(blocks, {block.index for block in blocks})
    assert [block.element.get("alt") for block in blocks if block.is_image] == ["", "The old packing shed"]


def test_an_alt_text_that_says_the_title_again_is_cleared() -> None:
    """Alt texts filled in with the page's title (numbered, for search engines) say nothing of
    the picture; the title is the `<h1>` or a part of the `<title>`."""
    root = html.fromstring(
        "<html><head><title>Orchard News | Why the Apple Harvest Came Early This Year</title></head><body>"
        "<h1>Pickers Race the Frost on the Hill</h1><p>The pickers started before dawn.</p>"
        "<img src='a.jpg' alt='Why the Apple Harvest Came Early This Year 2'>"
        "<img src='b.jpg' alt='Pickers race the frost on the hill, photo 3'>"
        "<img src='c.jpg' alt='The old packing shed by the river'></body></html>"
    )
    blocks = cut(root.find("body"))
    drop_title_alts(blocks, {block.index for block in blocks}, root)
    assert [block.element.get("alt") for block in blocks if block.is_image] == [
        "",
        "",
        "The old packing shed by the river",
    ]


def test_short_agreed_blocks_far_below_the_article_are_left_out() -> None:
    links = "<ul>" + "".join(f"<li><a href='/{n}'>Topic number {n} of the site</a></li>" for n in range(12)) + "</ul>"
    blocks = _blocks(_paragraph(0) + _paragraph(1) + links + "<p>© The Post</p>")
    last = len(blocks) - 1
    assert decide(blocks, Votes({0, 1, last}, {0, 1, last}), Signals()) == {0, 1}
    # Close to the article, or long enough to be a paragraph, it stays.
    near = _blocks(_paragraph(0) + _paragraph(1) + "<p>© The Post</p>")
    assert decide(near, Votes({0, 1, 2}, {0, 1, 2}), Signals()) == {0, 1, 2}


def test_a_sponsored_link_inside_a_sentence_keeps_its_words() -> None:
    text = load_text(
        "<p>The jacket is sold by <a href='https://ad.doubleclick.net/ddm/clk/1'>a shop in town</a> for 90 euros."
        "<a href='https://ad.doubleclick.net/ddm/clk/2'><img src='https://example.org/banner.jpg'></a></p>",
        "text/html",
    ).article.text
    assert text == "The jacket is sold by a shop in town for 90 euros."


def _small_print_texts(markup: str) -> list[str]:
    blocks = _blocks(markup)
    return [block.text for block in blocks if block.index in small_print(blocks)]


def test_a_credit_goes_only_in_a_caption_or_under_a_picture() -> None:
    picture = "<img src='a.jpg'><p>Photo: Jane Doe/AP</p>"
    caption = "<figure><img src='b.jpg'><figcaption>Pickers at work (Image: GETTY)</figcaption></figure>"
    assert _small_print_texts(_paragraph(0) + picture + caption + _paragraph(1)) == [
        "Photo: Jane Doe/AP",
        "Pickers at work (Image: GETTY)",
    ]
    # Far from any picture, a line with a colon is the article's; so is a long caption.
    assert _small_print_texts(_paragraph(0) + "<p>Picture: a quiet town at dawn.</p>" + _paragraph(1)) == []
    long_caption = f"<figure><img src='c.jpg'><figcaption>{' '.join(SENTENCES[:5])} © AP</figcaption></figure>"
    assert _small_print_texts(_paragraph(0) + long_caption) == []
    # Far from a picture, a line closed by a credit in brackets is the article's too.
    closed = "<p>Pickers at work (Image: GETTY)</p><p>The crop (Photo: AP) was the largest in years.</p>"
    assert _small_print_texts(_paragraph(0) + closed + _paragraph(1)) == []


def test_a_credit_caption_right_above_its_picture_goes() -> None:
    """Some pages set the caption before the picture in their markup: its credit marks it
    all the same; a line two blocks above the picture is the article's."""
    above = "<div>Protesters at the gates (Image: GETTY)</div><img src='a.jpg'>"
    assert _small_print_texts(_paragraph(0) + above + _paragraph(1)) == ["Protesters at the gates (Image: GETTY)"]
    apart = "<p>The crop (Photo: AP) was the largest in years.</p>" + _paragraph(2) + "<img src='b.jpg'>"
    assert _small_print_texts(_paragraph(0) + apart + _paragraph(1)) == []


def test_an_agency_credit_marks_a_caption_near_a_picture() -> None:
    """News agencies credit a picture as photographer/agency, with no label: in brackets
    closing the caption, or alone on a line."""
    captions = (
        "<img src='a.jpg'><p>The goal in overtime, Tuesday. (AP Photo/Gene J. Puskar)</p>"
        "<img src='b.jpg'><p>Jason Cipriani/ZDNet</p>"
    )
    assert _small_print_texts(_paragraph(0) + captions + _paragraph(1)) == [
        "The goal in overtime, Tuesday. (AP Photo/Gene J. Puskar)",
        "Jason Cipriani/ZDNet",
    ]
    # A slash between words that are not names is no credit, even under a picture.
    assert _small_print_texts(_paragraph(0) + "<img src='c.jpg'><p>Pick one (red and/or blue)</p>") == []


def test_labels_of_filing_and_reading_time_go_when_short() -> None:
    lines = ["<p>Filed under: Harbour</p>", "<p>Lesedauer etwa 2 Min</p>", "<p>5 min read</p>"]
    assert _small_print_texts(_paragraph(0) + "".join(lines)) == [
        "Filed under: Harbour",
        "Lesedauer etwa 2 Min",
        "5 min read",
    ]
    long = f"<p>Filed under: {SENTENCES[0]} {SENTENCES[1]} {SENTENCES[2]}</p>"
    assert _small_print_texts(_paragraph(0) + long + "<h2>Tags: a heading of the article</h2>") == []


def test_a_date_line_goes_at_the_edges_only() -> None:
    assert is_date_line("sexta-feira, 22 de outubro de 2010 às 20:13")
    assert is_date_line("Published 2:16 AM EST Nov 20, 2019")
    assert not is_date_line("In 2019, 45 people died on the roads of the county, the fewest since records began.")
    assert not is_date_line("Monday 12 May")  # no year: a heading of a diary, say
    stamp = "<p>10:45, 20 Nov 2019</p>"
    markup = stamp + _paragraph(0) + stamp + _paragraph(1) + stamp
    blocks = _blocks(markup)
    assert sorted(small_print(blocks)) == [0, len(blocks) - 1]


def test_calls_to_the_reader_at_the_end_go_and_the_story_stays() -> None:
    text = _flat("calls.html")
    for junk in ("Follow The Bay Courier", "affiliate commission", "Tell us what you think", "All rights reserved"):
        assert junk not in text
    # "sign up" inside the story's paragraph is the story's.
    for kept in ("Readers who sign up at the desk", "asking for volunteers who can spare an afternoon a week"):
        assert kept in text


def test_a_call_goes_only_below_the_last_paragraph_and_only_when_short() -> None:
    follow = "<p>Follow us on Twitter.</p>"
    long_call = "<p>" + SENTENCES[0] + " Subscribe to the harbour newsletter for the timetables. " * 6 + "</p>"
    tail = f"{follow}<p>Updated daily.</p><p>Share this</p>"
    share = "<p>Mit Freunden teilen</p>"
    blocks = _blocks(f"<body>{_paragraph(0)}{follow}{share}{_paragraph(1)}{long_call}{tail}</body>")
    found = [blocks[index].text for index in sorted(calls(blocks))]
    # Not the notice above the story's last paragraphs, nor the long call, nor a short line that
    # calls on no one; a line that is only a call to share goes wherever it is.
    assert found == ["Mit Freunden teilen", "Follow us on Twitter.", "Share this"]
    assert next(block.index for block in blocks if block.text == "Follow us on Twitter.") not in calls(blocks)


def test_a_storys_own_words_of_following_sharing_or_copyright_are_no_call() -> None:
    """Short lines of the story below its last long paragraph (or anywhere, for a short line
    with "share on") that use a call's words: a sentence of the story, not a notice."""
    story = [
        "Investors bought a share on Monday.",
        "Fans can follow the keepers on Instagram, the library says.",
        "The publisher says the copyright on the logbooks lapsed in 1951.",
        "The station, a local NBC affiliate, filmed the opening.",
    ]
    notices = ["Copyright 2023 The Bay Courier.", "This post contains affiliate links.", "Share on Facebook"]
    lines = "".join(f"<p>{line}</p>" for line in story + notices)
    blocks = _blocks(f"<body>{_paragraph(0)}{_paragraph(1)}{lines}</body>")
    assert [blocks[index].text for index in sorted(calls(blocks))] == notices


def test_a_credit_in_a_stock_agency_s_or_a_loan_s_words_is_small_print() -> None:
    """No label nor copyright sign: "Getty Images", "Courtesy of ..." under a picture say whose
    it is all the same; the same words in the text, away from a picture, stay."""
    blocks = _blocks(
        f"{_paragraph(0)}<img src='a.jpg'><p>Getty Images</p>{_paragraph(1)}<img src='b.jpg'>"
        f"<p>Courtesy of the Harbour Trust</p>{_paragraph(2)}{_paragraph(3)}{_paragraph(4)}"
        "<p>The photographs are courtesy of the harbour master, who kept them.</p>"
    )
    found = [blocks[index].text for index in sorted(small_print(blocks))]
    assert found == ["Getty Images", "Courtesy of the Harbour Trust"]
