"""Every page of the Streamlit app through streamlit.testing.v1.AppTest: the
numbers equal SQL on the same file, filters apply, article text is shown as
text only, and an empty or missing warehouse gets a message, not a trace."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dashboard_testlib import PROJECT_ROOT, copy_warehouse, make_empty_warehouse, sql
from streamlit.testing.v1 import AppTest

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
PAGES = {
    "timeline": "views/timeline.py",
    "matrix": "views/matrix.py",
    "event": "views/event.py",
    "stories": "views/stories.py",
    "quality": "views/quality.py",
}


def open_page(monkeypatch, db: Path, page: str, **query) -> AppTest:
    monkeypatch.setenv("DIPLOMACY_WAREHOUSE_DIR", str(db.parent))
    monkeypatch.delenv("DIPLOMACY_DATA_DOCS_URL", raising=False)
    monkeypatch.delenv("DIPLOMACY_DBT_DOCS_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "timeline":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frames_with(at: AppTest, *columns: str) -> list:
    """Dataframes shown whose columns include `columns` (AppTest keeps no key for a read-only table)."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def everything_shown(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "error", "info",
                                  "warning", "success", "text", "code") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# ------------------------------------------------------------------ the pages

def test_timeline_counts_equal_sql(monkeypatch, sample_warehouse):
    at = open_page(monkeypatch, sample_warehouse, "timeline")
    total, occurred, scheduled, partners = sql(sample_warehouse, """
        SELECT count(*), count(*) FILTER (WHERE status = 'occurred'), count(*) FILTER (WHERE status = 'scheduled'),
               count(DISTINCT partner_code) FROM marts.fct_diplomatic_events""")[0]
    assert total > 0, "the sample publishes events"
    assert metrics(at) == {"Events": str(total), "Occurred": str(occurred), "Scheduled": str(scheduled),
                           "Partners": str(partners)}
    table = at.dataframe[0].value
    assert len(table) == total
    assert set(table["event_id"]) == {r[0] for r in sql(sample_warehouse,
                                                        "SELECT event_id FROM marts.fct_diplomatic_events")}
    assert set(table["status"]) <= {"occurred", "scheduled"}


def test_matrix_counts_equal_sql(monkeypatch, sample_warehouse):
    at = open_page(monkeypatch, sample_warehouse, "matrix")
    partners, pairs = sql(sample_warehouse, """
        SELECT count(DISTINCT e.partner_code), count(DISTINCT (e.partner_code, bp.iso2))
        FROM marts.fct_diplomatic_events e JOIN marts.bridge_event_participants bp USING (event_id)
        WHERE e.partner_code IS NOT NULL""")[0]
    (relationships,) = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_country_partner_relationships")[0]
    assert metrics(at) == {"Partners with events": str(partners), "Partner–state pairs": str(pairs),
                           "Relationships": str(relationships)}
    grid = at.dataframe[0].value  # the first table: partner × state events
    (cells,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events e
        JOIN marts.bridge_event_participants bp USING (event_id) WHERE e.partner_code IS NOT NULL""")[0]
    assert int(grid.to_numpy().sum()) == cells
    (china_kz,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events e
        JOIN marts.bridge_event_participants bp USING (event_id) WHERE e.partner_code = 'CN' AND bp.iso2 = 'KZ'""")[0]
    if china_kz:
        assert grid.loc["China", "Kazakhstan"] == china_kz


def test_event_page_shows_participants_dates_and_evidence(monkeypatch, sample_warehouse):
    event_id, date_precision, status, n_stories = sql(sample_warehouse, """
        SELECT e.event_id, e.date_precision, e.status, e.n_stories FROM marts.fct_diplomatic_events e
        JOIN marts.fct_event_evidence ev USING (event_id)
        GROUP BY ALL ORDER BY count(*) DESC, e.event_id LIMIT 1""")[0]
    at = open_page(monkeypatch, sample_warehouse, "event", event_id=event_id)
    shown = metrics(at)
    people = sql(sample_warehouse, "SELECT iso2, role FROM marts.bridge_event_participants WHERE event_id = ?",
                 [event_id])
    sentences = [r[0] for r in sql(sample_warehouse,
                                   "SELECT sentence FROM marts.fct_event_evidence WHERE event_id = ?", [event_id])]
    assert shown["Participants"] == str(len(people))
    assert shown["Evidence sentences"] == str(len(sentences))
    assert shown["Stories"] == str(n_stories)
    assert shown["Precision"] == date_precision and shown["Status"] == status
    (table,) = frames_with(at, "iso2", "country", "role")
    assert sorted(zip(table["iso2"], table["role"])) == sorted(people)
    texts = [t.value for t in at.text]
    for sentence in sentences:
        assert sentence in texts


