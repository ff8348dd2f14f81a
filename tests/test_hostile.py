"""Hostile and broken articles (issue 10): what the real command makes of each.

Every case builds its bytes here, writes them to a file and runs
`reader FILE --dump --format text --width 80` in a child process whose address space is
limited (`resource.setrlimit` in `preexec_fn`, not in the test worker). Each asserts exit 0
with the expected text, or exit 1 with one `reader: error:` line for refused input; no
control character in the output; markup shown literally. No timing is asserted:
`benchmarks/hostile.py` (in `make bench`) measures time and memory.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests import hostile_inputs as inputs

MEMORY_LIMIT = 600 * 1024 * 1024
"""The issue's goal, as a limit on the child's address space."""
HANG_GUARD = 600
"""Seconds after which a run counts as hung (no timing is asserted below this)."""
WIDTH = 80

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal: C0 controls but tab and newline, DEL, C1, and the
bidi overrides, embeddings and isolates that reorder what the terminal shows."""


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def dump(path: Path, *extra: str, cached: bool = False) -> Run:
    """`cached`: with the conversion cache (the test's own folder), so that a second dump of
    the same file reads the conversion the first one kept instead of converting again."""
    command = [sys.executable, "-m", "reader", str(path), "--dump", "--format", "text", "--width", str(WIDTH), *extra]
    result = subprocess.run(
        command,
        capture_output=True,
        env={**os.environ} if cached else {**os.environ, "READER_NO_CACHE": "1"},
        preexec_fn=_limit_memory,
        timeout=HANG_GUARD,
        check=False,
    )
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read(run: Run, *texts: str) -> str:
    """Assert the article was read and shows `texts`; its dump, for more checks."""
    assert run.status == 0, run.stderr
    assert not run.stderr
    for text in texts:
        assert text in run.stdout
    assert not CONTROL.search(run.stdout), CONTROL.findall(run.stdout)[:5]
    assert all(cell_len(line) <= WIDTH for line in run.stdout.splitlines())
    return run.stdout


def refused(run: Run, path: Path) -> None:
    assert run.status == 1, run.stdout[:200]
    assert run.stderr == f"reader: error: {path}: not a text document (binary data)\n"
    assert not run.stdout


# One case per row of the table


def test_a_paragraph_inside_60000_divs_is_shown(tmp_path: Path) -> None:
    read(dump(write(tmp_path, "divs.html", inputs.deep_divs())), inputs.DEEP_PARAGRAPH)


def test_an_item_inside_5000_lists_is_shown(tmp_path: Path) -> None:
    read(dump(write(tmp_path, "lists.html", inputs.deep_lists())), inputs.DEEP_ITEM)


def test_a_2_mb_word_is_shown_whole_in_lines_of_the_width(tmp_path: Path) -> None:
    text = read(dump(write(tmp_path, "word.html", inputs.long_word())))
    assert text.count("x") == inputs.WORD_CHARS


def test_20000_headings_with_a_paragraph_each_are_all_shown(tmp_path: Path) -> None:
    text = read(dump(write(tmp_path, "headings.html", inputs.many_headings())))
    lines = set(text.splitlines())
    assert all(f"Heading {n}" in lines for n in range(inputs.HEADINGS))
    assert all(f"Paragraph {n} says a few words." in lines for n in range(0, inputs.HEADINGS, 997))


def test_a_table_of_2000_rows_by_40_keeps_10000_cells_and_says_how_many_rows_are_left_out(tmp_path: Path) -> None:
    kept = 10_000 // inputs.TABLE_COLUMNS  # the header row and 249 rows
    text = read(
        dump(write(tmp_path, "table.html", inputs.big_table())),
        "│ r0c0 ",
        f"│ r{kept - 2}c39 │",
        f"[… {inputs.TABLE_ROWS + 1 - kept:,} more rows not shown]",
    )
    assert f"r{kept - 1}c0" not in text


def test_references_xml_cannot_hold_are_read_not_refused(tmp_path: Path) -> None:
    text = read(
        dump(write(tmp_path, "references.html", inputs.bad_references())),
        "word0",
        "word3 \ufffd after.",
        "link0",
        "[image: alt0 \ufffd]",
    )
    assert "internal error" not in text


def test_a_megabyte_of_random_bytes_named_html_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "random.html", inputs.random_bytes())
    refused(dump(path), path)


# Nothing silently lost: nesting deeper than the converters take is flattened


