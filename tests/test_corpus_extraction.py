"""Extraction over the corpus's folders with a gold standard (skipped when they are absent):
the figures `make quality` reports, held as floors.

The pipeline runs in this process at one width (80), scored as `../shared/tools/quality.py`
scores it (see `benchmarks/scoring.py`); one test per folder, so the suite's workers share them.
A page converted by another test of the run is read back from the conversion cache.
"""

from __future__ import annotations

import pytest

from benchmarks.scoring import Summary, pages, score, summarize
from reader.convert.pipeline import load
from tests.conftest import corpus_dir

WIDTH = 80
FLOORS: dict[str, dict[str, float]] = {
    "readability": {"f1": 0.93, "headings_recall": 0.90, "titles": 0.95},
    # The goal is 0.96, met at widths 80 and 120 (0.961 now: half A 0.970, half B 0.953), and
    # only just at 40 (0.960: 0.9599; a wide table of figures drawn in column groups repeats its
    # first column and, each 16 rows, its header row: that page's 0.892 against 0.957 at 80);
    # kept at 0.95 as other changes land. The dump's header
    # (title, byline, date, reading time) costs about 0.02 (0.977 without it at width 80)
    # against gold text that has none; most of the rest is what the gold standards disagree on
    # (captions and standfirsts, which this folder's gold leaves out and the readability and
    # snippets folders keep), pictures' alt text and "[image]" lines.
    "extra": {"f1": 0.95},
    "snippets": {"kept": 0.93},
}
CEILINGS: dict[str, dict[str, float]] = {
    # The goal, 0.10, is met (0.081 now: half A 0.062, half B 0.094); what is left is mostly
    # text both extractors keep: a second article on the same page, strings of the furniture
    # that the article's own text also says.
    "snippets": {"leaked": 0.10},
}


@pytest.mark.corpus
@pytest.mark.usefixtures("shared_conversions")  # `test_corpus.test_layout_rules` converts the readability pages too
@pytest.mark.parametrize("kind", ["readability", "extra", "snippets"])
def test_extraction_holds_its_figures(kind: str) -> None:
    folder = corpus_dir(kind)
    scores = [score(page, load(str(page.source)), WIDTH) for page in pages(folder.parent, [kind])]
    total = summarize(scores)
    print(f"\n{kind}, {total.pages} pages at width {WIDTH}: {total}")
    for name, floor in FLOORS.get(kind, {}).items():
        assert _figure(total, name) >= floor, (name, _figure(total, name), total.worst)
    for name, ceiling in CEILINGS.get(kind, {}).items():
        assert _figure(total, name) <= ceiling, (name, _figure(total, name))
    if kind == "readability":
        unreadable = [s for s in scores if not s.page.readerable]
        assert all(s.recall >= 0.9 for s in unreadable), "pages that are not articles keep their text"


def _figure(total: Summary, name: str) -> float:
    value = getattr(total, name)
    assert value is not None, name
    return float(value)
