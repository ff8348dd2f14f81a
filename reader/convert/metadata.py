"""What a web page says about itself: title, byline, date, site, language, image, canonical URL.

Sources, best first: JSON-LD (`<script type="application/ld+json">` describing an article),
then `<meta>` tags (Dublin Core, OpenGraph, Twitter, Parse.ly, `article:published_time` ...),
then the document itself (`<title>`, `<html lang>`, `<link rel=canonical>`, a byline in the
markup). Front matter, when a post has it, outranks all of these; the pipeline sees to that.

The order and the title heuristics follow Mozilla's Readability (what Firefox's Reader View
shows), because that is what readers expect to see and what our corpus's gold titles are.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from reader.convert.byline import byline_in_markup
from reader.convert.dates import normalize_date
from reader.model import Metadata

_ARTICLE_TYPES = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle"
    r"|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report"
    r"|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting"
    r"|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage|Blog)$"
)
"""schema.org types that describe the page's article (WebPage last: only when nothing better)."""

_SCHEMA_CONTEXT = re.compile(r"^https?://schema\.org/?$")

_META_PROPERTY = re.compile(
    r"\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name|image|url|locale)\s*",
    re.I,
)
_META_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(?:article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name|image|date|language)\s*$",
    re.I,
)

_META_ALIASES = {
    "application-name": "application-name",
    "dc.date.issued": "dc:date",
    "dcterms.date": "dc:date",
    "dcterms.created": "dc:date",
    "pubdate": "date",
    "publishdate": "date",
    "publish-date": "date",
    "article.published": "date",
    "sailthru.date": "date",
}
_ITEMPROP_ALIASES = {"datePublished": "date", "author": "author", "inLanguage": "language"}

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")

_TITLE_SEPARATORS = r"|\-–—\\/>»"
_SEPARATOR = re.compile(rf"\s[{_TITLE_SEPARATORS}]\s")
_HIERARCHICAL_SEPARATOR = re.compile(r"\s[\\/>»]\s")
_LEADING_PART = re.compile(rf"^[^{_TITLE_SEPARATORS}]*[{_TITLE_SEPARATORS}]")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLACEHOLDER_BEFORE = "1000-01-01"
"""A page's date before this is no date."""
_BY = re.compile(r"^by\b\s*:?\s*(?=\S)", re.I)
"""The "By" in front of a byline, which the header's layout makes redundant."""
_BYLINE_TRAIL = " ,;:|·，、；：｜"
"""Separators a byline cut from running text ends with ("温戈，"); the header adds its own."""


def read_metadata(document: HtmlElement, url: str = "") -> Metadata:
    """Everything the page declares about its article; empty strings where it says nothing."""
    ld = _json_ld(document)
    meta = _meta_values(document)
    title = ld.get("title") or _first(
        meta,
        "dc:title",
        "dcterm:title",
        "og:title",
        "weibo:article:title",
        "weibo:webpage:title",
        "title",
        "twitter:title",
        "parsely-title",
    )
    author = ld.get("author") or _first(meta, "dc:creator", "dcterm:creator", "author", "parsely-author")
    dates = (
        ld.get("date"),
        _first(
            meta, "article:published_time", "parsely-pub-date", "dc:date", "dcterm:date", "date", "og:published_time"
        ),
    )
    return Metadata(
        title=_clean(title) or document_title(document),
        author=_BY.sub("", _clean(author) or byline_in_markup(document)).rstrip(_BYLINE_TRAIL),
        date=next(filter(None, map(_iso_date, (*map(_clean, dates), _time_element(document)))), ""),
        site=_clean(ld.get("site") or _first(meta, "og:site_name", "application-name")),
        language=_clean(_html_language(document) or ld.get("language") or _first(meta, "dc:language", "language")),
        image=_absolute(_clean(_first(meta, "og:image", "twitter:image") or ld.get("image")), url),
        url=_absolute(_canonical(document) or _clean(_first(meta, "og:url") or ld.get("url")), url),
    )


