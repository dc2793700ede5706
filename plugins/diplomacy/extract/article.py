"""Everything the extractor reads from one article: its publication date, its
event mentions (resolved within the article) and its relationship mentions."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from diplomacy import reference
from diplomacy.extract.actors import (ActorMatch, ShortNames, city_name, find_actors, find_region_phrases,
                                      may_name_central_asia)
from diplomacy.extract.clauses import split_clauses
from diplomacy.extract.dates import ResolvedDate, find_date_phrases, is_event_date
from diplomacy.extract.lexicon import lexicon
from diplomacy.extract.events import elided_event, ClauseContext, EventMention, mentions_of_clause, status_of
from diplomacy.extract.pubdate import PublicationDate, dateline_end, infer_publication_date
from diplomacy.extract.relationships import RelationshipMention, relationships_of_sentence
from diplomacy.extract.text import split_sentences


@dataclass
class ArticleExtraction:
    publication: PublicationDate
    n_sentences: int
    events: list[EventMention]
    relationships: list[RelationshipMention]


def extract_article(text: str, published: date | None = None, today: date | None = None) -> ArticleExtraction:
    if not mentions_central_asia(text):
        # Most of a news firehose never names the region: one scan, nothing more.
        return ArticleExtraction(PublicationDate(published, "metadata") if published
                                 else PublicationDate(None, "unknown"), 0, [], [])
    publication = (PublicationDate(published, "metadata") if published
                   else infer_publication_date(text, today=today))
    base = publication.value
    sentences = split_sentences(text)
    mentions: list[EventMention] = []
    relationships: list[RelationshipMention] = []
    pronoun_partner: str | None = None
    pronoun_participant: str | None = None
    last_bloc: str | None = None
    short_names = ShortNames()
    for sentence in sentences:
        # Read the sentence without its dateline: "MOSCOW, May 5 (Reuters) -" is not an actor or a date.
        cut = dateline_end(sentence.text)
        scan = " " * cut + sentence.text[cut:]
        actors = short_names.find(scan, find_actors(scan, on=base))
        short_names.learn(actors)
        regions = find_region_phrases(scan)
        where = dict(sentence_index=sentence.index, sentence=sentence.text,
                     char_start=sentence.start, char_end=sentence.end)
        recent = [m for m in mentions if sentence.index - m.sentence_index <= 2]
        told = len(mentions)
        for mention in _sentence_mentions(scan, actors, regions, base, pronoun_partner, pronoun_participant, recent):
            mentions.append(replace(mention, **where))
        if all(m.date is None for m in mentions[told:]):
            # "Leaders X and Y confirmed their attendance", "The summit was attended by ...":
            # no event of its own, the parties of the one told.
            mentions = _attending(mentions[:told], scan, actors, sentence.index) + mentions[told:]
        pronoun_partner = _last_outside_person(actors) or pronoun_partner
        pronoun_participant = _last_central_asian_person(actors) or pronoun_participant
        for rel in relationships_of_sentence(scan, actors, bool(regions), _last_pair(mentions), last_bloc):
            relationships.append(replace(rel, **where))
        last_bloc = next((a.code for a in reversed(actors) if a.kind == "bloc"), last_bloc)
    lead = next((s.index for s in sentences if not _is_title(s.text) and len(s.text.split()) >= 6), None)
    dialogues = tuple((r.partner_code, tuple(sorted(reference.central_asian_codes())) if r.ca_iso2 == "ALL"
                       else (r.ca_iso2,)) for r in relationships if r.relation == "dialogue_framework")
    events = _locate_by_dateline(resolve_within_article(mentions, base, lead, dialogues), sentences)
    if base is None and today is not None:
        # An undated article, read against the day it reached us: a held event cannot start
        # after it, and a plan for a day already past then may or may not have happened.
        events = [e for e in events if not e.date or not (
            (e.status == "occurred" and e.date.start > today) or (e.status == "scheduled" and e.date.last_day < today))]
    return ArticleExtraction(publication, len(sentences), events, _dedupe(relationships))


_MULTILATERAL = ("summit", "ministerial_meeting")


def _attending(mentions: list[EventMention], sentence: str, actors: list[ActorMatch],
               index: int) -> list[EventMention]:
    """"Mirziyoyev, Japarov and Aliyev have confirmed their attendance": the Central
    Asian leaders a sentence without an event of its own names take part in the
    multilateral meeting told in the three sentences before."""
    if not lexicon().attendance.search(sentence):
        return mentions
    ca = reference.central_asian_codes()
    attending = {a.code for a in actors if a.code in ca and a.kind in ("leader", "country", "demonym")}
    for i in range(len(mentions) - 1, -1, -1):
        meeting = mentions[i]
        if index - meeting.sentence_index > 3:
            break
        if meeting.event_type in _MULTILATERAL and meeting.partner_code:
            mentions = list(mentions)
            mentions[i] = replace(meeting, participants=tuple(sorted(set(meeting.participants) | attending)))
            break
    return mentions


def _locate_by_dateline(mentions: list[EventMention], sentences) -> list[EventMention]:
    """A story filed from a city ("TOKYO -") about an event its host country holds,
    with no other place named, is about an event in that city."""
    place = next((s.text[:dateline_end(s.text)] for s in sentences[:8] if dateline_end(s.text)), "")
    city = next((m for m in find_actors(place) if m.kind in ("capital", "city")), None)
    if city is None or city_name(city) is None:
        return mentions
    return [replace(m, location_city=city_name(city)) if m.location_city is None and m.host_code == city.code
            else m for m in mentions]


def mentions_central_asia(text: str) -> bool:
    """Does the text name a Central Asian state, city, people or leader, or the region?"""
    if "central asia" in text.lower():
        return True
    # An alias scan first: it rules out most of a firehose without building matches.
    ca = reference.central_asian_codes()
    if may_name_central_asia(text) and any(actor.code in ca for actor in find_actors(text)):
        return True
    return bool(find_region_phrases(text))  # the costliest check, on the whole text: last


def _last_pair(mentions: list[EventMention]) -> tuple[str, str] | None:
    """The one Central Asian state (or ALL, for the region as one side) and the
    partner of the latest mention between two sides."""
    for mention in reversed(mentions):
        if mention.partner_code and len(mention.participants) == 1:
            return mention.participants[0], mention.partner_code
        if mention.partner_code and set(mention.participants) == set(reference.central_asian_codes()):
            return "ALL", mention.partner_code
        if mention.participants:
            return None
    return None


def _last_central_asian_person(actors: list[ActorMatch]) -> str | None:
    ca = reference.central_asian_codes()
    people = [a.code for a in actors if a.kind == "leader" and a.code in ca]
    return people[-1] if people else None


def _last_outside_person(actors: list[ActorMatch]) -> str | None:
    ca = reference.central_asian_codes()
    people = [a.code for a in actors if a.kind == "leader" and a.code not in ca]
    return people[-1] if people else None


def _sentence_mentions(text: str, actors: list[ActorMatch], regions: list[tuple[int, int]],
                       base: date | None, pronoun_partner: str | None = None,
                       pronoun_participant: str | None = None,
                       recent: list[EventMention] = ()) -> list[EventMention]:
    """`recent`: the article's mentions of the sentences just before, which a clause
    naming an event by its ordinal alone ("the second followed in Astana") refers to."""
    context = ClauseContext(pronoun_partner=pronoun_partner, pronoun_participant=pronoun_participant)
    found: list[EventMention] = []
    for clause in split_clauses(text):
        inside = [replace(a, start=a.start - clause.start, end=a.end - clause.start)
                  for a in actors if clause.start <= a.start and a.end <= clause.end]
        region = any(clause.start <= s < clause.end for s, _ in regions)
        of_clause = mentions_of_clause(clause.text, inside, region, base, context)
        if not of_clause:
            anchor = next((m for m in reversed([*recent, *found]) if m.partner_code or m.participants), None)
            of_clause = elided_event(clause.text, inside, anchor, base)
        found.extend(of_clause)
        if inside:
            context.actors = inside
        phrases = [p for p in find_date_phrases(clause.text) if is_event_date(clause.text, p)]
        if phrases:
            context.date_phrase, context.date_text = phrases[-1], clause.text
    return found


def resolve_within_article(mentions: list[EventMention], base: date | None, lead: int | None = None,
                           dialogues: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[EventMention]:
    """An article names one event in several sentences: "Japan will host the
    first summit ..." (no date), "... a two-day gathering starting on Dec 19",
    "the Tokyo summit this week". Incomplete mentions lend what they know
    (ordinal, host, city) to the complete mention they refer to; one that
    refers to none stands alone only if it is a recent, punctual past event of
    the news (dated to the publication month) — else it is dropped."""
    mentions = [m for m in mentions if m.date is None or _plausible(m.date, base)]
    mentions = _parties_of_the_format(_next_of_series(mentions, dialogues))
    mentions = _date_from_referenced_event(_lead_is_the_news_of_the_day(_date_from_definite_reference(mentions), base, lead))
    complete = [m for m in mentions if m.is_complete]
    resolved = list(complete)
    for mention in mentions:
        if mention.is_complete:
            continue
        target = _antecedent(mention, complete)
        if target is not None:
            target.is_first = target.is_first if target.is_first is not None else mention.is_first
            target.host_code = target.host_code or mention.host_code
            target.location_city = target.location_city or mention.location_city
            continue
        if (mention.date is None and mention.participants and base is not None
                and mention.tense == "past" and not mention.habitual):
            when = _narrative_day(mention, complete, base) or ResolvedDate(date(base.year, base.month, 1), None, "month")
            resolved.append(replace(mention, date=when, status=status_of(when, base, "past")))
    return _drop_headline_doubles(_drop_covered(resolved))


# "The summit, first proposed by ...": the summit the article is about, not another of its format.
_THE_SUMMIT = re.compile(r"^\W*(?:the|this|that)\s+summit\b", re.IGNORECASE)


def _parties_of_the_format(mentions: list[EventMention]) -> list[EventMention]:
    """"the third Central Asia-Germany summit" with the five presidents, then "Olaf Scholz
    hosted the first summit in Berlin": a summit of the same partner naming fewer parties
    is a meeting of that format, with its parties."""
    minimum = lexicon().summit_min_participants
    formats = [m for m in mentions if m.event_type == "summit" and m.partner_code and len(m.participants) >= minimum]
    out = []
    for mention in mentions:
        if (mention.event_type == "summit" and mention.partner_code and len(mention.participants) < minimum
                and not _THE_SUMMIT.match(mention.clause)):
            same = [f for f in formats if f.partner_code == mention.partner_code]
            if same:
                nearest = min(same, key=lambda f: abs(f.sentence_index - mention.sentence_index))
                mention = replace(mention, participants=tuple(sorted(set(nearest.participants) | set(mention.participants))))
        out.append(mention)
    return out


def _next_of_series(mentions: list[EventMention],
                    dialogues: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[EventMention]:
    """"... agreed on Thursday, as their foreign ministers met in Bishkek." then
    "Kazakhstan will host the next ministerial meeting in Astana in 2026": the next
    meeting of the format told before, with its partner and parties (and the new host).
    The format is the article's earlier meeting of that kind, else a dialogue it named
    ("the India-Central Asia Dialogue, a format launched in 2019" ... "Jaishankar hosted
    the fourth meeting of the dialogue"): `dialogues` holds (partner, Central Asian
    parties) of those. Without either there is nothing to tell whose meeting it is."""
    out: list[EventMention] = []
    for mention in mentions:
        if mention.next_of_series and (mention.partner_code is None or not mention.participants):
            kin = _SERIES_KIN.get(mention.event_type, (mention.event_type,))
            named_dialogue = _OF_THE_DIALOGUE.search(mention.clause) and any(
                mention.partner_code in (None, d[0]) for d in dialogues)
            format_ = None if named_dialogue else next(
                (m for m in reversed(out) if m.event_type in kin and m.partner_code and m.participants
                 and mention.partner_code in (None, m.partner_code)), None)
            if format_ is not None:
                partner, parties, kind, level = format_.partner_code, format_.participants, format_.event_type, format_.level
            else:
                dialogue = next((d for d in dialogues if mention.partner_code in (None, d[0])), None)
                if dialogue is None:
                    if mention.partner_code is None:
                        continue
                    out.append(mention)  # "the OTS holds its 13th summit": its own partner, parties told later
                    continue
                partner, parties, kind, level = dialogue[0], dialogue[1], mention.event_type, mention.level
                if kind == "bilateral_meeting" and len(parties) > 1:
                    kind = "ministerial_meeting"  # a dialogue's meeting of the region: its ministers'
            # A meeting naming its own parties keeps them ("the presidents of Kazakhstan,
            # Uzbekistan and Kyrgyzstan"); one naming a host alone has the format's.
            parties = mention.participants if len(mention.participants) > 1 else \
                tuple(sorted(set(parties) | set(mention.participants)))
            mention = replace(mention, partner_code=partner, participants=parties, event_type=kind,
                              level=mention.level if mention.level != "unknown" else level)
        out.append(mention)
    return out


_OF_THE_DIALOGUE = re.compile(r"\bof\s+the\s+(?:dialogue|format|platform|mechanism|forum)\b", re.IGNORECASE)
# A dialogue's meetings are told as "meetings" and as "ministerial meetings" alike.
_SERIES_KIN = {"bilateral_meeting": ("bilateral_meeting", "ministerial_meeting"),
               "ministerial_meeting": ("ministerial_meeting", "bilateral_meeting")}


_MEETINGS = ("summit", "ministerial_meeting", "bilateral_meeting")


def _drop_headline_doubles(mentions: list[EventMention]) -> list[EventMention]:
    """A headline ("4th meeting of the India-Central Asia Dialogue, New Delhi (June 6,
    2025)") names the meeting the body then tells precisely ("the Minister hosted the
    4th meeting of ..."): where they disagree on the kind of meeting, the body is right."""
    def told_in_body(head: EventMention) -> bool:
        return any(m.sentence_index > head.sentence_index and m.event_type in _MEETINGS
                   and m.event_type != head.event_type and m.partner_code == head.partner_code
                   and m.date == head.date and set(m.participants) & set(head.participants) for m in mentions)
    return [m for m in mentions if not (_is_title(m.sentence) and m.event_type in _MEETINGS and told_in_body(m))]


