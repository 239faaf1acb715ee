"""Issue 16: the linker's indexes that replaced scans back through a paragraph give exactly
what the plain scans give (_Governing = _governing, _CutOffs = _as_of), and long sentences
are cut so that per-figure work stays bounded."""
from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest

from renovex.engines.linking import as_of, periods
from renovex.api import extract

CORPORA = Path(__file__).parent / "corpus"


def _texts() -> list[tuple[str, str | None]]:
    texts = []
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                texts.append((article["text"], article.get("published")))
    # a frame that opens its sentence governs over a later one inside a clause
    texts.append(("From 2019 to 2021, Hefei renovated 300 old communities. The plan will be reviewed again in "
                  "2025. Another 40 elevators were installed.", "2022-01-05"))
    return texts


def _plain_governing(self: periods._Governing, lo: int, hi: int):
    return periods._governing(self.article_for_test, self.frames[lo:hi])


def _plain_cut_off(self: as_of._CutOffs, figure, own=None, own_end=None):
    article = self.article
    s_start, s_end = article.sentences[figure.sentence]
    p_start = article.paragraph_starts[figure.paragraph]
    times = self.times[bisect.bisect_left(self.starts, p_start):bisect.bisect_left(self.starts, s_end)]
    return as_of._as_of(article, figure, times, own, own_end)


def test_the_indexes_equal_the_plain_scans(nlp, monkeypatch):
    texts = _texts()
    assert len(texts) > 50
    fast = [[r.to_dict() for r in extract(text, published, nlp=nlp)] for text, published in texts]

    original_init = periods._Governing.__init__

    def remember_article(self, article, frames):
        original_init(self, article, frames)
        self.article_for_test = article

    monkeypatch.setattr(periods._Governing, "__init__", remember_article)
    monkeypatch.setattr(periods._Governing, "of", _plain_governing)
    monkeypatch.setattr(as_of._CutOffs, "of", _plain_cut_off)
    plain = [[r.to_dict() for r in extract(text, published, nlp=nlp)] for text, published in texts]
    assert fast == plain


@pytest.mark.parametrize("separator", [", ", " "])
def test_a_sentence_over_the_cap_is_cut_and_keeps_its_figures(nlp, separator):
    from renovex.pipeline.components.sentences import SentenceSplitter

    splitter = next(component for name, component in nlp.pipeline if isinstance(component, SentenceSplitter))
    cap = splitter.max_chars
    text = "In 2022, Hebei will renovate " + separator.join(
        f"{i % 900 + 1} old communities" for i in range(cap // 8)) + "."
    starts = splitter.boundaries(text)
    pieces = [b - a for a, b in zip([0, *starts], [*starts, len(text)])]
    assert len(pieces) > 1 and max(pieces) <= cap
    with pytest.warns(UserWarning, match="does not look like English"):  # a list is no prose
        assert len(extract(text, "2022-06-01", nlp=nlp)) == cap // 8


def test_a_sentence_under_the_cap_is_not_cut(nlp):
    from renovex.pipeline.components.sentences import SentenceSplitter

    splitter = next(component for name, component in nlp.pipeline if isinstance(component, SentenceSplitter))
    text = "In 2022, Hebei will renovate " + ", ".join(f"{i + 1} old communities" for i in range(60)) + "."
    assert len(text) < splitter.max_chars and splitter.boundaries(text) == []
