"""The notebook API: ``load``, ``extract``, ``extract_many``."""
from __future__ import annotations

import warnings
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline.batch import Failure, Job, extract_jobs, stamped
from .pipeline.components.base import remember_text, set_doc_value
from .pipeline.extensions import register_extensions
from .io.inputs import Article, InputError, InputWarning, decode_utf8, parse_published, renamed_duplicates
from .pipeline.pieces import Pieces
from .core.records import Record, unresolved_warning
from .core.resources import DEFAULT_PACK
from .core.textcheck import text_warnings
from .pipeline.time_budget import OverBudgetWarning
from .pipeline.tokenizer import bounded_runs, keep_cache_over_whitespace, split_glued_stops

PIPELINE = ("renovex_sentences", "renovex_places", "renovex_times", "renovex_quantities",
            "renovex_terms", "renovex_patterns", "renovex_records")


def build(pack: str | Path = DEFAULT_PACK) -> Language:
    """A new renovex pipeline on ``spacy.blank("en")``: rules only, nothing downloaded."""
    import spacy

    from .pipeline import components  # noqa: F401  (registers the factories)
    from .pipeline.components import ents, patterns, places, quantities, records, sentences, terms, times  # noqa: F401
    from .rules import ensure_valid

    ensure_valid(pack)  # a bad pack fails here with every error as FILE:LINE, not deep in a component
    register_extensions()
    nlp = spacy.blank("en")
    nlp.tokenizer = bounded_runs(nlp.tokenizer)  # linear time on runs like "=====" (issue 16)
    keep_cache_over_whitespace(nlp.tokenizer)  # before the components warm its cache
    split_glued_stops(nlp.tokenizer)
    for name in PIPELINE:
        nlp.add_pipe(name, config={"pack": str(pack)})
    nlp.meta.update(name="renovex", version=_version(),
                    description=f"plan and outcome records from policy news (rule pack: {pack})")
    return nlp


def _version() -> str:
    from .core.version import __version__

    return __version__


@lru_cache(maxsize=4)
def load(pack: str | Path = DEFAULT_PACK) -> Language:
    """The renovex pipeline for ``pack`` (a bundled pack name or a folder), built once and cached."""
    return build(pack)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_published(value)


