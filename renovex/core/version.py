"""renovex's version, from the installed package's metadata."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("renovex")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
