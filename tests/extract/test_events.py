"""Event mentions read the way news is written: several events per sentence,
actors behind names and capitals, hypotheticals that are not events."""
from datetime import date

import pytest

from diplomacy.extract.article import extract_article

PUBLISHED = date(2025, 12, 18)
FIVE = ("KG", "KZ", "TJ", "TM", "UZ")


def events(text: str, published: date | None = PUBLISHED):
    return extract_article(text, published=published).events


def only(text: str, published: date | None = PUBLISHED):
    found = events(text, published)
    assert len(found) == 1, [(e.event_type, e.partner_code, e.participants) for e in found]
    return found[0]


def test_one_sentence_listing_several_past_events_yields_each():
    found = events("Over the past year, the EU held its first Central Asia summit in Uzbekistan in April, "
                   "China's President Xi Jinping visited Kazakhstan in June, and Erdogan attended a summit "
                   "of the Organization of Turkic States in Hungary in October.")
    summary = {(e.event_type, e.partner_code, e.date.start.isoformat(), e.date.precision) for e in found}
    assert ("summit", "EU", "2025-04-01", "month") in summary
    assert ("state_visit", "CN", "2025-06-01", "month") in summary


def test_region_phrases_expand_to_the_five_states():
    event = only("President Donald Trump hosted the leaders of the five Central Asian states at the White House "
                 "on Nov 6.")
    assert event.participants == ("KG", "KZ", "TJ", "TM", "UZ")
    assert event.event_type == "summit"
    assert event.host_code == "US"


def test_a_visit_hosts_at_the_place_visited_and_the_visitor_is_the_partner():
    event = only("Russian President Vladimir Putin arrived in Dushanbe on Wednesday for a state visit.")
    assert (event.event_type, event.partner_code, event.host_code) == ("state_visit", "RU", "TJ")
    assert event.location_city == "Dushanbe"
    assert event.date.start == date(2025, 12, 17) and event.status == "occurred"


def test_future_tense_makes_a_scheduled_event():
    event = only("Korean President Lee Jae-myung will host a summit with Central Asian leaders in Seoul "
                 "on June 16-17.")
    assert event.status == "scheduled"
    assert (event.date.start, event.date.end) == (date(2026, 6, 16), date(2026, 6, 17))
    assert event.location_city == "Seoul" and event.host_code == "KR"


def test_ordinals_set_is_first():
    assert only("Japan held the inaugural summit with the five Central Asian nations in Tokyo in "
                "December.").is_first is True
    assert only("Leaders gathered in Astana for the second China-Central Asia summit in June.").is_first is False


def test_hypotheticals_denials_and_cancellations_are_not_events():
    assert events("Mr Tokayev could visit Beijing in March if the talks go well.") == []
    assert events("The Kremlin denied that Putin would meet Mirziyoyev in Tashkent in January.") == []
    assert events("The Kazakh leader's visit to Berlin in November was postponed.") == []


def test_a_war_or_a_briefing_is_not_a_diplomatic_event():
    assert events("Russia sent troops into Ukraine in 2022.") == []
    assert events("Foreign Ministry spokesperson Mao Ning told a press briefing on Dec 17 that China and "
                  "Kazakhstan are partners.") == []


def test_an_event_needs_a_central_asian_party():
    assert events("Xi Jinping met Vladimir Putin in Moscow in May.") == []


def test_office_holders_resolve_to_their_country():
    event = only("Ms Takaichi met Uzbekistan's President in Tokyo on Tuesday.")
    assert event.partner_code == "JP" and event.participants == ("UZ",)
    assert event.event_type == "bilateral_meeting"


def test_dropped_apostrophes_still_name_the_country():
    event = only("Kazakhstans President Tokayev signed a joint statement with Japanese Prime Minister "
                 "Sanae Takaichi on Dec 16.")
    assert event.event_type == "agreement_or_joint_statement" and event.participants == ("KZ",)


def test_an_undated_mention_lends_its_ordinal_to_the_dated_mention_of_the_same_event():
    found = events("Seoul will host the first Korea-Central Asia summit.\n"
                   "President Lee Jae-myung will welcome the leaders of Kazakhstan, Uzbekistan, Kyrgyzstan, "
                   "Tajikistan and Turkmenistan for the two-day summit starting on June 16.")
    assert len(found) == 1
    assert found[0].is_first is True and found[0].date.end == date(2026, 6, 17)


def test_a_recent_undated_past_event_takes_the_publication_month():
    found = events("Kazakhstan's exports grew by a tenth last year, officials said.\n"
                   "Uzbek President Shavkat Mirziyoyev arrived in Berlin for talks with Chancellor Friedrich Merz.")
    event, = [e for e in found if e.partner_code == "DE"]
    assert (event.date.start, event.date.precision, event.status) == (date(2025, 12, 1), "month", "occurred")


def test_an_undated_past_event_in_the_lead_of_a_report_happened_on_its_day():
    found = events("The second Russia - Central Asia summit has wrapped up in the Tajik capital, with the six leaders "
                   "adopting a joint statement on strategic partnership.", published=date(2025, 10, 9))
    assert sorted((e.event_type, e.date.start, e.date.precision) for e in found) == [
        ("agreement_or_joint_statement", date(2025, 10, 9), "day"), ("summit", date(2025, 10, 9), "day")]


def test_habitual_undated_meetings_are_background():
    assert events("Mirziyoyev has met Putin several times in Moscow.") == []


def test_run_together_sentences_are_split():
    found = events("Putin visited Astana on Monday.Lavrov met Kyrgyz Foreign Minister Kulubaev in Bishkek on Tuesday.")
    assert {e.event_type for e in found} == {"state_visit", "ministerial_meeting"}


def test_talks_on_the_sidelines_of_a_summit_are_a_meeting_not_the_summit():
    event = only("Erdogan is also expected to meet his Kyrgyz counterpart Sadyr Japarov on the sidelines of "
                 "the summit on Dec 19.")
    assert (event.event_type, event.partner_code, event.participants) == ("bilateral_meeting", "TR", ("KG",))


def test_a_summit_with_one_leader_is_a_bilateral_meeting():
    assert only("Yoon will hold a summit with Turkmen President Serdar Berdimuhamedov on Dec 22.").event_type == \
        "bilateral_meeting"


def test_a_tour_is_one_visit_per_state():
    found = events("Chinese President Xi Jinping will visit Kazakhstan and Uzbekistan on Dec 21.")
    assert sorted((e.event_type, e.host_code, e.participants) for e in found) == [
        ("state_visit", "KZ", ("KZ",)), ("state_visit", "UZ", ("UZ",))]


def test_a_dateline_city_is_neither_partner_nor_host():
    event = only("RIYADH, Dec 17 (Wire) - Kazakhstan and Uzbekistan signed a water agreement on Tuesday.")
    assert (event.partner_code, event.participants) == (None, ("KZ", "UZ"))


def test_he_in_a_later_sentence_is_the_visitor_named_before():
    found = events("South Korean President Lee Jae-myung left Seoul on Monday for Central Asia.\n"
                   "He will then fly to Astana for a state visit to Kazakhstan on Dec 20.")
    assert [(e.event_type, e.partner_code, e.host_code) for e in found] == [("state_visit", "KR", "KZ")]


def test_a_bloc_name_is_not_a_trigger():
    found = events("Tomorrow, Putin will take part in the session of the Collective Security Treaty "
                   "Organization's council in Astana with Kyrgyz and Tajik leaders.")
    assert [(e.event_type, e.partner_code) for e in found] == [("summit", "CSTO")]


