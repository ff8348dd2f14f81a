"""The clean pass: what goes, what stays, and what html2text is spared."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.convert.pipeline import load_text


def article(markup: str, base: str = ""):  # type: ignore[no-untyped-def]
    return load_text(markup, "text/html", base_url=base).article


def test_inline_words_survive_a_junk_looking_class() -> None:
    text = article("<p>The clerk made a <a class='popup' href='#n'>violent thrust</a> with the ruler.</p>").text
    assert text == "The clerk made a violent thrust with the ruler."


def test_soft_hyphens_and_invisible_joiners_go_and_words_stay_whole() -> None:
    """A terminal shows a soft hyphen as a hyphen, or not; `Fernwärme` was not found in
    `Fern&shy;wärme`, nor searched for as one word."""
    markup = "<p>Die Bundes&shy;regierung, die Fern\u00adw\u00e4rme, ein Wort&#8288;paar und ein zero&#65279;width.</p>"
    assert article(markup).text == "Die Bundesregierung, die Fernwärme, ein Wortpaar und ein zerowidth."


def test_a_heading_id_with_a_junk_word_is_kept() -> None:
    headings = article("<h2 id='sharing-with-a-single-developer'>Sharing</h2><p>Body.</p>").headings
    assert [(h.text, h.anchor) for h in headings] == [("Sharing", "sharing-with-a-single-developer")]


def test_a_long_box_with_a_junk_class_is_content() -> None:
    body = "word " * 150
    assert "word" in article(f"<div class='share-wrapper'><p>{body}</p></div>").text
    assert article("<div class='share-wrapper'><p>Share on X</p></div><p>Kept.</p>").text == "Kept."


def test_a_break_inside_a_heading_keeps_it_whole() -> None:
    headings = article("<h2 id='d'>Designed to <br>be redesigned</h2><p>x</p>").headings
    assert [(h.text, h.anchor) for h in headings] == [("Designed to be redesigned", "d")]


def test_lazy_images_from_noscript_and_srcset() -> None:
    images = article(
        "<p><img src='data:image/gif;base64,R0l' alt='a'><noscript><img src='https://x/real.png'></noscript></p>"
        "<p><img src='blank.gif' srcset='https://x/s.png 300w, https://x/l.png 900w'></p>"
    ).images
    assert [image.src for image in images] == ["https://x/real.png", "https://x/l.png"]


def test_protocol_relative_urls_of_a_saved_page_stay_on_the_web() -> None:
    images = article("<p><img src='//cdn.example/a.png' alt='x'></p>", base="file:///home/me/page.html").images
    assert images[0].src == "https://cdn.example/a.png"


def test_root_relative_links_of_a_saved_page_go_to_its_web_address() -> None:
    page = (
        "<html><head><title>Kiwi</title><link rel='canonical' href='https://en.example.org/wiki/Kiwi'></head>"
        "<body><article><h1>Kiwi</h1><p>A bird of <a href='/wiki/New_Zealand'>New Zealand</a>, drawn"
        " in <a href='notes.html'>my notes</a>. " + "It is small and brown and cannot fly. " * 20 + "</p>"
        "<p><img src='/static/kiwi.png' alt='a kiwi'></p></article></body></html>"
    )
    document = article(page, base="file:///home/me/kiwi.html")
    hrefs = [link.href for link in document.links]
    assert "https://en.example.org/wiki/New_Zealand" in hrefs
    assert "file:///home/me/notes.html" in hrefs  # a plain relative link is still a file
    assert document.images[0].src == "https://en.example.org/static/kiwi.png"


def test_root_relative_links_of_a_local_page_without_an_address_stay_files() -> None:
    document = article("<p>See <a href='/srv/notes.html'>notes</a>.</p>", base="file:///home/me/page.html")
    assert [link.href for link in document.links] == ["file:///srv/notes.html"]


def test_proxy_prefix_is_unwrapped_from_images() -> None:
    images = article("<p><img src='https://cors.example.workers.dev/?http://img.example/a.jpg'></p>").images
    assert images[0].src == "http://img.example/a.jpg"


def test_abbreviations_keep_their_word_and_leave_no_definition_list() -> None:
    text = article("<p>Members of the <abbr title='Organisation for Economic Co-operation'>OECD</abbr> met.</p>").text
    assert text == "Members of the OECD met."


def test_a_heading_id_with_underscores_is_written_as_it_is() -> None:
    document = load_text("<h2 id='h1_1'>前言</h2><p>正文。</p><h2 id='_x_'>Edge</h2>", "text/html")
    assert "## 前言 {#h1_1}" in document.markdown
    assert [h.anchor for h in document.article.headings] == ["h1_1", "_x_"]


def test_copy_buttons_inside_code_blocks_go_and_the_code_stays() -> None:
    blocks = article(
        "<pre><code class='hljs'>print('hi')\nx = 1</code><span class='copy-code-btn'>复制代码</span></pre>"
        "<pre>a = 1\n<span>复制</span></pre>"
        "<pre><div class='toolbar'><div role='button' tabindex='0'>Copy</div></div><code>echo 1</code></pre>"
        "<pre><code>y = 2</code><clipboard-copy for='c'>Copy</clipboard-copy></pre>"
    ).blocks
    assert [block.code for block in blocks] == ["print('hi')\nx = 1", "a = 1", "echo 1", "y = 2"]


def test_a_copy_widget_beside_a_code_block_goes_with_its_icon() -> None:
    toolbar = (
        "<div class='cnblogs_code'><div class='cnblogs_code_toolbar'><span class='cnblogs_code_copy'>"
        "<a href='javascript:void(0);' onclick='copyCode(this)' title='复制代码'>"
        "<img src='https://x/copycode.gif' alt='复制代码'></a></span></div><pre>int a = 1;</pre></div>"
    )
    result = article(toolbar)
    assert result.text == "int a = 1;"
    assert not result.images


def test_words_of_code_that_look_like_a_copy_label_stay() -> None:
    code = article("<pre><code><span class='n'>derive</span>(Clone, <span class='n'>Copy</span>)</code></pre>")
    assert code.text == "derive(Clone, Copy)"
    bare = article("<pre>let a = <span class='n'>Copy</span>;\nlet b = 2;</pre>")
    assert bare.text == "let a = Copy;\nlet b = 2;"


def _styled(markup: str) -> list[tuple[str, list[str], str | None]]:
    """(text, styles, link) of each span of the article's only paragraph."""
    (block,) = article(markup).blocks
    return [(span.text, sorted(span.styles), span.href) for span in block.spans]


