"""Event mentions of one clause: type, actors in their roles, date, status,
ordinal and level. A clause that reports no event, speaks hypothetically,
denies, cancels, or reports a war or a briefing yields nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from diplomacy import reference
from diplomacy.extract.actors import ActorMatch, city_name
from diplomacy.extract.dates import DatePhrase, ResolvedDate, duration_days, find_date_phrases, is_event_date, resolve
from diplomacy.extract.lexicon import lexicon

LEVEL_RANK = {"leaders": 3, "ministers": 2, "officials": 1, "unknown": 0}
_LOCATION_BEFORE = re.compile(r"(?:\bin|\bat|\bto|\bvisit(?:ed|s|ing)?|\barrived\s+in|\bheld\s+in)\s+(?:the\s+)?$"
                              r"|\b(?:city|capital|port\s+city|resort|town)\s+(?:city\s+)?(?:of\s+)?$", re.IGNORECASE)
_EVENT_NOUN_AFTER = re.compile(r"^\s*(?:summit|meeting|talks|forum|conference|gathering|visit)\b", re.IGNORECASE)
_FORMAT_NAME_BEFORE = re.compile(r"(?:[-–]|\+|\bplus)\s*$", re.IGNORECASE)
_HOST_VERB = re.compile(r"\b(?:will\s+host|to\s+host|hosted|hosts|hosting|host)\b", re.IGNORECASE)
_DISPLACED = re.compile(r"(?:overtaken|overtook|surpassed|replaced|than)\s+$", re.IGNORECASE)


@dataclass
class EventMention:
    event_type: str
    partner_code: str | None
    host_code: str | None
    location_city: str | None
    participants: tuple[str, ...]
    date: ResolvedDate | None
    status: str
    is_first: bool | None
    level: str
    trigger: str
    tense: str | None
    habitual: bool
    sentence_index: int = 0
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0
    clause: str = ""
    # "Kazakhstan will host the next ministerial meeting": the next meeting of a standing
    # format, whose partner and parties are those of the article's earlier meeting of its kind.
    next_of_series: bool = False

    @property
    def is_complete(self) -> bool:
        """Dated and with a Central Asian party: an event on its own."""
        return self.date is not None and bool(self.participants)


@dataclass
class ClauseContext:
    """What a clause inherits from the clauses before it in the sentence."""
    actors: list[ActorMatch] = field(default_factory=list)
    date_phrase: DatePhrase | None = None
    date_text: str = ""
    # The outside power the article last named a person of: "he" in a later
    # sentence ("He will then fly to Astana") is most often that visitor.
    pronoun_partner: str | None = None
    # The Central Asian leader the article last named: "He held talks with Ms Takaichi".
    pronoun_participant: str | None = None


def has_cue(pattern: re.Pattern[str], text: str) -> bool:
    for match in pattern.finditer(text):
        # "May" with a capital inside a clause is the month, not the modal.
        if match.group(0) == "May" and match.start() > 0:
            continue
        return True
    return False


def event_types_of(clause: str, actors: list[ActorMatch] = ()) -> list[tuple[str, re.Match[str]]]:
    """Event types whose trigger occurs in the clause, most specific first.
    A signing reported with a visit, a summit or talks is an event of its own,
    and so are talks held during a visit."""
    lex = lexicon()
    # Only the patterns whose literals the clause holds can match (most clauses: none).
    candidates = lex.trigger_scanner.candidates(clause)
    if not candidates:
        return []
    found: list[tuple[str, re.Match[str]]] = []
    # Blank out "on the sidelines of the summit" and the like: same offsets, no trigger.
    blank = lambda m: " " * len(m.group(0))  # noqa: E731 - same offsets, no trigger
    searchable = lex.non_triggers.sub(blank, lex.context.sub(blank, clause))
    # Names are not triggers: the Collective Security *Treaty* Organization signs nothing.
    for actor in actors:
        searchable = searchable[:actor.start] + " " * (actor.end - actor.start) + searchable[actor.end:]
    # The first pattern of each type that matches, types in lexicon order.
    for index in candidates:
        name, pattern = lex.triggers[index]
        if (not found or found[-1][0] != name) and (match := pattern.compiled.search(searchable)):
            found.append((name, match))
    if not found:
        return []
    # At most one meeting-like event and one signing per clause: "held talks and
    # witnessed the signing of an agreement" reports both.
    meeting = [f for f in found if f[0] != "agreement_or_joint_statement"][:1]
    signing = [f for f in found if f[0] == "agreement_or_joint_statement"]
    # "held talks with X, who is on a state visit": the visit and the talks.
    talks = [f for f in found if f[0] == "bilateral_meeting"] if meeting and meeting[0][0] == "state_visit" else []
    return meeting + talks[:1] + signing


def mentions_of_clause(clause: str, actors: list[ActorMatch], region: bool, base: date | None,
                       context: ClauseContext) -> list[EventMention]:
    lex = lexicon()
    # "..., the spokesperson told the weekly briefing": who said it is not what happened.
    # ", whose country was to have been the first stop of the cancelled tour": said of a person.
    attribution = _attribution(clause)
    reported = _WHOSE_TAIL.sub("", clause[:attribution.start()] if attribution else clause)
    if any(has_cue(p, reported) for p in (lex.hypothetical, lex.denial, lex.cancel, lex.non_event)):
        return []
    if clause.rstrip().endswith("?"):
        return []  # a question reports nothing
    offset = lex.offset_context.search(clause)
    if offset and offset.start() > 0:
        # "..., a year after the first such summit in Berlin in September 2023": the
        # place and date after the offset are another event's, told on its own.
        cut = offset.end()
        head = mentions_of_clause(clause[:offset.start()], [a for a in actors if a.end <= offset.start()],
                                  region, base, context)
        tail_actors = [replace(a, start=a.start - cut, end=a.end - cut) for a in actors if a.start >= cut]
        tail = mentions_of_clause(clause[cut:], tail_actors, False, base, ClauseContext())
        if not tail and _ELLIPSIS.match(clause[cut:]):
            tail = _elided(clause[cut:], tail_actors, head, base)
        return head + _earlier_of_the_same_format(tail, head)
    passing = _told_in_passing(clause, actors, region, base, context)
    if passing is not None:
        return passing
    types = event_types_of(clause, actors)
    if not types:
        return []
    if attribution and actors:
        # "..., the Uzbek presidential press service said": a source, not a party.
        actors = [a for a in actors if a.end <= attribution.start()]
    if not actors:
        actors = context.actors
    ca = reference.central_asian_codes()
    participants = {a.code for a in actors if a.code in ca}
    places = {code for code in participants if not _named_as_a_party(actors, code)}
    if places and participants - places and not region and any(
            a.code not in ca and a.kind not in ("region", "bloc") for a in actors) and not any(a.kind == "bloc" for a in actors):
        # "Putin also met Kazakh President Tokayev in Bishkek": a Central Asian city where an
        # outside power meets another state is the place, not a party (between two Central
        # Asian states, "Rahmon visited Bishkek", the state visited is one).
        participants -= places
    if region:
        participants |= set(ca)
    if not participants and context.actors is not actors and _NO_SUBJECT.match(clause):
        # "President Berdimuhamedov, who arrived the day before, | took part in the meeting":
        # a clause opening with its verb has the subject of the clause before.
        participants = {a.code for a in context.actors if a.code in ca}
    partner = _partner(clause, actors, ca)
    own_format = bool(lex.central_asian_formats.search(clause))
    if partner is None and context.actors is not actors and not own_format:
        # "Xi, who arrives on Monday, will also hold talks with Tokayev": the
        # subject stands before the relative clause.
        partner = _partner("", context.actors, ca)
    if partner is None and context.pronoun_partner and _PRONOUN.search(clause) and not own_format:
        partner = context.pronoun_partner
    elif partner and not participants and context.pronoun_participant and _SUBJECT_PRONOUN.match(clause):
        participants.add(context.pronoun_participant)
    host, city = _host_and_city(clause, actors)
    if host in ca and not (participants - {host} and not _named_as_a_party(actors, host)):
        participants.add(host)  # unless it is only where others met (see places above)
    tense = _tense(clause, types[0][1].start())
    if tense is None and context.date_text and not find_date_phrases(clause):
        # "Kazakhstan will welcome the leaders next week, | when the OTS holds its summit":
        # the date, and so the tense, of the clause before.
        tense = _tense(context.date_text, len(context.date_text))
    # Who meets, not who is named in passing: "met to prepare that year's summit" are ministers.
    level = _level(lex.context.sub(lambda m: " " * len(m.group(0)), clause), actors)
    mentions = []
    for event_type, trigger in types:
        if event_type == "state_visit" and not _visits_a_place(clause, trigger, actors):
            continue  # "to visit an exhibition" is not a state visit
        event_level = _trigger_level(clause, trigger, level)
        kind = _refine_type(event_type, trigger, participants, region, event_level, partner)
        if kind == "state_visit" and _level(clause[:trigger.start()], [a for a in actors if a.end <= trigger.start()]) \
                == "officials":
            kind = "bilateral_meeting"  # "Trump's special envoy ... visited Tashkent": a working meeting
        resolved = _event_date(clause, trigger, kind, base, tense, context)
        event_partner = _bloc_of_format(clause, actors) if kind in ("summit", "ministerial_meeting") else None
        event_partner = event_partner or partner
        series = not own_format and bool(_NEXT_OF_SERIES.search(clause[:trigger.start()])
                                         or _NTH_MEETING.search(clause))
        if series and kind in ("summit", "ministerial_meeting") and _named_only_as_a_place(clause, actors, event_partner):
            event_partner = None  # "the 12th summit, held in Gabala, Azerbaijan": the format's, not Azerbaijan's
        next_of_series = series and (event_partner is None or not participants)
        if partner is None and len(participants) == 1 and not next_of_series:
            if _DEFINITE_EVENT.match(clause) and resolved is not None:
                pass  # "The two-day summit ... will be chaired by Tokayev": details of an event told
            elif any(a.code in participants and a.kind not in ("city", "capital", "seat") for a in actors):
                continue  # one Central Asian state alone is no diplomatic event
            else:
                # Only a place named ("the Khujand Declaration"): a partial mention that
                # may borrow its parties from the event it refers back to.
                participants = set()
        # No actor at all ("the two leaders signed ..."): kept as a partial mention
        # that may borrow its parties from the event it refers back to.
        # A tour ("a three-nation tour of Turkmenistan, Kazakhstan and Uzbekistan") is
        # one visit per state visited.
        legs = [{p} for p in sorted(participants)] if (
            event_type == "state_visit" and kind in ("state_visit", "bilateral_meeting") and event_partner and not region and len(participants) > 1
            and (host is None or host in participants)) else [participants]
        for leg in legs:
            leg_host = next(iter(leg)) if len(legs) > 1 else host
            mentions.append(EventMention(
                event_type=kind,
                partner_code=event_partner,
                host_code=leg_host,
                location_city=city if leg_host == host else None,
                participants=tuple(sorted(leg)),
                date=resolved,
                status=status_of(resolved, base, tense),
                is_first=_ordinal(clause, trigger),
                level="leaders" if kind == "summit" and LEVEL_RANK[event_level] < 2 else event_level,
                trigger=trigger.group(0),
                tense=tense,
                # "at the end of the annual ministerial meeting": the meeting recurs, not the act.
                habitual=has_cue(lex.habitual, lex.context.sub(" ", clause)),
                clause=clause,
                next_of_series=next_of_series,
            ))
    return mentions


# "the next ministerial meeting", "the next such summit" — not "the next day the leaders met".
# ... and "the 12th summit, held in Gabala, Azerbaijan": another meeting of the format told.
_NEXT_OF_SERIES = re.compile(r"\b(?:the|its|their)\s+(?:next|\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|"
                             r"eighth|ninth|tenth|eleventh|twelfth)\s+(?!(?:day|week|month|year|morning|evening|time|step|"
                             r"stage|phase)\b)(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


_RELATIVE_AFTER = re.compile(r"^\s*,?\s*(?:that|which|who|held|hosted|to\s+be\s+held|set\s+(?:for|to)|due|scheduled)\b",
                             re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:to\s+prepare(?:\s+for)?|(?:[\w-]+\s+){0,4}?(?:of|during|before|after|following|to|for))\s+",
                          re.IGNORECASE)
_INDEFINITE = re.compile(_PREPOSITION.pattern + r"an?\s", re.IGNORECASE)
_POSSESSIVE = re.compile(_PREPOSITION.pattern + r"(?:his|her|their)\s", re.IGNORECASE)
_PLACES = ("country", "capital", "city", "seat")


def _told_in_passing(clause: str, actors: list[ActorMatch], region: bool, base: date | None,
                     context: ClauseContext) -> list[EventMention] | None:
    """"... signed the document in Bishkek during a two-day state visit by Rahmon that
    began on Wednesday": the visit named as context after the clause's own event is an
    event too when the text tells its date or details; the clause's event keeps none of them.
    None when the clause has no such phrase."""
    for phrase in lexicon().context.finditer(clause):
        cut = phrase.start()
        tail = clause[phrase.end():]
        # "the summit on Dec 19" refers back to an event told; "a two-day state visit ...
        # that began on Wednesday" or "the second summit, which India will host" tells one.
        indefinite = _INDEFINITE.match(clause[cut:])
        # "the agreements reached during his state visit to Tehran in January 2025"
        possessive = _POSSESSIVE.match(clause[cut:])
        if cut == 0 or not (_RELATIVE_AFTER.match(tail) or ((indefinite or possessive) and find_date_phrases(tail))):
            continue
        head_actors = [a for a in actors if a.end <= cut]
        head = mentions_of_clause(clause[:cut], head_actors, region, base, context)
        preposition = _PREPOSITION.match(clause[cut:])
        if preposition is None:
            continue
        start = cut + preposition.end()
        told = clause[start:]
        told_actors = [replace(a, start=a.start - start, end=a.end - start) for a in actors if a.start >= start]
        place = next((a for a in head_actors if a.kind in _PLACES and _LOCATION_BEFORE.search(clause[:a.start])), None)
        if place is not None and not any(a.kind in _PLACES for a in told_actors):
            # The visit during which they signed in Bishkek was in Bishkek.
            told = told.rstrip(" .") + " in "
            told_actors.append(replace(place, start=len(told), end=len(told) + len(place.text)))
            told += place.text
        in_passing = mentions_of_clause(told, told_actors, region and "central asia" in told.lower(), base,
                                        ClauseContext())
        if possessive and context.pronoun_participant:
            # "his state visit to Tehran": the visitor is the Central Asian leader just named.
            in_passing = [m if set(m.participants) & reference.central_asian_codes() or not m.partner_code
                          else replace(m, participants=tuple(sorted({*m.participants, context.pronoun_participant})))
                          for m in in_passing]
        # "the second GCC-Central Asia summit ..., following the first summit, hosted by Saudi
        # Arabia": an earlier one of the same kind had the same parties.
        return head + [m if m.participants else _earlier_of_the_same_format([m], head)[0]
                       if _earlier_of_the_same_format([m], head) else m for m in in_passing]
    return None


# "two years after the first, on the sidelines of the UN General Assembly": the noun is elided.
_ELLIPSIS = re.compile(r"\W*the\s+(?:first|inaugural|previous|last)(?:\s+one)?\b(?!\s+(?:time|day|week|month|year))",
                       re.IGNORECASE)


_WHOSE_TAIL = re.compile(r",\s+(?:whose|who)\b[^,]*$", re.IGNORECASE)
_WHO_CLAUSE = re.compile(r",\s+who\b[^,]*,", re.IGNORECASE)


def _who_spans(clause: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WHO_CLAUSE.finditer(clause)] if "who" in clause else []


# "The two-day summit is scheduled for ...": the event the article has told.
_DEFINITE_EVENT = re.compile(r"^\W*(?:the|this|that)\s+(?:[\w'’-]+\s+){0,2}?(?:visit|summit|talks|forum|meeting)\b",
                             re.IGNORECASE)
def _attribution(clause: str) -> re.Match[str] | None:
    """", the Uzbek press service said": a source at the end of the clause. Not when what
    follows the verb reports an event ("..., the ministry said Tokayev's visit had been confirmed")."""
    match = _ATTRIBUTION.search(clause)
    if match is None or event_types_of(clause[match.end("verb"):]):
        return None
    return match


_ATTRIBUTION = re.compile(r",\s+(?:[\w'’.-]+\s+){0,6}?(?P<verb>said|says|told|tells|added|reported|announced)\b[^,]*$",
                          re.IGNORECASE)
_SINCE_CLAUSE = re.compile(r"\bsince\b[^,;]*$", re.IGNORECASE)


@cache
def _elided_subject() -> re.Pattern[str]:
    # "..., and the second followed in Astana in June 2025", "The first had been hosted by Joe
    # Biden in New York": an ordinal standing for the event just told, its noun left out.
    return re.compile(
        r"^\W*(?:and\s+|while\s+|but\s+|whereas\s+)?(?P<verb>" + lexicon().series_verbs + r"\s+)?"
        r"the\s+(?P<ordinal>" + lexicon().series_ordinals + r")"
        r"(?:\s+one)?\s+(?=(?:had|has|was|were|is|will|followed|came|took\s+place|opened)\b|(?(verb)(?:in|on|at)\b|(?!)))",
        re.IGNORECASE)


_FORMAT_TYPES = ("summit", "ministerial_meeting", "business_forum")


def elided_event(clause: str, actors: list[ActorMatch], anchor: EventMention | None,
                 base: date | None) -> list[EventMention]:
    """Another meeting of the format of `anchor` (the meeting told just before), told
    with its noun left out: its own date, place and ordinal; the format's parties."""
    match = _elided_subject().match(clause)
    if match is None or anchor is None or anchor.event_type not in _FORMAT_TYPES:
        return []
    phrases = [p for p in find_date_phrases(clause) if is_event_date(clause, p)]
    tense = _tense(clause, match.end()) or "past"
    when = resolve(phrases[0], base, tense) if phrases else None
    if when is None:
        return []
    host, city = _host_and_city(clause, actors)
    ordinal = match.group("ordinal").lower()
    first = True if ordinal in ("first", "inaugural") else None if ordinal in ("previous", "last", "latest") else False
    return [replace(anchor, date=when, status=status_of(when, base, tense), host_code=host, location_city=city,
                    is_first=first, tense=tense, habitual=False, clause=clause, trigger=match.group(0).strip(),
                    next_of_series=False)]


