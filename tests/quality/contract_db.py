"""A small working database whose marts follow the data contract (DESIGN.md) and pass
every gate; each test breaks one thing."""
from __future__ import annotations

from datetime import datetime

from diplomacy.warehouse.db import connect, ensure_schema

MARTS_DDL = [
    "CREATE SCHEMA IF NOT EXISTS marts",
    "CREATE TABLE marts.dim_countries (iso2 VARCHAR, name VARCHAR, is_central_asian BOOLEAN)",
    "CREATE TABLE marts.dim_partners (partner_code VARCHAR, name VARCHAR, kind VARCHAR)",
    # landed_at is one of the project's documented extra columns: the gate reads it as the
    # report date of an undated article.
    """CREATE TABLE marts.dim_articles (article_id VARCHAR, story_id VARCHAR, url VARCHAR, outlet VARCHAR,
           title VARCHAR, published_at TIMESTAMP, published_at_source VARCHAR, language VARCHAR,
           landed_at TIMESTAMP)""",
    """CREATE TABLE marts.fct_diplomatic_events (event_id VARCHAR, event_type VARCHAR, partner_code VARCHAR,
           host_code VARCHAR, location_city VARCHAR, date_start DATE, date_end DATE, date_precision VARCHAR,
           status VARCHAR, is_first BOOLEAN, level VARCHAR, n_articles INTEGER, n_stories INTEGER,
           first_reported_at TIMESTAMP, confidence DOUBLE)""",
    "CREATE TABLE marts.bridge_event_participants (event_id VARCHAR, iso2 VARCHAR, role VARCHAR)",
    """CREATE TABLE marts.fct_event_evidence (event_id VARCHAR, article_id VARCHAR, sentence VARCHAR,
           char_start INTEGER, char_end INTEGER)""",
    """CREATE TABLE marts.fct_country_partner_relationships (ca_iso2 VARCHAR, partner_code VARCHAR,
           relation VARCHAR, value VARCHAR, since INTEGER, n_events INTEGER, first_event_date DATE,
           last_event_date DATE, evidence_article_id VARCHAR, evidence_sentence VARCHAR)""",
]

CLEAN_ROWS = {
    "marts.dim_countries": [
        ("KZ", "Kazakhstan", True), ("UZ", "Uzbekistan", True), ("KG", "Kyrgyzstan", True),
        ("TJ", "Tajikistan", True), ("TM", "Turkmenistan", True),
        ("AF", "Afghanistan", False), ("CN", "China", False), ("JP", "Japan", False), ("RU", "Russia", False),
    ],
    "marts.dim_partners": [
        ("CN", "China", "country"), ("JP", "Japan", "country"), ("RU", "Russia", "country"),
        ("EU", "European Union", "bloc"),
    ],
    "marts.dim_articles": [
        ("a1", "s1", "https://example.org/a1", "Outlet", "Summit", datetime(2024, 11, 20, 9), "metadata", "en",
         datetime(2024, 11, 20, 10)),
        ("a2", "s2", "https://example.org/a2", "Outlet", "Visit", datetime(2024, 12, 2, 7), "text", "en",
         datetime(2024, 12, 2, 8)),
    ],
    # (event_id, type, partner, host, city, date_start, date_end, precision, status, is_first, level,
    #  n_articles, n_stories, first_reported_at, confidence)
    "marts.fct_diplomatic_events": [
        ("e1", "summit", "CN", "KZ", "Astana", "2024-11-15", "2024-11-16", "day", "occurred", False, "leaders",
         1, 1, datetime(2024, 11, 20, 9), 0.9),
        ("e2", "state_visit", "JP", "UZ", "Tashkent", "2024-12-19", None, "day", "scheduled", True, "leaders",
         1, 1, datetime(2024, 12, 2, 7), 0.8),
        # "held ... in April": the first day of the month stands for the month.
        ("e3", "ministerial_meeting", "EU", None, None, "2024-04-01", None, "month", "occurred", None,
         "ministers", 1, 1, datetime(2024, 11, 20, 9), 0.7),
        # "will sign ... in December", reported on December 2: still ahead, although Dec 1 is past.
        ("e4", "agreement_or_joint_statement", "RU", None, None, "2024-12-01", None, "month", "scheduled",
         None, "ministers", 1, 1, datetime(2024, 12, 2, 7), 0.6),
        ("e5", "business_forum", "CN", None, None, "2025-01-01", None, "year", "scheduled", None, "other",
         1, 1, datetime(2024, 12, 2, 7), 0.5),
    ],
    "marts.bridge_event_participants": [
        ("e1", "KZ", "host"), ("e1", "UZ", "guest"), ("e2", "UZ", "host"), ("e3", "KG", "participant"),
        ("e4", "TJ", "participant"), ("e5", "TM", "participant"),
    ],
    "marts.fct_event_evidence": [
        ("e1", "a1", "The summit was held in Astana on Nov 15.", 0, 41),
        ("e2", "a2", "Japan's prime minister will visit Tashkent on Dec 19.", 0, 53),
        ("e3", "a1", "Ministers met EU officials in April.", 42, 78),
        ("e4", "a2", "An agreement with Russia will be signed in December.", 54, 106),
        ("e5", "a2", "A business forum with China is planned next year.", 107, 156),
    ],
    "marts.fct_country_partner_relationships": [
        ("KZ", "CN", "strategic_partnership", None, 2019, 1, "2024-11-15", "2024-11-15", "a1", "..."),
        ("UZ", "JP", "dialogue_framework", None, 2004, 1, "2024-12-19", "2024-12-19", "a2", "..."),
    ],
}

LOAD_ID = "load-1"


def build_working_db(path):
    """Open a working database with the raw/audit schema and clean contract marts."""
    con = connect(path)
    ensure_schema(con)
    for statement in MARTS_DDL:
        con.execute(statement)
    for table, rows in CLEAN_ROWS.items():
        placeholders = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
    add_article(con, "x1", published_at=datetime(2024, 11, 20, 9))
    add_article(con, "x2", published_at=None, language="ru")
    add_article(con, "x3", load_id="load-0", published_at=datetime(1980, 1, 1))  # another load: not checked
    return con


def add_article(con, article_id, *, text="Kazakhstan's president met Japan's prime minister.", language="en",
                published_at=None, load_id=LOAD_ID, content_hash=None):
    con.execute(
        """INSERT INTO raw.articles (article_id, content_hash, text, published_at, language, source_file,
               source_format, n_chars, load_id, landed_at)
           VALUES (?, ?, ?, ?, ?, 'landing/a.jsonl', 'jsonl', ?, ?, now())""",
        [article_id, content_hash or "h-" + article_id, text, published_at, language, len(text), load_id],
    )