def test_emphasis_ending_in_a_break_inside_a_wrapper_is_bold_not_marks() -> None:
    """`<b><font>title<br></font></b>` once showed `**title` and a line `**`."""
    (block,) = article("<p><b><font color='red'>Politiques publiques<br>\n</font></b></p>").blocks
    assert block.text.strip() == "Politiques publiques"
    assert [sorted(span.styles) for span in block.spans if span.text.strip()] == [["strong"]]


def test_emphasis_that_is_one_link_beside_a_word_stays_emphasis() -> None:
    """`**[word](url)**Word` leaves its marks literal in CommonMark; the emphasis goes inside."""
    assert _styled("<p>See <strong><a href='https://x.org/a'>word</a></strong>Next here.</p>") == [
        ("See ", [], None),
        ("word", ["link", "strong"], "https://x.org/a"),
        ("Next here.", [], None),
    ]
    assert _styled("<p>Word<em><a href='https://x.org/b'>linked</a></em> on.</p>")[1] == (
        "linked",
        ["emphasis", "link"],
        "https://x.org/b",
    )


def test_emphasis_whose_edge_is_code_beside_a_word_loses_its_marks_not_its_text() -> None:
    assert article("<p>Run<b><code>make</code> now</b></p>").text == "Runmake now"
    assert article("<p><b>call <code>f()</code></b>twice</p>").text == "call f()twice"