def test_a_visit_from_one_weekday_to_another_is_a_day_range():
    found = events("Xi Jinping held talks with Uzbek President Shavkat Mirziyoyev, who is on a state visit to "
                   "China from Tuesday to Thursday, in Beijing on Wednesday.")
    dates = {e.event_type: (e.date.start, e.date.end) for e in found}
    assert dates["state_visit"] == (date(2025, 12, 16), date(2025, 12, 18))
    assert dates["bilateral_meeting"] == (date(2025, 12, 17), None)


def test_a_signing_following_the_talks_takes_the_date_of_the_talks():
    found = events("Putin held talks with Kazakh President Tokayev in the Kremlin on Tuesday.\n"
                   "Following the talks, the two leaders signed a declaration on strategic partnership.")
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert len(signing) == 1
    assert (signing[0].date.start, signing[0].partner_code, signing[0].participants) == (
        date(2025, 12, 16), "RU", ("KZ",))


def test_a_plan_that_was_cancelled_is_not_an_event():
    assert events("Kishida had planned to visit Kazakhstan and Uzbekistan on Dec 21, officials said.") == []


def test_a_question_reports_nothing():
    assert events("Question: Will the Consultative Meeting of the Heads of State be held in Tashkent next year?") == []


def test_the_tense_nearest_the_trigger_decides():
    found = events("Modi arrived in Astana on Thursday for a state visit, and the two leaders will hold talks "
                   "on Friday.")
    visit = [e for e in found if e.event_type == "state_visit"][0]
    assert (visit.date.start, visit.status) == (date(2025, 12, 18), "occurred")


def test_a_story_filed_from_the_host_city_locates_the_event_there():
    event = only("TOKYO - Japan will host the leaders of the five Central Asian nations on Dec 19.")
    assert (event.host_code, event.location_city) == ("JP", "Tokyo")


def test_adopting_a_declaration_at_the_end_of_a_summit_is_a_signing():
    found = events("At the end of the summit on Dec 17, the leaders of the five Central Asian states and "
                   "Germany adopted the Astana Declaration.")
    assert [e.event_type for e in found] == ["agreement_or_joint_statement"]


def test_place_and_date_after_a_time_offset_belong_to_the_earlier_event():
    """"..., a year after the first such summit in Berlin in September 2024": Berlin and
    September belong to the first summit, told as an event of its own with the same parties."""
    found = events("On Tuesday, the chancellor Olaf Scholz will meet the presidents of all five Central Asian "
                   "states for the second summit, a year after the first such summit in Berlin in September 2024.")
    second, first = sorted(found, key=lambda e: e.date.start, reverse=True)
    assert (second.date.start, second.host_code, second.is_first) == (date(2025, 12, 23), None, False)
    assert (first.date.start, first.date.precision, first.host_code, first.location_city, first.is_first) == (
        date(2024, 9, 1), "month", "DE", "Berlin", True)
    assert first.partner_code == second.partner_code == "DE" and len(first.participants) == 5


def test_a_guest_met_at_the_airport_and_company_deals_are_not_diplomatic_events():
    found = events("Putin arrived in Astana on Monday for a state visit and was met at the airport by the prime "
                   "minister.\nKorean and Kazakh companies signed 23 memorandums on Tuesday, with Tokayev present.")
    assert [e.event_type for e in found] == ["state_visit"]


def test_an_article_that_never_names_central_asia_is_read_no_further():
    result = extract_article("Brazil and Argentina signed a trade agreement in Brasilia on Tuesday.",
                             published=PUBLISHED)
    assert (result.events, result.relationships, result.n_sentences) == ([], [], 0)


def test_an_undated_act_in_the_next_sentence_happened_on_the_day_just_told():
    found = events("German Chancellor Olaf Scholz arrived in Uzbekistan on Sunday on a three-day official visit.\n"
                   "In Samarkand, Scholz met Uzbek President Shavkat Mirziyoyev.", published=date(2024, 9, 15))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert len(talks) == 1
    assert (talks[0].date.start, talks[0].date.precision, talks[0].status) == (date(2024, 9, 15), "day", "occurred")


def test_on_the_eve_of_the_summit_is_the_day_before_it():
    found = events("On November 16, Central Asian leaders held their consultative summit in Tashkent.\n"
                   "On the eve of the summit, Uzbek President Mirziyoyev held talks with Kazakh President Tokayev.",
                   published=date(2025, 11, 16))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(t.date.start, t.participants) for t in talks] == [(date(2025, 11, 15), ("KZ", "UZ"))]


def test_the_subject_before_a_relative_clause_is_the_partner_of_the_main_clause():
    found = events("Xi, who arrives on Monday for a state visit, will also hold talks with Kazakh President "
                   "Kassym-Jomart Tokayev, the ministry said.", published=date(2025, 6, 13))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(t.partner_code, t.participants, t.date.start, t.status) for t in talks] == [
        ("CN", ("KZ",), date(2025, 6, 16), "scheduled")]


def test_a_council_of_heads_of_state_is_a_summit_and_of_foreign_ministers_a_ministerial():
    summit = only("On Friday, Dushanbe will host a meeting of the CIS Council of Heads of State.",
                  published=date(2025, 10, 9))
    assert (summit.event_type, summit.partner_code, summit.date.start) == ("summit", "CIS", date(2025, 10, 10))
    ministers = only("On November 15, a meeting of the Council of Foreign Ministers of the Central Asian states "
                     "was held in Tashkent.", published=date(2025, 11, 16))
    assert (ministers.event_type, len(ministers.participants)) == ("ministerial_meeting", 5)


def test_a_visit_under_way_at_publication_keeps_its_year_and_has_occurred():
    visit = only("Putin arrived in Dushanbe on a state visit to Tajikistan that will last from October 8 to 10.",
                 published=date(2025, 10, 9))
    assert (visit.date.start, visit.date.end, visit.status) == (date(2025, 10, 8), date(2025, 10, 10), "occurred")


def test_talks_during_a_visit_under_way_happened_on_the_day_of_the_report():
    found = events("Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev, who is in Russia "
                   "on a state visit on November 11-12.", published=date(2025, 11, 12))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(t.date.start, t.date.end) for t in talks] == [(date(2025, 11, 12), None)]


def test_a_leg_told_precisely_replaces_the_tours_vaguer_span():
    found = events("President Yoon Suk Yeol left for a six-day tour of Turkmenistan, Kazakhstan and Uzbekistan "
                   "on Monday.\nHe will then fly to Astana for a state visit to Kazakhstan from June 12-13.",
                   published=date(2024, 6, 10))
    kazakh = [e for e in found if e.event_type == "state_visit" and e.participants == ("KZ",)]
    assert [(v.date.start, v.date.end) for v in kazakh] == [(date(2024, 6, 12), date(2024, 6, 13))]


def test_a_format_launched_years_ago_or_an_accepted_invitation_is_no_event():
    assert events("Launched in 2004 by Japan's foreign minister, the Central Asia plus Japan dialogue has met "
                  "at ministerial level ten times.") == []
    assert events("Kassym-Jomart Tokayev accepted an invitation from the Federal Chancellor to visit Germany "
                  "next year.") == []


