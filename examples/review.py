"""Review what was extracted: an HTML page of the example article, and its records as a table.

    python examples/review.py [OUT_DIR]

Writes OUT_DIR/article.html (entities highlighted, records linked to their evidence; open
it in a browser, offline) and OUT_DIR/records.csv. OUT_DIR defaults to a folder in the
system's temporary directory. In a notebook, ``renovex.render(text)`` as the last line of a
cell shows the same review inline.
"""
import sys
import tempfile
from pathlib import Path

import renovex

out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "renovex-review"
out_dir.mkdir(parents=True, exist_ok=True)
text = (Path(__file__).parent / "article.txt").read_text(encoding="utf-8")

# 1. The review page: one self-contained HTML file.
nlp = renovex.load()
doc = nlp(text)
page = renovex.render(doc, doc_id="article", full_page=True)
(out_dir / "article.html").write_text(page, encoding="utf-8")
records = doc._.records
print(f"{len(records)} records; review page: {out_dir / 'article.html'}")

# 2. The records as a table: CSV needs nothing more; a DataFrame needs the pandas extra.
rows = renovex.to_csv(records, out_dir / "records.csv")
print(f"{rows} rows: {out_dir / 'records.csv'}")
try:
    frame = renovex.to_frame(records)
except ImportError as error:
    print(f"(no DataFrame: {error})")
else:
    print(frame[["kind", "metric", "value", "location", "period_start", "period_end"]].to_string(index=False))
