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
