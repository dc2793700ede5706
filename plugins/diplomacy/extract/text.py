"""Split article text into sentences with character offsets, and tell site
furniture (menus, footers, other-language widgets) from the story."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "st", "gen", "sen", "rep", "gov", "jr", "sr", "co", "corp", "inc",
    "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.n", "e.g", "i.e", "prof", "col", "lt", "maj", "capt", "amb", "pres",
}
# A period, ?, or ! then space and an opening capital/quote; or a period glued
# to the next sentence ("summit.The", "minerals.A railway", "in 2027.The") when a lower-case
# word or a year precedes it.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]|A\s)"
                       r"|(?<=\b\d{4}[.!?])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of every line of the text, skipping lines that are furniture."""
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip() or is_furniture(line):
            continue
        for start, end in _sentence_spans(line):
            chunk = line[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            abs_start = line_start + start + lead
            sentences.append(Sentence(len(sentences), stripped, abs_start, abs_start + len(stripped)))
    return sentences


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _BOUNDARY.finditer(line):
        before = line[start:match.start()].rstrip("\"”’)")
        last_word = re.search(r"([A-Za-z.]+)[.!?]$", before)
        if last_word:
            word = last_word.group(1).lower().rstrip(".")
            if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
                continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(line)))
    return spans


# "- Tokaev and Mirziyoev discussed water issues by phone (archive, 2025)": a bulleted
# headline (a related link) has no closing punctuation; a listicle's bulleted sentence has.
_LINK_ITEM = re.compile(r"^\s*[-•*–]\s+.*[^.!?\"”’:;]\s*$")


# "This article was amended on ... An earlier version said ...": what was wrong, not news.
_CORRECTION_NOTE = re.compile(r"^\s*(?:this\s+(?:article|story|report)\s+(?:was|has\s+been)\s+(?:amended|corrected|updated)|"
                              r"corrections?\s*:|clarification\s*:|editor['’]s\s+note\s*:|an\s+earlier\s+version\s+of\s+this)",
                              re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """Lines mostly in another script (a scraped site's menus and footers) or
    without a single word of prose are not part of the English story."""
    if _LINK_ITEM.match(line) or _CORRECTION_NOTE.match(line):
        return True
    if line.isascii():
        return not any(c.isalpha() for c in line)
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    return latin / len(letters) < 0.6
