"""Helpers of the fault tests."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from contract_db import build_working_db

from diplomacy.config import Settings

WORKER = Path(__file__).resolve().with_name("fault_worker.py")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def settings_in(root: Path) -> Settings:
    return Settings(landing_dir=root / "landing", warehouse_dir=root / "warehouse")


def contract_warehouse(root: Path) -> Settings:
    """A warehouse whose working database holds clean contract marts (no dbt needed)."""
    cfg = settings_in(root)
    build_working_db(cfg.working_db).close()
    return cfg


def worker(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), *map(str, args)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def wait_for(path: Path, process: subprocess.Popen | None = None, timeout: float = 120.0) -> None:
    """Wait until `path` exists; fail early with the process' output if it died."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"worker exited with {process.returncode} before {path.name}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear within {timeout} s")
        time.sleep(0.05)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith((".tmp", ".tmp.wal")))
