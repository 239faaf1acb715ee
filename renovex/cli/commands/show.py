"""``renovex show INPUT... -o page.html``: a review page of the articles' entities and records."""
from __future__ import annotations

import argparse
import sys

from ...io.review_pages import DEFAULT_PER_PAGE


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "show", help="write an HTML review page: entities highlighted, records linked to their evidence",
        description="Write a self-contained HTML review (works offline): summary charts of the records, "
                    "then each article with its entities highlighted by type and a table of its records, "
                    "each linked to its evidence and its rules to a glossary. A batch of more than "
                    "--per-page articles becomes an index page at OUTPUT and numbered pages beside it "
                    "(OUTPUT-001.html, ...).")
    from .. import add_article_arguments

    add_article_arguments(p, "show")
    p.add_argument("-o", "--output", help="the HTML file to write (default: standard output)")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N articles")
    p.add_argument("--title", default="renovex review", help="page title")
    p.add_argument("--per-page", type=int, default=DEFAULT_PER_PAGE, metavar="N",
                   help=f"articles per page; more make an index and numbered pages (default {DEFAULT_PER_PAGE})")
    p.set_defaults(func=cmd_show)


def cmd_show(args: argparse.Namespace) -> int:
    from ...io.outputs import check_output
    from ...io.review import render_doc
    from ...io.review_pages import PagedReview
    from .. import processed_articles

    if args.limit is not None and args.limit < 1:
        raise ValueError(f"--limit must be at least 1, got {args.limit}")
    check_output(args.output, args.inputs)
    review = PagedReview(args.output, title=args.title, per_page=args.per_page)
    shown: set[str] = set()
    failed: list = []
    records = 0
    for item, doc in processed_articles(args, failed, exclude=[args.output] if args.output else []):
        if doc is None:
            continue
        name = f"{item.id}: {item.title}" if item.title else item.id
        review.add(render_doc(doc, title=name, prefix=review.next_anchor()), name, doc._.records or [])
        shown.add(item.id)
        records += len(doc._.records or [])
        if args.limit is not None and review.articles >= args.limit:
            break
    errors = len(failed)
    for article_id in sorted(set(args.ids or ()) - shown):
        errors += 1
        sys.stderr.write(f"renovex show: error: no article with id {article_id!r} in the input\n")

    written = review.close()
    if written:
        pages = f" (index and {len(written) - 1} pages: {written[0].name} ...)" if len(written) > 1 else ""
        sys.stderr.write(f"renovex: {review.articles} articles, {records} records, {errors} errors "
                         f"-> {args.output}{pages}\n")
    return 1 if errors else 0