def test_he_in_a_later_sentence_is_the_central_asian_leader_named_before_when_the_partner_is_named():
    found = events("Kazakh President Kassym-Jomart Tokayev got an early start.\n"
                   "He held talks with Ms Takaichi on Thursday.")
    assert [(e.event_type, e.partner_code, e.participants, e.date.start) for e in found] == [
        ("bilateral_meeting", "JP", ("KZ",), date(2025, 12, 18))]


def test_held_bilateral_talks_before_the_summit_are_talks_on_the_summit_day():
    found = events("On Monday, the city of Khujand hosted the first trilateral summit of the presidents of "
                   "Tajikistan, Kyrgyzstan and Uzbekistan.\n"
                   "Before the trilateral meeting, Emomali Rahmon and Shavkat Mirziyoyev held bilateral talks.",
                   published=date(2025, 4, 1))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(t.participants, t.date.start) for t in talks] == [(("TJ", "UZ"), date(2025, 3, 31))]


def test_a_city_in_a_documents_name_does_not_make_the_signing_one_states_act():
    found = events("On Monday, the city of Khujand hosted the first trilateral summit of the presidents of "
                   "Tajikistan, Kyrgyzstan and Uzbekistan.\n"
                   "Following the summit, the heads of state signed the Khujand Declaration on Eternal Friendship.",
                   published=date(2025, 4, 1))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(s.participants, s.date.start) for s in signing] == [(("KG", "TJ", "UZ"), date(2025, 3, 31))]


def test_the_visit_in_a_later_sentence_dates_the_visit_just_told():
    found = events("ASTANA - Russian President Vladimir Putin has arrived in Astana on a state visit.\n"
                   "The visit will last from November 27 to 28, the Akorda press service said.",
                   published=date(2024, 11, 27))
    visits = [e for e in found if e.event_type == "state_visit"]
    assert [(v.partner_code, v.participants, v.date.start, v.date.end) for v in visits] == [
        ("RU", ("KZ",), date(2024, 11, 27), date(2024, 11, 28))]


def test_a_leader_taking_part_in_a_blocs_session_is_the_blocs_summit_and_talks_between_are_talks():
    found = events("Tomorrow, Putin will take part in the session of the Collective Security Treaty "
                   "Organization Council in Astana.\n"
                   "The talks between Kassym-Jomart Tokayev and Vladimir Putin are scheduled for today.",
                   published=date(2024, 11, 27))
    assert sorted((e.event_type, e.partner_code, e.date.start) for e in found) == [
        ("bilateral_meeting", "RU", date(2024, 11, 27)), ("summit", "CSTO", date(2024, 11, 28))]


def test_documents_exchanged_phone_calls_and_separate_meetings():
    found = events("In the presence of the two leaders, the Kazakh and Chinese sides exchanged 24 bilateral "
                   "documents on 16 June.", published=date(2025, 6, 17))
    assert [(e.event_type, e.partner_code, e.participants) for e in found] == [
        ("agreement_or_joint_statement", "CN", ("KZ",))]
    call = only("Kazakh President Kassym-Jomart Tokayev discussed the incident with Russian President Vladimir "
                "Putin in a phone call on Tuesday.", published=date(2025, 2, 19))
    assert (call.event_type, call.partner_code, call.date.start) == ("other", "RU", date(2025, 2, 18))
    separate = only("Xi Jinping also held separate meetings with the Presidents of Kyrgyzstan, Tajikistan, "
                    "Turkmenistan and Uzbekistan on Monday.", published=date(2025, 6, 17))
    assert (separate.event_type, separate.participants) == ("bilateral_meeting", ("KG", "TJ", "TM", "UZ"))


def test_the_ministers_or_the_two_leaders_are_the_parties_of_the_occasion_just_told():
    found = events("The GCC and the Central Asian countries held their second joint ministerial meeting in "
                   "Riyadh on Monday.\nThe ministers approved a joint statement on the joint action plan.",
                   published=date(2024, 9, 10))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(s.partner_code, len(s.participants), s.date.start) for s in signing] == [("GCC", 5, date(2024, 9, 9))]
    found = events("Prime Minister Narendra Modi arrived in Astana on Tuesday for talks with President Tokayev.\n"
                   "The two leaders will hold delegation-level talks on Wednesday, after which agreements are "
                   "likely to be signed.", published=date(2026, 7, 7))
    assert ("bilateral_meeting", "IN", ("KZ",), date(2026, 7, 8)) in [
        (e.event_type, e.partner_code, e.participants, e.date.start) for e in found]
    assert not [e for e in found if e.event_type == "agreement_or_joint_statement"]  # "likely": not reported as held


def test_readout_phrasings_received_by_adoption_of_and_the_head_of_state():
    audience = only("Kazakh President Kassym-Jomart Tokayev was received by Emperor Naruhito at the Imperial "
                    "Palace on 17 December.", published=date(2025, 12, 20))
    assert (audience.event_type, audience.partner_code, audience.date.start) == (
        "bilateral_meeting", "JP", date(2025, 12, 17))
    found = events("The first summit of the Central Asia + Japan Dialogue, held in Tokyo on 19-20 December, "
                   "concluded on Saturday with the adoption of the Tokyo Declaration.", published=date(2025, 12, 20))
    assert "agreement_or_joint_statement" in [e.event_type for e in found]
    found = events("President of the Kyrgyz Republic Sadyr Japarov will pay an official visit to Germany.\n"
                   "In Berlin, the Head of State will hold talks with Chancellor Merz on March 19.",
                   published=date(2026, 3, 17))
    assert ("bilateral_meeting", "DE", ("KG",), date(2026, 3, 19)) in [
        (e.event_type, e.partner_code, e.participants, e.date.start) for e in found]


def test_the_last_leg_of_the_trip_is_the_visitors_visit():
    found = events("President Yoon Suk Yeol left for Turkmenistan on Monday.\n"
                   "The last leg of the trip will be a state visit to Uzbekistan from Thursday through Saturday.",
                   published=date(2024, 6, 10))
    assert ("state_visit", "KR", ("UZ",), date(2024, 6, 13), date(2024, 6, 15)) in [
        (e.event_type, e.partner_code, e.participants, e.date.start, e.date.end) for e in found]


def test_a_visit_told_in_passing_with_its_own_date_is_an_event_and_lends_the_signing_none():
    found = events("The leaders of Kyrgyzstan and Tajikistan signed a border treaty on Thursday.\n"
                   "Kyrgyz President Sadyr Japarov and his Tajik counterpart Emomali Rahmon signed the document in "
                   "Bishkek during a two-day state visit by Rahmon that began on Wednesday.",
                   published=date(2025, 3, 13))
    visits = [e for e in found if e.event_type == "state_visit"]
    assert [(v.participants, v.host_code, v.location_city, v.date.start, v.date.end) for v in visits] == [
        (("KG", "TJ"), "KG", "Bishkek", date(2025, 3, 12), date(2025, 3, 13))]
    assert {e.date.start for e in found if e.event_type == "agreement_or_joint_statement"} == {date(2025, 3, 13)}


def test_a_summit_named_ahead_with_a_relative_clause_is_told_too():
    found = events("Modi arrived in Astana on Tuesday for a state visit to Kazakhstan.\n"
                   "The visit comes ahead of the second India-Central Asia Summit, which India will host in New "
                   "Delhi later this year.", published=date(2026, 7, 7))
    summits = [e for e in found if e.event_type == "summit"]
    assert [(s.partner_code, s.location_city, s.date.precision, s.status, s.is_first, len(s.participants))
            for s in summits] == [("IN", "New Delhi", "year", "scheduled", False, 5)]


