"""One reader per landing format: bytes in, ArticleRecords and Rejections out.

A reader raises Unreadable when the whole file is bad; it returns a Rejection
for one bad record (a JSON line, a feed item) so the file's good records land.
Nothing here fetches anything: HTML and feeds are parsed from the bytes we hold."""
from __future__ import annotations

import email.utils
import io
import json
import logging
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Callable

import feedparser
import trafilatura
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from diplomacy.landing.records import ArticleRecord, Rejection, Unreadable
from diplomacy.landing.text import (
    clean_field,
    clean_text,
    decode_text,
    detect_language,
    guess_headline,
    html_fragment_to_text,
    normalise_language,
    refuse_binary_bytes,
)

log = logging.getLogger(__name__)

Item = ArticleRecord | Rejection
Reader = Callable[[bytes], list[Item]]


# --- the record every reader builds -------------------------------------------

def make_record(raw_text: str, *, title: object = None, url: object = None, outlet: object = None,
                published: object = None, language: object = None,
                source_record: str | None = None) -> ArticleRecord:
    """Clean the text and metadata; raises Unreadable for binary or empty text.
    A declared language wins over detection (publishers know their language)."""
    text = clean_text(raw_text)
    published_raw = clean_field(published)
    return ArticleRecord(
        text=text,
        title=clean_field(title),
        url=_web_url(url),
        outlet=clean_field(outlet),
        published_raw=published_raw,
        published_at=parse_published(published_raw),
        language=normalise_language(language) or detect_language(text),
        source_record=source_record,
    )


def _web_url(value: object) -> str | None:
    """Only http(s) links are kept: a 'javascript:' URL must never reach a dashboard link."""
    url = clean_field(value)
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


def parse_published(raw: str | None) -> datetime | None:
    """ISO date/datetime or RFC 822 (feeds) -> naive UTC; None when unparseable."""
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            return None
    return parsed


def _record_or_rejection(original: bytes, source_record: str | None, raw_text: object,
                         **metadata: object) -> Item:
    if not isinstance(raw_text, str):
        return Rejection(source_record, "missing or non-string text", original)
    try:
        return make_record(raw_text, source_record=source_record, **metadata)
    except Unreadable as err:
        return Rejection(source_record, str(err), original)


# --- plain text ---------------------------------------------------------------

def read_txt(data: bytes) -> list[Item]:
    """Article body only: the title is the first line when it reads like a headline."""
    record = make_record(decode_text(data))
    return [replace(record, title=guess_headline(record.text))]


# --- JSON and JSON lines ------------------------------------------------------

def _from_object(obj: object, source_record: str | None, original: bytes) -> Item:
    if not isinstance(obj, dict):
        return Rejection(source_record, "not a JSON object", original)
    return _record_or_rejection(
        original, source_record, obj.get("text"),
        title=obj.get("title"), url=obj.get("url"), outlet=obj.get("outlet"),
        published=next((value for k in PUBLISHED_KEYS if (value := clean_field(obj.get(k)))), None),
        language=obj.get("language"),
    )


# The contract's key first; then the names scrapers and news APIs give the same field.
# The first that holds text wins (a number or an object under "published" is not a date we read).
PUBLISHED_KEYS = ("published", "published_at", "publishedAt", "datePublished", "pubDate", "date")