def _iso_date(value: str) -> str:
    """`YYYY-MM-DD`, or nothing: a page's date that does not read as one ("Updated 5 minutes
    ago", a date in words of some language) would sort nowhere in the library, and one before
    the year 1000 is a placeholder ("0001-01-01", the zero time that pages without a date print),
    which the header would show. The next source is asked then."""
    date = normalize_date(value)
    return date if _ISO_DATE.fullmatch(date) and date >= PLACEHOLDER_BEFORE else ""


def _first(values: dict[str, str], *keys: str) -> str:
    return next((values[key] for key in keys if values.get(key)), "")


def _clean(value: str | None) -> str:
    """One line of text: entities decoded (JSON-LD and some CMSs double-escape), spaces folded."""
    if not value:
        return ""
    return " ".join(html.unescape(value).split())


def _absolute(value: str, url: str) -> str:
    if not value or not url:
        return value
    try:
        return urljoin(url, value)
    except ValueError:
        return value


# JSON-LD ---------------------------------------------------------------------------------------


def _json_ld(document: HtmlElement) -> dict[str, str]:
    """Fields of the first JSON-LD object that describes an article."""
    best: dict[str, Any] | None = None
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            parsed = json.loads(text)
        except ValueError:
            continue
        for item in _ld_items(parsed):
            kind = _ld_types(item)
            if any(_ARTICLE_TYPES.match(name) and name not in ("WebPage", "Blog") for name in kind):
                best = item
                break
            if best is None and any(_ARTICLE_TYPES.match(name) for name in kind):
                best = item
        else:
            continue
        break
    if best is None:
        return {}
    return _ld_fields(best, document)


def _ld_items(parsed: Any, context: bool = False) -> Iterator[dict[str, Any]]:
    """Objects in a JSON-LD document that declare schema.org as their context."""
    if isinstance(parsed, list):
        for item in parsed:
            yield from _ld_items(item, context)
        return
    if not isinstance(parsed, dict):
        return
    declared = parsed.get("@context")
    if isinstance(declared, str):
        context = bool(_SCHEMA_CONTEXT.match(declared.strip()))
    elif isinstance(declared, dict):
        vocab = declared.get("@vocab")
        context = isinstance(vocab, str) and bool(_SCHEMA_CONTEXT.match(vocab.strip()))
    if context:
        yield parsed
    graph = parsed.get("@graph")
    if isinstance(graph, list):
        yield from _ld_items(graph, context)


def _ld_types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [name for name in kind if isinstance(name, str)]
    return []


def _ld_fields(item: dict[str, Any], document: HtmlElement) -> dict[str, str]:
    fields: dict[str, str] = {}
    name, headline = item.get("name"), item.get("headline")
    if isinstance(name, str) and isinstance(headline, str) and name.strip() != headline.strip():
        # Sites put the site's name in `name`, or a shortened headline: take the one that
        # looks like the page's own title.
        title = document_title(document)
        name_matches = text_similarity(name, title) > 0.75
        headline_matches = text_similarity(headline, title) > 0.75
        fields["title"] = headline if headline_matches and not name_matches else name
    elif isinstance(name, str) and name.strip():
        fields["title"] = name
    elif isinstance(headline, str):
        fields["title"] = headline
    fields["author"] = _ld_names(item.get("author"))
    publisher = item.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        fields["site"] = publisher["name"]
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if isinstance(item.get(key), str):
            fields["date"] = item[key]
            break
    if isinstance(item.get("inLanguage"), str):
        fields["language"] = item["inLanguage"]
    fields["image"] = _ld_url(item.get("image"))
    fields["url"] = _ld_url(item.get("url")) or _ld_url(item.get("mainEntityOfPage"))
    return {key: value.strip() for key, value in fields.items() if value and value.strip()}


