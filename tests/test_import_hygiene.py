"""The pipeline must not import Textual: it runs in the dump command, the library and tests
without a screen, and its start-up time is part of the app's. Every module outside
`reader.ui` is checked, found by walking the package, so a new one cannot be missed."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