def _parse_json(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as err:  # RecursionError: absurdly deep nesting
        raise Unreadable(f"invalid JSON: {err}") from None


def read_json(data: bytes) -> list[Item]:
    """One object, or an array of objects ("record N", counted from 1)."""
    parsed = _parse_json(decode_text(data))
    if isinstance(parsed, dict):
        return [_from_object(parsed, None, data)]
    if not isinstance(parsed, list):
        raise Unreadable("JSON must be an object or an array of objects")
    return [
        _from_object(obj, f"record {number}", json.dumps(obj, ensure_ascii=False).encode())
        for number, obj in enumerate(parsed, start=1)
    ]


def read_jsonl(data: bytes) -> list[Item]:
    """One object per line ("line N", counted from 1); blank lines are not records.
    Lines are decoded one by one so a single bad line cannot spoil the others."""
    refuse_binary_bytes(data)
    items: list[Item] = []
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if not line.strip():
            continue
        source_record = f"line {number}"
        try:
            parsed = _parse_json(line.decode("utf-8"))
        except UnicodeDecodeError:
            items.append(Rejection(source_record, "not valid text (encoding)", line))
            continue
        except Unreadable as err:
            items.append(Rejection(source_record, str(err), line))
            continue
        items.append(_from_object(parsed, source_record, line))
    return items


# --- HTML pages ---------------------------------------------------------------

def read_html(data: bytes) -> list[Item]:
    """Main text and metadata via trafilatura, given the decoded string (never a URL,
    so nothing is fetched). Dates come from the page's metadata only: a date merely
    mentioned in the text is the extractor's business, with its own provenance."""
    document = trafilatura.bare_extraction(
        decode_text(data),
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise Unreadable("no article text")
    return [make_record(
        document.text, title=document.title, url=document.url,
        outlet=document.sitename or document.hostname, published=document.date,
    )]


# --- RSS and Atom feeds -------------------------------------------------------

def refuse_unsafe_xml(data: bytes) -> None:
    """Refuse entity declarations and external references before any parser that
    might expand them sees the bytes (billion laughs, XXE). Malformed XML is left
    to feedparser, unless it declares entities."""
    try:
        SafeElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise Unreadable(f"unsafe XML: {err}") from None
    except SafeElementTree.ParseError:
        if re.search(rb"<!ENTITY", data, re.IGNORECASE):
            raise Unreadable("unsafe XML: entity declaration in malformed XML") from None


def read_feed(data: bytes) -> list[Item]:
    refuse_binary_bytes(data)
    refuse_unsafe_xml(data)
    # A stream, never bytes or str: feedparser treats those as a URL or a file name to open.
    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        if feed.bozo:
            raise Unreadable(f"broken feed: {feed.get('bozo_exception')}")
        raise Unreadable("feed has no items")
    outlet = feed.feed.get("title")
    language = feed.feed.get("language")
    items = [
        _feed_item(entry, f"item {number}", outlet, language)
        for number, entry in enumerate(feed.entries, start=1)
    ]
    if feed.bozo and not any(isinstance(item, ArticleRecord) for item in items):
        # A truncated feed's half items say less than the whole file: quarantine that.
        raise Unreadable(f"broken feed: {feed.get('bozo_exception')}")
    return items


def _feed_item(entry: dict, source_record: str, outlet: object, language: object) -> Item:
    body = _entry_body(entry)
    original = json.dumps(
        {"title": entry.get("title"), "link": entry.get("link"), "body": body}, ensure_ascii=False
    ).encode()
    published = entry.get("published") or entry.get("updated")
    item = _record_or_rejection(
        original, source_record, body,
        title=entry.get("title"), url=entry.get("link"), outlet=outlet,
        published=published, language=language,
    )
    if isinstance(item, ArticleRecord) and item.published_at is None:
        # feedparser understands more date styles than ISO and RFC 822; its result is UTC.
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            item = replace(item, published_at=datetime(*parsed[:6]))
    return item


def _entry_body(entry: dict) -> str:
    """Full content when the feed carries it, else the summary, as plain text."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        if detail and (detail.get("value") or "").strip():
            value = detail["value"]
            return value if detail.get("type") == "text/plain" else html_fragment_to_text(value)
    return ""


# --- dispatch -----------------------------------------------------------------

READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_txt),
    ".json": ("json", read_json),
    ".jsonl": ("jsonl", read_jsonl),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".rss": ("feed", read_feed),
    ".atom": ("feed", read_feed),
    ".xml": ("feed", read_feed),
}
UNSUPPORTED = "unsupported"


def _reader_for(relative_path: str) -> tuple[str, Reader | None]:
    name = PurePosixPath(relative_path.lower())
    if name.suffix == ".gz":  # discover already decompressed it
        name = name.with_suffix("")
    source_format, reader = READERS.get(name.suffix, (UNSUPPORTED, None))
    return source_format, reader


def source_format(relative_path: str) -> str:
    """'txt', 'json', 'jsonl', 'html', 'feed' or 'unsupported' ('.gz' looked through)."""
    return _reader_for(relative_path)[0]


def read_file(relative_path: str, content: bytes) -> list[Item]:
    """Every file yields at least one item: records, rejections, or one rejection
    for the whole file. A file that yields nothing would be silently lost."""
    _, reader = _reader_for(relative_path)
    if reader is None:
        return [Rejection(None, "unsupported format", content)]
    try:
        items = reader(content)
    except Unreadable as err:
        return [Rejection(None, str(err), content)]
    except Exception as err:  # a parser choking on hostile bytes must not stop the load
        log.exception("reader failed on %s", relative_path)
        return [Rejection(None, f"reader failed: {type(err).__name__}: {err}", content)]
    return items or [Rejection(None, "no records", content)]
