"""Library art drawn straight onto the canvas: the small SVG subset the library is drawn in, without svglib.

The built-in pictures use only svg, g, path, rect, circle, ellipse, line, polyline and polygon, with fill, stroke,
stroke-width, stroke-linecap, stroke-linejoin, fill-rule and translate/rotate/scale transforms. Reading that
subset with the standard library and writing PDF paths directly costs a fraction of svglib (which, with lxml and
reportlab's graphics package, took most of a fresh process's time). A project's own SVGs still go through svglib,
which reads the whole language; tests render every library picture both ways and compare the ink.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree

_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_CAPS = {"butt": 0, "round": 1, "square": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_INHERITED = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "fill-rule")
_DEFAULTS = {"fill": "#000000", "stroke": "none", "stroke-width": "1", "stroke-linecap": "butt",
             "stroke-linejoin": "miter", "fill-rule": "nonzero"}


@lru_cache(maxsize=256)
def _root(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)


def size(data: bytes) -> tuple[float, float]:
    """The picture's natural size: its viewBox (or width and height)."""
    root = _root(data)
    box = root.get("viewBox")
    if box:
        _, _, w, h = (float(v) for v in _NUMBER.findall(box))
        return w, h
    return float(_NUMBER.findall(root.get("width", "0"))[0]), float(_NUMBER.findall(root.get("height", "0"))[0])


_CODE: dict[tuple[object, ...], tuple[str, ...]] = {}  # (data, size, colours key) -> the drawing's operators
_CODE_MAX = 512


def draw(c: Any, data: bytes, x: float, y: float, w: float, h: float, colour: Callable[[str], object],
         key: object = None) -> None:
    """Draw the SVG into the box (x, y, w, h); colour turns an SVG colour (#RRGGBB) into the canvas's colour.

    key: what decides the colours besides the file (the same key, the same colours); with it, the drawing's
    operators are kept and the next document at this size reuses them (a step's pictogram on every fact sheet).
    """
    c.saveState()
    c.translate(x, y + h)
    cache_key = (data, w, h, key) if key is not None else None
    code = _CODE.get(cache_key) if cache_key is not None else None
    if code is not None:
        c.code.extend(code)
    else:
        start = len(c.code)
        root = _root(data)
        vw, vh = size(data)
        box = [float(v) for v in _NUMBER.findall(root.get("viewBox", f"0 0 {vw} {vh}"))]
        c.scale(w / vw, -h / vh)  # SVG's y runs down
        c.translate(-box[0], -box[1])
        _group(c, root, dict(_DEFAULTS), colour)
        if cache_key is not None:
            if len(_CODE) >= _CODE_MAX:
                _CODE.clear()
            _CODE[cache_key] = tuple(c.code[start:])
    c.restoreState()


def _group(c: object, node: ElementTree.Element, inherited: dict[str, str], colour: Callable[[str], object]) -> None:
    style = {**inherited, **{k: node.get(k) for k in _INHERITED if node.get(k) is not None}}
    for child in node:
        tag = child.tag.removeprefix(_SVG)
        if tag == "g":
            c.saveState()  # type: ignore[attr-defined]
            _transform(c, child.get("transform", ""))
            _group(c, child, style, colour)
            c.restoreState()  # type: ignore[attr-defined]
        elif tag in _SHAPES:
            own = {**style, **{k: child.get(k) for k in _INHERITED if child.get(k) is not None}}
            path = c.beginPath()  # type: ignore[attr-defined]
            _SHAPES[tag](path, child)
            _paint(c, path, own, colour)


def _transform(c: object, text: str) -> None:
    """Apply an SVG transform list (translate, rotate, scale), left to right."""
    for name, args in re.findall(r"(translate|rotate|scale)\s*\(([^)]*)\)", text):
        v = [float(n) for n in _NUMBER.findall(args)]
        if name == "translate":
            c.translate(v[0], v[1] if len(v) > 1 else 0.0)  # type: ignore[attr-defined]
        elif name == "scale":
            c.scale(v[0], v[1] if len(v) > 1 else v[0])  # type: ignore[attr-defined]
        else:
            if len(v) == 3:
                c.translate(v[1], v[2])  # type: ignore[attr-defined]
            c.rotate(v[0])  # type: ignore[attr-defined]
            if len(v) == 3:
                c.translate(-v[1], -v[2])  # type: ignore[attr-defined]


