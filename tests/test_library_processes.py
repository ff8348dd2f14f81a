"""Several processes on one library file: two writers at once, and a writer killed mid-import."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.library import Library, Record, View, default_path
from reader.library.exchange import write_records
from tests.conftest import ROOT

WRITER = """
import sys, time
from pathlib import Path
from reader.library import Library, Record
from reader.model import Position

name, go, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
go.with_name(f"ready-{name}").touch()  # imported, and waiting
while not go.exists():
    time.sleep(0.001)
library = Library.open()  # both open a file that does not exist yet, at the same moment
for i in range(count):
    source = f"https://example.org/{name}/{i}"
    library.import_records([Record(source=source, title=f"{name} {i}", tags=[name])])
    entry = library.find(source)
    library.save_position(entry.id, Position(i, i), 50.0)
library.close()
"""

INDEXER = """
import sys, time
from pathlib import Path
from reader.convert.pipeline import load_text
from reader.library import Library
from reader.model import Position

name, go, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
go.with_name(f"ready-{name}").touch()  # imported, and waiting
while not go.exists():
    time.sleep(0.001)
library = Library.open()
for i in range(count):
    text = f"# {name} {i}\\n\\n{name}的第{i}篇文章：今天读到了{name}{i}号的句子。\\n"
    document = load_text(text, "text/markdown", source=f"https://example.org/{name}/{i}")
    if i % 2:
        library.add_bookmark(document)
    else:
        library.record_open(document)
    if i % 10 == 9:
        library.remove(library.find(f"https://example.org/{name}/{i - 1}").id)
library.close()
"""

IMPORTER = """
import sys
from pathlib import Path
from reader.library import Library
from reader.library.exchange import read_records

records = read_records(Path(sys.argv[1]))
with Library.open() as library:
    def progress(done):
        print(done, flush=True)
    library.import_records(records, progress=progress)
print("finished", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _when_ready(go: Path, writers: dict[str, subprocess.Popen[str]]) -> None:
    """Wait until each writer has started, imported the library and waits for `go` (it says so
    with a file of its own), so that they open the library at the same moment."""
    while not all(go.with_name(f"ready-{name}").exists() for name in writers):
        for writer in writers.values():
            assert writer.poll() is None, writer.communicate()[1]
        time.sleep(0.01)


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    go = tmp_path / "go"
    count = 150
    writers = {
        name: subprocess.Popen(
            [sys.executable, "-c", WRITER, name, str(go), str(count)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    }
    _when_ready(go, writers)
    go.touch()
    for writer in writers.values():
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
        assert "locked" not in stderr
    with Library.open() as library:
        entries = library.entries(View.SAVED)
        assert len(entries) == 2 * count
        for name in ("left", "right"):
            mine = library.entries(View.SAVED, tag=name)
            assert sorted(entry.position.block for entry in mine) == list(range(count))


def test_two_processes_keep_the_index_in_step(tmp_path: Path) -> None:
    go = tmp_path / "go"
    count = 60
    writers = {
        name: subprocess.Popen(
            [sys.executable, "-c", INDEXER, name, str(go), str(count)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("甲", "乙")
    }
    _when_ready(go, writers)
    go.touch()
    for writer in writers.values():
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
    with Library.open() as library:
        for name in ("甲", "乙"):
            kept = [i for i in range(count) if i % 10 != 8]
            found = {hit.entry.title for hit in library.index.search(f"今天读到了{name}", limit=count)}
            assert found == {f"{name} {i}" for i in kept}
            assert [hit.entry.title for hit in library.index.search(f"{name}{kept[-1]}号")] == [f"{name} {kept[-1]}"]
    conn = sqlite3.connect(default_path())
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    assert (
        conn.execute("SELECT count(*) FROM search").fetchone()
        == conn.execute("SELECT count(*) FROM entries").fetchone()
    )
    conn.close()


def test_sigkill_during_a_big_import_leaves_whole_entries(tmp_path: Path) -> None:
    total = 5_000  # ten batches: the kill comes after the first, long before the last
    export = tmp_path / "big.json"
    write_records(
        export,
        [
            Record(
                source=f"https://example.org/post/{i}",
                title=f"Post {i}",
                saved=1_700_000_000.0 + i,
                tags=["imported", f"group{i % 7}"],
                markdown=f"# Post {i}\n\nThe body of post {i}.\n",
            )
            for i in range(total)
        ],
    )
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(export)], env=_env(), stdout=subprocess.PIPE, text=True
    )
    assert importer.stdout is not None
    first = importer.stdout.readline().strip()  # the first batch is committed: kill mid-import
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    assert first.isdigit() and int(first) < total
    assert importer.returncode == -signal.SIGKILL

    with Library.open() as library:  # opens (recovering the WAL) without complaint
        present = library.count(View.SAVED)
        assert 0 < present < total
        for entry in library.entries(View.SAVED):
            assert len(entry.tags) == 2 and entry.has_copy, entry  # never half an entry
    conn = sqlite3.connect(default_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute("SELECT count(*) FROM copies WHERE entry_id NOT IN (SELECT id FROM entries)").fetchone()
    assert orphans[0] == 0
    conn.close()

    done = subprocess.run(
        [sys.executable, "-c", IMPORTER, str(export)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with Library.open() as library:  # the import run again completes it, duplicating nothing
        assert library.count(View.SAVED) == total
