"""One fact table from several articles: merge, conflicts, completion, percentage checks.

    python examples/fact_table.py

The articles below are made up. The same steps on files:
    renovex extract articles/ -o records.jsonl
    renovex consolidate records.jsonl -o facts.csv
"""
import renovex

ARTICLES = [
    # (id, publication date, text)
    ("daily-0120", "2024-01-20",
     "Ningxia will renovate 1,250 old residential communities in 2024, benefiting 1.02 million households, "
     "the regional housing department announced on Tuesday."),
    ("news-0201", "2024-02-01",
     "According to its work plan for this year, Ningxia aims to upgrade about 1,250 ageing residential "
     "compounds, which will benefit 1,022,400 households."),
    ("wire-0310", "2024-03-10",
     "Ningxia plans to renovate 1,400 old communities in 2024."),
    ("daily-0708", "2024-07-08",
     "By the end of June, 600 of the 1,250 old communities in Ningxia had been renovated, "
     "a completion rate of 52%."),
    ("news-1105", "2024-11-05",
     "As of the end of October, Ningxia had started renovation of 1,125 old communities, "
     "the regional housing department said."),
]

# 1. Records of each article (give each a doc id: facts name their sources by it).
records = []
for doc_id, published, text in ARTICLES:
    records += renovex.extract(text, published=published, doc_id=doc_id)
print(f"{len(records)} records from {len(ARTICLES)} articles")

# 2. Facts: the same figure from several articles is one fact with every source.
table = renovex.consolidate(records, tolerance=0.01)
print(f"\n{'id':<4} {'place':<8} {'metric':<12} {'kind':<8} {'period':<10} {'as of':<11} {'value':>10} "
      f"{'status':<9} {'articles':<8} completion")
for fact in table:
    period = f"{fact.period['start']}-{fact.period['end']}" if fact.period else "-"
    completion = f"{fact.completion:.0%} of {fact.plan_id}" if fact.completion is not None else ""
    print(f"{fact.id:<4} {fact.place or '-':<8} {fact.metric:<12} {fact.kind:<8} {period:<10} {fact.as_of or '-':<11} "
          f"{fact.value:>10,.0f} {fact.status:<9} {len(fact.docs):<8} {completion}")

# 3. Conflicts: the other values, and who reports them.
print("\nconflicts:")
for fact in table:
    for other in fact.conflicts:
        print(f"  {fact.id}: {fact.value:,.0f} ({', '.join(fact.agreeing_docs)}) vs {other.value:,.0f} "
              f"({', '.join(other.docs)})")

# 4. Stated percentages against part / whole in the same sentence.
print("\npercentage checks:")
for check in table.percent_checks:
    verdict = "agrees" if check.agrees else "disagrees"
    print(f"  {check.doc}: {check.stated_text} {verdict}: {check.part_text} / {check.whole_text} "
          f"= {check.computed:.2f}%")

print("\n" + table.summary_line())
