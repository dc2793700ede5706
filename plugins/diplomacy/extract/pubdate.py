"""Infer an article's publication date from its text when metadata has none.

Evidence, strongest first: a byline or time stamp ("Published: 12 May 2026"),
a dateline ("ASTANA, March 3 (Reuters) -"), a photo caption or a reported
statement dated in full ("... in Tokyo on Dec 18, 2025"). A bare date line at
the very top of a scraped page is usually the site's render date (masthead),
not the story's, and counts least."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from diplomacy import reference
from diplomacy.extract.dates import find_date_phrases, resolve
from diplomacy.extract.lexicon import lexicon as reference_lexicon
from diplomacy.extract.text import split_sentences

_BYLINE = re.compile(r"\b(?:published|updated?|posted|last\s+modified|date)\b\s*:?|^\s*by\s+[^|]{1,60}\||\|\s*$",
                     re.IGNORECASE)
_CAPTION = re.compile(r"^\s*(?:photo|picture|image|caption|pictured)\b", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},\s+(?:[A-Z][a-z]+\s*,\s*)?$")
# Verbs of a report or a photo caption: the date beside them is the news day.
# (Event verbs - met, signed - date the event, which may be long before.)
_REPORTING = re.compile(r"\b(?:said|says|told|announced|stated|reported|declared|added|exchange[ds]?|shake|shook|"
                        r"pose[ds]?)\b", re.IGNORECASE)
# European numeric dates ("10.06.2025"), common in scraped pages' time stamps.
_NUMERIC_DATE = re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d{2})\b")
_TIME_AFTER = re.compile(r"^\s*[,|·•-]?\s*(?:at\s+)?\d{1,2}:\d{2}")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_WEEKDAY_LINE = re.compile(r"^\W*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\W", re.IGNORECASE)

BYLINE, DATELINE, STATEMENT, MASTHEAD, OTHER = 4, 3, 2, 0, 1


@dataclass(frozen=True)
class PublicationDate:
    value: date | None
    source: str  # metadata, text, unknown
    evidence: str | None = None


def infer_publication_date(text: str, today: date | None = None) -> PublicationDate:
    """The most trustworthy full date in the text (None when there is none).
    `today` bounds the answer: an article is not published in the future."""
    candidates: list[tuple[int, date, str]] = []
    lines = text.split("\n")
    first_lines = {i for i, line in enumerate(lines) if line.strip()}
    top = sorted(first_lines)[:3]
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        for phrase in find_date_phrases(line):
            if phrase.kind not in ("day", "iso") or "y" not in phrase.groups:
                continue
            resolved = resolve(phrase, None, None)
            if resolved is None or (today and resolved.start > today):
                continue
            before = line[:phrase.start]
            if _BYLINE.search(before[-40:]) or _TIME_AFTER.match(line[phrase.end:]):
                weight = BYLINE
            elif _DATELINE.match(before):
                weight = DATELINE
            elif len(line.strip()) <= len(phrase.text) + 25 and not _REPORTING.search(line):
                # A line holding just a date: the story's own date, unless it opens a
                # scraped page with a weekday (the site's render date, its masthead).
                masthead = index in top and (_WEEKDAY_LINE.match(line) or index == top[0])
                weight = MASTHEAD if masthead else STATEMENT
            elif _REPORTING.search(line) or _CAPTION.match(line):
                weight = STATEMENT
            else:
                weight = OTHER
            candidates.append((weight, resolved.start, line.strip()[:200]))
        for match in _NUMERIC_DATE.finditer(line):
            try:
                value = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            if today and value > today:
                continue
            if _TIME_AFTER.match(line[match.end():]) or _BYLINE.search(line[:match.start()][-40:]):
                weight = BYLINE
            elif _DATELINE.match(line[:match.start()]):
                weight = DATELINE
            else:
                weight = STATEMENT if len(line.strip()) <= len(match.group(0)) + 25 else OTHER
            candidates.append((weight, value, line.strip()[:200]))
    dateline = _dateline_without_year(lines, candidates, text, today)
    if dateline:
        candidates.append(dateline)
    # A date only seen in the body ("On March 5, 2024, the ministers met") dates an
    # event, not the article: without a byline, dateline or caption it stays unknown.
    trusted = [c for c in candidates if c[0] >= STATEMENT]
    if not trusted:
        return PublicationDate(None, "unknown")
    weight, value, evidence = max(trusted, key=lambda c: (c[0], c[1]))
    return PublicationDate(value, "text", evidence)


def _dateline_without_year(lines: list[str], candidates: list[tuple[int, date, str]], text: str,
                           today: date | None):
    """"ASTANA, March 3 (Reuters) -": month and day from the dateline, the year
    from the closest full date elsewhere in the text, else from the latest year
    the text mentions."""
    years = [c[1] for c in candidates]
    for line in lines:
        for phrase in find_date_phrases(line)[:1]:
            if phrase.kind != "day" or "y" in phrase.groups or not _DATELINE.match(line[:phrase.start]):
                continue
            if not _is_place(line[:phrase.start]):
                continue
            if not years:
                year = _year_from_mentions(text, today, month=resolve(phrase, date(2001, 7, 1), None).start.month)
                if year is None:
                    return None
                years = [date(year, 7, 1)]  # mid-year: the dateline's day falls in that year
            reference_year = max(years)
            resolved = resolve(phrase, reference_year, None)  # the nearest such day
            if resolved:
                return (DATELINE, resolved.start, line.strip()[:200])
    return None


_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "a decade": 10}
# "two years after Xi hosted the inaugural meeting ... in May 2023": the story's year is 2025.
_YEARS_AFTER = re.compile(r"\b(?P<n>\d{1,2}|a\s+decade|a|one|two|three|four|five|six|seven|eight|nine|ten)"
                          r"(?:\s+(?:full\s+)?years?)?\s+(?:after|since)\b(?P<gap>[^.;]{0,100}?)\b(?P<y>(?:19|20)\d{2})\b",
                          re.IGNORECASE)


def _year_from_mentions(text: str, today: date | None, month: int) -> int | None:
    """The year of a story whose dateline (in `month`) gives none, from the years it
    names. A year named about the past is a lower bound; a year named about a plan
    is an upper one - written late in a year ("will hand over the chairmanship for
    2026" in October) most often the next year's, early in a year this year's;
    "two years after ... 2023" names the story's year outright."""
    past, future, anchored = [], [], []
    cues = reference_lexicon()
    for sentence in split_sentences(text):
        for match in _YEARS_AFTER.finditer(sentence.text):
            word = match["n"].lower()
            gap = int(word) if word.isdigit() else _NUMBER_WORDS.get(" ".join(word.split()), 0)
            anchored.append(int(match["y"]) + gap)
        named = [int(y) for y in _YEAR.findall(sentence.text)]
        (future if cues.future.search(sentence.text) else past).extend(named)
    if today:
        past, future, anchored = ([y for y in ys if y <= today.year] for ys in (past, future, anchored))
    if not (past or future or anchored):
        return None
    year = max(past + anchored, default=0)
    if future:
        planned = min(future) - (1 if month > 6 else 0)
        year = max(year, planned) if year <= min(future) else year
    return year


@cache
def _places() -> frozenset[str]:
    names = {a.alias.lower() for a in reference.actors() if a.kind in ("capital", "country", "seat")}
    return frozenset(names | {c.lower() for c in reference.cities()})


_DATELINE_PREFIX = re.compile(
    r"^\s*(?P<place>[A-Za-z][A-Za-z'’.\- ]{1,40}?)"          # ASTANA / Samarkand / NEW DELHI
    r"(?:,\s*[A-Za-z0-9 .,]{1,40}?)?"                        # , June 13 / , September 09, 2024
    r"\s*(?:\([A-Za-z.\- ]{1,30}\)|,\s*[A-Z]{2,8})?"        # (Reuters) / , SPA
    r"\s*(?:--|[-–—]|/[A-Za-z]+/\.?)\s+")                   # - / -- / — / /TASS/.


def dateline_end(sentence: str) -> int:
    """Length of a wire dateline opening the sentence ("ASTANA, June 13 (Reuters) - "),
    0 if there is none. The dateline says where the story was filed, not who acted."""
    match = _DATELINE_PREFIX.match(sentence)
    if not match or match.group("place").strip().lower() not in _cities():
        return 0
    return match.end()


@cache
def _cities() -> frozenset[str]:
    capitals = {a.alias.lower() for a in reference.actors() if a.kind == "capital"}
    return frozenset(capitals | {c.lower() for c in reference.cities()})


def _is_place(prefix: str) -> bool:
    head = prefix.strip().rstrip(",").split(",")[0].strip().lower()
    return head in _places()
