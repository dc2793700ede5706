"""Actors behind names, capitals and seats; relationships said of the region."""
from datetime import date

from diplomacy.extract.actors import find_actors
from diplomacy.extract.article import extract_article


def codes(text: str, on: date | None = None):
    return [(m.text, m.code) for m in find_actors(text, on)]


def test_capitals_seats_and_office_holders_name_their_states():
    found = codes("the Kremlin, Beijing, the White House, Brussels, Ms Takaichi and Mr Erdogan")
    assert [c for _, c in found] == ["RU", "CN", "US", "EU", "JP", "TR"]


def test_acronyms_match_only_in_capitals():
    assert codes("let us meet the US envoy") == [("US", "US")]


def test_longest_name_wins():
    assert codes("Xi'an hosted the summit") == [("Xi'an", "CN")]
    assert codes("South Korea and Korea") == [("South Korea", "KR"), ("Korea", "KR")]


def test_office_holder_level_depends_on_the_term_of_office():
    kishida_2023 = find_actors("Kishida", date(2023, 5, 1))[0]
    kishida_2025 = find_actors("Kishida", date(2025, 12, 1))[0]
    assert (kishida_2023.code, kishida_2023.level) == ("JP", "leaders")
    assert (kishida_2025.code, kishida_2025.level) == ("JP", None)


def relationships(text: str):
    result = extract_article(text, published=date(2025, 12, 18))
    return {(r.ca_iso2, r.partner_code, r.relation): r for r in result.relationships}


def test_overtaking_names_the_new_largest_partner_and_second_place():
    found = relationships("In Central Asia, China has overtaken Russia as the region's largest trading partner, "
                          "though Moscow still ranks second.")
    assert set(found) == {("ALL", "CN", "largest_trading_partner"), ("ALL", "RU", "second_largest_trading_partner")}


def test_a_tie_put_in_the_past_is_not_current():
    assert relationships("Russia was once Kazakhstan's largest trading partner.") == {}


def test_country_level_largest_partner():
    assert set(relationships("China is Kazakhstan's largest trading partner.")) == {
        ("KZ", "CN", "largest_trading_partner")}


def test_dialogue_framework_with_since_and_count():
    found = relationships("Korea and the five Central Asian states have held a dialogue format since 2007, "
                          "with 17 ministerial meetings so far.")
    rel = found[("ALL", "KR", "dialogue_framework")]
    assert rel.since == 2007 and rel.value == "17 ministerial meetings"


def test_strategic_partnership():
    found = relationships("Uzbekistan and France agreed to a strategic partnership in March.")
    assert ("UZ", "FR", "strategic_partnership") in found


def test_second_largest_is_not_also_largest():
    assert set(relationships("The EU is Central Asia's second-largest trading partner after China.")) == {
        ("ALL", "EU", "second_largest_trading_partner")}


def test_a_rank_within_a_group_is_not_the_overall_rank():
    assert relationships("Germany is Kyrgyzstan's largest trading partner in the European Union.") == {}


def test_a_central_asian_state_ranked_by_an_outside_power_is_not_its_partner_rank():
    assert relationships("Kazakhstan is India's largest trading partner in Central Asia.") == {}


def test_in_second_place():
    assert set(relationships("Russia remains Tajikistan's largest trading partner, with China in second place.")) == {
        ("TJ", "RU", "largest_trading_partner"), ("TJ", "CN", "second_largest_trading_partner")}


def test_a_named_format_fixes_the_partner_of_a_dialogue():
    found = relationships("The five countries met under the C5+1 platform on the sidelines of the UN General "
                          "Assembly, as they have since 2015.")
    assert set(found) == {("ALL", "US", "dialogue_framework")} and found[("ALL", "US", "dialogue_framework")].since == 2015


def test_the_two_sides_are_the_pair_the_article_just_spoke_of():
    result = extract_article("Uzbek President Shavkat Mirziyoyev met French President Emmanuel Macron in Paris on "
                             "Tuesday.\nAt the meeting, the two sides raised their relations to a strategic partnership.",
                             published=date(2025, 12, 18))
    assert {(r.ca_iso2, r.partner_code, r.relation) for r in result.relationships} == {
        ("UZ", "FR", "strategic_partnership")}


def test_a_quoted_format_name_is_a_dialogue_framework():
    found = relationships('Japan and the five Central Asian nations have maintained the "Central Asia plus Japan" '
                          "dialogue since 2004.")
    assert found[("ALL", "JP", "dialogue_framework")].since == 2004


