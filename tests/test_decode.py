"""Decoding: BOM, then the HTTP charset, then `<meta>`, then detection; controls stripped.

The texts are ours. Detection is checked on whole short pages (a title and a sentence or
two), the case that is hard for statistics; `benchmarks/web.py` measures it over lengths.
"""

from __future__ import annotations

import codecs

import pytest

from reader.source.decode import codec_for, decode, detect, sniff_language, sniff_meta

ZH_HANS = "今天我们来谈谈终端阅读器。它把网页上的文章变成干净的文字，方便在命令行里阅读。"
ZH_HANT = "今天我們來談談終端閱讀器。它把網頁上的文章變成乾淨的文字，方便在命令列裡閱讀。"
JA = "今日は端末で記事を読むリーダーについて話します。ウェブページの文章を読みやすくします。"
KO = "오늘은 터미널에서 글을 읽는 리더에 대해 이야기합니다. 웹 페이지의 글을 읽기 쉽게 바꿉니다."
FR = (
    "Aujourd'hui, parlons d'un lecteur très simple : il transforme les pages du Web en texte propre, même les vieilles."
)
DE = "Heute geht es um einen Leser für das Terminal: Er macht aus Webseiten sauberen Text, auch aus älteren Seiten."
ES = "Hoy hablamos de un lector para la terminal: convierte las páginas en texto limpio, ¿verdad? Sí, también."
EN = "Today’s topic: a reader for the terminal – it turns “web pages” into clean text… even old ones, for €0."
PL = "Dziś mówimy o czytniku w terminalu: zamienia strony w czysty tekst, także te stare, łatwo i szybko."
CS = "Dnes mluvíme o čtečce v terminálu: převádí stránky na čistý text, i ty staré, rychle a snadno."
RU = "Сегодня мы говорим о читалке для терминала: она превращает страницы в чистый текст."


def page(text: str, lang: str | None = None, head: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!doctype html><html{lang_attr}><head>{head}<title>{text[:6]}</title></head><body><p>{text}</p></body></html>"
    )


# The order of the sources


def test_bom_wins_over_the_header_and_meta() -> None:
    data = codecs.BOM_UTF8 + page(ZH_HANS, head='<meta charset="gbk">').encode("utf-8")
    decoded = decode(data, "gbk")
    assert (decoded.encoding, decoded.via) == ("utf-8", "bom")
    assert ZH_HANS in decoded.text
    assert not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    decoded = decode(bom + page(JA).encode(codec))
    assert JA in decoded.text
    assert decoded.via == "bom"


def test_http_charset_wins_over_meta() -> None:
    data = page(ZH_HANT, head='<meta charset="utf-8">').encode("big5")
    decoded = decode(data, "big5")
    assert (decoded.via, ZH_HANT in decoded.text) == ("http", True)


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="shift_jis">',
        "<meta charset=Shift_JIS>",
        '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
    ],
)
def test_meta_declarations(head: str) -> None:
    decoded = decode(page(JA, head=head).encode("shift_jis"))
    assert (decoded.encoding, decoded.via) == ("cp932", "meta")
    assert JA in decoded.text


def test_xml_declaration() -> None:
    data = f'<?xml version="1.0" encoding="EUC-KR"?><html><body><p>{KO}</p></body></html>'.encode("euc_kr")
    assert KO in decode(data).text


def test_meta_utf16_on_ascii_compatible_bytes_means_utf8() -> None:
    assert sniff_meta(b'<meta charset="utf-16">') == "utf-8"


def test_an_unknown_label_is_ignored() -> None:
    decoded = decode(page(ZH_HANS, head='<meta charset="gbk">').encode("gbk"), "x-no-such-charset")
    assert (decoded.via, ZH_HANS in decoded.text) == ("meta", True)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("iso-8859-1", "cp1252"),
        ("Shift_JIS", "cp932"),
        ("euc-kr", "cp949"),
        ("big5", "big5hkscs"),
        ("nonsense", None),
        (None, None),
    ],
)
def test_labels_map_to_the_browsers_codecs(label: str | None, codec: str | None) -> None:
    assert codec_for(label) == codec


# Declarations that lie


