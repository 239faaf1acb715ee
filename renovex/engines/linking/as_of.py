"""The as-of date of a cumulative figure: the nearest cut-off date before it that no
"since", range or plan period has reset.
"""
from __future__ import annotations

import bisect
from datetime import date

from .article import _Article, _Figure
from .rules import Mention


# frames that end the cut-off date in force: "Since 2019, ..." after "By the end of June, ..."
_CUT_OFF_RESETS = ("since", "range", "fyp", "window")


def _in_sentence(cut_offs: list[Mention], own: tuple[int, int] | None, own_end: int | None) -> date | None:
    """Of the cut-off dates of a figure's sentence (at least one): with ``own`` (the figure's
    own clause) one of that clause, else one before it unless the clause names a period that
    ended before the cut-off's year (``own_end``), never one of a later clause; without it the first."""
    before = None
    for t in cut_offs:
        if own is None or own[0] <= t.start < own[1]:
            return t.value.as_of
        if t.start < own[0] and before is None:
            before = t.value.as_of
    return None if before is None or own_end is not None and own_end < before.year else before


def _right_after(article: _Article, figure: _Figure, cut_offs: list[Mention]) -> Mention | None:
    """A cut-off right after the figure, nothing but spaces between: its own ("rose from 61
    percent at the end of 2020 to 74 percent at the end of last year")."""
    end = figure.mention.end
    return next((t for t in cut_offs if end <= t.start <= end + 4 and not article.text[end:t.start].strip()), None)


def _as_of(article: _Article, figure: _Figure, times: list[Mention], own: tuple[int, int] | None = None,
           own_end: int | None = None) -> date | None:
    """The cut-off date of an outcome: its sentence's (see :func:`_in_sentence`), else the
    paragraph's last one before it (unless a period in between resets it). ``times``: those of
    the paragraph so far."""
    s_start, s_end = article.sentences[figure.sentence]
    p_start = article.paragraph_starts[figure.paragraph]
    in_sentence = [t for t in times if s_start <= t.start < s_end and getattr(t.value, "as_of", None)]
    right_after = _right_after(article, figure, in_sentence)
    if right_after is not None:
        return right_after.value.as_of
    if in_sentence:
        return _in_sentence(in_sentence, own, own_end)
    for t in reversed([t for t in times if p_start <= t.start < s_start]):
        if getattr(t.value, "as_of", None):
            return t.value.as_of
        if t.value.type in _CUT_OFF_RESETS:
            return None
    return None


class _CutOffs:
    """:func:`_as_of` for every figure of an article, from the cut-off in force after each time
    expression of its paragraph, found once (a scan back through the paragraph per figure was
    quadratic in a long paragraph). ``times``: the article's, in text order."""

    def __init__(self, article: _Article, times: list[Mention]):
        self.article, self.times = article, times
        self.starts = [t.start for t in times]
        self.in_force: list[date | None] = []
        current, paragraph = None, -1
        for t in times:
            if (index := article.paragraph_of(t.start)) != paragraph:
                current, paragraph = None, index
            if getattr(t.value, "as_of", None):
                current = t.value.as_of
            elif t.value.type in _CUT_OFF_RESETS:
                current = None
            self.in_force.append(current)

    def of(self, figure: _Figure, own: tuple[int, int] | None = None, own_end: int | None = None) -> date | None:
        """:func:`_as_of` of the figure (``own``, ``own_end``: its own clause and the last year
        of the periods that clause names)."""
        article = self.article
        s_start, s_end = article.sentences[figure.sentence]
        lo, hi = bisect.bisect_left(self.starts, s_start), bisect.bisect_left(self.starts, s_end)
        in_sentence = [t for t in self.times[lo:hi] if getattr(t.value, "as_of", None)]
        right_after = _right_after(article, figure, in_sentence)
        if right_after is not None:
            return right_after.value.as_of
        if in_sentence:
            return _in_sentence(in_sentence, own, own_end)
        before = lo - 1
        if before >= 0 and self.starts[before] >= article.paragraph_starts[figure.paragraph]:
            return self.in_force[before]
        return None
