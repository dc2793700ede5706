"""Sentences of the synthetic news: events, relationships, background and traps.

Every event sentence is rendered from one truth row for one publication date:
the date phrase says exactly as much as the gold label records (day, month or
year precision, resolved against the publication date in the direction of the
tense: "held ... in April" is the last April, "will host ... on Thursday" the
next Thursday), and the sentence names every Central Asian participant (or
uses a region phrase for all five). All templates are the team's own."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from diplomacy.synthetic import world
from diplomacy.synthetic.truth import TOPICS, Event, Relationship
from diplomacy.synthetic.world import CA, MONTHS, NUMBER_WORDS, ORDINALS, WEEKDAYS


@dataclass(frozen=True)
class When:
    text: str          # with its preposition: "on June 16", "in April", "last month"
    precision: str     # day, month, year
    ranged: bool       # the phrase states the end of a multi-day event


@dataclass(frozen=True)
class EventMention:
    event_id: str
    sentence: str
    precision: str
    ranged: bool
    status: str        # occurred / scheduled as of the publication date
    shows_host: bool
    shows_city: bool
    ordinal: bool | None  # is_first as the sentence states it (None: not stated)
    phrase: str


@dataclass(frozen=True)
class RelationshipMention:
    key: str
    sentence: str


def _pick(rng: random.Random, options):
    return options[rng.randrange(len(options))]


# --- dates -----------------------------------------------------------------------

def _day_month(d: date, rng: random.Random, year: bool) -> str:
    month = MONTHS[d.month - 1]
    if rng.random() < 0.5:
        return f"{month} {d.day}, {d.year}" if year else f"{month} {d.day}"
    return f"{d.day} {month} {d.year}" if year else f"{d.day} {month}"


def _range(start: date, end: date, rng: random.Random, year: bool) -> str:
    y = f", {start.year}" if year else ""
    y2 = f" {start.year}" if year else ""
    if start.month == end.month:
        month = MONTHS[start.month - 1]
        return _pick(rng, [f"on {month} {start.day}-{end.day}{y}", f"on {start.day}-{end.day} {month}{y2}",
                           f"from {start.day} to {end.day} {month}{y2}"])
    m1, m2 = MONTHS[start.month - 1], MONTHS[end.month - 1]
    return _pick(rng, [f"from {m1} {start.day} to {m2} {end.day}{y}", f"from {start.day} {m1} to {end.day} {m2}{y2}"])


def render_when(event: Event, pub: date, rng: random.Random, precision: str | None = None,
                allow_relative: bool = True) -> When:
    """A date phrase for the event as written on `pub`. allow_relative=False gives
    an explicit date (with its year) for texts whose publication date is unknown."""
    start, end = event.start, event.end
    past = event.last_day < pub
    if precision is None:
        precision = rng.choices(["day", "month", "year"], [0.62, 0.3, 0.08])[0]
    delta = (start - pub).days
    if precision == "day":
        near = allow_relative and abs(delta) <= 200
        if end is not None:
            return When(_range(start, end, rng, year=not near), "day", True)
        roll = rng.random()
        if allow_relative and abs(delta) == 1 and roll < 0.3:
            return When("yesterday" if delta < 0 else "tomorrow", "day", False)
        if allow_relative and 1 <= abs(delta) <= 6 and roll < 0.7:
            return When(f"on {WEEKDAYS[start.weekday()]}", "day", False)
        return When("on " + _day_month(start, rng, year=not near), "day", False)
    if precision == "month":
        months = (start.year * 12 + start.month) - (pub.year * 12 + pub.month)
        month = MONTHS[start.month - 1]
        if allow_relative:
            if months == 0:
                return When("earlier this month" if past else "later this month", "month", False)
            if months == -1 and past and rng.random() < 0.5:
                return When("last month", "month", False)
            if months == 1 and not past and rng.random() < 0.5:
                return When("next month", "month", False)
            if (past and -11 <= months < 0) or (not past and 0 < months <= 11):
                if start.day <= 10 and rng.random() < 0.3:
                    return When(f"in early {month}", "month", False)
                if start.day >= 20 and rng.random() < 0.3:
                    return When(f"in late {month}", "month", False)
                return When(f"in {month}", "month", False)
        return When(f"in {month} {start.year}", "month", False)
    years = start.year - pub.year
    if allow_relative:
        if years == 0:
            return When("earlier this year" if past else "later this year", "year", False)
        if years == -1:
            return When("last year", "year", False)
        if years == 1:
            return When("next year", "year", False)
    return When(f"in {start.year}", "year", False)


# --- people and places -------------------------------------------------------------

def _office(person: world.Person) -> str:
    return " ".join(w.capitalize() if w not in ("of",) else w for w in person.office.split())


def ca_leader(code: str, on: date, rng: random.Random) -> str:
    person = world.leader(code, on)
    c = world.country(code)
    if person is None:
        return f"the {c.adjective} president"
    return _pick(rng, [f"{c.adjective} President {person.name}", f"President {person.name} of {c.name}",
                       f"{c.adjective} President {person.name}", person.name, f"President {person.surname}"])


def partner_leader(code: str, on: date, rng: random.Random) -> str:
    c = world.country(code)
    person = world.leader(code, on)
    if person is None:
        return f"the {c.adjective} head of government"
    office = _office(person)
    return _pick(rng, [f"{c.adjective} {office} {person.name}", f"{c.adjective} {office} {person.name}",
                       person.name, f"{office} {person.name} of {c.name}"])


def foreign_minister(code: str, on: date, rng: random.Random) -> str:
    c = world.country(code)
    person = world.foreign_minister(code, on)
    if person is None:
        return f"the {c.adjective} foreign minister"
    office = _office(person)
    return _pick(rng, [f"{c.adjective} {office} {person.name}", f"{office} {person.name} of {c.name}",
                       f"{c.adjective} {office} {person.name}"])


def five_leaders(rng: random.Random) -> str:
    return _pick(rng, ["the leaders of the five Central Asian states", "the five Central Asian presidents",
                       "Central Asian leaders", "the heads of state of the five Central Asian republics",
                       "the presidents of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan"])


def five_ministers(rng: random.Random) -> str:
    return _pick(rng, ["the foreign ministers of the five Central Asian states",
                       "foreign ministers from all five Central Asian countries",
                       "the top diplomats of the five Central Asian republics"])


def country_list(codes) -> str:
    names = [world.country(c).name for c in sorted(codes, key=lambda c: world.country(c).name)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def format_name(partner: str, rng: random.Random) -> str:
    if partner in world.FORMAT_NAME:
        return world.FORMAT_NAME[partner]
    name = world.country(partner).name.removeprefix("the ")
    name = {"South Korea": "Korea"}.get(name, name)
    return f"{name}{_pick(rng, ['-', '–', '-'])}Central Asia"


def bloc_name(bloc: str, rng: random.Random) -> str:
    long = {"SCO": "Shanghai Cooperation Organisation", "CIS": "Commonwealth of Independent States",
            "OTS": "Organization of Turkic States", "EAEU": "Eurasian Economic Union"}
    return _pick(rng, [bloc, long.get(bloc, bloc)])


def _source(rng: random.Random, code: str | None = None) -> str:
    adjective = world.country(code).adjective if code else "the"
    return _pick(rng, ["officials said", f"the {adjective} foreign ministry said".replace("the the", "the"),
                       "the presidential press service said", "according to a government statement",
                       "state media reported", "a spokesperson said", "diplomats said",
                       "according to the foreign ministry"])


def _ordinal(event: Event, rng: random.Random) -> tuple[str, bool | None]:
    if event.ordinal is None or rng.random() < 0.45:
        return "", None
    if event.ordinal == 1:
        return _pick(rng, ["first ", "inaugural ", "first-ever "]), True
    return ORDINALS[event.ordinal] + " ", False


def _cap(text: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower the names after it)."""
    return text[:1].upper() + text[1:]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


