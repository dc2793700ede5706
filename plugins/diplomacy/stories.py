"""Link copies of one story: syndicated, scraped, truncated or dirty copies.

Each article is reduced to hashed word 5-grams of its Latin-script words
("shingles"), with apostrophes dropped so "Kazakhstan's" and "Kazakhstans"
agree and foreign-script site furniture is ignored. A new article joins the
story of an earlier article when most of the shorter text's shingles occur in
the other (containment, not Jaccard: a cut-short copy is contained in the full
one).

Cost follows the new data, not all pairs (measured in BENCHMARKS.md):
  - shingles are hashed in bulk (numpy) and stored once per article, with their
    count per article, so sizes are never recounted;
  - candidates come from an index join on a sample of each new article's shared
    shingles only: the PROBE_SHINGLES smallest hash values (a bottom-k sample,
    as in MinHash) among its shingles that occur in at least one other and at
    most MAX_PROBE_DF articles. Boilerplate that many articles share ("said in
    a statement on") never fans out into millions of pairs. (Exact duplicates
    are one article already; a story with more than MAX_PROBE_DF near-duplicate
    copies stops gaining links from its probes, and later copies start a story
    of their own.);
  - containment is then counted exactly, over all shingles, for the few pairs
    that share a good part of those probes (at most MAX_CANDIDATES per article,
    those sharing most);
  - new articles are processed in chunks (one transaction each), so memory stays
    bounded however many arrive at once.
"""
from __future__ import annotations

import hashlib
import logging
import re
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
CONTAINMENT_THRESHOLD = 0.5
# How the stored shingles were computed: stored shingles of another scheme are recomputed.
SHINGLE_SCHEME = "w5-blake2b8-poly64-v2"
# Candidate search: a bottom-k sample of the new article's shingles that occur in another article too.
PROBE_SHINGLES = 32
MAX_PROBE_DF = 50
# A pair is counted exactly when it shares at least this share of the new article's probes,
# and only for the MAX_CANDIDATES pairs of an article that share most probes.
MIN_PROBE_SHARE = 0.25
MAX_CANDIDATES = 8
CHUNK_ARTICLES = 10_000
# DuckDB caches what it scans up to its memory limit (80% of RAM by default): linking
# scans every stored shingle, so it runs under this cap (restored afterwards).
LINK_MEMORY_LIMIT_BYTES = 1024**3

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans("", "", "'’`")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)

_DDL = [
    # n_shingles per article: containment needs the sizes; counting them again each run would cost O(all shingles).
    "CREATE TABLE IF NOT EXISTS raw.article_shingle_counts (article_id VARCHAR NOT NULL, n_shingles INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS raw.story_linking_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
]


@dataclass
class StorySummary:
    articles_linked: int = 0
    new_stories: int = 0
    joined_existing: int = 0


# --- shingles ------------------------------------------------------------------------

class _Vocabulary:
    """Word -> 64-bit hash (blake2b), hashed once per distinct word and looked up in bulk."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.hashes = np.empty(0, dtype=np.uint64)

    def lookup(self, texts: list[list[str]]) -> list[np.ndarray]:
        if len(self.ids) > 2_000_000:  # bounded: news vocabulary is far smaller
            self.__init__()
        setdefault, ids = self.ids.setdefault, self.ids
        encoded = [np.array([setdefault(w, len(ids)) for w in words], dtype=np.int64) for words in texts]
        if len(ids) > len(self.hashes):
            fresh = list(ids)[len(self.hashes):]
            extra = np.fromiter((int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
                                 for w in fresh), dtype=np.uint64, count=len(fresh))
            self.hashes = np.concatenate([self.hashes, extra])
        return [self.hashes[e] for e in encoded]


_VOCABULARY = _Vocabulary()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def shingle_arrays(texts: list[str], batch: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """(owner, shingle) for every 5-gram of every text, owner = the text's index
    (a repeated 5-gram appears once per occurrence). Vectorised over `batch` texts
    at a time: a 5-gram's hash mixes the hashes of its words."""
    owners, values = [], []
    for begin in range(0, len(texts), batch):
        owner, value = _shingle_batch(texts[begin:begin + batch])
        owners.append((owner + begin).astype(np.int32))
        values.append(value)
    if not owners:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.uint64)
    return np.concatenate(owners), np.concatenate(values)


