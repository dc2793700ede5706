"""Cut a sentence into clauses, one per reported action.

News packs several events into one sentence: "the EU held its first summit in
April, Xi visited Kazakhstan in June, and Trump hosted ... in November". A
comma or semicolon starts a new clause only when what follows has a verb of its
own; lists ("Kazakhstan, Uzbekistan and Tajikistan") stay in one clause."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from diplomacy.extract.lexicon import lexicon


@cache
def _separator() -> re.Pattern[str]:
    # "... hosted the first summit in Berlin in September 2023 and attended the second in
    # Astana in September 2024": an "and" before an ordinal standing for another meeting.
    return re.compile(r"[,;:]\s+|\s+[–—]\s+|\s+and\s+(?=" + lexicon().series_verbs + r"\s+the\s+"
                      + lexicon().series_ordinals + r"(?:\s+one)?\s+(?:in|on|at)\b)", re.IGNORECASE)


_PARTICIPLE = re.compile(r"(?:set|due|scheduled|slated)\s+(?:to\s+be\s+held|for)\b|to\s+be\s+held\b|"
                         r"(?:hosted|organi[sz]ed|chaired)\s+by\b|held\s+(?:in|on|at)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    start: int  # offsets within the sentence
    end: int
    text: str


def split_clauses(sentence: str) -> list[Clause]:
    segments: list[tuple[int, int]] = []
    start = 0
    for match in _separator().finditer(sentence):
        segments.append((start, match.start()))
        start = match.end()
    segments.append((start, len(sentence)))

    verbs = lexicon().clause_verbs
    groups: list[list[tuple[int, int]]] = []
    for seg in segments:
        text = sentence[seg[0]:seg[1]]
        # ", set to be held Wednesday", ", to be held in Samarkand": a participle
        # describing the event just named, not an action of its own.
        has_verb = bool(verbs.search(text)) and not _PARTICIPLE.match(text)
        if has_verb and groups and any(verbs.search(sentence[s:e]) for s, e in groups[-1]):
            groups.append([seg])
        elif groups:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return [Clause(g[0][0], g[-1][1], sentence[g[0][0]:g[-1][1]]) for g in groups]
