"""Speed benchmark (not a test): words/s of the bare tokenizer and of the renovex
pipeline on the same generated corpus, records/s, and peak memory.

    python benchmarks/bench.py [--words 200000] [--n-process 1]
"""
from __future__ import annotations

import argparse
import random
import resource
import time

TEMPLATES = [
    "In {year}, {place} plans to start the renovation of {n:,} old urban residential communities, benefiting {m:,} households.",
    "So far, {place} has renovated {n:,} old neighborhoods in total and installed {k:,} elevators.",
    "As of the end of June, construction had started in {k:,} of the {n:,} communities listed in the {year} plan, putting the start rate at {p}%.",
    "The city will add more than {m:,} parking spaces and renew nearly {k:,} kilometers of gas pipelines, with an investment of {b} billion yuan.",
    "Contact us on 400-{k}-1019 for more information about the programme and its property services.",
]
# Sentences without figures, as most of an article is: real articles of the genre state
# about one figure per 50 words; FILLER_SHARE keeps the generated text at that density.
FILLER = [
    "Officials met residents on Monday to discuss the design of the new courtyard and the timetable of the works.",
    "The department stressed that renovation should respect the wishes of residents and improve long-term management.",
    "Local governments are encouraged to attract social capital and to make good use of central subsidies and special bonds.",
    "Property services will be introduced in communities that had none, and residents will take part in decisions.",
    "The meeting called for better coordination between departments so that projects can start as early as possible.",
    "Community service facilities such as elderly care, childcare and convenience stores will be improved step by step.",
    "Experts said the programme improves living conditions and also stimulates investment and consumption.",
]
FILLER_SHARE = 0.75
PLACES = ["Xinjiang", "Jiangxi Province", "Shenyang city", "Chengdu, Sichuan Province", "Wuhu", "the country"]


def corpus(words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    articles, total = [], 0
    while total < words:
        sentences = []
        for _ in range(rng.randint(8, 20)):
            if rng.random() < FILLER_SHARE:
                sentences.append(rng.choice(FILLER))
                continue
            sentence = rng.choice(TEMPLATES).format(
                year=rng.randint(2019, 2025), place=rng.choice(PLACES), n=rng.randint(100, 9000),
                m=rng.randint(1000, 900000), k=rng.randint(10, 999), p=round(rng.uniform(50, 99), 1),
                b=round(rng.uniform(1, 90), 1))
            sentences.append(sentence)
        text = "Headline about renovation\n\n" + " ".join(sentences)
        total += len(text.split())
        articles.append(text)
    return articles


def repeated(path: str, words: int) -> list[str]:
    import json

    with open(path, encoding="utf-8") as handle:
        articles = [json.loads(line)["text"] for line in handle if line.strip()]
    texts, total = [], 0
    while total < words:
        for text in articles:
            texts.append(text)
            total += len(text.split())
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--articles", help="a JSONL file of real articles, repeated up to --words, instead of generated text")
    args = parser.parse_args()

    import spacy

    import renovex

    texts = corpus(args.words) if not args.articles else repeated(args.articles, args.words)
    words = sum(len(t.split()) for t in texts)
    tokenizer = spacy.blank("en")
    list(tokenizer.pipe(texts[:50]))  # warm up
    started = time.perf_counter()
    for _ in tokenizer.pipe(texts, batch_size=64):
        pass
    tok_seconds = time.perf_counter() - started

    nlp = renovex.load()
    list(renovex.extract_many(texts[:20], nlp=nlp))  # warm up
    started = time.perf_counter()
    records = sum(len(r) for r in renovex.extract_many(texts, nlp=nlp, n_process=args.n_process))
    pipe_seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tok_rate, pipe_rate = words / tok_seconds, words / pipe_seconds
    print(f"corpus: {len(texts)} articles, {words:,} words")
    print(f"tokenizer only      : {tok_rate:>12,.0f} words/s")
    print(f"renovex pipeline    : {pipe_rate:>12,.0f} words/s  ({pipe_rate / tok_rate:.0%} of the tokenizer)")
    print(f"records             : {records:,} ({records / pipe_seconds:,.0f} records/s)")
    print(f"peak memory (RSS)   : {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
