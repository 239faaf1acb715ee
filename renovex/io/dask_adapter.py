"""Extract records from a Dask bag or DataFrame of articles (the ``renovex[dask]`` extra).

    from dask.distributed import Client
    import dask.bag as db
    from renovex.io.dask_adapter import extract_bag

    client = Client("tcp://scheduler:8786")
    records = extract_bag(db.read_text("feeds/*.jsonl").map(json.loads)).compute()

Each partition runs in one task; the pipeline is loaded once per worker process (by
:func:`renovex.load`, which caches it per process) and reused by every later task
there, so only the pack name travels with the tasks. Workers need renovex installed.
This module is named ``dask_adapter`` so that it does not shadow the ``dask`` package.
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Mapping

from .frames import DTYPES, to_frame
from ..core.records import Record
from ..core.resources import DEFAULT_PACK

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["extract_bag", "extract_dataframe", "RECORD_DTYPES"]

logger = logging.getLogger(__name__)

Errors = Literal["raise", "skip"]

RECORD_DTYPES: dict[str, str] = dict(DTYPES)
"""Column name -> pandas dtype of :func:`extract_dataframe`'s result: the columns of the record
schema, typed as :func:`renovex.to_frame` types them (so ``to_parquet`` and ``to_csv`` work)."""


def _articles_records(articles: Iterable[tuple[str, Any, Any]], pack: str, published: date | str | None,
                      errors: Errors) -> Iterator[Record]:
    """Records of ``(text, id, published)`` triples, with the pipeline of this process."""
    from ..api import load, process

    nlp = load(pack)
    for text, article_id, article_published in articles:
        article_id = None if _missing(article_id) else str(article_id)
        try:
            when = published if _missing(article_published) else article_published
            doc = process(nlp, text, when, article_id)
            if doc is None:
                continue
        except Exception as error:  # one bad article: raise with its id, or log it and go on
            if errors == "raise":
                raise ValueError(f"article {article_id}: {type(error).__name__}: {error}") from error
            logger.warning("article %s skipped: %s: %s", article_id, type(error).__name__, error)
            continue
        yield from doc._.records or []


def _missing(value: Any) -> bool:
    """None, or a pandas/NumPy missing value (NaN, NA, NaT)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


def _item_article(item: str | Mapping[str, Any]) -> tuple[str, Any, Any]:
    if isinstance(item, str):
        return item, None, None
    if not isinstance(item, Mapping) or "text" not in item:
        raise ValueError(f"a bag item must be a text or a dict with 'text' (and 'id', 'published'), "
                         f"not {type(item).__name__} {str(item)[:80]!r}")
    return item["text"], item.get("id"), item.get("published")


def _bag_partition(items: Iterable[Any], pack: str, published: date | str | None, errors: Errors) -> list[dict]:
    articles = (_item_article(item) for item in items)
    return [record.to_dict() for record in _articles_records(articles, pack, published, errors)]


def extract_bag(bag: "dask.bag.Bag", pack: str | Path = DEFAULT_PACK, published: date | str | None = None,
                errors: Errors = "raise") -> "dask.bag.Bag":
    """A bag of record dicts (``Record.to_dict()``) from a bag of articles.

    Items are texts or dicts with ``text`` and optional ``id`` and ``published``
    (``"YYYY-MM-DD"`` or a date; ``published`` here is the default). A text has no id, so its
    records have ``doc`` None. ``errors="raise"`` fails the task on an article that breaks a
    component (naming it); ``"skip"`` logs a warning on the worker and goes on.
    """
    return bag.map_partitions(_bag_partition, str(pack), published, _check(errors))


def _frame_partition(frame: "pandas.DataFrame", text_column: str, id_column: str | None,
                     published_column: str | None, pack: str, published: date | str | None,
                     errors: Errors) -> "pandas.DataFrame":
    texts = frame[text_column].tolist()
    ids = frame[id_column].tolist() if id_column else [None] * len(texts)
    dates = frame[published_column].tolist() if published_column else [None] * len(texts)
    records = _articles_records(zip(texts, ids, dates), pack, published, errors)
    return records_frame(records)


def records_frame(records: Iterable[Record]) -> "pandas.DataFrame":
    """Records as a pandas DataFrame with the columns and dtypes of :data:`RECORD_DTYPES`."""
    return to_frame(list(records))


def extract_dataframe(df: "dask.dataframe.DataFrame", text_column: str = "text", id_column: str | None = "id",
                      published_column: str | None = None, pack: str | Path = DEFAULT_PACK,
                      published: date | str | None = None, errors: Errors = "raise") -> "dask.dataframe.DataFrame":
    """A Dask DataFrame of records (columns and dtypes of :data:`RECORD_DTYPES`, one row a
    record) from a Dask DataFrame of articles, one a row.

    ``id_column`` fills the ``doc`` column (None: no ids); ``published_column``, when given,
    holds each article's date (``"YYYY-MM-DD"``, a date or missing), ``published`` the default.
    The index of the result is a fresh range in each partition.
    """
    for column in (text_column, id_column, published_column):
        if column is not None and column not in df.columns:
            raise ValueError(f"no column {column!r} in the DataFrame (columns: {', '.join(map(str, df.columns))})")
    meta = records_frame([])
    return df.map_partitions(_frame_partition, text_column, id_column, published_column, str(pack), published,
                             _check(errors), meta=meta)


def _check(errors: str) -> Errors:
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    return errors  # type: ignore[return-value]
