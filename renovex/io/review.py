"""An HTML review page: the article with its entities highlighted and its records in a table.

Pure: builds HTML from a processed ``Doc`` and its records, and nothing else (no pipeline
is run here except by :func:`render`, for a text). The output is self-contained and works
offline: inline CSS, a few lines of inline JS, no external link or script. Every piece of
article text goes through :func:`renovex.io.review_charts.esc` (``html.escape``).

Overlapping entities (``"350 elevators"`` and ``"elevators in existing residential
buildings"`` cross) are drawn by cutting the text at every span boundary and nesting, in
each piece, one element per span that covers it, outer spans first; each nested level draws
its own underline below the one inside it, so both spans stay visible.
"""
from __future__ import annotations

import dataclasses
import uuid
from importlib import resources
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..core.records import Record
from ..pipeline.extensions import entities
from .review_charts import esc

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Review", "describe_value", "fragment", "glossary", "page", "render", "render_doc"]

COLOURS = {
    "PLACE": "#2b8a3e",
    "PERIOD": "#1c7ed6",
    "DATE": "#6741d9",
    "QUANTITY": "#e8590c",
    "POLICY_TERM": "#c2255c",
}
"""Underline colour of each bundled label; labels of other packs are drawn grey."""
OTHER_COLOUR = "#868e96"
_TRACKS = 3
"""Depths of underline for overlapping entities; deeper overlaps share the last one."""

_HIDDEN_FIELDS = frozenset({"start", "end", "number_start", "number_end", "phrases", "patterns", "note"})
"""Fields of an entity value that are offsets or rule bodies: noise in a tooltip."""

_CSS = resources.files("renovex").joinpath("data/review.css").read_text(encoding="utf-8") + "".join(
    f'.renovex-review .ent[data-label="{label}"]{{--c:{colour}}}\n' for label, colour in COLOURS.items()) + "".join(
    f'.renovex-review .ent.lv{n}{{padding-bottom:{2 + 5 * n}px}}\n' for n in range(1, _TRACKS + 1))
"""The page's style: the static part is data (``data/review.css``), the label colours come from
:data:`COLOURS`. The label rules come last, after the static ``.ent`` rule they refine."""

# Clicking a record's evidence link highlights its evidence in the article (the link's own
# href does the scrolling); clicking highlighted evidence in the article jumps to its row.
# Guarded so that a notebook showing many reviews installs the handler once.
_JS = """
(function(){if(window.__renovexReview)return;window.__renovexReview=1;
function mark(k){document.querySelectorAll('.renovex-review .hit').forEach(function(x){x.classList.remove('hit')});
document.querySelectorAll('.renovex-review [data-ev="'+k+'"]').forEach(function(x){x.classList.add('hit')});}
document.addEventListener('click',function(e){var t=e.target;if(!t.closest)return;
var a=t.closest('.renovex-review a.evlink');if(a){mark(a.getAttribute('data-ev'));return;}
var v=t.closest('.renovex-review .ev');if(v){var k=v.getAttribute('data-ev');mark(k);
var r=document.querySelector('.renovex-review tr[data-ev="'+k+'"]');if(r)r.scrollIntoView({block:'center'});}});})();
"""


class Review(str):
    """HTML (a ``str``) that a Jupyter notebook displays as HTML: ``renovex.render(text)``
    as the last line of a cell shows the page; ``str(review)`` is the markup itself."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass(frozen=True)
class _Layer:
    """One highlighted stretch of text: an entity or a record's evidence."""

    start: int
    end: int
    kind: str  # "ent" or "ev"
    key: str  # element key: "<prefix>-e<n>" for an entity, the anchor id for evidence
    label: str = ""  # an entity's label; for evidence, its record's kind (plan, outcome)
    title: str = ""
    track: int = 0



def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:g}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _years(period: Any) -> str:
    """``(2021, 2025)`` or ``{"start": 2021, "end": 2025}`` as ``2021–2025`` (one year alone)."""
    if not period:
        return ""
    start, end = (period["start"], period["end"]) if isinstance(period, Mapping) else tuple(period)
    return str(start) if start == end else f"{start}\u2013{end}"


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return _years(value) if len(value) == 2 and all(isinstance(v, int) for v in value) else ", ".join(map(str, value))
    return str(value)


