"""Export and import: the library as a file, in a format the file's name says (`.json` our
own, `.html` the browsers' bookmarks, `.csv` Pocket's export, import only).

Exports are written to a temporary file and renamed into place, so an interrupted export never
leaves half a file under the real name.
"""

from __future__ import annotations

from pathlib import Path

from reader.errors import ReaderError
from reader.files import write_atomic
from reader.library.entry import Record
from reader.library.formats import netscape, pocket, reader_json

_EXPORTS = {".json": "json", ".html": "html", ".htm": "html"}
_IMPORTS = {**_EXPORTS, ".csv": "csv"}


def format_of(path: Path, *, importing: bool) -> str:
    kinds = _IMPORTS if importing else _EXPORTS
    kind = kinds.get(path.suffix.lower())
    if kind is None:
        names = ", ".join(sorted(kinds))
        raise ReaderError(f"{path}: unknown format (the file name must end in one of {names})")
    return kind


def read_records(path: Path) -> list[Record]:
    """The records of an import file, by its name: `.json`, `.html`/`.htm` or `.csv`."""
    kind = format_of(path, importing=True)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ReaderError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise ReaderError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        if kind == "json":
            return reader_json.loads(text)
        if kind == "csv":
            return pocket.loads(text)
        return netscape.loads(text)
    except ReaderError as exc:
        raise ReaderError(f"{path}: {exc}") from None


def write_records(path: Path, records: list[Record]) -> None:
    """Write an export by its name (`.json` or `.html`), atomically."""
    kind = format_of(path, importing=False)
    text = reader_json.dumps(records) if kind == "json" else netscape.dumps(records)
    write_text(path, text)


def write_text(path: Path, text: str) -> None:
    """Write an export atomically; a failure is one line for the user."""
    try:
        write_atomic(path.resolve(), text)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
