"""Date phrases resolve against the publication date, in the direction the
clause's tense gives, at the precision the text supports."""
from datetime import date

import pytest

from diplomacy.extract.dates import ResolvedDate, find_date_phrases, is_event_date, resolve

PUBLISHED = date(2025, 12, 18)  # a Thursday


def resolved(text: str, tense: str | None, base: date | None = PUBLISHED):
    phrases = [p for p in find_date_phrases(text) if is_event_date(text, p)]
    assert phrases, f"no date phrase found in {text!r}"
    value = resolve(phrases[0], base, tense)
    return value and (value.start.isoformat(), value.end.isoformat() if value.end else None, value.precision)


def test_held_in_a_month_is_the_most_recent_such_month_before_publication():
    assert resolved("the EU held its first summit in April", "past") == ("2025-04-01", None, "month")


def test_will_host_on_a_day_is_the_next_such_day():
    assert resolved("Japan will host leaders on Dec 19", "future") == ("2025-12-19", None, "day")
    assert resolved("will visit on Jan 5", "future") == ("2026-01-05", None, "day")


def test_a_future_month_earlier_in_the_year_falls_next_year():
    assert resolved("will hold a summit in March", "future") == ("2026-03-01", None, "month")


def test_last_month_is_month_precision():
    assert resolved("signed last month", "past") == ("2025-11-01", None, "month")
    assert resolved("visited earlier this month", "past") == ("2025-12-01", None, "month")


def test_weekday_resolves_to_the_nearest_in_the_tense_direction():
    assert resolved("met on Tuesday", "past") == ("2025-12-16", None, "day")
    assert resolved("will meet on Monday", "future") == ("2025-12-22", None, "day")


def test_explicit_full_dates_need_no_base():
    assert resolved("signed on March 5, 2024", None, base=None) == ("2024-03-05", None, "day")
    assert resolved("on 12 September 2023", None, base=None) == ("2023-09-12", None, "day")


def test_ranges_fill_the_end_date():
    assert resolved("will meet May 14-15", "future") == ("2026-05-14", "2026-05-15", "day")
    assert resolved("held from 9 to 11 October", "past") == ("2025-10-09", "2025-10-11", "day")
    assert resolved("from May 30 to June 2, 2026", None) == ("2026-05-30", "2026-06-02", "day")


def test_relative_years():
    assert resolved("will visit next year", "future") == ("2026-01-01", None, "year")
    assert resolved("met last year", "past") == ("2024-01-01", None, "year")


def test_relative_phrases_cannot_resolve_without_a_publication_date():
    assert resolved("met last month", "past", base=None) is None
    assert resolved("held in April", "past", base=None) is None


def test_since_a_year_is_not_the_date_of_an_event():
    text = "have maintained a dialogue framework since 2004"
    assert not any(is_event_date(text, p) for p in find_date_phrases(text))


@pytest.mark.parametrize("text", ["Theresa May said", "leaders may meet", "March for peace"])
def test_month_words_that_are_not_dates(text):
    assert not find_date_phrases(text)


def test_a_month_of_last_year():
    assert resolved("Putin last visited Kazakhstan in November last year", "past") == ("2024-11-01", None, "month")


def test_a_weekday_of_next_or_last_week_is_that_day_and_a_weekday_before_a_date_names_it():
    friday = date(2026, 5, 8)
    [thursday] = find_date_phrases("will meet in Samarkand on Thursday next week")
    assert resolve(thursday, friday, "future") == ResolvedDate(date(2026, 5, 14), None, "day")
    [wednesday] = find_date_phrases("met on Wednesday of last week")
    assert resolve(wednesday, friday, "past") == ResolvedDate(date(2026, 4, 29), None, "day")
    assert [p.text for p in find_date_phrases("will follow on Friday, May 15, bringing")] == ["May 15"]