def test_event_page_links_evidence_to_article_urls(monkeypatch, sample_warehouse):
    rows = sql(sample_warehouse, """
        SELECT ev.event_id, list(DISTINCT a.url ORDER BY a.url) FROM marts.fct_event_evidence ev
        JOIN marts.dim_articles a USING (article_id) WHERE a.url LIKE 'http%'
        GROUP BY 1 ORDER BY 1 LIMIT 1""")
    assert rows, "the sample has articles with URLs"
    event_id, urls = rows[0]
    at = open_page(monkeypatch, sample_warehouse, "event", event_id=event_id)
    links = {button.proto.url for button in at.get("link_button")}
    assert set(urls) <= links


def test_every_event_page_renders(monkeypatch, sample_warehouse):
    ids = [r[0] for r in sql(sample_warehouse, "SELECT event_id FROM marts.fct_diplomatic_events ORDER BY 1")]
    at = open_page(monkeypatch, sample_warehouse, "event")
    assert len(at.selectbox[0].options) == len(ids)
    for event_id in ids:
        at.selectbox[0].set_value(event_id).run()
        assert not at.exception and not at.error, event_id
        assert at.query_params.get("event_id") == event_id


def test_a_followed_link_opens_its_event_and_the_choice_then_sticks(monkeypatch, sample_warehouse):
    first, second = [r[0] for r in sql(sample_warehouse,
                                       "SELECT event_id FROM marts.fct_diplomatic_events ORDER BY 1 LIMIT 2")]
    at = open_page(monkeypatch, sample_warehouse, "event", event_id=second)
    assert at.selectbox[0].value == second
    at.selectbox[0].set_value(first).run()
    assert at.selectbox[0].value == first and at.query_params["event_id"] == first
    at.run()
    assert at.selectbox[0].value == first


