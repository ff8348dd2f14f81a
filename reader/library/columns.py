"""The columns of a library entry, said once: how each value is cleaned, stored, read back and
merged.

Everything else that needs the list of columns derives it from `FIELDS`: the SELECT that reads
an `Entry`, the INSERT of a new entry, the UPDATE of a merge, and the conversions between
`Entry`, `Record` and the article's `Metadata`. A new column is then one line here (and one
migration in `schema`), not six places to keep in step.

A field is one attribute of `Entry` and `Record`, stored in one or more columns (the position
takes two). Values move through three shapes: as given (a document's metadata, an imported
record), cleaned (`Values`: what the library keeps, keyed by field name), and as SQLite stores
them (`Kind.store` / `Kind.load`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.chars import strip_controls
from reader.library.anchors import Quote
from reader.library.entry import Entry, Highlight, Record, clean_text
from reader.model import Metadata, Position

Values = dict[str, Any]
"""Field values by field name, cleaned (`clean`): an entry as stored, or what a document or a
record brings. Only cleaned values are written."""


def _single(value: Any) -> tuple[Any, ...]:
    return (value,)


def _same(value: Any) -> Any:
    return value


@dataclass(eq=False, frozen=True, slots=True)
class Kind:
    """How one kind of value is cleaned on its way in, and how SQLite keeps it."""

    clean: Callable[[Any], Any]
    """A value from outside (a document, an import file) as the library keeps it."""
    empty: Any = ""
    """The value that says nothing is known (what `given` and `fill` look for)."""
    store: Callable[[Any], tuple[Any, ...]] = _single
    """The cleaned value as its columns' values."""
    load: Callable[..., Any] = _same
    """The columns' values back as the value."""


