"""Walk a landing folder and read its files safely.

The folder holds whatever people and scrapers dropped there, so: never follow a
symlink (file or directory), never leave the folder, never open anything but a
regular file, and bound both file size and decompressed size. Hidden entries
(editor and system files) are skipped; every other entry is yielded, either
with its bytes or with the reason it was refused, so nothing is silently lost."""
from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from diplomacy.landing.records import Rejection

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILE_BYTES_ENV = "DIPLOMACY_MAX_FILE_BYTES"
# What is kept of an oversized file, so a human can see what it was.
OVERSIZED_SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class LandingFile:
    relative_path: str               # POSIX path relative to the landing folder
    content: bytes | None            # decompressed bytes; None when refused
    rejection: Rejection | None = None


def max_file_bytes() -> int:
    """The size bound, read from the environment at call time."""
    value = os.environ.get(MAX_FILE_BYTES_ENV)
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    limit = int(value)
    if limit <= 0:
        raise ValueError(f"{MAX_FILE_BYTES_ENV} must be positive, got {value!r}")
    return limit


def discover(landing_dir: Path | str, max_bytes: int | None = None) -> Iterator[LandingFile]:
    """Yield every non-hidden entry below landing_dir, in sorted relative-path order."""
    root = Path(landing_dir).resolve(strict=True)
    limit = max_bytes or max_file_bytes()
    for relative, problem in _list_entries(root):
        if problem:
            yield LandingFile(str(relative), None, Rejection(None, problem, None))
        else:
            yield _read_entry(root, relative, limit)


def _list_entries(root: Path) -> list[tuple[PurePosixPath, str | None]]:
    """Entries to look at, each with a problem already known (or None)."""
    found: list[tuple[PurePosixPath, str | None]] = []
    pending = [PurePosixPath()]
    while pending:
        directory = pending.pop()
        if not (root / directory).resolve().is_relative_to(root):  # swapped for a symlink
            found.append((directory, "path outside the landing folder"))
            continue
        try:
            with os.scandir(root / directory) as entries:
                listed = list(entries)
        except OSError as err:
            if directory == PurePosixPath():
                raise  # the landing folder itself: the whole load cannot run
            found.append((directory, f"unreadable directory: {err.strerror}"))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if not _is_utf8(entry.name):
                # The warehouse stores names as UTF-8 text: record an escaped name, read nothing.
                found.append((directory / _escaped(entry.name), "file name is not valid UTF-8"))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(directory / entry.name)
            else:  # regular files, symlinks, and oddities that _read_entry refuses
                found.append((directory / entry.name, None))
    return sorted(found, key=lambda item: str(item[0]))


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir maps undecodable bytes to lone surrogates
        return False
    return True


def _escaped(name: str) -> str:
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def _read_entry(root: Path, relative: PurePosixPath, limit: int) -> LandingFile:
    path = str(relative)
    try:
        mode = os.lstat(root / relative).st_mode
    except OSError as err:
        return _refusal(path, f"cannot read file: {err.strerror}")
    if stat.S_ISLNK(mode):
        return _refusal(path, "symlink not followed")
    if not stat.S_ISREG(mode):
        return _refusal(path, "not a regular file")
    if not (root / relative).resolve().is_relative_to(root):
        return _refusal(path, "path outside the landing folder")
    try:
        data = _read_bounded(root, relative, limit)
    except _Refused as refused:
        return LandingFile(path, None, refused.rejection)
    except OSError as err:
        return _refusal(path, f"cannot read file: {err.strerror}")
    if relative.suffix.lower() == ".gz":
        try:
            data = _gunzip_bounded(data, limit)
        except _Refused as refused:
            return LandingFile(path, None, refused.rejection)
    return LandingFile(path, data)


class _Refused(Exception):
    def __init__(self, rejection: Rejection):
        super().__init__(rejection.reason)
        self.rejection = rejection


def _refusal(path: str, reason: str) -> LandingFile:
    return LandingFile(path, None, Rejection(None, reason, None))


def _read_bounded(root: Path, relative: PurePosixPath, limit: int) -> bytes:
    fd = _open_without_following(root, relative)
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):  # swapped since lstat
            raise _Refused(Rejection(None, "not a regular file", None))
        size = status.st_size
        if size > limit:
            sample = file.read(OVERSIZED_SAMPLE_BYTES)
            raise _Refused(_too_large(size, limit, sample))
        data = file.read(limit + 1)
        if len(data) > limit:  # grew while we were reading
            raise _Refused(_too_large(len(data), limit, data[:OVERSIZED_SAMPLE_BYTES]))
        return data


def _too_large(size: int, limit: int, sample: bytes) -> Rejection:
    return Rejection(None, f"file too large: {size} bytes (limit {limit})", sample, size_bytes=size)


def _open_without_following(root: Path, relative: PurePosixPath) -> int:
    """Open root/relative one component at a time with O_NOFOLLOW, so a directory
    swapped for a symlink after the walk still cannot lead outside the folder."""
    directory_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in relative.parts[:-1]:
            child_fd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory_fd)
            os.close(directory_fd)
            directory_fd = child_fd
        # O_NONBLOCK: a FIFO swapped in must not hang the load.
        return os.open(relative.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=directory_fd)
    finally:
        os.close(directory_fd)


def _gunzip_bounded(compressed: bytes, limit: int) -> bytes:
    """Decompress at most limit bytes: a zip bomb is refused, not inflated."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as archive:
            data = archive.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise _Refused(Rejection(None, f"invalid gzip: {err}", compressed)) from None
    if len(data) > limit:
        raise _Refused(Rejection(
            None, f"decompressed size exceeds limit of {limit} bytes (possible zip bomb)", compressed))
    return data
