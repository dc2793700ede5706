"""The production deployment files, checked by reading them (no Docker engine here).

docker-compose.yml, .env.example, docker/Dockerfile (+ its .dockerignore and the
build-time lock check). The official compose-spec JSON schema is not shipped by any
package installed in the venv and cannot be downloaded at test time, so the file is
checked structurally: known keys, the services and their wiring, and the security
rules of DESIGN.md ("no default passwords", "the Airflow UI requires a login").
Variable interpolation is evaluated the way `docker compose` does it
(${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, $VAR, $$).
"""
from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / "docker" / "Dockerfile.dockerignore"
LOCK_CHECK = ROOT / "docker" / "check_lock_installed.py"

CORE_SERVICES = ("postgres", "airflow-init", "airflow-apiserver", "airflow-scheduler",
                 "airflow-dag-processor", "airflow-triggerer")
LONG_RUNNING_AIRFLOW = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                        "airflow-triggerer")
CELERY_SERVICES = ("redis", "airflow-worker")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|TOKEN|PASSWD", re.IGNORECASE)

# ---- compose-spec vocabulary (https://github.com/compose-spec/compose-spec) -------
TOP_LEVEL_KEYS = {"version", "name", "include", "services", "networks", "volumes", "configs",
                  "secrets", "models"}
SERVICE_KEYS = {
    "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
    "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
    "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus",
    "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
    "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
    "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add",
    "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "links",
    "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness",
    "memswap_limit", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid",
    "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged", "profiles",
    "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt",
    "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls",
    "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes",
    "volumes_from", "working_dir",
}
HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period", "start_interval",
                    "disable"}
DEPENDS_ON_KEYS = {"condition", "restart", "required"}
DEPENDS_ON_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
RESTART_POLICIES = re.compile(r"^(no|always|unless-stopped|on-failure(:\d+)?)$")
BUILD_KEYS = {"context", "dockerfile", "dockerfile_inline", "args", "ssh", "cache_from",
              "cache_to", "additional_contexts", "extra_hosts", "isolation", "labels", "network",
              "no_cache", "platforms", "privileged", "pull", "secrets", "shm_size", "tags",
              "target", "ulimits", "entitlements"}
VOLUME_MODES = {"ro", "rw", "z", "Z", "consistent", "cached", "delegated", "nocopy"}

# ---- interpolation ----------------------------------------------------------------
_REFERENCE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingRequiredVariable(Exception):
    pass


def _without_escapes(text: str) -> str:
    return text.replace("$$", "\0")


def variables_in(text: str) -> set[str]:
    """Names of the variables `docker compose` interpolates in one string."""
    found = set()
    for match in _REFERENCE.finditer(_without_escapes(text)):
        found.add(match["braced"] or match["bare"])
        if match["arg"]:
            found |= variables_in(match["arg"])
    return found


def references_in(text: str) -> list[re.Match]:
    return list(_REFERENCE.finditer(_without_escapes(text)))


def interpolate(text: str, env: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        name = match["braced"] or match["bare"]
        op, arg = match["op"], match["arg"] or ""
        value = env.get(name)
        unset_or_empty = value is None or value == ""
        if op == ":-":
            return interpolate(arg, env) if unset_or_empty else value
        if op == "-":
            return interpolate(arg, env) if value is None else value
        if op == ":?":
            if unset_or_empty:
                raise MissingRequiredVariable(f"{name}: {arg}")
            return value
        if op == "?":
            if value is None:
                raise MissingRequiredVariable(f"{name}: {arg}")
            return value
        if op == ":+":
            return "" if unset_or_empty else interpolate(arg, env)
        if op == "+":
            return "" if value is None else interpolate(arg, env)
        return value or ""

    return _REFERENCE.sub(replace, _without_escapes(text)).replace("\0", "$")


def interpolate_tree(node, env: dict[str, str]):
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env) for key, value in node.items()}
    return node


def strings_in(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)


# ---- fixtures -------------------------------------------------------------------
def read_env_file(path: Path) -> tuple[dict[str, str], dict[str, str | None]]:
    """(values, comment line right above each variable) of a .env file."""
    values: dict[str, str] = {}
    comments: dict[str, str | None] = {}
    previous: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
            comments[match[1]] = previous[1:].strip() if previous and previous.startswith("#") else None
        previous = line
    return values, comments


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    return read_env_file(ENV_EXAMPLE)[0]


@pytest.fixture(scope="module")
def filled_env(env_example) -> dict[str, str]:
    """.env.example with every empty secret filled in, as a user's .env would be."""
    return {key: value or f"test-{key.lower()}-0123456789abcdef" for key, value in env_example.items()}