def describe_value(value: Any, label: str | None = None) -> str:
    """A one-line description of an entity's normalised value (``span._.value``) for a tooltip;
    a ``label`` field equal to ``label`` (the span's own label) is left out."""
    if value is None:
        return ""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = []
        for item in dataclasses.fields(value):
            if item.name in _HIDDEN_FIELDS:
                continue
            field_value = getattr(value, item.name)
            if field_value in (None, "", (), []) or field_value is False:
                continue
            if item.name == "label" and field_value == label:
                continue
            parts.append(f"{item.name}={_plain(field_value)}")
        return " ".join(parts)
    return _plain(value)


def _entity_layers(doc: Doc, prefix: str) -> list[_Layer]:
    from ..engines.linking import DROP_REASONS

    dropped = {(d["start"], d["end"]): d["reason"] for d in (getattr(doc._, "dropped", None) or [])}
    layers = []
    placed: list[tuple[int, int]] = []  # (end, track) of entities that may still overlap
    for number, span in enumerate(entities(doc)):
        # Overlapping entities get distinct tracks, so their underlines sit at distinct depths.
        placed = [(end, track) for end, track in placed if end > span.start_char]
        used = {track for _, track in placed}
        track = next(t for t in range(len(used) + 1) if t not in used)
        placed.append((span.end_char, track))
        value = describe_value(span._.value, span.label_)
        rule = span._.rule
        title = f"{span.label_}: {value}" if value else span.label_
        if rule and f"rule={rule}" not in title:
            title += f" \u00b7 rule {rule}"
        label = span.label_
        reason = dropped.get((span.start_char, span.end_char)) if label == "QUANTITY" else None
        if reason is not None:  # a figure that is not a record: said apart from the records' figures
            title += f" \u00b7 not a record: {reason} ({DROP_REASONS.get(reason, '')})"
            label = "QUANTITY not a record"
        layers.append(_Layer(span.start_char, span.end_char, "ent", f"{prefix}-e{number}", label, title, track))
    return layers


def _evidence_fits(record: Record, text: str) -> bool:
    return isinstance(record.start, int) and isinstance(record.end, int) and 0 <= record.start < record.end <= len(text)


def _article_html(text: str, layers: Sequence[_Layer]) -> str:
    """``text`` escaped, with every layer drawn as nested ``<span>`` pieces (see the module doc)."""
    bounds = {0, len(text)}
    for layer in layers:
        bounds.update((layer.start, layer.end))
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    starting: dict[int, list[_Layer]] = {}
    for layer in layers:
        starting.setdefault(layer.start, []).append(layer)
    # The last piece of each layer carries the label badge; the first carries the anchor id.
    active: list[_Layer] = []
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        active = [layer for layer in active if layer.end > left] + starting.get(left, [])
        # outer (earlier start, later end) first; evidence outside the entity it coincides with
        active.sort(key=lambda layer: (layer.start, -layer.end, layer.kind != "ev"))
        piece = esc(text[left:right])
        if not active:
            out.append(piece)
            continue
        opened = []
        for layer in active:
            first, last = layer.start == left, layer.end == right
            if layer.kind == "ev":
                anchor = f' id="{layer.key}"' if first else ""
                opened.append(f'<span class="ev {esc(layer.label)}" data-ev="{layer.key}"{anchor}>')
            else:
                classes = ("ent" + (f" lv{min(layer.track, _TRACKS)}" if layer.track else "")
                           + (" first" if first else "") + (" last" if last else ""))
                opened.append(f'<span class="{classes}" data-ent="{layer.key}" data-label="{esc(layer.label)}" '
                              f'title="{esc(layer.title)}">')
        out.append("".join(opened) + piece + "</span>" * len(opened))
    return "".join(out)


def _location(record: Record) -> str:
    if not record.location:
        return '<span class="none">\u2013</span>'
    if record.province and record.province != record.location:
        return f"{esc(record.location)} <small>({esc(record.province)})</small>"
    return esc(record.location)