def _is_title(sentence: str) -> bool:
    """A headline or a dateline-title: a short line that does not end a sentence."""
    return len(sentence) < 200 and not sentence.rstrip().endswith((".", "!", "?", '"', "”", "’"))


def _drop_covered(mentions: list[EventMention]) -> list[EventMention]:
    """"A six-day tour of Turkmenistan, Kazakhstan and Uzbekistan" and then "a state
    visit to Kazakhstan from June 11-13": the leg told precisely replaces the tour's
    vaguer span for that state."""
    def span(m: EventMention) -> tuple[date, date]:
        return m.date.start, m.date.last_day

    def covers(wide: EventMention, narrow: EventMention) -> bool:
        (a, b), (c, d) = span(wide), span(narrow)
        return (wide is not narrow and not wide.next_of_series and _same_kind(wide, narrow)
                and wide.partner_code == narrow.partner_code and wide.participants == narrow.participants
                and a <= c and d <= b and (b - a) > (d - c))

    def day_of(narrow: EventMention, wide: EventMention) -> bool:
        # "wrapped up an official visit on Thursday" and "arrived on Tuesday for the
        # three-day visit": one day of the visit told, not a visit of its own.
        return (narrow.date.precision == "day" and narrow.date.end is None and wide.date.precision == "day"
                and wide.event_type in ("state_visit", "summit", "business_forum"))
    return [m for m in mentions
            if not any(covers(m, other) and not day_of(other, m) for other in mentions)
            and not any(covers(other, m) and day_of(m, other) for other in mentions)]


