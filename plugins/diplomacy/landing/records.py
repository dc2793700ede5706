"""What a reader hands back: articles it could read, rejections it could not."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ArticleRecord:
    text: str                            # cleaned text, paragraph breaks kept
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published_raw: str | None = None     # as found in the source
    published_at: datetime | None = None  # naive UTC
    language: str | None = None          # ISO 639-1
    source_record: str | None = None     # where in the file, e.g. "line 3"; None for whole files


@dataclass(frozen=True)
class Rejection:
    source_record: str | None
    reason: str
    original_bytes: bytes | None
    # Size of the input the reason refers to, when only a sample of it is kept.
    size_bytes: int | None = None

    @property
    def size(self) -> int | None:
        if self.size_bytes is not None:
            return self.size_bytes
        return None if self.original_bytes is None else len(self.original_bytes)


class Unreadable(Exception):
    """Raised while reading an input; becomes a Rejection with this message as reason."""