def _shingle_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    hashes = _VOCABULARY.lookup([_words(text) for text in texts])
    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    if not len(lengths):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    words = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    k = SHINGLE_WORDS
    # Window starts of full 5-grams that stay inside one text; a text shorter than
    # five words gives one shingle of all its words.
    full = lengths >= k
    window_counts = np.where(full, lengths - k + 1, (lengths > 0).astype(np.int64))
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), window_counts)
    offsets = np.arange(window_counts.sum(), dtype=np.int64) - np.repeat(np.cumsum(window_counts) - window_counts, window_counts)
    first = np.repeat(starts, window_counts) + offsets
    width = np.repeat(np.where(full, k, lengths), window_counts)
    with np.errstate(over="ignore"):
        value = np.zeros(len(first), dtype=np.uint64)
        for i in range(k):
            inside = i < width
            value = np.where(inside, value * _MULTIPLIER + words[np.minimum(first + i, len(words) - 1)], value)
        value ^= value >> np.uint64(31)
        value *= _MIX_1
        value ^= value >> np.uint64(29)
        value *= _MIX_2
        value ^= value >> np.uint64(32)
    return owner, value


def shingles(text: str) -> set[int]:
    return {int(v) for v in shingle_arrays([text])[1]}


# --- linking -------------------------------------------------------------------------

def link_new_articles(con: duckdb.DuckDBPyConnection, threshold: float = CONTAINMENT_THRESHOLD,
                      chunk_articles: int = CHUNK_ARTICLES) -> StorySummary:
    with _memory_capped(con):
        return _link(con, threshold, chunk_articles)


@contextmanager
def _memory_capped(con: duckdb.DuckDBPyConnection):
    """Lower DuckDB's memory limit to LINK_MEMORY_LIMIT_BYTES for the duration (never raise it)."""
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    current = _bytes(before)
    if current is not None and current <= LINK_MEMORY_LIMIT_BYTES:
        yield
        return
    con.execute(f"SET memory_limit = '{LINK_MEMORY_LIMIT_BYTES // 1024**2}MiB'")
    try:
        yield
    finally:
        # the setting reads back rounded ("18.8 GiB"): reset when it was the default
        con.execute("RESET memory_limit" if before == _default_memory_limit() else f"SET memory_limit = '{before}'")


@lru_cache(maxsize=1)
def _default_memory_limit() -> str:
    probe = duckdb.connect()
    try:
        return probe.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        probe.close()


def _bytes(setting: str) -> int | None:
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]i?B|bytes?)?\s*", setting or "", re.IGNORECASE)
    if not match:
        return None
    scale = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
    unit = (match.group(2) or "b")[0].lower()
    return int(float(match.group(1)) * scale.get(unit, 1))


