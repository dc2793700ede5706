"""The synthetic firehose as a deterministic stream of landing records, and the
gold that follows from it.

Record i depends only on the seed and the records before it, so the first N
records of a longer stream are exactly the corpus of size N: a benchmark can land
N, then the next 1,000 as an increment, and both have gold."""
from __future__ import annotations

import heapq
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from diplomacy.synthetic import styles, world
from diplomacy.synthetic.render import EventMention, RelationshipMention
from diplomacy.synthetic.truth import Event, EventFactory, Relationship, relationships

GENERATOR_VERSION = "1.0"
# Nothing is published after this day (the landing gate refuses future publication dates).
LATEST_PUBLICATION = date(2026, 10, 31)
EARLIEST_PUBLICATION = date(2022, 5, 1)


@dataclass
class Settings:
    seed: int = 7
    off_topic: float = 0.9        # share of the firehose that never mentions Central Asia
    mention_only: float = 0.15    # of on-topic originals: Central Asia named, no event stated
    foreign: float = 0.03         # of off-topic articles: not in English
    bad: float = 0.002            # records landing must reject (broken JSON, empty text, ...)
    copies: float = 0.45          # of event stories: how many get copies (1-3)
    txt_share: float = 0.0        # records written as single .txt files instead of JSON lines


@dataclass
class Record:
    index: int
    kind: str                     # original, duplicate, prefixed, scraped, truncated, mention_only, off_topic, foreign, bad
    story: str | None
    text: str | None
    raw: str | None = None        # the line written for a bad record
    meta: dict = field(default_factory=dict)
    pub: date | None = None       # the true publication date
    published_gold: date | None = None
    style: str = ""
    language: str = "en"
    as_txt: bool = False
    events: list[EventMention] = field(default_factory=list)
    rels: list[RelationshipMention] = field(default_factory=list)
    key: str = ""

    @property
    def on_topic(self) -> bool:
        return self.kind not in ("off_topic", "foreign", "bad")


@dataclass(order=True)
class _Copy:
    due: int
    seq: int
    kind: str = field(compare=False)
    draft: styles.Draft = field(compare=False)
    pub: date = field(compare=False)
    story: str = field(compare=False)
    text: str = field(compare=False)
    meta: dict = field(compare=False)
    typographic: bool = field(compare=False)


