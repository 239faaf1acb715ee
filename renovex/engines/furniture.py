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

from ..core.regex_prefixes import trie_pattern
from ..core.resources import data_file, read_json


@dataclass(frozen=True)
class FurnitureRules:
    caption: re.Pattern  # a photo caption line: "[Photo/Xinhua]", "Photo by ..."
    line: re.Pattern  # a line that is furniture by itself: breadcrumbs, bylines, weather, share buttons
    related_header: re.Pattern  # "Related News", "Most Read": a list of other stories follows
    menu_max_words: int  # a menu item is a short line in title case without a figure
    menu_min_run: int  # so many such lines in a row are a menu
    block_line_max: int  # a related-news list runs on over lines shorter than this
    caption_max: int  # a caption is a line no longer than this
    caption_hints: tuple[str, ...] = ()  # one must be in a line's lower-case text for "caption" to be tried
    line_hints: tuple[str, ...] = ()  # the same for "line"

    @classmethod
    def from_dict(cls, data: dict) -> "FurnitureRules":
        return cls(re.compile(data["caption"], re.IGNORECASE), re.compile(data.get("line", "(?!)"), re.IGNORECASE),
                   re.compile(data["related_header"], re.IGNORECASE),
                   int(data["menu_max_words"]), int(data["menu_min_run"]), int(data["block_line_max"]),
                   int(data["caption_max"]), tuple(data.get("caption_hints", ())), tuple(data.get("line_hints", ())))

    def __post_init__(self) -> None:
        # the hints as one literal alternation each: one search per line instead of one per hint
        # a trie of the hints ("co(?:de:|ntact|pyright)"): one branch per first character, not a
        # try of every hint at every position
        hints = lambda words: re.compile(trie_pattern(words)) if words else None  # noqa: E731
        object.__setattr__(self, "_caption_hint", hints(self.caption_hints))
        object.__setattr__(self, "_line_hint", hints(self.line_hints))

    def may_be_caption(self, low: str) -> bool:
        return self._caption_hint is None or self._caption_hint.search(low) is not None

    def may_be_line(self, low: str) -> bool:
        return self._line_hint is None or self._line_hint.search(low) is not None


@lru_cache(maxsize=1)
def default_rules() -> FurnitureRules:
    return FurnitureRules.from_dict(read_json(data_file("furniture.json")))


_MENU_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|&|and|of|the)")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = frozenset(".!?\"”’")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?:[A-Z][a-z]|[\"“])")  # (not before a credit in capitals)


_SEPARATOR = re.compile(r"[>»|/-]+")


def _is_menu_item(line: str, rules: FurnitureRules) -> bool:
    if len(line) > 15 * rules.menu_max_words or not line[0].isupper():
        return False  # (most lines: too long, or not starting as a menu item does)
    words = [w for w in line.split() if not _SEPARATOR.fullmatch(w)]
    return (0 < len(words) <= rules.menu_max_words and not _DIGIT.search(line)
            and line.rstrip()[-1] not in ".!?,;:" and all(_MENU_WORD.fullmatch(w) for w in words))


# a photographer's name and the agency at the end of a line: "Liu Xiao / China Daily |"
_PHOTOGRAPHER_CREDIT = re.compile(r"(?:^|[.!?]\s+)(?:[A-Z][a-z]+\s){1,3}/\s*[\w .]+\s*[\]|]?$")


def furniture_spans(text: str, rules: FurnitureRules | None = None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are page furniture, in order, not overlapping.

    - a photo caption: a line of its own that credits a photo;
    - a menu: ``menu_min_run`` or more short title-case lines in a row (blank lines between
      them allowed), such as "Home / Latest / Shanghai / Business";
    - a related-news list: a header such as "Related News" and the short lines after it;
    - a furniture line: a breadcrumb, a byline, a weather widget, a share button.
    A text that is all caption (a photo story) keeps its captions: they are its article.
    """
    rules = rules or default_rules()
    spans: list[tuple[int, int]] = []
    captions: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    block = False
    body_has_figure = False  # a figure outside captions and furniture

    def close_run() -> None:
        if len(run) >= rules.menu_min_run:
            spans.extend(run)
        run.clear()

    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        span, start = (start, end), end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) > rules.caption_max:
            # a paragraph of the article (most lines): none of the shapes below is so long
            block = False
            close_run()
            body_has_figure = body_has_figure or _DIGIT.search(stripped) is not None
            continue
        if block:
            if len(stripped) < rules.block_line_max:
                spans.append(span)
                continue
            block = False
        low = stripped.lower()
        if len(stripped) > 80 and stripped[-1] in _SENTENCE_END and not rules.may_be_caption(low) \
                and not rules.may_be_line(low):
            # a sentence of the article on a line of its own (no furniture line ends as one does)
            close_run()
            body_has_figure = body_has_figure or _DIGIT.search(stripped) is not None
            continue
        if rules.may_be_line(low) and rules.line.search(stripped):
            close_run()
            spans.append(span)
            continue
        if rules.related_header.fullmatch(stripped):
            close_run()
            spans.append(span)
            block = True
            continue
        if _is_menu_item(stripped, rules):
            run.append(span)
            continue
        close_run()
        credit = rules.caption.search(stripped) if rules.may_be_caption(low) else None
        if credit is not None and (not _SENTENCE_BREAK.search(stripped, 0, credit.start())
                                   or (credit.end() == len(stripped) and _PHOTOGRAPHER_CREDIT.search(stripped))):
            # a caption is one sentence and its credit; a paragraph of several sentences that
            # ends with "(Photo by ...)" is the article's, unless it ends as only captions do,
            # with the photographer and the agency ("... in 2010. Liu Xiao / China Daily |")
            captions.append(span)
        elif not body_has_figure:
            body_has_figure = _DIGIT.search(stripped) is not None
    close_run()
    if captions and body_has_figure:
        spans.extend(captions)  # (a photo story, all caption, keeps them)
    return sorted(spans)
