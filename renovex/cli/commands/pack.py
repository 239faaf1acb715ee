"""``renovex pack``: check a rule pack, start a new one, list the bundled ones."""
from __future__ import annotations

import argparse
import sys

from ...core.resources import DEFAULT_PACK


def register(subparsers) -> None:
    parser = subparsers.add_parser("pack", help="rule packs: check, new, list (see docs/rule-packs.md)")
    actions = parser.add_subparsers(dest="pack_command", required=True)

    p = actions.add_parser("check", help="validate a pack; print every error as FILE:LINE: message")
    p.add_argument("pack", metavar="PATH", help="a pack folder, or the name of a bundled pack")
    p.set_defaults(func=cmd_check)

    p = actions.add_parser("new", help="write a new pack folder: a skeleton, or a copy of a pack to extend")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--dir", default=".", help="folder to create it in (default: the current one)")
    p.add_argument("--from", dest="source", metavar="PACK",
                   help=f"copy this pack instead of the skeleton, e.g. --from {DEFAULT_PACK}")
    p.set_defaults(func=cmd_new)

    p = actions.add_parser("list", help="the bundled packs and what they hold")
    p.set_defaults(func=cmd_list)


def cmd_check(args: argparse.Namespace) -> int:
    from ...rules import check_pack

    report = check_pack(args.pack)
    for error in report.errors:
        print(error)
    if report.errors:
        count = len(report.errors)
        sys.stderr.write(f"renovex pack check: {count} error{'s' if count > 1 else ''} in {args.pack}\n")
        return 1
    print(f"ok: {report.summary()}")
    for note in report.notes:
        print(f"  {note}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from ...rules import check_pack, new_pack

    try:
        folder = new_pack(args.name, args.dir, args.source)
    except FileExistsError as error:
        sys.stderr.write(f"renovex pack new: error: {error}\n")
        return 2
    print(f"wrote {folder}: {', '.join(sorted(p.name for p in folder.iterdir()))}")
    print(f"edit the files, then: renovex pack check {folder}")
    return 0 if check_pack(folder).ok else 1


def cmd_list(args: argparse.Namespace) -> int:
    from ...rules import check_pack, list_packs

    for name in list_packs():
        report = check_pack(name)
        default = " (default)" if name == DEFAULT_PACK else ""
        print(f"{report.summary()}{default}" if report.ok else f"{name}: {len(report.errors)} errors")
    return 0
