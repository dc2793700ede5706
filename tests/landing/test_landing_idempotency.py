"""Landing is idempotent: the same input, landed again, changes nothing."""
from __future__ import annotations

import json
from dataclasses import asdict

from diplomacy.landing import land_folder

KHIVA = ("Tourism ministers from the five Central Asian states met in Khiva to agree "
         "on a common visa scheme for visitors from outside the region.")
TERMEZ = ("A new logistics hub opened in Termez on the border with Afghanistan, "
          "Uzbek officials said, as cargo volumes through the city keep growing.")


def snapshot(fetch) -> dict[str, list[dict]]:
    return {
        "articles": fetch("SELECT * FROM raw.articles ORDER BY article_id"),
        "rejections": fetch("SELECT * FROM raw.rejected_inputs ORDER BY source_file, source_record"),
    }


def fill(write) -> None:
    write("a/khiva.txt", KHIVA)
    write("b/records.jsonl", json.dumps({"text": TERMEZ, "outlet": "Silk Road Post"}) + "\n{not json\n")
    write("c/unknown.docx", b"PK\x03\x04 office file")


def test_landing_the_same_folder_twice_changes_nothing(con, landing, write, fetch):
    fill(write)
    first = land_folder(con, landing, "load-1")
    before = snapshot(fetch)
    again = land_folder(con, landing, "load-1")

    assert snapshot(fetch) == before
    assert len(before["articles"]) == 2 and len(before["rejections"]) == 2
    # A retried load reports what it landed, not zero, and its raw.loads row is replaced.
    same_counts = {k: v for k, v in asdict(again).items() if k != "rejections_recorded"}
    assert same_counts == {k: v for k, v in asdict(first).items() if k != "rejections_recorded"}
    assert first.rejections_recorded == 2 and again.rejections_recorded == 0
    loads = fetch("SELECT * FROM raw.loads")
    assert len(loads) == 1
    assert loads[0]["articles_landed"] == 2 and loads[0]["rejected"] == 2 and loads[0]["files_seen"] == 3


def test_a_later_load_of_the_same_files_adds_only_a_loads_row(con, landing, write, fetch):
    fill(write)
    land_folder(con, landing, "load-1")
    before = snapshot(fetch)
    later = land_folder(con, landing, "load-2")

    assert snapshot(fetch) == before
    assert later.articles_landed == 0 and later.duplicates == 2
    assert later.files_duplicate == 1 and later.files_rejected == 2  # records.jsonl has a bad line
    assert later.rejected == 2 and later.rejections_recorded == 0
    loads = fetch("SELECT load_id, articles_landed, duplicates FROM raw.loads ORDER BY load_id")
    assert loads == [{"load_id": "load-1", "articles_landed": 2, "duplicates": 0},
                     {"load_id": "load-2", "articles_landed": 0, "duplicates": 2}]


def test_same_text_in_two_files_lands_once_from_the_first_file(con, landing, write, fetch):
    write("1_wire.json", json.dumps({"text": KHIVA, "outlet": "Wire One"}))
    write("2_copy.txt", KHIVA.replace("Khiva to", "Khiva   to"))  # same text once cleaned
    write("3_dupes.jsonl", "\n".join(json.dumps({"text": t}) for t in [TERMEZ, TERMEZ]))
    summary = land_folder(con, landing, "load-1")

    rows = fetch("SELECT source_file, source_record, outlet FROM raw.articles ORDER BY source_file")
    assert rows == [{"source_file": "1_wire.json", "source_record": None, "outlet": "Wire One"},
                    {"source_file": "3_dupes.jsonl", "source_record": "line 1", "outlet": None}]
    assert summary.articles_landed == 2 and summary.duplicates == 2
    assert summary.files_landed == 2 and summary.files_duplicate == 1


def test_duplicates_across_write_chunks_are_counted_once(con, landing, write, fetch, monkeypatch):
    monkeypatch.setattr("diplomacy.landing.land.CHUNK_RECORDS", 1)  # flush after every file
    write("a.txt", KHIVA)
    write("b.txt", KHIVA)
    write("c.txt", TERMEZ)
    summary = land_folder(con, landing, "load-1")

    assert summary.articles_landed == 2 and summary.duplicates == 1
    assert (summary.files_landed, summary.files_duplicate) == (2, 1)
    assert len(fetch("SELECT * FROM raw.articles")) == 2


def test_changed_bad_file_is_recorded_again(con, landing, write, fetch):
    path = write("bad.pdf", b"%PDF first version")
    land_folder(con, landing, "load-1")
    path.write_bytes(b"%PDF second version")
    land_folder(con, landing, "load-2")
    rows = fetch("SELECT original_bytes, load_id FROM raw.rejected_inputs ORDER BY load_id")
    assert [r["original_bytes"] for r in rows] == [b"%PDF first version", b"%PDF second version"]


def test_every_file_a_text_was_seen_in_is_kept_as_its_source(con, landing, write, fetch):
    write("1_wire.json", json.dumps({"text": KHIVA, "outlet": "Wire One"}))
    write("2_copy.txt", KHIVA)
    land_folder(con, landing, "load-1")
    land_folder(con, landing, "load-2")  # landing again records no new source

    sources = fetch("SELECT article_id, source_file FROM raw.article_sources ORDER BY source_file")
    assert [s["source_file"] for s in sources] == ["1_wire.json", "2_copy.txt"]
    assert sources[0]["article_id"] == sources[1]["article_id"]
