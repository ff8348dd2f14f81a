"""Full-text search of the library: what the user types, turned into a query that cannot fail.

The index (`search`, FTS5 with the trigram tokenizer) finds any substring of three or more
characters in any script, case-insensitively: the only way to find a word inside unspaced
Chinese or Japanese text, and it finds Latin words by their prefixes too. It cannot find
shorter terms (FTS5 silently ignores them), so those are checked by a scan of the stored text:
`instr()` for a term of a script without case, and a word-start test (`reader_word`, registered
on each connection) for a Latin, Greek or Cyrillic one, since "go" as a substring is in half of
all English texts. When a query has both, the short terms are checked only on the long terms'
candidates.

Queries are text, never syntax: each term is quoted before it reaches FTS5, so `C++`, `"`,
`AND` or `-` are searched for, not parsed. Terms are separated by spaces and must all match;
text between double quotes is one term (a phrase). Results rank by bm25 with the title weighing
`TITLE_WEIGHT` times the body, and carry a snippet with the matches marked (as offsets, not
markup: the text is data).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.chars import char_width, is_cjk
from reader.find import find_in_text
from reader.library.entry import Entry
from reader.library.rows import entries_by_id

MIN_INDEXED = 3
"""Terms at least this long are looked up in the trigram index; shorter ones are scanned for."""
TITLE_WEIGHT = 10.0
SNIPPET_CELLS = 120
"""About how wide a snippet is, in terminal cells (a CJK character takes two)."""
SNIPPET_LEAD = 30
"""Cells of text shown before the first match."""
DEFAULT_LIMIT = 50
WORD_FUNCTION = "reader_word"

_TERM = re.compile(r'"([^"]*)"|(\S+)')

Marks = tuple[tuple[int, int], ...]
"""(start, end) character ranges of matches in a text."""


@dataclass(eq=False, frozen=True, slots=True)
class Snippet:
    """The text shown under a hit, with the parts that matched, so the list shows why it matched."""

    text: str
    marks: Marks = ()


@dataclass(eq=False, frozen=True, slots=True)
class Hit:
    """One post that matches, best first."""

    entry: Entry
    snippet: Snippet
    """A short piece of the text around the first match (empty when only the title matched)."""
    title_marks: Marks
    """The matches in `entry.title`."""
    first_match: int
    """Where the first match is in the article's text (`Article.text`); -1 when none is."""
    terms: tuple[str, ...]
    first_term: str = ""
    """The term of the first match in the text: what the reading pane looks for when it opens."""


def terms_of(query: str) -> list[str]:
    """The terms of a query: words, and phrases between double quotes (a lone quote is text)."""
    found = []
    for match in _TERM.finditer(query):
        term = match.group(1) if match.group(1) is not None else match.group(2)
        term = " ".join(term.split())
        if term:
            found.append(term)
    return list(dict.fromkeys(found))


def fts_string(term: str) -> str:
    """A term as an FTS5 string: whatever it holds, it is matched as text."""
    return '"' + term.replace('"', '""') + '"'


def _spaced_word_char(char: str) -> bool:
    """A letter or digit of a script written with spaces between words."""
    return char.isalnum() and not is_cjk(char)


def is_word_term(term: str) -> bool:
    """A short term that should start a word: one that begins with a Latin (or Greek,
    Cyrillic...) letter or digit."""
    return _spaced_word_char(term[0])


def word_starts(text: str, term: str) -> Iterator[int]:
    """Where `term` begins a word in `text`, case-insensitively (both already lower-cased)."""
    at = text.find(term)
    while at >= 0:
        if at == 0 or not _spaced_word_char(text[at - 1]):
            yield at
        at = text.find(term, at + 1)


def sql_word(text: str | None, term: str | None) -> int:
    """`reader_word(text, term)` in SQL: 1 when a word of `text` begins with `term`."""
    if not text or not term:
        return 0
    return int(next(word_starts(text.lower(), term.lower()), -1) >= 0)


def register(conn: sqlite3.Connection) -> None:
    """Make the functions the search's SQL uses known to a connection."""
    conn.create_function(WORD_FUNCTION, 2, sql_word, deterministic=True)


def _condition(term: str, column: str) -> str:
    if is_word_term(term):
        return f"{WORD_FUNCTION}({column}, ?)"
    return f"instr({column}, ?) > 0"


def _short_conditions(terms: Sequence[str]) -> tuple[str, list[str]]:
    clauses = [f"({_condition(term, 'title')} OR {_condition(term, 'body')})" for term in terms]
    return " AND ".join(clauses), [value for term in terms for value in (term, term)]


