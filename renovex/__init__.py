"""renovex: plan and outcome records from policy news about old-community renovation.

    >>> import renovex
    >>> records = renovex.extract("In 2022, Xinjiang plans to renovate 1,273 old communities.")
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import extract, extract_many, load
from .facts import consolidate
from .records import Record

try:
    __version__ = version("renovex")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["load", "extract", "extract_many", "Record", "consolidate", "render", "to_frame", "to_csv",
           "to_parquet", "read_records", "__version__"]

# Imported on first use, so that ``import renovex`` never imports pandas.
_LAZY = {"render": "review", "to_frame": "frames", "to_csv": "frames", "to_parquet": "frames",
         "read_records": "record_files"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
