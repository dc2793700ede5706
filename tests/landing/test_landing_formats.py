"""Each landing format lands its text and metadata."""
from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime

from diplomacy.landing import land_folder

ASTANA = (
    "Leaders meet in Astana for water talks\n\n"
    "The presidents of Kazakhstan and Uzbekistan met in Astana on Monday to discuss "
    "the sharing of water from the Syr Darya river.\n\n"
    "Officials said a joint statement on new rail links would follow later in the spring."
)
BISHKEK = (
    "The foreign ministers of Kyrgyzstan and Tajikistan signed a protocol on the "
    "demarcation of their common border in Bishkek on Thursday."
)
DUSHANBE = (
    "A delegation from the European Union arrived in Dushanbe to open a forum on "
    "renewable energy and regional trade with Tajik officials."
)


def only_article(fetch, source_file: str) -> dict:
    rows = fetch("SELECT * FROM raw.articles WHERE source_file = ?", [source_file])
    assert len(rows) == 1, rows
    return rows[0]


def test_txt_lands_with_inferred_headline_and_paragraphs(con, landing, write, fetch):
    write("desk/astana.txt", ASTANA.replace("Monday to", "Monday   to\t"))
    summary = land_folder(con, landing, "load-1")

    row = only_article(fetch, "desk/astana.txt")
    assert row["title"] == "Leaders meet in Astana for water talks"
    assert row["text"] == ASTANA  # whitespace inside lines tidied, paragraph breaks kept
    assert row["language"] == "en"
    assert row["source_format"] == "txt"
    assert row["content_hash"] == hashlib.sha256(ASTANA.encode()).hexdigest()
    assert row["article_id"] == row["content_hash"][:16]
    assert row["n_chars"] == len(ASTANA)
    assert row["load_id"] == "load-1"
    assert summary.articles_landed == 1 and summary.files_by_format == {"txt": 1}


def test_txt_without_headline_has_no_title(con, landing, write, fetch):
    write("body.txt", BISHKEK + "\n" + DUSHANBE)
    land_folder(con, landing, "load-1")
    assert only_article(fetch, "body.txt")["title"] is None


def test_json_object_with_all_metadata(con, landing, write, fetch):
    write("one.json", json.dumps({
        "text": BISHKEK, "title": "Border protocol signed", "url": "https://news.example/border",
        "outlet": "Example News", "published": "2025-04-03T15:30:00+05:00", "language": "en-GB",
    }))
    land_folder(con, landing, "load-1")

    row = only_article(fetch, "one.json")
    assert row["title"] == "Border protocol signed"
    assert row["url"] == "https://news.example/border"
    assert row["outlet"] == "Example News"
    assert row["published_raw"] == "2025-04-03T15:30:00+05:00"
    assert row["published_at"] == datetime(2025, 4, 3, 10, 30)  # naive UTC
    assert row["language"] == "en"
    assert row["source_record"] is None


def test_json_array_lands_each_record(con, landing, write, fetch):
    write("many.json", json.dumps([
        {"text": BISHKEK, "published": "2025-04-03"},
        {"text": DUSHANBE, "url": "javascript:alert(1)"},
    ]))
    summary = land_folder(con, landing, "load-1")

    rows = fetch("SELECT source_record, published_at, url FROM raw.articles ORDER BY source_record")
    assert [r["source_record"] for r in rows] == ["record 1", "record 2"]
    assert rows[0]["published_at"] == datetime(2025, 4, 3)
    assert rows[1]["url"] is None  # only http(s) links are kept
    assert summary.articles_landed == 2 and summary.records_seen == 2


def test_json_publication_date_under_the_names_scrapers_give_it(con, landing, write, fetch):
    write("aliases.json", json.dumps([
        {"text": BISHKEK, "published_at": "2025-04-03"},
        {"text": DUSHANBE, "publishedAt": "2025-04-04T08:00:00Z", "date": "1999-01-01"},
        {"text": ASTANA, "published": "2025-04-05", "date": "1999-01-01"},  # the contract's key wins
        {"text": ASTANA + " Later.", "published": 1743811200, "date": "2025-04-06"},  # a number is no date text
    ]))
    land_folder(con, landing, "load-1")
    rows = fetch("SELECT source_record, published_at FROM raw.articles ORDER BY source_record")
    assert [r["published_at"] for r in rows] == [datetime(2025, 4, 3), datetime(2025, 4, 4, 8), datetime(2025, 4, 5),
                                                 datetime(2025, 4, 6)]


def test_jsonl_lands_each_line(con, landing, write, fetch):
    lines = [json.dumps({"text": BISHKEK, "outlet": "Wire A"}), "", json.dumps({"text": DUSHANBE})]
    write("feed.jsonl", "\n".join(lines) + "\n")
    land_folder(con, landing, "load-1")

    rows = fetch("SELECT source_record, outlet FROM raw.articles ORDER BY source_record")
    assert rows == [{"source_record": "line 1", "outlet": "Wire A"},
                    {"source_record": "line 3", "outlet": None}]