class Stream:
    """Records one after another; `events` and `relationships` are the truth they are written from."""

    def __init__(self, settings: Settings):
        self.s = settings
        self.rng = random.Random(settings.seed)
        self.factory = EventFactory(random.Random(settings.seed * 7919 + 1))
        self.relationships: list[Relationship] = relationships(random.Random(settings.seed * 7919 + 2))
        self.events: dict[str, Event] = {}
        self._recent: list[str] = []
        self._pending: list[_Copy] = []
        self._seq = 0
        self.index = 0

    def __iter__(self):
        return self

    def __next__(self) -> Record:
        record = self._next()
        self.index += 1
        return record

    # --- choosing what comes next --------------------------------------------------

    def _next(self) -> Record:
        rng, i = self.rng, self.index
        if rng.random() < self.s.bad:
            return self._bad(i)
        as_txt = rng.random() < self.s.txt_share
        if rng.random() < self.s.off_topic:
            return self._off_topic(i, as_txt)
        if self._pending and self._pending[0].due <= i:
            return self._copy(i, heapq.heappop(self._pending), as_txt)
        if rng.random() < self.s.mention_only:
            return self._mention_only(i, as_txt)
        return self._original(i, as_txt)

    def _publication(self, rng, dated_text: bool, as_txt: bool) -> tuple[bool, bool]:
        """(metadata carries the date, the text prints it)."""
        if as_txt:
            return False, True
        return rng.random() < 0.9, dated_text

    def _meta(self, rng, pub: date | None, outlet: str, title: str | None, language: str | None) -> dict:
        meta = {"url": f"https://{outlet.lower().replace(' ', '-')}.example/news/{rng.getrandbits(40):010x}",
                "outlet": outlet, "title": title}
        if pub is not None:
            meta["published"] = datetime(pub.year, pub.month, pub.day, rng.randint(5, 22), rng.randint(0, 59)).isoformat() + "Z"
        if language:
            meta["language"] = language
        return meta

    # --- originals -------------------------------------------------------------------

    def _pick_main(self, rng) -> list[Event]:
        if self._recent and rng.random() < 0.35:
            event = self.events[rng.choice(self._recent[-300:])]
            if event.parent:
                event = self.events[event.parent]
            return [event] + [self.events[c] for c in event.children]
        created = self.factory.new()
        for e in created:
            self.events[e.id] = e
            self._recent.append(e.id)
        return created

    def _pub_for(self, rng, event: Event) -> date | None:
        preview = rng.random() < 0.35
        for _ in range(2):
            if preview:
                pub = event.start - timedelta(days=rng.choice([1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30, 45, 60]))
            else:
                pub = event.last_day + timedelta(days=rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 12, 20]))
            if EARLIEST_PUBLICATION <= pub <= LATEST_PUBLICATION:
                return pub
            preview = not preview
        return None

    def _passing(self, rng, pub: date, exclude: set[str], k: int) -> list[Event]:
        """Events mentioned in passing: half of them known from earlier stories
        (among the latest 500), half new to the stream."""
        chosen: list[Event] = []
        for _ in range(k * 4):
            if len(chosen) >= k:
                break
            if len(self._recent) < 50 or rng.random() < 0.5:
                created = self.factory.new()
                for e in created:
                    self.events[e.id] = e
                    self._recent.append(e.id)
                event = created[0]
            else:
                event = self.events[rng.choice(self._recent[-500:])]
            if event.id in exclude or event.start <= pub <= event.last_day:
                continue
            if event.start > pub and (event.start - pub).days > 330:
                continue
            exclude.add(event.id)
            chosen.append(event)
        return chosen

    def _original(self, i: int, as_txt: bool) -> Record:
        rng = self.rng
        main = self._pick_main(rng)
        pub = self._pub_for(rng, main[0])
        if pub is None:
            return self._mention_only(i, as_txt)
        names = list(styles.STYLES)
        style = rng.choices(names, [styles.STYLES[n][1] for n in names])[0]
        k = {"wire": rng.choice([0, 0, 1]), "press_release": rng.choice([0, 1]), "analysis": rng.randint(2, 4),
             "newsletter": rng.randint(2, 4), "listicle": rng.randint(0, 2)}[style]
        passing = self._passing(rng, pub, {e.id for e in main}, k)
        outlet = rng.choice(styles.OUTLETS)
        typographic = rng.random() < 0.3
        apostrophe = "’" if typographic else "'"
        dated_text = rng.random() < 0.75
        in_meta, in_text = self._publication(rng, dated_text, as_txt)
        relative = in_meta or in_text
        draft = styles.STYLES[style][0](rng, main, passing, self.relationships, pub, outlet, apostrophe, in_text, relative)
        if not in_text:
            draft.lead_prefix = ""
        rendered = styles.render(draft)
        text = rendered.text
        if typographic:
            text = styles.typographic_quotes(text)
        story = f"story-{i:08d}"
        meta = self._meta(rng, pub if in_meta else None, outlet, draft.headline, "en" if rng.random() < 0.5 else None)
        record = Record(i, "original", story, text, meta=meta, pub=pub, style=style, as_txt=as_txt,
                        events=rendered.events, rels=rendered.rels,
                        published_gold=pub if (in_meta or in_text) else None)
        if rng.random() < self.s.copies:
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                kind = rng.choices(["duplicate", "prefixed", "scraped", "truncated"], [0.25, 0.2, 0.35, 0.2])[0]
                self._seq += 1
                heapq.heappush(self._pending, _Copy(i + rng.randint(1, 400), self._seq, kind, draft, pub, story,
                                                    text, meta, typographic))
        return record

    def _mention_only(self, i: int, as_txt: bool) -> Record:
        rng = self.rng
        pub = EARLIEST_PUBLICATION + timedelta(days=rng.randrange((LATEST_PUBLICATION - EARLIEST_PUBLICATION).days))
        in_meta, in_text = self._publication(rng, rng.random() < 0.6, as_txt)
        draft = styles.mention_only(rng, pub, self.relationships, "'", in_text)
        rendered = styles.render(draft)
        outlet = rng.choice(styles.OUTLETS)
        return Record(i, "mention_only", f"story-{i:08d}", rendered.text,
                      meta=self._meta(rng, pub if in_meta else None, outlet, draft.headline, None),
                      pub=pub, style=draft.style, as_txt=as_txt, rels=rendered.rels,
                      published_gold=pub if (in_meta or in_text) else None)

    # --- copies ----------------------------------------------------------------------

    def _copy(self, i: int, plan: _Copy, as_txt: bool) -> Record:
        rng = self.rng
        draft = plan.draft
        outlet = rng.choice(styles.AGGREGATORS + styles.OUTLETS)
        in_meta = not as_txt and rng.random() < 0.7
        if plan.kind == "duplicate":
            rendered = styles.render(draft)
            text, in_text = plan.text, draft.pub_in_text
        elif plan.kind == "prefixed":
            rendered = styles.render(draft)
            text = f"Via {plan.meta['outlet']}: " + plan.text.rstrip("\n") + f"\n\nSource: {plan.meta['outlet']}\n"
            in_text = draft.pub_in_text
        elif plan.kind == "scraped":
            stamp = rng.random() < 0.6
            damaged = styles.scraped(draft, rng, plan.pub, stamp)
            cut = rng.uniform(0.45, 0.85) if rng.random() < 0.4 else None
            rendered = styles.render(damaged, apostrophes=rng.random() < 0.5, run_together=0.3, rng=rng, cut_at=cut)
            text = rendered.text
            if plan.typographic and rng.random() < 0.5:
                text = styles.mojibake(styles.typographic_quotes(text))
            text = styles.noise(text, rng)
            in_text = damaged.pub_in_text
        else:  # truncated
            rendered = styles.render(draft, cut_at=rng.uniform(0.35, 0.8))
            text = rendered.text.rstrip("\n") + rng.choice(["", "...", " …"]) + "\n"
            in_text = draft.pub_in_text
        meta = self._meta(rng, plan.pub if in_meta else None, outlet, plan.meta.get("title") if rng.random() < 0.7 else None,
                          None)
        return Record(i, plan.kind, plan.story, text, meta=meta, pub=plan.pub, style=draft.style, as_txt=as_txt,
                      events=rendered.events, rels=rendered.rels,
                      published_gold=plan.pub if (in_meta or in_text) else None)

    # --- the firehose ------------------------------------------------------------------

    def _off_topic(self, i: int, as_txt: bool) -> Record:
        rng = self.rng
        pub = EARLIEST_PUBLICATION + timedelta(days=rng.randrange((LATEST_PUBLICATION - EARLIEST_PUBLICATION).days))
        outlet = rng.choice(styles.OUTLETS)
        if rng.random() < self.s.foreign:
            draft, language = styles.foreign_language(rng, pub)
            text = styles.render(draft).text
            meta = self._meta(rng, pub, outlet, draft.headline, language if rng.random() < 0.7 else None)
            return Record(i, "foreign", f"story-{i:08d}", text, meta=meta, pub=pub, style="foreign",
                          language=language, as_txt=as_txt, published_gold=None if as_txt else pub)
        in_meta, in_text = self._publication(rng, rng.random() < 0.5, as_txt)
        draft = styles.off_topic(rng, pub, in_text)
        text = styles.render(draft).text
        if rng.random() < 0.05:
            text = styles.noise(text, rng)
        meta = self._meta(rng, pub if in_meta else None, outlet, draft.headline, "en" if rng.random() < 0.3 else None)
        return Record(i, "off_topic", f"story-{i:08d}", text, meta=meta, pub=pub, style=draft.style, as_txt=as_txt,
                      published_gold=pub if (in_meta or in_text) else None)

    def _bad(self, i: int) -> Record:
        rng = self.rng
        raw = rng.choice([
            '{"text": "Markets opened higher as traders', '{"text": "   ", "outlet": "Blank Wire"}',
            '[1, 2, 3]', '{"text": 42, "title": "not a string"}', '{"title": "no text at all"}',
            '{"text": "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006"}'])
        return Record(i, "bad", None, None, raw=raw)


def json_line(record: Record) -> str:
    if record.raw is not None:
        return record.raw
    obj = {"text": record.text}
    for name in ("title", "url", "outlet", "published", "language"):
        if record.meta.get(name) is not None:
            obj[name] = record.meta[name]
    return json.dumps(obj, ensure_ascii=False)