def _cases(*cases: tuple[str, str | bytes, str]) -> list[object]:
    """Parameters named by their file: the data itself would make an id (and an environment
    variable of the child, PYTEST_CURRENT_TEST) megabytes long."""
    return [pytest.param(*case, id=case[0]) for case in cases]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    _cases(
        ("fragment.html", "<div>" * 60_000 + "<p>deep text</p>" + "</div>" * 60_000, "deep text"),
        ("quotes.html", "<blockquote>" * 20_000 + "deep quote" + "</blockquote>" * 20_000, "deep quote"),
        ("bold.html", "<p>" + "<b>" * 60_000 + "deep bold" + "</b>" * 60_000 + "</p>", "deep bold"),
        ("tables.html", "<table><tr><td>" * 3_000 + "deep cell" + "</td></tr></table>" * 3_000, "deep cell"),
        ("lists.md", "".join("  " * n + f"- item {n}\n" for n in range(3_000)), "item 2999"),
        ("quotes.md", ">" * 100_000 + " deep quote\n", "deep quote"),
        ("markers.md", "- " * 100_000 + "deep item\n", "deep item"),
        ("mixed.md", "> - " * 20_000 + "deep mix\n", "deep mix"),
        ("html-in.md", "# Post\n\n" + "<div>" * 60_000 + "<p>deep html</p>" + "</div>" * 60_000 + "\n", "deep html"),
        ("after.html", "<div>" * 300 + "<p>inside</p>" + "</div>" * 300 + "<p>and after</p>", "and after"),
    ),
)
def test_deep_nesting_keeps_its_text(tmp_path: Path, name: str, data: str, expected: str) -> None:
    read(dump(write(tmp_path, name, data)), expected)


def _outline(path: str, levels: int) -> str:
    """A list item of an outline: a short label over a nested list, long items at the bottom."""
    if not levels:
        return f"<li>Item {path} says enough words about its topic to count as running text.</li>"
    inner = "".join(_outline(f"{path}.{n}", levels - 1) for n in range(1, 4))
    return f"<li>Outer {path}<{'ol' if levels % 2 else 'ul'}>{inner}</{'ol' if levels % 2 else 'ul'}></li>"


def test_a_page_made_of_nested_lists_keeps_its_outer_items(tmp_path: Path) -> None:
    """The extraction kept the inner lists of a page that is an outline, and its first outer
    items went: too short to join the article above the text both extractors kept."""
    body = "<ul>" + "".join(_outline(str(n), 3) for n in range(1, 4)) + "</ul>"
    page = inputs.page(body, title="An outline")
    text = read(dump(write(tmp_path, "outline.html", page)), "Item 3.3.3.3 says")
    lines = {line.strip() for line in text.splitlines()}
    assert {"• Outer 1", "1. Outer 1.1", "▪ Outer 1.1.1"} <= lines
    labels = [".".join(path) for depth in (1, 2, 3) for path in itertools.product("123", repeat=depth)]
    assert all(any(line.endswith(f" Outer {label}") for line in lines) for label in labels)


def test_a_markdown_table_past_the_limit_says_how_many_rows_are_left_out(tmp_path: Path) -> None:
    rows = "".join(f"| r{n} | s{n} |\n" for n in range(6_000))
    text = read(dump(write(tmp_path, "table.md", "| a | b |\n|---|---|\n" + rows)), "[… 1,000 more rows not shown]")
    assert "r4999" in text and "r5000" not in text


# Every stage linear: the run ends, under the memory limit (the bench has the times)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    _cases(
        ("line.md", "word " * 400_000 + "end\n", "end"),
        (
            "attribute.html",
            '<p title="' + "a" * 2_000_000 + '">titled</p><img alt="' + "b " * 500_000 + '" src="x.png">',
            "titled",
        ),
        ("code.md", "```\n" + "y" * 2_000_000 + "\n```\n", "yyyy"),
        ("comments.html", "<p>" + "<!--c-->word " * 40_000 + "end</p>", "end"),
        ("scripts.html", "<p>" + "<script>x</script>word " * 40_000 + "end</p>", "end"),
        ("emphasis.html", "<p>" + "<em>a</em>" * 100_000 + " end</p>", "end"),
        ("breaks.html", "<pre>" + "line<br>" * 40_000 + "end</pre>", "end"),
        ("cjk.html", "<p>" + "中文，" * 200_000 + "</p>", "中文"),
        ("unclosed.html", "<p>before " + '<a title="x' * 50_000 + "text", "before"),
        ("dashes.md", ("|" + "- " * 40 + "x\n") * 200 + "end\n", "end"),
    ),
)
def test_huge_inputs_are_read(tmp_path: Path, name: str, data: str, expected: str) -> None:
    read(dump(write(tmp_path, name, data)), expected)