def make_doc(nlp: Language, text: str, published: date | str | None = None, doc_id: str | None = None) -> Doc:
    """Tokenise ``text`` and attach what the components need to know about the article."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    register_extensions()
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    set_doc_value(doc, "published", _as_date(published))
    set_doc_value(doc, "article_id", doc_id)
    return doc


def extract(text: str | bytes, published: date | str | None = None, doc_id: str | None = None,
            nlp: Language | None = None) -> list[Record]:
    """Records of one article. ``published`` (a date or "YYYY-MM-DD") resolves "this year";
    without it the date is looked for in the article's own furniture.

    The text itself never makes this fail: an empty text, or one that does not look like
    English, gives an :class:`~renovex.io.inputs.InputWarning` (and no or few records); bytes
    are decoded as UTF-8, bad bytes replaced by U+FFFD with a warning; a ``published``
    that does not parse gives a warning and is ignored; a text over 100,000 characters is
    processed in pieces (:mod:`renovex.pipeline.pieces`). A ``text`` of another type raises TypeError.
    """
    problems: list[str] = []
    as_text = _as_text(text, problems)
    if as_text is None:
        raise TypeError(f"text must be a str or bytes, not {type(text).__name__}")
    nlp = nlp or load()
    source = "the article" if doc_id is None else f"article {doc_id!r}"
    article = _article(as_text, published, None, doc_id, source, problems)
    _warn(article)
    doc = process(nlp, article.text, article.published, doc_id)
    if doc is not None:
        records = list(doc._.records or [])
        if (message := unresolved_warning(records)) is not None:
            warnings.warn(f"{source}: {message}", InputWarning, stacklevel=2)
        return records
    return []


def process(nlp: Language, text: str, published: date | str | None = None, doc_id: str | None = None) -> Doc | None:
    """The processed Doc of one article, whatever its length: a text over 100,000 characters
    goes through in pieces, and the Doc returned (the first piece's) holds the records and
    dropped quantities of all of them (:mod:`renovex.pipeline.pieces`); None for an empty text."""
    pieces = Pieces()
    for doc in pieces.join(nlp(doc) for doc in pieces.docs(nlp, text, published, doc_id)):
        return doc
    return None


def _as_text(value: object, problems: list[str]) -> str | None:
    """``value`` if a str; decoded if bytes (bad UTF-8 noted in ``problems``); else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return decode_utf8(bytes(value), problems)
    return None


def _article(text: str, published: date | str | None, default: date | None, doc_id: str | None,
             source: str, problems: list[str] | None = None) -> Article:
    """An Article whose warnings say what is wrong with ``text`` and ``published``."""
    problems = (problems or []) + text_warnings(text)
    try:
        when = _as_date(published)
    except ValueError as error:
        instead = "the default date is used" if default else "the date is looked for in the article's text"
        problems.append(f"{error}; ignored: {instead}")
        when = None
    return Article(doc_id, text, when or default, None, source, problems)


def _item_article(number: int, item: object, default: date | None) -> Article | InputError:
    """The article of one extract_many item, or an InputError for an item without a text."""
    source = f"item {number}"
    problems: list[str] = []
    text = _as_text(item, problems)
    if text is not None:
        return _article(text, None, default, str(number), source, problems)
    if not isinstance(item, Mapping):
        return InputError(source, f'not a str, bytes or a mapping with "text" but {type(item).__name__}; '
                          "no records")
    doc_id = str(item["id"]) if item.get("id") not in (None, "") else str(number)
    text = _as_text(item.get("text"), problems)
    if text is None:
        problem = 'no "text"' if "text" not in item else f'"text" is not a str but {type(item["text"]).__name__}'
        return InputError(source, f"{problem}; no records", doc_id)
    article = _article(text, item.get("published"), default, doc_id, source, problems)
    for name in ("title", "url"):
        value = item.get(name)
        if isinstance(value, str) and value:
            setattr(article, name, value)
        elif value is not None and value != "":
            article.warnings.append(f'"{name}" must be a string, got {type(value).__name__}; ignored')
    article.fields = {key: value for key, value in item.items() if key not in ("id", "text", "published", "title",
                                                                                 "url")}
    return article


def _warn(article: Article, stacklevel: int = 3) -> None:
    for message in article.warnings:
        # stacklevel 3: the line that called extract
        warnings.warn(f"{article.source}: {message}", InputWarning, stacklevel=stacklevel)


def extract_many(items: Iterable[str | bytes | Mapping], published: date | str | None = None,
                 nlp: Language | None = None, batch_size: int = 64,
                 n_process: int = 1, time_budget: float | None = None,
                 keep_fields: Iterable[str] = ()) -> Iterator[list[Record]]:
    """Stream records for many articles, in input order: one list per item.

    Items are texts (str, or bytes decoded as UTF-8 like :func:`extract` does), or dicts
    with ``text`` and optional ``id`` and ``published``.
    ``published`` is the date of items that give none; one that does not parse raises
    ValueError here, before any item is read.

    A bad item never stops the stream: it yields ``[]`` and an
    :class:`~renovex.io.inputs.InputWarning` naming the item by its index: an item that
    is neither a text nor a mapping, a mapping without a text under ``"text"``, an empty text. A
    text that does not look like English, an item ``published`` that does not parse
    (ignored) and an id seen before (renamed ``id#2``, so records stay attributable) also
    warn, and are processed. Texts over 100,000 characters are processed in pieces.
    Records carry a dict item's ``title`` and ``url``, and its fields named in ``keep_fields``
    (under ``Record.meta``). With ``time_budget`` (seconds), an article that takes longer is stopped: it yields ``[]``
    and an :class:`~renovex.pipeline.time_budget.OverBudgetWarning` (see :mod:`renovex.pipeline.time_budget`).
    """
    if isinstance(items, (str, bytes, bytearray, Mapping)):
        # a string would run per character, a dict per key: one article is extract()'s
        raise TypeError(f"extract_many takes an iterable of articles, not a single {type(items).__name__}; "
                        "for one article use renovex.extract(...) or wrap it in a list")
    nlp = nlp or load()
    default = _as_date(published)
    return _extract_stream(items, default, nlp, batch_size, n_process, time_budget, tuple(keep_fields))


def _extract_stream(items: Iterable[object], default: date | None, nlp: Language, batch_size: int,
                    n_process: int, time_budget: float | None = None,
                    keep_fields: tuple[str, ...] = ()) -> Iterator[list[Record]]:
    def jobs() -> Iterator[Job]:
        articles = (_item_article(number, item, default) for number, item in enumerate(items))
        for article in renamed_duplicates(articles):
            if isinstance(article, InputError):  # an empty text keeps the one-list-per-item order
                warnings.warn(str(article), InputWarning, stacklevel=1)
                yield Job(article.article_id or article.source, "", None)
                continue
            _warn(article, stacklevel=2)
            yield Job(article.id, article.text, article.published, article.title, article.url,
                      {name: article.fields[name] for name in keep_fields if name in article.fields} or None)

    for job, records in extract_jobs(nlp, jobs(), batch_size, n_process, catch=False, time_budget=time_budget):
        if isinstance(records, Failure):  # only the time budget makes one when errors propagate
            warnings.warn(f"article {records.article_id}: {records.message}", OverBudgetWarning, stacklevel=1)
            records = []
        elif (message := unresolved_warning(records)) is not None:
            warnings.warn(f"article {job.article_id}: {message}", InputWarning, stacklevel=1)
        yield stamped(records, job) if isinstance(records, list) else records
