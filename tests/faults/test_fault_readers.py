"""BI readers open the published file read-only while a build runs: a session
opened before a publish keeps its consistent view, a session opened during the
publish sees the last snapshot without waiting, and a session opened afterwards
sees the new one. Readers never block the pipeline."""
from __future__ import annotations

import json
import subprocess
import sys

from faults_helpers import WORKER, contract_warehouse, wait_for, worker

import diplomacy.publish as publish_module
from diplomacy import pipeline
from diplomacy.warehouse.db import working_db


def read_in_new_process(published) -> list:
    done = subprocess.run([sys.executable, str(WORKER), "read_once", str(published)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_readers_keep_their_view_during_a_publish_and_see_the_new_snapshot_after(tmp_path, monkeypatch):
    cfg = contract_warehouse(tmp_path)
    pipeline.validate_marts(run_id="load-1", cfg=cfg)
    pipeline.publish(cfg)
    before = [2, 5, "a1,a2"]

    control = tmp_path / "reader"
    control.mkdir()
    reader = worker("long_reader", cfg.published_db, control)
    wait_for(control / "read-1.json", reader)
    assert json.loads((control / "read-1.json").read_text()) == before

    # The next build: new marts in the working database, validated, then published.
    with working_db(cfg.working_db, purpose="stand-in for dbt build") as con:
        con.execute("INSERT INTO marts.dim_articles SELECT 'a3', 's3', NULL, 'Outlet', 'Later', "
                    "TIMESTAMP '2024-12-05 08:00', 'metadata', 'en', TIMESTAMP '2024-12-05 09:00'")
    pipeline.validate_marts(run_id="load-2", cfg=cfg)

    during = []
    real_copy = publish_module.copy_table

    def copy_and_read(con, source, target):
        real_copy(con, source, target)
        if not during:  # mid-publish, with the working database open read-write in this process
            during.append(read_in_new_process(cfg.published_db))

    monkeypatch.setattr(publish_module, "copy_table", copy_and_read)
    outcome = pipeline.publish(cfg)  # completes although a reader holds the file open
    monkeypatch.undo()

    assert outcome["published"] is True and outcome["validated_by"] == "load-2"
    assert during == [[2, "a1,a2"]]  # a session opened during the publish: the last snapshot, no wait
    (control / "go").touch()
    reader.communicate(timeout=60)
    assert reader.returncode == 0
    assert json.loads((control / "read-2.json").read_text()) == before  # its consistent view
    assert json.loads((control / "read-2b.json").read_text()) == before  # same process, file still open
    assert json.loads((control / "read-3.json").read_text()) == [3, 5, "a1,a2,a3"]  # new session
    assert read_in_new_process(cfg.published_db) == [3, "a1,a2,a3"]
