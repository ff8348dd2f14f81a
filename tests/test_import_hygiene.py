"""The pipeline must not import Textual: it runs in the dump command, the library and tests
without a screen, and its start-up time is part of the app's. Every module outside
`reader.ui` is checked, found by walking the package, so a new one cannot be missed. Nor
does a dump load what only a terminal or a code block needs."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import reader


def pipeline_modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(reader.__path__, "reader.")]
    return sorted(name for name in names if name != "reader.ui" and not name.startswith("reader.ui."))


def test_the_walk_finds_every_stage() -> None:
    modules = pipeline_modules()
    for stage in ("source", "convert", "layout", "library", "cli"):
        assert any(name.startswith(f"reader.{stage}.") for name in modules), stage


def test_pipeline_modules_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in pipeline_modules() if name != "reader.__main__")
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_plain_text_dump_does_not_load_the_rich_console(tmp_path: Path) -> None:
    """Rich's console module (a tenth of a second of a dump's start) is for a terminal's
    colours and for code blocks only; a dump of prose to a pipe goes without it."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><h2>A heading</h2><p>Some prose, no code.</p></body></html>", "utf-8")
    code = (
        "import contextlib, io, sys\n"
        "from reader.cli.main import main\n"
        "out = io.StringIO()\n"
        f"with contextlib.redirect_stdout(out): main([{str(page)!r}, '--dump', '--format', 'text'])\n"
        "print('Some prose, no code.' in out.getvalue(), 'rich.console' in sys.modules)"
    )
    env = {**os.environ, "READER_NO_CACHE": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.split() == ["True", "False"]
