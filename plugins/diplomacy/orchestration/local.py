"""`make airflow`: the real Airflow deployment on this machine, on loopback.

    python -m diplomacy.orchestration.local [--port 8080] [--landing DIR] [--warehouse DIR]

Starts the four Airflow 3 services the production compose file runs (api-server,
scheduler with LocalExecutor, dag-processor, triggerer) as child processes with a
project-local AIRFLOW_HOME (.airflow, SQLite metadata), after migrating the metadata
DB, creating the one-slot pool `duckdb_writer` and preparing the dbt manifest. Then it
waits until the API server answers and every service heartbeats, un-pauses the two
DAGs (so the schedule and the Asset trigger work without anyone clicking) and prints
the URL and where the login is. Ctrl-C (or SIGTERM) stops everything it started.

Loopback only: the API server binds 127.0.0.1, and the scheduler and triggerer run
with --skip-serve-logs (their log servers would bind every interface; with
LocalExecutor the API server reads task logs straight from $AIRFLOW_HOME/logs).
Each service runs in its own session, so stopping one also reaches the task
processes it spawned (Airflow puts each task in its own process group), and a
final sweep kills anything left in those sessions.

Environment it honours: AIRFLOW_HOME, DIPLOMACY_LANDING_DIR, DIPLOMACY_WAREHOUSE_DIR,
DIPLOMACY_INGEST_SCHEDULE (e.g. `*/5 * * * *`, or `30s` for a demo), and any AIRFLOW__*.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy.config import OFFLINE_ENV, PROJECT_ROOT

DEFAULT_PORT = 8080
DAG_IDS = ("ingest_articles", "build_warehouse")
COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
SIMPLE_AUTH_MANAGER = "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
ADMIN_USER = "admin"


# ---- configuration --------------------------------------------------------------------
def airflow_env(port: int, home: Path, landing: Path, warehouse: Path, base: dict | None = None) -> dict[str, str]:
    """The environment of every Airflow process of the local deployment."""
    env = dict(base if base is not None else os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(OFFLINE_ENV)
    env.update({
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "PYTHONUNBUFFERED": "1",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__AUTH_MANAGER": SIMPLE_AUTH_MANAGER,
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN_USER}:admin",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        # Tasks reach the API server's execution API here; without it a non-default
        # port fails every task with "connection refused" (STACK_NOTES).
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__API__EXPOSE_CONFIG": "False",
        "DIPLOMACY_LANDING_DIR": str(landing),
        "DIPLOMACY_WAREHOUSE_DIR": str(warehouse),
        "AIRFLOW__COSMOS__CACHE_DIR": str(warehouse / "_work" / "cosmos"),
    })
    # build_warehouse.py may run `dbt parse` (5-10 s, more on a busy machine) the first time
    # it is parsed after dbt_project/ changed: more than Airflow's default 30 s of headroom.
    env.setdefault("AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT", "180")
    env.setdefault("AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT", "240")
    return env


def password_file(home: Path) -> Path:
    return home / "simple_auth_manager_passwords.json.generated"


def admin_password(home: Path) -> str:
    return json.loads(password_file(home).read_text())[ADMIN_USER]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# ---- REST API -----------------------------------------------------------------------------
class ApiError(RuntimeError):
    def __init__(self, status: int, body: str, url: str):
        super().__init__(f"{status} from {url}: {body[:500]}")
        self.status = status


@dataclass
class AirflowClient:
    """A small client of Airflow's REST API (/api/v2) with the simple auth manager's login."""
    base_url: str
    username: str = ADMIN_USER
    password: str | None = None
    token: str | None = field(default=None, repr=False)

    def login(self) -> None:
        body = self._request("POST", "/auth/token", {"username": self.username, "password": self.password},
                             auth=False)
        self.token = body["access_token"]

    def _request(self, method: str, path: str, payload=None, auth: bool = True, timeout: float = 30):
        url = self.base_url.rstrip("/") + path
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            if self.token is None:
                self.login()
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, error.read().decode(errors="replace"), url) from None
        return json.loads(text) if text else None

    def get(self, path: str):
        return self._request("GET", path)

    def post(self, path: str, payload):
        return self._request("POST", path, payload)

    def patch(self, path: str, payload):
        return self._request("PATCH", path, payload)

    def health(self) -> dict:
        return self._request("GET", "/api/v2/monitor/health", auth=False, timeout=5)

    def dag_runs(self, dag_id: str) -> list[dict]:
        return self.get(f"/api/v2/dags/{dag_id}/dagRuns?order_by=-run_after&limit=100")["dag_runs"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        from urllib.parse import quote

        return self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances?limit=200"
                        )["task_instances"]

    def unpause(self, dag_id: str) -> None:
        self.patch(f"/api/v2/dags/{dag_id}", {"is_paused": False})


def all_healthy(health: dict) -> bool:
    return all((health.get(part) or {}).get("status") == "healthy"
               for part in ("metadatabase", "scheduler", "triggerer", "dag_processor"))


# ---- processes ----------------------------------------------------------------------------
def _run(command: list[str], env: dict, what: str, log: Path) -> None:
    with open(log, "a") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed (exit {done.returncode}); see {log}")


def _sessions_alive(session_ids: list[int]) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getsid(int(entry)) in session_ids:
                    alive.append(int(entry))
            except (ProcessLookupError, PermissionError):
                pass
    return alive


class LocalAirflow:
    """The four services as child processes, each leading its own session."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        airflow = str(Path(sys.executable).with_name("airflow"))
        commands = {
            "api-server": [airflow, "api-server", "--host", "127.0.0.1", "--port", self.env["AIRFLOW__API__PORT"]],
            "scheduler": [airflow, "scheduler", "--skip-serve-logs"],
            "dag-processor": [airflow, "dag-processor"],
            "triggerer": [airflow, "triggerer", "--skip-serve-logs"],
        }
        for name in COMPONENTS:
            out = open(self.log_dir / f"{name}.log", "ab")
            self.processes[name] = subprocess.Popen(commands[name], env=self.env, stdout=out,
                                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                    start_new_session=True)
            out.close()

    def dead(self) -> list[str]:
        return [name for name, proc in self.processes.items() if proc.poll() is not None]

    def stop(self, task_grace: float = 20.0, grace: float = 15.0) -> list[int]:
        """Stop the scheduler first, while the API server still answers its tasks: it waits
        up to `task_grace` s for running tasks, a second SIGTERM makes it end them. Then the
        other services; whatever does not stop in time is killed, and a final sweep kills
        anything left in the services' sessions. Returns the pids the sweep found."""
        sessions = [proc.pid for proc in self.processes.values()]
        scheduler = self.processes.get("scheduler")
        if scheduler is not None and scheduler.poll() is None:
            for attempt_grace in (task_grace, 10.0):
                scheduler.send_signal(signal.SIGTERM)
                try:
                    scheduler.wait(timeout=attempt_grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        others = [proc for proc in self.processes.values() if proc.poll() is None]
        for proc in others:
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.processes.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        swept = _sessions_alive(sessions)
        for pid in swept:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while _sessions_alive(sessions) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in _sessions_alive(sessions):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return swept


def wait_ready(client: AirflowClient, airflow: LocalAirflow, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if airflow.dead():
            raise SystemExit(f"Airflow {', '.join(airflow.dead())} exited during start-up; see {airflow.log_dir}")
        try:
            last = client.health()
            if all_healthy(last):
                return
        except (OSError, ApiError) as error:
            last = error
        time.sleep(1)
    raise SystemExit(f"Airflow did not become healthy within {timeout:.0f} s (last: {last}); see {airflow.log_dir}")


def wait_for_dags(client: AirflowClient, dag_ids, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    missing = list(dag_ids)
    while time.monotonic() < deadline:
        missing = []
        for dag_id in dag_ids:
            try:
                client.get(f"/api/v2/dags/{dag_id}")
            except ApiError as error:
                if error.status != 404:
                    raise
                missing.append(dag_id)
        if not missing:
            return
        time.sleep(1)
    errors = client.get("/api/v2/importErrors")
    raise SystemExit(f"DAGs {missing} not registered within {timeout:.0f} s; import errors: {errors}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m diplomacy.orchestration.local", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("AIRFLOW_PORT") or DEFAULT_PORT))
    parser.add_argument("--landing", type=Path,
                        default=Path(os.environ.get("DIPLOMACY_LANDING_DIR") or PROJECT_ROOT / "sample" / "landing"))
    parser.add_argument("--warehouse", type=Path,
                        default=Path(os.environ.get("DIPLOMACY_WAREHOUSE_DIR") or PROJECT_ROOT / "warehouse"))
    parser.add_argument("--unpause", nargs="*", default=list(DAG_IDS), metavar="DAG_ID",
                        help="DAGs to un-pause once registered (default: both; none: leave as they are)")
    parser.add_argument("--skip-migrate", action="store_true", help="the metadata DB is already migrated")
    parser.add_argument("--ready-timeout", type=float, default=180.0)
    args = parser.parse_args(argv)

    home = Path(os.environ.get("AIRFLOW_HOME") or PROJECT_ROOT / ".airflow").resolve()
    landing, warehouse = args.landing.resolve(), args.warehouse.resolve()
    if not port_is_free(args.port):
        print(f"error: port {args.port} on 127.0.0.1 is in use (another `make airflow`?); "
              f"choose another with AIRFLOW_PORT=<port>", file=sys.stderr)
        return 2
    landing.mkdir(parents=True, exist_ok=True)
    warehouse.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    env = airflow_env(args.port, home, landing, warehouse)
    log_dir = home / "logs" / "services"
    log_dir.mkdir(parents=True, exist_ok=True)
    airflow_bin = str(Path(sys.executable).with_name("airflow"))

    print(f"Airflow home {home} (SQLite metadata, LocalExecutor); service logs in {log_dir}", flush=True)
    if not args.skip_migrate:
        _run([airflow_bin, "db", "migrate"], env, "airflow db migrate", log_dir / "setup.log")
    _run([airflow_bin, "pools", "set", "duckdb_writer", "1", "One writer on the DuckDB working file"], env,
         "airflow pools set", log_dir / "setup.log")
    # The dbt graph build_warehouse renders: made now, so the first DAG parse is fast.
    os.environ.update({k: env[k] for k in ("DIPLOMACY_LANDING_DIR", "DIPLOMACY_WAREHOUSE_DIR")})
    from diplomacy.orchestration.dbt_graph import ensure_manifest

    ensure_manifest()

    airflow = LocalAirflow(env, log_dir)
    stopping = {"signal": None}

    def on_signal(signum, _frame):
        if stopping["signal"] is None:  # the first signal stops; later ones wait for the stop
            stopping["signal"] = signum
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    airflow.start()
    status = 0
    try:
        url = f"http://127.0.0.1:{args.port}"
        client = AirflowClient(url)
        wait_ready(client, airflow, args.ready_timeout)
        client.password = admin_password(home)
        wait_for_dags(client, DAG_IDS, args.ready_timeout)
        for dag_id in args.unpause:
            client.unpause(dag_id)
        schedule = os.environ.get("DIPLOMACY_INGEST_SCHEDULE") or "*/15 * * * * (default)"
        print("\n".join([
            "",
            f"Airflow is up: {url}",
            f"  login: user '{ADMIN_USER}', password in {password_file(home)}",
            f"  landing {landing}  ->  warehouse {warehouse / 'diplomacy.duckdb'}",
            f"  ingest_articles runs on {schedule}; build_warehouse follows on the Asset raw_articles",
            f"  un-paused: {', '.join(args.unpause) or 'none'}",
            "  Ctrl-C stops every Airflow process started here.",
            "",
        ]), flush=True)
        while True:
            dead = airflow.dead()
            if dead:
                print(f"error: Airflow {', '.join(dead)} exited; see {log_dir}", file=sys.stderr)
                status = 1
                break
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    except SystemExit as error:
        print(f"error: {error}", file=sys.stderr)
        status = 1
    finally:
        print("stopping Airflow ...", flush=True)
        swept = airflow.stop()
        if swept:
            print(f"  killed {len(swept)} leftover process(es): {swept}", flush=True)
        print("stopped.", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
