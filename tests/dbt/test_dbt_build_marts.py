"""Build a tiny raw database, run the dbt project in-process, and check the marts' shape."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from diplomacy.dbt_build import DbtBuildError, run_dbt_build
from diplomacy.warehouse.db import connect, ensure_schema

VERSION = "test-1"
FIVE = ["KG", "KZ", "TJ", "TM", "UZ"]
T0 = datetime(2025, 4, 25, 12, 0)


def _article(con, article_id, story_id, *, published_at=None, text_date=None, extracted=True):
    con.execute(
        """insert into raw.articles (article_id, content_hash, text, title, url, outlet, published_at,
               language, source_file, source_format, n_chars, load_id, landed_at)
           values (?, ?, 'body', ?, ?, 'Outlet', ?, 'en', ?, 'txt', 4, 'load-1', ?)""",
        [article_id, "h-" + article_id, "Title " + article_id, f"https://example.org/{article_id}",
         published_at, f"landing/{article_id}.txt", T0],
    )
    if story_id:
        con.execute("insert into raw.article_stories values (?, ?, null, null, ?)", [article_id, story_id, T0])
    if extracted:
        con.execute(
            "insert into raw.extracted_articles values (?, ?, ?, ?, 3, 1, 1, ?)",
            [article_id, VERSION, text_date, "text" if text_date else "unknown", T0],
        )


def _event(con, mention_id, article_id, *, sentence, date_start, precision, level, participants,
           host=None, city=None, status="occurred", version=VERSION, event_type="summit", partner="JP"):
    con.execute(
        """insert into raw.event_mentions values (?, ?, ?, 0, ?, 10, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, ?, 'summit')""",
        [mention_id, article_id, version, sentence, 10 + len(sentence), event_type, partner, host, city,
         participants, date_start, precision, status, level],
    )


def _relationship(con, mention_id, article_id, ca, sentence, relation="dialogue_framework", partner="JP"):
    con.execute(
        "insert into raw.relationship_mentions values (?, ?, ?, 1, ?, 50, ?, ?, ?, ?, null, 2004)",
        [mention_id, article_id, VERSION, sentence, 50 + len(sentence), ca, partner, relation],
    )


def make_raw_db(path):
    con = connect(path)
    ensure_schema(con)
    # Two stories report the Central Asia + Japan summit; a third article states a regional tie.
    _article(con, "a1", "s1", published_at=datetime(2025, 4, 20, 9, 30))
    _article(con, "a2", "s2", text_date=date(2025, 4, 22))
    _article(con, "a3", None)  # unlinked: its own story, no date anywhere
    _event(con, "m1", "a1", sentence="The leaders of the five Central Asian nations met Japan's prime minister in Astana on April 18.",
           date_start=date(2025, 4, 18), precision="day", level="leaders", participants=FIVE, host="KZ", city="Astana")
    _event(con, "m2", "a2", sentence="Foreign ministers of Kazakhstan and Uzbekistan joined the summit with Japan in April.",
           date_start=date(2025, 4, 1), precision="month", level="ministers", participants=["KZ", "UZ"])
    # Another extractor version's mention must not show.
    _event(con, "m-old", "a1", sentence="old", date_start=date(2024, 1, 1), precision="day", level="leaders",
           participants=["KZ"], version="0.0.1")
    _relationship(con, "r1", "a3", "ALL", "Japan has held a Central Asia plus Japan dialogue since 2004.")
    _relationship(con, "r2", "a1", "KZ", "Kazakhstan values its dialogue format with Japan.")
    con.execute("insert into raw.loads (load_id, gate_success) values ('load-1', true)")
    con.execute(
        "insert into raw.rejected_inputs values ('landing/bad.bin', null, 'unsupported format', 3, '\\x00\\x01\\x02'::blob, 'load-1', ?)",
        [T0],
    )
    con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("warehouse")
    db = base / "working.duckdb"
    make_raw_db(db)
    # A connection this process still holds (same config as db.py) must not block dbt.
    holder = connect(db)
    try:
        result = run_dbt_build(db, VERSION, work_dir=base / "dbt")
    finally:
        holder.close()
    con = duckdb.connect(str(db), read_only=True, config={"autoinstall_known_extensions": False,
                                                          "autoload_known_extensions": False})
    yield result, con, base
    con.close()


def rows(con, sql):
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def test_build_counts(built):
    result, _, base = built
    assert result.success
    assert result.models_passed == 15
    assert result.seeds_passed == 2
    assert result.tests_passed >= 80
    assert not result.failed
    assert (base / "dbt" / "target" / "manifest.json").exists()
    assert (base / "dbt" / "logs" / "dbt.log").exists()


def test_schemas_are_exact(built):
    _, con, _ = built
    tables = {(s, t) for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()}
    for name in ["dim_countries", "dim_partners", "dim_articles", "fct_diplomatic_events",
                 "bridge_event_participants", "fct_event_evidence", "fct_country_partner_relationships"]:
        assert ("marts", name) in tables
    assert ("audit", "rejected_inputs") in tables
    assert ("staging", "stg_articles") in tables and ("intermediate", "int_events") in tables
    assert not any(s.startswith("main_") for s, _ in tables)


def test_one_merged_event(built):
    _, con, _ = built
    events = rows(con, "select * from marts.fct_diplomatic_events")
    assert len(events) == 1
    e = events[0]
    assert e["event_type"] == "summit" and e["partner_code"] == "JP"
    assert (e["n_articles"], e["n_stories"], e["n_mentions"]) == (2, 2, 2)
    assert e["date_start"] == date(2025, 4, 18) and e["date_precision"] == "day" and e["date_end"] is None
    assert e["status"] == "occurred" and e["level"] == "leaders"
    assert e["host_code"] == "KZ" and e["location_city"] == "Astana"
    assert e["first_reported_at"] == datetime(2025, 4, 20, 9, 30)
    assert 0 <= e["confidence"] <= 1
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where table_schema = 'marts' and table_name = 'fct_diplomatic_events'").fetchall())
    assert types["date_start"] == "DATE" and types["date_end"] == "DATE"


def test_bridge_rows(built):
    _, con, _ = built
    bridge = dict(con.execute("select iso2, role from marts.bridge_event_participants").fetchall())
    assert bridge == {"KZ": "host", "UZ": "guest", "KG": "guest", "TJ": "guest", "TM": "guest"}


def test_evidence_rows(built):
    _, con, _ = built
    evidence = rows(con, "select * from marts.fct_event_evidence order by article_id")
    assert [r["article_id"] for r in evidence] == ["a1", "a2"]
    assert evidence[0]["sentence"].startswith("The leaders of the five")
    assert all(r["char_end"] > r["char_start"] for r in evidence)
    assert "old" not in {r["sentence"] for r in evidence}


def test_relationship_expanded_from_all_to_five_rows(built):
    _, con, _ = built
    rels = {r["ca_iso2"]: r for r in rows(con, "select * from marts.fct_country_partner_relationships")}
    assert sorted(rels) == FIVE
    assert {r["relation"] for r in rels.values()} == {"dialogue_framework"}
    assert rels["KZ"]["is_region_level"] is False and rels["KZ"]["evidence_article_id"] == "a1"
    assert all(rels[c]["is_region_level"] and rels[c]["evidence_article_id"] == "a3" for c in FIVE if c != "KZ")
    assert all(r["n_events"] == 1 and r["first_event_date"] == date(2025, 4, 18) for r in rels.values())


def test_dim_articles_and_audit(built):
    _, con, _ = built
    arts = {r["article_id"]: r for r in rows(con, "select * from marts.dim_articles")}
    assert {a: r["published_at_source"] for a, r in arts.items()} == {"a1": "metadata", "a2": "text", "a3": "unknown"}
    assert arts["a2"]["published_at"] == datetime(2025, 4, 22) and arts["a3"]["story_id"] == "a3"
    assert con.execute("select count(*) from marts.dim_countries where is_central_asian").fetchone()[0] == 5
    rejected = rows(con, "select * from audit.rejected_inputs")
    assert len(rejected) == 1 and rejected[0]["reason"] == "unsupported format"
    assert "original_bytes" not in rejected[0]


def test_failed_build_names_the_failed_nodes(tmp_path):
    db = tmp_path / "working.duckdb"
    make_raw_db(db)
    con = connect(db)
    _event(con, "m-bad", "a1", sentence="A parade.", date_start=date(2025, 4, 18), precision="day",
           level="leaders", participants=["KZ"], event_type="parade")
    con.close()
    with pytest.raises(DbtBuildError) as info:
        run_dbt_build(db, VERSION, select="+stg_event_mentions", work_dir=tmp_path / "dbt")
    assert any("accepted_values_stg_event_mentions_event_type" in n for n in info.value.failed_nodes)
    assert "accepted_values_stg_event_mentions_event_type" in str(info.value)
