"""Golden tests, one file per pipeline stage, on small fixtures we wrote.

For each `tests/fixtures/golden/NAME.html|md` the expected outputs sit beside it:
`NAME.clean.html` (clean pass), `NAME.markdown` (html2text), `NAME.blocks.json` (parse),
`NAME.40.txt` and `NAME.80.txt` (layout). After an intended change, regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest
from lxml import html

from reader.convert.clean import clean_html
from reader.convert.pipeline import load_text
from reader.layout.lines import Layout
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "golden"
SOURCES = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".html", ".md") and p.stem.count(".") == 0)
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def check(path: Path, actual: str) -> None:
    if UPDATE or not path.exists():
        path.write_text(actual, "utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} was missing and has been written: review it and commit")
    assert actual == path.read_text("utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1 to regenerate)"


def load(source: Path):  # type: ignore[no-untyped-def]
    media_type = "text/html" if source.suffix == ".html" else "text/markdown"
    return load_text(source.read_text("utf-8"), media_type, source=source.name)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_clean_stage(source: Path) -> None:
    if source.suffix != ".html":
        pytest.skip("Markdown input has no clean stage")
    body = clean_html(source.read_text("utf-8"))
    check(source.with_suffix(".clean.html"), html.tostring(body, encoding="unicode") + "\n")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_convert_stage(source: Path) -> None:
    check(source.with_suffix(".markdown"), load(source).markdown)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_parse_stage(source: Path) -> None:
    article = load(source).article
    data = {
        "metadata": asdict(article.metadata),
        "blocks": [_block(block) for block in article.blocks],
        "headings": [asdict(heading) for heading in article.headings],
        "links": [asdict(link) for link in article.links],
        "images": [asdict(image) for image in article.images],
    }
    check(source.with_suffix(".blocks.json"), json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_layout_stage(source: Path, width: int) -> None:
    layout = Layout(load(source).article, width)
    text = "".join(line.text.rstrip() + "\n" for line in layout.lines())
    check(source.with_suffix(f".{width}.txt"), text)


def _block(block: object) -> dict[str, object]:
    data = asdict(block)  # type: ignore[call-overload]
    spans = data.pop("spans")
    data["text"] = "".join(span["text"] for span in spans)
    data["styled"] = [[span["text"], sorted(span["styles"]), span["href"]] for span in spans if span["styles"]]
    data["rows"] = [
        [cell["spans"] and "".join(s["text"] for s in cell["spans"]) for cell in row] for row in data["rows"]
    ]
    return {key: value for key, value in data.items() if value not in ("", 0, False, [], None)}