def test_the_date_the_events_own_verb_takes_beats_the_nearer_date_of_an_arrival():
    found = events("Turkish President Recep Tayyip Erdogan arrived in the Kyrgyz capital Bishkek on Tuesday to "
                   "attend the 11th summit of the Organization of Turkic States, set to be held Wednesday.",
                   published=date(2024, 11, 6))
    summits = [e for e in found if e.event_type == "summit"]
    assert [(s.partner_code, s.date.start, s.is_first) for s in summits] == [("OTS", date(2024, 11, 6), False)]


def test_the_group_subject_names_the_parties_not_a_country_named_further_on():
    found = events("India's External Affairs Minister hosted the foreign ministers of Kazakhstan, Kyrgyzstan, "
                   "Tajikistan, Turkmenistan and Uzbekistan in New Delhi on Monday.\n"
                   "The ministers adopted a joint statement calling for faster work on connectivity through "
                   "Iran's Chabahar port.", published=date(2026, 5, 12))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(s.partner_code, len(s.participants), s.date.start) for s in signing] == [("IN", 5, date(2026, 5, 11))]


def test_an_annual_meeting_does_not_make_its_communique_habitual_and_a_half_year_is_a_year():
    found = events("The European Union and the five Central Asian states met in Bishkek on Thursday.\n"
                   "The EU's foreign policy chief and the foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan, "
                   "Turkmenistan and Uzbekistan adopted a joint communique at the end of the annual EU-Central Asia "
                   "ministerial meeting in Bishkek.\n"
                   "The EU and Central Asia will hold the next ministerial meeting in Astana in the second half "
                   "of 2026.", published=date(2026, 1, 29))
    kinds = {(e.event_type, e.date.start, e.date.precision) for e in found}
    assert ("agreement_or_joint_statement", date(2026, 1, 29), "day") in kinds
    assert ("ministerial_meeting", date(2026, 1, 1), "year") in kinds


def test_a_tour_after_another_visit_in_the_same_sentence_is_its_own_visit_per_state():
    found = events("German Chancellor Olaf Scholz visited Samarkand and Astana last September, and French President "
                   "Emmanuel Macron toured Kazakhstan and Uzbekistan in November 2023.", published=date(2025, 4, 7))
    french = sorted((e.event_type, e.participants, e.date.start) for e in found if e.partner_code == "FR")
    assert french == [("state_visit", ("KZ",), date(2023, 11, 1)), ("state_visit", ("UZ",), date(2023, 11, 1))]


def test_an_envoys_visit_is_a_working_meeting_in_each_capital_and_the_summit_it_prepares_is_not_reported():
    found = events("Trump's special envoy for South and Central Asia, Sergio Gor, visited Tashkent and Astana last "
                   "month to prepare the summit, meeting Presidents Shavkat Mirziyoyev and Kassym-Jomart Tokayev.",
                   published=date(2025, 11, 4))
    assert sorted((e.event_type, e.partner_code, e.participants) for e in found) == [
        ("bilateral_meeting", "US", ("KZ",)), ("bilateral_meeting", "US", ("UZ",))]


def test_consultations_and_talks_on_preparations_for_a_summit_are_meetings_of_their_own_level():
    found = events("On 23-24 October, Kazakh Deputy Foreign Minister Alibek Bakayev held political consultations with "
                   "Japan's deputy foreign minister in Tokyo, discussing preparations for the summit.",
                   published=date(2025, 10, 28))
    assert [(e.event_type, e.partner_code, e.date.start) for e in found] == [
        ("bilateral_meeting", "JP", date(2025, 10, 23))]
    talks = only("Earlier this month, Kyrgyz Foreign Minister Jeenbek Kulubaev travelled to Beijing for talks with "
                 "Chinese Foreign Minister Wang Yi on preparations for the summit.", published=date(2026, 4, 20))
    assert (talks.event_type, talks.partner_code, talks.participants) == ("ministerial_meeting", "CN", ("KG",))


def test_travelling_on_to_a_capital_for_a_visit_is_a_visit_there():
    found = events("On Monday, Scholz will travel on to Astana for a two-day visit and talks with President "
                   "Kassym-Jomart Tokayev.", published=date(2024, 9, 15))
    visits = [e for e in found if e.event_type == "state_visit"]
    assert [(v.partner_code, v.participants, v.date.start, v.date.end) for v in visits] == [
        ("DE", ("KZ",), date(2024, 9, 16), date(2024, 9, 17))]


def test_the_second_day_of_a_summit_means_it_opened_the_day_before():
    summit = only("Leaders of the Shanghai Cooperation Organisation met in the Kazakh capital on Thursday for the "
                  "second day of a summit hosted by President Kassym-Jomart Tokayev.", published=date(2024, 7, 4))
    assert (summit.event_type, summit.date.start, summit.date.end) == ("summit", date(2024, 7, 3), date(2024, 7, 4))


def test_the_day_of_an_arrival_is_not_the_day_of_the_summit_it_is_for():
    found = events("Erdogan arrives in Bishkek to attend 11th summit of OTS, set to be held Wednesday\n"
                   "Turkish President Recep Tayyip Erdogan arrived in the Kyrgyz capital Bishkek on Tuesday to attend "
                   "the 11th Summit of the Organization of Turkic States (OTS).", published=date(2024, 11, 6))
    assert {(e.event_type, e.date.start) for e in found if e.partner_code == "OTS"} == {("summit", date(2024, 11, 6))}


def test_a_headline_naming_the_meeting_differently_yields_to_the_body():
    found = events("4th meeting of the India-Central Asia Dialogue, New Delhi (June 06, 2025)\n"
                   "External Affairs Minister Dr. S. Jaishankar hosted the 4th meeting of the India-Central Asia "
                   "Dialogue with the foreign ministers of the five Central Asian states in New Delhi on 6 June 2025.",
                   published=date(2025, 6, 6))
    assert [(e.event_type, e.date.start) for e in found] == [("ministerial_meeting", date(2025, 6, 6))]


def test_a_time_of_its_own_that_cannot_be_resolved_is_not_borrowed_from_the_occasion():
    found = events("Kazakhstan and Uzbekistan signed a treaty on allied relations in December 2021.\n"
                   "Last week the two presidents met again.", published=None)
    assert [(e.event_type, e.date.start) for e in found] == [("agreement_or_joint_statement", date(2021, 12, 1))]


def test_a_clause_opening_with_its_verb_has_the_subject_of_the_clause_before():
    found = events("On 26 December, President of Turkmenistan Serdar Berdimuhamedov, who arrived in Saint Petersburg "
                   "the day before, took part in the informal meeting of the Heads of State of the Commonwealth of "
                   "Independent States.", published=date(2024, 12, 27))
    assert [(e.event_type, e.partner_code, e.participants, e.date.start) for e in found] == [
        ("summit", "CIS", ("TM",), date(2024, 12, 26))]


def test_an_earlier_summit_told_in_passing_has_the_parties_of_the_next_one():
    found = events("The ministers also reviewed preparations for the second GCC-Central Asia summit, to be held in "
                   "Samarkand in 2025, following the first summit, hosted by Saudi Arabia in Jeddah in July 2023.",
                   published=date(2024, 9, 9))
    summits = sorted((e.date.start, e.partner_code, e.host_code, e.location_city, len(e.participants), e.status)
                     for e in found if e.event_type == "summit")
    assert summits == [(date(2023, 7, 1), "GCC", "SA", "Jeddah", 5, "occurred"),
                       (date(2025, 1, 1), "GCC", "UZ", "Samarkand", 5, "scheduled")]


