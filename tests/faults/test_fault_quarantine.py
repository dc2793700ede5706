"""Every kind of bad input of one batch, through the pipeline's land step:
each is quarantined in raw.rejected_inputs with its reason and its original
bytes (a sample of the first 64 KiB for an oversized file), the good files of
the same batch land, and the books balance: landed + duplicates + rejected =
records seen, and every file seen is landed, rejected or a duplicate.

The landing tests prove each reader in detail
(tests/landing/test_landing_rejections.py); this one proves the batch as the
ingest DAG's `land` task runs it."""
from __future__ import annotations

import json
import random

from faults_helpers import settings_in

from diplomacy import pipeline
from diplomacy.warehouse.db import connect

GOOD = ("Uzbekistan and Turkmenistan agreed on Tuesday to expand gas cooperation, "
        "their foreign ministers said after talks in Tashkent.")
GOOD_LINE = "Kazakhstan and China opened a new border crossing for freight trains."
BAD_JSON_LINE = '{"text": "a line cut off in the midd'
_RNG = random.Random(7)
NOT_TEXT = bytes(_RNG.randrange(1, 256) for _ in range(3000))  # no NUL byte, decodes as no text encoding

BAD_FILES = {  # file -> (bytes, reason or reason prefix)
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary content"),
    "empty.txt": (b" \n\t\n ", "empty text"),
    "wrong_encoding.txt": (NOT_TEXT, "not valid text (encoding)"),
    "broken_feed.rss": (b"<rss version='2.0'><channel><title>Wire</title><item><title>Gas talks in Ash",
                        "broken feed"),
    "scripts_only.html": (b"<html><head><script>var a = 1;</script></head>"
                          b"<body><script>document.write('hello')</script></body></html>", "no article text"),
    "huge.txt": (("Almaty. " * 30_000).encode(), "file too large: 240000 bytes (limit 100000)"),
}


def test_each_bad_input_is_quarantined_with_reason_and_bytes_and_the_batch_balances(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMACY_MAX_FILE_BYTES", "100000")
    cfg = settings_in(tmp_path)
    cfg.landing_dir.mkdir(parents=True)
    (cfg.landing_dir / "good.txt").write_text(GOOD)
    (cfg.landing_dir / "copy_of_good.txt").write_text(GOOD)  # a duplicate, not an article twice
    (cfg.landing_dir / "wire.jsonl").write_text("\n".join([json.dumps({"text": GOOD_LINE}), BAD_JSON_LINE]))
    for name, (content, _) in BAD_FILES.items():
        (cfg.landing_dir / name).write_bytes(content)

    summary = pipeline.land(load_id="load-bad-batch", cfg=cfg)

    con = connect(cfg.working_db, read_only=True)
    try:
        rejected = {(f, r): (reason, size, data) for f, r, reason, size, data in con.execute(
            "SELECT source_file, source_record, reason, size_bytes, original_bytes FROM raw.rejected_inputs"
        ).fetchall()}
        texts = sorted(t for (t,) in con.execute("SELECT text FROM raw.articles").fetchall())
        load = con.execute("SELECT files_seen, records_seen, articles_landed, duplicates, rejected "
                           "FROM raw.loads WHERE load_id = 'load-bad-batch'").fetchone()
    finally:
        con.close()

    for name, (content, reason) in BAD_FILES.items():
        got_reason, size, original = rejected[(name, None)]
        assert got_reason.startswith(reason), (name, got_reason)
        assert size == len(content), name
        assert original == (content[:64 * 1024] if name == "huge.txt" else content), name
    reason, _, original = rejected[("wire.jsonl", "line 2")]
    assert reason.startswith("invalid JSON") and original == BAD_JSON_LINE.encode()
    assert len(rejected) == len(BAD_FILES) + 1
    # The good files of the same batch landed; the copy is one article.
    assert texts == sorted([GOOD, GOOD_LINE])
    # Nothing dropped silently.
    assert summary["files_seen"] == 9 == (summary["files_landed"] + summary["files_rejected"]
                                          + summary["files_duplicate"])
    assert (summary["files_landed"], summary["files_rejected"], summary["files_duplicate"]) == (2, 6, 1)
    assert summary["records_seen"] == summary["articles_landed"] + summary["duplicates"] + summary["rejected"]
    assert (summary["articles_landed"], summary["duplicates"], summary["rejected"]) == (2, 1, 7)
    assert load == (9, 10, 2, 1, 7)
