"""Bad inputs are rejected with a clear reason, and the good files of the batch still land."""
from __future__ import annotations

import gzip
import json
import os
import random

import pytest

from diplomacy.landing import land_folder

GOOD = ("Uzbekistan and Turkmenistan agreed on Tuesday to expand gas cooperation, "
        "their foreign ministers said after talks in Tashkent.")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>Laughs</title><description>&lol4;</description></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Leak</title><description>&secret;</description></item></channel></rss>"""


def reasons_by_file(fetch) -> dict[str, str]:
    rows = fetch("SELECT source_file, source_record, reason FROM raw.rejected_inputs")
    return {r["source_file"] + (f" [{r['source_record']}]" if r["source_record"] else ""): r["reason"]
            for r in rows}


@pytest.fixture
def bad_batch(write, landing, tmp_path):
    """One landing folder with one good file and every kind of bad input."""
    write("good.txt", GOOD)
    write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    write("empty.txt", " \n\t\n ")
    rng = random.Random(7)
    write("garbage.txt", bytes(rng.randrange(1, 256) for _ in range(3000)))  # no NUL bytes
    write("mixed.jsonl", "\n".join([
        json.dumps({"text": "Kazakhstan and China opened a new border crossing for freight trains."}),
        '{"text": "a line cut off in the midd',
        json.dumps({"title": "no text here"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Kyrgyzstan hosted a regional meeting on glacier loss and water security."}),
    ]))
    write("broken.rss", "<rss version='2.0'><channel><title>Wire</title></channel")
    write("truncated.rss", "<rss version='2.0'><channel><title>Wire</title><item><title>Gas talks in Ash")
    write("laughs.xml", BILLION_LAUGHS)
    write("xxe.rss", EXTERNAL_ENTITY)
    write("scripts.html", "<html><head><script>var a = 1;</script></head>"
                          "<body><script>document.write('hello')</script></body></html>")
    write("report.pdf", b"%PDF-1.7 not an article")
    write("nothing.json", "[]")
    outside = tmp_path / "outside_secret.txt"
    outside.write_text("Secret text outside the landing folder about a summit in Astana.")
    os.symlink(outside, landing / "link.txt")
    (tmp_path / "outside_dir").mkdir()
    (tmp_path / "outside_dir" / "inner.txt").write_text("Text inside a directory outside the landing folder.")
    os.symlink(tmp_path / "outside_dir", landing / "linked_dir")
    write(".DS_Store", b"\x00\x00\x00\x01Bud1")  # hidden: skipped, not seen
    write(".git/config", "[core]")
    return write


EXPECTED_REASONS = {
    "binary.txt": "binary content",
    "empty.txt": "empty text",
    "garbage.txt": "not valid text (encoding)",
    "mixed.jsonl [line 3]": "missing or non-string text",
    "mixed.jsonl [line 4]": "missing or non-string text",
    "scripts.html": "no article text",
    "report.pdf": "unsupported format",
    "nothing.json": "no records",
    "link.txt": "symlink not followed",
    "linked_dir": "symlink not followed",
}


def test_each_bad_input_is_rejected_with_its_reason_and_good_files_land(con, landing, bad_batch, fetch):
    summary = land_folder(con, landing, "load-1")

    reasons = reasons_by_file(fetch)
    for where, reason in EXPECTED_REASONS.items():
        assert reasons[where] == reason, where
    assert reasons["mixed.jsonl [line 2]"].startswith("invalid JSON")
    assert reasons["broken.rss"].startswith("broken feed")
    assert reasons["truncated.rss"].startswith("broken feed")  # the whole file, not its half item
    assert reasons["laughs.xml"].startswith("unsafe XML: EntitiesForbidden")
    assert reasons["xxe.rss"].startswith("unsafe XML: EntitiesForbidden")
    assert len(reasons) == len(EXPECTED_REASONS) + 5

    texts = {r["text"] for r in fetch("SELECT text FROM raw.articles")}
    assert texts == {
        GOOD,
        "Kazakhstan and China opened a new border crossing for freight trains.",
        "Kyrgyzstan hosted a regional meeting on glacier loss and water security.",
    }
    assert not any("outside" in t or "lol" in t or "root:" in t for t in texts)

    assert summary.files_seen == 14  # hidden files are not seen
    assert summary.rejected == len(reasons)
    assert summary.files_landed == 2 and summary.files_rejected == 12 and summary.files_duplicate == 0
    assert len(summary.rejection_reasons) == len(reasons)


def test_nothing_is_silently_dropped(con, landing, bad_batch):
    summary = land_folder(con, landing, "load-1")
    assert summary.files_seen == summary.files_landed + summary.files_rejected + summary.files_duplicate
    assert summary.records_seen == summary.articles_landed + summary.duplicates + summary.rejected
    assert sum(summary.files_by_format.values()) == summary.files_seen


def test_rejections_keep_the_original_bytes(con, landing, bad_batch, fetch):
    land_folder(con, landing, "load-1")
    rows = {r["source_file"] + str(r["source_record"]): r for r in fetch("SELECT * FROM raw.rejected_inputs")}
    assert rows["report.pdfNone"]["original_bytes"] == b"%PDF-1.7 not an article"
    assert rows["report.pdfNone"]["size_bytes"] == len(b"%PDF-1.7 not an article")
    assert rows["mixed.jsonlline 2"]["original_bytes"] == b'{"text": "a line cut off in the midd'
    assert rows["link.txtNone"]["original_bytes"] is None  # the target is never read
    assert all(r["load_id"] == "load-1" and r["rejected_at"] for r in rows.values())


def test_oversized_file_keeps_only_a_sample(con, landing, write, fetch, monkeypatch):
    monkeypatch.setenv("DIPLOMACY_MAX_FILE_BYTES", str(100_000))
    write("good.txt", GOOD)
    write("huge.txt", "Almaty. " * 30_000)  # 240 000 bytes
    summary = land_folder(con, landing, "load-1")

    row = fetch("SELECT * FROM raw.rejected_inputs")[0]
    assert row["source_file"] == "huge.txt"
    assert row["reason"] == "file too large: 240000 bytes (limit 100000)"
    assert row["size_bytes"] == 240_000
    assert row["original_bytes"] == ("Almaty. " * 30_000).encode()[:64 * 1024]
    assert summary.articles_landed == 1


def test_gzip_bomb_is_refused_without_inflating_it(con, landing, write, fetch):
    bomb = gzip.compress(b"A" * 5_000_000)
    write("bomb.txt.gz", bomb)
    write("corrupt.jsonl.gz", b"\x1f\x8b\x08\x00 this is not deflate data")
    write("good.txt", GOOD)
    summary = land_folder(con, landing, "load-1", max_file_bytes=1_000_000)

    reasons = reasons_by_file(fetch)
    assert reasons["bomb.txt.gz"] == "decompressed size exceeds limit of 1000000 bytes (possible zip bomb)"
    assert reasons["corrupt.jsonl.gz"].startswith("invalid gzip")
    stored = fetch("SELECT original_bytes FROM raw.rejected_inputs WHERE source_file = 'bomb.txt.gz'")
    assert stored[0]["original_bytes"] == bomb  # the compressed bytes, as found
    assert summary.articles_landed == 1


def test_fifo_is_refused_without_blocking(con, landing, write, fetch):
    write("good.txt", GOOD)
    os.mkfifo(landing / "pipe.txt")
    land_folder(con, landing, "load-1")
    assert reasons_by_file(fetch) == {"pipe.txt": "not a regular file"}


def test_bad_feed_item_is_rejected_and_the_others_land(con, landing, write, fetch):
    write("wire.rss", """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Empty item</title><description>   </description></item>
