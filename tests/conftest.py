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
