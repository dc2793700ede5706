"""A literal pre-check in front of a regular expression.

Most lexicon patterns open with `\\b`, which keeps Python's `re` from skipping ahead
by a literal prefix: every position of every clause is tried, for every pattern. Yet
each pattern needs some literal to match at all ("summit", "visit", one of "held",
"hold", ...). `GatedPattern` finds such a set of literals once, from the pattern's
parse tree, and runs the pattern only on text that holds one of them. The answer is
always the pattern's own: the check only skips searches that cannot match.

Why the check is sound: a literal is built only from characters the pattern matches
one by one and in a row (literals, small classes of literals, groups, alternations of
literals; zero-width assertions in between), never from a space. Under re.IGNORECASE an ASCII pattern
character also matches the few non-ASCII characters in `ASCII_CASE_EQUIVALENTS`
(Kelvin sign, long s, dotless and dotted i); the text is folded through that table and
lower-cased before the check. Patterns with inline flag groups and non-ASCII literal
characters are not read further than that point."""
from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterable, Iterator

import ahocorasick

# Non-ASCII characters that re.IGNORECASE matches to an ASCII letter
# (tests/extract/test_literal_gate.py checks this against every code point).
ASCII_CASE_EQUIVALENTS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# A literal shorter than this occurs in most clauses: checking it costs more than it saves.
MIN_LITERAL_LENGTH = 2
# Alternatives multiply ("(?:state|official) (?:visit|trip)"): stop extending past this many.
MAX_ALTERNATIVES = 64


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """A set of literals one of which occurs in every match of `pattern` (lower-cased
    when the pattern ignores case), or None when no useful set is found."""
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    requirements = _Walker(ignorecase).requirements(sre_parse.parse(pattern.pattern, pattern.flags))
    useful = [r for r in requirements if min(map(len, r)) >= MIN_LITERAL_LENGTH]
    if not useful:
        return None
    # The rarest set: longest shortest literal, then the fewest literals.
    return max(useful, key=lambda r: (min(map(len, r)), -len(r)))


class _Walker:
    def __init__(self, ignorecase: bool):
        self.ignorecase = ignorecase

    def requirements(self, items: Iterable) -> list[frozenset[str]]:
        """Sets of literals, each of which some literal of must occur in a match."""
        found: list[frozenset[str]] = []
        runs = {""}

        def flush() -> None:
            nonlocal runs
            if "" not in runs:
                found.append(frozenset(runs))
            runs = {""}

        for op, av in self._flat(items):
            chars = self._chars(op, av)
            if chars is not None:
                runs = self._extend(runs, chars, flush)
                continue
            if op is sre.BRANCH:
                alternatives = [self.literal_strings(alt) for alt in av[1]]
                if all(a is not None for a in alternatives):
                    runs = self._extend(runs, set().union(*alternatives), flush)
                    continue
                flush()
                best = [self._best(self.requirements(alt)) for alt in av[1]]
                if all(b is not None for b in best):
                    found.append(frozenset().union(*best))
                continue
            flush()
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
                found.extend(self.requirements(av[2]))  # the item occurs at least once
        flush()
        return found

    def literal_strings(self, items: Iterable) -> set[str] | None:
        """Every string the sequence can match, when it only matches literals."""
        strings = {""}
        for op, av in self._flat(items):
            chars = self._chars(op, av)
            if chars is None and op is sre.BRANCH:
                alternatives = [self.literal_strings(alt) for alt in av[1]]
                chars = set().union(*alternatives) if all(a is not None for a in alternatives) else None
            if chars is None:
                return None
            strings = {s + c for s in strings for c in chars}
            if len(strings) > MAX_ALTERNATIVES:
                return None
        return strings

    def _flat(self, items: Iterable) -> Iterator[tuple]:
        """Items in order, plain groups opened, zero-width assertions (\\b, ^, $) left out."""
        for op, av in items:
            if op is sre.AT:
                continue
            if op is sre.SUBPATTERN and not av[1] and not av[2]:  # no inline flags
                yield from self._flat(av[3])
            elif op is sre.ATOMIC_GROUP:
                yield from self._flat(av)
            else:
                yield op, av

    def _chars(self, op, av) -> set[str] | None:
        """The characters a literal or a small class of literals stands for."""
        if op is sre.LITERAL:
            return self._fold({chr(av)})
        if op is sre.IN and all(o is sre.LITERAL for o, _ in av):
            return self._fold({chr(a) for _, a in av})
        return None

    def _fold(self, chars: set[str]) -> set[str] | None:
        # No spaces in a literal: a text blanked with spaces then still holds only literals
        # the original held (event_types_of searches such a copy).
        if not all(c.isascii() and not c.isspace() for c in chars):
            return None
        return {c.lower() for c in chars} if self.ignorecase else chars

    @staticmethod
    def _extend(runs: set[str], chars: set[str], flush) -> set[str]:
        extended = {r + c for r in runs for c in chars}
        if len(extended) <= MAX_ALTERNATIVES:
            return extended
        flush()
        return set(chars) if len(chars) <= MAX_ALTERNATIVES else {""}

    @staticmethod
    def _best(requirements: list[frozenset[str]]) -> frozenset[str] | None:
        return max(requirements, key=lambda r: (min(map(len, r)), -len(r)), default=None)


