"""Helpers that turn the pack's word lists into regexes: normalised phrases, alternations,
phrase trees and byte tries.
"""
from __future__ import annotations

import re
from typing import Iterable


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of lower-cased phrases, longest first, inner spaces matching any whitespace.

    Written as a tree of shared beginnings ("t(?:housand|rillion)"): the engine tries one
    branch per first character instead of every phrase, and matches exactly as the flat
    longest-first list would (the phrases that fit at a place are prefixes of each other,
    and the tree still tries the longer first)."""
    parts = sorted({_norm(p) for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not parts:
        return "(?!)"  # an empty list matches nothing (an empty alternation would match everywhere)
    return _phrase_tree([list(p) for p in parts])


def _phrase_tree(phrases: list[list[str]]) -> str:
    """Regex for character lists (a space stands for any whitespace), branches in the order
    of their first phrase."""
    branches: dict[str, list[list[str]]] = {}  # first character ("" for an ended phrase) -> rests
    for chars in phrases:
        branches.setdefault(chars[0] if chars else "", []).append(chars[1:])
    parts = ["" if first == "" else (r"\s+" if first == " " else re.escape(first)) + _phrase_tree(rests)
             for first, rests in branches.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _trie_regex(words: list[bytes]) -> bytes:
    """A regex for any of ``words`` (none a prefix of another), nested by shared first
    characters: the engine then tests a few characters, not every word, at each position."""
    if words == [b""]:
        return b""
    groups: dict[bytes, list[bytes]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(first) + _trie_regex(rest) for first, rest in sorted(groups.items())]
    return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"


def _is_plural(word: str, irregular: set[str]) -> bool:
    # (slices compare faster than endswith(), whose arguments are parsed on each call)
    return word in irregular or (word[-1:] == "s" and word[-2:-1] != "s")
