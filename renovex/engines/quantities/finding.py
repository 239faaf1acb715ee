"""How numbers are found fast (the speed layer): a byte-coded copy of the text in which a number
can only start after a space, scanned by one regex with a literal first character. The plain
reference is ``number_re.search`` over the text (what ``find_quantities`` does for texts with
digits of other scripts); tests/test_quantities_fast_paths.py proves the starts hold every match.
"""
from __future__ import annotations

import re
import string

import numpy

from .wording import _norm, _trie_regex


class _NumberStarts:
    """The number-start finder of :class:`QuantityRules` (its tables are built by ``_compile_starts``)."""

    def _compile_starts(self, simple: list[str]) -> None:
        """Tables for :meth:`number_starts`: a byte map that keeps the characters the number
        regex's lookbehind refuses before a number (ASCII word characters, "," and "."), turns
        digits into "0" and all else into a space, and a regex for a space before "0" or the
        first word of a number word."""
        table = bytearray(b" " * 256)
        for char in string.ascii_letters + string.digits + "_,.":
            table[ord(char)] = ord(char)
        for char in string.digits:
            table[ord(char)] = ord("0")
        self._start_table = bytes(table)
        firsts = {_norm(w).split()[0] for w in simple if w and w.strip()}
        # coded the same way as the text, so that a match of the word implies a match of its code
        coded = {w.encode("latin-1", "replace").translate(self._start_table) for w in firsts} | {b"0"}
        # a word that starts with another ("fourteen", "four") adds nothing to the test
        shortest = sorted(w for w in coded if not any(v != w and w.startswith(v) for v in coded))
        self._start_re = re.compile(b" (?=" + _trie_regex(shortest) + b")")

    def number_starts(self, low: str) -> list[int] | None:
        """Positions of ``low`` where ``number_re`` may match (a superset, in order), or None
        when the text holds digits of other scripts (the caller then searches with the regex).

        Why: the regex engine tries the number pattern at every character (about 50 ns
        each). Coded as bytes, a number can only start after a space (every character that
        may stand before a number is coded as one), and a regex with that literal first
        character is skipped through by the engine at memory speed.
        """
        if not low.isascii():
            # "\d" matches the digits of every script, coded " " here: leave such a text to the regex
            codes = numpy.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            if any(chr(code).isdecimal() for code in set(codes[codes > 0xFF].tolist())):
                return None
        coded = (b" " + low.encode("latin-1", "replace")).translate(self._start_table)
        # a match at index i of ``coded`` is the space before index i of ``low``
        return [match.start() for match in self._start_re.finditer(coded)]
