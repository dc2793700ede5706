"""The literal pre-check in front of the lexicon's patterns skips searches, never answers."""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from diplomacy import reference
from diplomacy.extract.actors import find_actors, may_name_central_asia
from diplomacy.extract.literal_gate import ASCII_CASE_EQUIVALENTS, GatedPattern, LiteralScanner, required_literals
from diplomacy.extract.text import split_sentences

DEV_CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "dev"


def _literals(pattern: str, flags: int = re.IGNORECASE) -> set[str] | None:
    found = required_literals(re.compile(pattern, flags))
    return None if found is None else set(found)


def test_every_non_ascii_character_ignorecase_takes_for_an_ascii_letter_is_folded():
    every_character = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    seen = set(re.compile("[a-z]", re.IGNORECASE).findall(every_character))
    assert seen == {chr(c) for c in ASCII_CASE_EQUIVALENTS}
    for char in seen:
        letter = char.translate(ASCII_CASE_EQUIVALENTS)
        assert re.fullmatch(letter, char, re.IGNORECASE)


@pytest.mark.parametrize("pattern, literals", [
    (r"\bsummit\b", {"summit"}),
    (r"\b(?:held|hold|holds)\s+(?:[\w-]+\s+){0,2}?talks\b", {"talks"}),
    (r"\b(?:business|investment)\s+(?:forum|council)\b", {"business", "investment"}),
    (r"\b(?:tele)?phone\s+call", {"phone"}),                       # an optional part is not required
    (r"\bSummit\b", {"summit"}),                                     # lower-cased: the text is too
    (r"\bcommuniqu[eé]\b", {"communiqu"}),                           # no non-ASCII literal
    (r"\bminister[- ]level\s+talks", {"minister"}),                   # no space: blanking cannot create one
    (r"\b(?:was|were)\s+attended\s+by|confirmed\s+their\s+attendance", {"attended", "attendance"}),
    (r"\b(?:a|an)\s+\w+", None),                                     # nothing worth checking
    (r"(?i:visit)\s+\w+", None),                                     # inline flags: not read
])
def test_required_literals(pattern, literals):
    assert _literals(pattern) == literals


def test_case_sensitive_patterns_keep_their_case():
    assert _literals(r"\bC5\s*\+\s*1\b", flags=0) == {"C5"}


def _texts() -> list[str]:
    texts = [s.text for path in sorted(DEV_CORPUS.glob("*.txt"))
             for s in split_sentences(path.read_text(encoding="utf-8"))]
    rng = random.Random(7)
    variants = []
    for text in texts:
        # Case changes and the characters IGNORECASE matches to ASCII letters.
        variants.append(text.upper())
        variants.append(text.replace("i", "\u0131").replace("s", "\u017f").replace("k", "\u212a"))
        words = text.split()
        rng.shuffle(words)
        variants.append(" ".join(words))
    return texts + variants


def _lexicon_patterns() -> list[re.Pattern[str]]:
    raw = reference.lexicon()
    patterns = [p for group in raw["event_types"].values() for p in group] + list(raw["region_patterns"])
    patterns += [v for v in raw.values() if isinstance(v, str)]
    patterns += [f["pattern"] for f in raw["formats"]]
    patterns += list(raw["level_cues"].values()) + list(raw["relationships"].values())
    return [re.compile(p, re.IGNORECASE) for p in patterns]


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="corpus/dev is not in this checkout")
def test_a_gated_pattern_answers_exactly_as_the_pattern_on_real_and_mangled_text():
    texts = _texts()
    checked = skipped = 0
    for compiled in _lexicon_patterns():
        gated = GatedPattern(compiled)
        for text in texts:
            expected = [m.span() for m in compiled.finditer(text)]
            assert [m.span() for m in gated.finditer(text)] == expected, (compiled.pattern, text)
            found = gated.search(text)
            assert (found.span() if found else None) == (expected[0] if expected else None)
            assert gated.sub("#", text) == compiled.sub("#", text)
            checked += 1
            skipped += not gated._may_match(text)
    assert skipped > checked / 2  # and the check does skip most searches


def test_a_scanner_names_the_patterns_a_text_and_its_blanked_copies_may_match():
    patterns = [GatedPattern(re.compile(p, flags)) for p, flags in (
        (r"\bstate\s+visit\b", re.IGNORECASE), (r"\bmet\b", re.IGNORECASE), (r"\bsummit\b", re.IGNORECASE),
        (r"\bMay\s+\d+", 0), (r"\b\w+\s+\d+", 0))]
    scanner = LiteralScanner(patterns)
    clause = "Tokayev MET Putin on may 5 before the SCO summit"
    assert scanner.candidates(clause) == [1, 2, 4]  # no "visit"; "may" is not "May"; no literal to check in the last
    blanked = clause.replace("the SCO summit", " " * len("the SCO summit"))
    for index, pattern in enumerate(patterns):
        if index not in scanner.candidates(clause):
            assert pattern.compiled.search(clause) is None and pattern.compiled.search(blanked) is None


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="corpus/dev is not in this checkout")
def test_a_scanner_never_leaves_out_a_pattern_that_matches():
    compiled = _lexicon_patterns() + [re.compile(p) for p in (r"\bC5\b", r"\b(?:Jan|Feb|May)\w*\s+\d+")]
    patterns = [GatedPattern(p) for p in compiled]
    scanner = LiteralScanner(patterns)
    for text in _texts():
        candidates = set(scanner.candidates(text))
        assert {i for i, p in enumerate(compiled) if p.search(text)} <= candidates, text


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="corpus/dev is not in this checkout")
def test_the_alias_scan_never_misses_a_central_asian_actor():
    ca = reference.central_asian_codes()
    texts = _texts()
    with_actor = [t for t in texts if any(a.code in ca for a in find_actors(t))]
    assert len(with_actor) > 100
    assert all(may_name_central_asia(t) for t in with_actor)
    assert not may_name_central_asia("The central bank of Brazil raised rates on Tuesday.")
