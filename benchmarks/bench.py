"""Speed benchmark (not a test): words/s of the bare tokenizer, of the entity pipeline
(every component but the linker) and of the whole renovex pipeline (``extract_many``) on
the same generated corpus, records/s, and peak memory.

    python benchmarks/bench.py [--words 200000] [--n-process 1] [--repeat 3] [--one-line | --repeated-filler | --articles FILE]

Each figure is the fastest of ``--repeat`` runs on fresh objects (this machine shares its
cores: single runs vary by a third).
"""
from __future__ import annotations

import argparse
import gc
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

# Real news has a large vocabulary: in 7,000 words of the shared dev articles a third of the
# whitespace-separated chunks are distinct, against 6% if the fixed sentences above are
# repeated. spaCy's tokenizer caches each distinct chunk, so a corpus of repeated sentences
# makes it look several times faster than on news. Varied sentences are built from these
# pools (and the gazetteer's place names) so that the generated text has news' variety.
SUBJECTS = ["The {office} of {place}", "Officials in {place}", "{name}, director of the {office} in {place},",
            "Residents of {place}", "The {place} government", "{name}, a resident of {place},",
            "Local authorities in {place}", "A spokesperson for the {office}"]
OFFICES = ["housing and urban-rural development department", "municipal bureau of civil affairs",
           "district development and reform commission", "city planning bureau", "county finance bureau",
           "provincial department of natural resources", "street office", "neighbourhood committee"]
VERBS = ["said on {weekday} that", "told reporters on {weekday} that", "noted in a statement that",
         "stressed at a meeting in {month} that", "announced that", "explained that", "added that"]
CLAUSES = ["the {adj} {thing} of {place} had been {done} after months of {work}",
           "{adj} {thing} would be {done} with the help of {group}",
           "work on the {thing} near {street} Road was {progress}",
           "{group} had asked for {adj} {thing} and better {service}",
           "the {thing} in {street} Street needed {adj} {work}",
           "{service} and {service} remained the main concerns of {group}"]
ADJS = ["ageing", "cramped", "leaky", "narrow", "dilapidated", "shared", "green", "safer", "brighter", "quieter",
        "accessible", "renovated", "outdated", "crowded", "spacious", "well-lit", "modern", "temporary", "public",
        "underground", "rooftop", "residential", "commercial", "historic", "traditional", "low-rise", "six-storey"]
THINGS = ["courtyards", "stairwells", "drainage pipes", "facades", "roofs", "gas lines", "bicycle sheds",
          "playgrounds", "canteens", "clinics", "libraries", "walkways", "gates", "fences", "parking lots",
          "rain gardens", "street lamps", "surveillance cameras", "fire escapes", "laundry racks", "wiring",
          "heating systems", "water tanks", "lifts", "markets", "kindergartens", "bus stops", "alleys"]
DONE = ["repaired", "replaced", "repainted", "widened", "rebuilt", "upgraded", "cleaned up", "demolished",
        "redesigned", "reopened", "extended", "insulated", "resurfaced", "waterproofed"]
WORK = ["consultation", "surveys", "planning", "negotiation", "design work", "public hearings", "inspections"]
GROUPS = ["elderly residents", "young families", "shop owners", "property managers", "volunteers",
          "community workers", "retired teachers", "migrant workers", "delivery riders", "engineers"]
SERVICES = ["elderly care", "childcare", "waste sorting", "property management", "security", "parking",
            "heating", "internet access", "public toilets", "barrier-free access", "green space"]
PROGRESS = ["ahead of schedule", "delayed by heavy rain", "almost finished", "halfway done", "just beginning"]
STREETS = ["Heping", "Jiefang", "Renmin", "Zhongshan", "Xinhua", "Wenhua", "Jianshe", "Chaoyang", "Dongfeng",
           "Minzhu", "Shengli", "Huaihai", "Yan'an", "Beijing", "Changjiang", "Huanghe"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma",
            "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"]
SYLLABLES = ["jian", "guo", "hua", "ming", "li", "ping", "wei", "fang", "hong", "jun", "xia", "yun", "qiang",
             "lan", "bo", "tao", "jing", "hai", "mei", "dong", "xin", "yu", "feng", "lei"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _place_names() -> list[str]:
    """Every place name of the gazetteer (about 3,000), as articles name many places."""
    from renovex.core.resources import data_file

    rows = data_file("places.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[1] for row in rows if row]


def varied_sentence(rng: random.Random, places: list[str]) -> str:
    """A figure-free sentence of news prose drawn from the pools above."""
    fill = {
        "place": rng.choice(places), "office": rng.choice(OFFICES), "weekday": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS), "adj": rng.choice(ADJS), "thing": rng.choice(THINGS), "done": rng.choice(DONE),
        "work": rng.choice(WORK), "group": rng.choice(GROUPS), "service": rng.choice(SERVICES),
        "progress": rng.choice(PROGRESS), "street": rng.choice(STREETS),
        "name": f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES).title()}{rng.choice(SYLLABLES)}",
    }
    clause = rng.choice(CLAUSES)
    clause = clause.replace("{service} and {service}", "{service} and " + rng.choice(SERVICES))
    sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {clause}.".format(**fill)
    return sentence[0].upper() + sentence[1:]


