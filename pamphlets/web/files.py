"""The web app's reading and writing of the project's own files: profiles and kits, through the CLI's validators.

A form's values are merged into the existing YAML with ruamel's round trip, so a file a person wrote keeps its
comments and key order; the merged text is validated exactly as the command line validates it, and written only
when it has no errors. Every path is a plain name inside the project's local/ or kits/ folder.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, PamphletsError, Problem
from ..loader import parse_yaml
from ..pictures import PictureError, load_file
from ..validate import profile_from
from ..write import write_atomic

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")  # a profile or kit name: also a file name
TEXT_FIELDS = ("organization", "phone", "text_line", "address", "hours", "email", "website", "link",
               "language_line")
LIST_FIELDS = ("services",)  # one item per line in the form
BRAND = ("primary", "accent")
LOGO_TYPES = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}  # and svg, recognised by its text
MAX_UPLOAD = 4 * 1024 * 1024  # bytes: a print logo is rarely over 1 MB


MAX_TEXT = 300  # characters in one profile field: a line on a card, not a document
# What an SVG logo must not carry: it is also served back to the browser, where these could run script.
ACTIVE_SVG = re.compile(rb"<\s*(script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:|@import",
                        re.IGNORECASE)


def plain_name(name: str) -> bool:
    """A name that can be a file name in local/ or kits/: letters, digits, '-' and '_'."""
    return bool(NAME.fullmatch(name))


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order and quoting style survive
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def read_mapping(path: Path) -> Any:
    """A YAML file as ruamel's commented mapping (an empty one when the file does not exist or is not a mapping)."""
    from ruamel.yaml.comments import CommentedMap

    if not path.is_file():
        return CommentedMap()
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except Exception:  # a file the CLI would reject anyway: start again from its values where possible
        return CommentedMap()
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump(data: Any) -> str:
    """The mapping as YAML text."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


@dataclass
class Saved:
    """The outcome of saving a form: problems by field (empty when written) and the text that was checked."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    @property
    def ok(self) -> bool:
        """True when the file was written."""
        return not self.problems


def field_of(key: str) -> str:
    """The form field a profile key path concerns: its first part (services[2] -> services), brand colours by
    their own (brand.primary); 'file' for the file as a whole."""
    key = (key or "file").split("[")[0]
    return key if key.startswith("brand.") else key.split(".")[0]


def _problems_by_field(problems: tuple[Problem, ...] | list[Problem]) -> dict[str, list[str]]:
    """Problems keyed by the form field they concern."""
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(field_of(p.loc.key), []).append(p.message)
    return out


def profile_values(path: Path) -> dict[str, Any]:
    """What a profile file says, as form values (text, a list as lines, brand colours)."""
    data = read_mapping(path)
    values: dict[str, Any] = {k: str(data.get(k, "") or "") for k in (*TEXT_FIELDS, "jurisdiction", "logo")}
    values["services"] = "\n".join(str(s) for s in _listed(data.get("services")))
    brand = data.get("brand") or {}
    for k in BRAND:
        values[f"brand.{k}"] = str(brand.get(k, "")) if isinstance(brand, dict) else ""
    values["optional"] = [str(v) for v in _listed(data.get("optional"))]
    return values


def _listed(value: object) -> list[object]:
    """A YAML list as a list; anything else (a hand-written `services: 5`) as nothing, for the form to replace."""
    return list(value) if isinstance(value, list) else []


def save_profile(path: Path, form: dict[str, Any], display_path: str) -> Saved:
    """Merge form values into the profile at path, validate the result as the CLI does, and write it if valid."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = read_mapping(path)
    long = {k: [f"at most {MAX_TEXT} characters; shorten it"] for k, v in form.items()
            if isinstance(v, str) and len(v) > MAX_TEXT and k != "services"}
    if long:
        return Saved(long)
    for key in (*TEXT_FIELDS, "jurisdiction"):
        value = str(form.get(key, "")).strip()
        if value:
            data[key] = value
        elif key in data:
            del data[key]  # an emptied field leaves the file
    services = [s.strip() for s in str(form.get("services", "")).splitlines() if s.strip()]
    if services:
        data["services"] = CommentedSeq(services)
        data["services"].fa.set_flow_style()
    elif "services" in data:
        del data["services"]
    brand = data.get("brand") if isinstance(data.get("brand"), CommentedMap) else CommentedMap()
    for k in BRAND:
        value = str(form.get(f"brand.{k}", "")).strip()
        value = value.upper() if value.startswith("#") else value
        if value:
            brand[k] = value
        elif k in brand:
            del brand[k]
    if brand:
        data["brand"] = brand
    elif "brand" in data:
        del data["brand"]
    optional = [v for v in form.get("optional", []) if v in ("write-in", "language-line")]
    if optional:
        data["optional"] = CommentedSeq(optional)
        data["optional"].fa.set_flow_style()
    elif "optional" in data:
        del data["optional"]
    if form.get("logo"):
        data["logo"] = form["logo"]
    text = dump(data)
    saved = Saved(text=text)
    try:
        profile = profile_from(parse_yaml(text, display_path), path.stem)
    except InputError as exc:
        saved.problems = _problems_by_field(exc.problems)
        return saved
    except PamphletsError as exc:
        saved.problems = {"file": [exc.format_message()]}
        return saved
    if profile.placeholders:  # 555 numbers and example.org would reach a printer
        saved.problems = _problems_by_field(profile.placeholders)
        return saved
    write_atomic(path, text.encode("utf-8"), elsewhere="check the project folder's permissions")
    return saved


def logo_kind(data: bytes) -> str | None:
    """'png', 'jpg' or 'svg' from the file's first bytes (never from its name), or None."""
    for kind, magic in LOGO_TYPES.items():
        if data.startswith(magic):
            return kind
    head = data[:2048].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:8192]:
        return "svg"
    return None


