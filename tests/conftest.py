"""Shared fixtures: an isolated home for every test, and the corpus location."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "reader" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point config, data and cache folders (platformdirs reads XDG) at a temporary folder,
    so no test reads or writes the user's real library or settings."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def _textual_styles_let_go() -> Iterator[None]:
    """Each app a test ran lets go of its widgets' rendered lines when it ends.

    Textual memoizes `StylesCache.get_inner_outer` with a class-wide `lru_cache` of 1,024
    entries keyed by the cache itself, so every widget's styles cache, and the strips it
    holds, outlives its app: about 5,300 objects per run of the sample (3,250 `FIFOCache`s,
    460 strips), which every later full collection of the worker scanned again. In
    `test_app*.py`'s three biggest files, full collections took 26.5 s of CPU before, 15.5 s
    after. The real command runs one app per process, and keeps at most those 1,024."""
    yield
    styles_cache = sys.modules.get("textual._styles_cache")
    if styles_cache is not None:
        styles_cache.StylesCache.get_inner_outer.cache_clear()


@pytest.fixture
def shared_conversions(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One conversion cache for the whole run, shared by its workers, for tests that check
    what the conversion of a corpus page gives (not the cache). Several convert the same page
    (its layout rules, its folder's extraction floors): the first converts it, the others read
    that conversion back, keyed as the app keys it by the bytes and the converters' code."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # each worker has a folder of its own in the run's folder
    folder = base / "shared-conversions"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (`make test`): one worker more than the cores this process may run on.

    The tests spend about a quarter of their time waiting: for frames, timers, child
    processes and tmux. With one worker per core that left a core idle a quarter of the time
    (`vmstat`: 15-25% idle on 2 cores, 4 min 48 s to 5 min 10 s); a third worker fills those
    waits (0-15% idle, 4 min 30 s), with `--dist worksteal` so that no worker is left alone
    with a block of long tests at the end. A fourth saturated the cores and ran 5 min 34 s."""
    del config
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


def corpus_dir(kind: str) -> Path:
    """A corpus folder, or a skip when the shared corpus is not beside the checkout."""
    path = CORPUS / kind
    if not path.is_dir():
        pytest.skip(f"../shared/corpus/{kind} is absent")
    return path


def reader_command() -> Path | None:
    """The installed `reader` command, for the tests that run the real program."""
    for candidate in (ROOT / ".venv" / "bin" / "reader", Path(sys.executable).parent / "reader"):
        if candidate.exists():
            return candidate
    return None


FIRST = (
    "tests/test_corpus_extraction.py::",
    "tests/test_dump_stream.py::test_standard_input_and_a_url_are_dumped_as_one_go_dumps_them",
    "tests/test_app_conversion.py::test_keys_move_the_view_while_the_article_arrives_and_it_ends_whole",
    "tests/test_corpus.py::test_readability_pages_through_the_command_line",
    "tests/test_library_processes.py::test_sigkill_during_a_big_import_leaves_whole_entries",
    "tests/test_dump_stream.py::test_the_dump_command_writes_what_one_go_writes",
    "tests/test_app_early.py::",
    "tests/test_hostile_app.py::",
)
"""The suite's longest tests (`pytest --durations`: several seconds each, the corpus folders'
figures a score of seconds), in that order. Started first, they are spread over the workers
while short tests fill in after them, so both workers end together; collected in file order,
one of them may start near the end and keep one worker busy after the other has finished. Not a file
with a module-scoped fixture (test_early_first_screen.py's pages, seconds of CPU): the first
tests are dealt out to the workers in turn, and each worker would build that fixture again."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of FIRST first (xdist's load scheduling hands tests out in collection order),
    in FIRST's order; the others after them, in file order. The order is the same in every
    worker, as xdist requires."""

    def rank(item: pytest.Item) -> int:
        return next((n for n, prefix in enumerate(FIRST) if item.nodeid.startswith(prefix)), len(FIRST))

    items.sort(key=rank)  # stable: the file order within each rank