def test_the_five_leaders_in_an_article_on_the_region_are_the_five_states():
    found = events("Xi arrives in Astana for the China-Central Asia summit.\n"
                   "The meeting follows the inaugural summit with the five leaders that Xi hosted in the ancient "
                   "Chinese capital of Xi'an in May 2023.", published=date(2025, 6, 16))
    assert ("summit", "CN", 5, date(2023, 5, 1), True) in [
        (e.event_type, e.partner_code, len(e.participants), e.date.start, e.is_first) for e in found]


def test_who_meets_decides_the_level_not_the_summit_they_prepare_or_the_body_whose_sidelines_they_use():
    ministers = only("On March 5, 2024, the five foreign ministers of Central Asia met in Tashkent to prepare the "
                     "agenda for that year's summit.")
    assert (ministers.event_type, ministers.date.start) == ("ministerial_meeting", date(2024, 3, 5))
    leaders = only("The first C5+1 summit was held after then-President Joe Biden met the five Central Asian "
                   "leaders on the sidelines of the U.N. General Assembly in New York in September 2023.")
    assert (leaders.event_type, leaders.partner_code, leaders.location_city) == ("summit", "US", "New York")


def test_the_second_day_of_someones_visit_and_a_first_meeting_that_was_held():
    visit = [e for e in events("President Tokayev held talks with Russian President Vladimir Putin in Astana on "
                               "Tuesday, the second day of Putin's state visit to Kazakhstan.",
                               published=date(2026, 3, 17)) if e.event_type == "state_visit"]
    assert [(v.date.start, v.date.end) for v in visit] == [(date(2026, 3, 16), date(2026, 3, 17))]
    first = only("The India-Central Asia Dialogue of foreign ministers, whose first meeting was held in Samarkand "
                 "in January 2019, has become an important platform.", published=date(2025, 6, 6))
    assert (first.event_type, first.partner_code, first.location_city, first.is_first, first.date.start) == (
        "ministerial_meeting", "IN", "Samarkand", True, date(2019, 1, 1))


def test_the_first_with_its_noun_left_out_after_a_time_offset_is_the_earlier_event_of_that_kind():
    found = events("The C5+1 held its second leaders' summit in Washington last year, two years after the first on "
                   "the sidelines of the United Nations General Assembly in New York in September 2023.",
                   published=date(2026, 2, 10))
    summits = sorted((e.date.start, e.date.precision, e.location_city, e.is_first, e.partner_code)
                     for e in found if e.event_type == "summit")
    assert summits == [(date(2023, 9, 1), "month", "New York", True, "US"), (date(2025, 1, 1), "year", "Washington", False, "US")]


def test_what_the_two_countries_signed_is_the_act_of_the_pair_the_article_is_about():
    found = events("Kyrgyzstan and Uzbekistan signed an agreement on water sharing in Tashkent on Tuesday.\n"
                   "The agreement builds on a treaty on the state border that the two countries signed in 2022.",
                   published=date(2026, 4, 2))
    assert sorted((e.date.start, e.participants) for e in found if e.event_type == "agreement_or_joint_statement") == [
        (date(2022, 1, 1), ("KG", "UZ")), (date(2026, 3, 31), ("KG", "UZ"))]


def test_an_undated_article_tells_no_held_event_after_it_reached_us():
    found = extract_article("Tajik Foreign Minister Sirojiddin Muhriddin held talks with Indian External Affairs "
                            "Minister S. Jaishankar in Khujand earlier this year, discussing critical minerals.A "
                            "railway linking Khujand with the Indian border is expected to open in 2027.",
                            published=None, today=date(2026, 11, 22)).events
    assert not [e for e in found if e.status == "occurred" and e.date.start > date(2026, 11, 22)]
    found = extract_article("The talks were held in Khujand in 2027, officials said.", published=None,
                            today=date(2026, 11, 22)).events
    assert found == []


def test_an_undated_articles_plan_for_a_day_past_when_it_reached_us_is_not_reported():
    found = extract_article("The inaugural GCC summit with the five Central Asian presidents is scheduled to take "
                            "place in Turkistan on 20 January 2024.", published=None, today=date(2026, 11, 22)).events
    assert found == []


def test_the_next_meeting_of_a_format_is_a_scheduled_event_of_its_partner_and_parties_with_its_own_host():
    found = events("BISHKEK, Jan 29 - The European Union and the five Central Asian states adopted a joint "
                   "communique on Thursday as their foreign ministers met in the Kyrgyz capital.\n"
                   "Kazakhstan will host the next ministerial meeting in Astana in the second half of 2026, "
                   "the communique said.", published=date(2026, 1, 29))
    nxt = [e for e in found if e.status == "scheduled"]
    assert len(nxt) == 1, [(e.event_type, e.partner_code, e.status) for e in found]
    event = nxt[0]
    assert (event.event_type, event.partner_code, event.host_code, event.location_city) == (
        "ministerial_meeting", "EU", "KZ", "Astana")
    assert event.participants == ("KG", "KZ", "TJ", "TM", "UZ")
    assert (event.date.start, event.date.precision) == (date(2026, 1, 1), "year")
    held = [e for e in found if e.event_type == "ministerial_meeting" and e.status == "occurred"]
    assert [e.date.start for e in held] == [date(2026, 1, 29)]  # the year-wide plan does not swallow it


def test_the_next_meeting_with_no_earlier_meeting_of_its_kind_is_nobodys():
    assert events("Kazakhstan will host the next ministerial meeting in Astana in 2026.", published=date(2026, 1, 29)) == []


def test_the_next_day_is_a_time_not_a_meeting_in_a_series():
    found = events("Japanese Prime Minister Sanae Takaichi met the five Central Asian leaders in Tokyo on "
                   "December 19.\nThe next day Tokayev held talks with Takaichi.", published=date(2025, 12, 21))
    assert not any(e.next_of_series for e in found)
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(e.partner_code, e.participants) for e in talks] == [("JP", ("KZ",))]


def test_heads_of_government_and_foreign_ministers_of_either_side_name_their_states():
    event = only("Prime Minister Olzhas Bektenov received German Foreign Minister Johann Wadephul in Astana on "
                 "Monday to discuss transport links.",
                 published=date(2025, 9, 3))
    assert (event.partner_code, event.participants, event.date.start) == ("DE", ("KZ",), date(2025, 9, 1))


def test_an_ordinal_standing_for_the_next_meeting_of_a_format_is_that_meeting():
    found = events("In May 2023 Xi Jinping hosted the first China-Central Asia summit in Xi'an, and the second "
                   "followed in Astana in June 2025.", published=date(2026, 1, 12))
    assert [(e.partner_code, e.host_code, e.date.start, e.date.precision, e.is_first, len(e.participants))
            for e in found] == [("CN", "CN", date(2023, 5, 1), "month", True, 5),
                                ("CN", "KZ", date(2025, 6, 1), "month", False, 5)]


