"""Whether bytes are text at all, before and after decoding.

A file named `.html` may hold anything. Latin-1 and its kin decode every byte, so decoding
alone cannot tell a page from a JPEG: 1 MB of random bytes used to come out as "191 min read"
of mojibake. The decision goes in this order (`reader.source.decode` asks each in turn):

1. a byte order mark means text (UTF-8, UTF-16, UTF-32);
2. a known binary signature (ELF, PNG, JPEG, GIF, PDF, ZIP, gzip, ...) means binary;
3. NULs in every other byte (or three bytes in four) mean UTF-16 (UTF-32) without a mark;
4. otherwise the text is decoded as usual, and refused when characters no text holds
   (control characters, U+FFFD for undecodable bytes) are more than a few percent of it.

Terminal escape sequences (ESC, BEL, the C1 controls) are a hostile page's weapon, not a
sign of binary data: they are stripped and the page is read, so they are not counted; nor
are NULs, which hostile pages sprinkle in words and which binary files never come without
other control characters. Tab, newline, carriage return and form feed are ordinary text.
And a handful of odd characters never makes a document binary, however short it is.
"""

from __future__ import annotations

import re
from functools import cache

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (rb"%PDF-", "application/pdf"),
    (rb"\x89PNG\r\n\x1a\n", "image/png"),
    (rb"GIF8[79]a", "image/gif"),
    (rb"\xff\xd8\xff", "image/jpeg"),
    (rb"\x00\x00\x01\x00", "image/x-icon"),
    (rb"II\*\x00|MM\x00\*", "image/tiff"),
    (rb"RIFF....WEBP", "image/webp"),
    (rb"....ftyp", "video/mp4"),
    (rb"PK\x03\x04|PK\x05\x06", "application/zip"),
    (rb"\x1f\x8b\x08", "application/gzip"),
    (rb"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (rb"Rar!\x1a\x07", "application/vnd.rar"),
    (rb"\xfd7zXZ\x00", "application/x-xz"),
    (rb"\x28\xb5\x2f\xfd", "application/zstd"),
    (rb"BZh[1-9]", "application/x-bzip2"),
    (rb"\x7fELF", "application/x-executable"),
    (rb"\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\xca\xfe\xba\xbe", "application/x-mach-binary"),
    (rb"\x00asm", "application/wasm"),
    (rb"SQLite format 3\x00", "application/vnd.sqlite3"),
    (rb"OggS\x00", "application/ogg"),
    (rb"ID3[\x02-\x04]", "audio/mpeg"),
    (rb"fLaC\x00", "audio/flac"),
    (rb"\x1a\x45\xdf\xa3", "video/webm"),
    (rb"wOFF|wOF2", "font/woff"),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    (rb"\{\\rtf", "application/rtf"),
)
"""Signatures at the start of a file (WHATWG MIME Sniffing and the usual magic numbers)."""

_SAMPLE = 4096
"""How much of the start the NUL pattern is read from."""
_PATTERN_SHARE = 0.9
"""Share of the NUL positions that must hold NULs, and of the others that must not."""

MAX_NOISE = 0.05
"""Share of characters no text holds above which a document is refused: "a few percent".
Random bytes give about 10% (that share of all byte values are control characters in every
ASCII-compatible encoding); a page with a few broken bytes gives a fraction of one percent."""
MIN_NOISE = 64
"""Fewer odd characters than this never refuse a document (a short test page of controls)."""

_NOISE = re.compile("[\x01-\x06\x08\x0b\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
"""What binary data leaves in decoded text: control characters other than tab, newline,
carriage return and form feed (and other than NUL, ESC and BEL, see the module docstring),
DEL, and the replacement character of undecodable bytes."""


def signature_type(head: bytes) -> str | None:
    """The media type a binary signature at the start of `head` announces; None without one."""
    for pattern, media_type in _signatures():
        if pattern.match(head):
            return media_type
    return None


@cache
def _signatures() -> tuple[tuple[re.Pattern[bytes], str], ...]:
    """`_SIGNATURES` compiled when first asked: an article whose conversion is cached (the
    app's start on a file read before) never sniffs, and the 27 patterns cost 1-3 ms to compile."""
    return tuple((re.compile(pattern, re.DOTALL), media_type) for pattern, media_type in _SIGNATURES)


def unmarked_utf16(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec of text without a byte order mark, from its NUL pattern.

    Latin text in UTF-16 has a NUL in every other byte (the high byte of each character); in
    UTF-32, in three bytes of four. Which bytes are NUL tells the byte order.
    """
    sample = data[: _SAMPLE - _SAMPLE % 4]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quarters = [_nul_share(sample[offset::4]) for offset in range(4)]
    if min(quarters[1:]) >= _PATTERN_SHARE and quarters[0] <= 1 - _PATTERN_SHARE:
        return "utf-32-le"
    if min(quarters[:3]) >= _PATTERN_SHARE and quarters[3] <= 1 - _PATTERN_SHARE:
        return "utf-32-be"
    even, odd = _nul_share(sample[0::2]), _nul_share(sample[1::2])
    if odd >= _PATTERN_SHARE and even <= 1 - _PATTERN_SHARE:
        return "utf-16-le"
    if even >= _PATTERN_SHARE and odd <= 1 - _PATTERN_SHARE:
        return "utf-16-be"
    return None


def _nul_share(data: bytes) -> float:
    return data.count(0) / max(len(data), 1)


def is_noise(text: str) -> bool:
    """Whether decoded `text` is mostly what no text holds (control characters, U+FFFD)."""
    return _too_noisy(len(text) - len(_NOISE.sub("", text)), len(text))


_CONTROL_BYTES = bytes([*range(0x01, 0x07), 0x08, 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


def is_byte_noise(data: bytes) -> bool:
    """`is_noise` judged on the bytes, before any decoding (and before its cost).

    In every ASCII-compatible encoding these bytes are control characters and nothing else:
    multibyte encodings never use them inside a character. So random bytes are known
    without running the encoding detector over them.
    """
    return _too_noisy(len(data) - len(data.translate(None, _CONTROL_BYTES)), len(data))


def _too_noisy(count: int, length: int) -> bool:
    return count >= MIN_NOISE and count > MAX_NOISE * length