# --- event sentences ------------------------------------------------------------

def event_sentence(event: Event, pub: date, rng: random.Random, precision: str | None = None,
                   allow_relative: bool = True) -> EventMention:
    """One sentence stating the event, as written on `pub` (never during the event)."""
    when = render_when(event, pub, rng, precision, allow_relative)
    past = event.last_day < pub
    s = _Slots(event, pub, rng, when, past)
    sentence, shows_host, shows_city, ordinal = _RENDERERS[event.event_type](s)
    sentence = sentence[0].upper() + sentence[1:]
    return EventMention(event.id, sentence, when.precision, when.ranged, "occurred" if past else "scheduled",
                        shows_host, shows_city, ordinal, when.text)


class _Slots:
    def __init__(self, event: Event, pub: date, rng: random.Random, when: When, past: bool):
        self.e, self.pub, self.rng, self.when, self.past = event, pub, rng, when.text, past
        self.on = event.start

    def where(self) -> str:
        return f"in {self.e.city}" if self.e.city else ""

    def topic(self) -> str:
        return self.e.topic or _pick(self.rng, TOPICS)

    def topics(self) -> str:
        a, b = self.rng.sample(TOPICS, 2)
        return f"{a} and {b}"

    def ca(self, code: str | None = None) -> str:
        return ca_leader(code or self.e.participants[0], self.on, self.rng)

    def partner(self) -> str:
        return partner_leader(self.e.partner, self.on, self.rng)