# Text that is not text is refused; text with a few bad bytes is read


@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b"\x89PNG\r\n\x1a\n", ".html"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ".md"),
        (b"GIF89a", ".html"),
        (b"%PDF-1.7\n", ".md"),
        (b"PK\x03\x04", ".html"),
        (b"\x1f\x8b\x08\x00", ".md"),
        (b"\x7fELF\x02\x01\x01", ".html"),
    ],
)
def test_binary_signatures_are_refused_whatever_the_name(tmp_path: Path, head: bytes, suffix: str) -> None:
    path = write(tmp_path, f"file{suffix}", head + b"<p>not really text</p>" * 50)
    refused(dump(path), path)


def test_binary_data_on_standard_input_is_refused() -> None:
    command = [sys.executable, "-m", "reader", "-", "--dump"]
    env = {**os.environ, "READER_NO_CACHE": "1"}
    result = subprocess.run(
        command, input=inputs.random_bytes(50_000), capture_output=True, env=env, preexec_fn=_limit_memory, check=False
    )
    assert result.returncode == 1  # the type gate of untyped sources refuses it first, by its bytes
    assert result.stderr.startswith(b"reader: error: standard input: not ") and result.stderr.count(b"\n") == 1


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_mark_are_read(tmp_path: Path, codec: str) -> None:
    page = "<h1>Unmarked</h1><p>Text in a wide encoding, café and naïve.</p>"
    read(dump(write(tmp_path, "wide.html", page.encode(codec))), "Text in a wide encoding, café and naïve.")


def test_a_byte_order_mark_means_text(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"<p>marked text</p>" + bytes(range(1, 9)) * 10
    read(dump(write(tmp_path, "marked.html", data)), "marked text")


def test_text_with_a_few_bad_bytes_is_read(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(2_000)).encode()
    broken = b"\xff\xfe\x00\x01".join(words[i : i + 500] for i in range(0, len(words), 500))
    read(dump(write(tmp_path, "broken.md", broken)), "word0", "word1999")


def test_a_stray_byte_in_utf8_text_is_one_replacement_character(tmp_path: Path) -> None:
    """A lone `\x9b` (CSI in Latin-1, `›` in windows-1252) made the whole file windows-1252:
    mojibake. It is U+FFFD now, and never a control character on the terminal."""
    sentence = "Ein Bär über Straßen, déjà vu, 中文的句子也在这里。"
    data = f"# Café\n\n{sentence * 3} \x9b2J end\n".encode().replace(b"\xc2\x9b", b"\x9b")
    text = " ".join(read(dump(write(tmp_path, "stray.md", data)), "Café").split())
    assert text.count(sentence) == 3 and "\ufffd2J end" in text
    assert "Ã" not in text


def test_latin1_and_escape_laden_text_are_read(tmp_path: Path) -> None:
    latin = "<p>" + "Œuvres complètes, déjà vu — naïveté. " * 200 + "</p>"
    read(dump(write(tmp_path, "latin.html", latin.encode("cp1252"))), "Œuvres complètes")
    colours = "".join(f"\x1b[3{n % 8}mcolour{n}\x1b[0m \x1b]0;title\x07" for n in range(3_000))
    text = read(dump(write(tmp_path, "colours.md", colours)), "colour0 colour1 colour2 ", "colour2999")
    body = text.split("\n", 1)[1]  # under the header's title, the file's name
    assert "[3" not in body and "title" not in body, "the sequences go whole"


# Entities and characters XML cannot hold become U+FFFD or vanish at decode time

BAD = "&#0; &#x1b; &#x110000; &#9999999999; &#xD800; &#xFFFE; &#65535; &#x0c; &#150;"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param(name, data, id=name)
        for name, data in (
            ("text.html", f"<h1>Head {BAD}</h1><p>Body {BAD} end</p>"),
            (
                "attributes.html",
                f'<p><a href="https://e.org/{BAD}" title="{BAD}">link</a> <img src="i.png" alt="{BAD}"> '
                f'<span class="{BAD}" id="{BAD}">end</span></p>',
            ),
            (
                "page.html",
                f"<html><head><title>Title {BAD}</title><meta name='author' content='{BAD}'></head>"
                "<body><p>end</p></body></html>",
            ),
            (
                "post.md",
                f'---\ntitle: "Title {BAD} \\x1b \\0"\nauthor: "\\uFFFE"\n---\n\n'
                f'# Head {BAD}\n\nBody {BAD} end\n\n<p title="{BAD}">end</p>\n',
            ),
            ("raw.html", b"<p>NUL \x00 and surrogate \xed\xa0\x80 and \xef\xbf\xbe end</p>"),
        )
    ],
)
def test_characters_xml_cannot_hold_never_fail_the_article(tmp_path: Path, name: str, data: str | bytes) -> None:
    text = read(dump(write(tmp_path, name, data)), "end")
    assert "internal error" not in text


