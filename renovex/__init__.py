"""renovex: plan and outcome records from policy news about old-community renovation.

    >>> import renovex
    >>> records = renovex.extract("In 2022, Xinjiang plans to renovate 1,273 old communities.")
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import extract, extract_many, load
from .records import Record

try:
    __version__ = version("renovex")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["load", "extract", "extract_many", "Record", "__version__"]