def _same_kind(wide: EventMention, narrow: EventMention) -> bool:
    """Equal types; or a lede's meeting told by its verb alone ("the EU and the five Central
    Asian states met in Bishkek this week") and the meeting of the same parties the article
    then tells precisely ("... met the foreign ministers ... on Tuesday, 17 March, for an
    EU–Central Asia ministerial meeting"): the verb names no kind, the count of parties
    only guessed one."""
    if wide.event_type == narrow.event_type:
        return True
    return (wide.event_type in _MEETINGS and narrow.event_type in _MEETINGS
            and wide.location_city in (None, narrow.location_city) and _told_by_verb_alone(wide))


def _told_by_verb_alone(mention: EventMention) -> bool:
    """A meeting whose trigger is a plain meeting verb ("met", "held talks") and whose
    clause names neither its kind nor who met at what level."""
    lex = lexicon()
    return (any(kind == "bilateral_meeting" and pattern.fullmatch(mention.trigger) for kind, pattern in lex.triggers)
            and not any(pattern.search(mention.clause) for _, pattern in lex.levels))


def _lead_is_the_news_of_the_day(mentions: list[EventMention], base: date | None,
                                 lead: int | None) -> list[EventMention]:
    """The first sentence of a dated report tells that day's news: "The second Russia -
    Central Asia summit has wrapped up in the Tajik capital, with the six leaders
    adopting a joint statement" - undated and past, it happened on the day of the report."""
    if base is None or lead is None:
        return mentions
    today = ResolvedDate(base, None, "day")
    return [replace(m, date=today, status="occurred")
            if m.sentence_index == lead and m.date is None and m.tense == "past" and m.participants
            and not m.habitual else m for m in mentions]


