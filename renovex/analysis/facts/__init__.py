"""The cross-article fact table: ``consolidate(records)``.

Records from many articles become facts. One fact is one figure about one place, metric,
kind, period and cut-off date; the articles that report it within a tolerance are its
sources, values beyond the tolerance are conflicts. Each outcome is linked to the plan it
measures progress against (completion = outcome / plan), and a stated percentage is
checked against the part and whole it is computed from ("1,481 of the 1,506 ... 98.34%").

Pure Python (no spaCy, no pandas): it works on records read back from JSONL. The rules in
words are in docs/facts.md; the word patterns are in ``renovex/data/facts.json``.
"""
from __future__ import annotations

from .merge import LINK_RULES, consolidate  # noqa: F401
from .rules import (CSV_COLUMNS, DEFAULT_TOLERANCE, DIRECTIONS, KIND_ORDER, MAX_LISTED, STATUSES, FactRules,  # noqa: F401
                    Mention, _period, as_mention, default_rules, last_digit_unit, value_interval)
from .table import Fact, FactTable, PercentCheck, Source, ValueGroup  # noqa: F401

__all__ = ["DEFAULT_TOLERANCE", "CSV_COLUMNS", "Fact", "FactRules", "FactTable", "Mention", "PercentCheck",
           "Source", "ValueGroup", "consolidate", "as_mention", "value_interval", "last_digit_unit"]
