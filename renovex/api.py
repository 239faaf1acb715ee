"""The notebook API: ``load``, ``extract``, ``extract_many``."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.tokens import Doc

from .components.base import remember_text
from .extensions import register_extensions
from .records import Record
from .resources import DEFAULT_PACK

PIPELINE = ("renovex_sentences", "renovex_places", "renovex_times", "renovex_quantities",
            "renovex_terms", "renovex_patterns", "renovex_records")


def build(pack: str | Path = DEFAULT_PACK) -> Language:
    """A new renovex pipeline on ``spacy.blank("en")``: rules only, nothing downloaded."""
    import spacy

    from . import components  # noqa: F401  (registers the factories)
    from .components import patterns, places, quantities, records, sentences, terms, times  # noqa: F401
    from .rulepack import ensure_valid

    ensure_valid(pack)  # a bad pack fails here with every error as FILE:LINE, not deep in a component
    register_extensions()
    nlp = spacy.blank("en")
    for name in PIPELINE:
        nlp.add_pipe(name, config={"pack": str(pack)})
    return nlp


@lru_cache(maxsize=4)
def load(pack: str | Path = DEFAULT_PACK) -> Language:
    """The renovex pipeline for ``pack`` (a bundled pack name or a folder), built once and cached."""
    return build(pack)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from .inputs import parse_published

    return parse_published(value)


def make_doc(nlp: Language, text: str, published: date | str | None = None, doc_id: str | None = None) -> Doc:
    """Tokenise ``text`` and attach what the components need to know about the article."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    register_extensions()
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    doc._.published = _as_date(published)
    doc._.article_id = doc_id
    return doc


def extract(text: str, published: date | str | None = None, doc_id: str | None = None,
            nlp: Language | None = None) -> list[Record]:
    """Records of one article. ``published`` (a date or "YYYY-MM-DD") resolves "this year";
    without it the date is looked for in the article's own furniture."""
    nlp = nlp or load()
    doc = nlp(make_doc(nlp, text, published, doc_id))
    return list(doc._.records or [])


def extract_many(items: Iterable[str | Mapping], published: date | str | None = None,
                 nlp: Language | None = None, batch_size: int = 64,
                 n_process: int = 1) -> Iterator[list[Record]]:
    """Stream records for many articles, in input order: one list per item.

    Items are texts, or dicts with ``text`` and optional ``id`` and ``published``.
    """
    nlp = nlp or load()

    def docs() -> Iterator[Doc]:
        for number, item in enumerate(items):
            if isinstance(item, str):
                yield make_doc(nlp, item, published, str(number))
            else:
                if "text" not in item:
                    raise ValueError(f"item {number} has no 'text'")
                yield make_doc(nlp, item["text"], item.get("published", published), str(item.get("id", number)))

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield list(doc._.records or [])