def test_the_first_with_its_noun_left_out_is_the_first_meeting_of_the_format_just_told():
    found = events("In November, Donald Trump hosted the five presidents of Central Asia at the White House for a "
                   "C5+1 summit, only the second at leaders' level since Washington launched the format in 2015.\n"
                   "The first had been hosted by Joe Biden in New York in September 2023.", published=date(2026, 1, 12))
    assert sorted((e.date.start, e.date.precision, e.is_first, e.location_city) for e in found) == [
        (date(2023, 9, 1), "month", True, "New York"), (date(2025, 11, 1), "month", False, None)]
    assert {e.partner_code for e in found} == {"US"}  # the launch "in 2015" dates neither


def test_an_earlier_summit_named_by_its_ordinal_has_the_parties_of_its_format():
    found = events("On May 21 Merz will join the presidents of all five Central Asian countries in Samarkand for the "
                   "third Central Asia-Germany summit. Berlin launched the format in 2023: Olaf Scholz hosted the first "
                   "summit in Berlin in September 2023 and attended the second in Astana in September 2024.",
                   published=date(2026, 5, 15))
    assert sorted((e.date.start, e.host_code, e.participants) for e in found) == [
        (date(2023, 9, 1), "DE", FIVE), (date(2024, 9, 1), "KZ", FIVE), (date(2026, 5, 21), "UZ", FIVE)]


def test_the_consultative_meeting_is_the_central_asian_states_own_whoever_was_named_before():
    found = events("Italy's Giorgia Meloni flew to Astana in May 2025 for the first Central Asia-Italy summit, and "
                   "the Central Asian presidents themselves met in Tashkent in November 2025 for their seventh "
                   "Consultative Meeting.", published=date(2026, 1, 12))
    assert sorted((e.partner_code or "-", e.host_code, e.date.start) for e in found) == [
        ("-", "UZ", date(2025, 11, 1)), ("IT", "KZ", date(2025, 5, 1))]


def test_hosting_the_leaders_or_ministers_of_a_format_is_a_meeting_of_it():
    summit = only("Trump hosted the five Central Asian presidents at the White House in Washington on November 6, "
                  "2025, and came away with announcements on critical minerals.", published=date(2026, 3, 11))
    assert (summit.event_type, summit.partner_code, summit.date.start) == ("summit", "US", date(2025, 11, 6))
    ministers = only("Last month, Secretary of State Marco Rubio hosted the C5+1 foreign ministers in Washington.",
                     published=date(2026, 3, 11))
    assert (ministers.event_type, ministers.partner_code, ministers.date.start, ministers.date.precision) == (
        "ministerial_meeting", "US", date(2026, 2, 1), "month")


def test_speaking_with_a_leader_by_phone_is_a_phone_call():
    call = only("Kazakh President Kassym-Jomart Tokayev spoke with Trump by phone last week, according to the Akorda.",
                published=date(2026, 3, 11))
    assert (call.event_type, call.partner_code, call.participants, call.status) == ("other", "US", ("KZ",), "occurred")


def test_a_format_described_as_grown_into_a_forum_is_no_event():
    assert events("The C5+1, the format Washington launched with the five Central Asian states in 2015, has grown "
                  "from a talking shop into a leaders' forum.", published=date(2026, 3, 11)) == []


def test_a_sentence_glued_to_a_year_is_split():
    found = events("The foreign ministers of China and the five Central Asian states met in Ashgabat on Saturday to "
                   "prepare the third China-Central Asia summit, which China will host in 2027.The ministers adopted "
                   "a joint communique.", published=date(2026, 8, 8))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(e.date.start, e.status) for e in signing] == [(date(2026, 8, 8), "occurred")]


def test_a_person_named_in_full_is_known_by_one_part_of_the_name_later_in_the_article():
    found = events("Pakistani Prime Minister Shehbaz Sharif postponed his visit to Uzbekistan.\n"
                   "Sharif and Uzbek President Shavkat Mirziyoyev discussed the postponement by telephone on Monday.",
                   published=date(2026, 7, 7))
    assert [(e.event_type, e.partner_code, e.participants, e.date.start) for e in found] == [
        ("other", "PK", ("UZ",), date(2026, 7, 6))]


def test_a_part_of_a_name_is_not_a_person_before_the_full_name_or_in_another_article():
    assert events("Sharif and Uzbek President Shavkat Mirziyoyev spoke by telephone on Monday.",
                  published=date(2026, 7, 7)) == []


def test_who_said_it_at_a_briefing_does_not_make_the_news_a_briefing():
    event = only("Foreign Minister Ishaq Dar will travel to Tashkent on Thursday for talks with Uzbek Foreign Minister "
                 "Bakhtiyor Saidov, the Foreign Office spokesperson told the weekly briefing.",
                 published=date(2026, 7, 7))
    assert (event.partner_code, event.participants, event.date.start, event.status) == (
        "PK", ("UZ",), date(2026, 7, 9), "scheduled")


def test_during_that_visit_dates_the_signing_by_the_visit():
    found = events("Mirziyoyev paid a state visit to Islamabad in February 2025.During that visit Mirziyoyev and "
                   "Pakistani Prime Minister Shehbaz Sharif signed a joint declaration.", published=date(2026, 7, 7))
    assert sorted((e.event_type, e.date.start, e.date.precision) for e in found) == [
        ("agreement_or_joint_statement", date(2025, 2, 1), "month"), ("state_visit", date(2025, 2, 1), "month")]


def test_a_date_in_a_clause_about_a_person_does_not_date_the_event():
    event = only("President Lee Jae-myung, who took office in June last year, will hold talks with Kazakh President "
                 "Kassym-Jomart Tokayev on Wednesday.", published=date(2026, 5, 26))
    assert (event.partner_code, event.date.start) == ("KR", date(2026, 5, 27))


def test_a_definite_mention_dates_precisely_the_event_told_vaguely_before():
    found = events("Kazakhstan will welcome the heads of state of the Turkic world to Turkistan next week, when the "
                   "Organization of Turkic States holds its 13th summit.\n"
                   "The two-day summit is scheduled for Oct. 7-8 in Turkistan and will be chaired by Kazakh President "
                   "Kassym-Jomart Tokayev.", published=date(2026, 10, 2))
    assert [(e.event_type, e.partner_code, e.date.start, e.date.end, e.status, e.location_city) for e in found] == [
        ("summit", "OTS", date(2026, 10, 7), date(2026, 10, 8), "scheduled", "Turkistan")]


def test_leaders_confirmed_to_attend_take_part_in_the_meeting_just_told():
    found = events("The Organization of Turkic States will hold its summit in Turkistan on Oct. 7-8.\n"
                   "Uzbek President Shavkat Mirziyoyev and Kyrgyz President Sadyr Japarov have confirmed their "
                   "attendance.\nTurkmen President Serdar Berdimuhamedov will attend as the leader of an observer state.",
                   published=date(2026, 10, 2))
    assert [(e.partner_code, e.participants) for e in found] == [("OTS", ("KG", "KZ", "TM", "UZ"))]


def test_that_day_is_the_day_just_told():
    found = events("Erdogan will pay a state visit to Kazakhstan, arriving in Astana on Oct. 6.\n"
                   "He and Tokayev are due to hold talks in Astana that day.", published=date(2026, 10, 2))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(e.partner_code, e.date.start, e.status) for e in talks] == [("TR", date(2026, 10, 6), "scheduled")]


