"""Why (issue 14): each field of a record that words of the article decided points to those
words: the cue of its kind, the place, the time expression."""
import json
from pathlib import Path

import renovex

CORPORA = Path(__file__).parent / "corpus"
TEXT = "In 2022, Xinjiang plans to start the renovation of 1,273 old communities, benefiting 203,900 households."


def test_each_field_points_to_its_words():
    head, qualifier = renovex.extract(TEXT)
    assert {name: words["text"] for name, words in head.evidence.items()} == {
        "kind": "plans to", "location": "Xinjiang", "period": "2022"}
    assert qualifier.rules["kind"] == "qualifier_of_head" and qualifier.evidence == head.evidence


def test_a_field_decided_without_words_has_no_evidence():
    (record,) = renovex.extract("Hubei: 640 old residential areas.", published="2023-01-01")
    assert record.rules["kind"] == "default_outcome" and "kind" not in record.evidence


def test_evidence_offsets_point_into_the_article_on_every_corpus(nlp):
    checked = 0
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            for record in renovex.extract(article["text"], article.get("published"), nlp=nlp):
                for words in record.evidence.values():
                    assert article["text"][words["start"]:words["end"]] == words["text"]
                    checked += 1
    assert checked > 1000


def test_evidence_offsets_survive_a_text_in_pieces():
    filler = "The weather was fine and the market was busy. " * 2500  # over 100,000 characters
    text = filler + "\n\n" + TEXT
    records = renovex.extract(text, published="2022-05-01")
    assert records and all(text[w["start"]:w["end"]] == w["text"] for r in records for w in r.evidence.values())
    assert records[0].evidence["location"]["start"] > 100_000
