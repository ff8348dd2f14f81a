"""Pictures as lines of cells: half-blocks, Kitty placeholders, their size, caption and cache."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import unicodedata

import pytest
from PIL import Image
from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.segment import Segment

from reader.layout import kitty
from reader.layout.pictures import (
    HALF_BLOCK,
    LOADING,
    Graphics,
    PictureCells,
    background_of,
    caption_lines,
    draw,
    fit_cells,
    half_blocks,
    loading_lines,
    reserved_rows,
)
from reader.layout.theme import load_themes

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def rgb(color: Color | None) -> tuple[int, int, int]:
    assert color is not None
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def test_each_cell_is_an_upper_pixel_over_a_lower_one() -> None:
    image = Image.new("RGB", (2, 2))
    image.putdata([RED, BLUE, GREEN, WHITE])  # top row, then bottom row
    (row,) = half_blocks(image, 2, 1, background=(0, 0, 0))
    cells = [(segment.text, rgb(segment.style.color), rgb(segment.style.bgcolor)) for segment in row if segment.style]
    assert cells == [(HALF_BLOCK, RED, GREEN), (HALF_BLOCK, BLUE, WHITE)]


def test_a_run_of_equal_cells_is_one_segment_and_rows_fill_the_width() -> None:
    rows = half_blocks(Image.new("RGB", (50, 20), RED), 25, 5, background=(0, 0, 0))
    assert len(rows) == 5
    assert all(row == (Segment(HALF_BLOCK * 25, row[0].style),) for row in rows)
    assert all(sum(segment.cell_length for segment in row) == 25 for row in rows)


def test_transparent_pixels_show_the_theme_background() -> None:
    sepia = load_themes().get("sepia")
    background = background_of(sepia)
    assert background != (255, 255, 255)
    (row,) = half_blocks(Image.new("RGBA", (4, 2), (0, 0, 0, 0)), 4, 1, background)
    assert {rgb(segment.style.color) for segment in row if segment.style} == {background}


@pytest.mark.parametrize(
    ("size", "limit", "cells"),
    [
        ((640, 480), (80, 40), (80, 30)),  # natural size: 8 x 16 pixels a cell
        ((1600, 400), (80, 40), (80, 10)),  # a wide banner keeps its 4:1 (cells are 1:2)
        ((100, 2000), (80, 20), (2, 20)),  # a tall strip is held to the height limit
        ((160, 160), (80, 40), (20, 10)),  # small pictures are not enlarged
        ((1, 1), (80, 40), (1, 1)),
        ((5000, 5000), (400, 400), (297, 148)),  # a placeholder addresses 297 columns at most
    ],
)
def test_pictures_keep_their_aspect_in_cells_twice_as_tall_as_wide(
    size: tuple[int, int], limit: tuple[int, int], cells: tuple[int, int]
) -> None:
    assert fit_cells(size, *limit) == cells


def test_space_is_reserved_from_width_and_height_attributes() -> None:
    assert reserved_rows("640", "480", 80, 40) == 30
    assert reserved_rows("640px", "480px", 80, 40) == 30
    assert reserved_rows("100%", "480", 80, 40) is None
    assert reserved_rows("", "", 80, 40) is None
    assert reserved_rows("0", "10", 80, 40) is None


def test_the_caption_wraps_in_the_image_style_and_a_reason_follows_in_meta() -> None:
    theme = load_themes().get("night")
    lines = caption_lines("A chart of the monthly rainfall in Lisbon", 20, theme, note="404")
    texts = ["".join(segment.text for segment in line) for line in lines]
    assert " ".join(" ".join(texts).split()) == "A chart of the monthly rainfall in Lisbon · 404"
    assert all(cell_len(text) <= 20 for text in texts)
    assert lines[0][1].style == theme.style("image")  # after the spaces that centre it
    assert lines[-1][-1].text.endswith(" · 404")
    assert lines[-1][-1].style == theme.style("meta")
    assert caption_lines("", 20, theme)[0][-1].text == "picture"


@pytest.mark.parametrize(
    ("alt", "width"),
    [
        ("Figure 1", 40),
        ("图一：里斯本的月降雨量", 40),  # wide characters: two cells each
        ("A chart of the monthly rainfall in Lisbon, by year, since records began", 30),
        ("里斯本自有记录以来每年每月的降雨量图表，按年份排列", 16),
    ],
)
def test_the_caption_is_centred_under_the_picture_and_still_wraps(alt: str, width: int) -> None:
    """The picture is centred in the column: so is each line of its caption, in cells."""
    lines = caption_lines(alt, width, load_themes().get("paper"))
    texts = ["".join(segment.text for segment in line) for line in lines]
    assert "".join(text.strip() for text in texts).replace(" ", "") == alt.replace(" ", "")
    assert (len(texts) > 1) == (cell_len(alt) > width)  # wrapped only when longer than the column
    for text in texts:
        assert cell_len(text) <= width
        left = len(text) - len(text.lstrip(" "))
        assert left == (width - cell_len(text.strip())) // 2


def test_the_loading_line_fills_the_reserved_rows() -> None:
    theme = load_themes().get("paper")
    lines = loading_lines(6, theme)
    assert len(lines) == 6
    assert lines[0] == (Segment(LOADING, theme.style("meta")),)
    assert lines[1:] == [()] * 5
    assert len(loading_lines(0, theme)) == 1


def test_placeholder_cells_name_the_image_by_colour_and_their_row_and_column() -> None:
    rows = kitty.placeholder_rows(0x123456, 3, 2)
    assert len(rows) == 2
    ((segment,),) = rows[1:]
    d = kitty.DIACRITICS
    assert segment.text == "".join(kitty.PLACEHOLDER + d[1] + d[col] for col in range(3))
    assert rgb(segment.style.color if segment.style else None) == (0x12, 0x34, 0x56)
    assert cell_len(segment.text) == 3  # one cell each: the marks take none


def test_placeholders_reach_the_terminal_as_written() -> None:
    ((segment,),) = kitty.placeholder_rows(0x010203, 2, 1)
    assert segment.style is not None
    out = segment.style.render(segment.text, color_system=ColorSystem.TRUECOLOR)
    first_cell = kitty.PLACEHOLDER + kitty.DIACRITICS[0] + kitty.DIACRITICS[0]
    assert out.startswith("\x1b[38;2;1;2;3m" + first_cell)


def test_the_diacritics_are_kittys_table() -> None:
    assert kitty.MAX_CELLS == 297
    assert kitty.DIACRITICS[:3] == ("\u0305", "\u030d", "\u030e")
    assert kitty.DIACRITICS[-1] == "\U0001d244"
    assert all(unicodedata.combining(mark) == 230 and not unicodedata.decomposition(mark) for mark in kitty.DIACRITICS)


def test_a_picture_is_sent_in_quiet_chunks_with_a_virtual_placement() -> None:
    png = bytes(range(256)) * 32  # 8 KB: three chunks of base64
    escapes = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", kitty.transmit(png, 42, 30, 12))
    assert len(escapes) == 3
    first_keys = dict(pair.split("=") for pair in escapes[0][0].split(","))
    assert first_keys | {"m": "1"} == {
        "a": "T", "f": "100", "t": "d", "i": "42", "p": "1", "U": "1", "c": "30", "r": "12", "q": "2", "m": "1"
    }  # fmt: skip
    assert [keys for keys, _ in escapes[1:]] == ["m=1,q=2", "m=0,q=2"]
    assert all(len(payload) <= kitty.CHUNK and len(payload) % 4 == 0 for _, payload in escapes[:-1])
    assert base64.b64decode("".join(payload for _, payload in escapes)) == png


def test_inside_tmux_escapes_go_through_its_passthrough() -> None:
    wrapped = kitty.delete(7, tmux=True)
    assert wrapped == "\x1bPtmux;\x1b\x1b_Ga=d,d=I,i=7,q=2\x1b\x1b\\\x1b\\"
    assert kitty.place(7, 10, 5) == "\x1b_Ga=p,i=7,p=1,U=1,c=10,r=5,q=2\x1b\\"


def test_the_png_sent_is_no_larger_than_its_cells_need() -> None:
    png = kitty.png_for(Image.new("RGB", (1600, 1200), RED), 40, 15)
    with Image.open(io.BytesIO(png)) as sent:
        assert sent.size[0] <= 40 * kitty.CELL_PIXELS[0] and sent.size[1] <= 15 * kitty.CELL_PIXELS[1]


def test_draw_picks_the_way_the_terminal_draws() -> None:
    image = Image.new("RGB", (16, 16), BLUE)
    assert draw(image, 2, 1, Graphics.KITTY, background=WHITE, image_id=5) == kitty.placeholder_rows(5, 2, 1)
    assert draw(image, 2, 1, Graphics.BLOCKS, background=WHITE) == half_blocks(image, 2, 1, WHITE)


def test_drawn_pictures_are_cached_within_a_bound() -> None:
    cache = PictureCells(max_cells=100)
    row: tuple[Segment, ...] = (Segment("x"),)
    cache.put(("a", 10), [row], 60)
    cache.put(("b", 10), [row], 30)
    assert cache.get(("a", 10)) == [row]  # a is now the most recently used
    cache.put(("c", 10), [row], 30)
    assert cache.get(("b", 10)) is None
    assert cache.get(("a", 10)) == [row] and cache.get(("c", 10)) == [row]
    assert len(cache) == 2


def test_pillow_and_httpx_load_only_when_a_picture_is_decoded_or_downloaded() -> None:
    """An article without pictures, and `--dump`, pay nothing for them at start-up."""
    modules = ("reader.layout.pictures", "reader.layout.kitty", "reader.source.images", "reader.source.image_decode")
    code = "import sys\n" + "".join(f"import {name}\n" for name in modules)
    code += "print(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'httpx'}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