def _paint(c: object, path: object, style: dict[str, str], colour: Callable[[str], object]) -> None:
    fill, stroke = style["fill"], style["stroke"]
    if fill != "none":
        c.setFillColor(colour(fill))  # type: ignore[attr-defined]
    if stroke != "none":
        c.setStrokeColor(colour(stroke))  # type: ignore[attr-defined]
        c.setLineWidth(float(style["stroke-width"]))  # type: ignore[attr-defined]
        c.setLineCap(_CAPS.get(style["stroke-linecap"], 0))  # type: ignore[attr-defined]
        c.setLineJoin(_JOINS.get(style["stroke-linejoin"], 0))  # type: ignore[attr-defined]
    even_odd = style["fill-rule"] == "evenodd"
    c.drawPath(path, stroke=int(stroke != "none"), fill=int(fill != "none"),  # type: ignore[attr-defined]
               fillMode=0 if even_odd else 1)


def _f(node: ElementTree.Element, key: str) -> float:
    return float(node.get(key, "0"))


def _rect(path: object, n: ElementTree.Element) -> None:
    rx = _f(n, "rx") or _f(n, "ry")
    if rx:
        path.roundRect(_f(n, "x"), _f(n, "y"), _f(n, "width"), _f(n, "height"), rx)  # type: ignore[attr-defined]
    else:
        path.rect(_f(n, "x"), _f(n, "y"), _f(n, "width"), _f(n, "height"))  # type: ignore[attr-defined]


def _circle(path: object, n: ElementTree.Element) -> None:
    path.circle(_f(n, "cx"), _f(n, "cy"), _f(n, "r"))  # type: ignore[attr-defined]


def _ellipse(path: object, n: ElementTree.Element) -> None:
    rx, ry = _f(n, "rx"), _f(n, "ry")
    path.ellipse(_f(n, "cx") - rx, _f(n, "cy") - ry, 2 * rx, 2 * ry)  # type: ignore[attr-defined]


def _line(path: object, n: ElementTree.Element) -> None:
    path.moveTo(_f(n, "x1"), _f(n, "y1"))  # type: ignore[attr-defined]
    path.lineTo(_f(n, "x2"), _f(n, "y2"))  # type: ignore[attr-defined]


def _poly(closed: bool) -> Callable[[object, ElementTree.Element], None]:
    def shape(path: object, n: ElementTree.Element) -> None:
        v = [float(t) for t in _NUMBER.findall(n.get("points", ""))]
        points = list(zip(v[::2], v[1::2], strict=False))
        if not points:
            return
        path.moveTo(*points[0])  # type: ignore[attr-defined]
        for p in points[1:]:
            path.lineTo(*p)  # type: ignore[attr-defined]
        if closed:
            path.close()  # type: ignore[attr-defined]
    return shape