def _j(*parts: str) -> str:
    return " ".join(p for p in parts if p).replace(" ,", ",") + "."


def _summit(s: _Slots):
    e, rng = s.e, s.rng
    ordinal, said = _ordinal(e, rng)
    if e.partner is None:
        name = f"{ordinal}Consultative Meeting of the Heads of State of Central Asia"
        if s.past:
            text = _pick(rng, [
                _j(f"The {name} was held", s.where(), s.when, "bringing together the five Central Asian leaders"),
                _j(f"The five Central Asian presidents gathered", s.where(), s.when, f"for the {name}")])
        else:
            text = _pick(rng, [
                _j(f"{world.country(e.host).name} will host the {name}", s.where(), s.when,
                   "with all five Central Asian presidents expected to attend"),
                _j(f"The five Central Asian leaders are set to gather", s.where(), s.when, f"for the {name}")])
        return text, True, True, said
    if e.partner in world.MEMBER_BLOCS:
        bloc = bloc_name(e.partner, rng)
        who = f"the presidents of {country_list(e.participants)}"
        if s.past:
            text = _pick(rng, [_j(f"{_cap(who)} attended the {bloc} summit", s.where(), s.when),
                               _j(f"The {bloc} summit", s.where(), s.when, f"was attended by {who}")])
        else:
            text = _pick(rng, [_j(f"{_cap(who)} are expected to attend the {bloc} summit", s.where(), s.when),
                               _j(f"{e.city} will host the {bloc} summit", s.when, f"with {who} due to attend")])
        return text, True, True, None
    fmt = format_name(e.partner, rng)
    p = s.partner() if e.partner not in world.BLOCS else world.country(e.partner).name
    five = five_leaders(rng)
    if s.past:
        text = _pick(rng, [
            _j(f"The {ordinal}{fmt} summit was held", s.where(), s.when, f"bringing together {p} and {five}"),
            _j(f"{p} joined {five}", s.where(), s.when, f"for the {ordinal}{fmt} summit"),
            _j(f"{five} and {p} gathered", s.where(), s.when, f"for the {ordinal}{fmt} summit",
               f"focused on {s.topics()}")])
    else:
        host = world.country(e.host).name
        text = _pick(rng, [
            _j(f"{host} will host the {ordinal}{fmt} summit", s.where(), s.when + ",", _source(rng, e.host)),
            _j(f"The {ordinal}{fmt} summit is scheduled to take place", s.where(), s.when,
               f"with {p} and {five} expected to attend"),
            _j(f"{p} is set to meet {five}", s.where(), s.when, f"for the {ordinal}{fmt} summit")])
    return text, True, True, said


