"""Land a folder into raw.articles / raw.rejected_inputs / raw.loads.

One row per distinct text: the content hash decides, so the same article in two
files, or landed twice, is stored once. Every file seen ends up landed, rejected
or recognised as a duplicate; the counts are checked before the load commits.

A landing folder keeps what was dropped into it, so each load walks every file
again. A file whose bytes were landed before from the same path (raw.landed_files,
written in the load's transaction) is not parsed again: its counts are replayed,
so a load costs what is new in the folder, not what the folder holds."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from diplomacy.landing.discover import LandingFile, discover
from diplomacy.landing.parallel import read_files
from diplomacy.landing.readers import Item, read_file, source_format
from diplomacy.landing.records import ArticleRecord, Rejection
from diplomacy.landing.store import insert_new_articles, insert_new_rejections, insert_new_sources, record_load

log = logging.getLogger(__name__)

# Write in chunks so memory stays bounded however big the landing folder is.
CHUNK_RECORDS = 10_000
CHUNK_BYTES = 64 * 1024 * 1024
# The summary travels (e.g. as an Airflow XCom); the full list is in raw.rejected_inputs.
MAX_LISTED_REASONS = 200


@dataclass
class LandingSummary:
    load_id: str
    landing_dir: str
    files_seen: int = 0
    records_seen: int = 0          # = articles_landed + duplicates + rejected
    articles_landed: int = 0
    duplicates: int = 0            # text already in raw.articles or repeated in this load
    rejected: int = 0              # rejections in this load, recorded now or in an earlier load
    rejections_recorded: int = 0   # new raw.rejected_inputs rows
    files_landed: int = 0          # files with at least one new article
    files_rejected: int = 0        # no new article, at least one rejection
    files_duplicate: int = 0       # every record already known
    files_by_format: dict[str, int] = field(default_factory=dict)
    articles_by_format: dict[str, int] = field(default_factory=dict)
    rejection_reasons: list[str] = field(default_factory=list)  # "file [record]: reason"


LEDGER_DDL = """
    CREATE TABLE IF NOT EXISTS raw.landed_files (
        source_file     VARCHAR NOT NULL,
        content_sha256  VARCHAR NOT NULL,
        source_format   VARCHAR NOT NULL,
        load_id         VARCHAR NOT NULL,
        n_records       INTEGER NOT NULL,
        n_landed        INTEGER NOT NULL,
        n_duplicates    INTEGER NOT NULL,
        n_rejected      INTEGER NOT NULL,
        landed_at       TIMESTAMP NOT NULL
    )