def test_html_page_lands_main_text_and_metadata(con, landing, write, fetch):
    write("pages/astana.html", """<!DOCTYPE html><html lang="en"><head>
<title>Ministers meet in Astana | Steppe Herald</title>
<meta property="og:title" content="Ministers meet in Astana">
<meta property="og:site_name" content="Steppe Herald">
<meta property="og:url" content="https://steppe-herald.example/news/astana-ministers">
<meta property="article:published_time" content="2025-03-14T09:30:00Z">
<script>document.write('tracking pixel')</script></head>
<body><nav>Home | World | Sport | Weather</nav><article><h1>Ministers meet in Astana</h1>
<p>The foreign ministers of Kazakhstan and Uzbekistan met in Astana on Friday to discuss
water sharing along the Syr Darya river and new rail links between the two countries.</p>
<p>Officials said a joint statement on transport corridors would be signed at a summit
planned for the autumn, and that trade between the neighbours grew by a fifth last year.</p>
<img src="http://tracker.example/pixel.png"></article><footer>All rights reserved</footer></body></html>""")
    land_folder(con, landing, "load-1")

    row = only_article(fetch, "pages/astana.html")
    assert row["title"] == "Ministers meet in Astana"
    assert row["outlet"] == "Steppe Herald"
    assert row["url"] == "https://steppe-herald.example/news/astana-ministers"
    assert row["published_at"] == datetime(2025, 3, 14)
    assert row["source_format"] == "html"
    assert "water sharing along the Syr Darya" in row["text"]
    assert "tracking pixel" not in row["text"] and "All rights reserved" not in row["text"]
    assert "\n" in row["text"]  # one paragraph per line


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Steppe Wire</title><link>https://wire.example/</link>
<description>Regional news</description><language>en-us</language>
<item><title>Border protocol signed</title><link>https://wire.example/border</link>
<description>&lt;p&gt;The foreign ministers of Kyrgyzstan and Tajikistan signed a protocol on their
common border.&lt;/p&gt;&lt;p&gt;Both sides called it a step towards lasting peace &amp;amp; trade.&lt;/p&gt;</description>
<pubDate>Thu, 03 Apr 2025 10:00:00 +0300</pubDate></item>
<item><title>Energy forum opens</title><link>https://wire.example/forum</link>
<description>An energy forum with European Union officials opened in Dushanbe on Friday.</description>
<pubDate>Fri, 04 Apr 2025 08:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_rss_items_land_with_plain_text_and_dates(con, landing, write, fetch):
    write("wire.rss", RSS)
    summary = land_folder(con, landing, "load-1")

    rows = fetch("SELECT * FROM raw.articles ORDER BY source_record")
    assert [r["source_record"] for r in rows] == ["item 1", "item 2"]
    first = rows[0]
    assert first["title"] == "Border protocol signed"
    assert first["url"] == "https://wire.example/border"
    assert first["outlet"] == "Steppe Wire"
    assert first["published_raw"] == "Thu, 03 Apr 2025 10:00:00 +0300"
    assert first["published_at"] == datetime(2025, 4, 3, 7, 0)
    assert first["text"] == (
        "The foreign ministers of Kyrgyzstan and Tajikistan signed a protocol on their common border.\n"
        "Both sides called it a step towards lasting peace & trade."
    )
    assert first["language"] == "en"
    assert summary.files_by_format == {"feed": 1} and summary.articles_by_format == {"feed": 2}


def test_atom_entries_prefer_full_content(con, landing, write, fetch):
    write("wire.atom", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Caspian Daily</title><id>urn:x</id>
<updated>2025-05-02T12:00:00Z</updated>
<entry><title>Summit planned in Ashgabat</title><id>urn:x:1</id>
<link href="https://caspian.example/summit"/><updated>2025-05-02T12:00:00Z</updated>
<summary>Short teaser.</summary>
<content type="html">&lt;p&gt;Turkmenistan will host a summit of Central Asian leaders in Ashgabat in June,
the foreign ministry said on Friday.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;</content></entry></feed>""")
    land_folder(con, landing, "load-1")

    row = only_article(fetch, "wire.atom")
    assert row["text"].startswith("Turkmenistan will host a summit")
    assert "steal" not in row["text"] and "teaser" not in row["text"]
    assert row["outlet"] == "Caspian Daily"
    assert row["published_at"] == datetime(2025, 5, 2, 12, 0)


def test_gzipped_files_land_like_plain_ones(con, landing, write, fetch):
    write("archive/batch.jsonl.gz", gzip.compress((json.dumps({"text": BISHKEK}) + "\n").encode()))
    write("archive/page.txt.gz", gzip.compress(DUSHANBE.encode()))
    summary = land_folder(con, landing, "load-1")

    assert only_article(fetch, "archive/batch.jsonl.gz")["source_format"] == "jsonl"
    assert only_article(fetch, "archive/page.txt.gz")["text"] == DUSHANBE
    assert summary.articles_landed == 2


def test_legacy_encoding_bom_and_mojibake_are_repaired(con, landing, write, fetch):
    french = ("Le ministre kazakh a rencontré son homologue ouzbek à Tachkent pour négocier "
              "un accord sur l'énergie et les échanges régionaux.")
    write("latin.txt", french.encode("cp1252"))
    write("bom.txt", b"\xef\xbb\xbf" + BISHKEK.encode())
    write("mojibake.txt", "Kazakhstan’s president welcomed the délégation in Astana.".encode().decode("latin-1")
          .encode("utf-8"))
    land_folder(con, landing, "load-1")

    assert only_article(fetch, "latin.txt")["text"] == french
    assert only_article(fetch, "latin.txt")["language"] == "fr"
    assert only_article(fetch, "bom.txt")["text"] == BISHKEK
    assert only_article(fetch, "mojibake.txt")["text"] == "Kazakhstan's president welcomed the délégation in Astana."
