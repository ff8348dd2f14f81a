"""The clean pass: what goes, what stays, and what html2text is spared."""

from __future__ import annotations

from reader.convert.pipeline import load_text


def article(markup: str, base: str = ""):  # type: ignore[no-untyped-def]
    return load_text(markup, "text/html", base_url=base).article


def test_inline_words_survive_a_junk_looking_class() -> None:
    text = article("<p>The clerk made a <a class='popup' href='#n'>violent thrust</a> with the ruler.</p>").text
    assert text == "The clerk made a violent thrust with the ruler."


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
