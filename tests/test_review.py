"""The HTML review page: escaping, entity highlights, record anchors, offline, `renovex show`."""
import html
import json
import re
import runpy
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import renovex
from renovex.cli import main
from renovex.pipeline.extensions import entities
from renovex.io.review import Review, describe_value, page, render, render_doc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

ARTICLE = ("Yinchuan plans to renovate 230 old communities in 2024, benefiting about 18,500 households. "
           "Last year, Ningxia completed the renovation of 410 old residential communities.")
HOSTILE = ('Tom & Jerry\'s "fund" <script>alert("x")</script>: In 2023, Hefei will renovate '
           '95 old communities <b>&amp;</b> more.')
PUBLISHED = "2024-02-10"


class Tree(HTMLParser):
    """Collects what the tests look at, and checks that every element is closed in order."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.ent_text: dict[str, str] = {}
        self.ent_label: dict[str, str] = {}
        self.ent_title: dict[str, str] = {}
        self.ent_firsts: dict[str, int] = {}
        self.ent_lasts: dict[str, int] = {}
        self.ev_text: dict[str, str] = {}
        self.ids: list[str] = []
        self.links: list[str] = []
        self.article_text: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and "evlink" in attrs.get("class", ""):
            self.links.append(attrs["href"])
        if tag == "script":
            self.scripts += 1
        classes = attrs.get("class", "").split()
        if "ent" in classes:
            key = attrs["data-ent"]
            self.ent_label.setdefault(key, attrs["data-label"])
            assert self.ent_label[key] == attrs["data-label"]
            self.ent_title[key] = attrs["title"]
            self.ent_firsts[key] = self.ent_firsts.get(key, 0) + ("first" in classes)
            self.ent_lasts[key] = self.ent_lasts.get(key, 0) + ("last" in classes)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        opened, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"

    def handle_data(self, data):
        inside_text = any("text" in a.get("class", "").split() for _, a in self.stack)
        if inside_text:
            self.article_text.append(data)
        for _, attrs in self.stack:
            if "data-ent" in attrs:
                key = attrs["data-ent"]
                self.ent_text[key] = self.ent_text.get(key, "") + data
            if (attrs.get("class") or "").split()[:1] == ["ev"]:
                key = attrs["data-ev"]
                self.ev_text[key] = self.ev_text.get(key, "") + data


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed elements: {[t for t, _ in tree.stack]}"
    return tree


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(renovex.api.make_doc(nlp, ARTICLE, PUBLISHED, "yinchuan"))


def test_every_entity_is_highlighted_once_with_its_label_and_value(doc):
    spans = entities(doc)
    assert {s.label_ for s in spans} >= {"PLACE", "PERIOD", "QUANTITY"}
    tree = parse(render_doc(doc))
    assert len(tree.ent_label) == len(spans)
    for number, span in enumerate(spans):
        key = f"a0-e{number}"
        assert tree.ent_label[key] == span.label_
        assert tree.ent_text[key] == span.text
        assert tree.ent_firsts[key] == 1 and tree.ent_lasts[key] == 1
        assert tree.ent_title[key].startswith(span.label_)
    places = [f"a0-e{n}" for n, s in enumerate(spans) if s.label_ == "PLACE" and s.text == "Ningxia"]
    assert places and "name=Ningxia" in tree.ent_title[places[0]] and "level=province" in tree.ent_title[places[0]]


def test_the_article_text_is_kept_whole(doc):
    tree = parse(render_doc(doc))
    assert "".join(tree.article_text) == ARTICLE


def test_one_anchor_per_record_pointing_at_its_evidence(doc):
    records = doc._.records
    assert len(records) >= 3
    tree = parse(render_doc(doc, prefix="a7"))
    assert len(tree.links) == len(records)
    assert len(set(tree.ids)) == len(tree.ids), "element ids are unique"
    for number, (link, record) in enumerate(zip(tree.links, records), 1):
        anchor = link.removeprefix("#")
        assert anchor == f"a7-r{number}" and anchor in tree.ids
        assert tree.ev_text[anchor] == record.text


def test_each_row_says_which_rules_decided_it(doc):
    markup = render_doc(doc)
    rows = re.findall(r"<tr[^>]* data-ev=.*?</tr>", markup)
    assert len(rows) == len(doc._.records)
    for row, record in zip(rows, doc._.records):
        assert record.rules
        for name, reason in record.rules.items():
            reason_html = re.escape(html.escape(reason))
            assert re.search(rf"<li[^>]*><b>{re.escape(html.escape(name))}</b> "
                             rf"(?:{reason_html}|<a href=\"#rule-[^\"]+\">{reason_html}</a>)</li>", row)
        assert f">{record.kind}<" in row and f">{record.metric}<" in row


def test_every_rule_link_lands_on_its_glossary_entry(doc):
    markup = page([render_doc(doc)])
    links = re.findall(r'<a href="#(rule-[^"]+)">', markup)
    assert links, "the rules of kind, place, period and metric are linked"
    targets = set(re.findall(r'<dt id="(rule-[^"]+)">', markup))
    assert set(links) <= targets
    for record in doc._.records:
        assert f'href="#rule-kind-{record.rules["kind"].split(":")[0]}"' in markup


def test_article_text_and_names_are_escaped(nlp):
    markup = render(HOSTILE, PUBLISHED, nlp=nlp, doc_id='<img src=x onerror="y">')
    tree = parse(markup)
    assert tree.scripts == 1, "only the review's own script"
    assert "<script>alert" not in markup and "<b>&amp;" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup
    assert "Tom &amp; Jerry&#x27;s" in markup
    assert "".join(tree.article_text) == HOSTILE
    assert tree.links, "the hostile article still yields its record"


def test_records_read_back_from_json_render_the_same(doc):
    dicts = [json.loads(json.dumps(r.to_dict())) for r in doc._.records]
    assert render_doc(doc, dicts) == render_doc(doc)


def test_a_record_whose_offsets_miss_the_text_gets_no_anchor(doc):
    record = doc._.records[0]
    stray = record.to_dict() | {"start": len(ARTICLE) + 5, "end": len(ARTICLE) + 9}
    tree = parse(render_doc(doc, [stray]))
    assert tree.links == []
    assert 'class="missing"' in render_doc(doc, [stray])


def test_crossing_and_nested_spans_render_as_well_formed_nesting(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("install 350 lifts in old estates now")
    doc.spans["renovex"] = [Span(doc, 1, 3, "QUANTITY"), Span(doc, 2, 6, "POLICY_TERM"),
                            Span(doc, 4, 6, "QUANTITY"), Span(doc, 5, 6, "PLACE")]
    doc._.records = []
    markup = render_doc(doc)
    tree = parse(markup)
    assert [tree.ent_text[f"a0-e{n}"] for n in range(4)] == ["350 lifts", "lifts in old estates", "old estates", "estates"]
    assert [tree.ent_label[f"a0-e{n}"] for n in range(4)] == ["QUANTITY", "POLICY_TERM", "QUANTITY", "PLACE"]
    assert "".join(tree.article_text) == doc.text
    # overlapping entities sit on distinct underline tracks
    assert 'class="ent lv1 first" data-ent="a0-e1"' in markup and 'class="ent lv2 first last" data-ent="a0-e3"' in markup


@pytest.mark.parametrize("markup_of", ["fragment", "page"])
def test_output_works_offline(nlp, markup_of):
    text = ARTICLE + " See https://example.org/x.js and http://example.org for more."
    markup = render(text, PUBLISHED, nlp=nlp, full_page=markup_of == "page")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", markup, re.I)
    assert "@import" not in markup and "url(" not in markup
    assert "<link" not in markup


def test_render_returns_html_a_notebook_displays(nlp):
    fragment = render(ARTICLE, PUBLISHED, nlp=nlp)
    assert isinstance(fragment, Review) and isinstance(fragment, str)
    assert fragment._repr_html_() == str(fragment)
    assert fragment.startswith('<div class="renovex-review"><style>') and "<html" not in fragment
    again = render(ARTICLE, PUBLISHED, nlp=nlp)
    assert not set(parse(fragment).ids) & set(parse(again).ids), "two reviews in one notebook keep distinct ids"
    page = render(ARTICLE, PUBLISHED, nlp=nlp, full_page=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_render_runs_an_unprocessed_doc_and_rejects_other_input(nlp):
    raw = renovex.api.make_doc(nlp, ARTICLE, PUBLISHED, "raw")
    assert raw._.records is None
    tree = parse(render(raw, nlp=nlp))
    assert len(tree.links) == len(renovex.extract(ARTICLE, PUBLISHED, nlp=nlp))
    with pytest.raises(TypeError, match="text or a spaCy Doc"):
        render(b"bytes", nlp=nlp)


def test_describe_value_skips_offsets_and_empty_fields():
    from renovex.engines.gazetteer import Place

    assert describe_value(Place("640100", "Yinchuan", "prefecture", "640000", "Ningxia")) == \
        "code=640100 name=Yinchuan level=prefecture parent=640000 province=Ningxia"
    assert describe_value(None) == "" and describe_value(2.0) == "2"


def test_show_writes_one_section_per_article(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [{"id": "j1", "text": HOSTILE, "published": PUBLISHED, "title": "Hefei & <co>"},
             {"id": "j2", "text": "No figures in this short note."}]
    (tmp_path / "many.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out" / "page.html"
    status = main(["show", str(tmp_path / "one.txt"), str(tmp_path / "many.jsonl"), "-o", str(out),
                   "--published", PUBLISHED])
    assert status == 0
    markup = out.read_text(encoding="utf-8")
    tree = parse(markup)
    assert markup.count('<section class="article"') == 3
    assert {"a0", "a1", "a2"} <= set(tree.ids)
    assert "Hefei &amp; &lt;co&gt;" in markup and "<co>" not in markup
    assert tree.scripts == 1
    assert "3 articles" in capsys.readouterr().err


def test_show_filters_by_id_and_reports_bad_input(tmp_path, capsys):
    (tmp_path / "many.jsonl").write_text(
        json.dumps({"id": "keep", "text": ARTICLE}) + "\nnot json\n" + json.dumps({"id": "skip", "text": ARTICLE}) + "\n",
        encoding="utf-8")
    status = main(["show", str(tmp_path / "many.jsonl"), "--id", "keep", "--id", "absent"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out.count('<section class="article"') == 1 and "<h2>keep</h2>" in captured.out
    assert "many.jsonl:2: not JSON" in captured.err and "no article with id 'absent'" in captured.err


def test_review_example_writes_a_page(tmp_path, monkeypatch, capsys, nlp):
    # in-process (the cached pipeline): tests/test_examples.py runs every example as a script
    monkeypatch.setattr(sys, "argv", ["review.py", str(tmp_path)])
    runpy.run_path(str(EXAMPLES / "review.py"), run_name="__main__")
    stdout = capsys.readouterr().out
    page = (tmp_path / "article.html").read_text(encoding="utf-8")
    tree = parse(page)
    records = int(re.match(r"(\d+) records", stdout).group(1))
    assert records > 0 and len(tree.links) == records
    assert (tmp_path / "records.csv").read_text(encoding="utf-8").count("\n") == records + 1
