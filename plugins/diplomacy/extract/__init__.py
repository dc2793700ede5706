"""Rule-based extraction of diplomatic events and relationships from article text.

Bump EXTRACTOR_VERSION when rules or reference data change: articles are
re-read once per version, and the marts show the current version only."""

EXTRACTOR_VERSION = "0.3.1"