def test_valid_utf8_beats_a_legacy_declaration() -> None:
    decoded = decode(page(ZH_HANS, head='<meta charset="gb2312">').encode("utf-8"), "gb2312")
    assert (decoded.encoding, decoded.via) == ("utf-8", "utf-8")
    assert ZH_HANS in decoded.text


def test_a_declaration_that_does_not_decode_gives_way_to_detection() -> None:
    decoded = decode(page(ZH_HANS).encode("gbk"), "utf-8")
    assert decoded.via == "detected"
    assert ZH_HANS in decoded.text


@pytest.mark.parametrize("http_charset", [None, "utf-8"])
def test_a_utf8_declaration_over_a_legacy_code_page_gives_way(http_charset: str | None) -> None:
    """`<meta charset=utf-8>` (or the server's) over an old windows-1252 page: bytes that are not
    UTF-8 prove it wrong, and the code page's letters show, not U+FFFD."""
    text = "Caf\u00e9 au lait. Na\u00efve fa\u00e7ade, r\u00e9sum\u00e9 \u2014 \u201cquotes\u201d, d\u00e9j\u00e0 vu."
    decoded = decode(page(text, head='<meta charset="utf-8">').encode("cp1252"), http_charset)
    assert decoded.via == "detected"
    assert text in decoded.text


def test_a_short_utf8_page_with_some_stray_bytes_keeps_its_declaration() -> None:
    """Too few UTF-8 characters to outweigh its stray bytes by `_is_mostly_utf8`'s measure, but
    more of them than stray bytes: UTF-8 with a few cut, not a legacy page."""
    text = "\u201cOne\u201d, \u201ctwo\u201d, \u201cthree\u201d \u2014 caf\u00e9s."
    data = page(text, head='<meta charset="utf-8">').encode("utf-8").replace(b"<p>", b"<p>\xe9\x9b\xff", 1)
    decoded = decode(data)
    assert (decoded.encoding, decoded.via) == ("utf-8", "meta")
    assert text in decoded.text


def test_a_stray_byte_keeps_the_declaration() -> None:
    body = page(ZH_HANS * 20).encode("gbk")
    data = body.replace(b"<p>", b"<p>\xff", 1)
    decoded = decode(data, "gbk")
    assert (decoded.encoding, decoded.via) == ("gb18030", "http")
    assert ZH_HANS in decoded.text


@pytest.mark.parametrize("head", ["", '<meta charset="windows-1252">', '<meta charset="utf-8">'])
def test_utf8_with_a_few_stray_bytes_stays_utf8(head: str) -> None:
    """A lone byte of another encoding (`\x9b`, which windows-1252 reads as `›` and Latin-1 as
    the C1 control CSI) or a cut character made the whole text mojibake."""
    text = " ".join((FR, DE, ES, EN, ZH_HANS))
    data = page(text, head=head).encode("utf-8").replace(b"<p>", b"<p>\x9b", 1).replace(b"</p>", b"\xe2\x80</p>")
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert f"<p>\ufffd{text}\ufffd</p>" in decoded.text


@pytest.mark.parametrize(
    ("text", "codec"),
    [(ZH_HANS, "gbk"), (ZH_HANT, "big5"), (JA, "shift_jis"), (KO, "euc_kr"), (DE, "cp1252"), (RU, "cp1251")],
)
def test_legacy_text_is_not_taken_for_utf8_with_stray_bytes(text: str, codec: str) -> None:
    """Some pairs of legacy bytes are valid UTF-8 (`ß”` in windows-1252, many in Big5), never
    many next to the rest, which is not."""
    for length in range(2, len(text)):
        decoded = decode(page(text[:length] * 3).encode(codec))
        assert decoded.encoding != "utf-8" or not decoded.text.count("\ufffd"), (length, decoded.text)


# Detection, with no declaration at all


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ZH_HANS, "gbk"),
        (ZH_HANS, "gb18030"),
        (ZH_HANT, "big5"),
        (JA, "shift_jis"),
        (JA, "euc_jp"),
        (KO, "euc_kr"),
        (FR, "latin-1"),
        (FR, "cp1252"),
        (DE, "latin-1"),
        (ES, "latin-1"),
        (EN, "cp1252"),
    ],
)
def test_short_pages_without_a_declaration(text: str, codec: str) -> None:
    decoded = decode(page(text).encode(codec))
    assert decoded.via == "detected"
    assert text in decoded.text, decoded.encoding