def test_a_numbered_summit_held_in_a_city_of_a_country_is_the_formats_and_hosted_there():
    found = events("The Organization of Turkic States holds its 13th summit in Turkistan on Oct. 7-8.\n"
                   "At the 12th summit, held in Gabala, Azerbaijan, last October, the presidents of Kazakhstan, "
                   "Uzbekistan and Kyrgyzstan endorsed a railway plan.", published=date(2026, 10, 2))
    earlier = [e for e in found if e.date.start.year == 2025]
    assert [(e.partner_code, e.host_code, e.location_city, e.participants, e.is_first) for e in earlier] == [
        ("OTS", "AZ", "Gabala", ("KG", "KZ", "UZ"), False)]


def test_the_day_a_visit_ended_is_a_day_of_the_visit_told_with_its_span():
    found = events("ANKARA - Turkmen President Serdar Berdimuhamedov wrapped up an official visit to Turkey on Thursday.\n"
                   "Berdimuhamedov arrived in Ankara on Tuesday for the three-day official visit.",
                   published=date(2026, 2, 19))
    visits = [e for e in found if e.event_type == "state_visit"]
    assert [(v.date.start, v.date.end) for v in visits] == [(date(2026, 2, 17), date(2026, 2, 19))]


def test_what_they_signed_after_the_talks_is_between_the_parties_of_the_talks():
    found = events("On Wednesday Turkmen President Serdar Berdimuhamedov and Turkish President Recep Tayyip Erdogan held "
                   "talks in Ankara.\nAfter the talks, they signed a joint declaration and eight agreements, including "
                   "one on gas swaps through Iran.", published=date(2026, 2, 19))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(e.partner_code, e.participants, e.date.start) for e in signing] == [("TR", ("TM",), date(2026, 2, 18))]


def test_a_span_that_ended_on_a_day_ends_there():
    found = events("BISHKEK, August 28 - The two-day summit of the Shanghai Cooperation Organisation ended in Bishkek on "
                   "Friday with the adoption of a declaration by Kyrgyzstan, Kazakhstan, Uzbekistan and Tajikistan.",
                   published=date(2026, 8, 28))
    summit = [e for e in found if e.event_type == "summit"]
    assert [(e.date.start, e.date.end) for e in summit] == [(date(2026, 8, 27), date(2026, 8, 28))]


def test_a_central_asian_city_where_an_outside_leader_meets_another_state_is_only_the_place():
    event = only("Putin also met Kazakh President Kassym-Jomart Tokayev in Bishkek on Friday, the Kremlin said.",
                 published=date(2026, 8, 28))
    assert (event.partner_code, event.participants) == ("RU", ("KZ",))


def test_the_source_a_report_is_attributed_to_is_no_party():
    found = events("Before the summit opened, Italian Prime Minister Giorgia Meloni held talks with Uzbek President "
                   "Shavkat Mirziyoyev in Tashkent on Tuesday.\nThe two leaders then signed a roadmap on energy "
                   "cooperation, the Uzbek presidential press service said.", published=date(2026, 4, 15))
    signing = [e for e in found if e.event_type == "agreement_or_joint_statement"]
    assert [(e.partner_code, e.participants, e.date.start) for e in signing] == [("IT", ("UZ",), date(2026, 4, 14))]


def test_his_visit_told_in_passing_with_its_date_is_the_visit_of_the_leader_just_named():
    found = events("President Emomali Rahmon held talks with Iranian President Masoud Pezeshkian in Dushanbe on "
                   "Tuesday.\nHe noted that the agreements reached during his state visit to Tehran in January 2025 "
                   "are being implemented.", published=date(2026, 6, 17))
    visits = [e for e in found if e.event_type == "state_visit"]
    assert [(e.partner_code, e.participants, e.host_code, e.date.start, e.date.precision) for e in visits] == [
        ("IR", ("TJ",), "IR", date(2025, 1, 1), "month")]


def test_a_route_named_after_the_region_is_not_the_five_states_and_a_long_delayed_line_cancels_nothing():
    found = events("Chinese Foreign Minister Wang Yi met Kazakh Foreign Minister Yermek Kosherbayev in Astana on "
                   "Thursday.\nOn Friday Wang held separate talks with Turkmen Foreign Minister Rashid Meredov on gas "
                   "supplies through the Central Asia-China pipeline and the long delayed Line D.",
                   published=date(2026, 8, 8))
    assert sorted((e.partner_code, e.participants, e.date.start) for e in found) == [
        ("CN", ("KZ",), date(2026, 8, 6)), ("CN", ("TM",), date(2026, 8, 7))]


def test_a_country_in_a_formats_name_is_not_where_the_summit_is():
    event = only("Italian Prime Minister Giorgia Meloni and the leaders of the five Central Asian states met on Tuesday "
                 "at the second Central Asia-Italy summit in Tashkent.", published=date(2026, 4, 14))
    assert (event.partner_code, event.host_code, event.location_city) == ("IT", "UZ", "Tashkent")


def test_talks_whose_visitor_goes_unsaid_are_the_visitors_of_the_article():
    found = events("German Chancellor Friedrich Merz will arrive in Astana on May 19 for a two-day official visit to "
                   "Kazakhstan.\nTalks with President Kassym-Jomart Tokayev are set for May 19 in Astana.",
                   published=date(2026, 5, 15))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(e.partner_code, e.participants, e.date.start, e.status) for e in talks] == [
        ("DE", ("KZ",), date(2026, 5, 19), "scheduled")]


def test_a_two_letter_family_name_and_the_two_men_after_a_visit():
    found = events("DUSHANBE, Sept 12 (AFP) - Chinese Premier Li Qiang and Tajik President Emomali Rahmon agreed on "
                   "Saturday to finance a new power line.\nLi arrived in Dushanbe on Friday evening for a two-day "
                   "official visit.\nThe two men held talks at the Palace of the Nation on Saturday morning.",
                   published=date(2026, 9, 12))
    assert sorted((e.event_type, e.partner_code, e.participants, e.date.start) for e in found) == [
        ("bilateral_meeting", "CN", ("TJ",), date(2026, 9, 12)), ("state_visit", "CN", ("TJ",), date(2026, 9, 11))]


def test_following_the_talks_of_ministers_is_dated_by_those_talks_and_at_the_summit_by_the_summit():
    found = events("Astana, 3 July 2026 - Kazakh Foreign Minister Yermek Kosherbayev held talks today with Korean "
                   "Foreign Minister Cho Hyun in Astana.\nThe ministers discussed the outcomes of the first Korea - "
                   "Central Asia Summit, held in Seoul on 16 June 2026 with the Heads of State of the five Central "
                   "Asian countries.\nAt the Summit, the Heads of State adopted the Seoul Declaration.\n"
                   "Following the talks, the Ministers signed a Memorandum of Understanding.",
                   published=date(2026, 7, 3))
    signed = sorted((e.date.start, e.participants) for e in found if e.event_type == "agreement_or_joint_statement")
    assert signed == [(date(2026, 6, 16), FIVE), (date(2026, 7, 3), ("KZ",))]


def test_a_meeting_on_the_eve_of_the_summit_with_a_date_of_its_own_has_the_summits_parties():
    found = events("Leaders of the six Gulf Cooperation Council states and the five Central Asian republics will meet "
                   "in Samarkand on Thursday next week for the second GCC-Central Asia summit.\n"
                   "On Wednesday next week, the eve of the summit, the foreign ministers of the 11 countries will hold "
                   "a joint ministerial meeting in Samarkand.", published=date(2026, 5, 8))
    assert sorted((e.event_type, e.partner_code, e.participants, e.date.start) for e in found) == [
        ("ministerial_meeting", "GCC", FIVE, date(2026, 5, 13)), ("summit", "GCC", FIVE, date(2026, 5, 14))]