def _elided(text: str, actors: list[ActorMatch], head: list[EventMention], base: date | None) -> list[EventMention]:
    """The earlier event of the kind the clause reports, told with its noun left out."""
    phrases = [p for p in find_date_phrases(text) if is_event_date(text, p)]
    if not head or not phrases:
        return []
    when = resolve(phrases[0], base, "past")
    if when is None:
        return []
    host, city = _host_and_city(text, actors)
    first = True if re.match(r"\W*the\s+(?:first|inaugural)", text, re.IGNORECASE) else None
    return [replace(h, date=when, status=status_of(when, base, "past"), host_code=host, location_city=city,
                    is_first=first, tense="past", clause=text) for h in head[:1]]


def _earlier_of_the_same_format(tail: list[EventMention], head: list[EventMention]) -> list[EventMention]:
    """"the second summit in the Z5+1 format, a year after the first such summit in
    Berlin": the earlier one had the same parties as the one the clause reports."""
    found = []
    for mention in tail:
        same = next((h for h in head if h.event_type == mention.event_type), None)
        if same is None or mention.date is None:
            continue
        found.append(replace(mention, participants=mention.participants or same.participants,
                             partner_code=same.partner_code or mention.partner_code))
    return found


def _tense(clause: str, trigger_at: int) -> str | None:
    """The tense of the verb nearest the trigger: "arrived on Tuesday for a state
    visit, and will hold talks on Wednesday" is past for the visit."""
    lex = lexicon()
    cues = [(abs(m.start() - trigger_at), 0, "future") for m in lex.future.finditer(clause)]
    cues += [(abs(m.start() - trigger_at), 1, "past") for m in lex.past.finditer(clause)
             if not (m.group(0) == "May" and m.start() > 0)]
    return min(cues)[2] if cues else None


