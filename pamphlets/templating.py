"""Placeholders such as {{ local.phone }}: sandboxed Jinja2, strict about anything undefined.

A text whose placeholders are all plain values ({{ local.phone }}, {{ labels.scan }}), as every built-in text's
are, is filled here directly, exactly as Jinja would fill it; anything else (if, for, filters, and every text
with a value that is missing, for Jinja's error message) goes through Jinja. Jinja is imported only then: it costs
about 25 ms of a fresh process.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

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


_used: list[Loc] = []  # locations of Marked values inserted by the current render (single-threaded per process)

MAX_OUTPUT = 20_000  # characters one placeholder text may produce: far more than any page holds
MAX_SECONDS = 2.0  # a placeholder that computes for longer is a mistake (or an attack), not content


class PlaceholderError(Exception):
    """A placeholder that renders to something no page should carry."""


def _finalize(value: Any) -> str:
    if isinstance(value, Marked):
        _used.append(value.loc)
        return value
    if isinstance(value, dict):
        name = value.name if isinstance(value, Scope) else "a mapping"
        raise PlaceholderError(f"prints the whole of {name}; name one value, e.g. {{{{ local.phone }}}}")
    if isinstance(value, (list, tuple)):
        return ", ".join(escape(str(v)) for v in value)
    return escape(str(value))


@cache
def _jinja() -> tuple[Any, dict[type, str]]:
    """The sandboxed environment, and the tags that would load other templates or define code (placeholders show
    values and may use if/for/set); made on first use."""
    import jinja2
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

    class Undefined(jinja2.StrictUndefined):
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

    class Sandbox(SandboxedEnvironment):
        """Jinja's sandbox, plus a ceiling on the size of what * and ** can make (range() is already bounded)."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
                raise PlaceholderError(f"computes a power too large to print ({left!r} ** {right!r})")
            if operator == "*":
                sized = next((v for v in (left, right) if isinstance(v, (str, list, tuple))), None)
                times = right if sized is left else left
                if sized is not None and isinstance(times, int) and len(sized) * times > MAX_OUTPUT:
                    raise PlaceholderError(f"repeats text to more than {MAX_OUTPUT:,} characters")
            return super().call_binop(context, operator, left, right)

    forbidden = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from ... import",
                 nodes.Extends: "extends", nodes.Macro: "macro", nodes.CallBlock: "call", nodes.Block: "block"}
    return Sandbox(undefined=Undefined, finalize=_finalize, autoescape=False), forbidden


@lru_cache(maxsize=4096)
def _compile(source: str) -> Any:
    env, forbidden = _jinja()
    for node_type, tag in forbidden.items():
        if next(env.parse(source).find_all(node_type), None) is not None:
            raise PlaceholderError(f"uses {{% {tag} %}}, which placeholders cannot; use {{{{ local.phone }}}}-style "
                                   "values, with if, for and set at most")
    return env.from_string(source)


_VALUE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}")


def _plain_fill(source: str, context: dict[str, Any]) -> str | None:
    """The text with each {{ a.b }} filled as Jinja fills it, when plain values are all it holds and every value is
    there; None hands it to Jinja."""
    if "{%" in source or "{#" in source or "\r" in source:
        return None
    if source.endswith("\n"):  # Jinja drops one trailing newline (keep_trailing_newline is off)
        source = source[:-1]
    out: list[str] = []
    at = size = 0
    for match in _VALUE.finditer(source):
        literal = source[at:match.start()]
        if "{{" in literal:  # an expression that is not a plain value
            return None
        names = match.group(1).split(".")
        if names[0] not in context:
            return None
        value = context[names[0]]
        for name in names[1:]:
            # Jinja's sandbox reads an attribute first (a Scope's .name, a dict's .items), then the item.
            if hasattr(value, name) or not isinstance(value, dict) or name not in value:
                return None
            value = value[name]
        piece = _finalize(value)
        size += len(literal) + len(piece)
        if size > MAX_OUTPUT:
            raise PlaceholderError(f"produces more than {MAX_OUTPUT:,} characters")
        out += [literal, piece]
        at = match.end()
    if "{{" in source[at:]:
        return None
    out.append(source[at:])
    return "".join(out)


def _bounded(template: Any, context: dict[str, Any]) -> str:
    """Render, stopping at MAX_OUTPUT characters or MAX_SECONDS (nested loops can print nothing for ever)."""
    deadline = time.monotonic() + MAX_SECONDS
    out, size = [], 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise PlaceholderError(f"produces more than {MAX_OUTPUT:,} characters")
        if time.monotonic() > deadline:
            raise PlaceholderError(f"runs for more than {MAX_SECONDS:g} s")
        out.append(piece)
    return "".join(out)


@contextmanager
def _alarm() -> Iterator[None]:
    """Interrupt a render that prints nothing while it loops (only the main thread can take a signal)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise PlaceholderError(f"runs for more than {MAX_SECONDS:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def has_placeholders(source: str) -> bool:
    """True if the text contains Jinja syntax and must be rendered."""
    return "{{" in source or "{%" in source or "{#" in source


def render(source: str, context: dict[str, Any], loc: Loc) -> tuple[str, Loc | None] | Problem:
    """Render a template; returns (markup, location of the first content string it inserted) or a Problem."""
    if not has_placeholders(source):
        return source, None
    _used.clear()
    try:
        out = _plain_fill(source, context)
    except PlaceholderError as exc:
        return Problem(loc, f"this placeholder {exc}")
    if out is None:
        _used.clear()
        out_or_problem = _render_jinja(source, context, loc)
        if isinstance(out_or_problem, Problem):
            return out_or_problem
        out = out_or_problem
    first = _used[0] if _used else None
    _used.clear()
    return out, first


def _render_jinja(source: str, context: dict[str, Any], loc: Loc) -> str | Problem:
    """Render through Jinja's sandbox, bounded in size and time; the text, or a Problem saying what is wrong."""
    import jinja2

    try:
        with _alarm():
            return _bounded(_compile(source), context)
    except jinja2.TemplateSyntaxError as exc:
        return Problem(loc, f"placeholder syntax: {exc.message}; write placeholders as {{{{ local.phone }}}}")
    except jinja2.UndefinedError as exc:
        return Problem(loc, str(exc), "E103")
    except jinja2.exceptions.SecurityError as exc:
        return Problem(loc, f"placeholder not allowed: {exc}")
    except PlaceholderError as exc:
        return Problem(loc, f"this placeholder {exc}")
    except (jinja2.TemplateError, ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        return Problem(loc, f"this placeholder cannot be filled ({type(exc).__name__}: {str(exc)[:80]}); "
                            "write placeholders as {{ local.phone }}")
