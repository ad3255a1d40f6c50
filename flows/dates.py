"""Dates from header strings that a rule has already isolated (never from free body text).

python-dateutil parses the string strictly (fuzzy=False). Precision is measured, not
guessed: the string is parsed against two different default dates, and a component that
follows the default was not in the string.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser

_DEFAULT_A = dt.datetime(1904, 1, 1)
_DEFAULT_B = dt.datetime(1908, 2, 2)
_NUMERIC_DAY_MONTH = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def parse_header_date(text: str) -> tuple[dt.date, str] | None:
    """('2021-08-31', 'day') style result for '31 August 2021'; None if it is not a date.

    '03/04/2023' is 3 April in most of the world and March 4 in the US: a numeric date whose
    first two parts could both be the month is refused rather than guessed.
    """
    numeric = _NUMERIC_DAY_MONTH.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and numeric.group(1) != numeric.group(2):
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
