"""The library as a reading memory: building the search index and searching it.

Generates a library of saved posts (by default 5,000 of about 7,500 characters: a third each
Chinese, Japanese and English; words drawn with their frequencies in our own sample texts, so
the text has the repetition of real prose rather than random characters), imports them with
their offline copies, then times, in one process:
- the index build: every copy parsed back to its text and put in the FTS5 trigram index, a
  batch per transaction (what the migration's background build does for an old library);
- 20 queries of three or more characters, and 1-2 character queries (a scan), each with the
  snippets of up to 50 results.
Goals (issue 13): build under 60 s, median of the 3+ queries under 100 ms, 1-2 character
queries under 500 ms.

Standalone: `python -m benchmarks.search [--posts 5000] [--chars 7500] [--keep DIR]`;
`--queries-only DIR` times the queries on a library kept before. The machine's load shows in
the wall-clock times; the CPU times beside them are this process's own.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "reader" / "samples"

JAPANESE = (
    "神保町には百軒以上の古本屋が並んでいる。週末になると、私はいつもここで半日を過ごす。"
    "古い文庫本の棚を眺めていると、思いがけない一冊に出会うことがある。それが古本屋の一番の楽しみだ。"
    "帰り道には喫茶店でコーヒーを飲みながら、買った本を読み始める。電車の中でも続きを読む。"
    "日本語の文章は単語の間に空白を入れないので、検索には工夫が必要になる。"
    "漢字とひらがなとカタカナが混ざった文は、読みやすさのために句読点を大切にする。"
    "図書館の静かな部屋で、新聞や雑誌をゆっくりめくる時間が好きだ。"
    "春には桜が咲き、夏には祭りがあり、秋には紅葉を見に山へ行き、冬には温泉に入る。"
    "プログラムを書く人も、長い記事を読む人も、同じように集中する時間を必要としている。"
)

SHORT_QUERIES = ("本", "的", "搜索", "古本", "go", "目", "a", "读")


def queries(words: dict[str, tuple[list[str], list[int]]]) -> list[str]:
    """20 queries of three or more characters that the generated text holds: words of each
    language from the most frequent to rare ones, two words at once, and a phrase."""
    picked: list[str] = []
    for language, count in (("zh", 6), ("ja", 5), ("en", 6)):
        vocabulary, weights = words[language]
        long = sorted((w for w in vocabulary if len(w) >= 3), key=lambda w: -weights[vocabulary.index(w)])
        step = max(1, len(long) // count)
        picked.extend(long[::step][:count])
    english = sorted((w for w in words["en"][0] if len(w) >= 4), key=len)
    picked.append(f"{english[-1]} {english[-2]}")
    zh = [w for w in words["zh"][0] if len(w) >= 3]
    picked.append(f"{zh[0]} {zh[1]}")
    picked.append(f'"{words["en"][0][0]} {words["en"][0][1]}"')
    return picked[:20]


def _sample_words() -> dict[str, tuple[list[str], list[int]]]:
    """Per language, the words of our sample texts and how often each occurs."""
    from reader.convert.frontmatter import split_front_matter

    english = split_front_matter((SAMPLES / "welcome.md").read_text("utf-8"))[1]
    chinese = split_front_matter((SAMPLES / "welcome-zh.md").read_text("utf-8"))[1]
    words = {
        "en": Counter(re.findall(r"[A-Za-z']+", re.sub(r"<[^>]+>", " ", english))),
        "zh": Counter(_cjk_words("".join(re.findall(r"[\u4e00-\u9fff]+", chinese)))),
        "ja": Counter(_cjk_words("".join(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]+", JAPANESE)))),
    }
    return {language: (list(counts), list(counts.values())) for language, counts in words.items()}


def _cjk_words(text: str) -> list[str]:
    """Unspaced text cut into pieces of one to three characters, as a stand-in for its words."""
    rng = random.Random(7)
    pieces, at = [], 0
    while at < len(text):
        size = rng.choice((1, 2, 2, 2, 3))
        pieces.append(text[at : at + size])
        at += size
    return pieces


def post(number: int, language: str, words: tuple[list[str], list[int]], chars: int, rng: random.Random) -> str:
    vocabulary, weights = words
    spaced = language == "en"
    stop, comma = (". ", ", ") if spaced else ("。", "，")
    title = (" " if spaced else "").join(rng.choices(vocabulary, weights, k=4))
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            chosen = rng.choices(vocabulary, weights, k=rng.randint(8, 20))
            middle = rng.randint(3, len(chosen) - 2)
            sentence = (" " if spaced else "").join(chosen[:middle]) + comma.rstrip() + " " * spaced
            sentence += (" " if spaced else "").join(chosen[middle:]) + stop.rstrip()
            sentences.append(sentence[0].upper() + sentence[1:] if spaced else sentence)
        paragraph = (" " if spaced else "").join(sentences)
        if rng.random() < 0.15:
            paragraphs.append(f"## {title} {len(paragraphs)}")
        paragraphs.append(paragraph)
        size += len(paragraph)
    return f"# {title} {number}\n\n" + "\n\n".join(paragraphs) + "\n"


@dataclass
class Spent:
    """Wall-clock seconds, and CPU seconds in this process and in its (finished) child processes."""

    wall: float = 0.0
    cpu: float = 0.0
    workers: float = 0.0

    @classmethod
    @contextmanager
    def on(cls) -> Iterator[Spent]:
        spent = cls()
        before, started = os.times(), time.perf_counter()
        yield spent
        after = os.times()
        spent.wall = time.perf_counter() - started
        spent.cpu = after.user + after.system - before.user - before.system
        spent.workers = after.children_user + after.children_system - before.children_user - before.children_system


def build_library(path: Path, posts: int, chars: int) -> tuple[Spent, Spent, int]:
    """Import `posts` generated posts with their copies, then index them: (the import, the
    index build, characters in all)."""
    from reader.library import Library, Record
    from reader.library.index_build import build_all

    words = _sample_words()
    rng = random.Random(13)
    languages = ("zh", "ja", "en")
    records = []
    total = 0
    for number in range(posts):
        language = languages[number % 3]
        markdown = post(number, language, words[language], chars, rng)
        total += len(markdown)
        title = markdown.splitlines()[0].lstrip("# ")
        records.append(
            Record(source=f"https://example.org/{language}/{number}", title=title, markdown=markdown, saved=1.0)
        )
    with Library.open(path) as library:
        with Spent.on() as imported:
            library.import_records(records, index=False)
        with Spent.on() as indexed:
            build_all(library.index)
    return imported, indexed, total


def time_queries(path: Path, asked: tuple[str, ...]) -> list[tuple[str, float, float, int]]:
    """(query, seconds, CPU seconds, results) of each query, snippets included."""
    from reader.library import Library

    timings = []
    with Library.open(path) as library:
        library.index.search("warm up")
        for query in asked:
            started, cpu = time.perf_counter(), time.process_time()
            hits = library.index.search(query)
            timings.append((query, time.perf_counter() - started, time.process_time() - cpu, len(hits)))
    return timings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--chars", type=int, default=7500)
    parser.add_argument("--keep", type=Path, help="build the library in DIR and leave it there")
    parser.add_argument("--queries-only", type=Path, metavar="DIR", help="only time the queries, on DIR's library")
    args = parser.parse_args(argv)
    if args.queries_only:
        _print_queries(args.queries_only / "library.sqlite3")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "library.sqlite3"
        path.unlink(missing_ok=True)
        load = os.getloadavg()[0]
        imported, indexed, total = build_library(path, args.posts, args.chars)
        size = path.stat().st_size + sum(p.stat().st_size for p in folder.glob("library.sqlite3-*"))
        print(f"library: {args.posts:,} posts, {total / args.posts:,.0f} characters each on average")
        print(f"import (entries and copies): {imported.wall:6.1f} s   (CPU {imported.cpu:.1f} s)")
        print(f"index build (parse + FTS5):  {indexed.wall:6.1f} s   goal < 60 s")
        print(f"    CPU: {indexed.cpu:.1f} s in this process, {indexed.workers:.1f} s in the parsing workers")
        print(f"    load average (1 min): {load:.1f} before the import, {os.getloadavg()[0]:.1f} after the build")
        print(f"file size: {size / 1e6:,.0f} MB")
        _print_queries(path)
    return 0


def _print_queries(path: Path) -> None:
    long = time_queries(path, tuple(queries(_sample_words())))
    short = time_queries(path, SHORT_QUERIES)
    for label, timings, goal in (("3+ characters", long, 100), ("1-2 characters", short, 500)):
        times = [seconds * 1000 for _, seconds, _, _ in timings]
        cpu_times = [cpu * 1000 for _, _, cpu, _ in timings]
        print(
            f"queries of {label}: median {statistics.median(times):.0f} ms (CPU {statistics.median(cpu_times):.0f} ms),"
            f" max {max(times):.0f} ms   goal: median < {goal} ms"
        )
        for query, seconds, cpu, count in timings:
            print(f"    {query!r:>24}  {seconds * 1000:6.0f} ms  (CPU {cpu * 1000:4.0f} ms)  {count:>3} results")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
