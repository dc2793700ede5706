"""The running dashboard in a real browser: `python -m dashboard` on a free
loopback port against the sample warehouse, Debian's Chromium driven by
Playwright's Python package (never `playwright install`). Each page must show
the sample's numbers as SQL on the same file computes them; a filter is applied
through the sidebar; screenshots go to test-artifacts/dashboard/.

Without /usr/bin/chromium the tests skip, unless DIPLOMACY_REQUIRE_BROWSER=1
(CI), where they fail."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dashboard_testlib import PROJECT_ROOT, sql

# Debian's package; DIPLOMACY_CHROMIUM points elsewhere (or nowhere, to try the skip).
CHROMIUM = Path(os.environ.get("DIPLOMACY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "dashboard"
TIMEOUT_MS = 45_000


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = (f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) "
                  "to run the browser test")
        if os.environ.get("DIPLOMACY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " — required here (DIPLOMACY_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_url(chromium, sample_warehouse):
    """`python -m dashboard` (what `make dashboard` runs) on a free loopback port."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log_path = ARTIFACTS / "dashboard-server.log"
    env = {**os.environ, "DO_NOT_TRACK": "1"}
    env.pop("DIPLOMACY_DATA_DOCS_URL", None)
    env.pop("DIPLOMACY_DBT_DOCS_URL", None)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--warehouse", str(sample_warehouse.parent), "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"the dashboard exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not answer on {url}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        # The launcher and Streamlit share the session started above: stop that group only.
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # a cold Streamlit run on 2 busy cores can take a while
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


# ------------------------------------------------------------------- helpers

def metric(page, label: str):
    """The value element of the metric labelled exactly `label`."""
    exact = page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.get_by_test_id("stMetric").filter(has=exact).get_by_test_id("stMetricValue")


def expect_metrics(page, expected: dict[str, object]) -> None:
    from playwright.sync_api import expect

    for label, value in expected.items():
        expect(metric(page, label)).to_have_text(str(value), timeout=TIMEOUT_MS)


def settle(page) -> None:
    """Let the app finish its run (charts and tables draw after the metrics)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


# ----------------------------------------------------------------- the pages

def test_timeline_page(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    total, occurred, scheduled, partners = sql(sample_warehouse, """
        SELECT count(*), count(*) FILTER (WHERE status = 'occurred'), count(*) FILTER (WHERE status = 'scheduled'),
               count(DISTINCT partner_code) FROM marts.fct_diplomatic_events""")[0]
    assert total > 0
    page.goto(dashboard_url + "/")
    expect(page.get_by_role("heading", name="Timeline of events")).to_be_visible()
    expect_metrics(page, {"Events": total, "Occurred": occurred, "Scheduled": scheduled, "Partners": partners})
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    settle(page)
    shoot(page, "timeline")


def test_matrix_page(page, dashboard_url, sample_warehouse):
    partners, pairs = sql(sample_warehouse, """
        SELECT count(DISTINCT e.partner_code), count(DISTINCT (e.partner_code, bp.iso2))
        FROM marts.fct_diplomatic_events e JOIN marts.bridge_event_participants bp USING (event_id)
        WHERE e.partner_code IS NOT NULL""")[0]
    (relationships,) = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_country_partner_relationships")[0]
    page.goto(dashboard_url + "/matrix")
    expect_metrics(page, {"Partners with events": partners, "Partner–state pairs": pairs,
                          "Relationships": relationships})
    settle(page)
    shoot(page, "matrix")


def test_event_page(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    event_id, precision, status, n_articles, n_stories = sql(sample_warehouse, """
        SELECT e.event_id, e.date_precision, e.status, e.n_articles, e.n_stories
        FROM marts.fct_diplomatic_events e JOIN marts.fct_event_evidence ev USING (event_id)
        GROUP BY ALL ORDER BY count(*) DESC, e.event_id LIMIT 1""")[0]
    (participants,) = sql(sample_warehouse, "SELECT count(*) FROM marts.bridge_event_participants WHERE event_id = ?",
                          [event_id])[0]
    sentences = [r[0] for r in sql(sample_warehouse,
                                   "SELECT sentence FROM marts.fct_event_evidence WHERE event_id = ?", [event_id])]
    page.goto(f"{dashboard_url}/event?event_id={event_id}")
    expect_metrics(page, {"Precision": precision, "Status": status, "Participants": participants,
                          "Articles": n_articles, "Stories": n_stories, "Evidence sentences": len(sentences)})
    texts = page.get_by_test_id("stText")
    for sentence in sentences:
        expect(texts.filter(has_text=sentence).first).to_be_visible()
    settle(page)
    shoot(page, "event")


def test_event_page_links_to_articles(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    event_id, urls = sql(sample_warehouse, """
        SELECT ev.event_id, list(DISTINCT a.url) FROM marts.fct_event_evidence ev
        JOIN marts.dim_articles a USING (article_id) WHERE a.url LIKE 'https://%'
        GROUP BY 1 ORDER BY 1 LIMIT 1""")[0]
    page.goto(f"{dashboard_url}/event?event_id={event_id}")
    for url in urls:
        link = page.locator(f'a[href="{url}"]').first
        expect(link).to_be_visible()
        expect(link).to_have_attribute("rel", re.compile("noreferrer"))


def test_stories_page(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    stories, articles, with_copies = sql(sample_warehouse, """
        WITH s AS (SELECT story_id, count(*) n FROM marts.dim_articles GROUP BY 1)
        SELECT count(*), sum(n), count(*) FILTER (WHERE n > 1) FROM s""")[0]
    story_id, n = sql(sample_warehouse, """SELECT story_id, count(*) FROM marts.dim_articles
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")[0]
    page.goto(dashboard_url + "/stories")
    expect_metrics(page, {"Stories": stories, "Articles": articles, "Stories with copies": with_copies})
    expect(page.get_by_text(re.compile(rf"Story\s+{story_id}\s+· {n} article\(s\)"))).to_be_visible()
    settle(page)
    shoot(page, "stories")


