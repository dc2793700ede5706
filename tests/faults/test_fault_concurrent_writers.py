"""Two writers on one working database: the second waits for the inter-process
writer lock (and says who holds it), nobody hits DuckDB's file lock, and both
finish. dag.test() ignores Airflow pools, so the lock is what serialises two
`make run` on the same warehouse."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from e2e_helpers import copy_folder, query
from faults_helpers import PROJECT_ROOT, WORKER, settings_in, wait_for, worker

from diplomacy.warehouse.db import connect, lock_path, working_db, writer_lock

DUCKDB_LOCK_ERROR = re.compile(r"Could not set lock on file|Conflicting lock is held", re.I)


def test_a_second_writer_waits_and_says_who_holds_the_lock(tmp_path):
    db = tmp_path / "_work" / "working.duckdb"
    holder = worker("hold_lock", db, tmp_path / "held", tmp_path / "release")
    wait_for(tmp_path / "held", holder)
    holder_pid = (tmp_path / "held").read_text()

    waiter = worker("take_lock", db, tmp_path / "taken.json", 60)
    time.sleep(1.5)
    assert waiter.poll() is None, "the second writer did not wait"
    (tmp_path / "release").touch()
    _, log = waiter.communicate(timeout=60)
    holder.communicate(timeout=30)

    result = json.loads((tmp_path / "taken.json").read_text())
    assert result["acquired"] and result["waited"] >= 1.0
    assert f"waiting for the writer lock {lock_path(db)}" in log
    assert f"held by pid {holder_pid}" in log and "fault test holder" in log
    assert "acquired for fault test step after waiting" in log


def test_a_writer_gives_up_after_the_timeout_with_a_readable_error(tmp_path):
    db = tmp_path / "_work" / "working.duckdb"
    holder = worker("hold_lock", db, tmp_path / "held", tmp_path / "release")
    wait_for(tmp_path / "held", holder)
    try:
        waiter = worker("take_lock", db, tmp_path / "taken.json", 1)
        waiter.communicate(timeout=60)
    finally:
        (tmp_path / "release").touch()
        holder.communicate(timeout=30)

    result = json.loads((tmp_path / "taken.json").read_text())
    assert not result["acquired"] and result["error_type"] == "WriterLockTimeout"
    assert 1.0 <= result["waited"] < 10
    message = result["error"]
    assert f"gave up after 1 s waiting for the writer lock {lock_path(db)}" in message
    assert f"held by pid {(tmp_path / 'held').read_text()}" in message
    assert "DIPLOMACY_WRITER_LOCK_TIMEOUT" in message


def test_a_killed_writer_never_leaves_a_stale_lock(tmp_path):
    db = tmp_path / "_work" / "working.duckdb"
    holder = worker("hold_lock", db, tmp_path / "held", tmp_path / "never")
    wait_for(tmp_path / "held", holder)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=30)

    with writer_lock(db, purpose="after the kill", timeout=5):  # the kernel released it
        pass


def test_the_lock_nests_inside_a_process_and_excludes_other_processes(tmp_path):
    db = tmp_path / "_work" / "working.duckdb"
    with writer_lock(db, purpose="dbt build"):
        with working_db(db, purpose="dbt build") as con:  # a step nests the two: no self-deadlock
            con.execute("CREATE TABLE t AS SELECT 1 AS x")
        probe = worker("take_lock", db, tmp_path / "taken.json", 0.5)
        probe.communicate(timeout=60)
        assert json.loads((tmp_path / "taken.json").read_text())["acquired"] is False
    probe = worker("take_lock", db, tmp_path / "taken.json", 5)
    probe.communicate(timeout=60)
    assert json.loads((tmp_path / "taken.json").read_text())["acquired"] is True


def start_together(cfg, commands: list[list[str]], logs: list, env: dict) -> list[subprocess.Popen]:
    """Start the commands while the test holds the writer lock; release it once
    every one of them is waiting for it (so each provably waits), then they race."""
    with writer_lock(cfg.working_db, purpose="fault test: start the runs together"):
        runs = [subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
                for command, log in zip(commands, logs)]
        deadline = time.monotonic() + 300
        while not all("waiting for the writer lock" in log.read_text() for log in logs):
            if any(run.poll() is not None for run in runs) or time.monotonic() > deadline:
                for run in runs:
                    if run.poll() is None:
                        run.kill()
                raise AssertionError("a run ended or never reached the writer lock:\n"
                                     + "\n".join(log.read_text()[-4000:] for log in logs))
            time.sleep(0.2)
    for run in runs:
        run.wait(timeout=900)
    return runs


def assert_both_finished_and_waited(runs, logs) -> list[str]:
    outputs = [log.read_text() for log in logs]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output[-5000:]
        assert not DUCKDB_LOCK_ERROR.search(output), DUCKDB_LOCK_ERROR.search(output)
        waits = re.findall(r"waiting for the writer lock .* \(pid (\d+)\): held by pid (\d+)", output)
        assert waits and {waiter for waiter, _ in waits} == {str(run.pid)}
        assert f"held by pid {os.getpid()}" in output  # each waited for the test first ...
    pids = {str(run.pid) for run in runs}
    holders = {holder for output in outputs
               for _, holder in re.findall(r"waiting for the writer lock .* \(pid (\d+)\): held by pid (\d+)", output)}
    assert holders & pids, "the two runs never waited for each other"  # ... and then for one another
    return outputs


def test_two_build_runs_on_one_warehouse_both_finish_one_waits(tmp_path):
    """Two processes run every pipeline step (land, landing gate, link, extract,
    dbt build, marts gate, publish) on the same warehouse at the same time."""
    landing = copy_folder(PROJECT_ROOT / "sample" / "landing", tmp_path / "landing")
    cfg = settings_in(tmp_path)
    logs = [tmp_path / f"run-{tag}.log" for tag in ("a", "b")]
    commands = [[sys.executable, str(WORKER), "pipeline_run", str(landing), str(cfg.warehouse_dir), tag]
                for tag in ("a", "b")]

    runs = start_together(cfg, commands, logs, dict(os.environ))

    outputs = assert_both_finished_and_waited(runs, logs)
    results = [json.loads(re.search(r"^RESULT (.*)$", output, re.M)[1]) for output in outputs]
    assert sorted(r["articles_landed"] for r in results) == [0, 10]  # the folder landed once
    assert any(r["published"] for r in results)
    published = cfg.published_db
    assert query(published, "SELECT count(*) FROM marts.dim_articles") == [(10,)]
    assert query(published, "SELECT count(*) > 0 FROM marts.fct_diplomatic_events") == [(True,)]
    assert query(published, "SELECT bool_and(success) FROM audit.validation_runs") == [(True,)]
    con = connect(cfg.working_db, read_only=True)
    try:
        assert con.execute("SELECT sum(articles_landed), count(*) FROM raw.loads").fetchone() == (10, 2)
    finally:
        con.close()


@pytest.mark.skipif(os.environ.get("DIPLOMACY_SLOW_FAULT_TESTS") != "1",
                    reason="≈ 3 min on 2 cores: set DIPLOMACY_SLOW_FAULT_TESTS=1")
def test_two_make_runs_on_one_warehouse_both_finish_one_waits(tmp_path, faults_airflow_env):
    """The same through Airflow: two `python -m diplomacy run` (each runs both
    DAGs with dag.test(), which ignores the Airflow pool) on one warehouse.

    The DAGs are serialised into Airflow's metadata first: two dag.test() that
    both register a DAG for the first time race in Airflow itself
    (`UNIQUE constraint failed: dag.dag_id` on SQLite), before any DuckDB step."""
    reserialize = subprocess.run([str(Path(sys.executable).with_name("airflow")), "dags", "reserialize"],
                                 env=faults_airflow_env, capture_output=True, text=True, timeout=300)
    assert reserialize.returncode == 0, reserialize.stderr[-3000:]
    landing = copy_folder(PROJECT_ROOT / "sample" / "landing", tmp_path / "landing")
    cfg = settings_in(tmp_path)
    with working_db(cfg.working_db, purpose="create"):
        pass
    logs = [tmp_path / f"run-{i}.log" for i in (1, 2)]
    commands = [[sys.executable, "-m", "diplomacy", "run", "--landing", str(landing),
                 "--warehouse", str(cfg.warehouse_dir)]] * 2

    runs = start_together(cfg, commands, logs, faults_airflow_env)

    for output in assert_both_finished_and_waited(runs, logs):
        assert "DAG build_warehouse   ok" in output, output[-3000:]
    assert query(cfg.published_db, "SELECT count(*) FROM marts.dim_articles") == [(10,)]
    assert query(cfg.published_db, "SELECT bool_and(success) FROM audit.validation_runs") == [(True,)]


def test_a_forked_child_does_not_inherit_or_release_the_parents_lock(tmp_path):
    """Airflow's LocalExecutor forks task processes: a child forked while the
    parent holds the lock must neither think it holds it nor release it."""
    db = tmp_path / "_work" / "working.duckdb"
    with writer_lock(db, purpose="parent"):
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                with writer_lock(db, purpose="child", timeout=0.5):
                    code = 2  # got it: inherited
            except Exception as error:  # noqa: BLE001
                code = 0 if type(error).__name__ == "WriterLockTimeout" else 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        probe = worker("take_lock", db, tmp_path / "taken.json", 0.5)  # the parent still holds it
        probe.communicate(timeout=60)
        assert json.loads((tmp_path / "taken.json").read_text())["acquired"] is False