def _raw(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _time(value: Any) -> float | None:
    return float(value) if value is not None else None


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(clean_text(item) for item in value or ())


def _load_words(text: str) -> tuple[str, ...]:
    try:
        return tuple(str(item) for item in json.loads(text))
    except (ValueError, TypeError):
        return ()


def _position(value: Position) -> Position:
    return Position(max(value.block, 0), max(value.offset, 0))


def _quote(value: Any) -> Quote:
    """Article text, kept as it is but for terminal control characters (it may come from a file)."""
    if not isinstance(value, Quote):
        return Quote()
    text, before, after = (strip_controls(part) for part in (value.text, value.before, value.after))
    return Quote(text, before, after, _raw(value.digest))


def _percent(value: Any) -> float:
    """The one clamp of a percentage: whatever arrives, 0 to 100."""
    return min(max(float(value), 0.0), 100.0)


TEXT = Kind(clean_text)
"""Text people read: one line, no terminal control characters."""
RAW = Kind(_raw)
"""Text kept as given (keys, digests, addresses), without surrounding space."""
TIME = Kind(_time, empty=None)
"""Unix time, or None."""
WORDS = Kind(_words, empty=(), store=lambda words: (json.dumps(list(words), ensure_ascii=False),), load=_load_words)
"""A list of short texts, stored as a JSON array."""
POSITION = Kind(_position, empty=Position(), store=lambda p: (p.block, p.offset), load=Position)
"""A `Position` in two columns, block and character offset; never negative (the title is block 0)."""
QUOTE = Kind(_quote, empty=Quote(), store=lambda q: (q.text, q.before, q.after, q.digest), load=Quote)
"""The text at a reading position (`reader.library.anchors.Quote`), in four columns."""
PERCENT = Kind(_percent, empty=0.0)
FLAG = Kind(bool, empty=False, store=lambda flag: (int(flag),), load=bool)


Rule = Callable[["Field", Values, Values], bool]
"""Whether the incoming value of a field replaces the stored one: (field, stored, incoming)."""


def keep(field: Field, stored: Values, incoming: Values) -> bool:
    """The entry's own value stays."""
    return False


def take(field: Field, stored: Values, incoming: Values) -> bool:
    """The incoming value always wins."""
    return True


def given(field: Field, stored: Values, incoming: Values) -> bool:
    """The incoming value wins when it says something."""
    return bool(incoming[field.name] != field.kind.empty)


def fill(field: Field, stored: Values, incoming: Values) -> bool:
    """The incoming value fills what the entry lacks; what it has stays."""
    return bool(stored[field.name] == field.kind.empty)


def known_source(field: Field, stored: Values, incoming: Values) -> bool:
    """A source that can be opened again replaces the old one (a moved file); stdin does not."""
    return incoming[field.name] not in ("", "-")


def earliest(field: Field, stored: Values, incoming: Values) -> bool:
    mine, theirs = stored[field.name], incoming[field.name]
    return theirs is not None and (mine is None or theirs < mine)


def latest(field: Field, stored: Values, incoming: Values) -> bool:
    mine, theirs = stored[field.name], incoming[field.name]
    return theirs is not None and (mine is None or theirs > mine)


def read_later(field: Field, stored: Values, incoming: Values) -> bool:
    """The reading that happened later has the place the reader stopped at."""
    return latest(FIELD["last_read"], stored, incoming)


def newly_saved(field: Field, stored: Values, incoming: Values) -> bool:
    """A post saved on either side stays saved: the bookmark comes along when only the incoming
    side has one."""
    return stored["saved"] is None and incoming["saved"] is not None


@dataclass(eq=False, frozen=True, slots=True)
class Field:
    """One attribute of `Entry` and `Record`, and how it is kept."""

    name: str
    kind: Kind
    on_import: Rule
    """How a record imported for a post already in the library merges into it."""
    on_open: Rule
    """How opening (or saving) the post again updates its entry."""
    columns: tuple[str, ...] = ()
    """The SQL columns; by default the one named like the field."""

    def __post_init__(self) -> None:
        if not self.columns:
            object.__setattr__(self, "columns", (self.name,))


# fmt: off
FIELDS: tuple[Field, ...] = (
    #     name            kind      on import     on opening
    Field("key",          RAW,      keep,         take),  # follows a new canonical URL or text
    Field("source",       RAW,      keep,         known_source),
    Field("url",          RAW,      fill,         given),
    Field("content_hash", RAW,      keep,         take),
    Field("title",        TEXT,     fill,         given),
    Field("author",       TEXT,     fill,         given),
    Field("date",         TEXT,     fill,         given),
    Field("site",         TEXT,     fill,         given),
    Field("language",     TEXT,     fill,         given),
    Field("categories",   WORDS,    fill,         given),
    Field("image",        RAW,      fill,         given),
    Field("first_read",   TIME,     earliest,     fill),
    Field("last_read",    TIME,     latest,       given),
    Field("position",     POSITION, read_later,   keep, columns=("block", "char_offset")),
    Field("percent",      PERCENT,  read_later,   keep),
    Field("saved",        TIME,     newly_saved,  keep),
    Field("archived",     FLAG,     newly_saved,  keep),
    Field("position_quote", QUOTE,  read_later,   keep,
          columns=("anchor_text", "anchor_before", "anchor_after", "anchor_digest")),
)
# fmt: on

FIELD = {field.name: field for field in FIELDS}
COLUMNS = tuple(column for field in FIELDS for column in field.columns)
TAG_SEPARATOR = "\x1f"

SELECT = (
    "SELECT e.id, "
    + ", ".join(f"e.{column}" for column in COLUMNS)
    + ", (SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.entry_id = e.id)"
    + ", EXISTS (SELECT 1 FROM copies c WHERE c.entry_id = e.id) FROM entries e"
)
"""An entry with its tags and whether it has an offline copy; add WHERE and ORDER BY."""

SELECT_VALUES = f"SELECT id, {', '.join(COLUMNS)} FROM entries WHERE id = ?"
"""The fields of one entry, without its tags and copy (see `values_of_row`)."""

INSERT = f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"

_METADATA = tuple(field.name for field in dataclasses.fields(Metadata))
"""The fields an article's metadata shares with an entry, by name."""


# conversions


def _reading_steps() -> list[tuple[str, int, int, Callable[..., Any] | None]]:
    """For each field: its name, where its columns start in a row of `SELECT`, how many there
    are, and how to load them (None: the column's value as it is)."""
    steps = []
    at = 1
    for field in FIELDS:
        width = len(field.columns)
        steps.append((field.name, at, width, None if field.kind.load is _same else field.kind.load))
        at += width
    return steps


_STEPS = _reading_steps()
_TAGS_AT = 1 + len(COLUMNS)


def values_of_row(row: Sequence[Any]) -> Values:
    """The fields from a row of `SELECT` or `SELECT_VALUES`."""
    return {name: row[at] if load is None else load(*row[at : at + width]) for name, at, width, load in _STEPS}


def entry_of(row: Sequence[Any]) -> Entry:
    """An `Entry` from a row of `SELECT`."""
    values = values_of_row(row)
    tags, has_copy = row[_TAGS_AT], row[_TAGS_AT + 1]
    values["tags"] = tuple(sorted(tags.split(TAG_SEPARATOR), key=str.casefold)) if tags else ()
    return Entry(id=row[0], has_copy=bool(has_copy), **values)


def clean(values: Values) -> Values:
    """Values from outside, as the library keeps them: what every write stores."""
    return {name: FIELD[name].kind.clean(value) for name, value in values.items()}


def values_of(item: Entry | Record, **overrides: Any) -> Values:
    """The fields of an entry (as stored) or of a record, with `overrides`, cleaned (as they
    would be stored)."""
    values = {field.name: getattr(item, field.name) for field in FIELDS}
    return values if isinstance(item, Entry) else clean(values | overrides)


_ONE_COLUMN = frozenset(field.name for field in FIELDS if field.kind.store is _single)
"""Fields stored as they are, in one column."""


def _stored(values: Values) -> list[Any]:
    columns: list[Any] = []
    for name, value in values.items():
        if name in _ONE_COLUMN:
            columns.append(value)
        else:
            columns.extend(FIELD[name].kind.store(value))
    return columns


def row_of(values: Values) -> list[Any]:
    """The columns' values of a whole entry (cleaned `values`), in `COLUMNS` order."""
    return _stored({field.name: values[field.name] for field in FIELDS})


def changes(stored: Values, incoming: Values, rule_of: Callable[[Field], Rule]) -> Values:
    """The incoming values that win under each field's rule, every rule judged on the values as
    they were before any of them changed."""
    return {
        field.name: incoming[field.name]
        for field in FIELDS
        if incoming[field.name] != stored[field.name] and rule_of(field)(field, stored, incoming)
    }


def update_of(entry_id: int, values: Values) -> tuple[str, list[Any]]:
    """An UPDATE of some fields (cleaned `values`) of one entry, and its parameters."""
    assignments = ", ".join(f"{column} = ?" for name in values for column in FIELD[name].columns)
    return f"UPDATE entries SET {assignments} WHERE id = ?", [*_stored(values), entry_id]


def record_of(entry: Entry, markdown: str | None, copy_mode: str, highlights: tuple[Highlight, ...] = ()) -> Record:
    """An entry as an export writes it, with its offline copy if it has one, and its highlights."""
    return Record(**values_of(entry), tags=entry.tags, markdown=markdown, copy_mode=copy_mode, highlights=highlights)


def record_of_metadata(metadata: Metadata, **fields: Any) -> Record:
    """An article's metadata as a record; `fields` fill in the rest, or override."""
    values = {name: getattr(metadata, name) for name in _METADATA}
    values["categories"] = tuple(metadata.categories)
    return Record(**{**values, **fields})


def metadata_of(entry: Entry) -> Metadata:
    """The metadata an entry keeps of its article (for an offline copy opened again)."""
    values = {name: getattr(entry, name) for name in _METADATA}
    values["categories"] = list(entry.categories)
    return Metadata(**values)