def _visitor_and_host(s: _Slots) -> tuple[str, str, str | None]:
    """(visitor phrase, host country name, host leader phrase or None)."""
    e = s.e
    if e.partner is None:  # between two Central Asian states: direction holds the visitor
        host_code = e.host
        return s.ca(e.direction), world.country(host_code).name, s.ca(host_code)
    if e.direction == "in":
        return s.partner(), world.country(e.host).name, s.ca(e.participants[0])
    person = world.leader(e.partner, s.on)
    return s.ca(e.participants[0]), world.country(e.partner).name, s.partner() if person else None


def _state_visit(s: _Slots):
    e, rng = s.e, s.rng
    visitor, host_country, host_leader = _visitor_and_host(s)
    kind = _pick(rng, ["state visit", "official visit", "state visit", "working visit"])
    if s.past:
        options = [
            (_j(f"{visitor} paid {_article(kind)} {kind} to {host_country}", s.when + ",",
                f"holding talks with {host_leader} in {e.city}" if host_leader else ""), bool(host_leader)),
            (_j(f"{visitor} arrived in {e.city}", s.when, f"for {_article(kind)} {kind} to {host_country}"), True),
        ]
    else:
        options = [
            (_j(f"{visitor} will pay {_article(kind)} {kind} to {host_country}", s.when + ",", _source(rng)), False),
            (_j(f"{visitor} is expected to travel to {e.city}", s.when, f"for {_article(kind)} {kind} to {host_country}"), True),
        ]
    text, city = _pick(rng, options)
    return text, True, city, None


def _bilateral(s: _Slots):
    e, rng = s.e, s.rng
    if e.partner is None:
        a = s.ca(e.direction)
        b = s.ca([c for c in e.participants if c != e.direction][0])
    else:
        a, b = s.ca(), s.partner()
    place = f"on the sidelines of {e.venue} in {e.city}" if e.venue else s.where()
    if s.past:
        text = _pick(rng, [_j(f"{a} held talks with {b}", place, s.when),
                           _j(f"{a} and {b} met", place, s.when, f"to discuss {s.topics()}"),
                           _j(f"{a} met {b}", place, s.when + ",", _source(rng))])
    else:
        text = _pick(rng, [_j(f"{a} will hold talks with {b}", place, s.when + ",", _source(rng)),
                           _j(f"{a} is due to meet {b}", place, s.when, f"to discuss {s.topics()}")])
    return text, e.host is not None, True, None


def _ministerial(s: _Slots):
    e, rng = s.e, s.rng
    if e.partner in ("EU", "GCC"):
        fmt = format_name(e.partner, rng)
        five = five_ministers(rng)
        if s.past:
            text = _pick(rng, [_j(f"The {fmt} ministerial meeting was held", s.where(), s.when,
                                  f"bringing together {five} and their {world.country(e.partner).adjective} counterparts"),
                               _j(f"{five} met {world.country(e.partner).adjective} officials", s.where(), s.when,
                                  f"at the {fmt} ministerial meeting")])
        else:
            text = _j(f"{e.city} will host the {fmt} ministerial meeting", s.when + ",", f"with {five} expected to attend")
        return text, True, True, None
    if e.partner is None:
        a = foreign_minister(e.direction, s.on, rng)
        other = [c for c in e.participants if c != e.direction][0]
        b = foreign_minister(other, s.on, rng)
        names = country_list(e.participants)
    else:
        a = foreign_minister(e.participants[0], s.on, rng)
        b = foreign_minister(e.partner, s.on, rng)
        names = f"{world.country(e.participants[0]).name} and {world.country(e.partner).name}"
    if s.past:
        text = _pick(rng, [_j(f"{a} held talks with {b}", s.where(), s.when + ",", f"discussing {s.topics()}"),
                           _j(f"The foreign ministers of {names} met", s.where(), s.when)])
    else:
        text = _pick(rng, [_j(f"{a} will hold talks with {b}", s.where(), s.when),
                           _j(f"The foreign ministers of {names} are scheduled to meet", s.where(), s.when)])
    return text, True, True, None


