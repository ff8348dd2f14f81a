"""Footnotes: `[^label]` references in the text, and the `[^label]: …` notes they point at.

markdown-it's footnote plugin finds both; this module numbers the references in the order
they first appear, makes each one a link to its note (and a place the note links back to),
and gathers the notes into one section after the article, as numbered list items that end
with a link back to every reference.

A long Markdown file is parsed a chunk at a time, and its notes usually sit in the last
chunk, after the references: so the labels defined anywhere in the file are read first
(`expect`), and each chunk is parsed knowing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from reader.model import Block, BlockKind, Inline, Span

_DEFINITION = re.compile(r" {0,3}\[\^([^\]\s]+)\]:")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_LINK = frozenset({Inline.LINK})
BACK = "↩"
"""The link at the end of a note that goes back to its reference."""


def use_footnotes(md: MarkdownIt) -> MarkdownIt:
    """Footnotes as the plugin reads them, kept where they are defined: `Footnotes` moves
    them, across chunks, to the end (the plugin would only move them within one chunk)."""
    md.use(footnote_plugin, inline=False, move_to_end=False)
    return md


def note_anchor(number: int) -> str:
    return f"fn{number}"


def reference_anchor(number: int, occurrence: int) -> str:
    return f"fnref{number}" if occurrence == 0 else f"fnref{number}:{occurrence}"


@dataclass(slots=True)
class Footnotes:
    """The footnotes of one document, numbered as its references come."""

    expected: set[str] = field(default_factory=set)
    """Labels defined somewhere in the document, so a reference before its chunk is one."""
    numbers: dict[str, int] = field(default_factory=dict)
    references: dict[str, int] = field(default_factory=dict)
    """How many times each label was referenced so far."""
    notes: dict[str, list[Block]] = field(default_factory=dict)
    """The blocks of each note, as defined."""

    def expect(self, markdown: str) -> None:
        """Note the labels the whole document defines (outside fenced code)."""
        if "[^" not in markdown:
            return
        fence: str | None = None
        for line in markdown.splitlines():
            opening = _FENCE.match(line)
            if opening:
                fence = None if fence == opening.group(1) else (fence or opening.group(1))
            elif fence is None:
                definition = _DEFINITION.match(line)
                if definition:
                    self.expected.add(definition.group(1))

    def env(self) -> dict[str, Any]:
        """The plugin's state for one chunk: the labels known so far, so references match."""
        known = self.expected | set(self.notes) | set(self.numbers)
        return {"footnotes": {"refs": {f":{label}": -1 for label in known}, "list": {}}} if known else {}

    def reference(self, label: str) -> Span:
        """The span a `[^label]` becomes: its number, linked to the note."""
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        occurrence = self.references.get(label, 0)
        self.references[label] = occurrence + 1
        return Span(f"[{number}]", _LINK, f"#{note_anchor(number)}", anchor=reference_anchor(number, occurrence))

    def section(self, list_id: int) -> list[Block]:
        """The notes, after a rule, in the order of their numbers (notes never referenced
        last); empty when the document has none."""
        for label in self.notes:
            self.numbers.setdefault(label, len(self.numbers) + 1)
        ordered = sorted((number, label) for label, number in self.numbers.items() if label in self.notes)
        blocks: list[Block] = []
        for number, label in ordered:
            blocks += self._note(number, self.notes[label], self.references.get(label, 0), list_id)
        self.notes.clear()
        return [Block(BlockKind.RULE), *blocks] if blocks else []

    def _note(self, number: int, note: list[Block], references: int, list_id: int) -> list[Block]:
        note = note or [Block(BlockKind.PARAGRAPH)]
        back = tuple(
            Span(f" {BACK}{occurrence + 1 if occurrence else ''}", _LINK, f"#{reference_anchor(number, occurrence)}")
            for occurrence in range(references)
        )
        last = max((i for i, b in enumerate(note) if b.kind is not BlockKind.CODE), default=None)
        blocks = []
        for index, block in enumerate(note):
            kind = BlockKind.LIST if block.kind is BlockKind.PARAGRAPH else block.kind
            changes: dict[str, Any] = {"kind": kind, "list_depth": block.list_depth + 1, "list_id": list_id}
            if index == 0:
                changes["anchor"] = note_anchor(number)
                if not block.marker:
                    changes["marker"] = f"{number}."
            if index == last:
                changes["spans"] = block.spans + back
            blocks.append(replace(block, **changes))
        if last is None and back:
            blocks.append(Block(BlockKind.LIST, back, list_depth=1, list_id=list_id, continues=True))
        return blocks
