"""How far through an article the reader is, counted in its text (`reader.layout.progress`)."""

from __future__ import annotations

from reader.layout.progress import ReadThrough
from reader.model import HEADER, Article, Block, BlockKind, Position, Span


def paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, (Span(text),))


def test_the_share_of_text_before_a_position_whatever_the_lines() -> None:
    article = Article()
    article.extend([paragraph("a" * 50), paragraph("b" * 30), paragraph("c" * 20)])
    through = ReadThrough()
    assert through.percent(article, Position(HEADER, 0)) == 0
    assert through.percent(article, Position(0, 0)) == 0
    assert through.percent(article, Position(1, 0)) == 50
    assert through.percent(article, Position(1, 15)) == 65
    assert through.percent(article, Position(2, 999)) == 100  # an offset past its block ends there


def test_blocks_arriving_later_count_from_then_on() -> None:
    article = Article()
    article.extend([paragraph("a" * 50), paragraph("b" * 50)])
    through = ReadThrough()
    assert through.percent(article, Position(1, 0)) == 50
    article.extend([paragraph("c" * 100)])
    assert through.percent(article, Position(1, 0)) == 25
    other = Article()
    other.extend([paragraph("d" * 10), paragraph("e" * 30)])
    assert through.percent(other, Position(1, 0)) == 25  # another article: summed afresh
