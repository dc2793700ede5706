"""The folder walk and the text helpers, on their own."""
from __future__ import annotations

import gzip
import os
from datetime import datetime

import pytest

from diplomacy.landing.discover import DEFAULT_MAX_FILE_BYTES, discover, max_file_bytes
from diplomacy.landing.readers import parse_published, source_format
from diplomacy.landing.records import Unreadable
from diplomacy.landing.text import clean_text, decode_text, guess_headline, html_fragment_to_text


def test_walk_is_sorted_skips_hidden_and_reads_gzip(landing, write):
    write("b/z.txt", "z")
    write("a-c.txt", "c")
    write("a/b.txt", "b")
    write("a/.swp", "hidden")
    write(".hidden/inner.txt", "hidden")
    write("d.txt.gz", gzip.compress(b"decompressed"))

    found = list(discover(landing))
    assert [f.relative_path for f in found] == ["a-c.txt", "a/b.txt", "b/z.txt", "d.txt.gz"]
    assert found[3].content == b"decompressed"
    assert all(f.rejection is None for f in found)


def test_symlinks_are_never_followed(landing, write, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    write("inside.txt", "inside")
    os.symlink(tmp_path / "secret.txt", landing / "to_secret.txt")
    os.symlink(landing / "inside.txt", landing / "to_inside.txt")  # even one pointing inside
    os.symlink(tmp_path, landing / "to_parent")

    found = {f.relative_path: f for f in discover(landing)}
    assert set(found) == {"inside.txt", "to_secret.txt", "to_inside.txt", "to_parent"}
    for name in ["to_secret.txt", "to_inside.txt", "to_parent"]:
        assert found[name].content is None
        assert found[name].rejection.reason == "symlink not followed"


def test_size_bound_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("DIPLOMACY_MAX_FILE_BYTES", raising=False)
    assert max_file_bytes() == DEFAULT_MAX_FILE_BYTES == 20 * 1024 * 1024
    monkeypatch.setenv("DIPLOMACY_MAX_FILE_BYTES", "1234")
    assert max_file_bytes() == 1234
    monkeypatch.setenv("DIPLOMACY_MAX_FILE_BYTES", "0")
    with pytest.raises(ValueError):
        max_file_bytes()


def test_formats_look_through_gzip():
    assert source_format("x/y.JSONL.gz") == "jsonl"
    assert source_format("page.htm") == "html"
    assert source_format("feed.xml") == "feed"
    assert source_format("notes.gz") == "unsupported"
    assert source_format("README") == "unsupported"


def test_clean_text_keeps_paragraphs_and_tidies_lines():
    raw = "  First\u00a0line\t with   gaps \r\n\r\n\r\n\r\nSecond paragraph.\r\nSame paragraph.  \n"
    assert clean_text(raw) == "First line with gaps\n\nSecond paragraph.\nSame paragraph."


@pytest.mark.parametrize("raw, reason", [
    ("   \n\n\t", "empty text"),
    ("text with a \x00 NUL", "binary content"),
    ("\x01\x02\x03\x04 mostly control \x05\x06\x07\x08", "binary content"),
])
def test_clean_text_refuses(raw, reason):
    with pytest.raises(Unreadable, match=reason):
        clean_text(raw)


def test_decode_text_handles_utf16_with_bom():
    assert decode_text("Ташкент talks".encode("utf-16")) == "Ташкент talks"


def test_headline_guess():
    assert guess_headline("Leaders meet in Astana\n\nBody text here.") == "Leaders meet in Astana"
    assert guess_headline("This is a sentence.\nAnother one.") is None
    assert guess_headline("Only one line without a body") is None
    assert guess_headline("lowercase start of a body\nmore") is None
    assert guess_headline("Home | World | Sport\nBody text here.") is None


def test_published_dates_become_naive_utc():
    assert parse_published("2025-12-18") == datetime(2025, 12, 18)
    assert parse_published("2025-12-18T23:30:00Z") == datetime(2025, 12, 18, 23, 30)
    assert parse_published("Thu, 18 Dec 2025 09:00:00 +0900") == datetime(2025, 12, 18, 0, 0)
    assert parse_published("last Tuesday") is None
    assert parse_published(None) is None


def test_html_fragment_to_text_drops_scripts_and_keeps_blocks():
    html = "<p>One &amp; two\n words.</p><script>bad()</script><ul><li>Item</li></ul>"
    assert html_fragment_to_text(html) == "One & two words.\nItem"


def test_undecodable_file_name_is_rejected_not_crashing(con, landing, write, fetch):
    from diplomacy.landing import land_folder

    write("good.txt", "Kazakhstan and Kyrgyzstan agreed to reopen a border checkpoint on Monday.")
    (landing / os.fsdecode(b"bad-\xff-name.txt")).write_text("Some text that is never read.")
    (landing / os.fsdecode(b"dir-\xfe")).mkdir()
    summary = land_folder(con, landing, "load-1")

    rows = fetch("SELECT source_file, reason FROM raw.rejected_inputs ORDER BY source_file")
    assert rows == [{"source_file": "bad-\\xff-name.txt", "reason": "file name is not valid UTF-8"},
                    {"source_file": "dir-\\xfe", "reason": "file name is not valid UTF-8"}]
    assert summary.articles_landed == 1 and summary.files_seen == 3
