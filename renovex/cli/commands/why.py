"""``renovex why INPUT... [--figure TEXT]``: for each figure of each article, the record it
became and the words and rules behind each field, or why it is not a record."""
from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "why", help="explain each figure: the rules and words behind a record, or why it is not one",
        description="For each quantity of each article: the record it became, with the rule and the words "
                    "that decided each field, or the reason it is not a record (docs/rules.md).")
    from .. import add_article_arguments

    add_article_arguments(p, "explain")
    p.add_argument("--figure", metavar="TEXT", help="only figures whose text contains TEXT (case-insensitive)")
    p.add_argument("--json", action="store_true", help="one JSON object a figure instead of text")
    p.set_defaults(func=cmd_why)


def cmd_why(args: argparse.Namespace) -> int:
    from .. import processed_articles

    needle = args.figure.lower() if args.figure else None
    failed: list = []
    shown = 0
    for item, doc in processed_articles(args, failed):
        figures = explained(doc._.records or [], doc._.dropped or []) if doc is not None else []
        figures = [f for f in figures if needle is None or needle in f["text"].lower()]
        if not figures:
            continue
        shown += len(figures)
        if args.json:
            for figure in figures:
                sys.stdout.write(json.dumps({"doc": item.id, **figure}, ensure_ascii=False) + "\n")
        else:
            published = doc._.published if doc is not None else None
            write_text(sys.stdout, item.id, published, figures)
    if not shown and (needle or args.ids):
        sys.stderr.write("renovex why: no figure matched\n")
    return 1 if failed else 0


def explained(records: list, dropped: list[dict]) -> list[dict[str, Any]]:
    """Records and dropped quantities in text order, as plain dicts: ``status`` "record" (with
    each field's value, rule and words) or "dropped" (with the reason and its explanation)."""
    from ...engines.linking import DROP_REASONS

    out: list[dict[str, Any]] = []
    for record in records:
        fields = {}
        for name, value in (("metric", record.metric), ("kind", record.kind), ("location", record.location),
                            ("period", _period(record.period)), ("value", record.value)):
            fields[name] = {"value": value, "rule": record.rules.get(name), "words": record.evidence.get(name)}
        out.append({"text": record.text, "start": record.start, "end": record.end, "status": "record",
                    "fields": fields, "as_of": record.as_of})
    for figure in dropped:
        out.append({"text": figure["text"], "start": figure["start"], "end": figure["end"], "status": "dropped",
                    "reason": figure["reason"], "explanation": DROP_REASONS.get(figure["reason"], "")})
    return sorted(out, key=lambda f: (f["start"], f["status"]))


def _period(period: dict | None) -> str | None:
    if not period:
        return None
    if period["start"] is None:
        return f"by {period['end']}"
    return str(period["start"]) if period["start"] == period["end"] else f"{period['start']}-{period['end']}"


def write_text(out: IO[str], article_id: str, published: Any, figures: list[dict[str, Any]]) -> None:
    out.write(f"{article_id}  ({'published ' + str(published) if published else 'no publication date'})\n")
    for figure in figures:
        head = f"  {figure['text']!r} at {figure['start']}: "
        if figure["status"] == "dropped":
            out.write(f"{head}not a record: {figure['reason']} ({figure['explanation']})\n")
            continue
        fields = figure["fields"]
        out.write(f"{head}{fields['kind']['value']} record\n")
        for name in ("metric", "kind", "location", "period", "value"):
            field = fields[name]
            words = field["words"]
            said = f'  "{words["text"]}" at {words["start"]}' if words else ""
            value = f"{field['value']:g}" if isinstance(field["value"], float) else str(field["value"])
            out.write(f"      {name:<9} {value:<22} {field['rule'] or '':<40}{said}".rstrip() + "\n")
        if figure["as_of"]:
            out.write(f"      {'as_of':<9} {figure['as_of']}\n")