def _rules(rules: Mapping[str, str], rule_prefix: str = "rule") -> str:
    """A record's rule ids, each linked to its entry in the page's glossary (:func:`glossary`)."""
    if not rules:
        return '<span class="none">\u2013</span>'
    from ..engines.linking import rule_explanation, rule_family

    def item(name: str, reason: str) -> str:
        explained = rule_explanation(name, reason)
        if not explained:
            return f"<li><b>{esc(name)}</b> {esc(reason)}</li>"
        anchor = f"{rule_prefix}-{name}-{rule_family(reason)}"
        return (f'<li title="{esc(explained)}"><b>{esc(name)}</b> '
                f'<a href="#{esc(anchor)}">{esc(reason)}</a></li>')

    items = "".join(item(name, str(reason)) for name, reason in rules.items())
    return f'<ul class="rules">{items}</ul>'


def glossary(rule_prefix: str = "rule") -> str:
    """A ``<section>`` explaining every rule family a record can name (the target of each rule
    link; its ids start with ``rule_prefix``); docs/rules.md is the full glossary."""
    from ..engines.linking import rule_glossary

    items = "".join(f'<dt id="{esc(rule_prefix)}-{esc(field)}-{esc(family)}">{esc(field)}: {esc(family)}</dt>'
                    f'<dd>{esc(explained)}</dd>' for field, family, explained in rule_glossary())
    return f'<section class="glossary"><h2>Rules</h2><dl>{items}</dl></section>'


def _record_row(number: int, record: Record, anchor: str | None, rule_prefix: str = "rule") -> str:
    value = _number(record.value)
    if record.value_max is not None:
        value += f"\u2013{_number(record.value_max)}"
    if anchor:
        evidence = f'<a class="evlink" href="#{anchor}" data-ev="{anchor}">{esc(record.text)}</a>'
    else:
        evidence = (f'<span class="missing" title="offsets {record.start}-{record.end} are outside the article">'
                    f'{esc(record.text)}</span>')
    cells = [str(number + 1), esc(record.kind), esc(record.metric), value, esc(record.approx or ""),
             _location(record), esc(_years(record.period)), esc(record.as_of or ""), evidence,
             _rules(record.rules, rule_prefix)]
    classes = ["", "", "", ' class="num"', "", "", "", "", "", ""]
    tds = "".join(f"<td{cls}>{cell}</td>" for cls, cell in zip(classes, cells))
    data = f' data-ev="{anchor}"' if anchor else ""
    return f'<tr class="{esc(record.kind)}"{data}>{tds}</tr>'


_HEADER = ("#", "kind", "metric", "value", "approx", "location", "period", "as of", "evidence", "rules")


def _as_record(item: Record | Mapping[str, Any]) -> Record:
    return item if isinstance(item, Record) else Record.from_dict(dict(item))


def render_doc(doc: Doc, records: Iterable[Record | Mapping[str, Any]] | None = None, *,
               title: str | None = None, prefix: str = "a0", rule_prefix: str = "rule") -> str:
    """One ``<section>`` for a processed ``doc``: header, legend, highlighted text, records.

    ``records`` default to ``doc._.records``; dicts (as read from JSONL) are accepted too.
    ``prefix`` makes element ids unique when several articles share a page; rule ids link to
    the glossary whose ids start with ``rule_prefix`` (:func:`glossary`).
    """
    text = doc.text
    recs = [_as_record(r) for r in (records if records is not None else (doc._.records or []))]
    anchors = [f"{prefix}-r{n + 1}" if _evidence_fits(r, text) else None for n, r in enumerate(recs)]
    layers = _entity_layers(doc, prefix)
    counts: dict[str, int] = {}
    for layer in layers:
        counts[layer.label] = counts.get(layer.label, 0) + 1
    layers += [_Layer(r.start, r.end, "ev", a, r.kind) for r, a in zip(recs, anchors) if a]

    name = title or doc._.article_id or "article"
    meta = [f"published {doc._.published.isoformat()}" if doc._.published else "no publication date",
            _count(sum(counts.values()), "entity", "entities"), _count(len(recs), "record", "records")]
    meta_text = " \u00b7 ".join(meta)
    legend = "".join(
        f'<span><i style="--c:{COLOURS.get(label, OTHER_COLOUR)}"></i>{esc(label)} {count}</span>'
        for label, count in sorted(counts.items()))
    if recs:
        head = "".join(f"<th>{h}</th>" for h in _HEADER)
        rows = "".join(_record_row(n, r, a, rule_prefix) for n, (r, a) in enumerate(zip(recs, anchors)))
        table = f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    else:
        table = '<p class="none">No records.</p>'
    return (f'<section class="article" id="{esc(prefix)}"><h2>{esc(name)}</h2>'
            f'<p class="meta">{esc(meta_text)}</p><div class="legend">{legend}</div>'
            f'<div class="text">{_article_html(text, layers)}</div>{table}</section>')