_last_folded: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """The text as the literal check reads an IGNORECASE pattern's literals. The same
    clause is checked by dozens of patterns in a row: the last answer is kept."""
    global _last_folded
    if _last_folded[0] is text:
        return _last_folded[1]
    folded = (text if text.isascii() else text.translate(ASCII_CASE_EQUIVALENTS)).lower()
    _last_folded = (text, folded)
    return folded


class GatedPattern:
    """A compiled pattern that is only run on text holding one of its required
    literals. Same results as the pattern for search, match, fullmatch, finditer,
    findall and sub; anything else is passed to the pattern."""

    def __init__(self, pattern: re.Pattern[str]):
        self.compiled = pattern
        self.literals = required_literals(pattern)
        self._ignorecase = bool(pattern.flags & re.IGNORECASE)
        if self.literals is None:
            self._may_match = lambda text: True
        elif len(self.literals) == 1:
            (literal,) = self.literals
            self._may_match = lambda text: literal in (fold(text) if self._ignorecase else text)
        else:
            # An automaton, not a regex alternation: `re` tries every literal at every position.
            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._may_match = lambda text: next(automaton.iter(fold(text) if self._ignorecase else text), None) is not None

    def search(self, text: str, *args) -> re.Match[str] | None:
        return self.compiled.search(text, *args) if self._may_match(text) else None

    def match(self, text: str, *args) -> re.Match[str] | None:
        return self.compiled.match(text, *args) if self._may_match(text) else None

    def fullmatch(self, text: str, *args) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *args) if self._may_match(text) else None

    def finditer(self, text: str, *args) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, *args) if self._may_match(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.compiled.findall(text, *args) if self._may_match(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count) if self._may_match(text) else text

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"GatedPattern({self.compiled.pattern!r}, literals={sorted(self.literals or ())})"


class LiteralScanner:
    """Which of many gated patterns may match a text, from one scan of it for all their
    literals: checking a clause against dozens of patterns costs one pass, and only the
    patterns whose literals occur are run."""

    def __init__(self, patterns: Iterable[GatedPattern]):
        self.patterns = list(patterns)
        self._always = [i for i, p in enumerate(self.patterns) if p.literals is None]
        # Literals of IGNORECASE patterns are found in the folded text, the others as written.
        self._automata = {}
        for ignorecase in (True, False):
            owners: dict[str, list[int]] = {}
            for i, pattern in enumerate(self.patterns):
                if pattern._ignorecase is ignorecase:
                    for literal in pattern.literals or ():
                        owners.setdefault(literal, []).append(i)
            if owners:
                automaton = ahocorasick.Automaton()
                for literal, indexes in owners.items():
                    automaton.add_word(literal, tuple(indexes))
                automaton.make_automaton()
                self._automata[ignorecase] = automaton

    def candidates(self, text: str) -> list[int]:
        """Indexes of the patterns that may match the text, in their order. A pattern
        left out cannot match the text, nor the text cut or blanked with spaces."""
        found = set(self._always)
        for ignorecase, automaton in self._automata.items():
            for _end, indexes in automaton.iter(fold(text) if ignorecase else text):
                found.update(indexes)
        return sorted(found)
