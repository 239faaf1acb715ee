# %% [markdown]
# # renovex walkthrough
#
# From one news article to records, the entities behind them, a table, a fact table over
# several articles, a review page, and a rule pack for another domain.
#
# Run it as a script (`python examples/walkthrough.py`), or open it as a notebook: VS Code
# and Jupyter (with jupytext) read the `# %%` cells. The articles are made up for this
# example. Reference: `docs/api.md`.

# %%
import tempfile
from pathlib import Path

import renovex

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # in a notebook: the folder it was opened from
    HERE = Path.cwd()

print("renovex", renovex.__version__)

# %% [markdown]
# ## 1. Records from one article
#
# `renovex.extract` gives one `Record` per plan or outcome figure. The article carries its
# own date ("Updated: ..."), so "this year" and "last year" resolve without `published=`;
# `doc_id` goes into every record's `doc` field.

# %%
ARTICLE = """Xi'an to renovate 520 old communities this year

Updated: 2024-03-18

XI'AN, March 18 -- Xi'an, capital of Shaanxi province, plans to renovate 520 old residential \
communities in 2024, benefiting about 86,000 households, the municipal housing bureau said on Monday.

The city will also install 600 elevators in existing residential buildings and renew 210 kilometers \
of old gas pipelines, with a total investment of 4.8 billion yuan.

Last year, Xi'an completed the renovation of 480 old communities. Residents can call the hotline \
029-8765-4321 with questions.
"""

records = renovex.extract(ARTICLE, doc_id="xian-0318")
print(f"{len(records)} records")
for r in records:
    period = f"{r.period['start']}-{r.period['end']}" if r.period else "-"
    print(f"  {r.kind:<8} {r.metric:<14} {r.value:>15,.0f} {r.approx or '':<6} {r.location:<6} {period:<10} {r.text!r}")
assert [r.metric for r in records].count("communities") == 2  # the hotline number is not a record

# %% [markdown]
# ## 2. A record as a dict
#
# `to_dict()` is one line of `renovex extract`'s JSONL. `text`, `start` and `end` are the
# evidence (`article[start:end] == text`); `rules` says which rule decided each field.

# %%
first = records[0].to_dict()
for key, value in first.items():
    print(f"  {key:<10} {value!r}")
assert ARTICLE[first["start"]:first["end"]] == first["text"]

# %% [markdown]
# ## 3. The entities underneath
#
# The pipeline is an ordinary spaCy `Language`. Every entity is a span in
# `doc.spans["renovex"]` with a normalised `span._.value` and the `span._.rule` that found
# it; `renovex.pipeline.extensions.entities` lists them in text order.

# %%
from renovex.pipeline.extensions import entities

nlp = renovex.load()
doc = nlp(ARTICLE)
print(f"published: {doc._.published}, {len(doc._.records)} records, {len(doc.spans['renovex'])} entities")
for span in entities(doc)[:12]:
    value = span._.value
    if span.label_ == "PLACE":
        shown = f"{value.name} ({value.level}, province {value.province})"
    elif span.label_ in ("PERIOD", "DATE"):
        shown = f"period={value.period} as_of={value.as_of} type={value.type}"
    elif span.label_ == "QUANTITY":
        shown = f"{value.value:,.0f} {value.unit} metric={value.metric}"
    else:
        shown = value.id
    print(f"  {span.label_:<12} {span.text!r:<38} {shown}")

# %% [markdown]
# ## 4. A DataFrame
#
# `renovex.to_frame` needs pandas (`pip install 'renovex[pandas]'`); `renovex.to_csv`
# writes the same columns without it.

# %%
try:
    frame = renovex.to_frame(records)
except ImportError as error:
    frame = None
    print(f"skipped the DataFrame: {error}")
else:
    print(frame[["kind", "metric", "value", "approx", "location", "period_start"]].to_string(index=False))
    print(frame.groupby("kind", observed=True)["value"].count().to_dict())

# %% [markdown]
# ## 5. A fact table over several articles
#
# The same plan is reported again, rounded ("about 520"), once wrongly (560), and a
# progress report gives a part of it. `renovex.consolidate` merges what agrees, flags what
# does not, links the outcome to its plan and checks "390 of the 520 ... 75 percent".

# %%
MORE = [
    ("xian-0402", "2024-04-02", "Xi'an will upgrade about 520 ageing residential compounds this year, "
                                "the city government said."),
    ("xian-0510", "2024-05-10", "Xi'an plans to renovate 560 old communities in 2024, a local newspaper reported."),
    ("xian-0708", "2024-07-08", "By the end of June, Xi'an had started renovation work on 390 of the 520 old "
                                "communities planned for this year, or 75 percent."),
]
all_records = list(records)
for doc_id, published, text in MORE:
    all_records += renovex.extract(text, published=published, doc_id=doc_id)

