"""Find actors in text: countries, demonyms, capitals, seats, blocs, cities and
office holders, with one Aho-Corasick scan per text, then the region phrases
("the five Central Asian states") that stand for all five states."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick

from diplomacy import reference
from diplomacy.extract.literal_gate import GatedPattern

# A match may carry a possessive or a plural, with or without its apostrophe
# ("Kazakhstan's", "Kazakhstans", "Kazakhs").
_SUFFIX = re.compile(r"(?:['’]s|['’]|s)?")


@dataclass(frozen=True)
class ActorMatch:
    start: int
    end: int
    text: str
    code: str
    kind: str  # country, demonym, capital, seat, bloc, leader, city, region
    level: str | None = None  # for office holders in office on the date: leaders, ministers, officials


@dataclass(frozen=True)
class _Entry:
    alias: str
    code: str
    kind: str
    exact_case: bool


@cache
def _automaton() -> ahocorasick.Automaton:
    entries: dict[str, list[_Entry]] = {}

    def add(alias: str, code: str, kind: str) -> None:
        # Acronyms ("US", "EU", "SCO") must match in capitals: "us" is a pronoun.
        exact = alias.isupper() or (len(alias) <= 3 and alias[:1].isupper())
        entries.setdefault(alias.lower(), []).append(_Entry(alias, code, kind, exact))

    for actor in reference.actors():
        add(actor.alias, actor.code, actor.kind)
    for city, code in reference.cities().items():
        add(city, code, "city")
    for alias, terms in reference.leader_terms().items():
        add(alias, terms[0].code, "leader")

    automaton = ahocorasick.Automaton()
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    automaton.make_automaton()
    return automaton


@cache
def _central_asian_automaton() -> ahocorasick.Automaton:
    """The aliases that can name a Central Asian actor, alone."""
    ca = reference.central_asian_codes()
    automaton = ahocorasick.Automaton()
    for key, (_length, entries) in _automaton().items():
        if any(entry.code in ca for entry in entries):
            automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def may_name_central_asia(text: str) -> bool:
    """False when no alias of a Central Asian actor occurs in the text, not even inside
    a word: find_actors then finds none. One scan, without building any match."""
    return next(_central_asian_automaton().iter(text.lower()), None) is not None


def _is_word_char(ch: str) -> bool:
    # A hyphen is a boundary: "China-Central Asia", "GCC-Central Asia", "Kazakh-Chinese".
    return ch.isalnum()


def find_actors(text: str, on: date | None = None) -> list[ActorMatch]:
    """Longest non-overlapping actor mentions in `text`, in order. `on` is the
    date the text speaks of, used to tell whether an office holder held office."""
    lowered = text.lower()
    candidates: list[tuple[int, int, _Entry, list[_Entry]]] = []
    for end_index, (length, entries) in _automaton().iter(lowered):
        start = end_index - length + 1
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        suffix = _SUFFIX.match(text, end_index + 1)
        end = suffix.end() if suffix else end_index + 1
        if end < len(text) and _is_word_char(text[end]):
            continue
        surface = text[start:end_index + 1]
        fitting = [e for e in entries if _case_fits(e, surface)]
        if fitting:
            candidates.append((start, end, fitting[0], fitting))
    # Longest match wins ("Xi'an" over "Xi", "South Korea" over "Korea").
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[ActorMatch] = []
    last_end = -1
    for start, end, entry, fitting in candidates:
        if start < last_end:
            continue
        chosen.append(_to_match(text, start, end, fitting, on))
        last_end = end
    return chosen


class ShortNames:
    """People an article named in full, then by one part of the name: "Shehbaz Sharif"
    ... "Sharif and Mirziyoyev discussed ...", "Wang Yi" ... "Wang held talks". Only
    for the rest of that article, and only parts that name one person there."""

    def __init__(self) -> None:
        self._people: dict[str, ActorMatch | None] = {}
        self._pattern: re.Pattern[str] | None = None

    def learn(self, actors: list[ActorMatch]) -> None:
        for actor in actors:
            if actor.kind != "leader" or " " not in actor.text:
                continue
            name = re.sub(r"['’]s?$", "", actor.text)  # "Shehbaz Sharif's"
            for part in {name.split()[0], name.split()[-1]}:
                # "Li" of "Li Qiang" too: a capitalised part of a name said in full.
                if len(part) < 2 or not part[:1].isupper() or not part[1:].islower() or part.lower() in _automaton():
                    continue
                known = self._people.get(part, actor)
                named_before = self._people.get(part) is not None
                self._people[part] = actor if known is not None and known.code == actor.code else None
                if (self._people[part] is not None) != named_before:
                    self._pattern = None  # the names searched for changed: a leader named again does not

    def find(self, text: str, taken: list[ActorMatch]) -> list[ActorMatch]:
        names = sorted((p for p, a in self._people.items() if a is not None), key=len, reverse=True)
        if not names:
            return taken
        if self._pattern is None:
            self._pattern = re.compile(r"\b(?P<name>" + "|".join(map(re.escape, names)) + r")(?:['’]s)?(?![\w-])")
        found = [ActorMatch(m.start(), m.end(), m.group(0), person.code, "leader", person.level)
                 for m in self._pattern.finditer(text)
                 if not any(t.start < m.end() and m.start() < t.end for t in taken)
                 for person in [self._people[m.group("name")]]]
        return sorted(taken + found, key=lambda a: a.start) if found else taken


def _case_fits(entry: _Entry, surface: str) -> bool:
    if entry.exact_case:
        return surface == entry.alias
    return surface[:1].isupper()


def _to_match(text: str, start: int, end: int, entries: list[_Entry], on: date | None) -> ActorMatch:
    # A capital that is also a listed city is the same place: keep the actor reading.
    entry = next((e for e in entries if e.kind != "city"), entries[0])
    level = None
    if entry.kind == "leader":
        terms = reference.leader_terms()[entry.alias]
        active = [t for t in terms if on is None or t.in_office(on)]
        level = active[0].level if active else None
    return ActorMatch(start, end, text[start:end], entry.code, entry.kind, level)


@cache
def _region_patterns() -> tuple[GatedPattern, ...]:
    return tuple(GatedPattern(re.compile(p, re.IGNORECASE)) for p in reference.lexicon()["region_patterns"])


_MAY_NAME_THE_REGION = re.compile(r"central\s+asia|\bC5|\bfive\b|\ball\s+5\b", re.IGNORECASE)
# The same words without word boundaries, searched in lower case: patterns that open
# with a literal run at C speed (≈15× faster than the regex above on a 3,500-character
# article that names neither), and most of a news firehose holds none of them.
_REGION_HINTS = tuple(re.compile(p) for p in (r"central\s+asia", "c5", "five", r"all\s+5"))


def find_region_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of phrases meaning all five Central Asian states."""
    lowered = text.lower()
    if not any(hint.search(lowered) for hint in _REGION_HINTS) or not _MAY_NAME_THE_REGION.search(text):
        return []
    spans = []
    for pattern in _region_patterns():
        spans.extend(m.span() for m in pattern.finditer(text))
    return sorted(spans)


def city_name(match: ActorMatch) -> str | None:
    """The English city name of a match that names a city or capital."""
    cities = reference.cities()
    bare = re.sub(r"(?:['’]s|['’])$", "", match.text)
    for name in (match.text, bare):
        for city in cities:
            if city.lower() == name.lower():
                return city
    return None
