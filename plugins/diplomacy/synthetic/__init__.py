"""A deterministic synthetic news firehose with gold at any size (issue 7).

Articles are written from a ground-truth table of events and relationships in
the team's own templates (wire stories, press releases, analyses, newsletters,
listicles), with syndicated duplicates, scraped copies carrying other-language
site furniture, truncated copies, noise, rejected records and a configurable
share of off-topic articles. A benchmark input, not a substitute for real text
in quality claims.

    python -m diplomacy.synthetic --n 10000 --seed 7 --out corpus/synthetic-10k
"""
from diplomacy.synthetic.corpus import GENERATOR_VERSION, Record, Settings, Stream
from diplomacy.synthetic.writer import gold, write_corpus

__all__ = ["GENERATOR_VERSION", "Record", "Settings", "Stream", "gold", "write_corpus"]