def _business_forum(s: _Slots):
    e, rng = s.e, s.rng
    name = f"{world.country(e.participants[0]).adjective}-{world.country(e.partner).adjective} business forum"
    n = rng.choice([80, 120, 150, 200, 250, 300, 400, 500, 600])
    if s.past:
        text = _pick(rng, [_j(f"{_article(name).capitalize()} {name} was held", s.where(), s.when + ",", f"drawing some {n} companies"),
                           _j(f"More than {n} companies took part in the {name}", s.where(), s.when)])
    else:
        text = _pick(rng, [_j(f"{e.city} will host {_article(name)} {name}", s.when + ",", "organisers said"),
                           _j(f"The {name} is scheduled to take place", s.where(), s.when)])
    return text, True, True, None


def _other(s: _Slots):
    a, b = s.ca(), s.partner()
    if s.past:
        text = _pick(s.rng, [_j(f"{a} held a phone call with {b}", s.when + ",", f"discussing {s.topics()}"),
                             _j(f"{a} and {b} spoke by telephone", s.when, f"about {s.topic()}")])
    else:
        text = _j(f"{a} is expected to hold a phone call with {b}", s.when + ",", _source(s.rng))
    return text, False, False, None


def _agreement(s: _Slots):
    e, rng = s.e, s.rng
    doc = _pick(rng, ["an agreement", "a memorandum of understanding", "a joint statement", "a package of agreements",
                      "a joint declaration", "an intergovernmental agreement"])
    if e.partner is None:
        a = s.ca(e.participants[0]) if e.level == "leaders" else foreign_minister(e.participants[0], s.on, rng)
        b = s.ca(e.participants[1]) if e.level == "leaders" else foreign_minister(e.participants[1], s.on, rng)
        parties = f"{a} and {b}"
    elif len(e.participants) == 5:
        who = five_leaders(rng) if e.level == "leaders" else five_ministers(rng)
        other = world.country(e.partner).name if e.partner in world.BLOCS else s.partner()
        parties = f"{who} and {other}"
    elif e.partner in world.MEMBER_BLOCS:
        parties = f"the presidents of {country_list(e.participants)}"
    else:
        if e.level == "leaders":
            parties = f"{s.ca()} and {s.partner()}"
        else:
            parties = f"{foreign_minister(e.participants[0], s.on, rng)} and {foreign_minister(e.partner, s.on, rng)}"
    topic = s.topic()
    if e.partner in world.MEMBER_BLOCS:
        bloc = bloc_name(e.partner, rng)
        if s.past:
            text = _j(f"{_cap(parties)} signed {doc} on {topic} at the {bloc} summit", s.where(), s.when)
        else:
            text = _j(f"{_cap(parties)} are expected to sign {doc} on {topic} at the {bloc} summit", s.where(), s.when)
        return text, True, True, None
    if s.past:
        text = _pick(rng, [_j(f"{parties} signed {doc} on {topic}", s.where(), s.when),
                           _j(f"In {e.city}, {parties} signed {doc} on {topic}", s.when) if e.city else
                           _j(f"{parties} signed {doc} on {topic}", s.when)])
    else:
        text = _j(f"{parties} are expected to sign {doc} on {topic}", s.where(), s.when + ",", _source(rng))
    return text, e.city is not None, e.city is not None, None


