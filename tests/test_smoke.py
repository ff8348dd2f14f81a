"""The command line runs and the bundled samples convert."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SAMPLES


def test_dump_sample_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", str(SAMPLES / "welcome.md"), "--dump", "--width", "60"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Welcome to reader" in result.stdout
