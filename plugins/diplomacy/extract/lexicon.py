"""The lexicon of lexicon.yaml, compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from diplomacy import reference
from diplomacy.extract.literal_gate import GatedPattern, LiteralScanner


def _compile(pattern: str) -> re.Pattern[str]:
    # Gated: a clause is searched only if it holds one of the literals the pattern needs.
    return GatedPattern(re.compile(pattern, re.IGNORECASE))


@dataclass(frozen=True)
class Lexicon:
    event_types: tuple[tuple[str, tuple[GatedPattern, ...]], ...]
    # Every event-type pattern, in order, with its type: which may match a clause, in one scan.
    triggers: tuple[tuple[str, GatedPattern], ...]
    trigger_scanner: LiteralScanner
    formats: tuple[tuple[re.Pattern[str], str], ...]
    central_asian_formats: re.Pattern[str]
    attendance: re.Pattern[str]
    summit_min_participants: int
    context: re.Pattern[str]
    offset_context: re.Pattern[str]
    non_triggers: re.Pattern[str]
    clause_verbs: re.Pattern[str]
    future: re.Pattern[str]
    past: re.Pattern[str]
    hypothetical: re.Pattern[str]
    denial: re.Pattern[str]
    cancel: re.Pattern[str]
    non_event: re.Pattern[str]
    habitual: re.Pattern[str]
    first: re.Pattern[str]
    not_first: re.Pattern[str]
    first_exclusions: re.Pattern[str]
    levels: tuple[tuple[str, re.Pattern[str]], ...]
    relations: tuple[tuple[str, re.Pattern[str]], ...]
    relation_past: re.Pattern[str]
    bloc_anaphora: re.Pattern[str]


@cache
def lexicon() -> Lexicon:
    raw = reference.lexicon()
    event_types = tuple((name, tuple(_compile(p) for p in patterns)) for name, patterns in raw["event_types"].items())
    triggers = tuple((name, p) for name, patterns in event_types for p in patterns)
    return Lexicon(
        event_types=event_types,
        triggers=triggers,
        trigger_scanner=LiteralScanner(p for _, p in triggers),
        formats=tuple((_compile(f["pattern"]), f["partner"]) for f in raw["formats"]),
        central_asian_formats=_compile(raw["central_asian_formats"]),
        attendance=_compile(raw["attendance_cues"]),
        summit_min_participants=int(raw["summit_min_central_asian_participants"]),
        context=_compile(raw["context_phrases"]),
        offset_context=_compile(raw["offset_context"]),
        non_triggers=_compile(raw["non_triggers"]),
        clause_verbs=_compile(raw["clause_verbs"]),
        future=_compile(raw["future_cues"]),
        past=_compile(raw["past_cues"]),
        hypothetical=_compile(raw["hypothetical_cues"]),
        denial=_compile(raw["denial_cues"]),
        cancel=_compile(raw["cancel_cues"]),
        non_event=_compile(raw["non_event_cues"]),
        habitual=_compile(raw["habitual_cues"]),
        first=_compile(raw["first_cues"]),
        not_first=_compile(raw["not_first_cues"]),
        first_exclusions=_compile(raw["first_exclusions"]),
        levels=tuple((name, _compile(p)) for name, p in raw["level_cues"].items()),
        relations=tuple((name, _compile(p)) for name, p in raw["relationships"].items()),
        relation_past=_compile(raw["relationship_past_cues"]),
        bloc_anaphora=_compile(raw["bloc_anaphora"]),
    )
