"""The pipeline must not import Textual: it runs in the dump command, the library and tests
without a screen, and its start-up time is part of the app's."""

from __future__ import annotations

import subprocess
import sys

PIPELINE = [
    "reader.fetch",
    "reader.web",
    "reader.limits",
    "reader.cache",
    "reader.conversion",
    "reader.metadata",
    "reader.decode",
    "reader.frontmatter",
    "reader.extract",
    "reader.clean",
    "reader.convert",
    "reader.parse",
    "reader.linebreak",
    "reader.layout",
    "reader.theme",
    "reader.pipeline",
    "reader.dump",
    "reader.cli",
    "reader.library",
    "reader.bookmarks_cli",
]


def test_pipeline_modules_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in PIPELINE)
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
