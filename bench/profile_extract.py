"""Where extraction spends its time, on the articles of a benchmark warehouse.

    .venv/bin/python bench/profile_extract.py bench/.work/10000/warehouse/_work/working.duckdb [--sample 3000]

Reads the extractor (diplomacy.extract) as it is; changes nothing. Prints:
  - articles/s and sentences/s (one core, CPU time) on a sample, split into the
    articles the Central Asia prefilter lets through and those it does not;
  - the prefilter's cost per article next to a bare pyahocorasick scan of the same text;
  - the top functions by own time (cProfile) on the on-topic articles;
  - what share of on-topic sentences name no actor and no region phrase (what a
    sentence-level filter would skip) and the time spent on them.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--top", type=int, default=18)
    args = parser.parse_args(argv)

    import ahocorasick
    import duckdb

    from diplomacy.extract import article as article_module
    from diplomacy.extract.actors import find_actors, find_region_phrases
    from diplomacy.extract.text import split_sentences
    from run import gazetteer_terms

    con = duckdb.connect(str(args.database), read_only=True)
    rows = con.execute("SELECT text, published_at FROM raw.articles ORDER BY article_id LIMIT ?", [args.sample]).fetchall()
    con.close()
    extract = article_module.extract_article
    gate = getattr(article_module, "mentions_central_asia", None)
    extract(rows[0][0])  # warm caches (automaton, lexicon)

    def cpu(fn, items):
        started = time.process_time()
        out = [fn(*item) for item in items]
        return time.process_time() - started, out

    seconds, results = cpu(lambda t, p: extract(t, published=p.date() if p else None), rows)
    n_sent = sum(len(split_sentences(t)) for t, _ in rows)
    on = [(t, p) for (t, p), r in zip(rows, results) if r.n_sentences]
    off = [(t, p) for (t, p), r in zip(rows, results) if not r.n_sentences]
    on_s, _ = cpu(lambda t, p: extract(t, published=p.date() if p else None), on)
    off_s, _ = cpu(lambda t, p: extract(t, published=p.date() if p else None), off)
    on_sent = sum(len(split_sentences(t)) for t, _ in on)
    print(f"sample: {len(rows)} articles, {n_sent} sentences, {sum(len(t) for t, _ in rows) / 1e6:.1f} M chars")
    print(f"all:        {len(rows) / seconds:8.0f} articles/s  {n_sent / seconds:9.0f} sentences/s  (CPU {seconds:.2f} s)")
    print(f"read:       {len(on):5d} articles  {len(on) / max(on_s, 1e-9):8.0f} articles/s  {on_sent / max(on_s, 1e-9):9.0f} sentences/s  "
          f"({on_s / max(len(on), 1) * 1000:.1f} ms each)")
    print(f"prefilter:  {len(off):5d} articles  {len(off) / max(off_s, 1e-9):8.0f} articles/s  ({off_s / max(len(off), 1) * 1000:.2f} ms each)")

    automaton = ahocorasick.Automaton()
    for term in gazetteer_terms():
        automaton.add_word(term, term)
    automaton.make_automaton()
    scan_s, _ = cpu(lambda t, p: sum(1 for _ in automaton.iter(t.lower())), rows)
    print(f"bare scan:  {len(rows) / scan_s:8.0f} articles/s  ({scan_s / len(rows) * 1000:.2f} ms each)")
    if gate is not None:
        gate_s, _ = cpu(lambda t, p: gate(t), off)
        fa_s, _ = cpu(lambda t, p: find_actors(t), off)
        rp_s, _ = cpu(lambda t, p: find_region_phrases(t), off)
        lower_s, _ = cpu(lambda t, p: "central asia" in t.lower(), off)
        print(f"  prefilter parts per off-topic article: mentions_central_asia {gate_s / max(len(off), 1) * 1000:.2f} ms = "
              f"find_actors {fa_s / max(len(off), 1) * 1000:.2f} + find_region_phrases {rp_s / max(len(off), 1) * 1000:.2f} "
              f"+ lower/contains {lower_s / max(len(off), 1) * 1000:.2f} ms")

    profile = cProfile.Profile()
    profile.enable()
    for t, p in on:
        extract(t, published=p.date() if p else None)
    profile.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profile, stream=buffer)
    stats.sort_stats("tottime").print_stats(args.top)
    print("\n--- on-topic articles, top functions by own time ---")
    print("\n".join(line for line in buffer.getvalue().splitlines() if line.strip()))
    buffer = io.StringIO()
    stats = pstats.Stats(profile, stream=buffer)
    stats.sort_stats("cumulative").print_stats(args.top)
    print("\n--- on-topic articles, by cumulative time ---")
    print("\n".join(line for line in buffer.getvalue().splitlines() if line.strip()))

    # sentences of on-topic articles that name no actor and no region phrase
    quiet = total = 0
    quiet_s = 0.0
    sentence_mentions = getattr(article_module, "_sentence_mentions", None)
    for t, p in on:
        for s in split_sentences(t):
            total += 1
            if not find_actors(s.text) and not find_region_phrases(s.text):
                quiet += 1
                if sentence_mentions is not None:
                    started = time.process_time()
                    try:
                        sentence_mentions(s.text, [], [], None, None)
                    except TypeError:
                        sentence_mentions(s.text, [], [], None)
                    quiet_s += time.process_time() - started
    print(f"\non-topic sentences naming no actor and no region phrase: {quiet} of {total} "
          f"({quiet / max(total, 1):.0%}); _sentence_mentions spends {quiet_s:.2f} s CPU on them "
          f"({quiet_s / max(on_s, 1e-9):.0%} of on-topic extraction)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
