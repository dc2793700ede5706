"""The world the synthetic corpus is written about: Central Asian states, partners,
office holders and places, read from the project's own reference data
(plugins/diplomacy/reference), plus invented people, towns and firms for the
off-topic firehose. Nothing here is third-party text."""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date
from functools import cache

from diplomacy import reference

CA = ("KZ", "UZ", "KG", "TJ", "TM")

# Partner weights: how often an outside power or bloc is the other side of an event.
# None = an event among Central Asian states only.
PARTNER_WEIGHTS: dict[str | None, float] = {
    "CN": 3.0, "RU": 3.0, "US": 2.0, "EU": 1.6, "JP": 1.3, "TR": 1.4, "KR": 1.0, "IN": 1.0,
    "DE": 1.0, "FR": 0.7, "GB": 0.5, "IT": 0.4, "AE": 0.6, "SA": 0.5, "QA": 0.4, "IR": 0.5,
    "PK": 0.5, "AZ": 0.6, "BY": 0.3, "HU": 0.4, "MN": 0.2, "GCC": 0.4, "SCO": 0.5, "CIS": 0.4,
    "OTS": 0.5, "EAEU": 0.3, None: 2.2,
}
BLOCS = {"EU", "GCC", "SCO", "CIS", "OTS", "EAEU", "CSTO", "ASEAN", "UN", "G7"}
# Blocs whose summits meet in a member state and are attended by some of the five.
MEMBER_BLOCS = {"SCO", "CIS", "OTS", "EAEU"}
BLOC_MEMBERS = {"SCO": ("KZ", "UZ", "KG", "TJ"), "CIS": ("KZ", "UZ", "KG", "TJ", "TM"),
                "OTS": ("KZ", "UZ", "KG", "TM"), "EAEU": ("KZ", "KG")}
