"""renovex: plan and outcome records from policy news about old-community renovation.

    >>> import renovex
    >>> records = renovex.extract("In 2022, Xinjiang plans to renovate 1,273 old communities.")
"""
from __future__ import annotations

from .api import extract, extract_many, load
from .analysis.facts import consolidate
from .core.records import Record
from .core.resources import RuleFileError
from .core.schema import RecordError
from .core.version import __version__
from .io.articles import InputWarning
from .io.outputs import OutputError
from .pipeline.time_budget import OverBudgetWarning

__all__ = ["load", "extract", "extract_many", "Record", "consolidate", "render", "to_frame", "to_csv",
           "to_parquet", "read_records", "__version__",
           # what a user catches: the errors and warnings of the layers below, by a short name
           "InputWarning", "OutputError", "OverBudgetWarning", "RecordError", "RuleFileError"]

# Imported on first use, so that ``import renovex`` never imports pandas.
_LAZY = {"render": "io.review", "to_frame": "io.frames", "to_csv": "io.frames", "to_parquet": "io.frames",
         "read_records": "io.record_files"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
