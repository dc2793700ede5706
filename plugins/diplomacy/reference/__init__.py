"""Reference data as versioned files: actors, leaders with terms of office,
cities, the lexicon of event words, and the country/partner seeds that dbt
publishes. Adding a leader or a format is an edit here, not a code change.

actors.csv    alias,code,kind       a surface form of a country, bloc, capital or seat
leaders.csv   name,aliases,code,office,level,term_start,term_end   (aliases ';'-separated)
cities.csv    city,iso2             places that locate an event (and its host)
lexicon.yaml  regular expressions for event types, tense, modality, ordinals, levels, relations
seeds/        countries.csv, partners.csv: published as marts.dim_countries / dim_partners
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

REFERENCE_DIR = Path(__file__).parent
SEEDS_DIR = REFERENCE_DIR / "seeds"


@dataclass(frozen=True)
class Actor:
    alias: str
    code: str
    kind: str  # country, demonym, capital, seat, bloc, leader, city


@dataclass(frozen=True)
class LeaderTerm:
    name: str
    code: str
    office: str
    level: str
    term_start: date
    term_end: date | None

    def in_office(self, on: date) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def central_asian_codes() -> frozenset[str]:
    with open(SEEDS_DIR / "countries.csv", newline="", encoding="utf-8") as handle:
        return frozenset(r["iso2"] for r in csv.DictReader(handle) if r["is_central_asian"] == "true")


@cache
def partner_codes() -> frozenset[str]:
    with open(SEEDS_DIR / "partners.csv", newline="", encoding="utf-8") as handle:
        return frozenset(r["partner_code"] for r in csv.DictReader(handle))


@cache
def bloc_codes() -> frozenset[str]:
    with open(SEEDS_DIR / "partners.csv", newline="", encoding="utf-8") as handle:
        return frozenset(r["partner_code"] for r in csv.DictReader(handle) if r["kind"] == "bloc")


@cache
def actors() -> tuple[Actor, ...]:
    return tuple(Actor(r["alias"], r["code"], r["kind"]) for r in _rows("actors.csv"))


@cache
def cities() -> dict[str, str]:
    return {r["city"]: r["iso2"] for r in _rows("cities.csv")}


@cache
def leader_terms() -> dict[str, tuple[LeaderTerm, ...]]:
    """Surface form -> every term of office of a person known by it."""
    by_alias: dict[str, list[LeaderTerm]] = {}
    for r in _rows("leaders.csv"):
        term = LeaderTerm(
            name=r["name"],
            code=r["code"],
            office=r["office"],
            level=r["level"],
            term_start=date.fromisoformat(r["term_start"]),
            term_end=date.fromisoformat(r["term_end"]) if r["term_end"] else None,
        )
        for alias in {r["name"], *filter(None, r["aliases"].split(";"))}:
            by_alias.setdefault(alias.strip(), []).append(term)
    return {alias: tuple(terms) for alias, terms in by_alias.items()}


@cache
def lexicon() -> dict:
    with open(REFERENCE_DIR / "lexicon.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
