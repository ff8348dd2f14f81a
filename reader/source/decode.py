"""Bytes to text: find the encoding, decode, strip terminal control characters.

The order follows the WHATWG encoding sniffing algorithm: a byte order mark wins, then the
charset the server declared, then a `<meta>` declaration in the document, then detection.
(BOM before the HTTP header is the WHATWG order and the design's; browsers do the same.)

Declarations lie. Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the
page says (a legacy page is practically never valid UTF-8 by accident), and so are bytes whose
UTF-8 characters far outnumber a few stray bytes (a cut character, a byte of another encoding
pasted in): those read as U+FFFD, not the whole text as mojibake; a declared charset
that leaves more than one undecodable byte in a hundred characters gives way to detection
when detection finds a multibyte encoding that decodes every byte (a single-byte code page
decodes anything, so it proves nothing), or to any guess when the declaration is UTF-8 and
the bytes hold more stray bytes than UTF-8 characters (`<meta charset=utf-8>` pasted into an
old windows-1252 page).

Detection is charset-normalizer, restricted to the encodings browsers know and corrected
where it was measured to go wrong (figures in `benchmarks/web.py`):
- a CJK reading full of characters that language does not use (half-width katakana for
  Japanese, ideographs for Korean, kana for Chinese) is passed over: that is how short
  Chinese pages came out as Korean and KOI8-R as Shift_JIS;
- between Latin single-byte encodings, windows-1252 wins unless it puts symbols inside words
  (Polish `ł` read as `³`), which is what browsers default to; charset-normalizer picked
  windows-1250 for French text half the time;
- `<html lang>` narrows the candidates to that language's encodings, as a browser's locale does.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from reader.chars import strip_controls, xml_safe
from reader.errors import NotText
from reader.source.binary import is_byte_noise, is_noise, signature_type, unmarked_utf16

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
_LANG = re.compile(
    rb"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)"""
    rb"""|<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""",
    re.IGNORECASE,
)

_SNIFF_BYTES = 8192
"""How far into the document to look for a `<meta>` declaration; the spec says 1024, real
pages put a kilobyte of scripts and styles first."""
_DETECT_BYTES = 200_000
_SCORE_BYTES = 32_768
"""How much of a document the plausibility scores read: enough, and fast in pure Python."""
_LAX_CHAOS = 0.5
_MAX_ERROR_RATE = 0.01
"""Undecodable bytes per character that a declaration survives (a stray byte is common)."""

_WEB_ENCODINGS = [
    # The legacy encodings of the WHATWG Encoding Standard that charset-normalizer knows.
    "utf_8", "gb18030", "big5", "cp932", "euc_jp", "cp949",
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_13", "iso8859_15",
    "koi8_r", "koi8_u", "cp866", "mac_roman",
]  # fmt: skip
_JAPANESE = frozenset({"cp932", "shift_jis", "euc_jp", "euc_jis_2004", "shift_jis_2004"})
_KOREAN = frozenset({"cp949", "euc_kr", "johab"})
_CHINESE = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs"})
_CYRILLIC = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866")
_LATIN = (
    "cp1252", "cp1250", "cp1254", "cp1257", "cp1258", "iso8859_2", "iso8859_4", "iso8859_13", "iso8859_15", "mac_roman",
)  # fmt: skip
_LANGUAGE_ENCODINGS: dict[str, tuple[str, ...]] = {
    "zh": ("gb18030", "big5"),
    "zh-cn": ("gb18030",),
    "zh-sg": ("gb18030",),
    "zh-hans": ("gb18030",),
    "zh-tw": ("big5",),
    "zh-hk": ("big5",),
    "zh-mo": ("big5",),
    "zh-hant": ("big5",),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk"), ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866")),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), ("cp1250", "iso8859_2")),
    "el": ("cp1253", "iso8859_7"),
    "tr": ("cp1254",),
    "az": ("cp1254",),
    "he": ("cp1255", "iso8859_8"),
    "iw": ("cp1255", "iso8859_8"),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13")),
    "vi": ("cp1258",),
    "th": ("cp874",),
}
"""Legacy encodings by language, as browsers' locale defaults; other languages get cp1252."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """The Python codec that decoded the text."""
    via: str = ""
    """Where the encoding came from: "bom", "http", "meta", "utf-8" (valid UTF-8 over a
    legacy declaration), "nul pattern" (UTF-16 or UTF-32 without a mark) or "detected"."""


def codec_for(label: str | None) -> str | None:
    """Python's codec for an encoding label, with browsers' aliases; None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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
        # A page can claim UTF-16 in <meta> while being ASCII-compatible bytes; browsers use UTF-8.
        return "utf-8"
    return codec