def search(conn: sqlite3.Connection, query: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The posts whose title or text holds every term of `query`, best first."""
    terms = terms_of(query)
    if not terms:
        return []
    indexed = [term for term in terms if len(term) >= MIN_INDEXED]
    scanned = [term for term in terms if len(term) < MIN_INDEXED]
    # Only the ids are ranked: a sort keeps every column it is given, and the texts of
    # thousands of matches are tens of megabytes. The texts of the hits are read after.
    ids = _ranked(conn, indexed, scanned, limit) if indexed else _scanned(conn, scanned, limit)
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    texts = {
        row[0]: row[1:] for row in conn.execute(f"SELECT rowid, title, body FROM search WHERE rowid IN ({marks})", ids)
    }
    entries = entries_by_id(conn, ids)
    hits = []
    for entry_id in ids:
        entry = entries.get(entry_id)
        if entry is None or entry_id not in texts:
            continue
        title, body = texts[entry_id]
        first = first_match(body, terms)
        found = body[first : first + 200].casefold() if first >= 0 else ""
        term = next((term for term in terms if found.startswith(term.casefold())), terms[0])
        hits.append(
            Hit(entry, snippet(body, terms, first), mark(entry.title or title, terms), first, tuple(terms), term)
        )
    return hits


def _ranked(conn: sqlite3.Connection, indexed: Sequence[str], scanned: Sequence[str], limit: int) -> list[int]:
    """The posts with every term, by bm25: the index finds the long terms, and the short ones
    are checked on what it found."""
    conditions, params = _short_conditions(scanned)
    where = "search MATCH ?" + (f" AND {conditions}" if conditions else "")
    sql = f"SELECT rowid FROM search WHERE {where} ORDER BY bm25(search, {TITLE_WEIGHT}, 1.0), rowid DESC LIMIT ?"
    return [row[0] for row in conn.execute(sql, [" ".join(fts_string(term) for term in indexed), *params, limit])]


def _scanned(conn: sqlite3.Connection, scanned: Sequence[str], limit: int) -> list[int]:
    """The posts with every (short) term: those with them all in the title first, then the
    others, newest first. Each is a scan in the order it lists, so it stops at `limit`: a
    common term is found in the newest few posts, not looked for in all of them."""
    in_title = " AND ".join(_condition(term, "title") for term in scanned)
    titles = [
        row[0]
        for row in conn.execute(
            f"SELECT rowid FROM search WHERE {in_title} ORDER BY rowid DESC LIMIT ?", [*scanned, limit]
        )
    ]
    if len(titles) >= limit:
        return titles
    conditions, params = _short_conditions(scanned)
    sql = f"SELECT rowid FROM search WHERE {conditions} AND NOT ({in_title}) ORDER BY rowid DESC LIMIT ?"
    return titles + [row[0] for row in conn.execute(sql, [*params, *scanned, limit - len(titles)])]


def _lowered(text: str) -> str | None:
    """The text lower-cased, when that keeps every offset (else None: fold it instead)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def first_match(text: str, terms: Sequence[str]) -> int:
    """Where the earliest match of any term is in `text`; -1 when none is there."""
    lowered = _lowered(text)
    found = []
    for term in terms:
        needle = term.lower()
        if lowered is None:
            spans = _spans(text, term)
            at = spans[0][0] if spans else -1
        elif len(term) < MIN_INDEXED and is_word_term(term):
            at = next(word_starts(lowered, needle), -1)
        else:
            at = lowered.find(needle)
        if at >= 0:
            found.append(at)
    return min(found, default=-1)


def _spans(text: str, term: str) -> list[tuple[int, int]]:
    if len(term) < MIN_INDEXED and is_word_term(term):
        lowered = text.lower()
        if len(lowered) == len(text):
            return [(at, at + len(term)) for at in word_starts(lowered, term.lower())]
    return find_in_text(text, term)


def mark(text: str, terms: Sequence[str]) -> Marks:
    """The matches of the terms in a short text, sorted, overlaps merged."""
    spans = sorted(span for term in terms for span in _spans(text, term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def snippet(text: str, terms: Sequence[str], first: int | None = None) -> Snippet:
    """About `SNIPPET_CELLS` cells of `text` around the first match, on one line, with the
    matches in it marked."""
    if first is None:
        first = first_match(text, terms)
    if first < 0:
        return Snippet("")
    start = _word_boundary(text, _cells_back(text, first, SNIPPET_LEAD))
    end = _cells_on(text, start, SNIPPET_CELLS)
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > (first + end) // 2 else end
    piece = _one_line(text[start:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shown = prefix + piece + suffix
    shift = len(prefix)
    return Snippet(shown, tuple((a + shift, b + shift) for a, b in mark(piece, terms)))


def _cells_back(text: str, at: int, cells: int) -> int:
    """Where to start so that about `cells` cells of text come before `at`."""
    while at > 0 and cells > 0:
        at -= 1
        cells -= char_width(text[at])
    return at


def _cells_on(text: str, at: int, cells: int) -> int:
    """Where about `cells` cells of text from `at` end."""
    while at < len(text) and cells > 0:
        cells -= char_width(text[at])
        at += 1
    return at


def _word_boundary(text: str, at: int) -> int:
    """Move a cut forward to the start of a word, unless the text there has no spaces (CJK)."""
    if at == 0 or not _spaced_word_char(text[at - 1]):
        return at
    space = text.find(" ", at, at + 15)
    return space + 1 if space >= 0 else at


_LINE_BREAKS = {ord(char): " " for char in "\n\r\t\u2028\u2029"}


def _one_line(text: str) -> str:
    """Line breaks as spaces, keeping every offset (a mark stays on its characters)."""
    return text.translate(_LINE_BREAKS)
