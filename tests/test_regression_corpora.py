"""More corpora of invented articles, each annotated by RECORDS.md before the extractor ran
on it, then used to find and fix rules: they now guard those fixes. Floors sit a little
under the scores reached, so a lost rule shows and a grey case does not fail the suite.

probe2-probe4 were written by the developers who fixed rules against them; blind_b was
written by someone who never saw the code (full F1 0.71 blind, 0.79 after generic fixes for
bulleted lists, datelines and comparisons); blind_c too (full F1 0.74 blind, 0.93 after generic
fixes for comparison-base years, "respectively" across provinces, coordinated clauses and
district anaphora); blind_d too (full F1 0.74 blind, 0.91 after generic fixes for task lists of
bare verbs, modal passives, "Of the X, Y had been done", cut-off dates, "built in 1987",
"those three years" and households "home to" counted communities); blind_e and blind_f (articles shaped like real web pages:
menus, footers, machine translation, Q&A; full F1 0.627 and 0.663 blind, 0.85 and 0.85 after
generic fixes, see their READMEs). Their articles are ours, not shared ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from renovex.api import extract
from renovex.analysis.evaluate import read_records, score

CORPORA = Path(__file__).parent / "corpus"
FULL_F1_FLOORS = {"probe2": 0.95, "probe3": 0.95, "probe4": 0.95, "blind_b": 0.75, "blind_c": 0.90,
                  "blind_d": 0.87, "blind_e": 0.82, "blind_f": 0.82}


@pytest.mark.parametrize("name", sorted(FULL_F1_FLOORS))
def test_corpus_scores_at_least_its_floor(nlp, name: str) -> None:
    folder = CORPORA / name
    articles = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    pred = [record.to_dict() for article in articles
            for record in extract(article["text"], article.get("published"), article["id"], nlp=nlp)]
    scores = score(read_records(folder / "gold.jsonl"), pred, {article["id"] for article in articles})
    full = scores["full"]
    assert full.f1 >= FULL_F1_FLOORS[name], (full.f1, full.false_positives, full.false_negatives)
