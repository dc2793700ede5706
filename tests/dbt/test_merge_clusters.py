"""Unit tests of diplomacy.merge.cluster_event_mentions (pure pandas, no database)."""
from __future__ import annotations

import random
from datetime import date

import numpy as np
import pandas as pd
import pytest

from diplomacy.merge import cluster_event_mentions, date_interval, event_id_for


def mention(mention_id, date_start=None, precision="day", *, date_end=None, event_type="summit",
            partner="JP", participants=("KZ", "UZ"), status="occurred", published=None, story=None):
    return {
        "mention_id": mention_id,
        "event_type": event_type,
        "partner_code": partner,
        "participants": list(participants),
        "date_start": date.fromisoformat(date_start) if date_start else None,
        "date_end": date.fromisoformat(date_end) if date_end else None,
        "date_precision": precision if date_start else None,
        "status": status,
        "published_date": date.fromisoformat(published) if published else None,
        "story_id": story or f"s-{mention_id}",
    }


def events(*mentions) -> dict[str, str]:
    out = cluster_event_mentions(pd.DataFrame(list(mentions)))
    return dict(zip(out["mention_id"], out["event_id"]))


def groups(ids: dict[str, str]) -> set[frozenset[str]]:
    by_event: dict[str, set[str]] = {}
    for mention_id, event_id in ids.items():
        by_event.setdefault(event_id, set()).add(mention_id)
    return {frozenset(v) for v in by_event.values()}


def test_month_mention_merges_with_day_mention_of_same_event():
    ids = events(mention("a", "2025-04-18", "day"), mention("b", "2025-04-01", "month"))
    assert ids["a"] == ids["b"]


def test_month_mention_outside_the_day_stays_apart():
    ids = events(mention("a", "2025-04-18", "day"), mention("b", "2025-05-01", "month"))
    assert ids["a"] != ids["b"]


def test_two_day_precise_events_stay_apart_even_with_a_vague_mention_between():
    ids = events(
        mention("a1", "2025-04-10"), mention("a2", "2025-04-10"),  # event A, two mentions
        mention("b1", "2025-04-20"),                                # event B, one mention
        mention("v", "2025-04-01", "month"),                        # fits both: goes to the larger
        mention("y", "2025-01-01", "year"),
    )
    assert ids["a1"] == ids["a2"]
    assert ids["a1"] != ids["b1"]
    assert ids["v"] == ids["a1"]
    # the year mention fits A (all of whose members overlap 2025) and B; A is larger
    assert ids["y"] == ids["a1"]
    assert len(groups(ids)) == 2


def test_vague_mention_ambiguity_ties_go_to_the_cluster_with_the_earliest_mention():
    ids = events(mention("m2", "2025-04-20"), mention("m1", "2025-04-10"), mention("v", "2025-04-01", "month"))
    assert ids["v"] == ids["m1"] != ids["m2"]


def test_vague_mention_joins_only_if_compatible_with_every_day_member():
    # a day range: 10..12 April links the 10th and the 12th as one event
    ids = events(mention("r", "2025-04-10", date_end="2025-04-12"), mention("d10", "2025-04-10"),
                 mention("d12", "2025-04-12"), mention("m", "2025-04-01", "month"),
                 mention("march", "2025-03-01", "month"))
    assert ids["r"] == ids["d10"] == ids["d12"] == ids["m"]
    assert ids["march"] != ids["r"]


def test_month_range_overlaps_day():
    ids = events(mention("d", "2025-05-03"), mention("m", "2025-04-01", "month", date_end="2025-05-01"))
    assert ids["d"] == ids["m"]


def test_null_partner_equals_null_partner():
    ids = events(mention("a", "2025-04-18", partner=None), mention("b", "2025-04-18", partner=None),
                 mention("c", "2025-04-18", partner="CN"))
    assert ids["a"] == ids["b"]
    assert ids["c"] != ids["a"]


