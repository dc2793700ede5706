"""Merge event mentions from many articles into real-world events.

Pure pandas/python, no database: dbt's Python model `int_event_mentions_clustered`
calls `cluster_event_mentions`, and the unit tests call it on hand-made frames.

Two mentions are *compatible* (may be the same event) when
  - their event_type is equal,
  - their partner_code is equal (null equals null: an event among Central Asian
    states only),
  - their Central Asian participant sets overlap, and
  - their dates overlap once each is widened to its precision: a day mention is
    [date_start, date_end or date_start], a month mention covers whole months
    (2025-04 -> [2025-04-01, 2025-04-30]), a year mention whole years. A mention
    without a date covers all time, narrowed by its article's publication date
    when it has one (occurred -> up to that date, scheduled -> from that date to
    PLAN_HORIZON_YEARS after it).

Clusters are built from the most precise mentions down, so one vague mention can
never chain two different day-dated events together:
  1. day mentions: connected components of the compatibility graph;
  2. then month, then year, then undated mentions, one level at a time. A mention
     joins an existing cluster only if it is compatible with *every* member of it
     (all of them are more precise). When it fits several clusters it goes to the
     one with the most mentions (tie: the one whose earliest mention_id sorts
     first). Candidates and sizes are taken as they stood before the level, so
     the result does not depend on row order. Mentions of the level that fit no
     cluster form new clusters as connected components among themselves.

event_id is a hash of the cluster's earliest mention_id (in sort order), so it is
stable across rebuilds as long as that mention exists.
"""
from __future__ import annotations

import hashlib
import math
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterable

import numpy as np
import pandas as pd

__all__ = [
    "PRECISION_RANK",
    "REQUIRED_COLUMNS",
    "cluster_event_mentions",
    "date_interval",
    "event_id_for",
]

# A plan is reported at most this many years ahead (the extractor drops later dates and
# the marts gate fails on them), so a scheduled mention can only be an event within it.
PLAN_HORIZON_YEARS = 2

# Higher is more precise. Anything else (null, 'unknown') ranks 0.
PRECISION_RANK = {"day": 3, "month": 2, "year": 1}

REQUIRED_COLUMNS = (
    "mention_id",
    "event_type",
    "partner_code",
    "participants",
    "date_start",
    "date_end",
    "date_precision",
)
# Optional: status + published_date narrow undated mentions; story_id is passed through.

_MIN_ORD = date.min.toordinal()
_MAX_ORD = date.max.toordinal()


def event_id_for(earliest_mention_id: str) -> str:
    """The stable id of the event whose earliest mention (sorted by mention_id) is given."""
    return "ev_" + hashlib.sha256(str(earliest_mention_id).encode("utf-8")).hexdigest()[:20]


def date_interval(
    date_start: Any,
    date_end: Any = None,
    date_precision: str | None = None,
    *,
    status: str | None = None,
    published_date: Any = None,
) -> tuple[date | None, date | None]:
    """The span of days a mention's date may denote, widened to its precision.

    None at either end means open. A date without a precision is read as a day."""
    start, end = _to_date(date_start), _to_date(date_end)
    if start is None:
        published = _to_date(published_date)
        if published is not None and status == "occurred":
            return None, published
        if published is not None and status == "scheduled":
            return published, _years_later(published, PLAN_HORIZON_YEARS)
        return None, None
    if end is None or end < start:
        end = start
    precision = _norm_precision(date_precision) or "day"
    if precision == "month":
        start, end = start.replace(day=1), end.replace(day=monthrange(end.year, end.month)[1])
    elif precision == "year":
        start, end = date(start.year, 1, 1), date(end.year, 12, 31)
    return _clip_to_report(start, end, status, _to_date(published_date))


