"""Sub-commands that live beside the code they drive.

Each module named in ``MODULES`` has ``register(subparsers)``, which adds its parser and
sets ``func``; ``renovex.cli.build_parser`` calls them in this order. The core commands
(extract, evaluate, tag) stay in ``renovex.cli``.
"""
from __future__ import annotations

MODULES: tuple[str, ...] = (
    "export",
    "show",
    "why",
    "consolidate",
    "pack",
)
