# Two commands on a fresh machine:  make run   then   make test
# Everything else here is what those two need, plus the tools a developer uses.

PYTHON    ?= python3
UV_VERSION = 0.13.9
LANDING   ?= sample/landing
WAREHOUSE ?= warehouse
CORPUS    ?= corpus/dev

# uv from PATH, else a private copy bootstrapped with pip into .tools/.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV_BIN := .venv/bin

# Airflow on SQLite in a project-local home; nothing in a run reaches the network.
export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False
export DO_NOT_TRACK := 1
export SCARF_ANALYTICS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: setup run test eval summary docs docs-serve clean help dashboard airflow corpus bench

help:
	@echo "make run   [LANDING=dir] [WAREHOUSE=dir]  set up, then run both DAGs once and print a summary"
	@echo "make test                                the whole test suite (what CI runs)"
	@echo "make eval  CORPUS=dir                    score the pipeline on a corpus with a gold.yaml"
	@echo "make summary [WAREHOUSE=dir]             what a published warehouse holds"
	@echo "make docs    [WAREHOUSE=dir]             regenerate the dbt docs of the tables (WAREHOUSE/dbt_docs)"
	@echo "make docs-serve [WAREHOUSE=dir]          serve WAREHOUSE/dbt_docs on http://127.0.0.1:8580"
	@echo "make dashboard [WAREHOUSE=dir]           the dashboard on 127.0.0.1:8501, read-only"
	@echo "make airflow [LANDING=dir] [WAREHOUSE=dir]  the Airflow services on 127.0.0.1:8080"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

# The environment comes from the lock file, with bytecode compiled (start-up
# of Airflow, dbt and GX is twice as fast with it).
.venv/.synced: pyproject.toml uv.lock | $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --locked --compile-bytecode
	@touch $@

# Airflow's metadata database (SQLite) and the single-writer pool.
.airflow/.migrated: .venv/.synced
	@mkdir -p .airflow
	$(VENV_BIN)/airflow db migrate > .airflow/migrate.log 2>&1 || (cat .airflow/migrate.log; exit 1)
	$(VENV_BIN)/airflow pools set duckdb_writer 1 "One writer on the DuckDB working file" > /dev/null
	@touch $@

setup: .airflow/.migrated

run: setup
	$(VENV_BIN)/python -m diplomacy run --landing "$(LANDING)" --warehouse "$(WAREHOUSE)"

test: setup
	$(VENV_BIN)/pytest

eval: setup
	$(VENV_BIN)/python -m diplomacy eval --corpus "$(CORPUS)"

summary: setup
	$(VENV_BIN)/python -m diplomacy summary --warehouse "$(WAREHOUSE)"

# `make run` writes them already; this regenerates them (after editing a model's YAML, say).
docs: setup
	$(VENV_BIN)/python -m diplomacy docs --warehouse "$(WAREHOUSE)"

# The dbt docs page on http://127.0.0.1:$(DOCS_PORT)/ (Ctrl-C stops it). The page is dbt's
# static one (`dbt docs generate --static`: manifest and catalog inlined), so a plain file
# server is all it needs; `dbt docs serve` would overwrite it with dbt's non-static page.
DOCS_PORT ?= 8580
docs-serve: .venv/.synced
	@test -f "$(WAREHOUSE)/dbt_docs/index.html" || { echo "no $(WAREHOUSE)/dbt_docs/index.html: run make run or make docs first"; exit 2; }
	@echo "dbt docs: http://127.0.0.1:$(DOCS_PORT)/  (Ctrl-C stops)"
	$(VENV_BIN)/python -m http.server "$(DOCS_PORT)" --bind 127.0.0.1 --directory "$(WAREHOUSE)/dbt_docs"

# The dashboard on http://127.0.0.1:$(DASHBOARD_PORT), reading WAREHOUSE/diplomacy.duckdb read-only.
# WAREHOUSE given on the command line wins; else DIPLOMACY_WAREHOUSE_DIR, else ./warehouse.
DASHBOARD_PORT ?= 8501
dashboard: .venv/.synced
	$(VENV_BIN)/python -m dashboard --port "$(DASHBOARD_PORT)" $(if $(filter command line,$(origin WAREHOUSE)),--warehouse "$(WAREHOUSE)")

# Airflow itself on http://127.0.0.1:$(AIRFLOW_PORT) (api-server, scheduler, dag-processor,
# triggerer; LocalExecutor, SQLite in .airflow): ingest_articles on DIPLOMACY_INGEST_SCHEDULE
# (default every 15 min) over LANDING, build_warehouse on its Asset. Login: user admin, password
# in .airflow/simple_auth_manager_passwords.json.generated. Ctrl-C stops it. docs/operations.md
AIRFLOW_PORT ?= 8080
airflow: setup
	$(VENV_BIN)/python -m diplomacy.orchestration.local --skip-migrate --port "$(AIRFLOW_PORT)" --landing "$(LANDING)" --warehouse "$(WAREHOUSE)"

# Issue 7: a deterministic synthetic news firehose with gold at any size, and the per-stage
# benchmark (BENCHMARKS.md). They need plugins/diplomacy/synthetic/ and bench/ (commit them together).
# OUT/landing holds JSON-lines batches, OUT/gold.yaml the gold (N <= 5000), OUT/truth/*.parquet
# the truth tables; CORPUS_ARGS e.g. "--off-topic 0.95 --txt-share 0.1".
N           ?= 10000
SEED        ?= 7
OUT         ?= bench/.work/corpus-$(N)-$(SEED)
BENCH_N     ?= 10000
corpus: .venv/.synced
	$(VENV_BIN)/python -m diplomacy.synthetic --n "$(N)" --seed "$(SEED)" --out "$(OUT)" $(CORPUS_ARGS)

# Per-stage throughput, floors and peak memory at BENCH_N articles, then 1,000 new articles on
# top of them, on an empty warehouse and (BENCH_ARGS=--full-rebuild) a rebuild from scratch.
bench: .venv/.synced
	nice -n 10 $(VENV_BIN)/python bench/run.py --n "$(BENCH_N)" --seed "$(SEED)" $(BENCH_ARGS)

clean:
	rm -rf .airflow warehouse test-artifacts
