"""Command line: `python -m diplomacy run|eval|summary|docs`.

  run      land a folder and build the warehouse through both DAGs (dag.test)
  eval     run the pipeline on a corpus folder into a throw-away warehouse and
           score it against the folder's gold.yaml
  summary  print what a warehouse holds
  docs     (re)generate the dbt docs of a warehouse's tables (WAREHOUSE/dbt_docs)"""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from diplomacy.config import PROJECT_ROOT, settings

# Files of a corpus folder that are not articles.
_NOT_ARTICLES = {"gold.yaml", "README.md"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diplomacy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run both DAGs once over a landing folder")
    run.add_argument("--landing", type=Path, default=PROJECT_ROOT / "sample" / "landing")
    run.add_argument("--warehouse", type=Path, default=PROJECT_ROOT / "warehouse")
    evaluate = commands.add_parser("eval", help="score the pipeline on a corpus folder with a gold.yaml")
    evaluate.add_argument("--corpus", type=Path, required=True)
    evaluate.add_argument("--keep", type=Path, help="keep the throw-away warehouse in this folder")
    summary = commands.add_parser("summary", help="print what a published warehouse holds")
    summary.add_argument("--warehouse", type=Path, default=PROJECT_ROOT / "warehouse")
    docs = commands.add_parser("docs", help="(re)generate the dbt docs of a warehouse's tables")
    docs.add_argument("--warehouse", type=Path, default=PROJECT_ROOT / "warehouse")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "run":
        return _run(args.landing, args.warehouse)
    if args.command == "eval":
        return _eval(args.corpus, args.keep)
    if args.command == "docs":
        return _docs(args.warehouse)
    return _summary(args.warehouse)


def _run(landing: Path, warehouse: Path) -> int:
    if not landing.is_dir():
        print(f"error: landing folder {landing} does not exist", file=sys.stderr)
        return 2
    from diplomacy.orchestration.runner import prepare_environment, run_dags

    prepare_environment(landing, warehouse)
    from diplomacy.report import format_summary, run_summary

    outcomes = run_dags()
    from diplomacy.pipeline import safe_id

    print(format_summary(run_summary(settings(), [safe_id(o.run_id) for o in outcomes]), outcomes))
    return 0 if all(o.state == "success" for o in outcomes) else 1


def _eval(corpus: Path, keep: Path | None) -> int:
    gold_file = corpus / "gold.yaml"
    if not gold_file.is_file():
        print(f"error: {gold_file} not found: a corpus folder holds articles and a gold.yaml", file=sys.stderr)
        return 2
    workspace = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="diplomacy-eval-"))
    landing = workspace / "landing"
    landing.mkdir(parents=True, exist_ok=True)
    # Articles sit beside gold.yaml, or in a landing/ folder beside it (the sample's layout).
    articles = corpus / "landing" if (corpus / "landing").is_dir() else corpus
    for item in articles.iterdir():
        if item.is_file() and item.name not in _NOT_ARTICLES:
            shutil.copy2(item, landing / item.name)
    status = _run(landing, workspace / "warehouse")
    from diplomacy.evaluate import evaluate, format_evaluation, load_gold

    published = workspace / "warehouse" / "diplomacy.duckdb"
    if not published.exists():
        print("error: the pipeline published nothing; see the log above", file=sys.stderr)
        return 1
    print(format_evaluation(evaluate(published, load_gold(corpus))))
    if not keep:
        shutil.rmtree(workspace, ignore_errors=True)
    return status


def _summary(warehouse: Path) -> int:
    import os

    os.environ["DIPLOMACY_WAREHOUSE_DIR"] = str(warehouse.resolve())
    from diplomacy.report import format_summary, run_summary

    print(format_summary(run_summary(settings(), [])))
    return 0


def _docs(warehouse: Path) -> int:
    import os

    os.environ["DIPLOMACY_WAREHOUSE_DIR"] = str(warehouse.resolve())
    from diplomacy.pipeline import publish_docs

    if not settings().working_db.exists():
        print(f"error: no working database under {warehouse} (run `make run WAREHOUSE={warehouse}` first)",
              file=sys.stderr)
        return 2
    outcome = publish_docs()
    if not outcome["generated"]:
        kept = f"; the previous page is kept: {outcome['page']}" if outcome["page"] else ""
        print(f"error: dbt docs were not generated: {outcome['error']}{kept}", file=sys.stderr)
        return 1
    print(f"dbt docs of the tables: {outcome['page']}  (open it in a browser, `make docs-serve`, "
          "or the dashboard's data-quality page)")
    return 0
