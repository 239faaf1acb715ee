"""An incremental store of articles and their records in SQLite.

``renovex extract ... --db records.sqlite`` writes here and ``renovex export`` reads
back. Each article is stored with a content hash (its text and publication date), so
a rerun skips what is already done and re-processes what changed. Writes go in
batches, one transaction each: a run killed midway keeps every committed batch, and
the articles of the lost batch are simply not current on the next run.

Only the standard library's :mod:`sqlite3` is used.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, Iterable, Iterator

from ..core.dates import published_text
from ..core.records import SPEC_FIELDS, Record

__all__ = ["SCHEMA_VERSION", "ArticleResult", "Store", "StoreError", "StoreWriter", "content_hash"]

SCHEMA_VERSION = 1
LOCK_WAIT_SECONDS = 60.0
"""How long a run waits for a store another process holds (SQLite's busy timeout)."""

# Spec fields as columns, with the period split in two so that SQL can filter on years.
RECORD_COLUMNS = tuple(c for name in SPEC_FIELDS
                       for c in (("period_start", "period_end") if name == "period" else (name,)))
_TYPES = {"value": "REAL", "value_max": "REAL", "period_start": "INTEGER", "period_end": "INTEGER",
          "start": "INTEGER", "end": "INTEGER"}
# Quoted: "start" and "end" are SQL keywords.
_QUOTED = ", ".join(f'"{c}"' for c in RECORD_COLUMNS)
_DECLARED = ", ".join(f'"{c}" {_TYPES.get(c, "TEXT")}' for c in RECORD_COLUMNS)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,          -- first-seen order; kept when an article is re-processed
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT,                -- null for input that could not be read as an article
    published TEXT,
    processed_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error TEXT,
    n_records INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS records (
    article_id TEXT NOT NULL REFERENCES articles(id),
    ordinal INTEGER NOT NULL,
    {_DECLARED},
    json TEXT NOT NULL,               -- the full Record.to_dict(), extras included
    PRIMARY KEY (article_id, ordinal)  -- also the index on article_id (its first column)
);
"""


class StoreError(ValueError):
    """A store file that cannot be used (not SQLite, another schema version, missing)."""


def content_hash(text: str, published: date | None) -> str:
    """SHA-256 of the text and the publication date: a new date re-processes the article
    because it changes how "this year" resolves."""
    stamp = published_text(published) if published else ""
    return hashlib.sha256(f"{stamp}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class ArticleResult:
    """What one run learned about one article: its records, or the error that stopped it."""

    id: str
    content_hash: str | None
    published: date | None = None
    records: list[Record] = field(default_factory=list)
    error: str | None = None

    @property
    def status(self) -> str:
        return "error" if self.error is not None else "ok"


class Store:
    """Articles and records in one SQLite file; use as a context manager.

    ``create=False`` opens an existing store only (for reading it back).
    """

    def __init__(self, path: str | Path, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (run `renovex extract ... --db {self.path}` first)")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # transactions are explicit; a store another run is writing is waited for, not failed on
        self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_WAIT_SECONDS)
        try:
            self._open(create)
        except sqlite3.DatabaseError as error:
            self._conn.close()
            raise StoreError(f"{self.path}: not a usable renovex store ({error})") from None
        except StoreError:
            self._conn.close()
            raise

    def _open(self, create: bool) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        # In WAL mode NORMAL loses no committed batch when the process is killed (only,
        # perhaps, the last ones on a power cut) and saves an fsync per commit.
        conn.execute("PRAGMA synchronous = NORMAL")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" in tables:
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                found = row[0] if row else "none"
                raise StoreError(f"{self.path}: store schema version {found}, this renovex reads {SCHEMA_VERSION}")
            return
        if tables:
            raise StoreError(f"{self.path}: an SQLite file but not a renovex store "
                             f"(tables: {', '.join(sorted(tables))})")
        if not create:
            raise StoreError(f"{self.path}: an empty file, not a renovex store")
        # WAL: readers (export) do not block the writer; a killed writer leaves committed data intact.
        conn.execute("PRAGMA journal_mode = WAL")
        # Two runs creating the same new store: the second waits for the first's write lock and
        # then finds the version written, instead of writing a second one.
        conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} INSERT INTO schema_version (version) "
                           f"SELECT {SCHEMA_VERSION} WHERE NOT EXISTS (SELECT 1 FROM schema_version); COMMIT;")

    # --- context manager ---------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------

    def is_current(self, article_id: str, content_hash: str) -> bool:
        """True when ``article_id`` was processed without error from the same content."""
        row = self._conn.execute("SELECT content_hash, status FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None and row[0] == content_hash and row[1] == "ok"

    def write_batch(self, results: Iterable[ArticleResult]) -> None:
        """Store ``results`` in one transaction, replacing the old records of each article."""
        processed_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        placeholders = ", ".join("?" * (len(RECORD_COLUMNS) + 3))
        insert_record = f"INSERT INTO records (article_id, ordinal, {_QUOTED}, json) VALUES ({placeholders})"
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for result in results:
                # Upsert keeps the article's seq, so export order stays the first-seen order.
                conn.execute(
                    "INSERT INTO articles (id, content_hash, published, processed_at, status, error, n_records) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "content_hash = excluded.content_hash, published = excluded.published, "
                    "processed_at = excluded.processed_at, status = excluded.status, "
                    "error = excluded.error, n_records = excluded.n_records",
                    (result.id, result.content_hash, published_text(result.published) if result.published else None,
                     processed_at, result.status, result.error, len(result.records)))
                conn.execute("DELETE FROM records WHERE article_id = ?", (result.id,))
                conn.executemany(insert_record, [(result.id, ordinal, *_record_row(record))
                                                 for ordinal, record in enumerate(result.records)])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # (a failed BEGIN or COMMIT may have ended it: no masking error)
                conn.execute("ROLLBACK")
            raise

    # --- reading -----------------------------------------------------------------------

    def iter_records(self) -> Iterator[Record]:
        """Every stored record, in article (first-seen) order, then in article order."""
        cursor = self._conn.execute(
            "SELECT r.json FROM records AS r JOIN articles AS a ON a.id = r.article_id ORDER BY a.seq, r.ordinal")
        for (data,) in cursor:
            yield Record.from_dict(json.loads(data))

    def records_of(self, article_id: str) -> list[Record]:
        """The stored records of one article, in its order (empty for an unknown id)."""
        cursor = self._conn.execute(
            "SELECT json FROM records WHERE article_id = ? ORDER BY ordinal", (article_id,))
        return [Record.from_dict(json.loads(data)) for (data,) in cursor]

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every stored article as a dict (id, content_hash, published, processed_at, status,
        error, n_records), in first-seen order."""
        cursor = self._conn.execute(
            "SELECT id, content_hash, published, processed_at, status, error, n_records FROM articles ORDER BY seq")
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))