table = renovex.consolidate(all_records)
print(table.summary_line())
for fact in table:
    period = f"{fact.period['start']}" if fact.period else "-"
    extra = ""
    if fact.conflicts:
        extra = "conflicting: " + ", ".join(f"{g.value:,.0f} ({', '.join(g.docs)})" for g in fact.conflicts)
    if fact.completion is not None:
        extra = f"{fact.completion:.0%} of plan {fact.plan_id}"
    print(f"  {fact.id:<3} {fact.metric:<14} {fact.kind:<8} {period:<5} {fact.value:>15,.0f} {fact.status:<8} "
          f"{len(fact.docs)} article(s) {extra}")
plan = table.select(metric="communities", kind="plan", period={"start": 2024, "end": 2024})[0]
assert plan.status == "conflict" and len(plan.agreeing_docs) == 3
assert all(check.agrees for check in table.percent_checks)

# %% [markdown]
# ### A chart of the fact table
#
# Plan against outcome per metric, as a bar chart in plain SVG, each metric on its own scale
# (no plotting library; a notebook shows it with `IPython.display.SVG(svg)`).

# %%
totals: dict[tuple[str, str], float] = {}
for fact in table:
    if fact.kind in ("plan", "outcome") and fact.metric != "percent":
        totals[(fact.metric, fact.kind)] = max(totals.get((fact.metric, fact.kind), 0), fact.value)
bars = sorted(totals.items())
top = {metric: max(v for (m, _), v in bars if m == metric) for (metric, _), _ in bars}  # each metric to scale
rows = []
for i, ((metric, kind), value) in enumerate(bars):
    width = 300 * value / top[metric]
    colour = "#4c72b0" if kind == "plan" else "#55a868"
    rows.append(f'<rect x="160" y="{10 + 24 * i}" width="{width:.0f}" height="18" fill="{colour}"/>'
                f'<text x="155" y="{24 + 24 * i}" text-anchor="end" font-size="12">{metric} ({kind})</text>'
                f'<text x="{165 + width:.0f}" y="{24 + 24 * i}" font-size="12">{value:,.0f}</text>')
svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="560" height="{20 + 24 * len(bars)}">'
       + "".join(rows) + "</svg>")
chart_path = Path(tempfile.gettempdir()) / "renovex-walkthrough" / "plan-and-outcome.svg"
chart_path.parent.mkdir(exist_ok=True)
chart_path.write_text(svg, encoding="utf-8")
print(f"chart of {len(bars)} bars written to {chart_path}")
assert ("communities", "plan") in totals and ("communities", "outcome") in totals

# %% [markdown]
# ## 6. A review page
#
# In a notebook, `renovex.render(doc)` as the last line of a cell shows the article with
# its entities highlighted and the records linked to their evidence. As a script, write a
# standalone page (`full_page=True`) and open it in a browser; it works offline.

# %%
page_path = Path(tempfile.gettempdir()) / "renovex-walkthrough" / "xian-0318.html"
page_path.parent.mkdir(exist_ok=True)
page_path.write_text(renovex.render(doc, doc_id="xian-0318", full_page=True), encoding="utf-8")
print(f"review page: {page_path} ({page_path.stat().st_size:,} bytes)")
review = renovex.render(doc)
review  # noqa: B018  (a notebook displays this; a script ignores it)

# %% [markdown]
# ## 7. Another domain: a rule pack by path
#
# A rule pack is a folder of data files (`docs/rule-packs.md`). The school-construction
# pack in `examples/packs/` counts schools, school places and teachers; no code changes.

# %%
PACK = HERE / "packs" / "school_construction"
if not (PACK / "metrics.json").exists():
    print(f"skipped the rule pack: {PACK} is not there")
else:
    schools = renovex.load(PACK)
    SCHOOL_NEWS = ("Hefei will open 14 new primary schools in 2025, adding 21,000 school places, the city's "
                   "education bureau said. Last year, the city opened 11 schools and recruited 900 teachers.")
    school_records = renovex.extract(SCHOOL_NEWS, published="2025-02-20", doc_id="hefei-schools", nlp=schools)
    print(f"{len(school_records)} records with the pack {PACK.name}")
    for r in school_records:
        print(f"  {r.kind:<8} {r.metric:<14} {r.value:>8,.0f} {r.location:<6} {r.period['start']}")
    assert {r.metric for r in school_records} >= {"schools", "school_places", "teachers"}
