"""The lexicon of lexicon.yaml, compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from diplomacy import reference
from diplomacy.extract.literal_gate import GatedPattern, LiteralScanner


def _compile(pattern: str) -> GatedPattern:
    # Gated: a clause is searched only if it holds one of the literals the pattern needs.
    return GatedPattern(re.compile(pattern, re.IGNORECASE))


@dataclass(frozen=True)
class Lexicon:
    # Every event-type pattern, in order, with its type: which may match a clause, in one scan.
    triggers: tuple[tuple[str, GatedPattern], ...]
    trigger_scanner: LiteralScanner
    formats: tuple[tuple[GatedPattern, str], ...]
    central_asian_formats: GatedPattern
    attendance: GatedPattern
    summit_min_participants: int
    context: GatedPattern
    offset_context: GatedPattern
    non_triggers: GatedPattern
    clause_verbs: GatedPattern
    future: GatedPattern
    past: GatedPattern
    hypothetical: GatedPattern
    denial: GatedPattern
    cancel: GatedPattern
    non_event: GatedPattern
    habitual: GatedPattern
    first: GatedPattern
    not_first: GatedPattern
    first_exclusions: GatedPattern
    levels: tuple[tuple[str, GatedPattern], ...]
    relations: tuple[tuple[str, GatedPattern], ...]
    relation_past: GatedPattern
    bloc_anaphora: GatedPattern
    the_two: GatedPattern
    # Regex fragments, composed into the patterns that find a meeting told by its ordinal alone.
    series_ordinals: str
    series_verbs: str


@cache
def lexicon() -> Lexicon:
    raw = reference.lexicon()
    triggers = tuple((name, _compile(p)) for name, patterns in raw["event_types"].items() for p in patterns)
    return Lexicon(
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
        the_two=_compile(raw["the_two"]),
        series_ordinals=raw["series_ordinals"],
        series_verbs=raw["series_verbs"],
    )