def status_of(value: ResolvedDate | None, base: date | None, tense: str | None) -> str:
    if value is None or base is None:
        return "scheduled" if tense == "future" else "occurred"
    if value.last_day < base:
        return "occurred"
    if value.start > base:
        return "scheduled"
    if value.precision == "day" and value.start < base:
        return "occurred"  # under way at publication: it has begun
    return "scheduled" if tense == "future" else "occurred"


def _partner(clause: str, actors: list[ActorMatch], ca: frozenset[str]) -> str | None:
    for pattern, code in lexicon().formats:
        if pattern.search(clause):
            return code
    partners = reference.partner_codes()
    # "held in Gabala, Azerbaijan": the country of a place named is where, not who.
    actors = [a for a in actors if not (a.kind == "country" and _CITY_APPOSITION.search(clause[:a.start]))]
    # "... paid a state visit to Kyrgyzstan, ahead of the summit of the CSTO": the summit
    # named as context is not the one who visits.
    context = [m.span() for m in lexicon().context.finditer(clause)]
    for actor in actors:
        # "Putin will take part in the session of the CSTO": the bloc's session.
        if (actor.kind == "bloc" and _BLOC_GATHERING.search(clause[max(0, actor.start - 45):actor.start])
                and not any(s <= actor.start < e for s, e in context)
                and not _CONTEXT_GATHERING.search(clause[:actor.start])):
            return actor.code
    for actor in actors:
        if actor.code not in ca and actor.code in partners:
            return actor.code
    return None