_RENDERERS = {
    "summit": _summit, "state_visit": _state_visit, "bilateral_meeting": _bilateral,
    "ministerial_meeting": _ministerial, "business_forum": _business_forum, "other": _other,
    "agreement_or_joint_statement": _agreement,
}


# --- relationships ---------------------------------------------------------------

def relationship_sentence(rel: Relationship, rng: random.Random, apostrophe: str = "'") -> RelationshipMention:
    p = world.country(rel.partner).name
    p_cap = p[0].upper() + p[1:]
    if rel.ca == "ALL":
        fmt = format_name(rel.partner, rng)
        text = _pick(rng, [
            f"The {fmt} dialogue format, launched in {rel.since}, brings together {p} and the five Central Asian states.",
            f"{p_cap} and the five Central Asian countries have cooperated in the {fmt} dialogue format since {rel.since}."])
        return RelationshipMention(rel.key, text)
    x = world.country(rel.ca).name
    x_s = f"{x}{apostrophe}s"
    billions = f"{rng.randint(2, 45)}.{rng.randint(0, 9)}"
    if rel.relation == "largest_trading_partner":
        text = _pick(rng, [f"{p_cap} is {x_s} largest trading partner, with bilateral trade of about ${billions} billion.",
                           f"{p_cap} remains the biggest trading partner of {x}, according to official statistics.",
                           f"{x_s} largest trading partner is {p}, customs data show."])
    elif rel.relation == "second_largest_trading_partner":
        other = "China" if rel.partner == "RU" else "Russia"
        text = _pick(rng, [f"{p_cap} is {x_s} second-largest trading partner after {other}.",
                           f"{p_cap} ranks as the second-largest trading partner of {x}, behind {other}."])
    else:
        value = rel.value
        text = _pick(rng, [f"{x} and {p} upgraded their relations to {_article(value)} {value} in {rel.since}.",
                           f"{x} and {p} have been bound by {_article(value)} {value} since {rel.since}."])
    return RelationshipMention(rel.key, text)


# --- background and traps (no gold) ----------------------------------------------

_QUOTE_SUBJECTS = ["Connectivity", "Water", "Energy security", "Transit", "Investment", "Food security", "Logistics",
                   "Digital infrastructure", "Trade finance", "Education", "Climate adaptation", "Mining"]
_QUOTE_PREDICATES = ["is now the first item on every agenda", "matters more than any single deal",
                     "will decide how fast the region grows", "is where the real competition is",
                     "has moved from slogans to spreadsheets", "needs predictable rules more than money",
                     "is the test of whether the promises hold", "cannot wait for the next five-year plan",
                     "is where small states still have leverage", "depends on what happens at the borders"]
_QUOTE_TAILS = ["", ", and everybody knows it", " this decade", " for the next generation", ", frankly",
                " more than people think", " in a way it did not ten years ago"]
_SECTORS = ["mining", "oil and gas", "agriculture", "textile", "construction", "banking", "retail", "logistics",
            "telecommunications", "chemical", "hydropower", "tourism", "steel", "pharmaceutical", "IT", "automotive",
            "aviation", "fertiliser", "cement", "food processing"]
_TONNES = ["wheat", "cotton", "copper ore", "zinc concentrate", "fertiliser", "cement", "dried fruit", "coal", "flour",
           "steel products", "ferroalloys", "vegetables"]
_FACILITIES = ["processing plant", "logistics hub", "solar park", "wind farm", "data centre", "cement works",
               "fertiliser plant", "dry port", "textile mill", "cold-storage terminal", "battery plant", "glass factory"]
_ROLES = ["an analyst", "a senior fellow", "an economist", "a researcher", "a former diplomat", "a professor"]
_BODIES = ["Institute", "Centre for Regional Studies", "Policy Lab", "School of Economics", "Foundation", "Research Group"]


