"""Placeholders such as {{ local.phone }}: sandboxed Jinja2, strict about anything undefined."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import Loc, Problem
from .markup import escape


class Marked(str):
    """Text that is already markup (a rendered content string): inserted as is, and remembers where it came from."""

    loc: Loc

    def __new__(cls, value: str, loc: Loc) -> Marked:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj


class Scope(dict):
    """A namespace a template can read (local, topic, labels), named so that a missing key can be explained."""

    def __init__(self, name: str, source: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.name = name
        self.source = source


class _Undefined(jinja2.StrictUndefined):
    """Says which file lacks the value, and what to add."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        owner = self._undefined_obj
        if isinstance(owner, Scope):
            raise jinja2.UndefinedError(
                f"uses {owner.name}.{self._undefined_name}, which {owner.source} does not set; "
                f"add '{self._undefined_name}' to {owner.source} or remove the placeholder")
        raise jinja2.UndefinedError(f"uses '{self._undefined_name}', which is not defined; "
                                    "placeholders can use local.*, topic.* and labels.*")

    __str__ = __iter__ = __len__ = __bool__ = _fail_with_undefined_error  # type: ignore[assignment]


_used: list[Loc] = []  # locations of Marked values inserted by the current render (single-threaded per process)


def _finalize(value: Any) -> str:
    if isinstance(value, Marked):
        _used.append(value.loc)
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(escape(str(v)) for v in value)
    return escape(str(value))


_ENV = SandboxedEnvironment(undefined=_Undefined, finalize=_finalize, autoescape=False)


@lru_cache(maxsize=4096)
def _compile(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


def has_placeholders(source: str) -> bool:
    """True if the text contains Jinja syntax and must be rendered."""
    return "{{" in source or "{%" in source or "{#" in source


def render(source: str, context: dict[str, Any], loc: Loc) -> tuple[str, Loc | None] | Problem:
    """Render a template; returns (markup, location of the first content string it inserted) or a Problem."""
    if not has_placeholders(source):
        return source, None
    _used.clear()
    try:
        out = _compile(source).render(context)
    except jinja2.TemplateSyntaxError as exc:
        return Problem(loc, f"placeholder syntax: {exc.message}; write placeholders as {{{{ local.phone }}}}")
    except jinja2.UndefinedError as exc:
        return Problem(loc, str(exc), "E103")
    except jinja2.exceptions.SecurityError as exc:
        return Problem(loc, f"placeholder not allowed: {exc}")
    first = _used[0] if _used else None
    _used.clear()
    return out, first
