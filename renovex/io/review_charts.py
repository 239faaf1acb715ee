"""The summary of a review: small charts of a batch's records, drawn as inline SVG.

Pure and offline: a :class:`Summary` takes records one at a time (keeping a few counters,
never the records, so a batch of any size fits) and :meth:`Summary.html` draws

- records per metric, per province and per year (horizontal bars, largest first);
- plan against outcome per place, for the metric and year with the most single-year
  figures: the largest plan and the largest outcome each place reports for them.

No plotting library and no script: each chart is a few ``<rect>`` and ``<text>`` elements,
so a page stays readable in any browser, in a notebook and when printed.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = ["Summary", "bar_chart", "esc", "paired_bar_chart"]

BAR_COLOUR = "#4c6ef5"
PLAN_COLOUR = "#4c6ef5"
OUTCOME_COLOUR = "#2f9e44"
MAX_BARS = 12
"""Bars per chart; the rest are summed into one "other" bar (counts) or left out (values)."""

_WIDTH = 420
_LABEL_WIDTH = 150
_ROW = 18


def esc(value: object) -> str:
    """Text (or any value) made safe for HTML text and attribute values: the review's one escaper."""
    return html.escape(str(value), quote=True)


def _short(value: float) -> str:
    """``1234567`` as ``1.23M``: bar ends have little room."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:g}"


def _field(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)


def _single_year(period: Any) -> int | None:
    if not period:
        return None
    start, end = (period.get("start"), period.get("end")) if isinstance(period, Mapping) else tuple(period)
    return end if start == end and isinstance(end, int) else None


def _year_of(record: Any) -> int | None:
    """The year a record is about: its period's last year, else its as-of date's year."""
    period = _field(record, "period")
    if period:
        end = period.get("end") if isinstance(period, Mapping) else tuple(period)[1]
        if isinstance(end, int):
            return end
    as_of = _field(record, "as_of")
    return int(str(as_of)[:4]) if as_of and str(as_of)[:4].isdigit() else None


def bar_chart(title: str, counts: Iterable[tuple[str, float]], *, colour: str = BAR_COLOUR) -> str:
    """A horizontal bar chart (an ``<svg>`` inside a ``<figure>``) of ``(label, value)`` pairs,
    drawn in the given order; an empty list gives a figure that says so."""
    items = [(str(label), float(value)) for label, value in counts]
    caption = f"<figcaption>{esc(title)}</figcaption>"
    if not items:
        return f'<figure class="chart">{caption}<p class="none">nothing to draw</p></figure>'
    top = max(value for _, value in items) or 1.0
    bar_room = _WIDTH - _LABEL_WIDTH - 50
    rows = []
    for n, (label, value) in enumerate(items):
        y = n * _ROW
        width = max(1.0, bar_room * value / top)
        rows.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{esc(label[:24])}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" fill="{colour}">'
            f'<title>{esc(label)}: {value:,g}</title></rect>'
            f'<text x="{_LABEL_WIDTH + width + 4:.1f}" y="{y + 13}">{_short(value)}</text>')
    height = len(items) * _ROW + 4
    svg = (f'<svg role="img" aria-label="{esc(title)}" '
           f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" font-size="11">'
           + "".join(rows) + "</svg>")
    return f'<figure class="chart">{caption}{svg}</figure>'


def paired_bar_chart(title: str, rows: Iterable[tuple[str, float | None, float | None]],
                     legend: tuple[str, str] = ("plan", "outcome")) -> str:
    """Two bars per label (``(label, first, second)``, either may be None), on one scale."""
    items = list(rows)
    caption = f"<figcaption>{esc(title)}</figcaption>"
    if not items:
        return f'<figure class="chart">{caption}<p class="none">nothing to draw</p></figure>'
    top = max((v for _, a, b in items for v in (a, b) if v is not None), default=0.0) or 1.0
    bar_room = _WIDTH - _LABEL_WIDTH - 50
    colours = (PLAN_COLOUR, OUTCOME_COLOUR)
    parts = [f'<rect x="{_LABEL_WIDTH + 80 * n}" y="2" width="10" height="10" fill="{colour}"/>'
             f'<text x="{_LABEL_WIDTH + 80 * n + 14}" y="11">{esc(name)}</text>'
             for n, (name, colour) in enumerate(zip(legend, colours))]
    pair = 2 * (_ROW - 6) + 6
    for n, (label, *values) in enumerate(items):
        y = 18 + n * pair
        parts.append(f'<text x="{_LABEL_WIDTH - 6}" y="{y + pair / 2 + 1:.0f}" text-anchor="end">{esc(label[:24])}</text>')
        for k, (value, colour, name) in enumerate(zip(values, colours, legend)):
            if value is None:
                continue
            width = max(1.0, bar_room * value / top)
            top_y = y + k * (_ROW - 6)
            parts.append(f'<rect x="{_LABEL_WIDTH}" y="{top_y}" width="{width:.1f}" height="{_ROW - 7}" '
                         f'fill="{colour}"><title>{esc(label)}, {esc(name)}: {value:,g}</title></rect>'
                         f'<text x="{_LABEL_WIDTH + width + 4:.1f}" y="{top_y + 9}" font-size="9">{_short(value)}</text>')
    height = 18 + len(items) * pair + 4
    svg = (f'<svg role="img" aria-label="{esc(title)}" '
           f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" font-size="11">'
           + "".join(parts) + "</svg>")
    return f'<figure class="chart">{caption}{svg}</figure>'


def _top(counter: Counter, limit: int = MAX_BARS) -> list[tuple[str, int]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
    if len(ranked) <= limit:
        return ranked
    rest = sum(count for _, count in ranked[limit - 1:])
    return ranked[:limit - 1] + [(f"{len(ranked) - limit + 1} others", rest)]


@dataclass
class Summary:
    """Counters over records (``Record`` objects or dicts as read from JSONL), drawn by
    :meth:`html`. ``add`` keeps no reference to a record."""

    articles: int = 0
    records: int = 0
    by_metric: Counter = field(default_factory=Counter)
    by_province: Counter = field(default_factory=Counter)
    by_year: Counter = field(default_factory=Counter)
    # (metric, year) -> place -> [largest plan, largest outcome]
    _figures: dict[tuple[str, int], dict[str, list[float | None]]] = field(default_factory=dict)

    def add(self, records: Iterable[Any]) -> None:
        """Count one article's records."""
        self.articles += 1
        for record in records:
            self.records += 1
            metric = _field(record, "metric") or "unknown"
            self.by_metric[metric] += 1
            self.by_province[_field(record, "province") or _field(record, "location") or "no place"] += 1
            year = _year_of(record)
            self.by_year["no year" if year is None else str(year)] += 1
            single, value = _single_year(_field(record, "period")), _field(record, "value")
            place, kind = _field(record, "location"), _field(record, "kind")
            if single is None or value is None or not place or kind not in ("plan", "outcome"):
                continue
            slot = self._figures.setdefault((metric, single), {}).setdefault(place, [None, None])
            index = 0 if kind == "plan" else 1
            slot[index] = value if slot[index] is None else max(slot[index], value)

    def plan_and_outcome(self) -> tuple[str, int, list[tuple[str, float | None, float | None]]] | None:
        """The metric and year with the most places reporting a figure, and per place (those
        with both a plan and an outcome first) the largest plan and the largest outcome."""
        if not self._figures:
            return None
        # most places, then the metric with most records, then the latest year
        (metric, year), places = max(self._figures.items(), key=lambda item: (
            len(item[1]), self.by_metric[item[0][0]], item[0][1], item[0][0]))
        rows = sorted(places.items(), key=lambda item: (None in item[1], -max(v or 0 for v in item[1]), item[0]))
        return metric, year, [(place, plan, outcome) for place, (plan, outcome) in rows[:MAX_BARS]]

    def html(self) -> str:
        """A ``<section class="summary">`` with the four charts."""
        years = sorted(self.by_year.items(), key=lambda item: (item[0] == "no year", item[0]))
        charts = [bar_chart("records per metric", _top(self.by_metric)),
                  bar_chart("records per province", _top(self.by_province)),
                  bar_chart("records per year (period end, else as-of date)", years[-MAX_BARS:])]
        paired = self.plan_and_outcome()
        if paired:
            metric, year, rows = paired
            charts.append(paired_bar_chart(f"{metric} in {year}: plan and outcome per place (largest figure)", rows))
        else:
            charts.append(paired_bar_chart("plan and outcome per place", []))
        head = f"{self.articles:,} articles \u00b7 {self.records:,} records"
        return (f'<section class="summary" id="summary"><h2>Summary</h2><p class="meta">{head}</p>'
                f'<div class="charts">{"".join(charts)}</div></section>')