def _narrative_day(mention: EventMention, complete: list[EventMention], base: date) -> ResolvedDate | None:
    """A news story tells its day in order: "Scholz arrived in Uzbekistan on Sunday.
    In Samarkand, he met Mirziyoyev ..." - an undated past act in the very next
    sentence happened on the day just told, when that day is before publication."""
    told = [m for m in complete if mention.sentence_index - 2 <= m.sentence_index <= mention.sentence_index
            and m.date.precision == "day" and m.date.start <= base
            and (m.sentence_index < mention.sentence_index or m.clause != mention.clause)]
    # Of a span told ("arrived on Sunday for a three-day trip"), the day it opened.
    return ResolvedDate(told[-1].date.start, None, "day") if told else None


_DEFINITE = re.compile(r"^\W*(?:the|this|that)\s+(?:[\w'’-]+\s+){0,2}?(?:visit|summit|talks|forum|meeting)\b",
                       re.IGNORECASE)


def _date_from_definite_reference(mentions: list[EventMention]) -> list[EventMention]:
    """"Putin has arrived in Astana on a state visit." then "The visit will last from
    November 27 to 28.": a dated sentence naming no partner dates the event of its kind
    told just before (undated, or dated more vaguely: "next week" then "The two-day
    summit is scheduled for Oct. 7-8"), lends it its parties and place, and is not an
    event of its own. One Central Asian party alone and no such event: nothing."""
    out: list[EventMention] = []
    for mention in mentions:
        if (mention.date is not None and mention.partner_code is None and len(mention.participants) <= 1
                and _DEFINITE.match(mention.clause)):
            earlier = [i for i, m in enumerate(out) if m.event_type == mention.event_type
                       and (m.date is None or _refines(mention.date, m.date))
                       and mention.sentence_index - m.sentence_index <= 2]
            if earlier:
                target = out[earlier[-1]]
                out[earlier[-1]] = replace(
                    target, date=mention.date, status=mention.status,
                    participants=tuple(sorted(set(target.participants) | set(mention.participants))),
                    host_code=target.host_code or mention.host_code,
                    location_city=target.location_city or mention.location_city)
                continue
            if mention.participants:
                continue
        out.append(mention)
    return out