def test_stories_page_links_copies_together(monkeypatch, sample_warehouse):
    at = open_page(monkeypatch, sample_warehouse, "stories")
    stories, articles, with_copies = sql(sample_warehouse, """
        WITH s AS (SELECT story_id, count(*) n FROM marts.dim_articles GROUP BY 1)
        SELECT count(*), sum(n), count(*) FILTER (WHERE n > 1) FROM s""")[0]
    assert metrics(at) == {"Stories": str(stories), "Articles": str(articles),
                           "Stories with copies": str(with_copies)}
    assert with_copies >= 1, "the sample holds copies of one story"
    story_id, n = sql(sample_warehouse, """SELECT story_id, count(*) FROM marts.dim_articles
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")[0]
    expected = {r[0] for r in sql(sample_warehouse, "SELECT article_id FROM marts.dim_articles WHERE story_id = ?",
                                  [story_id])}
    assert len(expected) == n
    assert [set(f["article_id"]) for f in frames_with(at, "article_id", "outlet", "url")].count(expected) == 1
    assert any(f"Story `{story_id}`" in m.value and f"{n} article(s)" in m.value for m in at.markdown)


def test_quality_page_reads_the_audit_tables(monkeypatch, sample_warehouse):
    at = open_page(monkeypatch, sample_warehouse, "quality")
    runs, passed, failed = sql(sample_warehouse, """SELECT count(*), count(*) FILTER (WHERE success),
        count(*) FILTER (WHERE NOT success OR success IS NULL) FROM audit.validation_runs""")[0]
    (rejected,) = sql(sample_warehouse, "SELECT count(*) FROM audit.rejected_inputs")[0]
    assert metrics(at) == {"Gate runs": str(runs), "Passed": str(passed), "Failed": str(failed),
                           "Rejected inputs": str(rejected)}
    (table,) = frames_with(at, "suite", "success", "failed_expectations")
    assert len(table) == runs
    assert any("marts" in s.value and "passed" in s.value for s in at.success)
    index = sample_warehouse.parent / "data_docs" / "index.html"
    assert any(c.value == index.as_uri() for c in at.code), "links the Data Docs"
    tables = sample_warehouse.parent / "dbt_docs" / "index.html"
    assert any(c.value == tables.as_uri() for c in at.code), "links the dbt docs of the tables"
    assert not any("table docs" in w.value for w in at.warning)


def test_quality_page_says_when_the_table_docs_could_not_be_regenerated(monkeypatch, sample_warehouse, tmp_path):
    from diplomacy.config import Settings
    from diplomacy.pipeline import publish_docs

    db = copy_warehouse(sample_warehouse, tmp_path / "stale_docs")  # no working database beside it
    outcome = publish_docs(Settings(landing_dir=tmp_path, warehouse_dir=db.parent))
    assert outcome["generated"] is False and "working database" in outcome["error"]
    at = open_page(monkeypatch, db, "quality")
    assert any("table docs could not be regenerated" in w.value for w in at.warning)
    assert any("working database" in c.value and outcome["attempted_at"] in c.value for c in at.code)
    tables = db.parent / "dbt_docs" / "index.html"
    assert any(c.value == tables.as_uri() for c in at.code), "the previous page is still linked"


def test_quality_page_shows_a_failed_gate(monkeypatch, sample_warehouse, tmp_path):
    db = copy_warehouse(sample_warehouse, tmp_path / "failed")
    con = duckdb.connect(str(db))
    try:
        con.execute("""INSERT INTO audit.validation_runs (run_id, suite, success, evaluated, successful, failed,
                       failed_expectations, validated_at)
                       VALUES ('later', 'marts', false, 32, 31, 1, ['expect_column_values_to_not_be_null'],
                               TIMESTAMP '2100-01-01 00:00:00')""")
    finally:
        con.close()
    at = open_page(monkeypatch, db, "quality")
    assert metrics(at)["Failed"] == "1"
    assert any("marts" in e.value and "FAILED" in e.value and "31 of 32" in e.value for e in at.error)
    (table,) = frames_with(at, "suite", "success", "failed_expectations")
    assert "expect_column_values_to_not_be_null" in set(table["failed_expectations"])


def test_filters_apply_on_every_page(monkeypatch, sample_warehouse):
    partner, name = sql(sample_warehouse, """SELECT e.partner_code, p.name FROM marts.fct_diplomatic_events e
        JOIN marts.dim_partners p USING (partner_code) GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1""")[0]
    at = open_page(monkeypatch, sample_warehouse, "timeline")
    at.sidebar.multiselect(key="f_partner").set_value([partner]).run()
    (n,) = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events WHERE partner_code = ?",
               [partner])[0]
    assert metrics(at)["Events"] == str(n)
    assert set(at.dataframe[0].value["partner"]) == {name}

    at.sidebar.multiselect(key="f_type").set_value(["summit"]).run()
    (n,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events
        WHERE partner_code = ? AND event_type = 'summit'""", [partner])[0]
    assert metrics(at)["Events"] == str(n)

    # The filters persist across pages.
    at.switch_page(PAGES["matrix"]).run()
    assert metrics(at)["Partners with events"] == ("1" if n else "0")
    at.switch_page(PAGES["stories"]).run()
    (n_stories,) = sql(sample_warehouse, """SELECT count(DISTINCT a.story_id) FROM marts.fct_event_evidence ev
        JOIN marts.dim_articles a USING (article_id) JOIN marts.fct_diplomatic_events e USING (event_id)
        WHERE e.partner_code = ? AND e.event_type = 'summit'""", [partner])[0]
    assert f"{n_stories} stories report an event that matches the filters." in [c.value for c in at.caption]

    at.switch_page(PAGES["timeline"]).run()
    at.sidebar.multiselect(key="f_partner").set_value([]).run()
    at.sidebar.multiselect(key="f_type").set_value([]).run()
    at.sidebar.multiselect(key="f_state").set_value(["TM"]).run()
    (n,) = sql(sample_warehouse, "SELECT count(DISTINCT event_id) FROM marts.bridge_event_participants WHERE iso2 = 'TM'")[0]
    assert metrics(at)["Events"] == str(n)

    at.sidebar.multiselect(key="f_state").set_value([]).run()
    at.sidebar.date_input(key="f_dates").set_value((date(2026, 1, 1), date(2026, 12, 31))).run()
    (n,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events
        WHERE (date_start <= DATE '2026-12-31' AND coalesce(period_end, date_end, date_start) >= DATE '2026-01-01')
           OR date_start IS NULL""")[0]
    assert metrics(at)["Events"] == str(n)


# ----------------------------------------------------------- empty or missing

@pytest.mark.parametrize("page", list(PAGES))
def test_an_empty_warehouse_says_so(monkeypatch, empty_warehouse, page):
    at = open_page(monkeypatch, empty_warehouse, page)
    shown = everything_shown(at)
    if page == "quality":
        assert "No gate has run" in shown
        assert metrics(at)["Gate runs"] == "0"
    else:
        assert "holds no events yet" in shown
    assert not at.error


@pytest.mark.parametrize("page", list(PAGES))
def test_a_missing_warehouse_says_so(monkeypatch, tmp_path, page):
    at = open_page(monkeypatch, tmp_path / "nothing-here" / "diplomacy.duckdb", page)
    assert any("No published warehouse at" in e.value for e in at.error)
    assert not at.metric


def test_a_file_that_is_not_a_warehouse_says_so(monkeypatch, tmp_path):
    db = tmp_path / "diplomacy.duckdb"
    duckdb.connect(str(db)).close()  # a valid, empty DuckDB file
    at = open_page(monkeypatch, db, "timeline")
    assert any("is not a published diplomacy warehouse" in e.value for e in at.error)


def test_a_republished_snapshot_shows_on_the_next_rerun(monkeypatch, sample_warehouse, empty_warehouse, tmp_path):
    db = copy_warehouse(sample_warehouse, tmp_path / "wh")
    at = open_page(monkeypatch, db, "timeline")
    assert metrics(at)["Events"] != "0"
    staged = db.with_name(".next.tmp")
    staged.write_bytes(empty_warehouse.read_bytes())
    os.replace(staged, db)
    at.run()
    assert metrics(at)["Events"] == "0"
    assert "holds no events yet" in everything_shown(at)


# ---------------------------------------------------------- untrusted article text

HOSTILE = ("<script>alert('x')</script> <img src=x onerror=alert(1)> **bold** "
           "![pixel](http://evil.example/p.png) [click](javascript:alert(1)) :red[red] $x^2$")


def test_article_text_is_shown_as_text_never_as_markup(monkeypatch, sample_warehouse, tmp_path):
    db = copy_warehouse(sample_warehouse, tmp_path / "hostile")
    con = duckdb.connect(str(db))
    try:
        event_id, article_id = con.execute(
            "SELECT event_id, article_id FROM marts.fct_event_evidence ORDER BY 1, 2 LIMIT 1").fetchone()
        con.execute("UPDATE marts.fct_event_evidence SET sentence = ? WHERE event_id = ? AND article_id = ?",
                    [HOSTILE, event_id, article_id])
        (story_id,) = con.execute("SELECT story_id FROM marts.dim_articles WHERE article_id = ?",
                                  [article_id]).fetchone()
        con.execute("UPDATE marts.dim_articles SET title = ?, outlet = ?, url = 'javascript:alert(1)' "
                    "WHERE story_id = ?", [HOSTILE, HOSTILE, story_id])
        con.execute("UPDATE marts.fct_diplomatic_events SET location_city = ? WHERE event_id = ?", [HOSTILE, event_id])
    finally:
        con.close()

    at = open_page(monkeypatch, db, "event", event_id=event_id)
    assert HOSTILE in [t.value for t in at.text], "the sentence is shown verbatim, as text"
    assert any(HOSTILE in t.value for t in at.text if t.value.startswith("Title:"))
    assert all(b.proto.url.startswith("http") for b in at.get("link_button")), "no javascript: link"

    for page in ("event", "stories", "timeline", "matrix"):
        if page != "event":
            at.switch_page(PAGES[page]).run()
        assert not at.exception
        markup = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "error", "info",
                                       "warning", "success") for e in getattr(at, kind)]
        assert not any("evil.example" in m or "<script" in m or "javascript:" in m for m in markup), page
    at.switch_page(PAGES["stories"]).run()
    (copies,) = [f for f in frames_with(at, "article_id", "title", "url") if HOSTILE in set(f["title"])]
    assert set(copies["title"]) == {HOSTILE}
    assert copies["url"].isna().all(), "an unsafe URL is not offered as a link"
