"""Shared behaviour of rule components: rules are a JSON-serialisable dict that
survives ``nlp.to_disk`` -> ``spacy.load`` as a readable ``rules.json``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens.underscore import Underscore

from ..extensions import register_extensions

RULES_FILE = "rules.json"


class RuleComponent:
    """Base for components whose behaviour is fully described by ``self.rules``.

    Subclasses implement ``compile()`` (build matchers/regexes from ``self.rules``)
    and ``__call__``.
    """

    def __init__(self, nlp: Language, name: str, rules: dict[str, Any]):
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.set_rules(rules)

    def set_rules(self, rules: dict[str, Any]) -> None:
        self.rules = rules
        self.compile()

    def compile(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with open(path / RULES_FILE, "w", encoding="utf-8") as handle:
            json.dump(self.rules, handle, ensure_ascii=False, indent=1)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "RuleComponent":
        with open(Path(path) / RULES_FILE, encoding="utf-8") as handle:
            self.set_rules(json.load(handle))
        return self


_TEXT_KEY = ("renovex", "text")


def remember_text(doc, text: str) -> None:
    """Cache ``text`` as the text of ``doc``, when the caller still holds the string the
    Doc was made from (joining it back from tokens costs as much as a component)."""
    doc.user_data[_TEXT_KEY] = (len(doc), text)


def forget_text(doc) -> None:
    """Drop the cached text (the last component does, so serialised Docs do not carry it)."""
    doc.user_data.pop(_TEXT_KEY, None)


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc and shared by all components (spaCy rebuilds it
    token by token on every access, which costs more than some components' whole work)."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data[_TEXT_KEY] = cached
    return cached[1]


# spaCy keeps a Doc's extension values in ``doc.user_data`` under this key; reading them
# there saves building a ``doc._`` object (~1 µs) and its attribute look-up (~2 µs) per access.
_DOC_EXTENSIONS = Underscore.doc_extensions


def doc_value(doc, name: str) -> Any:
    """``getattr(doc._, name)``, read straight from ``doc.user_data`` when the attribute is a
    plain one (no getter or method, an immutable default)."""
    extension = _DOC_EXTENSIONS.get(name)
    if (extension is None or extension[1] is not None or extension[2] is not None
            or isinstance(extension[0], Underscore.mutable_types)):
        return getattr(doc._, name)
    return doc.user_data.get(("._.", name, None, None), extension[0])


def set_doc_value(doc, name: str, value: Any) -> None:
    """``setattr(doc._, name, value)``, written straight to ``doc.user_data`` when the
    attribute has no setter."""
    extension = _DOC_EXTENSIONS.get(name)
    if extension is None or extension[3] is not None:
        setattr(doc._, name, value)
    else:
        doc.user_data[("._.", name, None, None)] = value