@dataclass
class Upload:
    """A checked logo waiting beside its final name until the profile that names it is saved."""

    name: str  # the file name the profile gets: <profile>-logo.<ext>
    waiting: Path  # a hidden file in local/
    note: str

    def keep(self) -> None:
        """Put the logo in place (the profile naming it was saved)."""
        os.replace(self.waiting, self.waiting.parent / self.name)

    def drop(self) -> None:
        """Forget the logo (the profile was not saved): any earlier logo is untouched."""
        self.waiting.unlink(missing_ok=True)


def check_logo(project: Path, profile: str, data: bytes) -> tuple[Upload | None, str]:
    """Check an uploaded logo as the build would, without touching the current one; (the upload, or None, why)."""
    kind = logo_kind(data)
    if kind is None:
        return None, "not a PNG, JPEG or SVG file"
    if len(data) > MAX_UPLOAD:
        return None, f"larger than {MAX_UPLOAD // (1024 * 1024)} MB"
    if kind == "svg" and ACTIVE_SVG.search(data):
        return None, "an SVG with scripts, event handlers, embedded pages or style imports; export a plain SVG"
    name = f"{profile}-logo.{kind}"
    waiting = project / "local" / f".upload-{name}"  # hidden, with the extension that says what it is
    write_atomic(waiting, data, elsewhere="check the project folder's permissions")
    try:
        picture = load_file(waiting.name, waiting.parent, (project,), "logo")
    except PictureError as exc:
        waiting.unlink(missing_ok=True)
        return None, str(exc).replace(waiting.name, "the file")
    if picture.kind == "svg":
        return Upload(name, waiting, "vector logo: sharp at any size"), ""
    inches = picture.width / 300
    note = f"{picture.width:.0f} x {picture.height:.0f} pixels: sharp up to {inches:.1f} in wide (300 ppi)"
    return Upload(name, waiting, note), ""


def kit_values(path: Path) -> dict[str, Any]:
    """What a kit file says, as form values."""
    data = read_mapping(path)
    topics: list[str] = []
    formats: dict[str, tuple[str, int]] = {}  # format -> (size, copies), from its first item
    for item in _listed(data.get("items")):
        if isinstance(item, dict) and isinstance(item.get("quantity"), int):
            topic, fmt = str(item.get("topic")), str(item.get("format"))
            topics += [topic] if topic not in topics else []
            formats.setdefault(fmt, (str(item.get("size") or ""), item["quantity"]))
    return {"profile": str(data.get("profile", "")), "languages": [str(v) for v in _listed(data.get("languages"))],
            "paper": str(data.get("paper", "letter")), "topics": topics, "formats": formats}


def save_kit(path: Path, name: str, profile: str, languages: list[str], paper: str,
             items: list[tuple[str, str, str, int]], display_path: str) -> Saved:
    """Write a kit file for the chosen topics, formats, languages and quantities, validated as the CLI does."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..kit import kit_from

    data = read_mapping(path)
    data["name"] = name
    data["profile"] = f"local/{profile}.yaml"
    data["languages"] = CommentedSeq(languages)
    data["languages"].fa.set_flow_style()
    data["paper"] = paper
    rows = CommentedSeq()
    for topic, fmt, size, n in items:
        row = CommentedMap([("topic", topic), ("format", fmt), *((("size", size),) if size else ()), ("quantity", n)])
        row.fa.set_flow_style()
        rows.append(row)
    data["items"] = rows
    text = dump(data)
    saved = Saved(text=text)
    if not items:
        saved.problems = {"items": ["choose at least one topic and one format"]}
        return saved
    try:
        kit_from(parse_yaml(text, display_path), name)
    except InputError as exc:
        saved.problems = _problems_by_field(exc.problems)
        return saved
    write_atomic(path, text.encode("utf-8"), elsewhere="check the project folder's permissions")
    return saved