def fragment(sections: Iterable[str], rule_prefix: str = "rule") -> str:
    """Sections in one ``<div>`` carrying its own style, glossary and script: fit for a
    notebook cell (``rule_prefix`` as given to :func:`render_doc`)."""
    return (f'<div class="renovex-review"><style>{_CSS}</style>{"".join(sections)}{glossary(rule_prefix)}'
            f'<script>{_JS}</script></div>')


def page(sections: Sequence[str], title: str = "renovex review", contents: Sequence[tuple[str, str]] = (), *,
         summary: str = "", pager: str = "") -> str:
    """A standalone HTML page of ``sections``; ``contents`` lists ``(href, name)`` for a table
    of contents (shown when there is more than one); ``summary`` (charts) comes first and
    ``pager`` (links to the other pages of a batch) above and below the articles."""
    nav = ""
    if len(contents) > 1:
        items = "".join(f'<li><a href="{esc(href if "#" in href else "#" + href)}">{esc(name)}</a></li>'
                        for href, name in contents)
        nav = f"<nav><ol>{items}</ol></nav>"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{esc(title)}</title><style>{_CSS}body{{margin:1.5em auto;max-width:70em;padding:0 1em}}</style>'
            f'</head><body><div class="renovex-review"><h1>{esc(title)}</h1>{pager}{summary}{nav}'
            f'{"".join(sections)}{pager}{glossary()}</div><script>{_JS}</script></body></html>\n')


def render(text_or_doc: str | Doc, published: date | str | None = None, *,
           records: Iterable[Record | Mapping[str, Any]] | None = None, nlp: Language | None = None,
           doc_id: str | None = None, full_page: bool = False) -> Review:
    """The review of one article as HTML; a notebook displays the result (see :class:`Review`).

    ``text_or_doc`` is an article's text (run through ``nlp``, default ``renovex.load()``) or
    a ``Doc`` (processed already, else it is run through ``nlp``). ``records`` replace
    ``doc._.records`` (for records read back from JSONL). By default the result is a fragment
    with its own style, for a notebook; ``full_page=True`` gives a standalone HTML file.
    """
    from spacy.tokens import Doc

    from ..api import load, make_doc, process
    from .inputs import parse_published

    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
        if doc._.records is None:
            nlp = nlp or load()
            if published is not None and doc._.published is None:
                doc._.published = parse_published(published)
            doc = nlp(doc)
    elif isinstance(text_or_doc, str):
        nlp = nlp or load()
        # any length: a long text in pieces, the first piece highlighted, every record listed
        doc = process(nlp, text_or_doc, published, doc_id) or nlp(make_doc(nlp, text_or_doc, published, doc_id))
    else:
        raise TypeError(f"render() takes an article's text or a spaCy Doc, not {type(text_or_doc).__name__}")
    if full_page:
        section = render_doc(doc, records, title=doc_id)
        return Review(page([section], title=f"renovex review: {doc_id or doc._.article_id or 'article'}"))
    # A notebook may show several reviews on one page: unique ids keep their links apart.
    prefix = f"rv{uuid.uuid4().hex[:10]}"
    return Review(fragment([render_doc(doc, records, title=doc_id, prefix=prefix, rule_prefix=f"{prefix}-rule")],
                           rule_prefix=f"{prefix}-rule"))

