"""Settings: defaults, atomic saves, unknown keys kept, and a corrupt file tolerated."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.config import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, Config, config_dir, load_config, write_atomic


def test_defaults_when_there_is_no_file(isolated_home: Path) -> None:
    config = load_config()
    assert config.theme is None
    assert config.width == DEFAULT_WIDTH
    assert config.problem == ""
    assert config.path == config_dir() / "config.json"
    assert str(config_dir()).startswith(str(isolated_home))


def test_save_and_load_round_trip() -> None:
    config = load_config()
    config.theme = "night"
    config.width = 100
    config.save()
    again = load_config()
    assert (again.theme, again.width) == ("night", 100)


def test_unknown_keys_survive_a_save() -> None:
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": "sepia", "library": {"sort": "date"}}), "utf-8")
    config = load_config()
    config.width = 90
    config.save()
    data = json.loads(path.read_text("utf-8"))
    assert data == {"library": {"sort": "date"}, "theme": "sepia", "width": 90, "images": "auto", "picture_rows": 0}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\x00\x01", '"just a string"'])
def test_a_corrupt_file_gives_the_defaults_and_says_why(content: str) -> None:
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")
    config = load_config()
    assert (config.theme, config.width) == (None, DEFAULT_WIDTH)
    assert "config.json" in config.problem
    config.theme = "paper"
    config.save()
    assert load_config().theme == "paper"


def test_bad_values_are_ignored_or_clamped() -> None:
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": 3, "width": "wide"}), "utf-8")
    config = load_config()
    assert (config.theme, config.width) == (None, DEFAULT_WIDTH)
    path.write_text(json.dumps({"width": 5}), "utf-8")
    assert load_config().width == MIN_WIDTH
    path.write_text(json.dumps({"width": 10_000}), "utf-8")
    assert load_config().width == MAX_WIDTH
    path.write_text(json.dumps({"width": True}), "utf-8")
    assert load_config().width == DEFAULT_WIDTH


def test_the_pictures_setting_is_kept_and_a_bad_one_is_auto() -> None:
    config = load_config()
    assert config.images == "auto"
    config.images = "off"
    config.save()
    assert load_config().images == "off"
    path = config_dir() / "config.json"
    path.write_text(json.dumps({"images": "sixel"}), "utf-8")
    assert load_config().images == "auto"


def test_unreadable_file_is_tolerated(tmp_path: Path) -> None:
    folder = tmp_path / "config.json"
    folder.mkdir()
    config = load_config(folder)
    assert config.problem
    assert config.width == DEFAULT_WIDTH


def test_atomic_write_leaves_no_temporary_files_and_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sub" / "config.json"
    write_atomic(path, "one")
    write_atomic(path, "two")
    assert path.read_text("utf-8") == "two"
    assert os.listdir(path.parent) == ["config.json"]

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        Config(theme="x", path=path).save()
    assert path.read_text("utf-8") == "two"
    assert os.listdir(path.parent) == ["config.json"]


@pytest.mark.parametrize(("stored", "read"), [(12, 12), (0, 0), (-3, 0), ("ten", 0), (True, 0), (10**6, 0)])
def test_the_picture_height_setting_is_a_number_of_lines_or_half_the_pane(stored: object, read: int) -> None:
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"picture_rows": stored}), "utf-8")
    assert load_config().picture_rows == read
