"""A file landed before (same path, same bytes) is not parsed again: its counts are
replayed from raw.landed_files, so a load costs what is new in the folder."""
from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from diplomacy.landing import land_folder

TEXTS = ["Foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Monday.",
         "Kyrgyz and Tajik officials signed a border protocol in Bishkek.",
         "A railway to Termez opened for freight this spring, officials said."]


def fill(write) -> None:
    write("batch-1.jsonl", "\n".join(json.dumps({"text": t}) for t in TEXTS[:2]) + "\n{broken\n")
    write("single.txt", TEXTS[2])
    write("notes.docx", b"PK\x03\x04 office file")


def _forbid_parsing(monkeypatch, allowed: set[str]):
    from diplomacy.landing import readers

    real = readers.read_file

    def guarded(path, content):
        assert path in allowed, f"{path} was parsed again"
        return real(path, content)
    monkeypatch.setattr("diplomacy.landing.land.read_file", guarded)


def test_known_files_are_not_parsed_again_and_counts_are_the_same(con, landing, write, fetch, monkeypatch):
    fill(write)
    first = land_folder(con, landing, "load-1")
    _forbid_parsing(monkeypatch, allowed={"new.jsonl"})
    write("new.jsonl", json.dumps({"text": "Turkmen and Azerbaijani leaders held talks in Ashgabat."}) + "\n")
    second = land_folder(con, landing, "load-2")

    assert first.articles_landed == 3 and first.rejected == 2
    assert second.articles_landed == 1 and second.duplicates == 3 and second.rejected == 2
    assert second.records_seen == first.records_seen + 1
    assert (second.files_landed, second.files_duplicate, second.files_rejected) == (1, 1, 2)
    assert second.rejections_recorded == 0
    assert any("batch-1.jsonl [line 3]" in reason for reason in second.rejection_reasons)
    assert len(fetch("SELECT * FROM raw.articles")) == 4


def test_a_retried_load_reports_what_it_landed(con, landing, write, monkeypatch):
    fill(write)
    first = land_folder(con, landing, "load-1")
    _forbid_parsing(monkeypatch, allowed=set())
    again = land_folder(con, landing, "load-1")
    keep = lambda s: {k: v for k, v in asdict(s).items() if k != "rejections_recorded"}  # noqa: E731
    assert keep(again) == keep(first)


@pytest.mark.parametrize("change", ["bytes", "path"])
def test_changed_bytes_or_another_path_are_parsed(con, landing, write, fetch, change):
    path = write("single.txt", TEXTS[2])
    land_folder(con, landing, "load-1")
    if change == "bytes":
        path.write_text(TEXTS[2] + " More to follow.")
    else:
        write("copy/single.txt", TEXTS[2])
    summary = land_folder(con, landing, "load-2")
    if change == "bytes":
        assert summary.articles_landed == 1
    else:
        assert summary.duplicates == 2 and summary.articles_landed == 0
        sources = fetch("SELECT source_file FROM raw.article_sources ORDER BY source_file")
        assert [s["source_file"] for s in sources] == ["copy/single.txt", "single.txt"]