def test_the_two_sides_after_a_region_wide_event_are_the_region_and_its_partner():
    result = extract_article(
        "The European Union held its inaugural summit with the five Central Asian states in Samarkand in April.\n"
        "At the summit, the two sides raised their relations to a strategic partnership.\n"
        "The first joint ministerial meeting between the two sides was held in Riyadh in 2022, launching the "
        "strategic dialogue.", published=date(2025, 12, 1))
    assert {(r.ca_iso2, r.partner_code, r.relation) for r in result.relationships} == {
        ("ALL", "EU", "strategic_partnership"), ("ALL", "EU", "dialogue_framework")}


def test_the_bloc_is_the_bloc_the_article_named_last_and_largest_investor_is_a_tie():
    result = extract_article(
        "Foreign ministers of the European Union and Kazakhstan met in Brussels on Monday.\n"
        "The bloc is the largest foreign investor in Kazakhstan, accounting for half of its FDI stock.\n"
        "Kazakhstan is the biggest investor in the sector among its neighbours.", published=date(2026, 3, 4))
    assert {(r.ca_iso2, r.partner_code, r.relation) for r in result.relationships} == {
        ("KZ", "EU", "largest_investor")}


def test_the_bloc_without_a_bloc_named_before_names_no_partner():
    result = extract_article("Kazakh officials met in Astana on Monday.\nThe bloc is the largest foreign investor "
                             "in Kazakhstan.", published=date(2026, 3, 4))
    assert result.relationships == []


def test_the_partner_a_rank_is_given_after_is_not_the_subject_of_the_next_rank():
    found = relationships("The EU is Central Asia's second-largest trading partner after China, and the largest "
                          "foreign investor, according to EU figures.")
    assert set(found) == {("ALL", "EU", "second_largest_trading_partner"), ("ALL", "EU", "largest_investor")}


def test_a_state_named_is_the_scope_of_a_rank_even_when_the_region_is_mentioned():
    found = relationships("China remains Kazakhstan's largest trading partner and Russia ranks second, while American "
                          "trade with the region is a fraction of either.")
    assert set(found) == {("KZ", "CN", "largest_trading_partner"), ("KZ", "RU", "second_largest_trading_partner")}


def test_a_rank_within_a_group_is_not_the_overall_rank():
    assert relationships("Germany is Kazakhstan's second-largest trading partner in the EU after Italy.") == {}


def test_launching_a_format_and_meeting_annually_state_a_dialogue_framework():
    result = extract_article(
        "Merz will join the presidents of all five Central Asian countries in Samarkand on May 21 for the third "
        "Central Asia-Germany summit.\nBerlin launched the format in 2023.\n"
        "The China-Central Asia foreign ministers meeting has been held annually since 2020.",
        published=date(2026, 5, 15))
    found = {(r.ca_iso2, r.partner_code, r.relation): r.since for r in result.relationships}
    assert found == {("ALL", "DE", "dialogue_framework"): 2023, ("ALL", "CN", "dialogue_framework"): 2020}


def test_the_format_after_a_region_wide_meeting_is_its_dialogue_whatever_place_follows():
    result = extract_article(
        "Merz will join the presidents of all five Central Asian countries in Samarkand on May 21 for the third "
        "Central Asia-Germany summit.\nBerlin launched the format in 2023: Olaf Scholz hosted the first summit in "
        "Berlin and attended the second in Astana in September 2024.", published=date(2026, 5, 15))
    assert {(r.ca_iso2, r.partner_code, r.relation) for r in result.relationships} == {("ALL", "DE", "dialogue_framework")}


def test_strategic_partners_since_a_year_and_a_cooperation_forum_with_spaced_dashes():
    found = relationships("China and Tajikistan have been comprehensive strategic partners since 2017.\n"
                          "The Korea – Central Asia Cooperation Forum, launched in 2007, remains the main platform.")
    assert {k: r.since for k, r in found.items()} == {("TJ", "CN", "strategic_partnership"): 2017,
                                                      ("ALL", "KR", "dialogue_framework"): 2007}


def test_a_leading_investor_is_not_the_largest():
    assert relationships("Korea is one of Kazakhstan's ten largest trading partners and a leading investor in its "
                         "manufacturing sector.") == {}
