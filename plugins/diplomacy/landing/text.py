"""Bytes to clean article text: decoding, binary detection, cleaning, language.

Every reader funnels its text through here, so an article gets the same
content hash whichever format it arrived in."""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

import charset_normalizer
import ftfy
import py3langid

from diplomacy.landing.records import Unreadable

# charset_normalizer's "mess" ratio above which a guessed decoding is not trusted.
MAX_DECODING_CHAOS = 0.2
# Share of control characters above which a text is binary, not an article.
MAX_CONTROL_SHARE = 0.1
# Language detection costs time linear in its sample (≈1 ms per 1,000 chars, most of
# landing): 400 chars from the middle agreed with 1,000 on 1,029 of 1,029 firehose records.
LANGUAGE_SAMPLE_CHARS = 400

# C0 controls and DEL, except tab, newline, form feed and carriage return.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every character `\s` matches except "\n", spelt out: a class without a category
# lets `re` scan for it at C speed (tests/landing check it against every code point).
_SPACE_BUT_NEWLINE = "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Runs of spaces, tabs, NBSP...: matching only what must change keeps this fast.
_HORIZONTAL_SPACE = re.compile(f"[{_SPACE_BUT_NEWLINE}]{{2,}}|[{_SPACE_BUT_NEWLINE.replace(' ', '')}]")
# Without one of these or a double space it has nothing to replace; this is a fast test
# where the pattern above stops at every single space of the text.
_ODD_SPACE = re.compile(f"[{_SPACE_BUT_NEWLINE.replace(' ', '')}]")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")


def refuse_binary_bytes(data: bytes) -> None:
    """NUL bytes mean binary, unless the text is UTF-16 (which is full of them)."""
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unreadable("binary content")


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM stripped) or UTF-16 with a BOM; otherwise a confident guess."""
    refuse_binary_bytes(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("not valid text (encoding)") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > MAX_DECODING_CHAOS:
        raise Unreadable("not valid text (encoding)")
    return str(best)


def clean_text(text: str) -> str:
    """Repair mojibake and tidy whitespace inside lines, keeping paragraph breaks
    (the extractor splits on them). Raises Unreadable for binary or empty text."""
    if "\x00" in text:
        raise Unreadable("binary content")
    if _CONTROL_CHARS.search(text):
        n_control = len(text) - len(_CONTROL_CHARS.sub("", text))
        if n_control > MAX_CONTROL_SHARE * len(text):
            raise Unreadable("binary content")
    text = fix_text(text)  # also turns \r\n, \r and U+2028 into \n
    if "  " in text or _ODD_SPACE.search(text):
        text = _HORIZONTAL_SPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    if "\n\n\n" in text:  # a substring test is ≈30× faster than the regex finding nothing
        text = _BLANK_LINE_RUNS.sub("\n\n", text)
    text = text.strip()
    if not text:
        raise Unreadable("empty text")
    return text


# A line ftfy leaves exactly as it is: printable ASCII (no "&" to unescape, no
# escape or control characters, no "\r"), tabs and the line's own "\n".
_UNTOUCHED_BY_FTFY = re.compile(r"[\t\x20-\x25\x27-\x7e]*\n?")
_UNTOUCHED_BY_FTFY_WHOLE = re.compile(r"[\t\n\x20-\x25\x27-\x7e]*")


def fix_text(text: str) -> str:
    """ftfy.fix_text, segment for segment, skipping the segments it provably leaves
    unchanged. ftfy fixes each line on its own (its "auto" HTML unescaping turns off
    for the rest of the text at the first line holding a "<", tracked here the same
    way); most lines of English news are plain ASCII, and calling ftfy on them costs
    most of landing's time (BENCHMARKS.md)."""
    if _UNTOUCHED_BY_FTFY_WHOLE.fullmatch(text):
        return text  # every segment would be left as it is
    config = ftfy.TextFixerConfig(explain=False)
    out, pos = [], 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        if end - pos > config.max_decode_length:
            end = pos + config.max_decode_length
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        out.append(segment if _UNTOUCHED_BY_FTFY.fullmatch(segment) else ftfy.fix_and_explain(segment, config)[0])
        pos = end
    return "".join(out)


def clean_field(value: object) -> str | None:
    """A metadata value (title, outlet, ...) as one tidy line, or None."""
    if not isinstance(value, str):
        return None
    value = " ".join(fix_text(value).split())
    return value or None


def guess_headline(text: str) -> str | None:
    """The first line, if it reads like a headline above a body: short, capitalised,
    not ending like a sentence, not a menu, and followed by more text."""
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return None
    words = first.split()
    if not 2 <= len(words) <= 20 or len(first) > 150:
        return None
    if not (first[0].isupper() or first[0].isdigit()) or first[-1] in ".,;:":
        return None
    if first.count("|") >= 2:  # a scraped site menu, "Home | News | Sport"
        return None
    return first


def detect_language(text: str) -> str:
    """Sample the middle of the text: scraped pages carry site furniture, often in
    another language, at the top and bottom."""
    start = max(0, (len(text) - LANGUAGE_SAMPLE_CHARS) // 2)
    language, _score = py3langid.classify(text[start:start + LANGUAGE_SAMPLE_CHARS])
    return language


def normalise_language(declared: object) -> str | None:
    """'en', 'EN', 'en-US', 'en_GB' -> 'en'; anything else -> None."""
    if not isinstance(declared, str):
        return None
    code = re.split(r"[-_]", declared.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


_SKIPPED_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "svg"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}


class _TextCollector(HTMLParser):
    """Keeps text, drops scripts and styles, breaks lines at block elements.
    Only character references are resolved: nothing is fetched or executed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:  # in HTML a raw newline is just a space
            self.parts.append(_ANY_SPACE.sub(" ", data))


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed item), one line per block."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = _HORIZONTAL_SPACE.sub(" ", "".join(collector.parts))
    return re.sub(r"\n\s*\n+", "\n", text).strip()