def test_quality_page_and_its_data_docs_link(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    runs, passed, failed = sql(sample_warehouse, """SELECT count(*), count(*) FILTER (WHERE success),
        count(*) FILTER (WHERE NOT success OR success IS NULL) FROM audit.validation_runs""")[0]
    (rejected,) = sql(sample_warehouse, "SELECT count(*) FROM audit.rejected_inputs")[0]
    page.goto(dashboard_url + "/quality")
    expect_metrics(page, {"Gate runs": runs, "Passed": passed, "Failed": failed, "Rejected inputs": rejected})
    docs = page.get_by_role("link", name=re.compile("Open the Data Docs"))
    expect(docs).to_be_visible()
    href = docs.get_attribute("href")
    assert href.startswith("http://127.0.0.1:")
    answer = page.request.get(href)
    assert answer.ok and "<html" in answer.text().lower()
    tables = page.get_by_role("link", name=re.compile("Open the table docs"))
    expect(tables).to_be_visible()
    assert tables.get_attribute("href").startswith("http://127.0.0.1:") and tables.get_attribute("href") != href
    answer = page.request.get(tables.get_attribute("href"))
    # The static dbt docs page inlines the manifest: the published marts are in it.
    assert answer.ok and "fct_diplomatic_events" in answer.text() and "dim_countries" in answer.text()
    settle(page)
    shoot(page, "quality")


def test_a_sidebar_filter_narrows_every_page(page, dashboard_url, sample_warehouse):
    from playwright.sync_api import expect

    partner, name, n_events = sql(sample_warehouse, """
        SELECT e.partner_code, p.name, count(*) FROM marts.fct_diplomatic_events e
        JOIN marts.dim_partners p USING (partner_code) GROUP BY ALL ORDER BY 3 DESC, 1 LIMIT 1""")[0]
    (n_scheduled,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events
        WHERE partner_code = ? AND status = 'scheduled'""", [partner])[0]
    (n_relationships,) = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_country_partner_relationships
        WHERE partner_code = ?""", [partner])[0]
    (total,) = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events")[0]

    page.goto(dashboard_url + "/")
    expect_metrics(page, {"Events": total})
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").filter(has_text="Partner").first.click()
    page.get_by_role("option", name=f"{name} ({partner})").click()
    page.keyboard.press("Escape")
    expect_metrics(page, {"Events": n_events, "Scheduled": n_scheduled, "Partners": 1})
    settle(page)
    shoot(page, "timeline-filtered")

    # The filter stays when moving to another page of the same session.
    sidebar.get_by_test_id("stSidebarNav").get_by_text("Partners × states").click()
    expect_metrics(page, {"Partners with events": 1, "Relationships": n_relationships})
    settle(page)
    shoot(page, "matrix-filtered")