def _path(path: object, n: ElementTree.Element) -> None:
    """SVG path data: M L H V C S Q T A Z, absolute and relative; quadratics and arcs become cubic curves."""
    tokens = _TOKEN.findall(n.get("d", ""))
    i, cmd = 0, ""
    x = y = sx = sy = 0.0
    last_c2: tuple[float, float] | None = None  # the last cubic's second control point (for S)
    last_q: tuple[float, float] | None = None  # the last quadratic's control point (for T)

    def num() -> float:
        nonlocal i
        value = float(tokens[i])
        i += 1
        return value

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
        rel = cmd.islower()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        op = cmd.upper()
        if op == "Z":
            path.close()  # type: ignore[attr-defined]
            x, y = sx, sy
            last_c2 = last_q = None
            continue
        if op == "M":
            x, y = ox + num(), oy + num()
            sx, sy = x, y
            path.moveTo(x, y)  # type: ignore[attr-defined]
            cmd = "l" if rel else "L"  # further pairs are lines
            last_c2 = last_q = None
        elif op == "L":
            x, y = ox + num(), oy + num()
            path.lineTo(x, y)  # type: ignore[attr-defined]
            last_c2 = last_q = None
        elif op == "H":
            x = ox + num()
            path.lineTo(x, y)  # type: ignore[attr-defined]
            last_c2 = last_q = None
        elif op == "V":
            y = (y if rel else 0.0) + num()
            path.lineTo(x, y)  # type: ignore[attr-defined]
            last_c2 = last_q = None
        elif op in "CS":
            if op == "C":
                c1 = (ox + num(), oy + num())
            else:
                c1 = (2 * x - last_c2[0], 2 * y - last_c2[1]) if last_c2 else (x, y)
            c2 = (ox + num(), oy + num())
            x, y = ox + num(), oy + num()
            path.curveTo(*c1, *c2, x, y)  # type: ignore[attr-defined]
            last_c2, last_q = c2, None
        elif op in "QT":
            if op == "Q":  # noqa: SIM108 - two cases read better than one long conditional
                q = (ox + num(), oy + num())
            else:
                q = (2 * x - last_q[0], 2 * y - last_q[1]) if last_q else (x, y)
            ex, ey = ox + num(), oy + num()
            path.curveTo(x + 2 / 3 * (q[0] - x), y + 2 / 3 * (q[1] - y),  # type: ignore[attr-defined]
                         ex + 2 / 3 * (q[0] - ex), ey + 2 / 3 * (q[1] - ey), ex, ey)
            x, y, last_q, last_c2 = ex, ey, q, None
        elif op == "A":
            rx, ry, angle, large, sweep = num(), num(), num(), num(), num()
            ex, ey = ox + num(), oy + num()
            for curve in _arc(x, y, rx, ry, angle, bool(large), bool(sweep), ex, ey):
                path.curveTo(*curve)  # type: ignore[attr-defined]
            x, y = ex, ey
            last_c2 = last_q = None


def _arc(x1: float, y1: float, rx: float, ry: float, angle: float, large: bool, sweep: bool, x2: float,
         y2: float) -> list[tuple[float, ...]]:
    """An SVG elliptical arc as cubic Bezier segments (SVG 1.1, appendix F.6: endpoint to centre form)."""
    if rx == 0 or ry == 0 or (x1, y1) == (x2, y2):
        return [(x1, y1, x2, y2, x2, y2)]
    phi = math.radians(angle)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos * dx + sin * dy, -sin * dx + cos * dy
    rx, ry = abs(rx), abs(ry)
    scale = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p
    den = rx * rx * y1p * y1p + ry * ry * x1p * x1p
    coef = math.sqrt(max(0.0, num / den)) * (-1 if large == sweep else 1)
    cxp, cyp = coef * rx * y1p / ry, -coef * ry * x1p / rx
    cx, cy = cos * cxp - sin * cyp + (x1 + x2) / 2, sin * cxp + cos * cyp + (y1 + y2) / 2

    def angle_of(ux: float, uy: float, vx: float, vy: float) -> float:
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    start = angle_of(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    delta = angle_of((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    pieces = max(1, math.ceil(abs(delta) / (math.pi / 2)))
    step = delta / pieces
    k = 4 / 3 * math.tan(step / 4)
    out = []
    t = start
    for _ in range(pieces):
        a, b = t, t + step
        p1 = (math.cos(a) - k * math.sin(a), math.sin(a) + k * math.cos(a))
        p2 = (math.cos(b) + k * math.sin(b), math.sin(b) - k * math.cos(b))
        p3 = (math.cos(b), math.sin(b))
        points = []
        for px, py in (p1, p2, p3):
            ex, ey = rx * px, ry * py
            points += [cos * ex - sin * ey + cx, sin * ex + cos * ey + cy]
        out.append(tuple(points))
        t = b
    return out


_SHAPES: dict[str, Callable[[object, ElementTree.Element], None]] = {
    "path": _path, "rect": _rect, "circle": _circle, "ellipse": _ellipse, "line": _line,
    "polyline": _poly(False), "polygon": _poly(True)}