def _refines(precise: ResolvedDate, vague: ResolvedDate) -> bool:
    rank = {"day": 3, "month": 2, "year": 1}
    return (rank[precise.precision] > rank[vague.precision]
            and vague.start <= precise.start <= vague.last_day)


# "At the summit" only opening the clause (after a quote mark too): mid-clause "at the
# summit" is where, not when.
_REFERENCE = re.compile(r"(?:\b(?:(?P<eve>(?:on\s+)?the\s+eve\s+of)|following|after|before|ahead\s+of|during|at\s+the\s+end\s+of|in\s+the\s+course\s+of|on\s+the\s+sidelines\s+of|"
                        r"on\s+the\s+margins\s+of|within\s+the\s+framework\s+of)|^\W*\bat)\s+(?:the|this|that|these|those|his|her|their)\s+"
                        r"(?:[\w'’-]+\s+){0,5}?(?P<noun>talks|meeting|negotiations|summit|visit|forum|dinner|ceremony|reception|session)\b"
                        r"|\b(?P<same>(?:on\s+)?(?:the\s+same|that)\s+day)\b", re.IGNORECASE)
_NOUN_TYPES = {"talks": ("bilateral_meeting", "ministerial_meeting"),
               "negotiations": ("bilateral_meeting", "ministerial_meeting"),
               "summit": ("summit",), "visit": ("state_visit",), "forum": ("business_forum",)}


