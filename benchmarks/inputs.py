"""The bench's inputs: the bundled sample, and long pages made of one post's body repeated.

A long page is a real post's body (the corpus's reference post when `../shared/corpus` is there,
else the bundled sample rendered to HTML) repeated, each copy under its own `<h2>Part N</h2>`,
ending with a marker paragraph. As a *page* it sits in a plain `<html><body>` with a `<title>`
and no `<article>` wrapper, so the extraction runs on it; as a *fragment* it is the same
markup with no `<html>`; as a *post* it is that fragment after YAML front matter (a `.md` file,
as a blog keeps its posts). The pipeline never extracts from a fragment or a post. The bench
checks that the
marker and every heading come out, so no extractor can win the race by dropping the article.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reader" / "samples" / "welcome.md"
SEED_POST = ROOT.parent / "shared" / "corpus" / "posts" / "产业互联网，一个新开始.md"
"""The corpus's reference post (13 KB): the body the long pages repeat, when it is there."""
MARKER = "END-OF-ARTICLE-MARKER"
TITLE = "A long page"


@dataclass(frozen=True)
class Input:
    name: str
    path: Path
    copies: int
    """How many copies of the post's body (0: the sample itself)."""
    first_text: str
    """Text of the first screen that says the article is there."""
    end_text: str = MARKER
    """Text of the article's last paragraph."""

    @property
    def headings(self) -> list[str]:
        return [heading(n) for n in range(1, self.copies + 1)]


def heading(number: int) -> str:
    return f"Part {number}"


def seed_body() -> tuple[str, str]:
    """(the post body's HTML, where it came from)."""
    from reader.convert.frontmatter import split_front_matter

    if SEED_POST.is_file():
        _, body = split_front_matter(SEED_POST.read_text("utf-8"))
        return body, f"the corpus's reference post ({SEED_POST.name})"
    from markdown_it import MarkdownIt

    _, body = split_front_matter(SAMPLE.read_text("utf-8"))
    return MarkdownIt("commonmark").render(body), "the bundled sample, rendered to HTML (no corpus here)"


KINDS = ("page", "post", "fragment")
SUFFIXES = {"page": ".html", "post": ".md", "fragment": ".html"}


def long_markup(copies: int, kind: str) -> str:
    body, _ = seed_body()
    parts = [f"<h2>{heading(n)}</h2>\n{body}\n" for n in range(1, copies + 1)]
    markup = "".join(parts) + f"<p>{MARKER}</p>\n"
    if kind == "post":
        return f"---\ntitle: '{TITLE}'\nauthor: The bench\n---\n\n" + markup
    if kind == "fragment":
        return markup
    head = f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{TITLE}</title></head>\n<body>\n"
    return head + markup + "</body></html>\n"


SAMPLE_INPUT = Input("sample", SAMPLE, 0, "terminal article reader", "Your place in this")


def copies_for(megabytes: float) -> int:
    """How many copies of the post's body make about `megabytes` (200 of the reference post
    make 2.5 MB)."""
    body, _ = seed_body()
    return max(1, round(megabytes * 1_000_000 / len(body.encode("utf-8"))))


def long_input(folder: Path, megabytes: float, kind: str) -> Input:
    """A long input of about `megabytes`, written in `folder` once."""
    label = f"{megabytes:g} MB"
    copies = copies_for(megabytes)
    path = folder / f"{megabytes:g}MB-{kind}{SUFFIXES[kind]}"
    if not path.exists():
        # Written by a child process: a 25 MB string built here would stay in the bench's
        # memory, and a process forked from it starts with that much resident (its peak
        # memory would count it).
        code = f"from benchmarks.inputs import write; write({str(path)!r}, {copies}, {kind!r})"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return Input(f"{label} {kind}", path, copies, heading(1))


def write(path: str, copies: int, kind: str) -> None:
    partial = Path(path + ".partial")
    partial.write_text(long_markup(copies, kind), "utf-8")
    partial.rename(path)


def missing_from_dump(dump: str, item: Input) -> list[str]:
    """What the dump of a long input lost: the marker, or any heading (empty when whole)."""
    if not item.copies:
        return []
    lines = {line.strip() for line in dump.splitlines()}
    missing = [text for text in item.headings if text not in lines]
    if MARKER not in dump:
        missing.append(MARKER)
    return missing
