"""Build-time check of the Airflow image: is what uv.lock pins what is installed?

    python check_lock_installed.py --preflight
        fails unless this pip can install a hashed, exported uv lock
        (pip >= 23.3 handles `pkg[extra]` dependencies in --require-hashes mode).

    python check_lock_installed.py REQUIREMENTS [--require-dist NAME ...]
        REQUIREMENTS is the output of `uv export --format requirements-txt`.
        Fails if any pinned distribution (whose environment marker applies here)
        is missing or at another version, or if a --require-dist distribution
        (something the deployment needs from the base image, not from the lock:
        the Postgres driver, the FAB auth manager, the Celery executor) is absent.

Standard library only, plus `packaging`, which every Airflow install has.
"""
from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata

PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)"
    r"\s*(?:;(?P<marker>[^\\]*))?"
)
MIN_PIP = (23, 3)


def read_pins(text: str) -> list[tuple[str, str, str | None]]:
    """(name, version, marker) for every `name==version` line of an exported lock."""
    pins = []
    for line in text.splitlines():
        if not line or line[0].isspace() or line.startswith(("#", "-")):
            continue  # hash continuation lines, comments, options
        match = PIN.match(line)
        if match is None:
            raise ValueError(f"not an exact pin (was the lock exported by uv?): {line!r}")
        marker = (match["marker"] or "").strip() or None
        pins.append((match["name"], match["version"], marker))
    return pins


def marker_applies(marker: str | None) -> bool:
    if marker is None:
        return True
    from packaging.markers import Marker

    return Marker(marker).evaluate()


def check(requirements_text: str, required_dists: list[str]) -> list[str]:
    problems = []
    pins = read_pins(requirements_text)
    if not pins:
        problems.append("the exported lock pins nothing")
    for name, version, marker in pins:
        if not marker_applies(marker):
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is locked but not installed")
            continue
        if installed != version:
            problems.append(f"{name}=={version} is locked but {installed} is installed")
    for name in required_dists:
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is required by the deployment but not installed")
    return problems


def pip_version() -> tuple[int, ...]:
    try:
        version = metadata.version("pip")
    except metadata.PackageNotFoundError:
        return ()
    return tuple(int(part) for part in re.findall(r"\d+", version)[:2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="?", help="uv export output")
    parser.add_argument("--require-dist", action="append", default=[], metavar="NAME")
    parser.add_argument("--preflight", action="store_true", help="only check the pip version")
    args = parser.parse_args(argv)

    if args.preflight:
        if pip_version() < MIN_PIP:
            found = ".".join(map(str, pip_version())) or "none"
            print(f"pip {found} is too old (or missing) for a hashed uv export; "
                  f"need >= {'.'.join(map(str, MIN_PIP))}", file=sys.stderr)
            return 1
        return 0
    if not args.requirements:
        parser.error("REQUIREMENTS is required unless --preflight")

    with open(args.requirements, encoding="utf-8") as handle:
        problems = check(handle.read(), args.require_dist)
    for problem in problems:
        print(f"lock check: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"lock check: every pinned distribution in {args.requirements} is installed as locked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