class Background:
    """Sentences of context for one article: numbers, projects, quotes. They state
    no event. Each template is used at most once per article until all are used."""

    def __init__(self, rng: random.Random, ca: str, partner: str | None, apostrophe: str = "'"):
        self.rng, self.apostrophe = rng, apostrophe
        self.x = world.country(ca)
        code = partner if partner and partner not in world.BLOCS else rng.choice(["CN", "RU", "TR", "KR", "DE", "JP", "IN"])
        self.p = world.country(code)
        self._order: list = []

    def next(self) -> str:
        if not self._order:
            self._order = list(range(len(_BACKGROUND)))
            self.rng.shuffle(self._order)
        text = _BACKGROUND[self._order.pop()](self, self.rng)
        return text.replace("'", self.apostrophe) if self.apostrophe != "'" else text

    def city(self) -> str:
        return self.rng.choice(self.x.cities) if self.x.cities else self.x.capital

    def person(self) -> str:
        return world.invented_person(self.rng)

    def body(self) -> str:
        return f"{world.invented_surname(self.rng)} {_pick(self.rng, _BODIES)}"

    def quote(self) -> str:
        r = self.rng
        return f"{_pick(r, _QUOTE_SUBJECTS)} {_pick(r, _QUOTE_PREDICATES)}{_pick(r, _QUOTE_TAILS)}"


def _money(r: random.Random, low: int = 1, high: int = 40) -> str:
    return f"${r.randint(low, high)}.{r.randint(0, 9)} billion"


