"""landing.text.fix_text skips the lines ftfy would leave unchanged: it must give
exactly what ftfy.fix_text gives, whatever the text."""
from __future__ import annotations

import random

import ftfy
import pytest

from diplomacy.landing.text import fix_text

CASES = [
    "",
    "plain ascii line\nand another\n",
    "no newline at the end",
    "Kazakhstans President said \u2018hello\u2019 \u2013 twice\n\nNext paragraph.",
    "mojibake: Kazakhstan\u00e2\u20ac\u2122s president\nplain line after it\n",
    "Tom &amp; Jerry &lt;3\nplain\n",
    "<b>bold</b> &amp; then\nan entity on a later line: &amp;\n",
    "first line &amp; entity\n<p>html later</p>\nafter: &eacute;\n",
    "windows\r\nline breaks\r\n",
    "old mac\rline breaks\r",
    "control \x07 bell and \x1b[31mred\x1b[0m escapes\n",
    "tab\tseparated\tvalues\n",
    "line separator\u2028inside\n",
    "fullwidth \uff21\uff22\uff23 and ligature \ufb01ne\n",
    "\u00c3\u00a9t\u00c3\u00a9 and caf\u00c3\u00a9\n" * 3,
    "\n\n\n",
    "a" * 50 + "\n" + "b & c\n",
]


@pytest.mark.parametrize("text", CASES)
def test_same_as_ftfy(text):
    assert fix_text(text) == ftfy.fix_text(text)


def test_same_as_ftfy_on_random_mixtures():
    pieces = ["The summit", " &amp; ", "<br>", "\u2019", "\u00e2\u20ac\u2122", "\r\n", "\n", "\t", " plain words ",
              "\x1b[0m", "&lt;", "caf\u00e9", "\u00c3\u00a9", "\x07", "Astana", "\u2028", "<", ">", "&"]
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert fix_text(text) == ftfy.fix_text(text), repr(text)



def test_horizontal_space_is_every_space_but_the_newline():
    import re
    import sys

    from diplomacy.landing.text import _HORIZONTAL_SPACE

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))} - {"\n"}
    single = {chr(c) for c in range(sys.maxunicode + 1) if _HORIZONTAL_SPACE.fullmatch(chr(c))}
    assert single == spaces - {" "}  # a lone space stays; any other space is replaced
    assert all(_HORIZONTAL_SPACE.fullmatch(c + " ") for c in spaces)  # runs of any of them too


def test_texts_skipped_by_the_space_pre_check_have_no_space_to_tidy():
    from diplomacy.landing.text import _HORIZONTAL_SPACE, _ODD_SPACE

    for code in range(0x3001):
        for text in (f"Astana{chr(code)}summit", f"Astana {chr(code)}summit", f"Astana{chr(code)} summit"):
            if "  " not in text and not _ODD_SPACE.search(text):
                assert not _HORIZONTAL_SPACE.search(text), repr(text)
