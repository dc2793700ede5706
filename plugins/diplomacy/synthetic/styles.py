"""Articles in varied news styles, as drafts (paragraphs of sentences that
remember which event or relationship they state), the firehose's off-topic
articles, and the damage scrapers and aggregators do to copies."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from datetime import date

from diplomacy.synthetic import world
from diplomacy.synthetic.render import (
    Background, EventMention, RelationshipMention, event_sentence, relationship_sentence, trap_sentence,
    five_leaders, format_name,
)
from diplomacy.synthetic.truth import TOPICS, Event, Relationship
from diplomacy.synthetic.world import CA, MONTHS, MONTHS_SHORT, WEEKDAYS


@dataclass
class Sent:
    text: str
    event: EventMention | None = None
    rel: RelationshipMention | None = None


@dataclass
class Draft:
    """An article before it is flattened to text."""
    headline: str
    top: list[str]                  # byline, time stamp, furniture
    paras: list[list[Sent]]
    bottom: list[str]
    lead_prefix: str = ""           # dateline before the first sentence
    pub_in_text: bool = False       # the text itself carries the full publication date
    style: str = ""
    language: str = "en"
    on_topic: bool = True


@dataclass
class Rendered:
    text: str
    events: list[EventMention] = field(default_factory=list)
    rels: list[RelationshipMention] = field(default_factory=list)


def _pick(rng, options):
    return options[rng.randrange(len(options))]


OUTLETS = ["Caspian Ledger", "Northgate Wire", "Eastwind Agency", "The Continental Post", "Silk Route Monitor",
           "Harbor Dispatch", "Meridian Daily", "Tien Shan Herald", "Steppe Courier", "Global Desk News",
           "The Morning Register", "Orbis Press Agency", "Crossroads Review", "Lakeside Times", "Capital Observer",
           "The Evening Chronicle", "Frontier Newswire", "Atlas Business Daily", "Riverbend Gazette", "Polar Star News"]
AGGREGATORS = ["NewsHub Aggregator", "WorldFeed Portal", "InfoStream", "Daily Digest Online", "QuickNews Hub"]


# --- flattening ---------------------------------------------------------------

def render(draft: Draft, *, apostrophes: bool = True, run_together: float = 0.0, rng: random.Random | None = None,
           cut_at: float | None = None) -> Rendered:
    """Text of a draft. cut_at in (0, 1) truncates it mid-sentence at that share of the
    body; a cut sentence and everything after it state nothing."""
    out = Rendered("")
    lines: list[str] = [draft.headline, ""] if draft.headline else []
    for line in draft.top:
        lines += [line, ""]
    total = sum(len(s.text) + 1 for para in draft.paras for s in para)
    budget = int(total * cut_at) if cut_at else None
    used = 0
    truncated = False
    for n, para in enumerate(draft.paras):
        pieces: list[str] = []
        for s in para:
            text = s.text if apostrophes else _drop_apostrophes(s.text)
            if budget is not None and used + len(text) > budget:
                keep = max(12, budget - used)
                cut = text[:keep].rsplit(" ", 1)[0]
                pieces.append(cut)
                truncated = True
                break
            used += len(text) + 1
            pieces.append(text)
            if s.event:
                out.events.append(s.event)
            if s.rel:
                out.rels.append(s.rel)
        joined = ""
        for i, piece in enumerate(pieces):
            glue = "" if i == 0 else ("" if rng and rng.random() < run_together and joined.endswith(".") else " ")
            joined += glue + piece
        if n == 0 and draft.lead_prefix:
            joined = draft.lead_prefix + joined
        lines += [joined, ""]
        if truncated:
            break
    if not truncated:
        for line in draft.bottom:
            lines += [line, ""]
    out.text = "\n".join(lines).strip() + "\n"
    return out


_OPENING_QUOTE = re.compile(r'(^|(?<=\s))"')


def typographic_quotes(text: str) -> str:
    """Straight double quotes to curly ones, as a publishing system would."""
    return _OPENING_QUOTE.sub("“", text).replace('"', "”")


def _drop_apostrophes(text: str) -> str:
    return text.replace("'s ", "s ").replace("’s ", "s ").replace("n't", "nt").replace("n’t", "nt")


# --- on-topic originals ---------------------------------------------------------

def _reporters(rng) -> str:
    a, b = world.invented_person(rng), world.invented_person(rng)
    return _pick(rng, [f"By {a}", f"By {a} and {b}"])


def _timestamp(pub: date, rng) -> str:
    hh, mm = rng.randint(6, 22), rng.randint(0, 59)
    return _pick(rng, [f"{MONTHS[pub.month - 1]} {pub.day}, {pub.year} {hh}:{mm:02d} UTC",
                       f"Published: {pub.day} {MONTHS[pub.month - 1]} {pub.year}, {hh}:{mm:02d}",
                       f"Updated {MONTHS_SHORT[pub.month - 1]} {pub.day}, {pub.year} at {hh}:{mm:02d}",
                       f"{pub.day:02d}.{pub.month:02d}.{pub.year} {hh}:{mm:02d}"])


def _headline(event: Event, pub: date, rng) -> str:
    x = world.country(event.participants[0]).name
    p = world.country(event.partner).name.removeprefix("the ") if event.partner else \
        world.country(event.participants[-1]).name
    past = event.last_day < pub
    kind = {"summit": "summit", "state_visit": "visit", "bilateral_meeting": "talks",
            "ministerial_meeting": "ministers' talks", "business_forum": "business forum",
            "other": "phone call", "agreement_or_joint_statement": "deals"}[event.event_type]
    topic = event.topic or _pick(rng, TOPICS)
    if past:
        return _pick(rng, [f"{x}, {p} put {topic} at centre of {kind}", f"{kind.capitalize()} wraps up with focus on {topic}",
                           f"{p} and {x} pledge closer ties on {topic}"])
    return _pick(rng, [f"{x} prepares for {kind} with {p}", f"Preview: {p} and {x} to put {topic} on the table",
                       f"What to expect from the {kind} between {p} and {x}"])


def _fill(bg: Background, n: int) -> list[Sent]:
    """n background sentences (one Background per article: no template repeats)."""
    return [Sent(bg.next()) for _ in range(n)]


def _paragraphs(rng, sents: list[Sent], first: int = 2) -> list[list[Sent]]:
    paras, i = [], 0
    while i < len(sents):
        size = rng.choice([1, 2, 2, 3]) if paras else first
        paras.append(sents[i:i + size])
        i += size
    return paras


def _rel_sents(rng, rels: list[Relationship], apostrophe: str, k: int, about: tuple = ()) -> list[Sent]:
    """k standing ties, preferably of the states or partners the article is about."""
    near = [r for r in rels if r.ca in about or r.partner in about] or rels
    chosen = rng.sample(near, min(k, len(near))) if k and near else []
    return [Sent(m.sentence, rel=m) for m in (relationship_sentence(r, rng, apostrophe) for r in chosen)]


def _event_sents(rng, events: list[Event], pub: date, allow_relative: bool, precision: str | None = None) -> list[Sent]:
    found = []
    for e in events:
        m = event_sentence(e, pub, rng, precision, allow_relative)
        found.append(Sent(m.sentence, event=m))
    return found


def wire_story(rng, main: list[Event], passing: list[Event], rels: list[Relationship], pub: date,
               outlet: str, apostrophe: str, dated_text: bool, relative: bool = True) -> Draft:
    event = main[0]
    ca, partner = event.participants[0], event.partner
    bg = Background(rng, ca, partner, apostrophe)
    lead = _event_sents(rng, [event], pub, relative)
    lead += _fill(bg, 1)
    body = _event_sents(rng, main[1:], pub, relative) + _fill(bg, rng.randint(1, 2))
    body += _event_sents(rng, passing, pub, relative)
    body += _rel_sents(rng, rels, apostrophe, rng.choice([0, 1, 1, 2]), (ca, partner))
    if rng.random() < 0.35:
        body.append(Sent(trap_sentence(rng, ca, partner, pub)))
    body += _fill(bg, rng.randint(16, 26))
    rng.shuffle(body)
    city = (event.city if event.city and rng.random() < 0.6 else world.country(ca).capital or "Astana").upper()
    prefix = f"{city}, {MONTHS[pub.month - 1]} {pub.day} ({outlet}) - "
    top = [_reporters(rng)] + ([_timestamp(pub, rng)] if dated_text else [])
    bottom = [f"(Reporting by {world.invented_person(rng)}; Editing by {world.invented_person(rng)})"]
    return Draft(_headline(event, pub, rng), top, [lead] + _paragraphs(rng, body, 1), bottom, prefix,
                 pub_in_text=dated_text, style="wire")


def press_release(rng, main: list[Event], passing: list[Event], rels: list[Relationship], pub: date,
                  outlet: str, apostrophe: str, dated_text: bool, relative: bool = True) -> Draft:
    event = main[0]
    ca, partner = event.participants[0], event.partner
    bg = Background(rng, ca, partner, apostrophe)
    sents = _event_sents(rng, main, pub, relative)
    sents += _fill(bg, rng.randint(2, 4))
    sents += _rel_sents(rng, rels, apostrophe, rng.choice([0, 1, 2]), (ca, partner))
    sents += _event_sents(rng, passing, pub, relative)
    sents += _fill(bg, rng.randint(16, 26))
    top = [_timestamp(pub, rng)] if dated_text else []
    office = _pick(rng, ["Press service of the President", "Ministry of Foreign Affairs", "Government press office"])
    bottom = [f"{office} of {world.country(ca).name}"]
    return Draft(_headline(event, pub, rng), top, _paragraphs(rng, sents, 1), bottom, pub_in_text=dated_text,
                 style="press_release")


def analysis(rng, main: list[Event], passing: list[Event], rels: list[Relationship], pub: date,
             outlet: str, apostrophe: str, dated_text: bool, relative: bool = True) -> Draft:
    events = main + passing
    ca = events[0].participants[0]
    partner = events[0].partner
    bg = Background(rng, ca, partner, apostrophe)
    sents = _fill(bg, rng.randint(2, 3))
    sents += _event_sents(rng, events, pub, relative)
    sents += _rel_sents(rng, rels, apostrophe, rng.randint(1, 3), (ca, partner))
    if rng.random() < 0.5:
        sents.append(Sent(trap_sentence(rng, ca, partner, pub)))
    sents += _fill(bg, rng.randint(16, 26))
    head = sents[:2]
    rest = sents[2:]
    rng.shuffle(rest)
    top = [f"By {world.invented_person(rng)}"]
    if dated_text:
        top.append(f"{MONTHS_SHORT[pub.month - 1]} {pub.day}, {pub.year}")
    topic = _pick(rng, TOPICS)
    headline = _pick(rng, [f"Analysis: {topic.capitalize()} takes centre stage in a crowded diplomatic calendar",
                           f"Why {world.country(ca).name} is courting everyone at once",
                           f"The new geometry of {topic}: a year of busy diplomacy"])
    return Draft(headline, top, [head] + _paragraphs(rng, rest, 2), [], pub_in_text=dated_text, style="analysis")


def newsletter(rng, main: list[Event], passing: list[Event], rels: list[Relationship], pub: date,
               outlet: str, apostrophe: str, dated_text: bool, relative: bool = True) -> Draft:
    events = main + passing
    paras: list[list[Sent]] = [[Sent(f"Welcome to this week's regional briefing from {outlet}.")]]
    for e in events:
        item = _event_sents(rng, [e], pub, relative)
        item += _fill(Background(rng, e.participants[0], e.partner, apostrophe), rng.randint(1, 3))
        paras.append(item)
    extra = _rel_sents(rng, rels, apostrophe, rng.choice([0, 1])) + \
        _fill(Background(rng, events[0].participants[0], None, apostrophe), rng.randint(5, 9))
    paras += _paragraphs(rng, extra, 2)
    top = [f"Published {pub.day} {MONTHS[pub.month - 1]} {pub.year}"] if dated_text else []
    bottom = ["You are receiving this newsletter because you subscribed to regional updates."]
    return Draft(f"The week in regional diplomacy: {_pick(rng, TOPICS)} and more", top, paras, bottom,
                 pub_in_text=dated_text, style="newsletter")


def listicle(rng, main: list[Event], passing: list[Event], rels: list[Relationship], pub: date,
             outlet: str, apostrophe: str, dated_text: bool, relative: bool = True) -> Draft:
    event = main[0]
    ca, partner = event.participants[0], event.partner
    bg = Background(rng, ca, partner, apostrophe)
    items = _event_sents(rng, main + passing, pub, relative) + _rel_sents(rng, rels, apostrophe, rng.randint(1, 2), (ca, partner))
    items += _fill(bg, max(2, 5 - len(items)))
    paras = []
    for n, item in enumerate(items[:8], start=1):
        paras.append([Sent(f"{n}. {_pick(rng, ['Why it matters', 'The backdrop', 'The context', 'Worth knowing', 'The numbers'])}:"), item]
                     + _fill(bg, rng.randint(1, 2)))
    top = [f"By {world.invented_person(rng)}"] + ([_timestamp(pub, rng)] if dated_text else [])
    headline = f"{len(paras)} things to know about the {format_name(partner, rng) if partner else 'regional'} agenda"
    return Draft(headline, top, paras, [], pub_in_text=dated_text, style="listicle")


STYLES = {"wire": (wire_story, 0.4), "press_release": (press_release, 0.2), "analysis": (analysis, 0.15),
          "newsletter": (newsletter, 0.1), "listicle": (listicle, 0.15)}


def mention_only(rng, pub: date, rels: list[Relationship], apostrophe: str, dated_text: bool) -> Draft:
    """Names Central Asian states and partners, states no event: economy pages, traps."""
    ca = rng.choice(CA)
    partner = rng.choice(["CN", "RU", "TR", "KR", "DE", "US", "JP", "IN"])
    bg = Background(rng, ca, partner, apostrophe)
    sents = _fill(bg, rng.randint(22, 32))
    sents.insert(rng.randrange(len(sents)), Sent(trap_sentence(rng, ca, partner, pub)))
    sents += _rel_sents(rng, rels, apostrophe, rng.choice([0, 0, 1]), (ca, partner))
    top = [f"By {world.invented_person(rng)}"] + ([_timestamp(pub, rng)] if dated_text else [])
    return Draft(f"{world.country(ca).name}: {_pick(rng, ['markets', 'economy', 'energy', 'outlook'])} update",
                 top, _paragraphs(rng, sents, 2), [], pub_in_text=dated_text, style="mention_only")


# --- the firehose: off-topic articles -----------------------------------------

_WORLD_CODES = ["FR", "DE", "JP", "IT", "GB", "KR", "IN", "BR", "CA", "MX", "ES", "PL", "NL", "SE", "AR", "NG", "ZA", "EG",
                "AU", "ID", "VN", "TH", "PH", "CL", "PE", "KE", "MA", "NO", "FI", "PT"]
_WORLD_NAMES = {"BR": "Brazil", "CA": "Canada", "MX": "Mexico", "ES": "Spain", "PL": "Poland", "NL": "the Netherlands",
                "SE": "Sweden", "AR": "Argentina", "NG": "Nigeria", "ZA": "South Africa", "EG": "Egypt",
                "AU": "Australia", "ID": "Indonesia", "VN": "Vietnam", "TH": "Thailand", "PH": "the Philippines",
                "CL": "Chile", "PE": "Peru", "KE": "Kenya", "MA": "Morocco", "NO": "Norway", "FI": "Finland",
                "PT": "Portugal"}


def _nation(rng) -> str:
    code = rng.choice(_WORLD_CODES)
    if code in _WORLD_NAMES:
        return _WORLD_NAMES[code]
    return world.country(code).name


class _Cast:
    """The people, firms and places one off-topic article keeps coming back to."""

    def __init__(self, rng):
        self.rng = rng
        self._focal = {"firm": world.invented_firm(rng), "team": world.invented_team(rng),
                       "town": world.invented_town(rng), "person": world.invented_person(rng)}
        self._makers = {"firm": world.invented_firm, "team": world.invented_team,
                        "town": world.invented_town, "person": world.invented_person}

    def __getattr__(self, kind: str) -> str:
        if kind.startswith("_"):
            raise AttributeError(kind)
        return self._focal[kind] if self.rng.random() < 0.6 else self._makers[kind](self.rng)


def _pct(rng) -> str:
    return f"{rng.randint(0, 14)}.{rng.randint(0, 9)} percent"


_GROUP = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


def expand(rng, template: str, **slots) -> str:
    """"[a|b|c]" picks one alternative; "{name}" takes a slot."""
    text = _GROUP.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return text.format(**slots) if slots else text


def _num(rng, low: int, high: int) -> str:
    return str(rng.randint(low, high))


_TOPIC_TEMPLATES = {
    "sports": [
        "{a} [beat|edged past|thrashed|overcame] {b} {g1}-{g2} [on {wd}|at home|away from home|in front of a full stadium] to [climb to|move up to|stay in] {pos} [in the table|in the standings|place].",
        "{p} scored [twice|a late winner|from the penalty spot|with a header] [in the first half|after the break|in stoppage time] as {a} [came from behind against|held off|frustrated] {b}.",
        "[The coach of {a}, {p2},|{a} manager {p2}] said the squad [was still missing|would be without|had lost] {n} [injured players|regulars|first-team players] [for the trip|before the derby|this month].",
        "Tickets for the [final|semi-final|derby|season opener] at the {arena} Arena [sold out within|were gone in|went in] {n2} minutes, [the club said|organisers said|according to the league].",
        "{p}, {age}, has now [run|completed|won] {n} [marathons|races|titles] and [holds the course record in|is a favourite in|trains in] {town}.",
        "[Attendance at league matches|Television audiences for the league|Season-ticket sales] [rose|fell|climbed] {pct} this season, [the organisers said|league data show|the federation said].",
        "{b} [confirmed the signing of|completed a deal for|agreed terms with] [midfielder|striker|goalkeeper|defender] {p} on a {y}-year contract.",
        "[Rain|Lightning|A power cut|Strong wind] [delayed the start of|interrupted|forced the suspension of] the {town} [Open|Classic|Cup] [by {h} hours|for most of the afternoon|until the next morning].",
        "[Fans of {a}|Supporters in {town}] [protested|marched|gathered] [outside the stadium|before kick-off|after the match] over [ticket prices|the owner's plans|the coach's future].",
        "The [referee|video assistant|linesman] [disallowed|ruled out|overturned] a [goal|penalty|red card] [in the {m}th minute|late on|just before half-time], [angering|to the relief of] [the home crowd|{a}|{b}].",
        "[{a}|{b}] [have not lost|have won|have drawn] [in|{n} of their last|each of their last] {n3} [games|matches|outings] [at home|on the road|in all competitions].",
        "[Youth teams|Junior clubs|School teams] from {town} [will compete|are taking part|have entered] in a [regional|national|junior] [tournament|league|cup] [next month|this summer|from {wd}].",
    ],
    "markets": [
        "Shares of {f} [rose|fell|jumped|slipped|climbed|slid] {pct} [after the company|when the group|as the firm] [raised|cut|kept|reaffirmed] its [full-year|annual|quarterly] [guidance|outlook|forecast].",
        "The [benchmark|main|broad] index [closed|ended|finished] [up|down|flat] {pct2}, with [banks|miners|utilities|retailers|chipmakers|insurers] [leading the move|doing most of the work|lagging].",
        "{f} [reported|posted|announced] [quarterly|half-year|annual] [revenue|sales|turnover] of {money}, [above|below|in line with] [analyst estimates|forecasts|expectations].",
        "{f2} [agreed to buy|will acquire|made an offer for] {f} for about ${m} million [in cash|in cash and shares|including debt], [the companies said|according to a filing|people familiar with the deal said].",
        "[Bond yields|Government bond yields|Yields on ten-year debt] [edged higher|eased|held steady|jumped] as [traders|investors|markets] [weighed|digested|shrugged off] the latest [inflation|jobs|retail sales] [figures|data|numbers].",
        "[Analysts at {cap} Capital|Strategists at {cap} Partners|{cap} Securities analysts] [expect|see|forecast] [margins|earnings|volumes] to [recover|narrow|stabilise|improve] in the [second half|coming quarters|next year].",
        "The central bank of {nation} [left its main rate at|raised its main rate to|cut its key rate to] {rate} percent, [as expected|surprising some economists|citing slowing inflation].",
        "[Oil prices|Crude futures|Brent crude] [rose|fell|edged up|dropped] for a [second|third|fourth] [session|day|straight day] as [inventories|stockpiles|output] [grew|shrank|held steady].",
        "{f} said it [would cut|plans to shed|will eliminate] about {jobs} jobs [as part of a restructuring plan|to save costs|over two years].",
        "[Trading volumes|Turnover|Activity] [were thin|picked up|stayed muted] [ahead of|after|during] a [holiday|long weekend|string of earnings reports] [in {nation}|across the region|on the exchange].",
        "[The currency|The dollar|The euro] [strengthened|weakened|was little changed] against [a basket of currencies|the yen|the pound], [trading at|hovering near|touching] {fx}.",
        "[Private equity firm|Investment group|Fund manager] {cap} [raised|closed|is marketing] a ${m} million fund [focused on|aimed at|for] [infrastructure|healthcare|technology|property].",
    ],
    "weather": [
        "Temperatures in {town} are [forecast|expected|set] to [reach|climb to|drop to|hover around] {deg} degrees Celsius [on {wd}|by the weekend|overnight|later this week].",
        "Forecasters issued a [yellow|amber|red] warning for [heavy rain|strong winds|snow|fog|heat|ice] [across|in|for] the [north|south|east|west|coastal areas|hills].",
        "About {mm} millimetres of rain [fell|came down|were recorded] in {town} [overnight|in six hours|on {wd}], [flooding|closing|blocking] {n} [streets|roads|underpasses].",
        "Residents of {town} were [advised|asked|urged] to [stay indoors|avoid travel|conserve water|check on elderly neighbours|keep windows shut].",
        "The [drought|cold snap|heatwave|storm|dry spell] is [expected|likely|forecast] to [ease|break|end|intensify] by the [weekend|middle of next week|end of the month], the weather service said.",
        "[Power was cut to|Electricity went out for|Outages hit|Crews were restoring power to] some {homes} homes [near|around|outside|in] {town} [after lines came down|when a substation flooded|as trees fell on cables|following the storm].",
        "[Farmers|Growers|Orchard owners] near {town} [said|warned|reported] the [frost|hail|heat|rain] had [damaged|ruined|spared] [much of|about a third of|most of] the [harvest|crop|early fruit].",
        "[Schools|Several schools|Kindergartens] in {town} [will stay closed|closed early|switched to remote lessons] [on {wd}|for two days|until the roads are cleared].",
        "[The river|Water levels|The reservoir] [near|at|above] {town} [rose|fell|stood] {cm} centimetres [above|below] [normal|the seasonal average|the warning mark].",
        "[Snowploughs|Gritters|Road crews] [worked through the night|were out before dawn|were deployed] on [roads around|the highway to|main streets of] {town}.",
    ],
    "tech": [
        "{f} [unveiled|launched|showed off|announced] a [smartphone|laptop|chip|headset|router|smartwatch|tablet] with [longer battery life|a faster processor|an improved camera|on-device translation|a brighter screen].",
        "The [update|patch|new release] [fixes|addresses|closes] {n} [security flaws|vulnerabilities|bugs], {k} of them [rated critical|considered severe|already exploited], {f} said.",
        "Researchers at {uni} University [trained|built|tested] a [model|system|tool] on {tb} terabytes of [sensor data|satellite images|medical scans|text].",
        "{f} said its [cloud|advertising|devices|payments] [division|unit|business] [grew|shrank|expanded] {pct} from a year earlier.",
        "An outage at {f} left [users|customers|businesses] unable to [log in|pay|send messages] for about {h} hours [on {wd}|overnight|during the morning rush].",
        "The start-up, [founded|set up|launched] in {town} in {year}, [raised|secured|closed] ${m2} million in its latest [funding round|round|financing].",
        "Regulators [opened an inquiry into|are examining|fined {f} over] how {f} [handles|stores|shares] [location data|user data|payment details] from its [apps|devices|services].",
        "[Engineers|Developers|Staff] at {f} [will move to|are testing|have switched to] a [four-day week|new office in {town}|hybrid schedule] [from next month|this year|on a trial basis].",
        "[Sales of|Demand for|Shipments of] [electric scooters|smart speakers|foldable phones|home batteries] [rose|fell|doubled] {pct} [last quarter|this year|in the holiday season].",
        "{f} [is recalling|will replace|has halted sales of] {units} [chargers|devices|units] [after reports of overheating|over a battery fault|because of a software bug].",
    ],
    "local": [
        "The {town} council [approved|passed|rejected] a budget of ${m} million for the [coming year|next two years|new term].",
        "Mayor {p} said repairs to the {surname} bridge would be [finished|completed|done] [by {month}|before winter|within weeks].",
        "Police in {town} [arrested|detained|questioned] {n} people after a [series|spate|string] of [burglaries|car thefts|break-ins|shop thefts].",
        "A new [library branch|health clinic|sports hall|community centre] opened in the {surname} district, with [space|room|seats] for {cap} [readers|patients|visitors|people].",
        "[Bus|Tram|Parking] [fares|charges|fees] in {town} will [rise|fall] by {cents} cents from the first of the month.",
        "Volunteers [planted|cleared|collected] {trees} [trees|bags of litter|bulbs] along the {surname} river [on {wd}|over the weekend|this spring].",
        "{p}, a local [baker|shopkeeper|cafe owner|mechanic], said business had [doubled|halved|barely changed] since the [road|market|station] reopened.",
        "Residents [complained|protested|petitioned the council] about [noise|dust|traffic] from construction on {surname} Street.",
        "The [fire service|ambulance service|water utility] in {town} [answered|received|logged] {calls} calls [last month|over the holiday|in a single week].",
        "[Plans|Proposals|A scheme] for {homes2} new homes on the edge of {town} [were approved|were put on hold|drew objections] [at a packed meeting|after a long debate|on {wd}].",
        "[The old cinema|The market hall|The railway station] in {town} [will be restored|is up for sale|reopens] [after years of neglect|with help from donors|next spring].",
    ],
    "health": [
        "Hospital admissions for [influenza|measles|heatstroke|asthma|bronchitis] [rose|fell|jumped] {pct} [last week|this month|in the past fortnight].",
        "A study of {people} adults found that [walking|sleep|diet|screen time|loneliness] was linked to [heart health|mood|memory|blood pressure].",
        "The health ministry of {nation} [recommended|approved|extended] [booster shots|screening|free check-ups] for people over {age}.",
        "Doctors at {surname} General Hospital [performed|carried out|completed] {n} [transplants|hip replacements|heart operations] this year.",
        "Waiting times for [routine surgery|specialist appointments|scans] [fell|rose] to {weeks} weeks, [official data showed|the health board said|figures showed].",
        "{p}, an [epidemiologist|infectious disease specialist|public health expert], said the [season|outbreak|wave] had peaked [earlier|later] than usual.",
        "[Pharmacies|Clinics|GP surgeries] in {town} reported [shortages|a rush|long queues] for [cold medicines|antibiotics|vaccines] [this week|over the weekend].",
        "[Nurses|Junior doctors|Paramedics] in {town} [voted to strike|accepted a pay offer|rejected a pay offer] [over pay|over staffing|after months of talks].",
        "[The trial|The pilot scheme|The study] [enrolled|followed|screened] {people} [patients|volunteers|children] [over five years|across {n} hospitals|in three regions].",
    ],
    "culture": [
        "The novel by {p} has [sold|shifted] more than {k},000 copies since its [release|publication] [in {month}|last year|this spring].",
        "The {town} film festival [opens|closes|will open] with a [drama|comedy|documentary] about [a fishing village|two sisters|a touring orchestra|a night shift|an old lighthouse].",
        "{p} will play {n} [concerts|dates|shows] on a [tour|run] that [ends|finishes|wraps up] in {month}.",
        "The museum [reopened|will reopen|closed] [after|for] a ${m2} million [renovation|refit|restoration] of its [east wing|sculpture hall|roof|archive].",
        "Critics [praised|applauded|welcomed] the [staging|production|cast] but found the [second act|ending|score] [too long|uneven|rushed].",
        "An exhibition of {n2} [photographs|paintings|prints|drawings] by {p} [runs until|is on show until|closes at] the end of the season.",
        "[The theatre|The orchestra|The opera house] in {town} [announced|unveiled|presented] a season of {n} [new works|premieres|revivals].",
        "[Book sales|Ticket sales|Gallery visits] in {town} [rose|fell] {pct} [last year|this summer], [organisers said|the culture office said].",
        "{p}, [whose debut album|whose first film|whose memoir] came out in {year}, [is working on|has finished|is touring] a [new record|sequel|second book].",
    ],
}


_SLOT_MAKERS = {
    "a": lambda r, c: c.team, "b": lambda r, c: world.invented_team(r), "p": lambda r, c: c.person,
    "p2": lambda r, c: world.invented_person(r), "town": lambda r, c: c.town, "f": lambda r, c: c.firm,
    "f2": lambda r, c: world.invented_firm(r), "cap": lambda r, c: world.invented_surname(r),
    "arena": lambda r, c: world.invented_surname(r), "surname": lambda r, c: world.invented_surname(r),
    "uni": lambda r, c: world.invented_surname(r), "nation": lambda r, c: _nation(r),
    "wd": lambda r, c: r.choice(WEEKDAYS), "month": lambda r, c: r.choice(MONTHS), "pct": lambda r, c: _pct(r),
    "pct2": lambda r, c: f"{r.randint(0, 3)}.{r.randint(0, 99):02d} percent",
    "g1": lambda r, c: _num(r, 1, 5), "g2": lambda r, c: _num(r, 0, 3),
    "pos": lambda r, c: r.choice(["second", "third", "fourth", "fifth", "sixth"]),
    "n": lambda r, c: _num(r, 2, 40), "n2": lambda r, c: _num(r, 2, 300), "n3": lambda r, c: _num(r, 3, 12),
    "k": lambda r, c: _num(r, 1, 900), "m": lambda r, c: _num(r, 100, 9000), "m2": lambda r, c: _num(r, 2, 300),
    "age": lambda r, c: _num(r, 19, 75), "y": lambda r, c: _num(r, 2, 5), "h": lambda r, c: _num(r, 1, 9),
    "year": lambda r, c: _num(r, 2010, 2025),
    "money": lambda r, c: f"${r.randint(1, 90)}.{r.randint(0, 9)} billion",
    "rate": lambda r, c: f"{r.randint(1, 12)}.{r.choice(['0', '25', '5', '75'])}",
    "jobs": lambda r, c: _num(r, 100, 4000), "fx": lambda r, c: f"{r.randint(1, 160)}.{r.randint(0, 99):02d}",
    "deg": lambda r, c: _num(r, -15, 41), "mm": lambda r, c: _num(r, 2, 90),
    "homes": lambda r, c: f"{r.randint(1, 90)},{r.randint(100, 999)}", "cm": lambda r, c: _num(r, 5, 300),
    "tb": lambda r, c: _num(r, 2, 900), "units": lambda r, c: f"{r.randint(2, 900)},000",
    "cents": lambda r, c: _num(r, 5, 50), "trees": lambda r, c: _num(r, 200, 9000),
    "calls": lambda r, c: _num(r, 40, 3000), "homes2": lambda r, c: _num(r, 40, 2500),
    "people": lambda r, c: _num(r, 200, 90000), "weeks": lambda r, c: _num(r, 4, 40),
}


class _Slots(dict):
    """Slot values made on first use (and then kept for the sentence)."""

    def __init__(self, rng, cast):
        super().__init__()
        self.rng, self.cast = rng, cast

    def __missing__(self, key: str) -> str:
        value = self[key] = _SLOT_MAKERS[key](self.rng, self.cast)
        return value


def _topic_sentence(topic: str):
    templates = _TOPIC_TEMPLATES[topic]

    def write(rng, cast, on: date | None = None) -> str:
        text = _GROUP.sub(lambda m: rng.choice(m.group(1).split("|")), rng.choice(templates))
        return text.format_map(_Slots(rng, cast))
    return write


def _world_politics(rng, cast, on: date) -> str:
    a, b = _nation(rng), _nation(rng)
    code = rng.choice(["FR", "DE", "JP", "IT", "GB", "KR", "IN"])
    person = world.leader(code, on)
    leader = f"{world.country(code).adjective} {person.office} {person.name}" if person else f"the {world.country(code).adjective} prime minister"
    return expand(rng, rng.choice([
        "{a} and {b} [signed an agreement on|agreed to cooperate on|launched talks on] [fisheries|energy|visas|tariffs|research|rail links] [in their capital|on {wd}|after months of negotiations].",
        "{leader} [held talks with|spoke with|received] the [president|prime minister|foreign minister] of {a} on [trade|security|climate|migration].",
        "Parliament in {a} [passed|approved|narrowly backed] the [bill|budget|reform] by {v1} votes to {v2}.",
        "Turnout in the [regional|local|municipal] election in {b} was {t} percent, [the electoral commission said|officials said].",
        "The opposition in {a} [called for|demanded|pressed for] an inquiry into the [procurement|pension|housing|subsidy] [scheme|programme|contracts].",
        "Ministers from {a} and {b} will [meet again|reconvene|hold another round] [next month|in the autumn|before the end of the year] to discuss [fishing quotas|rail links|grain exports|water rights].",
        "{leader} told reporters the [talks|negotiations|discussions] had been [constructive|difficult|frank|productive].",
        "[Protesters|Farmers|Teachers|Lorry drivers] in {a} [blocked roads|marched|went on strike] [over fuel prices|over pay|against the reform] [on {wd}|for a second day].",
        "The [government|coalition|cabinet] of {b} [survived a confidence vote|reshuffled its ministers|announced early elections] [on {wd}|late on Tuesday|after weeks of pressure].",
    ]), a=a, b=b, leader=leader, wd=rng.choice(WEEKDAYS), v1=_num(rng, 150, 300), v2=_num(rng, 20, 149),
        t=_num(rng, 35, 80))


_TOPIC_WRITERS = {topic: _topic_sentence(topic) for topic in _TOPIC_TEMPLATES}


def off_topic(rng, pub: date, dated_text: bool) -> Draft:
    topic = rng.choice(list(_TOPIC_WRITERS) + ["world"])
    n = rng.randint(32, 60)
    cast = _Cast(rng)
    if topic == "world":
        sents = [Sent(_world_politics(rng, cast, pub)) for _ in range(n)]
    else:
        writer = _TOPIC_WRITERS[topic]
        sents = [Sent(writer(rng, cast)) for _ in range(n)]
    top = [f"By {world.invented_person(rng)}"] if rng.random() < 0.6 else []
    if dated_text:
        top.append(_timestamp(pub, rng))
    headline = f"{topic.capitalize()}: {cast.town} {rng.choice(['round-up', 'report', 'update', 'briefing notes', 'latest'])}"
    return Draft(headline, top, _paragraphs(rng, sents, 2), [], pub_in_text=dated_text, style=f"off_topic:{topic}",
                 on_topic=False)


_FOREIGN = {
    "ru": ["новости", "город", "сегодня", "власти", "погода", "рынок", "компания", "жители", "школа", "дорога",
           "проект", "неделя", "цены", "выросли", "снизились", "заявил", "мэр", "района", "театр", "матч"],
    "de": ["heute", "Stadt", "Wetter", "Markt", "Unternehmen", "Bürger", "Schule", "Straße", "Projekt", "Woche",
           "Preise", "gestiegen", "gesunken", "sagte", "Bürgermeister", "Bezirk", "Theater", "Spiel", "neue", "wieder"],
    "es": ["hoy", "ciudad", "tiempo", "mercado", "empresa", "vecinos", "escuela", "calle", "proyecto", "semana",
           "precios", "subieron", "bajaron", "dijo", "alcalde", "barrio", "teatro", "partido", "nueva", "otra"],
    "tr": ["bugün", "şehir", "hava", "piyasa", "şirket", "halk", "okul", "cadde", "proje", "hafta",
           "fiyatlar", "arttı", "düştü", "dedi", "belediye", "ilçe", "tiyatro", "maç", "yeni", "yine"],
}


def foreign_language(rng, pub: date) -> tuple[Draft, str]:
    language = rng.choice(sorted(_FOREIGN))
    words = _FOREIGN[language]
    sents = []
    for _ in range(rng.randint(12, 24)):
        n = rng.randint(6, 14)
        sentence = " ".join(rng.choice(words) for _ in range(n))
        sents.append(Sent(sentence[0].upper() + sentence[1:] + f" {rng.randint(2, 999)}."))
    draft = Draft(" ".join(rng.choice(words) for _ in range(4)).capitalize(), [], _paragraphs(rng, sents, 2), [],
                  style="foreign", on_topic=False, language=language)
    return draft, language


# --- what copies go through ------------------------------------------------------

FURNITURE = {
    "ru": [["Главная / Новости / Политика", "Поделиться: ВКонтакте | Telegram | WhatsApp"],
           ["Читайте также:", "Курс валют на сегодня", "Подписывайтесь на наш канал", "© Все права защищены."]],
    "zh": [["首页 > 新闻 > 国际", "分享到：微信 | 微博"], ["相关阅读", "责任编辑：王", "版权所有 未经授权禁止转载"]],
    "ar": [["الرئيسية | أخبار | سياسة", "شارك: فيسبوك | تويتر"], ["اقرأ أيضا", "جميع الحقوق محفوظة"]],
    "tr": [["Ana Sayfa | Dünya | Politika", "Paylaş: Facebook | X | WhatsApp"], ["İlginizi çekebilir", "Tüm hakları saklıdır."]],
    "kk": [["Басты бет / Жаңалықтар / Саясат", "Бөлісу: Facebook | Telegram"], ["Тағы оқыңыз:", "Барлық құқықтар қорғалған."]],
}


def scraped(draft: Draft, rng, pub: date, stamp: bool) -> Draft:
    """A scraped copy: other-language site furniture above and below the story, and
    sometimes the portal's numeric time stamp."""
    language = rng.choice(sorted(FURNITURE))
    head, foot = FURNITURE[language]
    top = list(head[:rng.randint(1, len(head))])
    if stamp:
        top.append(f"{pub.day:02d}.{pub.month:02d}.{pub.year} {rng.randint(6, 23)}:{rng.randint(0, 59):02d} | {rng.randint(100, 9999)}")
    top += draft.top[:1] if rng.random() < 0.3 else []
    bottom = list(foot[:rng.randint(1, len(foot))])
    return replace(draft, top=top, bottom=bottom, lead_prefix="" if rng.random() < 0.5 else draft.lead_prefix,
                   pub_in_text=stamp)


def _misread(char: str) -> str:
    out = []
    for byte in char.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined pass through as latin-1
            out.append(chr(byte))
    return "".join(out)


def mojibake(text: str) -> str:
    """Typographic quotes decoded with the wrong code page ("â€™"), as scrapers do."""
    for good in ("’", "“", "”", "–"):
        if good in text:
            text = text.replace(good, _misread(good))
    return text


def noise(text: str, rng) -> str:
    """Whitespace and entity damage: non-breaking spaces, doubled spaces, a stray &amp;."""
    if rng.random() < 0.5:
        text = text.replace(" the ", " the\u00a0", rng.randint(1, 5))
    if rng.random() < 0.5:
        text = text.replace(". ", ".  ", rng.randint(1, 5))
    if rng.random() < 0.3:
        text = text.replace(" and ", " &amp; ", 1)
    return text
