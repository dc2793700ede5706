"""A big load is read by worker processes (landing.parallel): it must land exactly
what one process lands, in the same order, and count every file the same way."""
from __future__ import annotations

import sys
import types

import pytest

from diplomacy.landing import land_folder
from diplomacy.landing import parallel
from diplomacy.synthetic import Settings, write_corpus
from diplomacy.warehouse.db import connect, ensure_schema

_TABLES = {
    "raw.articles": "article_id, content_hash, text, title, url, outlet, published_raw, published_at, language, "
                    "source_file, source_record, source_format, n_chars",
    "raw.article_sources": "article_id, source_file, source_record, source_format",
    "raw.rejected_inputs": "source_file, source_record, reason, size_bytes, original_bytes",
    "raw.landed_files": "source_file, content_sha256, source_format, n_records, n_landed, n_duplicates, n_rejected",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    write_corpus(root / "corpus", 300, Settings(seed=5, txt_share=0.2, off_topic=0.5), extra=30)
    landing = root / "corpus" / "landing"
    (landing / "broken.jsonl").write_bytes(b'{"text": "half a record\n\x00\x01\x02')
    (landing / "empty.txt").write_text("   \n", encoding="utf-8")
    return landing


def _land(tmp_path, folder, name: str, workers: int):
    con = connect(tmp_path / f"{name}.duckdb")
    ensure_schema(con)
    summary = land_folder(con, folder, "load-1", workers=workers)
    rows = {table: con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
            for table, columns in _TABLES.items()}
    con.close()
    summary.load_id = summary.landing_dir = None
    return summary, rows


@pytest.fixture
def plain_main(monkeypatch):
    """Worker processes import the parent's __main__ (Python's rule for spawn and forkserver).
    In the full suite that can be a Streamlit script AppTest left behind: a bare module instead."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


def test_workers_land_exactly_what_one_process_lands(tmp_path, folder, monkeypatch, plain_main):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)  # every file to the workers
    started = []
    real_start = parallel._start_pool

    def start_pool(workers):
        pool = real_start(workers)
        started.append(pool is not None)
        return pool

    monkeypatch.setattr(parallel, "_start_pool", start_pool)

    one_summary, one_rows = _land(tmp_path, folder, "one", workers=1)
    two_summary, two_rows = _land(tmp_path, folder, "two", workers=2)

    assert started == [True]  # the second load really ran its files in the pool
    assert one_rows["raw.articles"] and one_rows["raw.rejected_inputs"]
    assert two_rows == one_rows
    assert two_summary == one_summary


def test_a_small_load_is_read_in_process(tmp_path, folder, monkeypatch):
    monkeypatch.setattr(parallel, "_start_pool", lambda workers: pytest.fail("a small load started workers"))
    summary, rows = _land(tmp_path, folder, "small", workers=2)  # the folder is far below PARALLEL_MIN_BYTES (6 MiB)
    assert summary.articles_landed == len(rows["raw.articles"])


def test_when_workers_cannot_start_the_load_reads_in_process(tmp_path, folder, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "_start_pool", lambda workers: None)
    _, fallback_rows = _land(tmp_path, folder, "fallback", workers=2)
    _, one_rows = _land(tmp_path, folder, "one", workers=1)
    assert fallback_rows == one_rows


def test_the_worker_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert parallel.landing_workers() == 3
    monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    with pytest.raises(ValueError, match="at least 1"):
        parallel.landing_workers()


@pytest.mark.parametrize("v2,v1,expected", [
    ("max 100000\n", None, None),
    ("150000 100000\n", None, 1.5),
    (None, ("200000", "100000"), 2.0),
    (None, ("-1", "100000"), None),  # cgroup v1: no quota
    (None, None, None),
])
def test_the_cgroup_cpu_quota_is_read_from_v2_then_v1(tmp_path, v2, v1, expected):
    files = (tmp_path / "cpu.max", (tmp_path / "cpu.cfs_quota_us", tmp_path / "cpu.cfs_period_us"))
    if v2 is not None:
        files[0].write_text(v2)
    if v1 is not None:
        files[1][0].write_text(v1[0])
        files[1][1].write_text(v1[1])
    assert parallel.cgroup_cpu_quota(files) == expected


def test_the_default_worker_count_follows_a_cpu_quota(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(64)))
    monkeypatch.setattr(parallel, "cgroup_cpu_quota", lambda: 1.5)
    assert parallel.landing_workers() == 2
    monkeypatch.setattr(parallel, "cgroup_cpu_quota", lambda: None)
    assert parallel.landing_workers() == 64


def _land_in_a_daemon(folder: str, db: str, queue) -> None:
    parallel.PARALLEL_MIN_BYTES = 0
    pools = []
    start_pool = parallel._start_pool
    parallel._start_pool = lambda workers: pools.append(start_pool(workers)) or pools[-1]
    con = connect(db)
    ensure_schema(con)
    summary = land_folder(con, folder, "load-1", workers=2)
    queue.put((summary.articles_landed, pools))
    con.close()


def test_a_daemonic_process_cannot_have_workers_and_lands_in_process(tmp_path, folder, plain_main):
    # Some executors run tasks in daemonic processes, which Python forbids to start children.
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    daemon = context.Process(target=_land_in_a_daemon, args=(str(folder), str(tmp_path / "d.duckdb"), queue), daemon=True)
    daemon.start()
    landed, pools = queue.get(timeout=120)
    daemon.join(timeout=60)
    assert daemon.exitcode == 0
    assert pools == [None]  # it tried, could not, and read in process
    _, rows = _land(tmp_path, folder, "one", workers=1)
    assert landed == len(rows["raw.articles"]) > 0


_HOLD_A_POOL = """
import sys, time
from diplomacy.landing import parallel
from diplomacy.landing.discover import LandingFile
if __name__ == "__main__":
    files = [LandingFile(f"f{i}.txt", b"The summit in Astana was held on Monday. " * 50) for i in range(3)]
    started = []
    start_pool = parallel._start_pool
    parallel._start_pool = lambda workers: started.append(start_pool(workers)) or started[-1]
    reading = parallel.read_files(files, lambda f: True, workers=2, min_bytes=0)
    next(reading)  # the pool is up; holding `reading` keeps it so
    print(" ".join(str(pid) for pid in started[0]._processes), flush=True)
    time.sleep(120)
"""


def test_workers_exit_when_the_landing_process_is_killed(tmp_path):
    # SIGKILL (Airflow's last resort, the OOM killer) runs no cleanup: the workers must notice.
    import os
    import signal
    import subprocess
    import time

    script = tmp_path / "hold_a_pool.py"
    script.write_text(_HOLD_A_POOL, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in holder.stdout.readline().split()]
    assert len(workers) >= 1
    holder.send_signal(signal.SIGKILL)
    holder.wait()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
