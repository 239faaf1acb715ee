"""Issue 13, step 5: the time engine's speed layer (anchors gated by their words, start
finders, prefix tables: renovex/engines/timex/finding.py) finds exactly what the plain
reference finds, which tries every word start near every anchor."""
import json
from pathlib import Path

from renovex.engines.timex import TimeScan, default_grammar
from renovex.engines.timex.finding import viable_reference

CORPORA = Path(__file__).parent / "corpus"
OWN = [  # written for this test: every family of the grammar at least once
    "Since 2019, and in the first half of 2021, the city renovated 300 estates; by the end of June this "
    "year work had begun on 25 more. During the 14th Five-Year Plan period (2021-2025) and in Q3 2022, "
    "from January to May, last month, on Monday, March 2, 2023-03-02, in the past three years, over the "
    "whole year, mid-2024, in the next five years, as of the end of last year.",
    "2020.5 percent, 1990s buildings, 2,0221 and the renovation update; no time here: novation, date palm.",
]


def texts() -> list[str]:
    found = list(OWN)
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        found += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def spans(viable):
    return [[[m.span() for m in group] for group in groups] for groups in viable]


def test_the_fast_finding_equals_the_plain_reference_on_every_text():
    grammar = default_grammar()
    checked = 0
    for text in texts():
        fast = grammar._viable(TimeScan(text))
        assert spans(fast) == spans(viable_reference(grammar, TimeScan(text))), text[:80]
        checked += sum(len(groups) for groups in fast)
    assert checked > 500, "the corpora exercise the families"


def test_our_own_sentences_exercise_most_families():
    grammar = default_grammar()
    viable = viable_reference(grammar, TimeScan(OWN[0]))
    assert sum(1 for groups in viable if groups) >= len(grammar.families) // 2
