"""The command line contract: dump formats, --toc, exit codes and one-line errors."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "welcome.md"
SAMPLE_ZH = SAMPLES / "welcome-zh.md"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        check=False,
    )


def here(*args: str) -> subprocess.CompletedProcess[str]:
    """`main(args)` in this process, its status and output as `run` gives them: for what the
    command writes, where a process of its own (0.4 s of CPU of imports each time) checks
    nothing more than the tests that use `run` (the JSON dump, stdin, a missing file, a
    terminal) already do. Only for short sources: a long one would fork this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse's usage errors and --help
            status = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())


def test_json_dump_has_the_contract_fields() -> None:
    result = run(str(SAMPLE), "--dump", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("title", "author", "date", "source", "reading_minutes", "headings", "blocks", "links"):
        assert key in data
    assert data["title"] == "Welcome to reader"
    assert data["author"] == "The reader team"
    assert data["date"] == "2026-11-24"
    assert data["source"] == str(SAMPLE.resolve())
    assert {"level", "text", "anchor"} <= set(data["headings"][0])
    assert {"kind", "text"} <= set(data["blocks"][0])
    assert any(link["href"] == "#themes" for link in data["links"])
    assert data["reading_minutes"] >= 1


def test_text_dump_fits_the_width_and_has_no_ansi_when_piped() -> None:
    for source in (SAMPLE, SAMPLE_ZH):
        result = here(str(source), "--dump", "--width", "40")
        assert result.returncode == 0, result.stderr
        assert "\x1b[" not in result.stdout
        from rich.cells import cell_len

        assert all(cell_len(line) <= 40 for line in result.stdout.splitlines())


def test_sample_donate_box_is_gone() -> None:
    for source in (SAMPLE, SAMPLE_ZH):
        text = here(str(source), "--dump").stdout
        assert "Donate" not in text and "赞赏" not in text and "打赏" not in text
        assert "coffee" not in text


def test_markdown_dump_is_the_converted_markdown() -> None:
    result = here(str(SAMPLE), "--dump", "--format", "markdown")
    assert result.returncode == 0
    assert "## Moving around {#moving-around}" in result.stdout
    assert "**Everything you see here" in result.stdout


def test_toc_indents_two_spaces_per_level() -> None:
    result = here(str(SAMPLE), "--toc")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "  Moving around" in lines
    assert "    What search looks at" in lines


def test_toc_as_json_and_as_markdown() -> None:
    result = here(str(SAMPLE), "--toc", "--format", "json")
    assert result.returncode == 0, result.stderr
    headings = json.loads(result.stdout)
    assert {"level": 2, "text": "Moving around", "anchor": "moving-around"} in headings
    assert all(set(heading) == {"level", "text", "anchor"} for heading in headings)
    links = here(str(SAMPLE), "--toc", "--format", "markdown").stdout.splitlines()
    assert "- [Moving around](#moving-around)" in [line.strip() for line in links]


def test_markdown_export_begins_with_the_metadata_and_reopens_with_it(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: 'Tea: a history'\nauthor: 李四\ndate: 2021-07-21\ncategories:\n  - 茶\n---\n\n"
        "<p>Once upon a time.</p><h2>Later</h2><p>Then.</p>",
        "utf-8",
    )
    exported = here(str(post), "--dump", "--format", "markdown")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("---\ntitle: 'Tea: a history'\nauthor: 李四\ndate: '2021-07-21'\n")
    again = tmp_path / "again.md"
    again.write_text(exported.stdout, "utf-8")
    first = json.loads(here(str(post), "--dump", "--format", "json").stdout)
    second = json.loads(here(str(again), "--dump", "--format", "json").stdout)
    for key in ("title", "author", "date", "categories", "headings"):
        assert second[key] == first[key], key
    assert [b["text"] for b in second["blocks"]] == [b["text"] for b in first["blocks"]]


def test_stdin_source(tmp_path: Path) -> None:
    result = run("-", "--dump", "--format", "json", stdin=b"<h1>Piped</h1><p>From stdin.</p>")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Piped"
    assert data["source"] == "-"


def test_missing_file_is_one_error_line() -> None:
    result = run("/no/such/file.html", "--dump")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("reader: error: ")
    assert "Traceback" not in result.stderr


def test_directory_is_one_error_line(tmp_path: Path) -> None:
    result = here(str(tmp_path), "--dump")
    assert result.returncode == 1
    assert result.stderr.startswith("reader: error: ")


def test_an_empty_source_says_there_is_nothing_to_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf\n")
    for result in (here(str(empty), "--dump"), here(str(bom), "--dump"), run("-", "--dump", stdin=b"")):
        assert result.returncode == 1
        assert result.stderr.startswith("reader: error: nothing to read: ")
        assert result.stdout == ""


def test_usage_errors_exit_2() -> None:
    for args in (["--dump"], [str(SAMPLE), "--dump", "--format", "pdf"], [str(SAMPLE), "--dump", "--width", "x"]):
        result = here(*args)
        assert result.returncode == 2, args
        assert "reader: error:" in result.stderr
        assert "Traceback" not in result.stderr


def test_binary_garbage_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "noise.html"
    path.write_bytes(bytes(range(256)) * 20)
    result = here(str(path), "--dump")
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    path = tmp_path / "evil.html"
    path.write_text("<p>safe\x1b]0;pwned\x07 text\x9b2J end</p>", "utf-8")
    result = here(str(path), "--dump")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
    assert "safe" in result.stdout and "end" in result.stdout


def test_text_dump_on_a_terminal_has_styles() -> None:
    """On a terminal the dump keeps emphasis as ANSI styles (and still fits the width)."""
    import os
    import pty

    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", str(SAMPLE), "--dump", "--width", "50"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=30)
    os.close(leader)
    assert process.returncode == 0
    assert b"\x1b[1m" in output  # bold
    assert b"Welcome to reader" in output


def test_markdown_copy_reads_back_to_the_same_blocks() -> None:
    """The offline copy of an HTML article is its Markdown; read back, it must give the same
    blocks, or saved reading positions would point elsewhere."""
    from reader.convert.pipeline import load, load_text

    for source in (SAMPLE, SAMPLE_ZH):
        document = load(str(source))
        again = load_text(document.markdown, "text/markdown", source=str(source), from_html=document.from_html)
        assert again.from_html
        assert [(b.kind, b.text) for b in again.article.blocks] == [(b.kind, b.text) for b in document.article.blocks]


def test_a_dump_puts_off_full_collections_and_then_restores_the_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The blocks and lines a dump builds live until it ends: full collections would only
    rescan them. The young generations are still collected, and the thresholds are put back."""
    from reader.cli import dump
    from reader.cli.main import main

    seen: list[tuple[int, int, int]] = []
    real = dump.TextDump.write

    def watched(self: dump.TextDump) -> None:
        seen.append(gc.get_threshold())
        real(self)

    monkeypatch.setattr(dump.TextDump, "write", watched)
    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    before = gc.get_threshold()
    assert main([str(SAMPLE), "--dump", "--format", "text"]) == 0
    assert gc.get_threshold() == before
    assert seen[0][:2] == before[:2]
    assert seen[0][2] > 1_000_000


def test_a_ctrl_c_that_lands_while_an_error_is_reported_still_ends_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C reaches the whole group: the conversion's child may end by it first, and this
    process's own SIGINT land while that end is being reported. It ends with 130, not killed by
    the signal (-2, from a KeyboardInterrupt raised out of the error's handler)."""
    import importlib
    import signal

    from reader.errors import INTERRUPTED, ReaderError

    cli = importlib.import_module("reader.cli.main")  # the module (`reader.cli.main` is also the function)

    def stopped(args: object) -> int:
        raise ReaderError("the conversion stopped unexpectedly")

    def interrupted(message: str) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run", stopped)
    monkeypatch.setattr(cli, "fail", interrupted)
    handler = signal.getsignal(signal.SIGINT)
    try:
        status = cli.main(["article.html"])
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C left main: the process would end by the signal (-2)")
    finally:
        signal.signal(signal.SIGINT, handler)  # `_interrupted` ignores the rest of a Ctrl-C
    assert status == INTERRUPTED


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_the_command_line_leaves_the_collector_as_it_was(collecting: bool) -> None:
    """The collector waits while the command line's modules load (`reader.cli`), then is as
    the importer had it: on for the command, still off for an importer that turned it off."""
    code = (
        "import gc\n"
        f"if not {collecting}: gc.disable()\n"
        "import reader.cli\n"
        "print(gc.isenabled(), callable(reader.cli.main))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.split() == [str(collecting), "True"]
