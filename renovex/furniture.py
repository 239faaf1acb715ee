"""Page furniture: the parts of a web page that are not the article.

Real pages come with navigation menus, photo captions and related-news lists. RECORDS.md:
page furniture never decides a field, and its numbers are not records. This module finds
those parts of a text, line by line, from the shapes the genre gives them
(``renovex/data/furniture.json``); the linker then ignores every place, time and figure in
them. Pure Python: no spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import data_file, read_json


@dataclass(frozen=True)
class FurnitureRules:
    caption: re.Pattern  # a photo caption line: "[Photo/Xinhua]", "Photo by ..."
    line: re.Pattern  # a line that is furniture by itself: breadcrumbs, bylines, weather, share buttons
    related_header: re.Pattern  # "Related News", "Most Read": a list of other stories follows
    menu_max_words: int  # a menu item is a short line in title case without a figure
    menu_min_run: int  # so many such lines in a row are a menu
    block_line_max: int  # a related-news list runs on over lines shorter than this
    caption_max: int  # a caption is a line no longer than this

    @classmethod
    def from_dict(cls, data: dict) -> "FurnitureRules":
        return cls(re.compile(data["caption"], re.IGNORECASE), re.compile(data.get("line", "(?!)"), re.IGNORECASE),
                   re.compile(data["related_header"], re.IGNORECASE),
                   int(data["menu_max_words"]), int(data["menu_min_run"]), int(data["block_line_max"]),
                   int(data["caption_max"]))


@lru_cache(maxsize=1)
def default_rules() -> FurnitureRules:
    return FurnitureRules.from_dict(read_json(data_file("furniture.json")))


_LINE = re.compile(r"[^\n]*")
_MENU_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|&|and|of|the)")
_DIGIT = re.compile(r"\d")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?:[A-Z][a-z]|[\"“])")  # (not before a credit in capitals)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, blank ones included."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.start() < len(text) or not text]


_SEPARATOR = re.compile(r"[>»|/-]+")


def _is_menu_item(line: str, rules: FurnitureRules) -> bool:
    words = [w for w in line.split() if not _SEPARATOR.fullmatch(w)]
    return (0 < len(words) <= rules.menu_max_words and not _DIGIT.search(line)
            and line.rstrip()[-1] not in ".!?,;:" and all(_MENU_WORD.fullmatch(w) for w in words))


def furniture_spans(text: str, rules: FurnitureRules | None = None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are page furniture, in order, not overlapping.

    - a photo caption: a line of its own that credits a photo;
    - a menu: ``menu_min_run`` or more short title-case lines in a row (blank lines between
      them allowed), such as "Home / Latest / Shanghai / Business";
    - a related-news list: a header such as "Related News" and the short lines after it.
    A text that is all caption (a photo story) keeps its captions: they are its article.
    """
    rules = rules or default_rules()
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    captions: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    block = False

    def close_run() -> None:
        if len(run) >= rules.menu_min_run:
            spans.extend(run)
        run.clear()

    for start, end in lines:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        if block:
            if len(stripped) < rules.block_line_max:
                spans.append((start, end))
                continue
            block = False
        if rules.line.search(stripped) and len(stripped) <= rules.caption_max:
            close_run()
            spans.append((start, end))
            continue
        if rules.related_header.fullmatch(stripped):
            close_run()
            spans.append((start, end))
            block = True
            continue
        if _is_menu_item(stripped, rules):
            run.append((start, end))
            continue
        close_run()
        if len(stripped) <= rules.caption_max and (credit := rules.caption.search(stripped)) is not None \
                and not _SENTENCE_BREAK.search(stripped, 0, credit.start()):
            # a caption is one sentence and its credit; a paragraph of several sentences that
            # ends with "(Photo by ...)" is the article's
            captions.append((start, end))
    close_run()
    if captions:
        body = [(s, e) for s, e in lines if text[s:e].strip() and (s, e) not in captions and (s, e) not in spans]
        if any(_DIGIT.search(text[s:e]) for s, e in body):
            spans.extend(captions)  # (a photo story, all caption, keeps them)
    return sorted(spans)