# Terminal safety: each class of hostile text, in every place an article puts text

PAYLOADS = {  # the payload, and what of it shows: an escape sequence goes whole, not just its ESC
    "c0-c1": ("\x00\x07\x08\x0b\x0c\x0e\x1b\x7f\x85\x90\x9b\x9d", ""),
    "osc52": ("\x1b]52;c;cHduZWQ=\x07", ""),
    "osc8": ("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"),
    "csi": ("\x1b[2J\x1b[H\x1b[31;1m\x9b2J", "2J"),
    "rich-markup": ("[bold red]marked[/] [link=https://evil.example]x[/link]", "[bold red]marked[/]"),
    "emoji-codes": (":smile: :thumbs_up:", ":smile: :thumbs_up:"),
    "bidi": ("\u202eevil\u202c \u2066iso\u2069 \u202d", "evil"),
}


def _html_page(payloads: list[str]) -> str:
    """One page with every payload in every place a page puts text: a section of its own
    each, so that a payload which swallowed the text after it would lose the next one's."""
    every = " ".join(payloads)
    sections = "".join(
        f"<h2>Section {n}, in which a long heading says {payload} heading</h2><p>Body {payload} text, "
        f"<a href='https://example.org/{payload}'>link {payload} text</a>, "
        f"<img src='https://example.org/{payload}.png' alt='alt {payload} text'>.</p>"
        f"<p>{'Filler sentence for the extractor. ' * 10}</p>"
        for n, payload in enumerate(payloads)
    )
    return (
        f"<html><head><title>T {every} title</title><meta name='author' content='A {every}'></head><body>"
        f"<article><h1>Chapter one</h1>{sections}</article></body></html>"
    )


def _post(payloads: list[str]) -> str:
    quoted = [payload.replace("\\", "\\\\").replace('"', '\\"') for payload in payloads]
    every = " ".join(quoted)
    sections = "".join(
        f"## H {n} {payload} heading\n\nBody {payload} text, [link {payload} text](https://example.org/x), "
        f"<https://example.org/{payload}>, ![alt {payload} text](https://example.org/i.png).\n\n"
        f"{'Filler sentence for the post. ' * 10}\n\n"
        for n, payload in enumerate(payloads)
    )
    return f'---\ntitle: "T {every} title"\nauthor: "A {every}"\ntags: ["t {every}"]\n---\n\n# Post\n\n{sections}'


@pytest.mark.parametrize("form", ["html", "post"])
def test_hostile_text_never_reaches_the_terminal(tmp_path: Path, form: str) -> None:
    """Every class of PAYLOADS in one article per form (they were a case each: 21 runs of the
    command, 3 now); each still in its own section, and its literal text looked for apart."""
    payloads = [payload for payload, _ in PAYLOADS.values()]
    source = _html_page(payloads) if form == "html" else _post(payloads)
    path = write(tmp_path, f"hostile.{'html' if form == 'html' else 'md'}", source)
    text = read(dump(path, cached=True), "heading", "Body", "link", "alt")
    flat = " ".join(text.split())
    for kind, (_, literal) in PAYLOADS.items():
        assert literal in text or literal in flat, kind  # shown as the text it is, never interpreted
    assert flat.count("Body") == len(PAYLOADS)  # no payload swallowed the section after it
    assert not any(residue in text for residue in ("52;c;", "]8;;", "[31;1m", "[2J", "[H")), "a sequence's residue"
    assert "😄" not in text and "👍" not in text
    if form == "post":
        return  # the JSON of one form is enough: the same fields, escaped by json
    # The same conversion as the text's, kept by that run: this one checks the JSON written of it
    # (a second whole-page conversion in a fresh process was a third of the test's time).
    data = dump(path, "--format", "json", cached=True)
    assert data.status == 0, data.stderr
    assert not CONTROL.search(data.stdout)
    assert not re.search(r"\\u00(?:0[0-8bcdef]|1[0-9a-f]|7f|[89][0-9a-f])", data.stdout)  # nor escaped in JSON