@pytest.fixture(scope="module")
def resolved(compose, filled_env) -> dict:
    return interpolate_tree(compose, filled_env)


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def mounts_of(service: dict) -> list[tuple[str, str, str]]:
    """(source, target, mode) of each short-syntax volume of a service."""
    mounts = []
    for volume in service.get("volumes", []):
        assert isinstance(volume, str), f"use the short volume syntax: {volume!r}"
        parts = re.findall(r"(?:\$\{[^}]*\}|[^:])+", volume)  # ${VAR:-x} is one part
        assert len(parts) in (2, 3), f"volume is not SOURCE:TARGET[:MODE]: {volume!r}"
        mounts.append((parts[0], parts[1], parts[2] if len(parts) == 3 else "rw"))
    return mounts


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def healthcheck_text(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


# ---- structure ------------------------------------------------------------------
def test_compose_file_uses_only_known_keys(compose, services):
    unknown_top = {k for k in compose if not k.startswith("x-")} - TOP_LEVEL_KEYS
    assert not unknown_top, f"unknown top-level keys: {unknown_top}"
    for name, service in services.items():
        assert not set(service) - SERVICE_KEYS, f"{name}: unknown keys {set(service) - SERVICE_KEYS}"
        assert "image" in service or "build" in service, f"{name} has neither image nor build"
        if "build" in service:
            assert not set(service["build"]) - BUILD_KEYS, f"{name}: unknown build keys"
        if "healthcheck" in service:
            assert not set(service["healthcheck"]) - HEALTHCHECK_KEYS, f"{name}: unknown healthcheck keys"
            test = service["healthcheck"]["test"]
            if isinstance(test, list):
                assert test[0] in ("CMD", "CMD-SHELL", "NONE"), f"{name}: healthcheck test form"
        if "restart" in service:
            assert RESTART_POLICIES.match(service["restart"]), f"{name}: restart {service['restart']}"
        for dependency, spec in (service.get("depends_on") or {}).items():
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            assert dependency != name, f"{name} depends on itself"
            assert not set(spec) - DEPENDS_ON_KEYS, f"{name}: unknown depends_on keys"
            assert spec["condition"] in DEPENDS_ON_CONDITIONS
        for key, value in environment_of(service).items():
            assert isinstance(value, str), f"{name}: {key} should be a quoted string, got {value!r}"


def test_named_volumes_are_declared_and_modes_valid(compose, services):
    declared = set(compose.get("volumes") or {})
    for name, service in services.items():
        for source, target, mode in mounts_of(service):
            assert target.startswith("/"), f"{name}: mount target must be absolute: {target}"
            assert set(mode.split(",")) <= VOLUME_MODES, f"{name}: mount mode {mode}"
            is_path = source.startswith((".", "/", "~", "$"))
            if not is_path:
                assert source in declared, f"{name} mounts undeclared named volume {source}"


def test_required_services_exist_with_healthchecks(services):
    for name in CORE_SERVICES:
        assert name in services, f"missing service {name}"
    for name in ("postgres", *LONG_RUNNING_AIRFLOW):
        assert "healthcheck" in services[name], f"{name} has no healthcheck"
        assert services[name].get("restart") == "always"
    assert services["postgres"]["image"] == "postgres:16"
    assert "pg_isready" in healthcheck_text(services["postgres"])
    assert "/api/v2/version" in healthcheck_text(services["airflow-apiserver"])
    assert "8974/health" in healthcheck_text(services["airflow-scheduler"])
    assert "DagProcessorJob" in healthcheck_text(services["airflow-dag-processor"])
    assert "TriggererJob" in healthcheck_text(services["airflow-triggerer"])
    commands = {name: command_text(services[name]) for name in LONG_RUNNING_AIRFLOW}
    assert commands == {"airflow-apiserver": "api-server", "airflow-scheduler": "scheduler",
                        "airflow-dag-processor": "dag-processor", "airflow-triggerer": "triggerer"}


def test_airflow_services_wait_for_init_and_postgres(services):
    for name in (*LONG_RUNNING_AIRFLOW, "airflow-worker"):
        depends = services[name]["depends_on"]
        assert depends["airflow-init"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
    assert services["airflow-init"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_airflow_common_anchor(compose, services):
    common = compose["x-airflow-common"]
    assert common["build"]["dockerfile"] == "docker/Dockerfile"
    assert common["build"]["context"] == "."
    assert common["user"] == "${AIRFLOW_UID:-50000}:0"
    mounts = {target: (source, mode) for source, target, mode in mounts_of(common)}
    assert mounts["/opt/airflow/dags"] == ("./dags", "ro")
    assert mounts["/opt/airflow/plugins"] == ("./plugins", "ro")
    assert mounts["/opt/airflow/dbt_project"][0] == "./dbt_project"
    assert mounts["/opt/airflow/expectations"][0] == "./expectations"
    assert mounts["/opt/airflow/sample"] == ("./sample", "ro")
    assert mounts["/opt/airflow/warehouse"][0] == "warehouse"
    assert mounts["/opt/airflow/logs"][0] == "logs"
    assert "/opt/airflow/landing" in mounts
    for name in CORE_SERVICES[1:] + ("airflow-worker",):  # every Airflow service
        assert services[name]["image"] == common["image"], f"{name} does not use the common image"


def test_init_migrates_creates_admin_and_writer_pool(services):
    init = services["airflow-init"]
    script = command_text(init)
    assert "airflow db migrate" in script
    assert 'airflow pools set duckdb_writer 1 "single DuckDB writer"' in script
    assert "airflow users create" in script and "--role Admin" in script
    assert "set -e" in script  # a failed step fails the init, so nothing else starts
    # The admin password reaches the script through the container environment,
    # never as a literal on the command line.
    assert re.search(r'--password "\$\$\{AIRFLOW_ADMIN_PASSWORD\}"', script)
    assert environment_of(init)["AIRFLOW_ADMIN_PASSWORD"].startswith("${AIRFLOW_ADMIN_PASSWORD:?")


def test_pool_name_matches_the_pipeline():
    common = ROOT / "plugins" / "diplomacy" / "orchestration" / "common.py"
    if not common.exists():
        pytest.skip("orchestration code not present")
    assert re.search(r'^WRITER_POOL = "duckdb_writer"$', common.read_text(encoding="utf-8"), re.M)


def test_ui_requires_login(resolved):
    for name in (*LONG_RUNNING_AIRFLOW, "airflow-init", "airflow-worker"):
        env = environment_of(resolved["services"][name])
        assert env["AIRFLOW__CORE__AUTH_MANAGER"] == (
            "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"), name
        assert env.get("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS", "False").lower() == "false"


def test_apiserver_port_binds_loopback_only(services, resolved):
    ports = resolved["services"]["airflow-apiserver"]["ports"]
    assert ports == ["127.0.0.1:8080:8080"]
    assert services["airflow-apiserver"]["ports"] == ["127.0.0.1:${AIRFLOW_API_PORT:-8080}:8080"]
    for name, service in resolved["services"].items():
        for port in service.get("ports", []):
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), (
                f"{name} publishes {port!r} beyond the loopback interface")
    for name in ("postgres", "redis"):
        assert "ports" not in services[name], f"{name} must not be published on the host"


def test_warehouse_volume_is_declared_and_mounted_where_the_pipeline_looks(compose, resolved):
    assert "warehouse" in compose["volumes"]
    assert "logs" in compose["volumes"]
    for name in ("airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker"):
        service = resolved["services"][name]
        env = environment_of(service)
        mounts = {target: (source, mode) for source, target, mode in mounts_of(service)}
        assert mounts[env["DIPLOMACY_WAREHOUSE_DIR"]] == ("warehouse", "rw"), name
        assert env["DIPLOMACY_LANDING_DIR"] in mounts, name
        assert mounts["/opt/airflow/logs"][0] == "logs", name
    # The web-facing API server gets no pipeline data.
    api_mounts = [target for _, target, _ in mounts_of(resolved["services"]["airflow-apiserver"])]
    assert "/opt/airflow/warehouse" not in api_mounts and "/opt/airflow/logs" in api_mounts


def test_pipeline_environment(resolved):
    env = environment_of(resolved["services"]["airflow-scheduler"])
    expected = {
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "DO_NOT_TRACK": "1",
        "SCARF_ANALYTICS": "false",
        "AIRFLOW__CORE__DAGS_FOLDER": "/opt/airflow/dags",
        "AIRFLOW__CORE__PLUGINS_FOLDER": "/opt/airflow/plugins",
        "DIPLOMACY_LANDING_DIR": "/opt/airflow/landing",
        "DIPLOMACY_WAREHOUSE_DIR": "/opt/airflow/warehouse",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://airflow-apiserver:8080/execution/",
    }
    assert {key: env.get(key) for key in expected} == expected


def test_dag_parsing_leaves_room_for_dbt_parse_and_the_schedule_is_configurable(compose, resolved):
    # build_warehouse.py may run `dbt parse` when dbt_project/ changed (docs/operations.md);
    # the manifest is written under the dbt_project mount, which must stay writable.
    env = environment_of(resolved["services"]["airflow-dag-processor"])
    assert float(env["AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT"]) >= 120
    assert float(env["AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT"]) > float(
        env["AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT"])
    assert env["DIPLOMACY_INGEST_SCHEDULE"] == "*/15 * * * *"
    raw = compose["x-airflow-common"]["environment"]["DIPLOMACY_INGEST_SCHEDULE"]
    assert interpolate(raw, {}) == "*/15 * * * *"
    mounts = {target: mode for _, target, mode in mounts_of(compose["x-airflow-common"])}
    assert mounts["/opt/airflow/dbt_project"] == "rw"


def test_executor_is_local_by_default(compose, env_example, resolved):
    raw = compose["x-airflow-common"]["environment"]["AIRFLOW__CORE__EXECUTOR"]
    assert interpolate(raw, {}) == "LocalExecutor"  # no .env value at all
    assert env_example.get("AIRFLOW_EXECUTOR", "LocalExecutor") == "LocalExecutor"
    for name in LONG_RUNNING_AIRFLOW:
        assert environment_of(resolved["services"][name])["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"


def test_celery_profile(compose, services, resolved):
    for name in CELERY_SERVICES:
        assert services[name].get("profiles") == ["celery"], f"{name} is not in the celery profile"
        assert "healthcheck" in services[name]
    for name in CORE_SERVICES:
        assert "profiles" not in services[name], f"{name} would not start by default"
    worker = services["airflow-worker"]
    assert command_text(worker) == "celery worker"
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "inspect ping" in healthcheck_text(worker)
    env = environment_of(resolved["services"]["airflow-worker"])
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://:test-redis_password")
    assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://")
    # Redis demands the password too, read from its environment, not a literal.
    assert "--requirepass" in command_text(services["redis"])
    assert environment_of(services["redis"])["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    # The comment tells how to switch the executor.
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert "AIRFLOW__CORE__EXECUTOR: CeleryExecutor" in text
    assert "--profile celery" in text


# ---- secrets --------------------------------------------------------------------
def _is_required_reference(value: str) -> bool:
    """The whole value is one ${VAR:?message} (or ${VAR?message}) reference."""
    match = _REFERENCE.fullmatch(_without_escapes(value))
    return bool(match and match["braced"] and match["op"] in (":?", "?"))


def test_secret_environment_values_are_required_references(compose):
    checked = 0
    blocks = [compose["x-airflow-common"], *compose["services"].values()]
    for block in blocks:
        for key, value in environment_of(block).items():
            if SECRET_NAME.search(key):
                checked += 1
                assert _is_required_reference(value), (
                    f"{key}={value!r} must be a required ${{VAR:?...}} reference, no literal or default")
    assert checked >= 5


def test_no_literal_password_anywhere(compose):
    for text in strings_in(compose):
        # Credentials inside URLs (user:password@host).
        for userinfo in re.findall(r"://([^/@\s]*)@", text):
            if ":" in userinfo:
                password = userinfo.split(":", 1)[1]
                assert _is_required_reference(password), f"literal password in URL {text!r}"
        # No secret-looking variable may carry a default value.
        for match in references_in(text):
            name = match["braced"] or match["bare"]
            if SECRET_NAME.search(name):
                assert match["op"] in (":?", "?"), f"${{{name}}} must be required, not defaulted: {text!r}"
        # Command-line passwords come from the environment.
        for flag_value in re.findall(r"--(?:password|requirepass)[ =](\S+)", text):
            assert "$" in flag_value, f"literal password on a command line: {text!r}"


def test_compose_refuses_to_start_without_secrets(compose, env_example):
    with pytest.raises(MissingRequiredVariable):
        interpolate_tree(compose, {})
    with pytest.raises(MissingRequiredVariable):  # a copied, unfilled .env.example
        interpolate_tree(compose, env_example)


def test_every_variable_is_documented_in_env_example(compose, env_example):
    used = set()
    for text in strings_in(compose):
        used |= variables_in(text)
    assert used, "no ${VAR} found: the parser is broken"
    undocumented = used - set(env_example)
    assert not undocumented, f"used in docker-compose.yml but not in .env.example: {sorted(undocumented)}"
    unused = set(env_example) - used
    assert not unused, f"documented in .env.example but unused: {sorted(unused)}"


def test_env_example_explains_each_variable_and_ships_no_secret():
    values, comments = read_env_file(ENV_EXAMPLE)
    for key, comment in comments.items():
        assert comment, f"{key} has no one-line explanation above it in .env.example"
    for key, value in values.items():
        if SECRET_NAME.search(key):
            assert value == "", f"{key} must be empty in .env.example (a placeholder would become a known password)"


def test_dotenv_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert any(line.strip() in (".env", "/.env") for line in ignored)


# ---- image ----------------------------------------------------------------------
def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    logical, instructions = "", []
    for line in text.splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            logical += line.rstrip()[:-1] + " "
            continue
        logical += line
        keyword, _, rest = logical.strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(rest.split())))
        logical = ""
    return instructions


def test_dockerfile_installs_from_the_lock():
    instructions = _dockerfile_instructions()
    froms = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert froms[-1] == "apache/airflow:3.3.2-python3.11", "the final stage is the Airflow image"
    copies = [rest for keyword, rest in instructions if keyword == "COPY"]
    assert any("pyproject.toml uv.lock" in c for c in copies), "pyproject.toml and uv.lock are copied"
    runs = [rest for keyword, rest in instructions if keyword == "RUN"]
    exported = [r for r in runs if "uv export" in r or "uv sync" in r]
    assert exported, "the environment comes from uv.lock"
    for run in exported:
        assert "--frozen" in run and "--no-dev" in run, run
    if any("uv export" in r for r in exported):
        installs = [r for r in runs if "pip install" in r and "-r " in r]
        assert installs, "the exported lock is installed"
        for run in installs:
            assert "--require-hashes" in run, "pinned and hash-checked"
            assert "check_lock_installed.py" in run, "the install is verified against the lock"


def test_dockerfile_sets_offline_environment():
    env_lines = " ".join(rest for keyword, rest in _dockerfile_instructions() if keyword == "ENV")
    for setting in ("DBT_SEND_ANONYMOUS_USAGE_STATS=false", "AIRFLOW__COSMOS__ENABLE_TELEMETRY=False",
                    "DO_NOT_TRACK=1", "SCARF_ANALYTICS=false", "AIRFLOW__CORE__LOAD_EXAMPLES=False"):
        assert setting in env_lines, setting


def test_build_context_keeps_secrets_out():
    lines = [line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "*", "the context is an allow-list"
    allowed = {line[1:] for line in lines if line.startswith("!")}
    assert {"pyproject.toml", "uv.lock"} <= allowed
    assert not any(name.startswith(".env") or name.startswith(".venv") for name in allowed)
    for keyword, rest in _dockerfile_instructions():
        if keyword != "COPY" or "--from=" in rest:
            continue
        *sources, _destination = [arg for arg in rest.split() if not arg.startswith("--")]
        for source in sources:
            assert source in allowed, f"COPY {source} is excluded by the .dockerignore"


# ---- the build-time lock check (docker/check_lock_installed.py) -----------------------
@pytest.fixture(scope="module")
def lock_check():
    spec = importlib.util.spec_from_file_location("check_lock_installed", LOCK_CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lock_check_reads_a_uv_export(lock_check):
    text = (
        "# This file was autogenerated by uv via the following command:\n"
        "pyyaml==6.0.2 \\\n"
        "    --hash=sha256:00 \\\n"
        "    --hash=sha256:01\n"
        "    # via diplomacy-warehouse\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n"
        "    --hash=sha256:02\n"
    )
    assert lock_check.read_pins(text) == [
        ("pyyaml", "6.0.2", None), ("colorama", "0.4.6", "sys_platform == 'win32'")]
    with pytest.raises(ValueError):
        lock_check.read_pins("pyyaml>=6\n")


def test_lock_check_compares_with_what_is_installed(lock_check):
    installed = metadata.version("pyyaml")
    assert lock_check.check(f"pyyaml=={installed} \\\n    --hash=sha256:00\n", []) == []
    problems = lock_check.check("pyyaml==0.0.1 \\\n    --hash=sha256:00\n", [])
    assert problems == [f"pyyaml==0.0.1 is locked but {installed} is installed"]
    assert lock_check.check("no-such-dist-xyz==1.0\n", []) == [
        "no-such-dist-xyz==1.0 is locked but not installed"]
    # A pin whose marker does not apply here is not required.
    assert lock_check.check("no-such-dist-xyz==1.0 ; sys_platform == 'no-such-os'\n", []) == []
    assert lock_check.check(f"pyyaml=={installed}\n", ["no-such-dist-xyz"]) == [
        "no-such-dist-xyz is required by the deployment but not installed"]
