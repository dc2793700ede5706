"""Date phrases of news text and their resolution against the publication date.

Candidates are found with regular expressions (cheap), then resolved with the
clause's tense: "held ... in April" is the most recent April, "will host ... on
Dec 19" the next Dec 19. Precision is what the phrase gives: day, month or
year; a day is never invented."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from diplomacy.extract.literal_gate import GatedPattern, LiteralScanner, fold

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

# Month names are matched capitalised: "may" is a verb, "March" a month.
_MONTH = (r"(?P<{name}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d{{2}})"
_DASH = r"\s*(?:-|–|—|to|until|through|and)\s*"


def _m(name: str) -> str:
    return _MONTH.format(name=name)


def _d(name: str) -> str:
    return _DAY.format(name=name)


def _y(name: str) -> str:
    return _YEAR.format(name=name)


# Ordered: the first pattern to claim a span keeps it.
_PATTERNS: list[tuple[str, re.Pattern[str] | GatedPattern]] = [
    ("iso", re.compile(r"\b" + _y("y") + r"-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    # May 30 - June 2 / 30 May - 2 June
    ("cross_range", re.compile(r"\b(?:from\s+)?" + _m("m") + r"\s+" + _d("d") + _DASH + _m("m2") + r"\s+" + _d("d2")
                               + r"(?:,?\s+" + _y("y") + r")?\b")),
    ("cross_range", re.compile(r"\b(?:from\s+)?" + _d("d") + r"\s+" + _m("m") + _DASH + _d("d2") + r"\s+" + _m("m2")
                               + r"(?:,?\s+" + _y("y") + r")?\b")),
    # from 9 to 11 October / 9-11 October 2025
    ("range", re.compile(r"\b(?:from\s+)?" + _d("d") + _DASH + _d("d2") + r"\s+(?:of\s+)?" + _m("m")
                         + r"(?:,?\s+" + _y("y") + r")?\b")),
    # October 9-11, 2025
    ("range", re.compile(r"\b(?:from\s+)?" + _m("m") + r"\s+" + _d("d") + _DASH + _d("d2") + r"\b(?:,?\s+" + _y("y") + r")?")),
    # December 19, 2025 / Dec 19
    ("day", re.compile(r"\b" + _m("m") + r"\s+" + _d("d") + r"\b(?:,?\s+" + _y("y") + r")?")),
    # 19 December 2025 / the 19th of December
    ("day", re.compile(r"\b(?:the\s+)?" + _d("d") + r"\s+(?:of\s+)?" + _m("m") + r"(?:,?\s+" + _y("y") + r")?\b")),
    # April 2025 / in April / last April / early April
    # "in November last year": the month of the year the phrase names
    ("month", re.compile(r"\b(?:(?P<mod>(?i:last|next|this|coming|early|late|mid|end\s+of|beginning\s+of|start\s+of))[\s-]+)?"
                         + _m("m") + r"(?:,?\s+(?:of\s+)?" + _y("y") + r"|\s+(?P<yrel>last|next|this)\s+year)?\b")),
    # from Tuesday to Thursday
    ("weekday_range", re.compile(r"\b(?:(?i:from)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                                 r"\s*(?:-|–|(?i:to|until|through|and))\s*"
                                 r"(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    # "on Thursday next week", "Wednesday of last week": a weekday of the week named
    ("weekday_of_week", re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:of\s+)?"
                                   r"(?P<wk>(?i:next|last|this))\s+(?i:week)\b")),
    ("weekday", re.compile(r"\b(?:(?P<mod>(?i:last|next|this|coming|on))\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("relative_day", re.compile(r"\b(?P<rel>yesterday|today|tomorrow)\b", re.IGNORECASE)),
    ("relative_week", re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<mod>this|last|next|past|coming)\s+week\b", re.IGNORECASE)),
    ("relative_month", re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<mod>this|last|next|coming)\s+month\b", re.IGNORECASE)),
    ("relative_year", re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<mod>this|last|next|coming)\s+year\b", re.IGNORECASE)),
    # A bare year is a date only after a preposition ("in 2022"); "Central Asia - 2040"
    # or "plan for 2023-2027" name programmes, not events.
    ("year", re.compile(r"\b(?:in|during|early|late|mid|(?:scheduled|planned|set|slated|due)\s+for|"
                        r"(?:the\s+)?(?:end|start|beginning|(?:first|second)\s+half)\s+of)[\s-]+"
                        + _y("y") + r"\b(?!\s*[-–]\s*\d)")),
]
# Most clauses name no month, weekday or year: a pattern runs only where its words are.
_PATTERNS = [(kind, GatedPattern(pattern)) for kind, pattern in _PATTERNS]
_SCANNER = LiteralScanner(pattern for _, pattern in _PATTERNS)
# A phrase after these words is not the date of the event ("since 2004").
_NOT_EVENT_DATE = re.compile(r"(?:since|from|until|till|through|before|after|by|ahead\s+of|as\s+of)\s*$", re.IGNORECASE)
_DURATION = re.compile(r"\b(?P<n>two|three|four|five|six|seven|[2-7])[- ]day\b", re.IGNORECASE)


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    kind: str
    groups: dict


@dataclass(frozen=True)
class ResolvedDate:
    start: date
    end: date | None
    precision: str  # day, month, year

    @property
    def last_day(self) -> date:
        """The last day the value can mean, for comparisons with a publication date."""
        if self.end:
            return self.end
        if self.precision == "month":
            return _month_end(self.start)
        if self.precision == "year":
            return date(self.start.year, 12, 31)
        return self.start


# Every date phrase has a digit or one of these words: a cheap test first,
# case-sensitive on the folded text (an IGNORECASE alternation is ≈7× slower).
_MAY_HOLD_A_DATE = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|tomorrow")


def find_date_phrases(text: str) -> list[DatePhrase]:
    """Non-overlapping date phrases in the text, in order of position."""
    return list(_date_phrases(text))


@lru_cache(maxsize=8192)  # a clause is read for its dates several times
def _date_phrases(text: str) -> tuple[DatePhrase, ...]:
    if not _MAY_HOLD_A_DATE.search(fold(text)):
        return ()
    taken: list[tuple[int, int]] = []
    phrases: list[DatePhrase] = []
    for index in _SCANNER.candidates(text):
        kind, pattern = _PATTERNS[index]
        for match in pattern.compiled.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            groups = {k: v for k, v in match.groupdict().items() if v}
            if kind == "month" and "mod" not in groups and "y" not in groups:
                # A bare month name must follow a preposition ("in April"), else
                # "March" or "May" in a name or a verb would become a date.
                if not re.search(r"(?:in|of|during|since|by|until|from|for|early|late|mid|through)\s*$",
                                 text[:span[0]], re.IGNORECASE):
                    continue
            taken.append(span)
            phrases.append(DatePhrase(span[0], span[1], match.group(0), kind, groups))
    phrases.sort(key=lambda p: p.start)
    # "on Friday, May 15": the weekday names the date that follows it, not a day of its own.
    return tuple(p for i, p in enumerate(phrases)
                 if not (p.kind == "weekday" and i + 1 < len(phrases) and phrases[i + 1].kind in ("day", "range")
                         and re.fullmatch(r",?\s*(?:the\s+)?", text[p.end:phrases[i + 1].start])))


def is_event_date(text: str, phrase: DatePhrase) -> bool:
    """False for dates that bound or precede an event rather than date it, or date
    the founding of a format ("the Dialogue, which Tokyo set up in 2004")."""
    before = text[:phrase.start]
    return not (_NOT_EVENT_DATE.search(before) or _FOUNDED.search(before))


_FOUNDED = re.compile(r"\b(?:launched|established|founded|set\s+up|created|initiated)\s+(?:[\w'’-]+\s+){0,3}?(?:in\s+)?$",
                      re.IGNORECASE)


def duration_days(text: str) -> int | None:
    match = _DURATION.search(text)
    if not match:
        return None
    n = match.group("n").lower()
    return NUMBER_WORDS.get(n) or int(n)


def resolve(phrase: DatePhrase, base: date | None, tense: str | None) -> ResolvedDate | None:
    """The date a phrase means when written on `base` about a past or future event.
    None when it cannot be resolved (a relative phrase without a publication date)."""
    g = phrase.groups
    kind = phrase.kind
    year = int(g["y"]) if "y" in g else None
    try:
        if kind == "iso":
            return ResolvedDate(date(year, int(g["mn"]), int(g["d"])), None, "day")
        if kind in ("day", "range", "cross_range"):
            month = _month(g["m"])
            month_end = _month(g["m2"]) if "m2" in g else month
            day, day_end = int(g["d"]), int(g.get("d2", g["d"]))
            # A span under way ("a visit that will last from October 8 to 10", written on
            # the 9th) is still in the future tense: its end, not its start, follows the day.
            span = (date(2001 if month_end >= month else 2002, month_end, day_end) - date(2001, month, day)).days \
                if kind != "day" and day_end <= 28 else 0
            start = _place_in_year(month, day, year, base, tense, phrase.groups.get("mod"), span)
            if start is None:
                return None
            if kind == "day":
                return ResolvedDate(start, None, "day")
            end_year = start.year + (1 if month_end < month else 0)
            end = date(end_year, month_end, day_end)
            return ResolvedDate(start, end if end > start else None, "day")
        if kind == "month":
            month = _month(g["m"])
            mod = (g.get("mod") or "").lower()
            if year is None and "yrel" in g and base is not None:
                year = base.year + {"last": -1, "next": 1, "this": 0}[g["yrel"].lower()]
            if year is None:
                year = _month_year(month, base, tense, mod)
                if year is None:
                    return None
            return ResolvedDate(date(year, month, 1), None, "month")
        if kind == "year":
            return ResolvedDate(date(year, 1, 1), None, "year")
        if base is None:
            return None
        return _resolve_relative(kind, g, base, tense)
    except ValueError:  # 31 February and the like: not a date
        return None


def _resolve_relative(kind: str, g: dict, base: date, tense: str | None) -> ResolvedDate | None:
    mod = (g.get("mod") or "").lower()
    if kind == "relative_day":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["rel"].lower()]
        return ResolvedDate(base + timedelta(days=shift), None, "day")
    if kind == "weekday_range":
        start = _resolve_relative("weekday", {"wd": g["wd"]}, base, tense).start
        length = (WEEKDAYS.index(g["wd2"].lower()) - WEEKDAYS.index(g["wd"].lower())) % 7
        return ResolvedDate(start, start + timedelta(days=length) if length else None, "day")
    if kind == "weekday":
        target = WEEKDAYS.index(g["wd"].lower())
        delta = target - base.weekday()
        # A bare weekday ("said Monday", AP style) reads like "on Monday".
        if mod == "last" or (mod in ("on", "this", "") and tense != "future"):
            delta = delta - 7 if delta > 0 or (mod == "last" and delta == 0) else delta
        else:  # next, coming, or a future clause
            delta = delta + 7 if delta < 0 or (mod == "next" and delta == 0) else delta
        return ResolvedDate(base + timedelta(days=delta), None, "day")
    if kind == "weekday_of_week":
        shift = {"last": -7, "next": 7}.get(g["wk"].lower(), 0)
        monday = base - timedelta(days=base.weekday()) + timedelta(days=shift)
        return ResolvedDate(monday + timedelta(days=WEEKDAYS.index(g["wd"].lower())), None, "day")
    if kind == "relative_week":
        # A week is not a precision of its own: keep the month it falls in.
        shift = {"last": -7, "past": -7, "next": 7, "coming": 7}.get(mod, 0)
        day = base + timedelta(days=shift)
        return ResolvedDate(date(day.year, day.month, 1), None, "month")
    if kind == "relative_month":
        shift = {"last": -1, "next": 1, "coming": 1}.get(mod, 0)
        month_index = base.year * 12 + base.month - 1 + shift
        return ResolvedDate(date(month_index // 12, month_index % 12 + 1, 1), None, "month")
    if kind == "relative_year":
        shift = {"last": -1, "next": 1, "coming": 1}.get(mod, 0)
        return ResolvedDate(date(base.year + shift, 1, 1), None, "year")
    return None


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _month_year(month: int, base: date | None, tense: str | None, mod: str) -> int | None:
    if base is None:
        return None
    if mod == "last":
        return base.year if month < base.month else base.year - 1
    if mod in ("next", "coming"):
        return base.year if month > base.month else base.year + 1
    if mod == "this":
        return base.year
    if tense == "past":
        return base.year if month <= base.month else base.year - 1
    if tense == "future":
        return base.year if month >= base.month else base.year + 1
    # No tense: the nearest such month.
    candidates = [base.year - 1, base.year, base.year + 1]
    return min(candidates, key=lambda y: abs((y * 12 + month) - (base.year * 12 + base.month)))


def _place_in_year(month: int, day: int, year: int | None, base: date | None,
                   tense: str | None, mod: str | None, span_days: int = 0) -> date | None:
    if year is not None:
        return date(year, month, day)
    if base is None:
        return None
    options = [date(y, month, day) for y in (base.year - 1, base.year, base.year + 1)
               if day <= calendar.monthrange(y, month)[1]]
    if tense == "past":
        past = [d for d in options if d <= base]
        return max(past) if past else None
    if tense == "future":
        future = [d for d in options if d + timedelta(days=max(span_days, 0)) >= base]
        return min(future) if future else None
    return min(options, key=lambda d: abs((d - base).days))
