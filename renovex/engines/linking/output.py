"""From decided figures to records: one record per fact (a headline that repeats a body
figure gives one), completed from its repeats, with every rule that decided a field.
"""
from __future__ import annotations

from ...core.records import Record
from .article import _Article, _Figure


def _headline_end(article: _Article) -> int:
    """Where the article's first short line (its headline) ends; -1 when it has none."""
    return article.text.find("\n", 0, 250)


def _one_per_fact(article: _Article, figures: list[_Figure]) -> list[_Figure]:
    """A headline that repeats a body figure is one record, the body's; later repeats
    of a figure in the body are dropped, unless both name different periods ("will build 7
    million homes in 2015 ... began 7 million in 2014": two facts)."""
    kept: list[_Figure] = []
    seen: dict[tuple, _Figure] = {}
    other_years: dict[tuple, list[_Figure]] = {}  # same figure, another period: its own fact
    # the headline's end found once (a long article may have no line break to find)
    headline_end = _headline_end(article)
    headlines = [f for f in figures if f.mention.start < headline_end]
    if headlines:
        headline_ids = {id(f) for f in headlines}
        body = [f for f in figures if id(f) not in headline_ids]
    else:
        headline_ids, body = set(), figures
    body_values = {(round(f.mention.value.value, 6), f.mention.value.value_max) for f in body}
    for figure in body + headlines:
        q = figure.mention.value
        key = (figure.metric, round(q.value, 6), q.value_max)
        if key in seen and id(figure) not in headline_ids:
            same = next((f for f in (seen[key], *other_years.get(key, ())) if not _other_period(f, figure)), None)
            if same is not None:
                _complete_from_repeat(same, figure)
                article.dropped.append((figure.mention, "repeat"))
                continue
            other_years.setdefault(key, []).append(figure)
            kept.append(figure)
            continue
        if key in seen:
            _complete_from_repeat(seen[key], figure)
            article.dropped.append((figure.mention, "repeat"))
            continue
        headline = id(figure) in headline_ids
        if headline and q.value >= 10 and key[1:] in body_values:
            article.dropped.append((figure.mention, "repeat"))
            continue  # "46 old community projects" over a body's "46 old residential communities"
        if headline and q.approx and any(
                f.metric == figure.metric and abs(f.mention.value.value - q.value) <= 0.1 * q.value for f in body):
            article.dropped.append((figure.mention, "headline_rounding"))
            continue  # a headline rounding a body figure
        seen[key] = figure
        kept.append(figure)
    return sorted(kept, key=lambda f: f.mention.start)


_UNCUED_KINDS = ("default_outcome", "paragraph_previous")


def _other_period(first: _Figure, repeat: _Figure) -> bool:
    """Two mentions of one number that each name a different year in their own clause ("in
    2015", "in 2014"); a relative or contextual year, or a headline's, may only be resolved
    differently for one fact."""
    return (first.period is not None and repeat.period is not None and first.period != repeat.period
            and all(f.rules.get("period", "").startswith("clause:year") for f in (first, repeat)))


def _complete_from_repeat(first: _Figure, repeat: _Figure) -> None:
    """"800 old residential communities!" as a teaser line, then "In 2023, Shenyang plans to
    renovate 800 old residential communities": one fact, its record the first mention's, with
    what only the repeat says (the period, a cued kind, the place)."""
    if first.period is None and repeat.period is not None:
        first.period, first.as_of = repeat.period, first.as_of or repeat.as_of
        first.rules["period"] = f"repeat:{repeat.rules.get('period')}"
        _take_evidence(first, repeat, "period")
    if first.rules.get("kind") in _UNCUED_KINDS and repeat.rules.get("kind", "").startswith("cue:"):
        first.kind, first.rules["kind"] = repeat.kind, f"repeat:{repeat.rules['kind']}"
        _take_evidence(first, repeat, "kind")
    if first.place is None and first.rules.get("location") == "none" and repeat.place is not None:
        first.place, first.rules["location"] = repeat.place, f"repeat:{repeat.rules.get('location')}"
        _take_evidence(first, repeat, "location")


def _take_evidence(first: _Figure, repeat: _Figure, name: str) -> None:
    first.evidence.pop(name, None)
    if name in repeat.evidence:
        first.evidence[name] = repeat.evidence[name]


def _to_record(article: _Article, figure: _Figure, doc_id: str | None,
               term_ids_by_sentence: dict[int, list[str]]) -> Record:
    q = figure.mention.value
    place = figure.place
    location = getattr(place, "name", None)
    province = None
    if place is not None and getattr(place, "level", None) != "country":
        province = getattr(place, "province", None) or location
    s_start, s_end = article.sentences[figure.sentence]
    evidence = {name: {"start": start, "end": end, "text": article.text[start:end]}
                for name, (start, end) in _evidence(figure).items()}
    return Record(
        doc=doc_id, kind=figure.kind, metric=figure.metric, value=q.value, value_max=q.value_max,
        approx=q.approx, location=location, province=province,
        period={"start": figure.period[0], "end": figure.period[1]} if figure.period and figure.period[1] is not None else None,
        as_of=figure.as_of.isoformat() if figure.as_of else None,
        text=article.text[figure.mention.start:figure.mention.end], start=figure.mention.start,
        end=figure.mention.end, sentence=article.text[s_start:s_end].strip(), group=figure.group,
        terms=term_ids_by_sentence.get(figure.sentence, []), rules=dict(figure.rules, value=q.rule or ""),
        evidence=evidence,
    )


def _evidence(figure: _Figure) -> dict[str, tuple[int, int]]:
    """The figure's evidence spans; a qualifier's fields taken from its head point to the head's words."""
    spans = dict(figure.evidence)
    head = figure.head
    while head is not None:
        for name in ("kind", "location", "period"):
            if figure.rules.get(name) == "qualifier_of_head" and name not in spans and name in head.evidence:
                spans[name] = head.evidence[name]
        head = head.head
    return {name: spans[name] for name in ("kind", "location", "period") if name in spans}
