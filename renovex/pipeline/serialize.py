"""msgpack codecs for renovex values, so that processed Docs serialise.

spaCy sends Docs between processes (``nlp.pipe(n_process=2)``) and stores them
(``DocBin(store_user_data=True)``) with ``Doc.to_bytes``, which packs ``doc.user_data`` with
srsly's msgpack. Span values (``TimeMatch``, ``QuantityMatch``, ``Place``, ``PolicyTerm``),
``doc._.records`` (``Record``) and ``doc._.published`` (``date``) are not msgpack types, so
each is packed as a map ``{"__renovex__": tag, "v": fields}`` and comes back as the same
class, equal to the original, tuples and dates included. Rule objects (``PolicyTerm``,
``PatternRule``) carry their token patterns, dozens of small dicts that would cost a Python
call each to unpack: they are packed as one JSON string, ``{"__renovex__": tag, "j": json}``,
made once per object and parsed once per distinct string (cached), since the same few rules
come back in every Doc.

The codecs are srsly registry entries (``srsly.msgpack_encoders`` / ``msgpack_decoders``),
registered when this module is imported, as spaCy registers a factory when its module is
imported: ``renovex.pipeline.extensions`` imports it, and so does every component, so a worker
process that unpickles the pipeline (the "spawn" and "forkserver" start methods) has them
before it decodes a Doc. A program that reads a DocBin of renovex Docs imports renovex first
(``import renovex`` is enough). They are not declared as srsly entry points on purpose:
spaCy packs msgpack while it is being imported, and loading renovex at that moment would
import spaCy circularly. Nothing here imports the value modules until a renovex value is
met, because srsly runs every registered decoder over every map it unpacks.
"""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import Any, Callable

TAG = "__renovex__"
"""Key that marks a packed renovex value; its value names the class."""

REGISTRY_NAME = "renovex"

Fix = Callable[[dict[str, Any]], dict[str, Any]]


def _json_like(value: Any) -> Any:
    """Token-pattern dicts hold lists (they come from JSON)."""
    if isinstance(value, dict):
        return {key: _json_like(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_like(item) for item in value]
    return value


# msgpack has one array type, which Doc.from_bytes unpacks as lists and DocBin as tuples:
# each fix gives the container fields of one class back their declared type.

def _same(data: dict[str, Any]) -> dict[str, Any]:
    return data


def _record(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "terms": list(data.get("terms") or ())}


def _time(data: dict[str, Any]) -> dict[str, Any]:
    period = data.get("period")
    return {**data, "period": tuple(period) if period is not None else None}


def _term(data: dict[str, Any]) -> dict[str, Any]:
    patterns = tuple(tuple(_json_like(spec) for spec in pattern) for pattern in data.get("patterns") or ())
    return {**data, "phrases": tuple(data.get("phrases") or ()), "patterns": patterns}


def _pattern(data: dict[str, Any]) -> dict[str, Any]:
    pattern = data.get("pattern")
    if not isinstance(pattern, str):
        pattern = tuple(_json_like(spec) for spec in pattern or ())
    return {**data, "pattern": pattern}


def _entry(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "forms": tuple(data.get("forms") or ())}


# tag -> (module, class, fix). Tags are part of the serialised form: never reuse one.
_CLASSES: dict[str, tuple[str, str, Fix]] = {
    "Record": ("renovex.core.records", "Record", _record),
    "TimeMatch": ("renovex.engines.timex", "TimeMatch", _time),
    "QuantityMatch": ("renovex.engines.quantities", "QuantityMatch", _same),
    "Place": ("renovex.engines.gazetteer", "Place", _same),
    "Entry": ("renovex.engines.gazetteer", "Entry", _entry),
    "PolicyTerm": ("renovex.engines.terms", "PolicyTerm", _term),
    "PatternRule": ("renovex.engines.patterns", "PatternRule", _pattern),
}


_AS_JSON = frozenset({"PolicyTerm", "PatternRule"})
"""Tags packed as one JSON string (see the module docstring)."""


def _class(tag: str) -> type:
    from importlib import import_module

    module, name, _ = _CLASSES[tag]
    return getattr(import_module(module), name)


@lru_cache(maxsize=1)
def _tags_by_class() -> dict[type, str]:
    classes = {}
    for tag in _CLASSES:
        try:
            classes[_class(tag)] = tag
        except (ImportError, AttributeError):  # a class that cannot be imported has no instances to pack
            continue
    return classes


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@lru_cache(maxsize=4096)
def _json_of(obj: Any) -> str:
    return json.dumps(_fields(obj), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _from_json(tag: str, text: str) -> Any:
    """One object per distinct packed rule: they are frozen, so Docs may share it."""
    return _class(tag)(**_CLASSES[tag][2](json.loads(text)))


def encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack encoder: a renovex value or a ``date`` as a tagged map; anything else
    goes on to the next encoder in ``chain``."""
    cls = type(obj)
    if cls is date:  # exactly date: a datetime would lose its time
        return {TAG: "date", "v": obj.isoformat()}
    if cls.__module__.startswith("renovex."):
        tag = _tags_by_class().get(cls)
        if tag in _AS_JSON:
            return {TAG: tag, "j": _json_of(obj)}
        if tag is not None:
            return {TAG: tag, "v": _fields(obj)}
    return obj if chain is None else chain(obj)


def decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack decoder (an ``object_hook``): a tagged map back to its class."""
    if isinstance(obj, dict) and TAG in obj:
        tag, data = obj[TAG], obj.get("v")
        if tag == "date":
            return date.fromisoformat(data)
        if tag in _CLASSES:
            try:
                if "j" in obj:
                    return _from_json(tag, obj["j"])
                return _class(tag)(**_CLASSES[tag][2](data))
            except (TypeError, ValueError) as error:  # fields renamed or removed since it was written
                raise ValueError(f"cannot restore a packed renovex {tag}: {error}") from None
    return obj if chain is None else chain(obj)


def register() -> None:
    """Add the codecs to srsly's msgpack registries (again is harmless: same name, same function)."""
    # check_exists is a dict lookup; get_all() would re-read the entry points on every call
    import catalogue
    from srsly import msgpack

    if not catalogue.check_exists("srsly", "msgpack_encoders", REGISTRY_NAME):
        msgpack.msgpack_encoders.register(REGISTRY_NAME, func=encode)
    if not catalogue.check_exists("srsly", "msgpack_decoders", REGISTRY_NAME):
        msgpack.msgpack_decoders.register(REGISTRY_NAME, func=decode)


register()  # on import, like a spaCy factory: see the module docstring
