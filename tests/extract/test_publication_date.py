"""The publication date comes from metadata, else from the text: bylines and
time stamps, datelines, captions; not a scraped page's masthead render date."""
from datetime import date

from diplomacy.extract.pubdate import infer_publication_date


def test_byline_time_stamp():
    text = "Kazakhstan and Korea sign deals\nPublished: 14:05, 3 June 2025\nSEOUL - The two leaders met."
    assert infer_publication_date(text).value == date(2025, 6, 3)


def test_byline_beats_the_masthead_render_date():
    text = ("Sunday, November 22, 2026\nUzbek leader visits Berlin\n"
            "Updated: 12 May 2026\nBERLIN - Mirziyoyev arrived on Monday.")
    assert infer_publication_date(text).value == date(2026, 5, 12)


def test_dateline_takes_its_year_from_a_full_date_in_the_text():
    text = ("ASTANA, March 3 (Reuters) - Kazakhstan's President met the EU envoy on Monday.\n"
            "The two sides signed a roadmap on January 20, 2026.")
    assert infer_publication_date(text).value == date(2026, 3, 3)


def test_photo_caption_with_a_full_date():
    text = ("Leaders pose for a photo in Dushanbe on Oct 9, 2025.\nPHOTO: REUTERS\n"
            "DUSHANBE - Russia's president attended the summit.")
    result = infer_publication_date(text)
    assert (result.value, result.source) == (date(2025, 10, 9), "text")


def test_no_date_is_unknown_not_guessed():
    result = infer_publication_date("Central Asian leaders met in Astana on Tuesday.")
    assert (result.value, result.source) == (None, "unknown")


def test_dateline_takes_its_year_from_a_year_mentioned_in_the_text():
    text = ("ALMATY, June 10 (Wire) - Officials met on Tuesday.\n"
            "Trade grew 9% in January-May 2025, customs data show.")
    assert infer_publication_date(text).value == date(2025, 6, 10)



def test_a_dateline_year_counts_on_from_years_after_a_named_one():
    """"two years after ... May 2023" puts a yearless dateline in 2025, not in 2023."""
    text = ("ASTANA, June 13 (Wire) - The second summit will be held in Astana next week, "
            "two years after the inaugural meeting in Xi'an in May 2023.\n"
            "The two sides launched a ministerial dialogue in 2020.")
    assert infer_publication_date(text).value == date(2025, 6, 13)


def test_a_dateline_year_sits_just_before_a_year_named_for_a_plan():
    """A year named about the future ("will take over ... for 2026") bounds the story's
    year from above; the past year named ("in October 2022") from below."""
    text = ("DUSHANBE, October 9. /Wire/. Russian and Central Asian leaders met in the Tajik capital.\n"
            "The first summit in this format was held in Astana in October 2022.\n"
            "On Friday Tajikistan will hand over the chairmanship of the CIS for 2026.")
    assert infer_publication_date(text).value == date(2025, 10, 9)

def test_numeric_time_stamp_of_a_scraped_page():
    text = "Новости | Политика\n10.06.2025, 16:05\nKazakhstans President met the Chinese envoy on Tuesday."
    assert infer_publication_date(text).value == date(2025, 6, 10)


def test_a_date_only_in_the_body_dates_an_event_not_the_article():
    text = "Central Asian integration\nOn March 5, 2024, the five foreign ministers met in Tashkent."
    assert infer_publication_date(text).value is None


def test_numeric_dateline_and_pipe_separated_bylines():
    assert infer_publication_date('DUSHANBE, 01.04.2025 /NIAT "Khovar"/. Leaders met.').value == date(2025, 4, 1)
    assert infer_publication_date("By Staff Reporter | Wednesday, February 19, 2025\nText.").value == date(2025, 2, 19)
    assert infer_publication_date("November 12, 2025 | 14:30 | The Kremlin, Moscow\nText.").value == date(2025, 11, 12)


def test_a_photo_caption_line():
    text = "Headline\nText of the story.\nPhoto: The chancellor is received in Samarkand, September 15, 2024."
    assert infer_publication_date(text).value == date(2024, 9, 15)


def test_early_in_a_year_a_year_named_for_a_plan_is_this_year():
    """Written in January, "will host ... in the second half of 2026" is about the same year."""
    text = ("BISHKEK, Jan 29 (Wire) - The European Union and the five Central Asian states agreed on Thursday "
            "to speed up joint projects.\nThe sanctions have strained ties since the invasion of Ukraine in 2022.\n"
            "Kazakhstan will host the next ministerial meeting in Astana in the second half of 2026.")
    assert infer_publication_date(text).value == date(2026, 1, 29)
