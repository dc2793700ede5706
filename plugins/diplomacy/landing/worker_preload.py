"""Imported once by the fork server of the landing workers (landing.parallel): what
every worker needs is loaded before the workers are forked from it, and shared."""
import py3langid

from diplomacy.landing import readers  # noqa: F401 - the readers, ftfy, trafilatura

py3langid.classify("warm up")  # loads the language model (≈0.8 s) once, not per worker
