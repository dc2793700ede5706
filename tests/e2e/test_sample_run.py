"""`make run` over the bundled sample: both DAGs succeed through Airflow, bad
input is quarantined, a second run changes nothing, and a failed gate leaves
the published snapshot byte for byte as it was."""
import pytest
from e2e_helpers import PROJECT_ROOT, copy_folder, marts_fingerprint, query, sha256

from diplomacy.warehouse.db import connect


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, airflow_env):
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("sample")
    landing = copy_folder(PROJECT_ROOT / "sample" / "landing", root / "landing")
    warehouse = root / "warehouse"

    def run():
        return subprocess.run([sys.executable, "-m", "diplomacy", "run", "--landing", str(landing),
                               "--warehouse", str(warehouse)],
                              env=airflow_env, capture_output=True, text=True, timeout=900)

    first = run()
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    return {"run": run, "first": first, "landing": landing, "warehouse": warehouse,
            "published": warehouse / "diplomacy.duckdb"}


def test_run_prints_a_readable_summary(sample_run):
    out = sample_run["first"].stdout
    assert "run summary" in out
    assert "articles landed" in out and "rejected broken_feed.xml" in out
    assert "Gate marts" in out and "passed" in out
    assert "diplomacy.duckdb" in out and "Data-quality report" in out


def test_the_tables_are_documented_beside_the_snapshot(sample_run):
    """dbt docs of the published marts: every mart with its description, every column
    as built (types from the database) with its description, the tests and exposures."""
    import json

    docs = sample_run["warehouse"] / "dbt_docs"
    assert "Table docs (dbt)" in sample_run["first"].stdout and str(docs / "index.html") in sample_run["first"].stdout
    manifest = json.loads((docs / "manifest.json").read_text())
    catalog = json.loads((docs / "catalog.json").read_text())
    published = {name for (name,) in query(sample_run["published"], """
        SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'""")}
    marts = {n["name"]: n for n in manifest["nodes"].values()
             if n["resource_type"] == "model" and n["name"] in published}
    assert set(marts) == published
    for name, node in marts.items():
        built = catalog["nodes"][node["unique_id"]]["columns"]
        columns = {c for (c,) in query(sample_run["published"], f"""
            SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' AND table_name = '{name}'""")}
        assert {c.lower() for c in built} == {c.lower() for c in columns}, name
        assert node["description"], f"{name} has no description"
        undocumented = [c for c in built if not node["columns"].get(c.lower(), {}).get("description")]
        assert not undocumented, f"{name}: columns without a description: {undocumented}"
    tested = {model for n in manifest["nodes"].values() if n["resource_type"] == "test"
              for model in n["depends_on"]["nodes"]}
    assert {n["unique_id"] for n in marts.values()} <= tested, "every mart has tests"
    for name, node in marts.items():  # the catalog's types are the published columns' types
        built = {c.lower(): column["type"].upper()
                 for c, column in catalog["nodes"][node["unique_id"]]["columns"].items()}
        types = dict(query(sample_run["published"], f"""SELECT lower(column_name), upper(data_type)
            FROM information_schema.columns WHERE table_schema = 'marts' AND table_name = '{name}'"""))
        assert built == types, name
    assert any(e["type"] == "dashboard" for e in manifest["exposures"].values())
    read = {model for e in manifest["exposures"].values() for model in e["depends_on"]["nodes"]}
    assert {n["unique_id"] for n in marts.values()} <= read, "every published mart has a consumer"
    page = (docs / "index.html").read_text()
    assert "fct_diplomatic_events" in page and "diplomacy_dashboard" in page  # one self-contained page
    status = json.loads((docs / "status.json").read_text())
    assert status["generated"] is True and status["error"] is None