def _date_from_referenced_event(mentions: list[EventMention]) -> list[EventMention]:
    """"Following the talks, the two leaders signed ..." and "On the same day, ..."
    are dated by the event they refer back to: the latest earlier mention of it."""
    earlier: list[EventMention] = []
    out = []
    for mention in mentions:
        reference_match = _REFERENCE.search(mention.clause) if mention.date is None else None
        if reference_match:
            wanted = _NOUN_TYPES.get((reference_match.group("noun") or "").lower())
            anchors = [m for m in earlier if m.date and (wanted is None or m.event_type in wanted)] or \
                      [m for m in earlier if m.date]
            if anchors:
                # The act told to the day is the one a readout goes on about, not
                # the earlier one it recalled in passing ("the sixth meeting, in August 2024").
                anchor = ([m for m in anchors if m.date.precision == "day"] or anchors)[-1]
                day = anchor.date
                if reference_match.group("eve"):
                    if day.precision != "day":
                        out.append(mention)
                        earlier.append(mention)
                        continue
                    # "On the eve of the summit": the day before it opened.
                    eve = day.start - timedelta(days=1)
                    day = ResolvedDate(eve, None, "day")
                # "After the talks, they signed ... through Iran": the parties of the talks;
                # what the clause names after a pronoun or group subject is what they discussed.
                theirs = bool(_THEY.match(mention.clause[reference_match.end():].lstrip(" ,"))) \
                    or bool(_GROUP_SUBJECT.match(mention.clause))
                mention = replace(mention, date=day, status=anchor.status,
                                  participants=anchor.participants if theirs else mention.participants or anchor.participants,
                                  partner_code=anchor.partner_code if theirs else mention.partner_code or anchor.partner_code,
                                  host_code=mention.host_code or anchor.host_code,
                                  location_city=mention.location_city or anchor.location_city)
        elif (mention.date is not None and mention.partner_code is None
              and mention.event_type in ("summit", "ministerial_meeting", "business_forum")
              and (reference_match := _REFERENCE.search(mention.clause))):
            # "On Wednesday next week, the eve of the summit, the foreign ministers of the 11
            # countries will hold a joint ministerial meeting": dated, but its parties are the
            # summit's; "On the eve of the summit, the Council of Foreign Ministers met": its partner.
            wanted = _NOUN_TYPES.get((reference_match.group("noun") or "").lower())
            anchor = next((m for m in reversed(earlier) if m.participants and m.date is not None
                           and (wanted is None or m.event_type in wanted)), None)
            if anchor is not None:
                mention = replace(mention, participants=mention.participants or anchor.participants,
                                  partner_code=anchor.partner_code,
                                  host_code=mention.host_code or anchor.host_code,
                                  location_city=mention.location_city or anchor.location_city)
        elif (not mention.participants and mention.event_type in _ACTS_OF_AN_OCCASION
              and not _RECURRING.search(mention.clause)
              and (_GROUP_SUBJECT.match(mention.clause) or lexicon().the_two.search(mention.clause))):
            mention = _parties_of_the_occasion(mention, earlier)
        out.append(mention)
        earlier.append(mention)
    return out


