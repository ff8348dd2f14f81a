"""Bytes to text: find the encoding, decode, strip terminal control characters.

The order follows the WHATWG encoding sniffing algorithm: a byte order mark wins, then the
charset the server declared, then a `<meta>` declaration in the document, then detection.
A declared charset that does not decode cleanly while another one does is a lie (common on
Chinese sites declaring GB2312 and serving UTF-8, or the reverse), so detection gets a say.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from reader.chars import strip_controls

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_WHATWG_ALIASES = {
    # Browsers decode these labels with a superset codec; so must we, or pages break.
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "utf8": "utf-8",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")

_SNIFF_BYTES = 8192
"""How far into the document to look for a `<meta>` declaration; the spec says 1024, real
pages put a kilobyte of scripts and styles first."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """The Python codec that decoded the text."""


def codec_for(label: str | None) -> str | None:
    """Python's codec for an encoding label, with browsers' aliases; None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page can claim UTF-16 in <meta> while being ASCII-compatible bytes; browsers ignore it.
    return codec


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def sniff_meta(data: bytes) -> str | None:
    """The charset a document declares in `<meta>` or an XML declaration."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    codec = codec_for(match.group(1).decode("ascii", "replace"))
    if codec and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def detect(data: bytes) -> str:
    """Guess the encoding of undeclared bytes: UTF-8 if they are valid UTF-8, else detection."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        return "cp1252"
    return codec_for(best.encoding) or "cp1252"


def _decodes_cleanly(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode a document's bytes, and strip terminal control characters from the text."""
    bom = sniff_bom(data)
    if bom:
        codec, skip = bom
        return Decoded(strip_controls(data[skip:].decode(codec, "replace")), codec)
    declared = codec_for(http_charset) or sniff_meta(data)
    if declared and not _decodes_cleanly(data, declared):
        guessed = detect(data)
        if _decodes_cleanly(data, guessed):
            declared = guessed
    codec = declared or detect(data)
    return Decoded(strip_controls(data.decode(codec, "replace")), codec)