def _clip_to_report(start: date, end: date, status: str | None, published: date | None) -> tuple[date, date]:
    """A vague date reported as past ("earlier this year") ends at its report; one
    reported as ahead starts after it ("the next meeting, in the second half of 2026",
    told the day a meeting was held, is not that meeting). So an occurred mention never
    merges into a later scheduled event, nor a scheduled one into an earlier event."""
    if published is None:
        return start, end
    if status == "occurred" and start <= published < end:
        return start, published
    if status == "scheduled":
        # Plans are announced at most PLAN_HORIZON_YEARS ahead (the marts gate's rule):
        # "in 2025" told in April 2023 cannot be a meeting held after April 2025.
        horizon = _years_later(published, PLAN_HORIZON_YEARS)
        if start <= published <= end:
            start = published + timedelta(days=1) if published < end else published
        if start <= horizon < end:
            end = horizon
    return start, end


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class _Mention:
    pos: int
    mention_id: str
    mask: int  # participants as a bit set (one bit per participant code)
    lo: int
    hi: int
    rank: int


@dataclass
class _Cluster:
    members: list[_Mention]

    @property
    def key(self) -> str:
        return min(m.mention_id for m in self.members)


def cluster_event_mentions(df: pd.DataFrame, central_asian: Iterable[str] | None = None) -> pd.DataFrame:
    """Assign an `event_id` to every mention; returns a copy of `df` with that column.

    `df` needs REQUIRED_COLUMNS; `participants` holds the Central Asian participants
    (a list/array of ISO2 codes). Pass `central_asian` to restrict participants to
    those codes first. Columns `status` and `published_date` (of the mention's
    article), when present, narrow the span of undated mentions."""
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"cluster_event_mentions: missing columns {missing}")
    out = df.copy()
    if out.empty:
        out["event_id"] = pd.Series(dtype="object", index=out.index)
        return out
    if out["mention_id"].isna().any() or out["mention_id"].duplicated().any():
        raise ValueError("cluster_event_mentions: mention_id must be unique and not null")

    allowed = frozenset(central_asian) if central_asian is not None else None
    has_status = "status" in out.columns
    has_published = "published_date" in out.columns
    bits: dict[str, int] = {}

    blocks: dict[tuple[str, str | None], list[_Mention]] = {}
    for pos, row in enumerate(out.itertuples(index=False)):
        rec = row._asdict()
        participants = _to_codes(rec["participants"])
        if allowed is not None:
            participants = participants & allowed
        mask = 0
        for code in participants:
            mask |= 1 << bits.setdefault(code, len(bits))
        precision = _norm_precision(rec["date_precision"])
        start = _to_date(rec["date_start"])
        rank = PRECISION_RANK.get(precision or "day", 0) if start is not None else 0
        lo, hi = date_interval(
            start,
            rec["date_end"],
            precision,
            status=rec["status"] if has_status else None,
            published_date=rec["published_date"] if has_published else None,
        )
        mention = _Mention(
            pos=pos,
            mention_id=str(rec["mention_id"]),
            mask=mask,
            lo=lo.toordinal() if lo else _MIN_ORD,
            hi=hi.toordinal() if hi else _MAX_ORD,
            rank=rank,
        )
        block = (str(rec["event_type"]), _none_if_missing(rec["partner_code"]))
        blocks.setdefault(block, []).append(mention)

    event_ids: list[str | None] = [None] * len(out)
    for mentions in blocks.values():
        for cluster in _cluster_block(mentions, vectorised=len(bits) <= 62):
            event_id = event_id_for(cluster.key)
            for m in cluster.members:
                event_ids[m.pos] = event_id
    out["event_id"] = pd.Series(event_ids, index=out.index, dtype="object")
    return out


