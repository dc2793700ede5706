"""Parse a big load's files on every core, in order.

Reading a file (decoding, repairing, cleaning and language detection of each record)
is pure Python and most of landing's time. A load with more than PARALLEL_MIN_BYTES
to read hands its files to a pool of worker processes; files are yielded in the order
they were found, so a load lands the same rows whichever way it was read. Small loads
(the sample, a scheduled drop of a few files) never pay for starting the pool."""
from __future__ import annotations

import logging
import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from diplomacy.landing.discover import LandingFile
from diplomacy.landing.readers import Item, read_file

log = logging.getLogger(__name__)

WORKERS_ENV = "DIPLOMACY_LANDING_WORKERS"
# Below this many bytes to read (≈1,500 records), starting the workers (≈1 s) costs
# more than it saves.
PARALLEL_MIN_BYTES = 6 * 1024 * 1024


# A container's CPU quota (cgroup v2, then v1): a quota of 2 CPUs on a 64-core host
# must not start 64 workers that then share 2 CPUs.
CGROUP_CPU_FILES = (Path("/sys/fs/cgroup/cpu.max"),
                    (Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us")))


def landing_workers() -> int:
    """Worker processes for a big load: DIPLOMACY_LANDING_WORKERS, else one per usable
    core (the CPUs this process may run on, capped by a container's CPU quota)."""
    value = os.environ.get(WORKERS_ENV)
    if value:
        workers = int(value)
        if workers < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1, got {value!r}")
        return workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = cgroup_cpu_quota()
    return max(1, min(cores, math.ceil(quota))) if quota else cores


def cgroup_cpu_quota(files=CGROUP_CPU_FILES) -> float | None:
    """CPUs allowed by the cgroup CPU quota, or None when there is none (or no cgroup)."""
    v2, (v1_quota, v1_period) = files
    try:
        quota, period = v2.read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota, period = v1_quota.read_text().strip(), v1_period.read_text().strip()
        except OSError:
            return None
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:  # "max": no quota
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def read_files(files: Iterable[LandingFile], must_read: Callable[[LandingFile], bool],
               workers: int | None = None, min_bytes: int | None = None
               ) -> Iterator[tuple[LandingFile, list[Item] | None]]:
    """Each file with its items, or None when `must_read` says it need not be read
    (refused, or landed before). Files are read here while fewer than min_bytes are
    read, then by `workers` processes, at most two files each ahead of the caller."""
    workers = landing_workers() if workers is None else workers
    min_bytes = PARALLEL_MIN_BYTES if min_bytes is None else min_bytes
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[LandingFile, Future | list[Item] | None]] = deque()
    read_here = 0
    try:
        for found in files:
            if not must_read(found):
                pending.append((found, None))
            elif pool is None and (workers < 2 or read_here + len(found.content or b"") < min_bytes):
                read_here += len(found.content or b"")
                pending.append((found, read_file(found.relative_path, found.content)))
            else:
                pool = pool or _start_pool(workers)
                if pool is None:
                    workers = 1  # could not start: read the rest here
                    pending.append((found, read_file(found.relative_path, found.content)))
                else:
                    pending.append((found, pool.submit(read_file, found.relative_path, found.content)))
            while pending and (not isinstance(pending[0][1], Future) or len(pending) > 2 * workers):
                yield _ready(pending.popleft())
        while pending:
            yield _ready(pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _ready(entry: tuple[LandingFile, Future | list[Item] | None]) -> tuple[LandingFile, list[Item] | None]:
    found, items = entry
    return found, items.result() if isinstance(items, Future) else items


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Workers forked from a fresh server process, not from this one: the caller may
    hold DuckDB's threads and Airflow's locks, which a plain fork would copy mid-use."""
    pool = None
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["diplomacy.landing.worker_preload"])
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_exit_with, initargs=(os.getpid(),))
        pool.submit(int).result()  # fail here, not on the first file, if workers cannot start
    except BaseException as error:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if not isinstance(error, Exception):
            raise  # a timeout or an interrupt stops the load, workers included
        # E.g. AssertionError: a daemonic process (some executors' workers) may not have children.
        log.warning("landing reads in one process: could not start %d workers (%s)", workers, error)
        return None
    log.info("landing reads files in %d worker processes", workers)
    return pool


def _exit_with(parent: int) -> None:
    """In each worker: exit when the landing process is gone. A SIGKILLed task (Airflow's
    last resort, the OOM killer) runs no cleanup, and workers forked from a fork server
    would otherwise wait for work forever, holding the language model."""
    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, name="landing-parent-watch", daemon=True).start()