"""


@dataclass(frozen=True)
class _LedgerEntry:
    load_id: str
    n_records: int
    n_landed: int
    n_duplicates: int
    n_rejected: int


def _ledger(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], _LedgerEntry]:
    con.execute(LEDGER_DDL)
    return {(path, digest): _LedgerEntry(*rest) for path, digest, *rest in con.execute(
        "SELECT source_file, content_sha256, load_id, n_records, n_landed, n_duplicates, n_rejected "
        "FROM raw.landed_files").fetchall()}


def land_folder(con: duckdb.DuckDBPyConnection, landing_dir: Path | str, load_id: str,
                max_file_bytes: int | None = None, workers: int | None = None) -> LandingSummary:
    """Land every file below landing_dir in one transaction. Idempotent: the same
    folder landed again adds no article and no rejection; the raw.loads row of
    load_id is replaced. A big load is read by `workers` processes (default: one
    per core, see landing.parallel); the rows are the same either way."""
    started_at = _utc_now()
    root = Path(landing_dir).resolve()
    summary = LandingSummary(load_id=load_id, landing_dir=str(root))
    con.begin()
    try:
        writer = _ChunkWriter(con, summary, load_id, started_at, _ledger(con))
        for found, items in read_files(discover(root, max_file_bytes), writer.must_read, workers):
            writer.add_file(found, items)
            if writer.is_full():
                writer.flush()
        writer.flush()
        _check_nothing_lost(summary)
        record_load(
            con, load_id=load_id, landing_dir=str(root), started_at=started_at,
            finished_at=_utc_now(), files_seen=summary.files_seen,
            records_seen=summary.records_seen, articles_landed=summary.articles_landed,
            duplicates=summary.duplicates, rejected=summary.rejected,
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    log.info(
        "load %s from %s: %d files, %d records, %d articles landed, %d duplicates, "
        "%d rejected (%d newly recorded)",
        load_id, root, summary.files_seen, summary.records_seen, summary.articles_landed,
        summary.duplicates, summary.rejected, summary.rejections_recorded,
    )
    return summary


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class _FileTally:
    landed: int = 0
    duplicates: int = 0
    rejected: int = 0
    digest: str | None = None      # sha256 of the file's bytes, for the ledger
    replayed: bool = False         # counts taken from the ledger, not parsed again


class _ChunkWriter:
    """Buffers whole files' records and writes them in chunks. Texts repeated within
    the load are caught here; texts landed by earlier loads by the anti-join."""

    def __init__(self, con: duckdb.DuckDBPyConnection, summary: LandingSummary,
                 load_id: str, now: datetime, ledger: Mapping[tuple[str, str], "_LedgerEntry"] | None = None):
        self.con = con
        self.summary = summary
        self.load_id = load_id
        self.now = now
        self.ledger = ledger or {}
        self.hashes: set[str] = set()  # every text of this load: a repeat is a duplicate
        self._digests: dict[str, tuple[LandingFile, str]] = {}  # files asked about, not yet added
        self._start_chunk()

    def _start_chunk(self) -> None:
        self.articles: list[dict] = []
        self.sources: list[dict] = []
        self.rejections: list[dict] = []
        self.files: dict[str, _FileTally] = {}
        self.bytes = 0

    def is_full(self) -> bool:
        return len(self.articles) + len(self.rejections) >= CHUNK_RECORDS or self.bytes >= CHUNK_BYTES

    def must_read(self, found: LandingFile) -> bool:
        """False for a refused file and for one the ledger knows (its counts are replayed)."""
        return found.rejection is None and self._ledger_entry(found) is None

    def _ledger_entry(self, found: LandingFile) -> _LedgerEntry | None:
        if found.content is None:
            return None
        return self.ledger.get((found.relative_path, self._file_digest(found)))

    def _file_digest(self, found: LandingFile) -> str:
        """sha256 of the file's bytes, computed once: must_read asks before add_file."""
        known = self._digests.get(found.relative_path)
        if known is None or known[0] is not found:
            known = self._digests[found.relative_path] = (found, hashlib.sha256(found.content).hexdigest())
        return known[1]

    def add_file(self, found: LandingFile, items: list[Item] | None = None) -> None:
        """`items`: the file read already (landing.parallel), or None to read it here."""
        path = found.relative_path
        file_format = source_format(path)
        self.summary.files_seen += 1
        _increment(self.summary.files_by_format, file_format)
        tally = self.files[path] = _FileTally()
        if found.content is not None:
            tally.digest = self._file_digest(found)
            entry = self._ledger_entry(found)
            del self._digests[path]
            if entry is not None:
                self._replay(path, file_format, entry, tally)
                return
        if found.rejection:
            items = [found.rejection]
        elif items is None:
            items = read_file(path, found.content)
        for item in items:
            self.summary.records_seen += 1
            if isinstance(item, Rejection):
                self._add_rejection(path, item, tally)
            else:
                self._add_article(path, file_format, item, tally)

    def _replay(self, path: str, file_format: str, entry: _LedgerEntry, tally: _FileTally) -> None:
        """The same bytes from the same path were landed by a committed load: count
        what parsing them again would count, without parsing them. Their articles are
        this load's when it is that load again (a retry), else duplicates."""
        tally.replayed = True
        self.summary.records_seen += entry.n_records
        if entry.load_id == self.load_id:
            tally.landed, tally.duplicates = entry.n_landed, entry.n_duplicates
            self.summary.articles_landed += entry.n_landed
            if entry.n_landed:
                self.summary.articles_by_format[file_format] = (
                    self.summary.articles_by_format.get(file_format, 0) + entry.n_landed)
        else:
            tally.duplicates = entry.n_landed + entry.n_duplicates
        self.summary.duplicates += tally.duplicates
        tally.rejected = entry.n_rejected
        self.summary.rejected += entry.n_rejected
        if entry.n_rejected and len(self.summary.rejection_reasons) < MAX_LISTED_REASONS:
            for record, reason in self.con.execute(
                    "SELECT source_record, reason FROM raw.rejected_inputs WHERE source_file = ? "
                    "ORDER BY rejected_at, source_record LIMIT ?", [path, entry.n_rejected]).fetchall():
                if len(self.summary.rejection_reasons) < MAX_LISTED_REASONS:
                    where = f"{path} [{record}]" if record else path
                    self.summary.rejection_reasons.append(f"{where}: {reason}")

    def _add_article(self, path: str, file_format: str, record: ArticleRecord, tally: _FileTally) -> None:
        digest = content_hash(record.text)
        self.sources.append({
            "article_id": digest[:16], "source_file": path, "source_record": record.source_record,
            "source_format": file_format, "load_id": self.load_id, "seen_at": self.now,
        })
        if digest in self.hashes:
            tally.duplicates += 1
            self.summary.duplicates += 1
            return
        self.hashes.add(digest)
        self.bytes += len(record.text)
        self.articles.append({
            "article_id": digest[:16], "content_hash": digest, "text": record.text,
            "title": record.title, "url": record.url, "outlet": record.outlet,
            "published_raw": record.published_raw, "published_at": record.published_at,
            "language": record.language, "source_file": path, "source_record": record.source_record,
            "source_format": file_format, "n_chars": len(record.text),
            "load_id": self.load_id, "landed_at": self.now,
        })

    def _add_rejection(self, path: str, rejection: Rejection, tally: _FileTally) -> None:
        tally.rejected += 1
        self.summary.rejected += 1
        where = f"{path} [{rejection.source_record}]" if rejection.source_record else path
        log.warning("rejected %s: %s", where, rejection.reason)
        if len(self.summary.rejection_reasons) < MAX_LISTED_REASONS:
            self.summary.rejection_reasons.append(f"{where}: {rejection.reason}")
        self.bytes += len(rejection.original_bytes or b"")
        self.rejections.append({
            "source_file": path, "source_record": rejection.source_record,
            "reason": rejection.reason, "size_bytes": rejection.size,
            "original_bytes": rejection.original_bytes, "load_id": self.load_id,
            "rejected_at": self.now,
        })

    def flush(self) -> None:
        landed = insert_new_articles(self.con, self.articles, self.load_id)
        insert_new_sources(self.con, self.sources)
        for row in self.articles:
            tally = self.files[row["source_file"]]
            if row["content_hash"] in landed:
                tally.landed += 1
                self.summary.articles_landed += 1
                _increment(self.summary.articles_by_format, row["source_format"])
            else:
                tally.duplicates += 1
                self.summary.duplicates += 1
        self.summary.rejections_recorded += insert_new_rejections(self.con, self.rejections)
        for path, tally in self.files.items():
            self._count_file_outcome(path, tally)
        self._record_files()
        self._start_chunk()

    def _record_files(self) -> None:
        """Ledger rows for the files parsed in this chunk (replayed ones have theirs)."""
        rows = [(path, tally.digest, source_format(path), self.load_id,
                 tally.landed + tally.duplicates + tally.rejected, tally.landed, tally.duplicates, tally.rejected,
                 self.now)
                for path, tally in self.files.items() if tally.digest and not tally.replayed]
        if not rows:
            return
        self._delete_many(rows)  # a retried load replaces its own rows
        frame = pd.DataFrame(rows, columns=["source_file", "content_sha256", "source_format", "load_id", "n_records",
                                            "n_landed", "n_duplicates", "n_rejected", "landed_at"])
        self.con.register("landed_files_batch", frame)
        try:
            self.con.execute("INSERT INTO raw.landed_files SELECT * FROM landed_files_batch")
        finally:
            self.con.unregister("landed_files_batch")

    def _delete_many(self, rows: list[tuple]) -> None:
        keys = pd.DataFrame([(r[0], r[1]) for r in rows], columns=["source_file", "content_sha256"])
        self.con.register("landed_files_keys", keys)
        try:
            self.con.execute("""DELETE FROM raw.landed_files f USING landed_files_keys k
                                WHERE f.source_file = k.source_file AND f.content_sha256 = k.content_sha256""")
        finally:
            self.con.unregister("landed_files_keys")

    def _count_file_outcome(self, path: str, tally: _FileTally) -> None:
        if tally.landed:
            self.summary.files_landed += 1
        elif tally.rejected:
            self.summary.files_rejected += 1
        elif tally.duplicates:
            self.summary.files_duplicate += 1
        else:
            raise RuntimeError(f"landing lost {path}: no article, duplicate or rejection")


def _increment(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _check_nothing_lost(summary: LandingSummary) -> None:
    """Refuse to commit a load whose books do not balance."""
    files = summary.files_landed + summary.files_rejected + summary.files_duplicate
    records = summary.articles_landed + summary.duplicates + summary.rejected
    if files != summary.files_seen or records != summary.records_seen:
        raise RuntimeError(
            f"landing lost input: {summary.files_seen} files seen, {files} accounted for; "
            f"{summary.records_seen} records seen, {records} accounted for"
        )