def test_the_numbered_meetings_of_a_dialogue_are_its_ministers_meetings_with_the_region():
    found = events("The main vehicle is the India-Central Asia Dialogue, a format launched in 2019 that brings India's "
                   "external affairs minister together with the five Central Asian foreign ministers.\n"
                   "In January 2022, Prime Minister Narendra Modi hosted the first India-Central Asia summit.\n"
                   "The leaders agreed then to meet every two years.\n"
                   "In June last year, External Affairs Minister S. Jaishankar hosted the fourth meeting of the dialogue "
                   "in New Delhi.\nThe fifth meeting, held in Astana earlier this month, was dominated by rare earths.",
                   published=date(2026, 6, 22))
    assert sorted((e.event_type, e.partner_code, e.participants, e.host_code, e.date.start) for e in found) == [
        ("ministerial_meeting", "IN", FIVE, "IN", date(2025, 6, 1)),
        ("ministerial_meeting", "IN", FIVE, "KZ", date(2026, 6, 1)),
        ("summit", "IN", FIVE, "IN", date(2022, 1, 1))]


def test_russian_transliterations_of_names_and_capitals_and_a_capitalised_last_month():
    found = events("Last November the CSTO summit was held in Bishkek, chaired by Zhaparov, with Tokaev and Rakhmon "
                   "taking part.\nThe CIS Council of Foreign Ministers met in Ashkhabad on Thursday with Ermek Kosherbaev "
                   "and Sirodzhiddin Mukhriddin.", published=date(2026, 10, 10))
    assert sorted((e.partner_code, e.participants, e.date.start, e.date.precision, e.location_city) for e in found) == [
        ("CIS", ("KZ", "TJ", "TM"), date(2026, 10, 8), "day", "Ashkhabad"),
        ("CSTO", ("KG", "KZ", "TJ"), date(2025, 11, 1), "month", "Bishkek")]


def test_talks_the_same_night_as_an_arrival_are_on_the_arrival_day():
    found = events("Vladimir Putin arrived in Ashgabat on Thursday evening and held talks with Serdar Berdimuhamedov "
                   "the same night, the Kremlin press service reported.", published=date(2026, 10, 10))
    talks = [e for e in found if e.event_type == "bilateral_meeting"]
    assert [(e.partner_code, e.date.start) for e in talks] == [("RU", date(2026, 10, 8))]


def test_a_bulleted_related_headline_is_site_furniture():
    assert events("Read also:\n- Tokayev and Putin discussed water issues by phone (archive, 2025)",
                  published=date(2026, 10, 10)) == []


def test_the_visitors_office_as_subject_is_the_visitor_and_a_corrections_note_is_not_news():
    found = events("Yvette Cooper signed a memorandum on critical minerals with Kazakhstan on Tuesday.\n"
                   "The foreign secretary held talks with Kazakh Foreign Minister Yermek Kosherbayev in Astana on "
                   "Tuesday.\nCooper's trip follows that of David Cameron, who met the five Central Asian foreign "
                   "ministers in Astana in April 2024.\n"
                   "This article was amended on 23 April 2026. An earlier version said Cooper held talks with "
                   "Kosherbayev on Monday.", published=date(2026, 4, 23))
    assert sorted((e.event_type, e.partner_code, e.participants, e.date.start) for e in found) == [
        ("agreement_or_joint_statement", "GB", ("KZ",), date(2026, 4, 21)),
        ("ministerial_meeting", "GB", FIVE, date(2024, 4, 1)),
        ("ministerial_meeting", "GB", ("KZ",), date(2026, 4, 21))]


def test_scheduled_for_a_year_and_a_dialogue_set_up_in_a_year_does_not_date_the_summit():
    found = events("The second EU-Central Asia summit is scheduled for 2027 in Brussels, EU officials said.\n"
                   "The Central Asia plus Japan Dialogue, which Tokyo set up in 2004, was raised to the leaders' level "
                   "when Prime Minister Sanae Takaichi hosted the first Central Asia plus Japan summit in Tokyo in "
                   "December last year.", published=date(2026, 9, 24))
    assert sorted((e.partner_code, e.date.start, e.date.precision, e.status) for e in found) == [
        ("EU", date(2027, 1, 1), "year", "scheduled"), ("JP", date(2025, 12, 1), "month", "occurred")]


def test_a_visit_ahead_of_a_blocs_summit_is_the_visitors():
    event = only("Russian President Vladimir Putin paid a state visit to Kyrgyzstan in November last year, ahead of "
                 "the summit of the Collective Security Treaty Organization in Bishkek.", published=date(2026, 11, 5))
    assert (event.event_type, event.partner_code, event.participants) == ("state_visit", "RU", ("KG",))


def test_a_cancelled_plan_said_of_a_person_in_a_whose_clause_cancels_nothing_else():
    event = only("On Tuesday, Japanese Foreign Minister Toshimitsu Motegi held separate talks in New York with Kazakh "
                 "Foreign Minister Yermek Kosherbayev, whose country was to have been the first stop of the cancelled "
                 "tour.", published=date(2026, 9, 24))
    assert (event.partner_code, event.participants, event.date.start) == ("JP", ("KZ",), date(2026, 9, 22))


def test_an_event_reported_after_said_is_not_an_attribution():
    event = only("In a statement, the Kazakh foreign ministry said Tokayev's state visit to Japan on December 19 had "
                 "been confirmed.", published=date(2025, 12, 1))
    assert (event.event_type, event.partner_code, event.participants, event.date.start) == (
        "state_visit", "JP", ("KZ",), date(2025, 12, 19))


@pytest.mark.parametrize("clause, noun", [
    ("At the summit, the leaders signed a joint declaration", "summit"),
    ("\u201cAt the summit, the leaders signed a joint declaration", "summit"),   # after a quote mark too
    ('"At this year\'s forum the two sides signed', "forum"),
    ("The presidents met at the summit in Astana", None),                      # mid-clause: a place
])
def test_at_the_occasion_refers_back_only_when_it_opens_the_clause(clause, noun):
    from diplomacy.extract.article import _REFERENCE

    found = _REFERENCE.search(clause)
    assert (found.group("noun") if found else None) == noun


LEDE = "Japan and the five Central Asian states met in Astana this week to discuss transport links.\n"
DETAIL = ("Japanese Foreign Minister Takeshi Iwaya met the foreign ministers of Kazakhstan, Kyrgyzstan, "
          "Tajikistan, Turkmenistan and Uzbekistan in Astana on Monday, 9 June, for a Japan-Central Asia "
          "ministerial meeting.")


def test_a_lede_telling_a_meeting_by_its_verb_alone_is_the_meeting_told_precisely_after_it():
    found = events(LEDE + DETAIL, published=date(2025, 6, 11))
    assert [(e.event_type, e.partner_code, e.participants, e.date.start) for e in found] == [
        ("ministerial_meeting", "JP", FIVE, date(2025, 6, 9))]


def test_a_lede_naming_who_met_or_another_city_stays_its_own_meeting():
    leaders = LEDE.replace("Japan and the five Central Asian states", "The leaders of Japan and the five Central Asian states")
    for lede in (leaders, LEDE.replace("Astana", "Tokyo")):
        found = events(lede + DETAIL, published=date(2025, 6, 11))
        assert sorted(e.event_type for e in found) == ["ministerial_meeting", "summit"], lede
