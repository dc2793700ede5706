"""A real local Airflow deployment for a test: `python -m diplomacy.orchestration.local`
(what `make airflow` runs: api-server, scheduler with LocalExecutor, dag-processor,
triggerer) on free loopback ports with its own AIRFLOW_HOME (SQLite), landing folder and
warehouse; stopped with SIGTERM at the end, after which no process that carries this
AIRFLOW_HOME may be left."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT / "plugins"))

from diplomacy.orchestration.local import AirflowClient, admin_password  # noqa: E402

PYTHON = sys.executable
TERMINAL = {"success", "failed"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 2.0, on_timeout=None):
    """Poll predicate() until it returns something truthy; fail with `what` after timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except AssertionError:
            raise
        except Exception as error:  # noqa: BLE001 - the API may be restarting, retry
            last_error = error
        time.sleep(interval)
    detail = on_timeout() if on_timeout else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error})\n{detail}")


def processes_with_home(home: Path) -> list[tuple[int, str]]:
    """Every live process whose environment has AIRFLOW_HOME=<home>."""
    marker = f"AIRFLOW_HOME={home}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            if marker in environ.split(b"\0"):
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:150]
                found.append((int(entry), cmdline))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return found


@dataclass
class Deployment:
    home: Path
    landing: Path
    warehouse: Path
    port: int
    env: dict[str, str]
    process: subprocess.Popen
    output: Path
    client: AirflowClient | None = None

    @property
    def published(self) -> Path:
        return self.warehouse / "diplomacy.duckdb"

    @property
    def working_db(self) -> Path:
        return self.warehouse / "_work" / "working.duckdb"

    def airflow_cli(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        """Run the Airflow CLI against this deployment. SQLite has one writer: a CLI write
        can meet the running scheduler's transaction ("database is locked"); it rolls
        back whole, so it is retried a few times."""
        for attempt in range(5):
            done = subprocess.run([str(Path(PYTHON).with_name("airflow")), *args], env=self.env,
                                  capture_output=True, text=True, timeout=timeout)
            if done.returncode == 0 or "database is locked" not in done.stdout + done.stderr:
                return done
            time.sleep(5 * (attempt + 1))
        return done

    def diagnostics(self) -> str:
        parts = [f"--- launcher output ({self.output}):", _tail(self.output, 40)]
        for log in sorted((self.home / "logs" / "services").glob("*.log")):
            parts += [f"--- {log.name}:", _tail(log, 15)]
        return "\n".join(parts)

    # ---- REST helpers -------------------------------------------------------------
    def runs(self, dag_id: str) -> list[dict]:
        return self.client.dag_runs(dag_id)

    def task_states(self, dag_id: str, run_id: str) -> dict[str, dict]:
        return {ti["task_id"]: ti for ti in self.client.task_instances(dag_id, run_id)}

    def wait_for_run(self, dag_id: str, timeout: float, states=TERMINAL, where=lambda run: True) -> dict:
        def finished():
            for run in self.runs(dag_id):
                if run["state"] in states and where(run):
                    return run
            return None

        return wait_for(finished, timeout, f"a {dag_id} run in state {sorted(states)}",
                        on_timeout=self.diagnostics)


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(missing)"


def migrated_home(template: Path, home: Path) -> None:
    """A fresh AIRFLOW_HOME from a migrated template (saves a `db migrate` per test)."""
    home.mkdir(parents=True)
    shutil.copy2(template / "airflow.db", home / "airflow.db")
    # airflow.cfg holds absolute paths of the template home (DB, logs, ...): point them here.
    config = (template / "airflow.cfg").read_text().replace(str(template), str(home))
    (home / "airflow.cfg").write_text(config)


def start_deployment(root: Path, template: Path, landing: Path, warehouse: Path, env_overrides: dict | None = None,
                     unpause: tuple[str, ...] = ("ingest_articles", "build_warehouse"),
                     ready_timeout: float = 240) -> Deployment:
    home = root / "airflow_home"
    migrated_home(template, home)
    port = free_port()
    env = {**os.environ, "AIRFLOW_HOME": str(home), **(env_overrides or {})}
    for key in [k for k in env if k.startswith("AIRFLOW__") and k not in (env_overrides or {})]:
        del env[key]  # the deployment's own configuration only (the Makefile exports some)
    output = root / "launcher.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(
            [PYTHON, "-m", "diplomacy.orchestration.local", "--skip-migrate", "--port", str(port),
             "--landing", str(landing), "--warehouse", str(warehouse), "--unpause", *unpause],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=PROJECT_ROOT)
    deployment = Deployment(home, landing, warehouse, port, env, process, output)
    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the launcher exited with {process.returncode}\n{deployment.diagnostics()}")
        return "Airflow is up" in output.read_text(errors="replace")

    try:
        wait_for(up, ready_timeout, "the launcher to report Airflow is up", interval=1,
                 on_timeout=deployment.diagnostics)
        deployment.client = AirflowClient(f"http://127.0.0.1:{port}", password=admin_password(home))
        deployment.client.login()
    except BaseException:
        stop_deployment(deployment)
        raise
    # The task processes inherit this environment (for airflow_cli too).
    deployment.env = {**env, "DIPLOMACY_LANDING_DIR": str(landing), "DIPLOMACY_WAREHOUSE_DIR": str(warehouse)}
    return deployment


def stop_deployment(deployment: Deployment, timeout: float = 120) -> list[tuple[int, str]]:
    """SIGTERM the launcher (it stops the services and sweeps their sessions); then
    return every process still carrying this AIRFLOW_HOME (killing them)."""
    process = deployment.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    time.sleep(0.5)
    leftovers = processes_with_home(deployment.home)
    for pid, _ in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return leftovers


def run_python(code: str, env: dict, timeout: float = 600) -> str:
    """Run a snippet in a fresh interpreter (with the deployment's env); return stdout."""
    done = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def query_working_db(deployment: Deployment, sql: str) -> list:
    """Read the working database under its writer lock, as another writer would."""
    code = f"""
import json
from diplomacy.warehouse.db import connect, writer_lock
with writer_lock({str(deployment.working_db)!r}, purpose="test read", timeout=300):
    con = connect({str(deployment.working_db)!r}, read_only=True)
    try:
        print(json.dumps(con.execute({sql!r}).fetchall(), default=str))
    finally:
        con.close()
"""
    return json.loads(run_python(code, deployment.env).strip().splitlines()[-1])
