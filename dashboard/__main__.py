"""Start the dashboard on loopback:  python -m dashboard [--warehouse DIR] [--port N]

The warehouse is a folder holding diplomacy.duckdb (or the file itself);
default: $DIPLOMACY_WAREHOUSE_DIR, else ./warehouse. Streamlit listens on
127.0.0.1 only. The folder's Data Docs (WAREHOUSE/data_docs) and dbt docs
(WAREHOUSE/dbt_docs) are served read-only on loopback ports of their own so the
data-quality page can link to them (a browser will not follow file:// links
from a web page)."""
from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from dashboard.data import (DATA_DOCS_URL_ENV, DBT_DOCS_URL_ENV, PROJECT_ROOT, WAREHOUSE_ENV, data_docs_index,
                            dbt_docs_index, resolve_warehouse)

HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the base class's
        pass


def serve_data_docs(folder: Path, port: int = 0) -> ThreadingHTTPServer | None:
    """Serve a folder of static HTML on loopback from a daemon thread (GET/HEAD only)."""
    if not folder.is_dir():
        return None
    server = ThreadingHTTPServer((HOST, port), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name="data-docs", daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", help=f"folder with diplomacy.duckdb, or the file (default: ${WAREHOUSE_ENV} or ./warehouse)")
    parser.add_argument("--port", type=int, default=8501, help="Streamlit port on 127.0.0.1 (default 8501)")
    parser.add_argument("--docs-port", type=int, default=0, help="port for the Data Docs (default: any free port)")
    args = parser.parse_args(argv)

    db_path = resolve_warehouse(args.warehouse)
    env = {**os.environ, WAREHOUSE_ENV: str(db_path.parent) if db_path.name == "diplomacy.duckdb" else str(db_path)}
    docs = serve_data_docs(data_docs_index(db_path).parent, args.docs_port)
    if docs is not None:
        env[DATA_DOCS_URL_ENV] = f"http://{HOST}:{docs.server_address[1]}/index.html"
    table_docs = serve_data_docs(dbt_docs_index(db_path).parent)
    if table_docs is not None:
        env[DBT_DOCS_URL_ENV] = f"http://{HOST}:{table_docs.server_address[1]}/index.html"
    if not db_path.is_file():
        print(f"note: no published warehouse at {db_path} yet; the dashboard will say so until one is published",
              file=sys.stderr)
    command = [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
        "--server.address", HOST, "--server.port", str(args.port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--server.runOnSave", "false", "--client.showErrorDetails", "none", "--client.toolbarMode", "viewer",
        "--global.developmentMode", "false",
    ]
    print(f"dashboard: http://{HOST}:{args.port}  (warehouse {db_path}, read-only)", flush=True)
    child = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT)

    def _forward(signum, _frame):
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, _forward)
    try:
        return child.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the child too (same process group)
        return child.wait()
    finally:
        for server in (docs, table_docs):
            if server is not None:
                server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