_BACKGROUND = [
    lambda b, r: f"Trade between {b.x.name} and {b.p.name} rose {r.randint(3, 48)} percent to {_money(r)} in {r.randint(2019, 2025)}, according to customs data.",
    lambda b, r: f"{b.p.adjective} companies have put about {_money(r, 1, 30)} into the {_pick(r, _SECTORS)} sector of {b.x.name} over the past decade.",
    lambda b, r: f"A {r.randint(120, 900)}-kilometre railway linking {b.city()} with the {b.p.adjective} border is expected to open in {r.randint(2026, 2030)}.",
    lambda b, r: f"{b.x.name} shipped {r.randint(1, 30)} million tonnes of {_pick(r, _TONNES)} abroad in {r.randint(2019, 2025)}, a fifth of it to {b.p.name}.",
    lambda b, r: f"Analysts in {b.city()} say the government is trying to balance its ties with {b.p.name} and its other partners.",
    lambda b, r: f"The {b.x.adjective} government wants to raise {_pick(r, _SECTORS)} output by {r.randint(5, 60)} percent within {_pick(r, ['five', 'seven', 'ten'])} years.",
    lambda b, r: f"Remittances make up roughly {r.randint(5, 35)} percent of the economy of {b.x.name}, central bank figures show.",
    lambda b, r: f"{world.invented_firm(r)}, {_article(b.p.adjective)} {b.p.adjective} group, is planning a ${r.randint(40, 900)} million {_pick(r, _FACILITIES)} near {b.city()}.",
    lambda b, r: f'"{b.quote()}," said {b.person()}, {_pick(r, _ROLES)} at the {b.body()} in {b.city()}.',
    lambda b, r: f'"{b.quote()}," {b.person()} of the {b.body()} said by telephone.',
    lambda b, r: f"{b.person()}, who heads the {b.body()}, said demand for {_pick(r, _TONNES)} was unlikely to ease soon.",
    lambda b, r: f"The {b.x.adjective} economy grew {r.randint(2, 9)}.{r.randint(0, 9)} percent last year on the back of {_pick(r, _SECTORS)} and {_pick(r, _SECTORS)}.",
    lambda b, r: f"Officials in {b.city()} say a new border crossing has cut waiting times for lorries to about {r.randint(2, 30)} hours.",
    lambda b, r: f"Some {r.randint(2, 90)},{r.randint(100, 999)} students from {b.x.name} are enrolled at universities in {b.p.name}, official figures show.",
    lambda b, r: f"Inflation in {b.x.name} stood at {r.randint(3, 14)}.{r.randint(0, 9)} percent in the latest reading, the statistics office said.",
    lambda b, r: f"The national currency has {_pick(r, ['weakened', 'firmed', 'held steady'])} against the dollar since {_pick(r, MONTHS)}, trading at around {r.randint(10, 550)} per dollar.",
    lambda b, r: f"{b.p.adjective} lenders have financed {r.randint(3, 40)} projects in {b.x.name}, from roads in {b.city()} to power lines in the south.",
    lambda b, r: f"Electricity demand in {b.x.name} is growing by about {r.randint(2, 9)} percent a year, and summer blackouts have become common in {b.city()}.",
    lambda b, r: f"A {r.randint(2, 12)}-lane highway bypassing {b.city()} is {r.randint(10, 90)} percent complete, the transport ministry said.",
    lambda b, r: f"The {_pick(r, _SECTORS)} industry employs some {r.randint(20, 600)},000 people in {b.x.name}, most of them outside the capital.",
    lambda b, r: f"Freight volumes on the route through {b.city()} jumped to {r.randint(1, 9)}.{r.randint(0, 9)} million tonnes last year, operators say.",
    lambda b, r: f"{b.person()}, a trader in {b.city()}, said prices for {_pick(r, _TONNES)} had {_pick(r, ['doubled', 'fallen by a third', 'barely moved'])} in a year.",
    lambda b, r: f"Tourist arrivals from {b.p.name} reached about {r.randint(10, 900)},000 last year, the tourism committee estimates.",
    lambda b, r: f"The {b.x.adjective} parliament is expected to vote on a new {_pick(r, ['investment', 'subsoil', 'tax', 'customs', 'energy'])} code before the end of the session.",
    lambda b, r: f"Water shortages cost farmers in the {_pick(r, ['north', 'south', 'east', 'west'])} of {b.x.name} an estimated ${r.randint(20, 700)} million last season.",
    lambda b, r: f"{world.invented_firm(r)} and {world.invented_firm(r)} are competing for a licence to develop a {_pick(r, ['copper', 'lithium', 'tungsten', 'gold', 'rare earth'])} deposit near {b.city()}.",
    lambda b, r: f"According to the {b.body()}, {b.p.adjective} firms account for {r.randint(5, 45)} percent of foreign direct investment in {b.x.name}.",
    lambda b, r: f"Flights between {b.city()} and {b.p.capital or b.p.name} now run {r.randint(3, 40)} times a week.",
    lambda b, r: f"The state budget for next year assumes oil at ${r.randint(55, 90)} a barrel and growth of {r.randint(3, 7)} percent.",
    lambda b, r: f"Critics say the new rules favour large {b.p.adjective} contractors over local firms, a charge officials in {b.city()} reject.",
]


def trap_sentence(rng: random.Random, ca: str, partner: str | None, on: date) -> str:
    """Sentences that name actors and trigger words but report no event:
    hypotheticals, denials, postponements, briefings, habitual meetings."""
    x = world.country(ca)
    p_code = partner if partner and partner not in world.BLOCS else rng.choice(["CN", "RU", "TR", "JP", "US", "IN"])
    p = partner_leader(p_code, on, rng)
    city = rng.choice(x.cities) if x.cities else x.capital
    topic = _pick(rng, TOPICS)
    options = [
        f"{p} could travel to {x.name} later, people familiar with the planning said, although no dates have been set.",
        f"{x.adjective} officials denied reports that {ca_leader(ca, on, rng)} would attend a summit abroad.",
        f"A planned visit by {p} to {city} was postponed, officials said, without giving a reason.",
        f"Asked at a press briefing about the {topic} talks, a {x.adjective} foreign ministry spokesperson declined to comment.",
        f"{ca_leader(ca, on, rng)} has met {p} several times over the past decade.",
        f"It is possible that the two sides might meet again before the end of the year, diplomats said.",
    ]
    return _pick(rng, options)
