"""Standing ties between a Central Asian state (or the region) and a partner:
trading-partner ranks, dialogue frameworks, strategic partnerships."""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplomacy import reference
from diplomacy.extract.actors import ActorMatch
from diplomacy.extract.events import displaced, has_cue
from diplomacy.extract.lexicon import lexicon
from diplomacy.extract.literal_gate import fold

_REGION_WORD = re.compile(r"\b(?:the\s+)?region(?:['’]s)?\b|\bregional\b|\bcentral\s+asia['’]s\b",
                          re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+((?:19|20)\d{2})\b|\b(?:launched|established|set\s+up|created|founded|initiated)\b"
                    r"[^.;:]{0,60}?\bin\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_COUNT = re.compile(r"\b((?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+[\w\s-]{0,40}?"
                    r"(?:meetings|summits|rounds|sessions))\b", re.IGNORECASE)

ALL = "ALL"


@dataclass(frozen=True)
class RelationshipMention:
    ca_iso2: str  # a Central Asian state, or ALL for the region
    partner_code: str
    relation: str
    value: str | None
    since: int | None
    sentence_index: int = 0
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0


# Every relation pattern in lexicon.yaml holds one of these words: a cheap test first,
# case-sensitive on the folded text (an IGNORECASE alternation is ≈7× slower).
_MAY_STATE_A_TIE = re.compile(r"partner|investor|dialogue|format|platform|mechanism|forum|second|annually|yearly|every\s+year|"
                              r"regularly|\+\s*1")
# "Berlin launched the format in 2023": the format of the meeting the article just told.
_THE_FORMAT = re.compile(r"\bthe\s+(?:format|dialogue|platform|mechanism)\b", re.IGNORECASE)


def relationships_of_sentence(sentence: str, actors: list[ActorMatch], region: bool,
                              the_two: tuple[str, str] | None = None,
                              the_bloc: str | None = None) -> list[RelationshipMention]:
    """`the_two` is the (Central Asian state, partner) pair the article spoke of
    last: "the two sides raised their relations to a strategic partnership";
    `the_bloc` the bloc it named last: "The bloc is the largest foreign investor in Kazakhstan"."""
    if not _MAY_STATE_A_TIE.search(fold(sentence)):
        return []
    lex = lexicon()
    ca = reference.central_asian_codes()
    partners = reference.partner_codes()
    found: list[RelationshipMention] = []
    scope = _scope(sentence, actors, region, ca)
    pair_partner = None
    if the_two and ((not scope and (lexicon().the_two.search(sentence) or _THE_FORMAT.search(sentence)))
                    or (the_two[0] == ALL and _THE_FORMAT.search(sentence))):
        # "Berlin launched the format in 2023: ... the second in Astana": the format of the
        # region-wide meeting just told, whatever place the sentence goes on to name.
        scope, pair_partner = [the_two[0]], the_two[1]
    if not scope:
        return []
    for relation, pattern in lex.relations:
        for match in pattern.finditer(sentence):
            clause = sentence[max(0, sentence.rfind(",", 0, match.start()) + 1):match.end()]
            if has_cue(lex.relation_past, clause):
                continue  # "was once the largest trading partner": not a current tie
            if _outside_possessor(sentence, match.start(), actors, ca):
                continue  # "Kazakhstan is India's largest trading partner": India's rank, not ours
            # "between the two sides was held in Riyadh": the sides are the pair, not the place.
            partner = _format_partner(sentence) or pair_partner or _subject(sentence, match.start(), actors, ca,
                                                                            partners)
            if partner is None and the_bloc and lex.bloc_anaphora.search(sentence, 0, match.start()):
                partner = the_bloc
            if partner is None:
                continue
            value, since = None, None
            if relation == "dialogue_framework":
                count = _COUNT.search(sentence)
                value = count.group(1) if count else None
            elif relation == "strategic_partnership":
                value = match.group(0)
            since_match = _SINCE.search(sentence)
            if since_match:
                since = int(since_match.group(1) or since_match.group(2))
            for code in scope:
                found.append(RelationshipMention(code, partner, relation, value, since))
    return found


def _outside_possessor(sentence: str, at: int, actors: list[ActorMatch], ca: frozenset[str]) -> bool:
    before = [a for a in actors if a.end <= at and at - a.end <= 20 and a.text.endswith(("'s", "’s"))]
    return bool(before) and before[-1].code not in ca


def _format_partner(sentence: str) -> str | None:
    for pattern, code in lexicon().formats:
        if pattern.search(sentence):
            return code
    return None


def _scope(sentence: str, actors: list[ActorMatch], region: bool, ca: frozenset[str]) -> list[str]:
    # "China remains Kazakhstan's largest trading partner, while American trade with the
    # region ...": a state named is the scope; "the region" alone means all five.
    named = sorted({a.code for a in actors if a.code in ca})
    if region or (_REGION_WORD.search(sentence) and not named):
        return [ALL]
    return named


# "second-largest trading partner after China, and the largest foreign investor": China
# is what the subject is ranked against, not the subject.
_RANKED_AFTER = re.compile(r"\b(?:partner|investor|only)\s+(?:to|after|behind)\s+$", re.IGNORECASE)


def _subject(sentence: str, at: int, actors: list[ActorMatch], ca: frozenset[str], partners: frozenset[str]) -> str | None:
    """The partner the relation is said of: the nearest outside actor before the
    relation phrase that is not the one overtaken; else the first after it."""
    outside = [a for a in actors if a.code not in ca and a.code in partners and not displaced(sentence, a)
               and not _RANKED_AFTER.search(sentence, 0, a.start)]
    before = [a for a in outside if a.end <= at]
    if before:
        return before[-1].code
    return outside[0].code if outside else None
