"""``cached``: a property computed on first use and then stored on the instance.

``functools.cached_property`` does the same, but on Python 3.11 it takes a lock on every
first access, which costs more than most of the rung values the linker caches (a per-figure
context object is made for every figure). Like it, this is a non-data descriptor: once the
value is in the instance's ``__dict__``, attribute lookup finds it there without a call."""
from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

__all__ = ["cached"]

T = TypeVar("T")


class cached(Generic[T]):  # noqa: N801 (used as a decorator, like property)
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