<item><title>Trade talks</title><description>Tajikistan and Afghanistan discussed electricity exports.</description></item>
</channel></rss>""")
    summary = land_folder(con, landing, "load-1")
    assert reasons_by_file(fetch) == {"wire.rss [item 1]": "empty text"}
    assert summary.articles_landed == 1 and summary.files_landed == 1


def test_nothing_is_fetched_or_opened_from_what_an_input_says(con, landing, write, fetch, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("landing tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    write("remote.rss", """<?xml version="1.0"?>
<?xml-stylesheet href="http://evil.example/style.xsl" type="text/xsl"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://evil.example/rss.dtd">
<rss version="0.91"><channel><title>Wire</title><link>http://evil.example/</link>
<item><title>Talks</title><link>http://evil.example/a</link>
<description>&lt;img src="http://evil.example/pixel.png"&gt;Kazakh and Turkmen ministers discussed a Caspian pipeline.</description>
</item></channel></rss>""")
    write("url.rss", "http://evil.example/feed.rss")   # feedparser would fetch a URL string
    write("path.xml", "/etc/passwd")                     # ... and open a file name
    write("remote.html", """<html><head><link rel="stylesheet" href="http://evil.example/x.css">
<script src="http://evil.example/x.js"></script></head><body><article>
<p>Tajik and Uzbek officials opened a new bridge across the Amu Darya river, a project both governments
had promised for years and that should halve the time trucks spend at the crossing.</p>
<img src="http://evil.example/photo.jpg"><iframe src="http://evil.example/frame"></iframe></article></body></html>""")
    land_folder(con, landing, "load-1")

    texts = [r["text"] for r in fetch("SELECT text FROM raw.articles ORDER BY source_file")]
    assert texts[0].startswith("Tajik and Uzbek officials opened a new bridge")
    assert texts[1] == "Kazakh and Turkmen ministers discussed a Caspian pipeline."
    assert not any("root:" in t for t in texts)
    assert set(reasons_by_file(fetch)) == {"url.rss", "path.xml"}
