"""Picture bytes -> pixels, with Pillow, refusing what would cost too much to decode.

A small file can claim to be huge: a 30,000 x 30,000 PNG of one colour is 100 KB and would
take 900 MB decoded. The size in the header is checked before any pixel is decoded
(`MAX_PIXELS`, below Pillow's own decompression-bomb limit, which stays on as a second line).
A JPEG is decoded straight at a reduced scale when a smaller size is all that will be shown
(`draft`), and every picture is shrunk to `max_side` at most, so what the app keeps per
picture is bounded whatever was downloaded. An animation shows its first frame; SVG is not
drawn (its alt text stands in).

Pillow loads here only, when the first picture is decoded: never for an article without
pictures, nor under `--dump`.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from reader.source.images import ImageFailure, looks_like_markup

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PIXELS = 50_000_000
"""Largest picture decoded (width x height): a 7000 x 7000 photograph, not a bomb."""
MAX_SIDE = 1600
"""Longest side kept after decoding: more than any terminal column shows."""
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "ICO", "TIFF", "AVIF")
"""The formats the web uses for pictures; Pillow is not asked to guess among the rest."""


def decode(data: bytes, *, max_side: int = MAX_SIDE) -> Image:
    """The picture's first frame as RGB or RGBA pixels, at most `max_side` on its longest side.

    Raises `ImageFailure`: `SVG`, `not an image`, `too large`, or `corrupt`.
    """
    return decode_sized(data, max_side=max_side)[0]


def decode_sized(data: bytes, *, max_side: int = MAX_SIDE) -> tuple[Image, tuple[int, int]]:
    """`decode`, and the picture's size in the file: what its cells are fitted from, whatever
    size it was decoded at (a JPEG asked for 400 pixels decodes at half or a quarter of
    800, a quarter of the work)."""
    from PIL import Image, UnidentifiedImageError

    if looks_like_markup(data[:1024]):
        raise ImageFailure("SVG" if b"<svg" in data[:4096].lower() else "not an image")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except UnidentifiedImageError:
            raise ImageFailure("not an image") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageFailure("too large") from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise ImageFailure("corrupt", str(exc)) from None
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ImageFailure("corrupt")
        if width * height > MAX_PIXELS:
            raise ImageFailure("too large", f"{width} x {height} pixels")
        try:
            image.draft("RGB", _scaled((width, height), max_side))  # JPEG only: decode at 1/2, 1/4, 1/8
            image.seek(0)
            image.load()
            picture = image.convert("RGBA" if _has_alpha(image) else "RGB")
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ImageFailure("corrupt", str(exc)) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageFailure("too large") from None
    if max(picture.size) > max_side:
        picture.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    return picture, (width, height)


def _has_alpha(image: Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _scaled(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, int(width * scale)), max(1, int(height * scale))
