"""``renovex show INPUT... -o page.html``: a review page of the articles' entities and records."""
from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "show", help="write an HTML review page: entities highlighted, records linked to their evidence",
        description="Write one self-contained HTML page (works offline) with each article's entities "
                    "highlighted by type and a table of its records, each linked to its evidence.")
    from ..cli import add_article_arguments

    add_article_arguments(p, "show")
    p.add_argument("-o", "--output", help="the HTML file to write (default: standard output)")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N articles")
    p.add_argument("--title", default="renovex review", help="page title")
    p.set_defaults(func=cmd_show)


def cmd_show(args: argparse.Namespace) -> int:
    from ..api import load, process
    from ..inputs import InputError, iter_articles, parse_published
    from ..outputs import check_output, replacing
    from ..review import page, render_doc

    if args.limit is not None and args.limit < 1:
        raise ValueError(f"--limit must be at least 1, got {args.limit}")
    check_output(args.output, args.inputs)
    nlp = load(args.pack) if args.pack else load()
    default_published = parse_published(args.published) if args.published else None
    wanted = set(args.ids or ())
    sections: list[str] = []
    contents: list[tuple[str, str]] = []
    shown: set[str] = set()
    errors = records = 0
    for item in iter_articles(args.inputs, stdin=sys.stdin, exclude=[args.output] if args.output else []):
        if isinstance(item, InputError):
            errors += 1
            sys.stderr.write(f"renovex: error: {item.source}: {item.message}\n")
            continue
        if wanted and item.id not in wanted:
            continue
        for warning in item.warnings:
            sys.stderr.write(f"renovex: warning: {item.source}: {warning}\n")
        doc = process(nlp, item.text, item.published or default_published, item.id)
        if doc is None:
            continue
        anchor = f"a{len(sections)}"
        name = f"{item.id}: {item.title}" if item.title else item.id
        sections.append(render_doc(doc, title=name, prefix=anchor))
        contents.append((anchor, name))
        shown.add(item.id)
        records += len(doc._.records or [])
        if args.limit is not None and len(sections) >= args.limit:
            break
    for article_id in sorted(wanted - shown):
        errors += 1
        sys.stderr.write(f"renovex show: error: no article with id {article_id!r} in the input\n")

    html = page(sections, title=args.title, contents=contents)
    to_file = args.output and args.output != "-"
    with replacing(args.output) as handle:
        handle.write(html)
    if to_file:
        sys.stderr.write(f"renovex: {len(sections)} articles, {records} records, {errors} errors -> {args.output}\n")
    return 1 if errors else 0
