"""Story links of a benchmark warehouse against the synthetic corpus's true stories.

    .venv/bin/python bench/link_quality.py bench/.work/10000/warehouse/_work/working.duckdb bench/.work/10000/corpus

Pairwise: two articles are a linked pair when they share a story_id, a true pair
when the generator wrote them as copies of one story (truth/articles.parquet)."""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import duckdb


def main(argv: list[str]) -> int:
    database, corpus = Path(argv[0]), Path(argv[1])
    con = duckdb.connect(str(database), read_only=True)
    rows = con.execute(f"""
        SELECT st.article_id, st.story_id, t.story
        FROM raw.article_stories st
        JOIN (SELECT article_id, min(source_file || '#' || regexp_extract(source_record, '\\d+')) AS key
              FROM raw.article_sources GROUP BY article_id) src USING (article_id)
        JOIN '{corpus}/truth/articles.parquet' t ON t.key = src.key
    """).fetchall()
    con.close()
    linked, true = defaultdict(set), defaultdict(set)
    for article_id, story_id, story in rows:
        linked[story_id].add(article_id)
        true[story].add(article_id)

    def pairs(groups):
        return {(a, b) for g in groups.values() for a in g for b in g if a < b}

    lp, tp = pairs(linked), pairs(true)
    hit = len(lp & tp)
    print(f"articles {len(rows)}; linked pairs {len(lp)}, true pairs {len(tp)}, both {hit}; "
          f"precision {hit / max(len(lp), 1):.3f}, recall {hit / max(len(tp), 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
