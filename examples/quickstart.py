"""Notebook-style walkthrough: extract records from the example article and look at why.

    python examples/quickstart.py
"""
from pathlib import Path

import renovex
from renovex.pipeline.extensions import entities

text = (Path(__file__).parent / "article.txt").read_text(encoding="utf-8")

# 1. Records: one per figure, with the fields of the record contract.
records = renovex.extract(text)
print(f"{len(records)} records")
for r in records:
    period = f"{r.period['start']}-{r.period['end']}" if r.period else "-"
    print(f"{r.kind:<8} {r.metric:<15} {r.value:>14,.0f} {r.location or '-':<10} {period:<10} {r.text!r}")

# 2. Why: every field names the rule that decided it.
first = records[0]
print("\nrules of the first record:", first.rules)

# 3. The entities underneath, as a spaCy Doc.
nlp = renovex.load()
doc = nlp(text)
print(f"\npublished (from the article's furniture): {doc._.published}")
for span in entities(doc, "PLACE")[:3]:
    print(f"PLACE {span.text!r} -> {span._.value.name} ({span._.value.level}, {span._.value.province})")

# 4. Records as plain dicts, ready for JSON or a DataFrame.
rows = [r.to_dict(spec_only=True) for r in records]
assert all(text[row["start"]:row["end"]] == row["text"] for row in rows)