def corpus(words: int, seed: int = 7, varied: bool = True, paragraphs: bool = False) -> list[str]:
    """Generated articles of about ``words`` words at the genre's figure density.

    ``varied`` (the default) draws figure-free sentences from word pools and the gazetteer,
    for news' vocabulary; ``varied=False`` repeats the seven FILLER sentences (the corpus
    of the first benchmark, kept for comparison).

    ``paragraphs`` writes the body in paragraphs of one to three sentences, one per line, as
    the genre's articles are (the shared ones have 5 to 18 paragraphs of 10 to 60 words,
    separated by a single line break); the command line's default. Without it the body is
    one line after a blank line, the layout of the benchmarks before 2026-11-22 (``--one-line``).
    The layout changes the bare tokenizer's speed several times over: a line break is one of
    spaCy's special cases, and after the first special case in a Doc the tokenizer caches no
    more words (spaCy issue #1250), so one-line text is tokenized mostly from the cache and
    real news is not. renovex's own tokenizer drops that special case (renovex.pipeline.tokenizer) and
    caches in both layouts."""
    rng = random.Random(seed)
    places = _place_names() if varied else []
    articles, total = [], 0
    while total < words:
        sentences = []
        for _ in range(rng.randint(8, 20)):
            if rng.random() < FILLER_SHARE:
                sentences.append(varied_sentence(rng, places) if varied else rng.choice(FILLER))
                continue
            sentence = rng.choice(TEMPLATES).format(
                year=rng.randint(2019, 2025), place=rng.choice(PLACES), n=rng.randint(100, 9000),
                m=rng.randint(1000, 900000), k=rng.randint(10, 999), p=round(rng.uniform(50, 99), 1),
                b=round(rng.uniform(1, 90), 1))
            sentences.append(sentence)
        if paragraphs:
            lines = []
            while sentences:
                size = rng.randint(1, 3)
                lines.append(" ".join(sentences[:size]))
                sentences = sentences[size:]
            text = "Headline about renovation\n" + "\n".join(lines)
        else:
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


def tokenizer_seconds(nlp, texts: list[str]) -> float:
    """Seconds ``nlp``'s tokenizer alone takes over ``texts`` (after a warm-up on the first 50)."""
    list(nlp.tokenizer.pipe(texts[:50]))
    started = time.perf_counter()
    for text in texts:
        nlp.tokenizer(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is reported")
    parser.add_argument("--articles", help="a JSONL file of real articles, repeated up to --words, instead of generated text")
    parser.add_argument("--repeated-filler", action="store_true",
                        help="generated text with the seven fixed filler sentences (tiny vocabulary) instead of varied ones")
    parser.add_argument("--one-line", action="store_true",
                        help="generated bodies on one line after the headline (the layout of the benchmarks before "
                             "2026-11-22; no real article is laid out so, and the bare tokenizer serves it from its cache)")
    parser.add_argument("--paragraphs", action="store_true", help=argparse.SUPPRESS)  # the default since 2026-11-22
    args = parser.parse_args()

    import spacy

    import renovex

    texts = (corpus(args.words, varied=not args.repeated_filler, paragraphs=not (args.one_line or args.repeated_filler))
             if not args.articles else repeated(args.articles, args.words))
    words = sum(len(t.split()) for t in texts)
    from renovex.api import build, make_doc
    from renovex.pipeline.batch import run_in_batches

    def fastest(measure) -> float:
        """The shortest of ``--repeat`` runs, each on fresh objects: a shared machine only
        ever slows a run down, so the fastest is the one least disturbed."""
        best = float("inf")
        for _ in range(args.repeat):
            best = min(best, measure())
            gc.collect()
        return best

    tok_seconds = fastest(lambda: tokenizer_seconds(spacy.blank("en"), texts))
    # renovex's own tokenizer as a loaded pipeline has it: spaCy's rules less the plain
    # whitespace special cases (renovex.pipeline.tokenizer), so it keeps caching past line breaks, and
    # its cache already holds the gazetteer's and terms' phrases, tokenized when the rules
    # were compiled (which favours text that names many gazetteer places, as generated text does)
    own_seconds = fastest(lambda: tokenizer_seconds(build(), texts))

    def entity_run() -> float:
        """The entity layer alone (every component but the linker), on a pipeline of its
        own so that its tokenizer starts as cold as the others'."""
        entity_nlp = build()
        with entity_nlp.select_pipes(disable=["renovex_records"]):
            list(run_in_batches(entity_nlp, (make_doc(entity_nlp, t) for t in texts[:20])))  # warm up
            started = time.perf_counter()
            for _ in run_in_batches(entity_nlp, (make_doc(entity_nlp, t) for t in texts), 64):
                pass
            return time.perf_counter() - started

    entity_seconds = fastest(entity_run)

    counted = []

    def pipeline_run() -> float:
        nlp = build()
        list(renovex.extract_many(texts[:20], nlp=nlp))  # warm up
        started = time.perf_counter()
        counted.append(sum(len(r) for r in renovex.extract_many(texts, nlp=nlp, n_process=args.n_process)))
        return time.perf_counter() - started

    pipe_seconds = fastest(pipeline_run)
    records = counted[-1]

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tok_rate, own_rate = words / tok_seconds, words / own_seconds
    entity_rate, pipe_rate = words / entity_seconds, words / pipe_seconds
    print(f"corpus: {len(texts)} articles, {words:,} words")
    print(f"tokenizer only      : {tok_rate:>12,.0f} words/s  (spacy.blank('en'))")
    print(f"renovex's tokenizer : {own_rate:>12,.0f} words/s  (as a loaded pipeline has it: caches past line breaks)")
    print(f"entity pipeline     : {entity_rate:>12,.0f} words/s  ({entity_rate / tok_rate:.0%} of the tokenizer, "
          f"{entity_rate / own_rate:.0%} of renovex's; all components but the linker)")
    print(f"renovex pipeline    : {pipe_rate:>12,.0f} words/s  ({pipe_rate / tok_rate:.0%} of the tokenizer, "
          f"{pipe_rate / own_rate:.0%} of renovex's; extract_many, entities and records)")
    print(f"records             : {records:,} ({records / pipe_seconds:,.0f} records/s)")
    print(f"peak memory (RSS)   : {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
