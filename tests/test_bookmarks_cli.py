"""`reader bookmarks ...` through `reader.cli.main`, as a user or a script runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from tests.conftest import FIXTURES, SAMPLES

ARTICLE = FIXTURES / "library" / "article.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["bookmarks", *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "list", "--json", *args)
    assert code == 0, err
    result = json.loads(out)
    assert isinstance(result, list)
    return result


def test_add_list_remove(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "add", str(ARTICLE), "--tag", "keep", "--tag", "later")
    assert code == 0 and "saved" in out and "A post to keep" in out
    code, _, _ = run(capsys, "add", str(SAMPLES / "welcome.md"))
    assert code == 0
    items = listed(capsys)
    assert [item["title"] for item in items] == ["Welcome to reader", "A post to keep"]
    first = items[1]
    assert {"id", "title", "source", "tags", "added", "progress"} <= set(first)
    assert first["source"] == str(ARTICLE.resolve())
    assert first["tags"] == ["keep", "later"]
    assert first["progress"] == 0 and first["offline"] is True and first["added"].endswith("+00:00")

    assert [item["title"] for item in listed(capsys, "--tag", "keep")] == ["A post to keep"]
    code, out, _ = run(capsys, "list")
    assert code == 0 and "A post to keep  [keep, later]" in out

    code, out, _ = run(capsys, "remove", str(first["id"]))
    assert code == 0 and "removed" in out
    code, out, _ = run(capsys, "remove", str(SAMPLES / "welcome.md"))  # by source
    assert code == 0 and "Welcome to reader" in out
    assert listed(capsys) == []


def test_adding_the_same_post_twice_merges(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "add", str(ARTICLE), "--tag", "a")
    moved = tmp_path / "moved.md"
    shutil.copy(ARTICLE, moved)
    code, out, _ = run(capsys, "add", str(moved), "--tag", "b")
    assert code == 0 and "already saved" in out
    items = listed(capsys)
    assert len(items) == 1 and items[0]["tags"] == ["a", "b"]


def test_user_errors_are_one_line_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for args in (
        ("remove", "42"),
        ("add", str(tmp_path / "nope.md")),
        ("export", str(tmp_path / "out.txt")),
        ("import", str(tmp_path / "missing.json")),
    ):
        code, _, err = run(capsys, *args)
        assert code == 1, args
        assert err.startswith("reader: error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err


def test_a_bad_import_file_is_a_user_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"some": "thing"}', "utf-8")
    table = tmp_path / "table.csv"
    table.write_text("a,b\n1,2\n", "utf-8")
    for path in (broken, other, table):
        code, _, err = run(capsys, "import", str(path))
        assert code == 1 and err.startswith(f"reader: error: {path}"), err


def test_usage_errors_exit_2_with_the_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    for args in ((), ("frobnicate",), ("list", "--bogus"), ("add",), ("remove",)):
        with pytest.raises(SystemExit) as exit_info:
            main(["bookmarks", *args])
        assert exit_info.value.code == 2, args
        err = capsys.readouterr().err
        assert "reader: error: " in err and "Traceback" not in err


def test_the_real_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "bookmarks", "add", str(ARTICLE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "reader", "bookmarks", "list", "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and json.loads(result.stdout)[0]["title"] == "A post to keep"
