"""A long table is blocks of `TABLE_PART_ROWS` rows, converted and laid out a part at a time,
and drawn exactly as the one table it is (one set of column widths, one header, one box)."""

from __future__ import annotations

import dataclasses

import pytest

from reader.convert.chunked import open_text
from reader.convert.document import CONTINUES, finish
from reader.convert.markdown_limits import TABLE_PART_ROWS
from reader.convert.pipeline import load_text
from reader.layout.lines import Layout
from reader.library.offline import ParseMode, parse_copy
from reader.model import Article, Block, BlockKind


def table_html(rows: int, columns: int, *, header: bool = True, cell: str = "r{r}c{c}") -> str:
    head = "<tr>" + "".join(f"<th>h{c}</th>" for c in range(columns)) + "</tr>" if header else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{cell.format(r=r, c=c)}</td>" for c in range(columns)) + "</tr>" for r in range(rows)
    )
    return f"<p>Before the table.</p><table>{head}{body}</table><p>After the table.</p>"


def growing(r: int, c: int) -> str:
    """Cells that grow down the table: the widths come from its last rows."""
    return f"r{r}c{c}" + " wide" * (r // 20) * (c % 2)


TABLES = {
    "boxed": table_html(40, 3),
    "headerless": table_html(40, 3, header=False),
    "column groups": table_html(40, 40),
    "records": table_html(40, 4, cell="r{r}c{c}: a cell of a few words, too long for narrow columns"),
    "widths from the last rows": table_html(70, 4, cell="{r}-{c}").replace("69-3", "a much longer cell"),
    "wrapped cells": "<p>x</p><table>"
    + "".join(f"<tr><td>{growing(r, 0) if r else 'h'}</td><td>{growing(r, 1)}</td></tr>" for r in range(90))
    + "</table>",
}


def whole(blocks: list[Block]) -> list[Block]:
    """The blocks with each table's parts joined back into one block."""
    joined: list[Block] = []
    for block in blocks:
        if block.kind is BlockKind.TABLE and block.continues and joined and joined[-1].kind is BlockKind.TABLE:
            joined[-1] = dataclasses.replace(joined[-1], rows=joined[-1].rows + block.rows)
        else:
            joined.append(block)
    return joined


def lines_of(article: Article, width: int) -> list[str]:
    layout = Layout(article, width, keep=len(article.blocks) + 1)
    return [line.text.rstrip() for line in layout.lines()]


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("width", [30, 80])
def test_a_long_table_is_drawn_as_the_one_table_it_is(name: str, width: int) -> None:
    article = load_text(TABLES[name], "text/html").article
    tables = [block for block in article.blocks if block.kind is BlockKind.TABLE]
    assert len(tables) > 1 and all(block.continues for block in tables[1:])
    assert all(len(block.rows) <= TABLE_PART_ROWS for block in tables)
    one = Article(metadata=article.metadata)
    one.extend(whole(article.blocks))
    assert len([block for block in one.blocks if block.kind is BlockKind.TABLE]) == 1
    assert lines_of(article, width) == lines_of(one, width)


def test_a_long_table_is_converted_a_part_at_a_time() -> None:
    opened = open_text(table_html(300, 5), "text/html")
    first = next(opened.chunks)
    assert [len(block.rows) for block in first.blocks if block.kind is BlockKind.TABLE] == [TABLE_PART_ROWS]
    rest = list(opened.chunks)
    assert rest[0].markdown.startswith(CONTINUES)
    assert rest[0].blocks[0].continues and "r15c0" in rest[0].blocks[0].text
    opened = open_text(table_html(300, 5), "text/html")
    document = finish(opened)
    # The chunks' Markdown is one table, which parses back to the same blocks (offline copies).
    delimiters = [line for line in document.markdown.splitlines() if line.startswith("---|")]
    assert len(delimiters) == 1 and CONTINUES not in document.markdown
    assert "r299c4" in document.markdown
    assert parse_copy(document.markdown, ParseMode.HTML, document.article.metadata).article.blocks == (
        document.article.blocks
    )


def test_markdown_of_a_long_table_is_cut_into_the_same_blocks() -> None:
    rows = "\n".join(f"| {r} | x{r} |" for r in range(40))
    article = load_text(f"| a | b |\n|---|---|\n{rows}\n", "text/markdown").article
    assert [len(block.rows) for block in article.blocks] == [16, 16, 9]
    assert [block.continues for block in article.blocks] == [False, True, True]


def test_a_table_going_on_lays_out_its_parts_shown_again() -> None:
    """In the app a table arrives a part at a time: the parts laid out before get the widths
    of the rows that came after them, and the last one loses its bottom border."""
    full = load_text(TABLES["widths from the last rows"], "text/html").article
    article = Article(metadata=full.metadata)
    article.extend(full.blocks[:3])
    layout = Layout(article, 80, lazy=True)
    layout.settle(0, 1000, 0)
    assert not layout.estimating
    article.extend(full.blocks[3:])
    assert layout.update()
    layout.settle(0, 1000, 0)
    assert [line.text.rstrip() for line in layout.lines()] == lines_of(full, 80)


@pytest.mark.parametrize("name", ["boxed", "wrapped cells", "records", "column groups"])
def test_a_position_inside_a_table_stands_at_its_row(name: str) -> None:
    """A reading position (a bookmark, the place kept on quitting, the view kept when the pane
    changes height) inside a table part goes back to the row it was at, not the part's top
    line: every line of a table once said offset 0, 16 rows (or 16 records of 40 lines) back.
    In column groups a part's first row comes back with its band's top: the border and the
    header row above it."""
    article = load_text(TABLES[name], "text/html").article
    layout = Layout(article, 40, keep=len(article.blocks) + 1)
    texts = [line.text for line in layout.lines()]
    rows = range(3, 39, 4)
    positions = set()

    def first_line(row: int) -> int:
        label = f"│ {growing(row, 0).split()[0]} " if name == "wrapped cells" else f"r{row}c0"
        return next(y for y, text in enumerate(texts) if label in text)

    for row in rows:
        y, after = first_line(row), first_line(row + 1)
        position = layout.position_at(y)
        positions.add(position)
        line = layout.line_of(position)
        above = 3 if name == "column groups" else 1
        assert y - above <= line <= y, (row, position)  # the row's first line, or the rule above a record
        assert layout.position_at(line) == position
        assert {layout.position_at(z) for z in range(y, max(y + 1, after - 1))} == {position}  # its lines
    assert len(positions) == len(rows)