def test_emphasis_with_breaks_inside_is_emphasis_on_each_line() -> None:
    blocks = article("<p><b>Adresse:<br/><br/>Colosseum Theater<br/></b>Altendorfer Str. 1</p>").blocks
    assert "**" not in "".join(block.text for block in blocks)
    strong = [span.text for block in blocks for span in block.spans if "strong" in span.styles]
    assert [text.strip() for text in strong if text.strip()] == ["Adresse:", "Colosseum Theater"]


def test_punctuation_and_space_leave_the_edge_of_emphasis_together() -> None:
    """`soborno<b>, al cual</b> para` and `<b><span>Satz. </span></b>`: the marks once stayed
    literal, stuck to a comma and a space, or to a space inside a wrapper."""
    assert article("<p>un soborno<b>, al cual denominan</b> para poder.</p>").text == (
        "un soborno, al cual denominan para poder."
    )
    assert _styled("<p>Vor <strong><span>„Nach klarer Nacht“ – Satz. </span></strong>Nach.</p>")[1] == (
        "„Nach klarer Nacht“ – Satz.",
        ["strong"],
        None,
    )


def test_a_paragraph_drawing_a_line_is_a_rule() -> None:
    blocks = article(
        "<p>Before.</p><p>____________________ </p><p>Between.</p><p>* * * *</p><p>After ____ here.</p>"
    ).blocks
    assert [block.kind.value for block in blocks] == ["paragraph", "rule", "paragraph", "rule", "paragraph"]


def test_sections_indented_with_quotes_are_text_and_quotes_among_text_stay_quotes() -> None:
    section = "<h2>{0}</h2><blockquote><p>The {0} part of the page, its body under its own heading.</p>{1}</blockquote>"
    inner = "<blockquote><p>A real quotation.</p></blockquote>"
    indented = article(section.format("first", inner) + section.format("second", ""))
    assert [(block.text, block.quote_depth) for block in indented.blocks if block.level == 0] == [
        ("The first part of the page, its body under its own heading.", 0),
        ("A real quotation.", 1),
        ("The second part of the page, its body under its own heading.", 0),
    ]
    quoted = "<p>Some text of the author's own around them.</p><blockquote><p>One.</p></blockquote>"
    assert [block.quote_depth for block in article(quoted * 2).blocks] == [0, 1, 0, 1]
    alone = article("<blockquote><p>A page of one quote.</p></blockquote>")
    assert [block.quote_depth for block in alone.blocks] == [1]


def test_an_alt_text_that_is_the_file_name_is_no_caption() -> None:
    images = article(
        "<p>Text.</p><p><img src='https://x.org/up/milano-week-flos-01-1024x768.jpg' alt='milano-week-flos-01'></p>"
        "<p><img src='https://cdn.x.org/a/b.jpg' alt='IMG_2953.JPG'></p>"
        "<p><img src='https://x.org/up/flos.jpg' alt='Flos lamps in the showroom'></p>"
        "<p><img src='https://x.org/up/chart.png' alt='chart'></p>"
        "<p><img src='https://x.org/up/einstein-portrait.jpg' alt='Einstein'></p>"
    ).images
    assert [image.alt for image in images] == ["", "", "Flos lamps in the showroom", "chart", "Einstein"]


def test_space_inside_nested_emphasis_leaves_both() -> None:
    """`<strong><em>Note: </em></strong><a>…</a>` once showed `**Note: **` with its marks."""
    spans = _styled(
        "<p><strong><em>RSVP for 11/9: </em></strong><a href='https://x.org/t'><strong>Trust</strong></a></p>"
    )
    assert spans[0] == ("RSVP for 11/9:", ["emphasis", "strong"], None)
    assert (
        "**" not in article("<p><strong><em>RSVP for 11/9: </em></strong><a href='https://x.org/t'>Trust</a></p>").text
    )