def _link(con: duckdb.DuckDBPyConnection, threshold: float, chunk_articles: int) -> StorySummary:
    _prepare(con)
    new_ids = [article_id for (article_id,) in con.execute("""
        SELECT a.article_id FROM raw.articles a
        WHERE NOT EXISTS (SELECT 1 FROM raw.article_stories s WHERE s.article_id = a.article_id)
        ORDER BY a.landed_at, a.article_id
    """).fetchall()]
    summary = StorySummary()
    if not new_ids:
        return summary
    order = {article_id: n for n, article_id in enumerate(new_ids)}
    assigned: dict[str, str] = {}  # story of each article linked in this run
    for begin in range(0, len(new_ids), chunk_articles):
        chunk = new_ids[begin:begin + chunk_articles]
        con.execute("BEGIN TRANSACTION")
        try:
            _store_shingles(con, chunk)
            candidates = _candidates(con, threshold)
            known = _stored_stories(con, {b for found in candidates.values() for b, _ in found} - set(assigned))
            rows = []
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            for article_id in chunk:
                match = _best_earlier(article_id, candidates.get(article_id, []), order, assigned, known, threshold)
                if match:
                    other, containment = match
                    story = assigned.get(other) or known[other]
                    summary.joined_existing += 1
                else:
                    other, containment, story = None, None, article_id
                    summary.new_stories += 1
                assigned[article_id] = story
                rows.append((article_id, story, other, containment, now))
            _insert_links(con, rows)
            con.execute("DROP TABLE IF EXISTS _new_shingles")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    summary.articles_linked = len(new_ids)
    log.info("linked %d new articles: %d new stories, %d copies of known stories",
             summary.articles_linked, summary.new_stories, summary.joined_existing)
    return summary


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Our tables, and stored shingles in the current scheme: a warehouse whose shingles
    were computed otherwise has them (and their counts) recomputed once."""
    for statement in _DDL:
        con.execute(statement)
    row = con.execute("SELECT value FROM raw.story_linking_meta WHERE key = 'shingle_scheme'").fetchone()
    if row and row[0] == SHINGLE_SCHEME:
        return
    linked = [a for (a,) in con.execute(
        "SELECT article_id FROM raw.article_stories ORDER BY linked_at, article_id").fetchall()]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM raw.article_shingles")
        con.execute("DELETE FROM raw.article_shingle_counts")
        for begin in range(0, len(linked), CHUNK_ARTICLES):
            _store_shingles(con, linked[begin:begin + CHUNK_ARTICLES])
            con.execute("DROP TABLE IF EXISTS _new_shingles")
        con.execute("INSERT OR REPLACE INTO raw.story_linking_meta VALUES ('shingle_scheme', ?)", [SHINGLE_SCHEME])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if linked:
        log.info("recomputed shingles of %d linked articles (scheme %s)", len(linked), SHINGLE_SCHEME)


def _store_shingles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Shingle the chunk's texts into raw.article_shingles (and the temp table
    _new_shingles, which the candidate search reads)."""
    ids = pd.DataFrame({"idx": np.arange(len(article_ids), dtype=np.int64), "article_id": article_ids})
    con.register("_chunk_ids", ids)
    texts = dict(con.execute("""
        SELECT a.article_id, a.text FROM raw.articles a JOIN _chunk_ids c USING (article_id)
    """).fetchall())
    owner, shingle = shingle_arrays([texts.get(a) or "" for a in article_ids])
    con.register("_chunk_shingles", pd.DataFrame({"idx": owner, "shingle": shingle}))
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _new_shingles AS
        SELECT DISTINCT c.article_id, s.shingle FROM _chunk_shingles s JOIN _chunk_ids c USING (idx)
    """)
    con.unregister("_chunk_shingles")
    con.execute("DELETE FROM raw.article_shingles WHERE article_id IN (SELECT article_id FROM _chunk_ids)")
    con.execute("DELETE FROM raw.article_shingle_counts WHERE article_id IN (SELECT article_id FROM _chunk_ids)")
    con.execute("INSERT INTO raw.article_shingles SELECT article_id, shingle FROM _new_shingles")
    con.execute("""
        INSERT INTO raw.article_shingle_counts
        SELECT c.article_id, count(s.shingle) FROM _chunk_ids c LEFT JOIN _new_shingles s USING (article_id)
        GROUP BY c.article_id
    """)
    con.unregister("_chunk_ids")


def _candidates(con: duckdb.DuckDBPyConnection, threshold: float) -> dict[str, list[tuple[str, float]]]:
    """For each article of the chunk, the other articles whose containment with it
    reaches the threshold (the smaller shingle set's share found in the larger)."""
    rows = con.execute("""
        WITH df AS (
            SELECT s.shingle, count(*) AS n
            FROM raw.article_shingles s
            WHERE s.shingle IN (SELECT shingle FROM _new_shingles)
            GROUP BY s.shingle
        ),
        probes AS (
            SELECT article_id, shingle, count(*) OVER (PARTITION BY article_id) AS n_probes
            FROM (
                SELECT m.article_id, m.shingle,
                       row_number() OVER (PARTITION BY m.article_id ORDER BY m.shingle) AS rank
                FROM _new_shingles m JOIN df USING (shingle)
                WHERE df.n BETWEEN 2 AND $max_df
            )
            WHERE rank <= $probes
        ),
        probe_hits AS (
            SELECT p.article_id AS a_id, s.article_id AS b_id, count(*) AS hits
            FROM probes p JOIN raw.article_shingles s USING (shingle)
            WHERE s.article_id <> p.article_id
            GROUP BY p.article_id, s.article_id, p.n_probes
            HAVING count(*) >= greatest(1, ceil($share * p.n_probes))
        ),
        pairs AS (
            SELECT a_id, b_id FROM probe_hits
            QUALIFY row_number() OVER (PARTITION BY a_id ORDER BY hits DESC, b_id) <= $max_candidates
        ),
        b_shingles AS (
            SELECT article_id, shingle FROM raw.article_shingles
            WHERE article_id IN (SELECT b_id FROM pairs)
        ),
        shared AS (
            SELECT pairs.a_id, pairs.b_id, count(*) AS n_shared
            FROM pairs
            JOIN _new_shingles a ON a.article_id = pairs.a_id
            JOIN b_shingles b ON b.article_id = pairs.b_id AND b.shingle = a.shingle
            GROUP BY pairs.a_id, pairs.b_id
        )
        SELECT shared.a_id, shared.b_id, shared.n_shared / least(ca.n_shingles, cb.n_shingles) AS containment
        FROM shared
        JOIN raw.article_shingle_counts ca ON ca.article_id = shared.a_id
        JOIN raw.article_shingle_counts cb ON cb.article_id = shared.b_id
        WHERE shared.n_shared / least(ca.n_shingles, cb.n_shingles) >= $threshold
    """, {"max_df": MAX_PROBE_DF, "probes": PROBE_SHINGLES, "share": MIN_PROBE_SHARE,
          "threshold": threshold, "max_candidates": MAX_CANDIDATES}).fetchall()
    found: dict[str, list[tuple[str, float]]] = {}
    for a_id, b_id, containment in rows:
        found.setdefault(a_id, []).append((b_id, float(containment)))
    return found


def _stored_stories(con: duckdb.DuckDBPyConnection, article_ids: set[str]) -> dict[str, str]:
    if not article_ids:
        return {}
    return dict(con.execute("SELECT article_id, story_id FROM raw.article_stories WHERE article_id IN (SELECT unnest(?))",
                            [sorted(article_ids)]).fetchall())


def _insert_links(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=["article_id", "story_id", "matched_article_id", "containment", "linked_at"])
    con.register("new_links", frame)
    con.execute("INSERT INTO raw.article_stories SELECT * FROM new_links")
    con.unregister("new_links")


def _best_earlier(article_id: str, candidates: list[tuple[str, float]], order: dict[str, int],
                  assigned: dict[str, str], known: dict[str, str], threshold: float) -> tuple[str, float] | None:
    """The most similar article linked before this one (stored by an earlier run, or
    earlier in this one), if it is similar enough. Ties go to the earliest-sorting id."""
    position = order[article_id]
    earlier = [(other, c) for other, c in candidates
               if c >= threshold and ((other in assigned and order.get(other, -1) < position)
                                      or (other not in order and other in known))]
    return max(earlier, key=lambda oc: (oc[1], _neg(oc[0]))) if earlier else None


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
