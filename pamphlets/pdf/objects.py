"""PDF objects and the file around them: names, strings, references and streams, written the same way every time.

Values are plain Python: dict (a dictionary), list or tuple (an array), str (a text string), int, float, bool,
None, and the small types below. Nothing is formatted until the file is written, so an object may hold a reference
to one that is filled in later (a font, whose glyphs are known only when the last page is drawn).
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Any


class Name(str):
    """A PDF name, written /Like.This."""

    __slots__ = ()


class Raw(bytes):
    """Bytes written exactly as given (an operator string, a prepared array)."""

    __slots__ = ()


class Ref:
    """A reference to an indirect object: `n 0 R`."""

    __slots__ = ("num",)

    def __init__(self, num: int) -> None:
        self.num = num

    def __repr__(self) -> str:
        return f"Ref({self.num})"


class Stream:
    """A stream object: its dictionary (without /Length and /Filter, which are written for it) and its data."""

    __slots__ = ("compress", "data", "dictionary")

    def __init__(self, dictionary: dict[str, Any], data: bytes, compress: bool = True) -> None:
        self.dictionary, self.data, self.compress = dictionary, data, compress


def num(value: float) -> str:
    """A number as a PDF writes it: at most four decimals, no trailing zeros, never an exponent."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_LITERAL_SAFE = {c for c in range(32, 127)} - {ord("("), ord(")"), ord("\\")}


def text_string(value: str) -> bytes:
    """A text string: printable ASCII as a literal (escaped), anything else as UTF-16BE with a byte order mark."""
    if all(ord(ch) in _LITERAL_SAFE or ch in "()\\" for ch in value):
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


@lru_cache(maxsize=4096)  # a file names the same few keys (/Type, /Font...) hundreds of times
def _name(value: str) -> bytes:
    """A name's bytes, with anything outside the regular characters written #XX (ISO 32000-1, 7.3.5)."""
    out = bytearray(b"/")
    for byte in value.encode("utf-8"):
        out += b"#%02X" % byte if byte < 33 or byte > 126 or byte in b"#/()<>[]{}%" else bytes((byte,))
    return bytes(out)


def serialise(value: Any) -> bytes:
    """One value as PDF syntax."""
    kind = type(value)
    if kind is Ref:
        return b"%d 0 R" % value.num
    if kind is Name:
        return _name(value)
    if kind is Raw:
        return value
    if kind is str:
        return text_string(value)
    if kind is bool:
        return b"true" if value else b"false"
    if kind is int or kind is float:
        return num(value).encode("ascii")
    if kind is dict:
        return b"<<" + b"".join(_name(k) + b" " + serialise(v) for k, v in value.items() if v is not None) + b">>"
    if kind is list or kind is tuple:
        return b"[" + b" ".join(serialise(v) for v in value) + b"]"
    if value is None:
        return b"null"
    raise TypeError(f"cannot write {kind.__name__} into a PDF")


class Document:
    """The numbered objects of one file, written with a cross-reference table."""

    def __init__(self, compress: bool = True) -> None:
        self.objects: list[Any] = [None]  # object n at index n; index 0 is the free list head
        self.compress = compress

    def reserve(self) -> Ref:
        """A number for an object that is set later."""
        self.objects.append(None)
        return Ref(len(self.objects) - 1)

    def set(self, ref: Ref, value: Any) -> Ref:
        """Give a reserved number its object."""
        self.objects[ref.num] = value
        return ref

    def add(self, value: Any) -> Ref:
        """A new object, and the reference to it."""
        self.objects.append(value)
        return Ref(len(self.objects) - 1)

    def write(self, root: Ref, info: Ref, file_id: bytes) -> bytes:
        """The whole file: header, objects, cross-reference table and trailer."""
        out = [b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n"]  # the second line: binary bytes, so transfers keep it binary
        offsets = []
        at = len(out[0])
        for number, value in enumerate(self.objects[1:], start=1):
            if value is None:
                raise ValueError(f"object {number} was reserved but never set")
            body = self._object(value)
            chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
            offsets.append(at)
            out.append(chunk)
            at += len(chunk)
        size = len(self.objects)
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        xref += [b"%010d 00000 n \n" % offset for offset in offsets]
        out += xref
        out.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                   % (size, root.num, info.num, file_id, file_id, at))
        return b"".join(out)

    def _object(self, value: Any) -> bytes:
        if type(value) is not Stream:
            return serialise(value)
        data = value.data
        extra: dict[str, Any] = {}
        if value.compress and self.compress:
            data = _deflate(data)
            extra["Filter"] = Name("FlateDecode")
        extra["Length"] = len(data)
        return serialise({**value.dictionary, **extra}) + b"\nstream\n" + data + b"\nendstream"


_DEFLATED: dict[bytes, bytes] = {}  # large streams seen before (a font subset in the print file and the home sheet)
_DEFLATED_MAX = 64


# zlib level 3: a fact sheet's streams compress in 1.5 ms instead of 2.5 (the default, 6), 6% larger.
LEVEL = 3


def _deflate(data: bytes) -> bytes:
    """Flate-compressed; a large stream written before in this process is not compressed again."""
    if len(data) < 4096:
        return zlib.compress(data, LEVEL)
    done = _DEFLATED.get(data)
    if done is None:
        if len(_DEFLATED) >= _DEFLATED_MAX:
            _DEFLATED.clear()
        done = _DEFLATED[data] = zlib.compress(data, LEVEL)
    return done