@pytest.mark.parametrize(("text", "codec"), [(ZH_HANS, "gbk"), (ZH_HANT, "big5"), (JA, "shift_jis"), (KO, "euc_kr")])
def test_a_title_alone(text: str, codec: str) -> None:
    """A dozen characters: the hardest case for statistics."""
    title = text[:12]
    assert title in decode(f"<title>{title}</title>".encode(codec)).text


@pytest.mark.parametrize(
    ("text", "codec", "lang"),
    [
        (PL, "cp1250", "pl"),
        (CS, "cp1250", "cs"),
        (RU, "koi8_r", "ru"),
        (RU, "cp1251", "ru"),
        (ZH_HANT, "big5", "zh-TW"),
        (JA, "euc_jp", "ja"),
    ],
)
def test_the_page_language_narrows_detection(text: str, codec: str, lang: str) -> None:
    assert text in decode(page(text, lang).encode(codec)).text


def test_polish_is_not_read_as_windows_1252() -> None:
    """`ł` and `ą` read in windows-1252 are `³` and `¹`: symbols inside words."""
    text = PL + " Łódź, ważą, mają."
    assert text in decode(page(text).encode("cp1250")).text


def test_gb18030_four_byte_sequences() -> None:
    """𠮷 exists only in GB18030's four-byte range: GBK cannot encode it."""
    text = ZH_HANS + "“𠮷”是一个生僻字。"
    assert text in decode(page(text).encode("gb18030")).text


def test_iso_2022_jp() -> None:
    assert JA in decode(page(JA).encode("iso2022_jp")).text


def test_ascii_and_empty() -> None:
    assert detect(b"plain ascii") == "utf-8"
    assert decode(b"").text == ""


def test_sniff_language() -> None:
    assert sniff_language(b'<!doctype html><html class="x" lang="zh-Hant-TW">') == "zh-hant-tw"
    assert sniff_language(b'<meta http-equiv="Content-Language" content="ja">') == "ja"
    assert sniff_language(b"<html>") is None


# Control characters


def test_terminal_controls_are_stripped() -> None:
    data = "<p>a\x1b[31mred\x1b]0;title\x07 b\x9bc\x00d\te\r\nf\rg\x7f</p>".encode()
    text = decode(data).text
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x9b" not in text
    assert "\x00" not in text
    assert "\x7f" not in text
    assert "\r" not in text
    assert "ared b" in text  # whole sequences go: a colour, a window title
    assert "d\te\nf\ng" in text


def test_an_escape_that_starts_no_sequence_takes_no_letter_with_it() -> None:
    data = b"<p>wo\x1brd \x1b(Bplain\x1b]0;no end of the title\nnext</p>"
    assert decode(data).text == "<p>word plain]0;no end of the title\nnext</p>"


def test_controls_are_stripped_from_legacy_encodings_too() -> None:
    text = decode("<p>\x1b[2Jstill here: é</p>".encode("cp1252"), "windows-1252").text
    assert text == "<p>still here: é</p>"
    # ISO 8859-2 reads the byte 0x9b as the C1 control CSI, which is as much a control as ESC [.
    assert decode(b"<p>\x9b2Jstill here</p>", "iso-8859-2").text == "<p>2Jstill here</p>"


_ENGLISH = b"An ordinary sentence of English text, written long ago on another machine. " * 6


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [(b"We met at the caf\xe9 on the corner.", "caf\u00e9"), (b"We don\x92t know.", "don\u2019t")],
)
def test_ascii_text_with_one_legacy_letter_keeps_it(sentence: bytes, expected: str) -> None:
    """An old text saved on Windows with a single accented word or curly quote, far from any
    other, is read in its code page: the letter shows, not U+FFFD."""
    text = decode(_ENGLISH + sentence + b" " + _ENGLISH, None).text
    assert expected in text and "\ufffd" not in text