def _cluster_block(mentions: list[_Mention], vectorised: bool = True) -> list[_Cluster]:
    by_rank: dict[int, list[_Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.mention_id):
        by_rank.setdefault(m.rank, []).append(m)

    clusters: list[_Cluster] = []
    for rank in sorted(by_rank, reverse=True):
        level = by_rank[rank]
        leftovers = level
        if clusters:
            leftovers = []
            index = _ClusterIndex(clusters, vectorised)
            chosen: list[tuple[_Mention, _Cluster]] = []
            for m in level:
                target = index.best_fit(m)
                if target is None:
                    leftovers.append(m)
                else:
                    chosen.append((m, target))
            for m, target in chosen:  # after the scan: sizes as they stood before the level
                target.members.append(m)
        clusters.extend(_components(leftovers))
    return clusters


class _ClusterIndex:
    """Clusters as they stand before a level. A mention fits a cluster when it is
    compatible with every member: its span reaches the latest member start and the
    earliest member end, and its participants meet each member's participants."""

    def __init__(self, clusters: list[_Cluster], vectorised: bool = True):
        self._clusters = clusters
        max_lo = [max(m.lo for m in c.members) for c in clusters]
        min_hi = [min(m.hi for m in c.members) for c in clusters]
        masks = [sorted({m.mask for m in c.members}) for c in clusters]
        # preference when several fit: most mentions, then the earliest mention_id
        order = sorted(range(len(clusters)), key=lambda i: (-len(clusters[i].members), clusters[i].key))
        priority = [0] * len(clusters)
        for rank, i in enumerate(order):
            priority[i] = rank
        self._vectorised = vectorised
        if vectorised:
            width = max(len(m) for m in masks)
            padded = [m + [-1] * (width - len(m)) for m in masks]  # -1: all bits, meets anything
            self._max_lo = np.array(max_lo, dtype=np.int64)
            self._min_hi = np.array(min_hi, dtype=np.int64)
            self._masks = np.array(padded, dtype=np.int64)
            self._priority = np.array(priority, dtype=np.int64)
        else:
            self._rows = list(zip(max_lo, min_hi, masks, priority))

    def best_fit(self, m: _Mention) -> _Cluster | None:
        if self._vectorised:
            fits = (self._max_lo <= m.hi) & (self._min_hi >= m.lo)
            fits &= ((self._masks & m.mask) != 0).all(axis=1)
            candidates = np.flatnonzero(fits)
            if candidates.size == 0:
                return None
            return self._clusters[int(candidates[np.argmin(self._priority[candidates])])]
        best = None
        for i, (max_lo, min_hi, masks, priority) in enumerate(self._rows):
            if max_lo <= m.hi and min_hi >= m.lo and all(m.mask & p for p in masks):
                if best is None or priority < best[0]:
                    best = (priority, i)
        return self._clusters[best[1]] if best else None


def _components(mentions: list[_Mention]) -> list[_Cluster]:
    """Connected components of the compatibility graph (a sweep over date spans)."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].lo, mentions[i].mention_id))
    active: list[int] = []
    for i in order:
        m = mentions[i]
        active = [j for j in active if mentions[j].hi >= m.lo]
        for j in active:
            if m.mask & mentions[j].mask:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        active.append(i)

    groups: dict[int, list[_Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    return [_Cluster(members) for members in groups.values()]


def _norm_precision(value: Any) -> str | None:
    value = _none_if_missing(value)
    return str(value).strip().lower() if value is not None else None


def _none_if_missing(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _to_date(value: Any) -> date | None:
    value = _none_if_missing(value)
    if value is None:
        return None
    if isinstance(value, datetime):  # pd.Timestamp is a datetime
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "astype"):  # numpy datetime64
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else ts.date()
    return date.fromisoformat(str(value)[:10])


def _to_codes(value: Any) -> frozenset[str]:
    if value is None or isinstance(value, str) and not value:
        return frozenset()
    if isinstance(value, float) and math.isnan(value):
        return frozenset()
    if isinstance(value, str):  # tolerate "KZ,UZ"
        return frozenset(v.strip() for v in value.split(",") if v.strip())
    return frozenset(str(v) for v in value if _none_if_missing(v) is not None)