def _ld_names(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    if isinstance(value, list):
        return ", ".join(name for name in (_ld_names(item).strip() for item in value) if name)
    return ""


def _ld_url(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("url", "@id", "contentUrl"):
            if isinstance(value.get(key), str):
                return str(value[key])
    if isinstance(value, list) and value:
        return _ld_url(value[0])
    return ""


def text_similarity(a: str, b: str) -> float:
    """Share of `b`'s words also in `a`, by length: 1.0 when `b` adds nothing to `a`."""
    tokens_a = set(_words(a))
    tokens_b = [word for word in _words(b) if word]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [word for word in tokens_b if word not in tokens_a]
    distance = len(" ".join(unique_b)) / len(" ".join(tokens_b))
    return 1 - distance


def _words(text: str) -> list[str]:
    """Latin words, and each Chinese or Japanese character on its own (they are not spaced)."""
    return _WORD.findall(text.lower())


# <meta> ----------------------------------------------------------------------------------------


def _meta_values(document: HtmlElement) -> dict[str, str]:
    """`<meta>` contents by normalized name (`og:title`, `dc:creator`, `parsely-pub-date` ...);
    the first declaration of a name wins, and a `property` outranks a `name`."""
    values: dict[str, str] = {}
    for element in document.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        names = [re.sub(r"\s+", "", m.group(0)).lower() for m in _META_PROPERTY.finditer(element.get("property") or "")]
        name = (element.get("name") or "").strip().lower()
        if not names and name:
            if _META_NAME.match(name):
                names.append(re.sub(r"\s+", "", name).replace(".", ":"))
            elif name in _META_ALIASES:
                names.append(_META_ALIASES[name])
        itemprop = (element.get("itemprop") or "").strip()
        if itemprop in _ITEMPROP_ALIASES:
            names.append(_ITEMPROP_ALIASES[itemprop])
        if (element.get("http-equiv") or "").lower() == "content-language":
            names.append("language")
        for key in names:
            values.setdefault(key, content)
    return values


# The document itself ----------------------------------------------------------------------------


def document_title(document: HtmlElement) -> str:
    """The `<title>`, without the site's name around it when that can be told apart.

    "Article – Site" becomes "Article"; a title that would be left too short keeps its
    parts ("Blog | Site" stays whole), as Readability does: Reader View users know its titles,
    and the corpus's gold titles are its.
    """
    element = document.find(".//title")
    original = " ".join((element.text_content() if element is not None else "").split())
    if not original:
        return ""
    title = original
    hierarchical = False
    separators = list(_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHICAL_SEPARATOR.search(original))
        title = original[: separators[-1].start()]
        if _word_count(title) < 3:
            title = _LEADING_PART.sub("", original, count=1)
    elif ": " in title:
        if title not in _headings(document):
            title = original[original.rfind(":") + 1 :]
            if _word_count(title) < 3:
                title = original[original.find(":") + 1 :]
            elif _word_count(original[: original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        ones = list(document.iter("h1"))
        if len(ones) == 1:
            title = " ".join(ones[0].text_content().split()) or title
    title = " ".join(title.split())
    words = _word_count(title)
    if words <= 4 and (not hierarchical or words != _word_count(_SEPARATOR.sub("", original)) - 1):
        title = original
    return title


def _headings(document: HtmlElement) -> set[str]:
    return {" ".join(h.text_content().split()) for h in document.iter("h1", "h2")}


def _word_count(text: str) -> int:
    return len(text.split()) or 1


def _html_language(document: HtmlElement) -> str:
    root = document.getroottree().getroot()
    return (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()


def _canonical(document: HtmlElement) -> str:
    for link in document.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href")).strip()
    return ""


def _time_element(document: HtmlElement) -> str:
    """A `<time>` that says it is the publication date."""
    for element in document.iter("time"):
        marks = f"{element.get('itemprop') or ''} {element.get('class') or ''} {element.get('pubdate') or ''}"
        if element.get("pubdate") is not None or re.search(r"datePublished|published|pubdate", marks, re.I):
            value = str(element.get("datetime") or element.text_content()).strip()
            if value:
                return value
    return ""
