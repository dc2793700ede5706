"""The ground truth: real-world events and standing relationships of the synthetic
world. Articles are written *from* these rows, so gold labels exist at any size."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from diplomacy.synthetic import world
from diplomacy.synthetic.world import CA, MEMBER_BLOCS, BLOC_MEMBERS

# Events happen in this window: every Central Asian head of state in the reference
# data is in office throughout it, and readouts are published before "today".
EVENT_WINDOW = (date(2022, 6, 1), date(2026, 9, 30))

TOPICS = ["energy", "transport", "critical minerals", "water management", "education", "digital cooperation",
          "agriculture", "customs", "healthcare", "tourism", "logistics", "renewable energy", "investment",
          "culture", "science and technology", "climate", "finance", "trade", "industrial cooperation",
          "migration", "food security", "railway connectivity", "the green economy", "aviation"]


@dataclass
class Event:
    id: str
    event_type: str
    partner: str | None
    host: str | None
    city: str | None
    participants: tuple[str, ...]
    start: date
    end: date | None          # None: a one-day event
    level: str
    ordinal: int | None = None
    direction: str | None = None  # state visits: "in" (partner to Central Asia) or "out"
    venue: str | None = None      # a third-party venue ("the UN General Assembly")
    topic: str = ""
    parent: str | None = None     # an agreement signed at another event
    children: list[str] = field(default_factory=list)

    @property
    def last_day(self) -> date:
        return self.end or self.start


@dataclass(frozen=True)
class Relationship:
    ca: str                 # a Central Asian state or ALL
    partner: str
    relation: str
    since: int | None
    value: str | None

    @property
    def key(self) -> str:
        return f"{self.ca}-{self.partner}-{self.relation}"


def _weighted(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def _city_of(rng: random.Random, code: str) -> str | None:
    c = world.country(code)
    if c.capital and c.capital in c.cities and rng.random() < 0.7:
        return c.capital
    return rng.choice(c.cities) if c.cities else c.capital


class EventFactory:
    """New events, one at a time, from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0
        self.span = (EVENT_WINDOW[1] - EVENT_WINDOW[0]).days

    def _id(self, kind: str) -> str:
        self.count += 1
        return f"ev{self.count:07d}-{kind}"

    def new(self) -> list[Event]:
        """A new event, and the agreement signed at it when there is one."""
        rng = self.rng
        start = EVENT_WINDOW[0] + timedelta(days=rng.randrange(self.span))
        partner = _weighted(rng, world.PARTNER_WEIGHTS)
        if partner is None:
            event = self._among_central_asia(start)
        elif partner in MEMBER_BLOCS:
            event = self._bloc_summit(partner, start)
        elif partner in ("EU", "GCC"):
            event = self._region_format(partner, start)
        else:
            event = self._with_country(partner, start)
        events = [event]
        if event.event_type in ("state_visit", "bilateral_meeting", "summit", "ministerial_meeting") \
                and rng.random() < 0.35:
            events.append(self._agreement(event))
        return events

    def _days(self, start: date, longest: int) -> date | None:
        n = self.rng.choices(range(1, longest + 1), weights=[3, 2, 1][:longest])[0]
        return start + timedelta(days=n - 1) if n > 1 else None

    def _among_central_asia(self, start: date) -> Event:
        rng = self.rng
        kind = _weighted(rng, {"summit": 0.2, "bilateral_meeting": 0.35, "state_visit": 0.25, "ministerial_meeting": 0.2})
        if kind == "summit":
            host = rng.choice(CA)
            return Event(self._id("summit"), "summit", None, host, _city_of(rng, host), CA, start,
                         self._days(start, 2), "leaders", ordinal=rng.randint(1, 7))
        a, b = rng.sample(CA, 2)
        host = b
        level = "ministers" if kind == "ministerial_meeting" else "leaders"
        return Event(self._id(kind[:5]), kind, None, host, _city_of(rng, host), tuple(sorted((a, b))), start,
                     self._days(start, 3) if kind == "state_visit" else None, level,
                     direction=a, topic=rng.choice(TOPICS))

    def _bloc_summit(self, bloc: str, start: date) -> Event:
        rng = self.rng
        members = BLOC_MEMBERS[bloc]
        host = rng.choice(members)
        others = [m for m in members if m != host]
        attending = {host, *rng.sample(others, rng.randint(1, len(others)))}
        return Event(self._id("bloc"), "summit", bloc, host, _city_of(rng, host), tuple(sorted(attending)),
                     start, self._days(start, 2), "leaders", ordinal=None)

    def _region_format(self, partner: str, start: date) -> Event:
        rng = self.rng
        kind = "summit" if rng.random() < 0.6 else "ministerial_meeting"
        if partner == "EU" and rng.random() < 0.4:
            host, city = "EU", "Brussels"
        else:
            host = rng.choice(CA)
            city = _city_of(rng, host)
        return Event(self._id("fmt"), kind, partner, host, city, CA, start, self._days(start, 2),
                     "leaders" if kind == "summit" else "ministers",
                     ordinal=rng.randint(1, 5) if kind == "summit" else None, topic=rng.choice(TOPICS))

    def _with_country(self, partner: str, start: date) -> Event:
        rng = self.rng
        kind = _weighted(rng, {"summit": 0.12, "state_visit": 0.32, "bilateral_meeting": 0.2,
                               "ministerial_meeting": 0.16, "business_forum": 0.12, "other": 0.08})
        ca = rng.choice(CA)
        topic = rng.choice(TOPICS)
        if kind == "summit":
            if rng.random() < 0.5:
                host, city = partner, _city_of(rng, partner)
            else:
                host = rng.choice(CA)
                city = _city_of(rng, host)
            return Event(self._id("summit"), "summit", partner, host, city, CA, start, self._days(start, 2),
                         "leaders", ordinal=rng.randint(1, 5), topic=topic)
        if kind == "state_visit":
            direction = rng.choice(["in", "out"])
            host = ca if direction == "in" else partner
            return Event(self._id("visit"), "state_visit", partner, host, _city_of(rng, host), (ca,), start,
                         self._days(start, 3), "leaders", direction=direction, topic=topic)
        if kind == "bilateral_meeting":
            roll = rng.random()
            if roll < 0.2:  # on the sidelines of someone else's gathering
                venue, host, city = rng.choice([("the UN General Assembly", None, "New York"),
                                                ("an international forum", None, "Geneva"),
                                                ("a regional conference", None, "Baku")])
            else:
                venue = None
                host = ca if roll < 0.6 else partner
                city = _city_of(rng, host)
            return Event(self._id("talks"), "bilateral_meeting", partner, host, city, (ca,), start, None,
                         "leaders", venue=venue, topic=topic)
        if kind == "ministerial_meeting":
            host = ca if rng.random() < 0.5 else partner
            return Event(self._id("minis"), "ministerial_meeting", partner, host, _city_of(rng, host), (ca,),
                         start, None, "ministers", topic=topic)
        if kind == "business_forum":
            host = ca if rng.random() < 0.6 else partner
            return Event(self._id("forum"), "business_forum", partner, host, _city_of(rng, host), (ca,), start,
                         self._days(start, 2), "unknown", topic=topic)
        return Event(self._id("call"), "other", partner, None, None, (ca,), start, None, "leaders", topic=topic)

    def _agreement(self, parent: Event) -> Event:
        level = "ministers" if parent.event_type == "ministerial_meeting" else "leaders"
        event = Event(self._id("signs"), "agreement_or_joint_statement", parent.partner, parent.host, parent.city,
                      parent.participants, parent.last_day, None, level, venue=parent.venue,
                      topic=self.rng.choice(TOPICS), parent=parent.id, direction=parent.direction)
        parent.children.append(event.id)
        return event


def relationships(rng: random.Random) -> list[Relationship]:
    """The standing ties of the synthetic world (fixed per seed)."""
    ties: list[Relationship] = []
    for ca in CA:
        first, second = rng.sample(["CN", "RU"], 2)
        ties.append(Relationship(ca, first, "largest_trading_partner", None, None))
        ties.append(Relationship(ca, second, "second_largest_trading_partner", None, None))
        pool = ["CN", "RU", "TR", "KR", "JP", "IN", "DE", "FR", "AE", "PK", "AZ", "HU", "US", "SA", "QA"]
        for partner in sorted(rng.sample(pool, rng.randint(3, 6))):
            kind = rng.choice(["strategic partnership", "comprehensive strategic partnership",
                               "enhanced strategic partnership", "expanded strategic partnership"])
            ties.append(Relationship(ca, partner, "strategic_partnership", rng.randint(2005, 2023), kind))
    for partner, since in (("US", 2015), ("JP", 2004), ("KR", 2007), ("CN", 2020), ("EU", 2019), ("IN", 2019),
                           ("DE", 2023), ("GCC", 2023), ("RU", 2022)):
        ties.append(Relationship("ALL", partner, "dialogue_framework", since, None))
    return ties