def test_breaks_at_the_end_of_a_link_go_after_it() -> None:
    blocks = article("<p>You may <a href='https://x.org/get'>download it here<br><br></a>Size 95k</p>").blocks
    assert "](" not in "".join(block.text for block in blocks)
    assert [span.href for block in blocks for span in block.spans if span.text.strip() == "download it here"] == [
        "https://x.org/get"
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("a打 \t\n\r\xa0\u3000"), max_size=30), min_size=1, max_size=4),
    st.integers(0, 40),
)
def test_a_box_is_short_by_the_characters_that_are_not_blank(texts: list[str], limit: int) -> None:
    """A box's words are read when at most `limit` of its characters are not blank (spaces,
    tabs, line ends, form feeds, no-break spaces), whether it is one text or several."""
    from lxml import html

    from reader.convert.clean.junk import _short_text

    leaf = html.Element("p")
    leaf.text = "".join(texts)
    box = html.Element("div")
    box.text = texts[0]
    for text in texts[1:]:
        html.etree.SubElement(box, "span").text = text
    whole = "".join(texts)
    short = sum(char not in " \t\n\r\f\xa0" for char in whole) <= limit
    assert _short_text(leaf, limit) == (whole if short else None)
    assert _short_text(box, limit) == (whole if short else None)


def test_the_tree_is_made_of_lxml_html_elements_found_without_python() -> None:
    """`parse_html`, `parse_fragment` and `new_element` give lxml.html's elements and comments,
    every element a plain `HtmlElement` (no `FormElement`: nothing here uses one), however it
    is reached, also once moved into a new element's document."""
    from lxml import etree, html

    from reader.convert.clean import new_element, parse_fragment, parse_html

    markup = "<div><!-- note --><form><input name=q><p>text <b>bold</b></p></form><?pi x?></div>"
    document = parse_html(f"<html><body>{markup}</body></html>")
    fragment = parse_fragment(markup)
    group = new_element("div")
    group.append(parse_html(markup).find(".//form"))
    for root in (document, fragment, group):
        kinds = {type(node) for node in root.iter() if isinstance(node.tag, str)}
        assert kinds == {html.HtmlElement}
        assert {type(node) for node in root.iter(etree.Comment)} <= {html.HtmlComment}
        assert root.find(".//p").text_content() == "text bold"
    assert [child.tag for child in fragment] == ["div"]
    assert type(document.find(".//form").getparent()) is html.HtmlElement


def test_addresses_urllib_cannot_parse_leave_their_text_and_go_nowhere() -> None:
    # An unclosed IPv6 bracket made `urlsplit` raise, and the whole page an internal error.
    page = (
        "<html><head><title>T</title><base href='http://[oops/'>"
        "<meta property='og:image' content='http://[::1/c.png'></head><body><article>"
        "<p>See <a href='http://[::1'>this link</a> and <a href='rel.html'>that one</a>.</p>"
        "<p><img src='http://[::1/p.png' alt='a picture'></p></article></body></html>"
    )
    for base in ("https://example.org/post", "file:///home/me/page.html"):
        document = article(page, base=base)
        assert "See this link and that one." in document.text
        assert all("[" not in link.href for link in document.links)


def test_markup_characters_of_the_text_stay_text() -> None:
    # `&lt;video&gt;` came out of html2text bare, and markdown-it took it for a tag: gone.
    document = article(
        "<h2>The &lt;head&gt; tag</h2><p>Use the <em>&lt;video&gt;</em> element, AT&amp;T, &amp;amp;, 1 &lt; 2.</p>"
        "<p>&gt; not a quote</p><pre>a &lt;b&gt; &amp;amp;</pre><p><code>&lt;div&gt;</code></p>"
    )
    assert [heading.text for heading in document.headings] == ["The <head> tag"]
    assert [block.text for block in document.blocks[1:]] == [
        "Use the <video> element, AT&T, &amp;, 1 < 2.",
        "> not a quote",
        "a <b> &amp;",
        "<div>",
    ]
