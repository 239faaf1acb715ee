"""The folded text the time engine reads: one byte per character (offsets hold), lower-case ASCII
with plain dashes and quotes, and the word-start helpers.
"""
from __future__ import annotations

import re
from functools import lru_cache


DASH = r"[\-~]"  # after _prepare every Unicode dash is "-"


QUOTE = "[\"']"  # ... and every curly quote is straight


YEND = r"(?![a-z0-9_%]|[.,]\d)"  # a year ends here: not "1990s", "2022.5", "2,0221"


# One-for-one replacements that keep offsets, applied only to non-ASCII texts.
_UNICODE_FOLD = {
    **{ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{ch: "'" for ch in "\u2018\u2019\u201a\u201b\u2032"},
    **{ch: '"' for ch in "\u201c\u201d\u201e\u201f\u2033"},
    **{ch: " " for ch in "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"},
    "\uff5e": "~", "\uff1a": ":", "\uff0c": ",", "\uff08": "(", "\uff09": ")",
}


# Bytes tables: lower-case ASCII, every whitespace a space; and a second one that keeps
# only letters and digits (word starts are found in it with rfind).
_LOWER = bytes(
    (c + 32 if 65 <= c <= 90 else 32 if c in (9, 10, 11, 12, 13, 28, 29, 30, 31, 133, 160) else c) for c in range(256))


_WORDS = bytes((c if 97 <= c <= 122 or 48 <= c <= 57 else 32) for c in range(256))


def _prepare(text: str) -> bytes:
    """One byte per character (so offsets hold): lower-case ASCII with plain dashes,
    quotes and spaces; characters outside Latin-1 become "?"."""
    if not text.isascii():
        for ch, plain in _UNICODE_FOLD.items():
            if ch in text:
                text = text.replace(ch, plain)
    return text.encode("latin-1", "replace").translate(_LOWER)


def _norm(phrase: str | bytes | None) -> str:
    if not phrase:
        return ""
    if isinstance(phrase, bytes):
        return _norm_bytes(phrase)
    return " ".join(phrase.lower().split())


@lru_cache(maxsize=4096)
def _norm_bytes(phrase: bytes) -> str:
    # handlers normalise the same few group texts ("by", "the end") over and over
    return " ".join(phrase.decode("latin-1").lower().split())


def _alt(phrases) -> str:
    """Regex alternation of phrases, longest first; a space matches any whitespace."""
    items = sorted({_norm(p) for p in phrases if p}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items) + ")"


def _word_starts(words: bytes, lo: int, pos: int) -> list[int]:
    """Starts of the words that begin in ``[lo, pos]``, farthest first."""
    out: list[int] = []
    at = lo
    # split() of the short window is quicker than finding each space: a word starts where
    # a non-empty piece does, except at ``lo`` when a word runs across it
    for piece in words[lo:pos + 1].split(b" "):
        if piece:
            out.append(at)
        at += len(piece) + 1
    if out and out[0] == lo and lo > 0 and words[lo - 1] != 32:
        del out[0]
    return out


_PREFIX = 3  # bytes of a family's start looked at before its regex is tried


_WORD_START_BYTES = tuple(b"abcdefghijklmnopqrstuvwxyz0123456789")  # in the folded text