# "The ministers approved a joint statement", "The two leaders will hold talks on
# Wednesday": the people of the occasion just told.
_GROUP_SUBJECT = re.compile(r"^\W*(?:[\w'’-]+\s+){0,6}?(?:the\s+)(?:two\s+|six\s+|five\s+|three\s+)?"
                            r"(?:leaders|ministers|heads\s+of\s+state|sides|presidents|delegations|parties|men|women|premiers)\b",
                            re.IGNORECASE)


# "The leaders agreed then to meet every two years": a rule for meetings, not one of them.
_RECURRING = re.compile(r"\b(?:every|annual(?:ly)?|each\s+year|regularly)\b", re.IGNORECASE)
_THEY = re.compile(r"^(?:they\b|the\s+two\b)", re.IGNORECASE)


# What the people of an occasion do there; a summit they "discussed" is another event.
_ACTS_OF_AN_OCCASION = ("agreement_or_joint_statement", "bilateral_meeting", "ministerial_meeting", "other")


def _parties_of_the_occasion(mention: EventMention, earlier: list[EventMention]) -> EventMention:
    # The subject names the parties; a country named further on ("through Iran's
    # Chabahar port") is what they talked about.
    told = [m for m in earlier if m.participants and (m.date is not None or mention.date is not None)
            and 0 <= mention.sentence_index - m.sentence_index <= 3]
    if not told:
        return mention
    anchor = told[-1]
    if mention.date is None and find_date_phrases(mention.clause):
        # "Last week the two presidents met again" in an undated article: a time of
        # its own that cannot be resolved is not the occasion's.
        return replace(mention, participants=anchor.participants, partner_code=anchor.partner_code)
    day = mention.date or anchor.date
    return replace(mention, participants=anchor.participants, partner_code=anchor.partner_code,
                   host_code=mention.host_code or anchor.host_code,
                   location_city=mention.location_city or anchor.location_city,
                   date=day, status=mention.status if mention.date else anchor.status)


EARLIEST_EVENT = date(1991, 12, 1)  # the five states' independence: nothing diplomatic before


def _plausible(value: ResolvedDate, base: date | None) -> bool:
    """Dates the warehouse contract accepts: after independence, and at most two
    years after publication (a plan further out is not a scheduled event)."""
    if value.start < EARLIEST_EVENT:
        return False
    return base is None or value.start <= date(base.year + 2, base.month, min(base.day, 28))


def _antecedent(mention: EventMention, complete: list[EventMention]) -> EventMention | None:
    ca = reference.central_asian_codes()
    if not mention.participants and mention.partner_code is None:
        return None  # no party named: nothing to tell which event it is
    fits = [c for c in complete
            if c.event_type == mention.event_type
            and (mention.partner_code is None or c.partner_code == mention.partner_code)
            and (not mention.participants or set(mention.participants) & set(c.participants))
            and _dates_compatible(mention.date, c.date)]
    if not fits:
        return None
    # Prefer the mention sharing most participants, then the earliest in the text.
    return max(fits, key=lambda c: (len(set(c.participants) & set(mention.participants) & ca), -c.sentence_index))


def _dates_compatible(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.last_day and b.start <= a.last_day


def _dedupe(relationships: list[RelationshipMention]) -> list[RelationshipMention]:
    seen, unique = set(), []
    for rel in relationships:
        key = (rel.ca_iso2, rel.partner_code, rel.relation)
        if key not in seen:
            seen.add(key)
            unique.append(rel)
    return unique