# "China-Central Asia": the partner as it is named in a format's name.
FORMAT_NAME = {"EU": "EU", "GCC": "GCC", "US": "C5+1", "DE": "Central Asia-Germany",
               "JP": "Central Asia plus Japan", "IN": "India-Central Asia"}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS_SHORT = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    adjective: str
    capital: str | None
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    name: str
    surname: str
    code: str
    office: str
    level: str
    start: date
    end: date | None

    def in_office(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


def _reference_rows(name: str) -> list[dict[str, str]]:
    with open(reference.REFERENCE_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def countries() -> dict[str, Country]:
    """Every country and bloc the reference data knows, with an adjective and its cities."""
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    with open(reference.SEEDS_DIR / "countries.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["iso2"]] = row["name"]
            capitals[row["iso2"]] = row["capital"]
    with open(reference.SEEDS_DIR / "partners.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["partner_code"], row["name"])
    adjectives: dict[str, str] = {}
    for actor in reference.actors():
        if actor.kind == "demonym" and actor.code not in adjectives:
            adjectives[actor.code] = actor.alias
    adjectives.update({"US": "U.S.", "KR": "South Korean", "EU": "EU", "GB": "British"})
    cities: dict[str, list[str]] = {}
    for city, code in reference.cities().items():
        if city in ("Xian", "St Petersburg", "St. Petersburg"):  # spelling variants of one city
            continue
        cities.setdefault(code, []).append(city)
    short = {"US": "the United States", "EU": "the European Union", "GB": "Britain", "KR": "South Korea",
             "AE": "the United Arab Emirates", "GCC": "the Gulf Cooperation Council",
             "SCO": "the Shanghai Cooperation Organisation", "CIS": "the Commonwealth of Independent States",
             "OTS": "the Organization of Turkic States", "EAEU": "the Eurasian Economic Union",
             "UN": "the United Nations"}
    out = {}
    for code, name in names.items():
        out[code] = Country(code, short.get(code, name), adjectives.get(code, name),
                            capitals.get(code), tuple(cities.get(code, ())))
    return out


def country(code: str) -> Country:
    return countries()[code]


@cache
def people() -> tuple[Person, ...]:
    found = []
    for row in _reference_rows("leaders.csv"):
        aliases = [a for a in row["aliases"].split(";") if a]
        found.append(Person(
            name=row["name"], surname=aliases[0] if aliases else row["name"], code=row["code"],
            office=row["office"], level=row["level"], start=date.fromisoformat(row["term_start"]),
            end=date.fromisoformat(row["term_end"]) if row["term_end"] else None))
    return tuple(found)


def office_holder(code: str, on: date, levels: tuple[str, ...] = ("leaders",),
                  offices: tuple[str, ...] | None = None) -> Person | None:
    """Who held a leader (or minister) office of `code` on a date, if the reference data knows."""
    for person in people():
        if person.code == code and person.level in levels and person.in_office(on):
            if offices is None or person.office in offices:
                return person
    return None


def leader(code: str, on: date) -> Person | None:
    return office_holder(code, on, ("leaders",), ("president", "prime minister", "chancellor",
                                                    "crown prince", "emir", "council president"))


def foreign_minister(code: str, on: date) -> Person | None:
    return office_holder(code, on, ("ministers",))


@cache
def central_asian_words() -> frozenset[str]:
    """Lower-case words of every Central Asian alias: invented names must never contain them."""
    words = set()
    for actor in reference.actors():
        if actor.code in CA:
            words.add(actor.alias.lower())
    for city, code in reference.cities().items():
        if code in CA:
            words.add(city.lower())
    for person in people():
        if person.code in CA:
            words.update(part.lower() for part in person.name.replace("-", " ").split())
            words.add(person.surname.lower())
    words.update({"central", "asia", "asian", "c5"})
    return frozenset(words)


@cache
def all_gazetteer_words() -> frozenset[str]:
    """Lower-case forms of every alias of the gazetteer (invented names avoid them all,
    so a made-up firm is never read as a country or a leader)."""
    words = set(central_asian_words())
    for actor in reference.actors():
        words.add(actor.alias.lower())
    for city in reference.cities():
        words.add(city.lower())
    for alias in reference.leader_terms():
        words.add(alias.lower())
    return frozenset(words)


# --- invented names for the firehose ----------------------------------------

_ONSETS = ["b", "br", "c", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "r", "s", "st", "t", "tr",
           "v", "w", "z", "bl", "cl", "fl", "sh", "th", "ch"]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "nd", "rt", "ll", "st"]
_SUFFIXES_TOWN = ["ford", "ton", "bury", "field", "dale", "mouth", "haven", "wick", "by", "stead", "port", "minster"]
_SUFFIXES_FIRM = ["tech", "corp", "works", "labs", "systems", "logic", "gen", "tron", "ware", "dyne", "mark", "line"]


def syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(n))


def _clean_word(rng: random.Random, make) -> str:
    banned = all_gazetteer_words()
    while True:
        word = make()
        lowered = word.lower()
        # the gazetteer also reads an alias with a plural or possessive "s"
        if lowered not in banned and lowered[:-1] not in banned:
            return word


def invented_surname(rng: random.Random) -> str:
    return _clean_word(rng, lambda: syllables(rng, rng.choice((2, 2, 3))).capitalize())


def invented_given_name(rng: random.Random) -> str:
    return _clean_word(rng, lambda: (syllables(rng, 2) + rng.choice(["a", "o", "", "en", "ie", "el"])).capitalize())


def invented_person(rng: random.Random) -> str:
    return f"{invented_given_name(rng)} {invented_surname(rng)}"


def invented_town(rng: random.Random) -> str:
    return _clean_word(rng, lambda: (syllables(rng, 1) + rng.choice(_SUFFIXES_TOWN)).capitalize())


def invented_firm(rng: random.Random) -> str:
    return _clean_word(rng, lambda: (syllables(rng, rng.choice((1, 2))) + rng.choice(_SUFFIXES_FIRM)).capitalize())


def invented_team(rng: random.Random) -> str:
    town = invented_town(rng)
    return f"{town} {rng.choice(['United', 'Rovers', 'City', 'Athletic', 'Wanderers', 'Falcons', 'Rangers', 'Lions', 'Comets', 'Harriers'])}"