def sniff_language(data: bytes) -> str | None:
    """The document's language from `<html lang>` or Content-Language, lower-case."""
    match = _LANG.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def decode(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode a document's bytes into text that every later stage can hold: terminal control
    characters stripped, characters XML forbids replaced (`reader.chars.xml_safe`).

    Raises `NotText` for binary data, checked in the order `reader.source.binary` gives.
    """
    bom = sniff_bom(data)
    if bom:
        codec, skip = bom
        return _decoded(data[skip:].decode(codec, "replace"), codec, "bom", checked=False)
    if signature_type(data[:_SIGNATURE_BYTES]):
        raise NotText
    unmarked = unmarked_utf16(data)
    if unmarked:
        return _decoded(data.decode(unmarked, "replace"), unmarked, "nul pattern")
    if is_byte_noise(data):
        raise NotText  # before the encoding detector spends seconds on random bytes
    via = "http"
    declared = codec_for(http_charset)
    if declared is None:
        via, declared = "meta", sniff_meta(data)
    if declared is not None and not declared.startswith("utf") and not data.isascii() and _is_mostly_utf8(data):
        via, declared = "utf-8", "utf-8"
    if declared is not None:
        text = data.decode(declared, "replace")
        if _error_rate(text) > _MAX_ERROR_RATE:
            guessed = detect(data)
            # More stray bytes than UTF-8 characters prove a UTF-8 declaration wrong: any
            # guess is better, single-byte too. (A few stray bytes among UTF-8 characters:
            # `detect` reads UTF-8, the declaration stays.)
            better = (declared == "utf-8" and _mostly_stray(data, text)) or (
                _is_multibyte(guessed) and _decodes_cleanly(data, guessed)
            )
            if guessed != declared and (better or is_noise(text)):
                # A declaration so wrong that its reading would be refused gives way to any guess.
                return _decoded(data.decode(guessed, "replace"), guessed, "detected")
        return _decoded(text, declared, via)
    codec = detect(data)
    return _decoded(data.decode(codec, "replace"), codec, "detected")


_SIGNATURE_BYTES = 64


def _decoded(text: str, codec: str, via: str, *, checked: bool = True) -> Decoded:
    """The finished text; `NotText` when it is mostly what no text holds (unless a byte
    order mark said it is text)."""
    if checked and is_noise(text):
        raise NotText
    return Decoded(xml_safe(strip_controls(text)), codec, via)


def detect(data: bytes) -> str:
    """Guess the encoding of undeclared bytes: UTF-8 if they are UTF-8 (but for a few stray
    bytes), else detection."""
    if _is_utf8(data):
        return "iso2022_jp" if b"\x1b$B" in data[:_DETECT_BYTES] else "utf-8"
    if _is_mostly_utf8(data):
        return "utf-8"
    sample = data[:_DETECT_BYTES]
    language = sniff_language(sample)
    hinted = _LANGUAGE_ENCODINGS.get(language or "") or _LANGUAGE_ENCODINGS.get((language or "").split("-")[0])
    if hinted:
        codec = _choose(sample, list(hinted))
        if codec:
            return codec
    return _choose(sample, _WEB_ENCODINGS) or "cp1252"


def _choose(sample: bytes, candidates: list[str]) -> str | None:
    import charset_normalizer  # only undeclared pages pay for loading the detector

    results = list(charset_normalizer.from_bytes(sample, cp_isolation=candidates))
    if not results:
        # Short pages mixing scripts (a rare ideograph beside a euro sign) read as "chaos"
        # past its default threshold of 0.2 in every encoding, the right one included.
        results = list(charset_normalizer.from_bytes(sample, cp_isolation=candidates, threshold=_LAX_CHAOS))
    if not results:
        return None
    scored = _score_sample(sample)
    plausible = (r.encoding for r in results if _implausibility(scored.decode(r.encoding, "ignore"), r.encoding) < 0.3)
    chosen = next(plausible, results[0].encoding)
    found = [r.encoding for r in results]
    if chosen in _LATIN:
        # windows-1252 first, the browsers' default, to win ties; charset-normalizer leaves
        # out encodings similar to one it found, so windows-1250 is always asked too.
        chosen = _least_odd(scored, [c for c in ("cp1252", "cp1250", *found) if c in _LATIN and c in candidates])
    elif chosen in _CYRILLIC:
        chosen = _least_odd(scored, [chosen, *(c for c in _CYRILLIC if c in found or c in ("cp1251", "koi8_r"))])
    return codec_for(chosen) or chosen


def _least_odd(sample: bytes, candidates: list[str]) -> str:
    """The candidate whose reading has the fewest oddities; the earliest on a tie."""
    best, best_score = candidates[0], None
    for codec in dict.fromkeys(candidates):
        try:
            score = _oddity(sample.decode(codec))
        except UnicodeDecodeError:
            continue
        if best_score is None or score < best_score:
            best, best_score = codec, score
    return best


def _oddity(text: str) -> int:
    """What a wrong single-byte code page produces: symbols against letters (`³atwy` for
    Polish `łatwy`) and capitals inside words (`пРИВЕТ`, KOI8-R read as windows-1251)."""
    count = 0
    previous = " "
    for index, char in enumerate(text):
        if char >= "\x80":
            if unicodedata.category(char) in ("No", "Sm", "Sk", "So", "Sc"):
                following = text[index + 1 : index + 2]
                if previous.isalpha() or following.isalpha():
                    count += 1
            elif previous.isalpha() and char.isupper():
                count += 1
        elif previous >= "\x80" and previous.islower() and char.isupper():
            count += 1
        previous = char
    return count


def _implausibility(text: str, codec: str) -> float:
    """The share of letters that the language of a CJK encoding does not use."""
    letters = [c for c in text if c >= "\x80" and (c.isalpha() or _halfwidth_kana(c))]
    if not letters or codec not in _JAPANESE | _KOREAN | _CHINESE:
        return 0.0
    if codec in _JAPANESE:
        odd = sum(_halfwidth_kana(c) or _hangul(c) for c in letters)
    elif codec in _KOREAN:
        odd = sum(_ideograph(c) or _kana(c) or 0x3130 <= ord(c) <= 0x318F for c in letters)
    else:
        odd = sum(_kana(c) or _hangul(c) for c in letters)
    return odd / len(letters)


def _kana(char: str) -> bool:
    return 0x3040 <= ord(char) <= 0x30FF


def _halfwidth_kana(char: str) -> bool:
    return 0xFF61 <= ord(char) <= 0xFF9F


def _hangul(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def _ideograph(char: str) -> bool:
    return 0x4E00 <= ord(char) <= 0x9FFF or 0x3400 <= ord(char) <= 0x4DBF


def _score_sample(data: bytes) -> bytes:
    """The start of the document, cut after an ASCII byte so no character is split."""
    if len(data) <= _SCORE_BYTES:
        return data
    cut = data[:_SCORE_BYTES]
    end = max(cut.rfind(b" "), cut.rfind(b">"), cut.rfind(b"\n"))
    return cut[: end + 1] if end > 0 else cut


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_UTF8_EVIDENCE = 3
"""UTF-8 characters per stray byte that make bytes UTF-8 with a few errors. A legacy page's
letters outside ASCII are stray bytes in UTF-8 and make a valid UTF-8 character only by chance
(`ß”` in windows-1252, a Big5 pair): measured on our samples of legacy encodings, at most one
for every two stray bytes past `_UTF8_MIN_CHARS` of them (a short run of Big5 can be all but
valid UTF-8)."""
_UTF8_MIN_CHARS = 20


def _is_mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8, or UTF-8 with a few stray bytes: `_UTF8_EVIDENCE` times fewer than its
    characters outside ASCII, and these many enough to tell. (Too many stray bytes, and the
    text is refused as noise.)"""
    stray = _stray(data, text := data.decode("utf-8", "replace"))
    return not stray or _wide(text, stray) >= max(_UTF8_MIN_CHARS, _UTF8_EVIDENCE * stray)


def _mostly_stray(data: bytes, text: str) -> bool:
    """More bytes that are not UTF-8 than UTF-8 characters outside ASCII (`text`: `data` read
    as UTF-8): a legacy page, its letters valid UTF-8 only by chance, not one with a few cut."""
    return (stray := _stray(data, text)) > _wide(text, stray)


def _stray(data: bytes, text: str) -> int:
    """Bytes of `data` that are not UTF-8 (`text`: `data` decoded as UTF-8, with replacements)."""
    return text.count("\ufffd") - data.count("\ufffd".encode())


def _wide(text: str, stray: int) -> int:
    """UTF-8 characters outside ASCII in `text`, less its `stray` replacements."""
    return len(text) - len(text.encode("ascii", "ignore")) - stray


def _decodes_cleanly(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _is_multibyte(codec: str) -> bool:
    """Single-byte code pages decode any bytes "cleanly", so they cannot prove a declaration wrong."""
    return codec.startswith("utf") or codec in _JAPANESE | _KOREAN | _CHINESE | {"iso2022_jp"}


def _error_rate(text: str) -> float:
    return text.count("\ufffd") / max(len(text), 1)