def test_a_docs_failure_keeps_the_previous_page_and_shows_in_the_summary(sample_run, tmp_path):
    """dbt itself fails (a broken project): `make docs` fails, the published page stays as it
    was, the summary says it is stale and why; the next good generation clears that."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    warehouse = tmp_path / "warehouse"
    (warehouse / "_work").mkdir(parents=True)
    shutil.copy2(sample_run["published"], warehouse / "diplomacy.duckdb")
    shutil.copy2(sample_run["warehouse"] / "_work" / "working.duckdb", warehouse / "_work" / "working.duckdb")
    shutil.copytree(sample_run["warehouse"] / "dbt_docs", warehouse / "dbt_docs")
    page = warehouse / "dbt_docs" / "index.html"
    before = sha256(page)
    broken = tmp_path / "broken_project"
    broken.mkdir()
    (broken / "dbt_project.yml").write_text("name: [\n")
    shutil.copy2(PROJECT_ROOT / "dbt_project" / "profiles.yml", broken / "profiles.yml")

    def diplomacy(*args, **env):
        return subprocess.run([sys.executable, "-m", "diplomacy", *args, "--warehouse", str(warehouse)],
                              env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
                              cwd=PROJECT_ROOT)

    failed = diplomacy("docs", DIPLOMACY_DBT_PROJECT_DIR=str(broken))
    assert failed.returncode == 1, failed.stdout[-2000:] + failed.stderr[-2000:]
    assert "dbt docs were not generated" in failed.stderr
    assert sha256(page) == before, "the previous page is kept"
    status = json.loads((warehouse / "dbt_docs" / "status.json").read_text())
    assert status["generated"] is False and "dbt docs generate failed" in status["error"]
    summary = diplomacy("summary")
    assert summary.returncode == 0, summary.stderr[-2000:]
    line = next(x for x in summary.stdout.splitlines() if "Table docs (dbt)" in x)
    assert str(page) in line and "STALE" in line
    assert "dbt docs error: DbtBuildError: dbt docs generate failed" in summary.stdout

    again = diplomacy("docs")
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert json.loads((warehouse / "dbt_docs" / "status.json").read_text())["generated"] is True
    assert "fct_diplomatic_events" in page.read_text()
    summary = diplomacy("summary")
    line = next(x for x in summary.stdout.splitlines() if "Table docs (dbt)" in x)
    assert line.strip() == f"Table docs (dbt)   : {page}"


def test_docs_are_left_alone_when_nothing_was_published(sample_run):
    """publish found the marts changed since their gate and published nothing: the docs
    still describe the published snapshot, so the docs step leaves them (and their status) be."""
    from diplomacy.config import Settings
    from diplomacy.pipeline import publish_docs

    docs = sample_run["warehouse"] / "dbt_docs"
    before = {name: sha256(docs / name) for name in ("index.html", "status.json")}
    cfg = Settings(landing_dir=sample_run["landing"], warehouse_dir=sample_run["warehouse"])
    outcome = publish_docs(cfg, published={"published": False, "reason": "the marts changed since they were last validated"})
    assert outcome["generated"] is False and outcome["skipped"] is True
    assert {name: sha256(docs / name) for name in before} == before


def test_bad_input_is_quarantined_and_the_rest_lands(sample_run):
    published = sample_run["published"]
    assert query(published, "SELECT source_file FROM audit.rejected_inputs") == [("broken_feed.xml",)]
    landed_files = {f for (f,) in query(published, "SELECT DISTINCT source_file FROM marts.dim_articles")}
    assert "meridian_xi_astana_summit.txt" in landed_files and "wire_export.jsonl" in landed_files
    assert query(published, "SELECT count(*) > 0 FROM marts.fct_diplomatic_events") == [(True,)]
    assert query(published, "SELECT bool_and(success) FROM audit.validation_runs") == [(True,)]


def test_running_the_same_folder_again_changes_nothing(sample_run):
    before = marts_fingerprint(sample_run["published"])
    again = sample_run["run"]()
    assert again.returncode == 0, again.stdout[-4000:] + again.stderr[-4000:]
    assert marts_fingerprint(sample_run["published"]) == before


def test_a_failed_gate_leaves_the_published_snapshot_untouched(sample_run):
    published = sample_run["published"]
    digest = sha256(published)
    # A broken extractor output: an event dated 1850 (before Central Asian independence).
    working = connect(sample_run["warehouse"] / "_work" / "working.duckdb")
    try:
        working.execute("""
            INSERT INTO raw.event_mentions
            SELECT 'bad-mention-1850', article_id, extractor_version, sentence_index, sentence, char_start,
                   char_end, 'state_visit', 'CN', 'KZ', NULL, ['KZ'], DATE '1850-01-01', NULL, 'day',
                   'occurred', NULL, 'leaders', 'visited'
            FROM raw.event_mentions LIMIT 1""")
    finally:
        working.close()

    failed = sample_run["run"]()

    assert failed.returncode != 0
    assert "FAILED" in failed.stdout
    assert "date_start" in failed.stdout + failed.stderr  # the failed expectation is named
    assert sha256(published) == digest
    working = connect(sample_run["warehouse"] / "_work" / "working.duckdb")
    try:
        verdicts = working.execute("""SELECT success, failed_expectations FROM audit.validation_runs
                                      WHERE suite = 'marts' ORDER BY validated_at DESC LIMIT 1""").fetchall()
        working.execute("DELETE FROM raw.event_mentions WHERE mention_id = 'bad-mention-1850'")
    finally:
        working.close()
    assert verdicts[0][0] is False
    assert any("date_start" in name for name in verdicts[0][1])
