"""Dates as sources write them, to an ISO date for display and sorting."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from reader.chars import is_cjk

_INVALID = {"", "invalid date", "null", "none", "nan", "undefined", "unknown"}
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_LOOSE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def normalize_date(value: object) -> str:
    """`YYYY-MM-DD` when the value reads as a date; the text as given when it does not;
    empty for placeholders such as "Invalid Date"."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    text = str(value).strip()
    if text.lower() in _INVALID:
        return ""
    parsed = _parse(text)
    return parsed.isoformat() if parsed else text


def _parse(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in (_CHINESE, _LOOSE):
        match = pattern.search(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NUMBER = re.compile(r"\d+")
_NAME_WORD = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_CJK_DATE_WORD = re.compile(r"[年月日号號时時分秒星期周週一二三四五六七天]+")
"""The words of a date in Chinese or Japanese ("2021年11月8日 星期一"): any other word written in
them is a name, one word with no space in it ("张三")."""
DATE_ONLY_WORDS = 2
"""Words besides numbers a date alone may have: a weekday and a month ("Friday, 8. November 2021");
one beside a date in numbers, which says its month ("Freitag, 08.11.2021")."""


def is_date_only(text: str) -> bool:
    """Whether the text is a date (a year and another number, a weekday and a month at most)
    and names nothing else: a page's "byline" box that holds only its date names no author,
    where "Ada Greenfield, 2021-11-08" and "张三 2021-11-08" do."""
    if not _YEAR.search(text) or len(_NUMBER.findall(text)) < 2:
        return False
    words = [word for word in _NAME_WORD.findall(text) if not _CJK_DATE_WORD.fullmatch(word)]
    if any(is_cjk(char) for word in words for char in word):
        return False
    return len(words) <= (1 if _NUMERIC_DATE.search(text) else DATE_ONLY_WORDS)