def test_nan_partner_is_null_too():
    df = pd.DataFrame([mention("a", "2025-04-18", partner=None), mention("b", "2025-04-18", partner=None)])
    df["partner_code"] = [np.nan, None]
    out = cluster_event_mentions(df)
    assert out["event_id"].nunique() == 1


def test_non_overlapping_participants_stay_apart():
    ids = events(mention("a", "2025-04-18", participants=["KZ"]), mention("b", "2025-04-18", participants=["UZ", "TJ"]),
                 mention("c", "2025-04-18", participants=["TJ"]))
    assert ids["a"] != ids["b"]
    assert ids["b"] == ids["c"]


def test_different_event_types_stay_apart():
    ids = events(mention("a", "2025-04-18", event_type="summit"), mention("b", "2025-04-18", event_type="state_visit"))
    assert ids["a"] != ids["b"]


def test_undated_mention_is_narrowed_by_status_and_publication_date():
    ids = events(
        mention("past", "2025-03-10"), mention("past2", "2025-03-10"),
        mention("future", "2025-06-10"),
        mention("u", None, status="scheduled", published="2025-05-01"),  # only the June event is after May 1
    )
    assert ids["u"] == ids["future"]


def test_event_id_is_a_hash_of_the_earliest_mention_and_independent_of_row_order():
    rows = [mention(f"m{i:02d}", f"2025-04-{10 + i % 3:02d}") for i in range(9)]
    first = events(*rows)
    random.Random(7).shuffle(rows)
    assert events(*rows) == first
    assert first["m00"] == event_id_for("m00")
    assert {first[f"m{i:02d}"] for i in range(9)} == {event_id_for("m00"), event_id_for("m01"), event_id_for("m02")}


def test_accepts_duckdb_shaped_columns():
    df = pd.DataFrame([mention("a", "2025-04-18"), mention("b", "2025-04-01", "month")])
    df["participants"] = [np.array(["KZ", "UZ"], dtype=object), np.array(["UZ"], dtype=object)]
    df["date_start"] = pd.to_datetime(df["date_start"])
    df["date_end"] = pd.to_datetime(df["date_end"])
    out = cluster_event_mentions(df)
    assert out["event_id"].nunique() == 1
    assert list(out["mention_id"]) == ["a", "b"]  # a copy, rows in place


def test_empty_and_missing_columns():
    empty = pd.DataFrame(columns=["mention_id", "event_type", "partner_code", "participants",
                                  "date_start", "date_end", "date_precision"])
    assert "event_id" in cluster_event_mentions(empty).columns
    with pytest.raises(ValueError, match="missing columns"):
        cluster_event_mentions(pd.DataFrame({"mention_id": ["a"]}))
    with pytest.raises(ValueError, match="unique"):
        cluster_event_mentions(pd.DataFrame([mention("a", "2025-04-18"), mention("a", "2025-04-18")]))


@pytest.mark.parametrize("args,expected", [
    (("2025-04-18", None, "day"), (date(2025, 4, 18), date(2025, 4, 18))),
    (("2025-04-10", "2025-04-12", "day"), (date(2025, 4, 10), date(2025, 4, 12))),
    (("2025-04-01", None, "month"), (date(2025, 4, 1), date(2025, 4, 30))),
    (("2024-02-01", None, "month"), (date(2024, 2, 1), date(2024, 2, 29))),
    (("2025-01-01", None, "year"), (date(2025, 1, 1), date(2025, 12, 31))),
    ((None, None, None), (None, None)),
])
def test_date_interval(args, expected):
    assert date_interval(*args) == expected


def _random_mentions(n, seed):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        precision = rng.choice(["day", "day", "month", "year", None])
        day = date(2025, rng.randint(1, 6), rng.randint(1, 28))
        rows.append(mention(f"m{i:04d}", day.isoformat() if precision else None, precision or "day",
                            event_type=rng.choice(["summit", "state_visit"]), partner=rng.choice(["JP", "CN", None]),
                            participants=rng.sample(["KZ", "UZ", "KG", "TJ", "TM"], rng.randint(1, 2)),
                            status=rng.choice(["occurred", "scheduled"]), published=day.isoformat()))
    return pd.DataFrame(rows)