# "hosted the fourth meeting of the dialogue", "The fifth meeting, held in Astana": a
# numbered meeting of a standing format.
_NTH_MEETING = re.compile(r"\bthe\s+(?:\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                          r"eleventh|twelfth)\s+(?:meeting|session|round)\b(?!\s+of\s+(?!the\s+(?:dialogue|format|forum|"
                          r"platform|mechanism)\b))", re.IGNORECASE)


def _named_only_as_a_place(clause: str, actors: list[ActorMatch], code: str | None) -> bool:
    if any(pattern.search(clause) for pattern, _ in lexicon().formats):
        return False  # "The C5+1 held its second summit in Washington": the format names the partner
    named = [a for a in actors if a.code == code]
    return bool(named) and all(a.kind in ("city", "capital") or _CITY_APPOSITION.search(clause[:a.start])
                               for a in named)


_CITY_APPOSITION = re.compile(r"\b(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s*$")
_CONTEXT_GATHERING = re.compile(r"\b(?:ahead\s+of|before|after|during|following|on\s+the\s+(?:sidelines|margins)\s+of)\s+"
                                r"(?:the\s+)?(?:summit|session|meeting)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_BLOC_GATHERING = re.compile(r"\b(?:session|summit|meeting|council|heads\s+of\s+state)\s+of\s+(?:the\s+)?"
                             r"(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)


def _bloc_of_format(clause: str, actors: list[ActorMatch]) -> str | None:
    """A bloc named in a summit clause is its format ("the SCO summit", "a session of
    the CSTO council"), whoever else attends — unless it is only the context."""
    context = [m.span() for m in lexicon().context.finditer(clause)]
    for actor in actors:
        if actor.code in reference.bloc_codes() and not any(s <= actor.start < e for s, e in context):
            return actor.code
    return None


def _host_and_city(clause: str, actors: list[ActorMatch]) -> tuple[str | None, str | None]:
    """The place the event is in ("in Tokyo", "visited Kazakhstan", "the Tokyo
    summit"), else the side that hosts it ("Japan will host")."""
    for actor in actors:
        if actor.kind not in ("country", "capital", "city", "seat"):
            continue
        # "the Tokyo summit" is in Tokyo; "the Central Asia-Italy summit" is a format's name.
        named_format = _FORMAT_NAME_BEFORE.search(clause[:actor.start])
        if _LOCATION_BEFORE.search(clause[:actor.start]) or (_EVENT_NOUN_AFTER.match(clause[actor.end:])
                                                              and not named_format):
            return actor.code, city_name(actor) if actor.kind in ("capital", "city") else None
    verb = _HOST_VERB.search(clause)
    if verb:
        before = [a for a in actors if a.end <= verb.start() and a.kind != "region"]
        if before:
            host = before[-1]
            return host.code, city_name(host) if host.kind in ("capital", "city") else None
    return None, None


_SPANS = ("state_visit", "summit", "business_forum")
_ORDINAL_DAYS = {"second": 2, "third": 3, "fourth": 4}
_NTH_DAY_OF = re.compile(r"\b(second|third|fourth)\s+day\s+of\s+(?:a|an|the|this|his|her|[\w-]+['’]s)\s",
                         re.IGNORECASE)
_ARRIVAL_VERB = re.compile(r"\b(?:arrived|arrives|arriving|landed|lands|flew|flies)\b", re.IGNORECASE)
_ARRIVAL = re.compile(_ARRIVAL_VERB.pattern + r"[^.;]{0,45}$", re.IGNORECASE)
_SAME_DAY = re.compile(r"\b(?:the\s+same|that)\s+(?:day|night|evening)\b|\bon\s+arrival\b", re.IGNORECASE)
_HELD_ON = re.compile(r"\b(?:(?:be|is|was|were|been)\s+held|take\s+place|takes\s+place|took\s+place|scheduled\s+for|"
                      r"set\s+for|convene[sd]?|opens?|opened)\s*(?:on\s+)?$", re.IGNORECASE)


def _event_date(clause: str, trigger: re.Match[str], event_type: str, base: date | None, tense: str | None,
                context: ClauseContext) -> ResolvedDate | None:
    """The date of the event the trigger names: the date phrase nearest to it
    ("visited Kazakhstan in June"), a span preferred for visits and summits and
    a single day for talks and signings; a "two-day" visit fills date_end."""
    phrases = [p for p in find_date_phrases(clause) if is_event_date(clause, p)
               # "a C5+1 summit, the second since Washington launched the format in 2015": the launch's date
               and not (p.start > trigger.end() and _SINCE_CLAUSE.search(clause, trigger.end(), p.start))
               # "Lee, who took office in June last year, will hold talks ... on Wednesday": the person's date
               and not any(s <= p.start < e and not s <= trigger.start() < e for s, e in _who_spans(clause))]
    if (event_type != "state_visit" and _ARRIVAL_VERB.search(clause[:trigger.start()])
            and not _SAME_DAY.search(clause, trigger.start())):
        # "arrived in Bishkek on Tuesday to attend the summit": Tuesday is the arrival's
        # (its month, "flew to Tokyo in December for the summit", is the summit's too);
        # but "arrived on Thursday evening and held talks ... the same night": that day.
        phrases = [p for p in phrases if p.kind not in ("weekday", "weekday_of_week", "day", "relative_day")
                   or not _ARRIVAL.search(clause[max(0, p.start - 45):p.start])]
        if not phrases:
            return None
    if not phrases and context.date_phrase is None:
        return None
    if phrases:
        def rank(p: DatePhrase):
            is_span = p.kind in ("range", "cross_range", "weekday_range")
            # "arrived on Tuesday to attend the summit, set to be held Wednesday": the
            # date the event's own verb takes beats the nearer date of the arrival.
            held = event_type != "state_visit" and bool(_HELD_ON.search(clause[max(0, p.start - 25):p.start]))
            return (not held, is_span != (event_type in _SPANS), abs(p.start - trigger.start()))
        phrase = min(phrases, key=rank)
    else:
        phrase = context.date_phrase
    resolved = resolve(phrase, base, tense)
    if (resolved and resolved.end and event_type not in _SPANS and tense != "future"
            and base is not None and resolved.start < base <= resolved.end):
        # Talks "with Tokayev, who is on a state visit on 11-12 November", reported
        # on the 12th: a one-day act within a span under way happened on the day of the report.
        return ResolvedDate(base, None, "day")
    nth_day = _NTH_DAY_OF.search(clause)
    if resolved and resolved.precision == "day" and resolved.end is None and event_type in _SPANS and nth_day:
        # "met on Thursday for the second day of a summit": it opened the day before.
        n = _ORDINAL_DAYS[nth_day.group(1).lower()]
        return ResolvedDate(resolved.start - timedelta(days=n - 1), resolved.start, "day")
    if resolved and resolved.precision == "day" and resolved.end is None and event_type in _SPANS:
        days = duration_days(clause)
        if days and days > 1 and _ENDED.search(clause[:phrase.start]):
            # "The two-day summit ended in Bishkek on Friday": Friday is its last day.
            resolved = ResolvedDate(resolved.start - timedelta(days=days - 1), resolved.start, "day")
        elif days and days > 1:
            resolved = replace(resolved, end=resolved.start + timedelta(days=days - 1))
    return resolved


_ENDED = re.compile(r"\b(?:ended|ends|wrapped\s+up|wraps\s+up|concluded|concludes|closed|closes)\b[^.;]{0,40}$",
                    re.IGNORECASE)


def _named_as_a_party(actors: list[ActorMatch], code: str) -> bool:
    """Named by its leader, its name or its people, not only by a place (a city, a capital,
    a presidential seat): "Putin also met Kazakh President Tokayev in Bishkek" names
    Kyrgyzstan only as where they met."""
    return any(a.code == code and a.kind in ("leader", "country", "demonym") for a in actors)


# "he", "his" - or "the trip", "the tour": the visitor the article named before.
_NO_SUBJECT = re.compile(r"^\W*(?:and\s+)?(?:also\s+)?(?:took\s+part|held|met|signed|attended|visited|hosted|"
                         r"toured|will|was|were)\b", re.IGNORECASE)
# ... and "Talks with President Tokayev are set for May 19": talks whose visitor goes unsaid.
# And a visitor's office as the subject: "The foreign secretary held talks with ...".
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b|\bthe\s+(?:trip|tour)\b|^\W*(?:talks|a\s+meeting|meetings)\s+with\b"
                      r"|^\W*the\s+(?:foreign\s+secretary|secretary\s+of\s+state|chancellor|premier|guest|visiting\s+[\w-]+"
                      r"(?:\s+minister)?)\b", re.IGNORECASE)
# "He held talks with ...", "In Berlin, the Head of State will hold talks with ...": the
# Central Asian leader the article named before (official readouts rarely repeat the name).
_SUBJECT_PRONOUN = re.compile(r"^\W*(?:(?:on|in|later|then|also|earlier)\b[^,]{0,30},\s*)?"
                              r"(?:he|she|the\s+head\s+of\s+(?:our\s+)?state|the\s+president)\b", re.IGNORECASE)
_BARE_VISIT = re.compile(r"^(?:visit|tour)(?:ed|s|ing)?$", re.IGNORECASE)
_PLACE_BEFORE_VISIT = re.compile(r"\b(?:to|in|arrived\s+in|travel(?:led|s)?\s+(?:on\s+)?to)\s+$", re.IGNORECASE)


def _visits_a_place(clause: str, trigger: re.Match[str], actors: list[ActorMatch]) -> bool:
    """"visited Kazakhstan", "visit to Astana": the verb alone needs a place after it."""
    if not _BARE_VISIT.match(trigger.group(0)):
        return True
    if re.match(r"\W*(?:the|this)\s+visit\b", clause, re.IGNORECASE):
        return True  # "The visit will last ...": the visit just told, wherever it is
    if any(a.kind in ("country", "capital", "city", "seat") and 0 <= a.start - trigger.end() <= 25 for a in actors):
        return True
    # "will travel on to Astana for a two-day visit": the place named just before.
    return any(a.kind in ("country", "capital", "city") and 0 <= trigger.start() - a.end <= 30
               and _PLACE_BEFORE_VISIT.search(clause[:a.start]) for a in actors)


_SEPARATE = re.compile(r"\b(?:separate|separately|bilateral|one-on-one|individual)\b", re.IGNORECASE)
_WITH_AFTER = re.compile(r"^\s*(?:talks\s+)?with\b", re.IGNORECASE)


def _refine_type(event_type: str, trigger: re.Match[str], participants: set[str], region: bool, level: str,
                 partner: str | None = None) -> str:
    many = region or len(participants) >= lexicon().summit_min_participants
    if (event_type == "bilateral_meeting" and partner in reference.bloc_codes() and level != "ministers"
            and (len(participants) > 1 or re.search(r"session|council|summit", trigger.group(0), re.IGNORECASE))):
        return "summit"  # a leaders' session of a bloc (CSTO, SCO, CIS council)
    if event_type == "summit" and not many and _WITH_AFTER.match(trigger.string[trigger.end():]):
        return "bilateral_meeting"  # "a summit with Turkmen President ...": two leaders meeting
    if event_type == "bilateral_meeting":
        if many and level != "ministers" and not _SEPARATE.search(trigger.string[max(0, trigger.start() - 30):trigger.end()]):
            return "summit"  # unless "held separate meetings with the presidents of ..."
        if level == "ministers":
            return "ministerial_meeting"
    if event_type == "state_visit" and level == "ministers":
        return "ministerial_meeting"
    return event_type


def _trigger_level(clause: str, trigger: re.Match[str], level: str) -> str:
    """"a meeting of the Council of Foreign Ministers": the words right after the
    trigger say who meets, whatever else the clause mentions (a summit it prepares)."""
    window = lexicon().context.sub(lambda m: " " * len(m.group(0)), clause)[trigger.start():trigger.end() + 60]
    local = [name for name, pattern in lexicon().levels if pattern.search(window)]
    if "ministers" in local and "leaders" not in local:
        return "ministers"
    return level


def _level(clause: str, actors: list[ActorMatch]) -> str:
    best = "unknown"
    for name, pattern in lexicon().levels:
        if pattern.search(clause) and LEVEL_RANK[name] > LEVEL_RANK[best]:
            best = name
    for actor in actors:
        possessive = actor.text.endswith(("'s", "’s")) or clause[actor.end:actor.end + 2] in ("'s", "’s")
        if possessive and _POSSESSOR_OF_AN_OFFICIAL.match(clause[actor.end:]):
            continue  # "Trump's special envoy": the envoy acts, not Trump
        if actor.level and LEVEL_RANK[actor.level] > LEVEL_RANK[best]:
            best = actor.level
    return best


_POSSESSOR_OF_AN_OFFICIAL = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:envoy|ambassador|representative|adviser|"
                                       r"aide|spokes(?:man|woman|person)|deputy|officials?|emissary)\b", re.IGNORECASE)


def _ordinal(clause: str, trigger: re.Match[str]) -> bool | None:
    """"first"/"inaugural" near the trigger says first; "second", "3rd" says not."""
    lex = lexicon()
    window = clause[max(0, trigger.start() - 60):trigger.end() + 25]
    cleaned = lex.first_exclusions.sub(" ", window)
    if has_cue(lex.not_first, cleaned):
        return False
    if has_cue(lex.first, cleaned):
        return True
    return None


def displaced(clause: str, actor: ActorMatch) -> bool:
    """An actor named as the one overtaken ("China has overtaken Russia")."""
    return bool(_DISPLACED.search(clause[:actor.start]))
