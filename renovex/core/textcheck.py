"""Cheap checks that an article's text is worth running the pipeline on.

The pipeline is rules for English news: an empty text or one in another language yields
no records, and the user should hear why rather than get silence. The language check uses
no model and reads only the head of the text, with string methods that run in C (it must
cost little next to the pipeline): the share of non-ASCII characters (Chinese, Arabic or
Cyrillic text is mostly non-ASCII; English news has a few curly quotes and dashes) and
the share of words that are English function words (French, Spanish, German or pinyin
text has few).
"""
from __future__ import annotations

from functools import lru_cache

from .resources import data_file

__all__ = ["text_warnings"]

SAMPLE_CHARS = 3_000
"""Only the head of the text is looked at: the check stays cheap on a 5 MB article."""
MIN_CHARS = 20
"""Shorter texts (a headline, a figure) are too short to judge."""
MAX_NON_ASCII_SHARE = 0.5
MIN_WORDS = 30
MIN_FUNCTION_WORD_SHARE = 0.06
"""English news prose has 25-45% function words, a terse English list of figures 8% or more;
German, with "in", "an", "was" and "will" of its own, about 4%; French, Spanish, pinyin 0-3%."""
QUICK_WORDS, QUICK_SHARE = 5, 0.1
"""The first words of the list (the most frequent) give a quick yes for ordinary English prose."""


@lru_cache(maxsize=1)
def _function_words() -> tuple[str, ...]:
    lines = data_file("english_function_words.txt").read_text(encoding="utf-8").splitlines()
    return tuple(dict.fromkeys(word for line in lines if not line.startswith("#") for word in line.split()))


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(_function_words())


def text_warnings(text: str) -> list[str]:
    """Warnings about ``text`` as an article (empty, whitespace only, not English); [] when fine."""
    if not text:
        return ["empty text: no records"]
    if text.isspace():
        return ["text is whitespace only: no records"]
    sample = text[:SAMPLE_CHARS].lower()
    size = len(sample)
    if size - sample.count(" ") < MIN_CHARS:
        return []
    non_ascii = size - len(sample.encode("ascii", "ignore"))
    if non_ascii > MAX_NON_ASCII_SHARE * size:
        return [f"does not look like English: {non_ascii / size:.0%} of its characters are outside the "
                "Latin alphabet; expect few or no records"]
    breaks = sample.count(" ") + sample.count("\n")
    if breaks < MIN_WORDS:
        return []
    padded = f" {sample.replace(chr(10), ' ')} "
    quick = sum(padded.count(f" {word} ") for word in _function_words()[:QUICK_WORDS])
    if quick >= QUICK_SHARE * breaks:
        return []
    words = sample.split()
    share = sum(map(_known().__contains__, words)) / len(words)
    if share < MIN_FUNCTION_WORD_SHARE:
        return [f"does not look like English: {share:.0%} of its words are English function words "
                "(the, of, and ...); expect few or no records"]
    return []