def test_vectorised_and_plain_paths_agree(monkeypatch):
    import diplomacy.merge as merge

    df = _random_mentions(400, seed=3)
    fast = cluster_event_mentions(df)["event_id"].tolist()
    plain_block = merge._cluster_block
    monkeypatch.setattr(merge, "_cluster_block", lambda ms, vectorised=True: plain_block(ms, vectorised=False))
    assert cluster_event_mentions(df)["event_id"].tolist() == fast


def test_no_cluster_mixes_day_dated_events_that_are_far_apart():
    out = cluster_event_mentions(_random_mentions(400, seed=5))
    days = out[out["date_precision"] == "day"].groupby("event_id")["date_start"].agg(["min", "max"])
    # day mentions only merge through overlapping days (no date_end here): one day per event
    assert (days["min"] == days["max"]).all()


def test_a_past_vague_mention_does_not_merge_into_a_later_scheduled_event():
    ids = events(mention("held", "2025-01-01", "year", status="occurred", published="2025-06-10"),
                 mention("ahead", "2025-11-20", "day", status="scheduled", published="2025-06-10"))
    assert ids["held"] != ids["ahead"]


def test_a_vague_mention_clipped_at_its_report_still_merges_with_an_earlier_day():
    ids = events(mention("held", "2025-01-01", "year", status="occurred", published="2025-06-10"),
                 mention("day", "2025-04-03", "day", status="occurred", published="2025-04-05"))
    assert ids["held"] == ids["day"]


def test_a_vague_plan_told_the_day_a_meeting_was_held_is_not_that_meeting():
    # "Kazakhstan will host the next ministerial meeting in the second half of 2026", told
    # in the report of the meeting held on the day of publication.
    ids = events(mention("held", "2026-01-29", "day", event_type="ministerial_meeting", partner="EU",
                         status="occurred", published="2026-01-29"),
                 mention("next", "2026-01-01", "year", event_type="ministerial_meeting", partner="EU",
                         status="scheduled", published="2026-01-29"))
    assert ids["held"] != ids["next"]


def test_a_vague_plan_still_merges_with_the_day_it_is_later_held():
    ids = events(mention("plan", "2026-01-01", "year", status="scheduled", published="2026-01-29"),
                 mention("held", "2026-09-14", "day", status="occurred", published="2026-09-15"))
    assert ids["plan"] == ids["held"]


def test_a_plan_cannot_be_an_event_held_more_than_two_years_after_its_report():
    ids = events(mention("plan", "2025-01-01", "year", status="scheduled", published="2023-04-08"),
                 mention("held", "2025-04-17", "day", status="occurred", published="2025-04-18"))
    assert ids["plan"] != ids["held"]
    ids = events(mention("plan", "2025-01-01", "year", status="scheduled", published="2023-06-08"),
                 mention("held", "2025-04-17", "day", status="occurred", published="2025-04-18"))
    assert ids["plan"] == ids["held"]


def test_an_undated_plan_cannot_be_an_event_held_more_than_two_years_after_its_report():
    assert date_interval(None, None, None, status="scheduled", published_date="2023-04-08") == \
        (date(2023, 4, 8), date(2025, 4, 8))
    ids = events(mention("plan", None, None, status="scheduled", published="2023-04-08"),
                 mention("held", "2025-04-17", "day", status="occurred", published="2025-04-18"))
    assert ids["plan"] != ids["held"]
    ids = events(mention("plan", None, None, status="scheduled", published="2023-06-08"),
                 mention("held", "2025-04-17", "day", status="occurred", published="2025-04-18"))
    assert ids["plan"] == ids["held"]