class StoreWriter:
    """Feeds a batch loop into a :class:`Store`: skips current articles, commits every ``size``.

    Call :meth:`is_current` for each article before processing it (it remembers the hash),
    then :meth:`done` or :meth:`failed` with its id, and :meth:`flush` at the end. Results
    of articles with the same id are matched first in, first out, so they must come in input
    order; an input line that gave no article goes to :meth:`unreadable` (it has no content).
    """

    def __init__(self, store: Store, size: int = 64):
        self.store, self.size = store, max(1, size)
        self._pending: list[ArticleResult] = []
        self._seen: dict[str, deque[tuple[str, date | None]]] = {}

    def is_current(self, article_id: str, text: str, published: date | None) -> bool:
        digest = content_hash(text, published)
        if self.store.is_current(article_id, digest):
            return True
        self._seen.setdefault(article_id, deque()).append((digest, published))
        return False

    def _meta(self, article_id: str) -> tuple[str | None, date | None]:
        queue = self._seen.get(article_id)
        if not queue:
            return None, None
        meta = queue.popleft()
        if not queue:
            del self._seen[article_id]
        return meta

    def done(self, article_id: str, records: Iterable[Record]) -> None:
        digest, published = self._meta(article_id)
        self._add(ArticleResult(article_id, digest, published, list(records)))

    def failed(self, article_id: str, message: str) -> None:
        digest, published = self._meta(article_id)
        self._add(ArticleResult(article_id, digest, published, error=message))

    def unreadable(self, article_id: str, message: str) -> None:
        """An input line with this id that gave no article: stored as an error, with no hash."""
        self._add(ArticleResult(article_id, None, None, error=message))

    def _add(self, result: ArticleResult) -> None:
        self._pending.append(result)
        if len(self._pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.store.write_batch(self._pending)
            self._pending = []


def _record_row(record: Record) -> tuple[Any, ...]:
    data = record.to_dict()
    period = data["period"] or {}
    flat = {**data, "period_start": period.get("start"), "period_end": period.get("end")}
    return (*(flat[c] for c in RECORD_COLUMNS), json.dumps(data, ensure_ascii=False))
