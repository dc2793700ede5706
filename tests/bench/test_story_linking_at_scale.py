"""Story linking (diplomacy.stories) as rewritten for scale: bulk shingles, probe
candidates, chunks. Same links whatever the chunk size, copies of the synthetic
corpus found, and a warehouse with shingles of the old scheme is migrated."""
from __future__ import annotations

import logging
from collections import defaultdict

import pytest

from diplomacy import stories
from diplomacy.landing import land_folder
from diplomacy.synthetic import Settings, write_corpus
from diplomacy.warehouse.db import connect, ensure_schema


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("linking") / "corpus"
    write_corpus(out, 400, Settings(seed=21, off_topic=0.6, copies=0.8))
    return out


def _landed(tmp_path, corpus):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    logging.disable(logging.WARNING)
    try:
        land_folder(con, corpus / "landing", "load-1")
    finally:
        logging.disable(logging.NOTSET)
    return con


def _partition(con) -> set[frozenset[str]]:
    groups = defaultdict(set)
    for article_id, story_id in con.execute("SELECT article_id, story_id FROM raw.article_stories").fetchall():
        groups[story_id].add(article_id)
    return {frozenset(g) for g in groups.values()}


def test_shingles_ignore_apostrophes_and_case():
    a = stories.shingles("Kazakhstan's President met Japan's Prime Minister in Tokyo on Friday.")
    b = stories.shingles("KAZAKHSTANS president met Japans prime minister in Tokyo on Friday")
    assert a == b and len(a) == 6
    assert stories.shingles("two words") and not stories.shingles("")


def test_links_do_not_depend_on_chunks_and_find_the_copies(tmp_path, corpus):
    import duckdb

    one = _landed(tmp_path / "one", corpus) if (tmp_path / "one").mkdir() is None else None
    stories.link_new_articles(one)
    many = _landed(tmp_path / "many", corpus) if (tmp_path / "many").mkdir() is None else None
    stories.link_new_articles(many, chunk_articles=37)
    assert _partition(one) == _partition(many)

    truth = duckdb.sql(f"SELECT key, story FROM '{corpus}/truth/articles.parquet'").fetchall()
    story_of_key = dict(truth)
    gold = defaultdict(set)
    for article_id, source_file, record in one.execute(
            "SELECT article_id, source_file, source_record FROM raw.article_sources").fetchall():
        key = f"{source_file}#{record.split()[-1]}"
        gold[story_of_key[key]].add(article_id)
    gold_partition = {frozenset(g) for g in gold.values()}
    linked = _partition(one)
    assert sum(len(g) > 1 for g in gold_partition) >= 10
    assert linked == gold_partition
    one.close()
    many.close()


def test_old_shingles_are_recomputed_once(tmp_path, corpus):
    con = _landed(tmp_path, corpus)
    ids = [a for (a,) in con.execute("SELECT article_id FROM raw.articles ORDER BY article_id LIMIT 5").fetchall()]
    # a warehouse linked before the rewrite: links and shingles, no scheme, no counts
    for article_id in ids:
        con.execute("INSERT INTO raw.article_stories VALUES (?, ?, NULL, NULL, now())", [article_id, article_id])
        con.execute("INSERT INTO raw.article_shingles VALUES (?, 12345)", [article_id])
    stories.link_new_articles(con)
    assert con.execute("SELECT value FROM raw.story_linking_meta WHERE key = 'shingle_scheme'").fetchone()[0] \
        == stories.SHINGLE_SCHEME
    assert con.execute("SELECT count(*) FROM raw.article_shingles WHERE shingle = 12345").fetchone()[0] == 0
    counted = con.execute("SELECT count(*) FROM raw.article_shingle_counts").fetchone()[0]
    assert counted == con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]
    con.close()
