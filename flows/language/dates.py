"""Dates from header lines that a rule has already isolated (never from free body text).

Two readers. `parse_header_date` reads a string that is only a date ('31 August 2021',
'2021-08') with python-dateutil, strictly. `read_date_line` reads a whole line of a page's
header or footer that may be a date in any language of the corpus ('Publiziert: 29.08.2021
um 00:03 Uhr', 'Jueves, 08 de junio, 2023', '26 آوریل 2025', 'تاریخ انتشار: ۱۱:۲۱ -
۲۵-۰۷-۱۴۰۰'): a label word is taken off, then dateparser, restricted to DATE_LANGUAGES,
must read all that is left as one date with a year. Solar Hijri dates (Persian pages) are
converted to the Gregorian calendar. Precision is what the string gave: day, month, year.
The label words of every language are in flows/rules/lang/<code>.toml, read through
flows/language/lexicon.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dateutil import parser as date_parser

from flows.language import lexicon
from flows.language.text import AFTER_COLON, CAPITALS, COLON

_DEFAULT_A = dt.datetime(1904, 1, 1)
_DEFAULT_B = dt.datetime(1908, 2, 2)
_NUMERIC_DAY_MONTH = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}\b")
"""Slashed numeric dates are day-first or month-first by country; dotted ones (29.08.2021) are day-first."""
DATE_LANGUAGES = lexicon.LANGUAGES
"""Languages dateparser may read header dates in: every language with a word file (flows/rules/lang)."""
PUBLISHED_LABELS: tuple[str, ...] = lexicon.all_words("published_labels")
"""Words that say the date after them is the publication date, per language."""
UPDATED_LABELS: tuple[str, ...] = lexicon.all_words("updated_labels")
"""Words that mark a last-modified date: read so that it is never taken for the publication date."""
MAX_DATE_TOKENS = 9
MAX_DATE_WORDS = 4
_YEAR = re.compile(r"(?<!\d)(?:\d{4}|[۰-۹]{4}|[٠-٩]{4})(?!\d)")
_PERSIAN = re.compile(r"[۰-۹]|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند")
_SEPARATOR = re.compile(r"(?<!\s)\s+\|\s+")
_TIME = r"[\d۰-۹٠-٩]{1,2}[:.h][\d۰-۹٠-٩]{2}(?::[\d۰-۹٠-٩]{2})?\s*(?:[ap]\.?m\.?|uhr|h|[A-Z]{2,5}(?:[+-]\d{1,2})?)?"
_TRAILING_TIME = re.compile(rf"(?<!\s)\s+{_TIME}\s*$", re.IGNORECASE)
_TIME_ONLY = re.compile(_TIME, re.IGNORECASE)
_EDGE_TIME = re.compile(rf"^\s*{_TIME}\s*[-–,]\s*|(?<!\s)\s*[-–,]\s*{_TIME}\s*$", re.IGNORECASE)
_CJK_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*[日号])?"
    r"(?:\s*[(（][月火水木金土日][)）]|\s*(?:星期|周)[一二三四五六日天])?"
)
"""A Chinese or Japanese date, '2021年8月15日', '2021年8月15日（日）', '2021年08月15日 星期日', '2021年8月': read as
'2021-08-15' (its weekday dropped), a form dateparser reads in any language."""


_LABEL_JOINERS = "|".join(lexicon.all_words("date_label_joiners"))
"""The word between a label and its date ('Published on', 'Publiziert am', 'publicado el')."""


def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(label) for label in sorted(set(labels), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{words})(?:\s+(?:{_LABEL_JOINERS}))?\s*[:：؛,-]?{AFTER_COLON}", re.IGNORECASE)


_PUBLISHED = _label_pattern(PUBLISHED_LABELS)
_UPDATED = _label_pattern(UPDATED_LABELS)


@dataclass(frozen=True)
class DateLine:
    date: dt.date
    precision: str  # day, month or year
    updated: bool  # a last-modified date, not the publication date
    labelled: bool  # a label word said what the date is


def parse_header_date(text: str) -> tuple[dt.date, str] | None:
    """('2021-08-31', 'day') style result for '31 August 2021'; None if it is not a date.

    '03/04/2023' is 3 April in most of the world and March 4 in the US: a slashed numeric date
    whose first two parts could both be the month is refused rather than guessed.
    """
    if _ambiguous_numeric(text):
        return None
    try:
        first = date_parser.parse(text, default=_DEFAULT_A, fuzzy=False)
        second = date_parser.parse(text, default=_DEFAULT_B, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if first.year != second.year:
        return None  # no year given: too ambiguous to publish
    if first.month != second.month:
        return dt.date(first.year, 1, 1), "year"
    if first.day != second.day:
        return dt.date(first.year, first.month, 1), "month"
    return first.date(), "day"


SOURCE_LABELS: tuple[str, ...] = lexicon.all_words("source_labels")
"""'Source: <outlet> <date>' credit lines, per language."""
_SOURCE = re.compile(rf"^\s*(?:{'|'.join(SOURCE_LABELS)})\s*{COLON}\s*(?P<rest>.+)$", re.IGNORECASE)


def read_source_line(line: str) -> tuple[str, DateLine] | None:
    """('La Croix', its date) for 'Source: La Croix August 15, 2022 08:25 UTC'; None for other lines."""
    match = _SOURCE.match(line)
    if match is None:
        return None
    words = match.group("rest").split()
    for cut in range(1, len(words)):
        found = read_date_line(" ".join(words[cut:]))
        if found is not None and not found.updated:
            return " ".join(words[:cut]).rstrip(",;-–"), DateLine(found.date, found.precision, False, True)
    return None


_UNCASED_LETTERS = "\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff"
"""Letters of the scripts without capitals the corpus reads (Arabic script, Devanagari, kana and Han)."""
_PLACE_WORD = rf"[\w.'’\u200c{_UNCASED_LETTERS}-]"  # Devanagari's vowel signs are no \w to Python's re
_DATELINE = re.compile(
    rf"\s*[{CAPITALS}{_UNCASED_LETTERS}]{_PLACE_WORD}*(?:\s+{_PLACE_WORD}+){{0,3}}?"  # the place: a capital, or no case
    r"(?:\s*\([^()]{1,40}\))?"  # an agency: 'KABUL (Reuters)'
    r"\s*[,،]\s*(?P<date>[^—–:]{4,40}?)\s*(?:[—–]|--?)\s"
)
"""A dateline: a place in a word or four, an agency, a comma, the date and a dash ('KABUL, 4 April 2024 —', 'КАБУЛ,
4 апреля 2024 —', 'کابل، ۱۵ اسد ۱۴۰۰ –'). The place starts with a capital, or with a letter of a script that has no
case; a paragraph opening 'Yesterday, ...' has no date before its dash."""


def read_dateline(paragraph: str) -> DateLine | None:
    """The date of a dateline at the head of a paragraph, when it names a day (a month or a year is no dateline)."""
    match = _DATELINE.match(paragraph)
    found = read_date_line(match.group("date")) if match else None
    return found if found is not None and found.precision == "day" and not found.updated else None


@lru_cache(maxsize=8192)
def read_date_line(line: str) -> DateLine | None:
    """The date a header or footer line consists of, or None when the line is anything else (remembered: the
    rules that look for a page's title, its date and its chrome ask it of the same header lines).

    'Aug 13, 2022, 8:18 AM | Updated: Aug 14, 2022' gives the first date (the second is a
    last-modified date). A line must be a date and a label at most: words beyond that make
    it a sentence that mentions a date, which is never read.
    """
    parts = [p for p in _SEPARATOR.split(line.strip()) if not _TIME_ONLY.fullmatch(p)]
    found = [_read_part(part) for part in parts]
    dates = [d for d in found if d is not None]
    if not dates or len(dates) < len(found):
        return None
    published = [d for d in dates if not d.updated]
    return published[0] if published else dates[0]


def _read_part(text: str) -> DateLine | None:
    updated = _UPDATED.match(text)
    labelled = updated or _PUBLISHED.match(text)
    rest = text[labelled.end() :] if labelled else text
    rest = _CJK_DATE.sub(lambda m: "-".join(f"{int(n):02d}" for n in m.group("year", "month", "day") if n), rest)
    rest = _TRAILING_TIME.sub("", _EDGE_TIME.sub("", rest.strip(" ()[],.")))
    tokens = rest.split()
    if not _YEAR.search(rest) or len(tokens) > MAX_DATE_TOKENS or _ambiguous_numeric(rest):
        return None
    if sum(any(ch.isalpha() for ch in token) for token in tokens) > MAX_DATE_WORDS:
        return None  # more words than a weekday, a day, a month and a preposition: a sentence, not a date
    if (parsed := _parse_date(rest)) is None:
        return None
    return DateLine(*parsed, updated is not None, labelled is not None)


@lru_cache(maxsize=8192)
def _parse_date(text: str) -> tuple[dt.date, str] | None:
    """The date a date string names and its precision. dateparser takes a millisecond or two a string, and
    an outlet's pages repeat the same dates: remembered, within a bounded cache."""
    parsed = _solar_hijri(text) or _date_parser().get_date_data(text)
    if parsed is None or parsed.date_obj is None or parsed.date_obj.year < 1800:
        return None  # a lunar Hijri date or a misread year: not published rather than guessed
    day = parsed.date_obj.date()
    precision = parsed.period if parsed.period in ("day", "month", "year") else "day"
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


AFGHAN_SOLAR_MONTHS = {
    name: number
    for number, names in enumerate(
        [("hamal", "حمل"), ("sawr", "saur", "ثور"), ("jawza", "jauza", "جوزا"), ("saratan", "سرطان"), ("asad", "اسد"),
         ("sunbula", "sonbola", "سنبله"), ("mizan", "میزان"), ("aqrab", "عقرب"), ("qaws", "qaus", "قوس"),
         ("jadi", "جدی"), ("dalw", "دلو"), ("hut", "حوت")],
        start=1,
    )
    for name in names
}
"""The months of the Solar Hijri calendar as Afghanistan names them (Dari/Pashto, and in Latin letters)."""
_AFGHAN_DATE = re.compile(
    rf"(?P<day>[\d۰-۹]{{1,2}})\s+(?P<month>{'|'.join(AFGHAN_SOLAR_MONTHS)})\s+(?P<year>[\d۰-۹]{{4}})", re.IGNORECASE
)


def _solar_hijri(text: str):
    """A Solar Hijri date ('۰۶ آذر ۱۴۰۳', '۲۵-۰۷-۱۴۰۰', '28 Sunbula 1400') in the Gregorian calendar, or None."""
    year = _YEAR.search(text)
    if year is None or not 1300 <= int(year.group()) <= 1500:
        return None
    if (afghan := _AFGHAN_DATE.fullmatch(text.strip(" ,"))) is not None:
        from convertdate import persian
        from dateparser.date import DateData

        y, m, d = persian.to_gregorian(int(afghan["year"]), AFGHAN_SOLAR_MONTHS[afghan["month"].lower()], int(afghan["day"]))
        return DateData(date_obj=dt.datetime(y, m, d), period="day")
    if not _PERSIAN.search(text):
        return None
    from dateparser.calendars.jalali import JalaliCalendar

    try:
        return JalaliCalendar(text).get_date()
    except (ValueError, TypeError):
        return None


def _ambiguous_numeric(text: str) -> bool:
    numeric = _NUMERIC_DAY_MONTH.match(text)
    return bool(numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and numeric.group(1) != numeric.group(2))


def load() -> None:
    """Build dateparser's parser and load every DATE_LANGUAGES locale now, in the process that forks the workers:
    each language's data and patterns load on first use (0.2-0.4 s a language), which every batch's worker would
    otherwise pay again. A string with a year that no locale reads is checked against all of them."""
    _date_parser().get_date_data("x 2000")
    read_date_line("Published: 1 May 2000 10:00")


@cache
def _date_parser():
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["year"], "STRICT_PARSING": False}
    return DateDataParser(languages=list(DATE_LANGUAGES), settings=settings)
