"""Stage 2, validate: SourceDoc -> Topic / Layout / LocalProfile / Labels, every problem reported at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import colours
from .errors import InputError, Problem
from .loader import KeyPath, SourceDoc
from .models import (
    Block,
    Face,
    Figure,
    Labels,
    Layout,
    LocalProfile,
    Region,
    Section,
    SharedBlock,
    Source,
    Style,
    Text,
    Topic,
    Translation,
)
from .schema import Reader
from .trust import invisible, placeholder_reason, shown

PICTURE_ACCENT = "#C8102E"  # a signal red: a test strip's lines, a pictogram's one highlight
DEFAULT_BRAND = {"primary": "#1F4E79", "accent": "#F6C453", "ink": "#1A1A1A", "paper": "#FFFFFF", "tint": "#EEF3F8"}
FONT_STYLES = ("regular", "bold", "italic", "bold-italic")
HOME_SHEETS = ("none", "grid", "trim", "saddle")
TOPIC_LISTS = {"bullets": ("topic.key_points", "topic.steps"), "steps": ("topic.steps", "topic.key_points"),
               "sections": ("topic.sections",), "sources": ("topic.sources",)}
BLOCK_KINDS = ("text", "bullets", "steps", "sections", "local", "qr", "sources", "rule", "spacer", "shared", "logo",
               "picture", "write-in", "move")
BLOCK_SETTINGS = ("style", "heading", "max", "size", "pictures", "height", "align", "optional", "show", "color",
                  "accent")
MIN_PAGE, MAX_PAGE = 36.0, 14_400.0  # points: half an inch, and the largest page PDF readers accept (200 in)
MAX_BLEED, MAX_SPACE, MIN_QR = 72.0, 720.0, 36.0  # 1 in of bleed is already generous; QR codes of 0.5 in or more
LOCAL_FIELDS = ("organization", "phone", "text_line", "address", "hours", "website", "link", "services",
                "jurisdiction", "brand", "email", "hide", "logo", "optional", "language_line")
# Blocks a layout offers that print only when a profile turns them on (optional: [write-in, language-line]).
OPTIONAL_BLOCKS = ("write-in", "language-line")


# ---- content ------------------------------------------------------------------------------------
def _text(r: Reader, path: KeyPath, *, required: bool = False) -> Text | None:
    value = r.text(path, required=required)
    return Text(value, r.loc(path)) if value is not None else None


def _texts(r: Reader, path: KeyPath, *, required: bool = False, min_items: int = 0) -> tuple[Text, ...]:
    return tuple(Text(v, r.loc(p)) for v, p in r.texts(path, required=required, min_items=min_items))


def _paragraphs(r: Reader, path: KeyPath) -> tuple[Text, ...]:
    """A body is one paragraph (text) or several (a list of text)."""
    return _texts(r, path) if isinstance(r.get(path), list) else tuple(filter(None, [_text(r, path)]))


SECTION_KEYS = ("heading", "body", "bullets", "steps", "figures")
Lookup = Callable[[str], SharedBlock]  # a shared block by name, in the topic's language


def _steps(r: Reader, path: KeyPath) -> tuple[Text, ...]:
    """Numbered steps: each a string, or {text, picture} where a picture shows the step."""
    out = []
    for item in r.items(path):
        if isinstance(r.get(item), dict):
            if not r.mapping(item, ("text", "picture"), ("text",), "step fields"):
                continue
            text, picture = r.text((*item, "text"), required=True), _picture(r, (*item, "picture"))
            if text is not None:
                out.append(Text(text, r.loc((*item, "text")), picture, r.loc((*item, "picture"))))
        else:
            value = r.text(item, required=True)
            if value is not None:
                out.append(Text(value, r.loc(item)))
    return tuple(out)


def _picture(r: Reader, path: KeyPath) -> str | None:
    """A picture reference: a library name (naloxone-spray) or a file in the project (pictures/step-1.svg)."""
    value = r.text(path)
    if value is not None and not value.strip():
        r.error(path, "is empty; name a picture from `pamphlets list pictures` or a file in the project")
        return None
    return value.strip() if value else None


def _figures(r: Reader, path: KeyPath) -> tuple[Figure, ...]:
    """Pictures with captions, set side by side (a test strip's results)."""
    out = []
    for item in r.items(path):
        if not r.mapping(item, ("picture", "caption"), ("picture", "caption"), "figure fields"):
            continue
        picture, caption = _picture(r, (*item, "picture")), _text(r, (*item, "caption"), required=True)
        if picture and caption:
            out.append(Figure(picture, Text(caption.source, caption.loc, picture, r.loc((*item, "picture")))))
    return tuple(out)


def _section(r: Reader, p: KeyPath) -> Section | None:
    """The heading, body, bullets, steps and figures at p (a topic's section or a shared block's top level)."""
    heading = _text(r, (*p, "heading"), required=True)
    body, bullets, steps = _paragraphs(r, (*p, "body")), _texts(r, (*p, "bullets")), _steps(r, (*p, "steps"))
    figures = _figures(r, (*p, "figures"))
    if not (body or bullets or steps or figures) and r.get((*p, "body")) is None:
        r.error(p, "a section needs a body, bullets, steps or figures under its heading")
    return Section(heading, body, bullets, steps, figures) if heading else None


def _sources(r: Reader) -> tuple[Source, ...]:
    sources = []
    for p in r.items(("sources",), required=True, min_items=1):
        if r.mapping(p, ("publisher", "title", "url", "note", "short_title"), (), "source fields"):
            pub, title = r.text((*p, "publisher"), required=True), r.text((*p, "title"), required=True)
            url = r.url((*p, "url"), required=True, schemes=("https",))
            if pub and title and url:
                sources.append(Source(pub, title, url, r.text((*p, "note")), r.loc(p),
                                      r.text((*p, "short_title"))))
    return tuple(sources)


def _translation(r: Reader) -> Translation | None:
    tkeys = ("from", "method", "reviewed_by", "source_hash")
    if r.get(("translation",)) is None or not r.mapping(("translation",), tkeys, ("from", "method"),
                                                        "translation fields"):
        return None
    method = r.choice(("translation", "method"), ("machine", "human"))
    reviewed_by = r.text(("translation", "reviewed_by")) if r.get(("translation", "reviewed_by")) else None
    return Translation(r.text(("translation", "from"), required=True) or "", method or "machine",
                       reviewed_by, r.text(("translation", "source_hash")), r.loc(("translation",)))


def _reviewed(r: Reader) -> dt.date | None:
    """The date the facts were checked: a date in the future would make a stale card look fresh."""
    reviewed = r.date(("reviewed",), required=True)
    if reviewed and reviewed > dt.date.today():
        r.error(("reviewed",), f"{reviewed} is in the future; write the date the facts were checked")
    return reviewed


def _include(r: Reader, p: KeyPath, lookup: Lookup | None, used: list[SharedBlock]) -> SharedBlock | None:
    """A `{shared: name}` reference: the block, or a problem at the reference's line."""
    if not r.mapping(p, ("shared",), ("shared",), "an include ({shared: name})"):
        return None
    name = r.text((*p, "shared"), required=True)
    if name is None:
        return None
    if lookup is None:
        r.error((*p, "shared"), "a shared block cannot include another one; write its text here")
        return None
    try:
        block = lookup(name)
    except InputError as exc:  # the block's own file is wrong: report it where it is
        r.problems.extend(exc.problems)
        return None
    except LookupError as exc:
        r.error((*p, "shared"), str(exc.args[0]))
        return None
    used.append(block)
    return block


def topic_from(doc: SourceDoc, slug: str, lang: str, lookup: Lookup | None = None) -> Topic:
    """Validate a content file into a Topic, with the shared blocks it includes filled in."""
    r = Reader(doc)
    keys = ("title", "summary", "key_points", "steps", "sections", "call_to_action", "sources", "reviewed",
            "translation", "notes", "picture")
    if not r.mapping((), keys, (), "topic fields"):
        r.done()
    used: list[SharedBlock] = []
    sections = []
    for p in r.items(("sections",)):
        if isinstance(r.get(p), dict) and "shared" in r.get(p):
            block = _include(r, p, lookup, used)
            if block:
                sections.append(block.section)
        elif r.mapping(p, SECTION_KEYS, (), "section fields"):
            section = _section(r, p)
            if section:
                sections.append(section)
    sources = list(_sources(r))
    translation = _translation(r)
    title, summary = _text(r, ("title",), required=True), _text(r, ("summary",), required=True)
    key_points = _texts(r, ("key_points",), required=True, min_items=1)
    if isinstance(r.get(("steps",)), dict):
        block = _include(r, ("steps",), lookup, used)
        steps = block.section.steps if block else ()
        if block and not steps:
            r.error(("steps", "shared"), f"shared block '{block.name}' has no steps; include it as a section")
    else:
        steps = _steps(r, ("steps",))
    call = _text(r, ("call_to_action",))
    picture_name = _picture(r, ("picture",))
    picture = Text("", r.loc(("picture",)), picture_name, r.loc(("picture",))) if picture_name else None
    reviewed = _reviewed(r)
    r.done()
    assert title and summary and reviewed  # done() raised otherwise
    urls = {s.url for s in sources}
    for block in used:  # the block's sources are the topic's too: a reader sees them under this topic
        for source in block.sources:
            if source.url not in urls:
                urls.add(source.url)
                sources.append(source)
    return Topic(slug, lang, doc.path, title, summary, key_points, steps, tuple(sections), call, tuple(sources),
                 reviewed, translation, r.loc(("reviewed",)), tuple(dict.fromkeys(b.name for b in used)), picture)


def shared_from(doc: SourceDoc, name: str, lang: str) -> SharedBlock:
    """Validate a shared block (content/_shared/<name>/<lang>.yaml): a section with its own sources and date."""
    r = Reader(doc)
    if not r.mapping((), (*SECTION_KEYS, "sources", "reviewed", "translation", "notes"), (), "shared block fields"):
        r.done()
    section = _section(r, ())
    sources = _sources(r)
    translation = _translation(r)
    reviewed = _reviewed(r)
    r.done()
    assert section and reviewed
    return SharedBlock(name, lang, doc.path, section, sources, reviewed, translation, r.loc(("reviewed",)))


def labels_from(doc: SourceDoc, lang: str) -> Labels:
    """Validate a labels file (the words around the content) for one language."""
    r = Reader(doc)
    if r.mapping((), ("words", "months", "date_format"), ("words",), "label fields"):
        words: dict[str, str] = {}
        if isinstance(r.get(("words",)), dict):
            for key in r.get(("words",)):
                value = r.text(("words", key), required=True)
                if value is not None:
                    words[key] = value
        elif r.get(("words",)) is not None:
            r.error(("words",), "must be a mapping of label names to words")
        months = [v for v, _ in r.texts(("months",), required=True)]
        if len(months) != 12:
            r.error(("months",), f"needs the 12 month names, January first; has {len(months)}")
        date_format = r.text(("date_format",), required=True) or ""
        if date_format and not all(k in date_format for k in ("{day}", "{month}", "{year}")):
            r.error(("date_format",), "must contain {day}, {month} and {year}")
    r.done()
    return Labels(lang, words, tuple(months), date_format)


# ---- local profile ------------------------------------------------------------------------------
def colour(r: Reader, path: KeyPath, *, brand_ok: bool = True) -> str | None:
    """A colour: #RRGGBB, cmyk(...), black, white, or (in layouts) brand.<name> taken from the profile."""
    value = r.text(path)
    if value is None:
        return None
    brand_name = value.removeprefix("brand.") if value.startswith("brand.") else None
    if colours.is_colour(value) or (brand_ok and brand_name in DEFAULT_BRAND):
        return value
    brands = ", ".join(f"brand.{k}" for k in DEFAULT_BRAND)
    hint = colours.HINT + (f", or one of {brands}" if brand_ok else "")
    r.error(path, f"'{value}' is not a colour; write {hint}")
    return None


def profile_from(doc: SourceDoc, name: str) -> LocalProfile:
    """Validate a local profile."""
    r = Reader(doc)
    if not r.mapping((), LOCAL_FIELDS, (), "profile fields"):
        r.done()
    fields: dict[str, str | list[str]] = {}
    for key in ("organization", "phone", "text_line", "address", "hours", "jurisdiction", "email"):
        value = r.text((key,), required=key in ("organization", "phone"))
        if value is not None and key in ("phone", "text_line", "email") and invisible(value):
            ch = invisible(value)
            r.error((key,), f"contains an invisible character, {shown(ch)}; retype it")
        elif value is not None:
            fields[key] = value
    website = r.url(("website",))
    if website:
        fields["website"] = website
    link = r.url(("link",), required=True, schemes=("https", "http", "tel", "sms"))
    if link:
        fields["link"] = link
    services = [v for v, _ in r.texts(("services",))]
    if services:
        fields["services"] = services
    hide = tuple(v for v, _ in r.texts(("hide",)))  # shared blocks a layout offers that this program leaves out
    optional = tuple(v for v, p in r.texts(("optional",)) if r.choice(p, OPTIONAL_BLOCKS))
    language_line = r.text(("language_line",))
    if language_line is not None:
        fields["language_line"] = language_line
    if "language-line" in optional and language_line is None:
        r.error(("optional",), "turns on the language-line block but the profile has no language_line; add "
                               "language_line: \"Free help in your language: call ...\"")
    logo = r.text(("logo",))
    brand = dict(DEFAULT_BRAND)
    if r.get(("brand",)) is not None and r.mapping(("brand",), DEFAULT_BRAND, (), "brand colours"):
        for key in r.get(("brand",)):
            value = colour(r, ("brand", key), brand_ok=False)
            if value:
                brand[key] = value
    r.done()
    locs = {key: r.loc((key,)) for key in fields}
    placeholders = tuple(Problem(locs[key], f"{reason}; put in your program's real detail before printing", "E107")
                         for key, value in fields.items() if isinstance(value, str)
                         for reason in [placeholder_reason(key, value)] if reason)
    hide_locs = tuple(r.loc(p) for _, p in r.texts(("hide",)))
    return LocalProfile(name, doc.path, fields, locs, brand, link or "", placeholders, hide, hide_locs,
                        logo.strip() if logo else None, r.loc(("logo",)) if logo else None, optional)


# ---- layout -------------------------------------------------------------------------------------
def _style(r: Reader, path: KeyPath) -> Style | None:
    keys = ("font", "size", "min_size", "leading", "color", "align", "space_before", "space_after")
    if not r.mapping(path, keys, (), "style settings"):
        return None
    size = r.number((*path, "size"), low=4, high=400, required=True)
    min_size = r.number((*path, "min_size"), default=size, low=4, high=400)
    if size is not None and min_size is not None and min_size > size:
        r.error((*path, "min_size"), f"is larger than size ({size:g}); make it smaller or equal")
    if size is None or min_size is None:
        return None
    return Style(str(path[-1]), r.choice((*path, "font"), FONT_STYLES, default="regular") or "regular", size,
                 min_size, r.number((*path, "leading"), default=1.25, low=0.8, high=3) or 1.25,
                 colour(r, (*path, "color")) or "brand.ink",
                 r.choice((*path, "align"), ("left", "center", "right"), default="left") or "left",
                 r.length((*path, "space_before"), default=0.0, low=0, high=MAX_SPACE) or 0.0,
                 r.length((*path, "space_after"), default=0.0, low=0, high=MAX_SPACE) or 0.0, r.loc(path))


def _block(r: Reader, path: KeyPath, styles: dict[str, object]) -> Block | None:
    value = r.get(path)
    kinds = [k for k in BLOCK_KINDS if isinstance(value, dict) and k in value]
    if len(kinds) != 1:
        r.error(path, "a block needs exactly one of: " + ", ".join(BLOCK_KINDS))
        return None
    kind = kinds[0]
    r.mapping(path, (kind, *BLOCK_SETTINGS), (), "block settings")
    loc = r.loc((*path, kind))
    style = r.text((*path, "style")) or ("small" if kind == "sources" else "body")
    if kind not in ("qr", "rule", "spacer", "logo", "picture", "move", "write-in") and style not in styles:
        r.error((*path, "style"), f"no style named '{style}' in this layout's styles; add it or pick another")
    common = {"kind": kind, "loc": loc, "style": style, "heading": r.text((*path, "heading")),
              "limit": r.integer((*path, "max"), low=1),
              "pictures": r.length((*path, "pictures"), default=0.0, low=0, high=MAX_PAGE) or 0.0,
              "align": r.choice((*path, "align"), ("left", "center", "right"), default="center") or "center",
              "optional": r.choice((*path, "optional"), OPTIONAL_BLOCKS) if r.get((*path, "optional")) else None,
              "show": r.choice((*path, "show"), ("publishers", "titles", "urls"), default="titles") or "titles"}
    if kind in ("logo", "picture"):  # a logo slot ({logo: 1.2in}) or a library picture ({picture: name, size: 1in})
        size_key = "logo" if kind == "logo" else "size"
        size = r.length((*path, size_key), default=72.0, low=9, high=MAX_PAGE) or 72.0
        height = r.length((*path, "height"), default=0.0, low=0, high=MAX_PAGE) or 0.0
        value = "" if kind == "logo" else (_picture(r, (*path, kind)) or "")
        if kind == "picture" and not value:
            r.error((*path, kind), "names no picture; use a name from `pamphlets list pictures` or a project file")
        # A library picture's two colours (white on a dark band, say); a logo keeps its own.
        inks = (colour(r, (*path, "color")) or "brand.ink", colour(r, (*path, "accent")) or PICTURE_ACCENT)
        return Block(value=value, size=size, height=height, inks=inks, **common)
    if kind == "move":  # {move: last}: what follows starts in the flow's last region (a fold-in panel's call-out)
        r.choice((*path, kind), ("last",))
        return Block(**common)
    if kind == "write-in":  # a ruled box left blank for a handwritten message ({write-in: 1.2in})
        return Block(size=r.length((*path, kind), default=72.0, low=18, high=MAX_PAGE) or 72.0, **common)
    if kind in TOPIC_LISTS:
        ref = r.choice((*path, kind), TOPIC_LISTS[kind])
        if kind == "sections" and "heading" not in styles:
            r.error((*path, kind), "sections need a style named 'heading' in this layout's styles")
        return Block(value=ref or "", **common) if ref else None
    if kind == "local":
        fields = tuple(v for v, _ in r.texts((*path, kind)))
        for name, p in r.texts((*path, kind)):
            if name not in LOCAL_FIELDS:
                r.error(p, f"'{name}' is not a local-profile field; use: " + ", ".join(LOCAL_FIELDS[:7]))
        return Block(fields=fields, **common)
    if kind == "qr":
        size = r.length((*path, "size"), default=72.0, low=MIN_QR, high=MAX_PAGE) or 72.0
        return Block(value=r.text((*path, kind), required=True) or "", size=size, **common)
    if kind == "rule":
        return Block(value=colour(r, (*path, kind)) or "brand.accent", **common)
    if kind == "spacer":
        return Block(size=r.length((*path, kind), default=6.0, low=0, high=MAX_PAGE) or 0.0, **common)
    return Block(value=r.text((*path, kind), required=True) or "", **common)


def _box(r: Reader, path: KeyPath) -> tuple[float, float, float, float] | None:
    value = r.get(path)
    if value is None:
        return None  # reported as a missing required key
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        r.error(path, "must be [x, y, width, height] as fractions of the safe area, e.g. [0, 0.2, 1, 0.5]")
        return None
    x, y, w, h = (float(v) for v in value)
    if x < 0 or y < 0 or w <= 0 or h <= 0 or x + w > 1.0001 or y + h > 1.0001:
        r.error(path, "runs outside the safe area; x + width and y + height must be at most 1")
        return None
    return x, y, w, h


def _region(r: Reader, path: KeyPath, styles: dict[str, object]) -> Region | None:
    keys = ("name", "box", "blocks", "flow", "background", "border", "padding", "valign", "panel", "bleed")
    if not r.mapping(path, keys, ("box",), "region settings"):
        return None
    blocks = tuple(filter(None, (_block(r, p, styles) for p in r.items((*path, "blocks")))))
    if not blocks and r.get((*path, "flow")) is None:
        r.error(path, "a region needs blocks, or a flow to continue")
    box = _box(r, (*path, "box"))
    name = r.text((*path, "name"), required=True)
    if box is None or name is None:
        return None
    return Region(name, box, blocks, r.loc(path), r.text((*path, "flow")), colour(r, (*path, "background")),
                  colour(r, (*path, "border")), r.length((*path, "padding"), default=0.0, low=0, high=MAX_SPACE) or 0.0,
                  r.choice((*path, "valign"), ("top", "middle", "bottom"), default="top") or "top",
                  r.integer((*path, "panel"), low=0), r.boolean((*path, "bleed")))


def _lengths(r: Reader, path: KeyPath, count: int | None = None) -> tuple[float, ...] | None:
    """A list of lengths ([8.5in, 11in]); count, if given, is how many there must be."""
    value = r.get(path)
    if not isinstance(value, list) or (count is not None and len(value) != count) or not value:
        r.error(path, f"must be a list of {count or 'some'} lengths, e.g. [3.625in, 3.6875in, 3.6875in]")
        return None
    out = [r.length((*path, i), required=True, low=MIN_PAGE, high=MAX_PAGE) for i in range(len(value))]
    return tuple(out) if all(v is not None for v in out) else None  # type: ignore[arg-type]


def _booklet(r: Reader, faces: list[Face]) -> tuple[int, int, int] | None:
    if r.get(("pages",)) is None:
        return None
    if not r.mapping(("pages",), ("min", "max", "multiple", "pad"), ("min", "max", "multiple", "pad"),
                     "page settings"):
        return None
    low, high = r.integer(("pages", "min"), low=1), r.integer(("pages", "max"), low=1)
    multiple = r.integer(("pages", "multiple"), low=1)
    pad = r.text(("pages", "pad"), required=True)
    if pad and pad not in {f.name for f in faces}:
        r.error(("pages", "pad"), f"no face named '{pad}'; name the face to repeat as padding (e.g. notes)")
    if low is None or high is None or multiple is None:
        return None
    if low > high:
        r.error(("pages", "min"), f"is more than max ({high}); a booklet cannot have at least {low} and at most "
                                  f"{high} pages: lower min or raise max")
        return None
    return low, high, multiple


def _overlaps(r: Reader, faces: list[Face]) -> None:
    """Regions on the same face (and panel) must not overlap: one would print over the other."""
    for fi, face in enumerate(faces):
        for j, b in enumerate(face.regions):
            for a in face.regions[:j]:
                if a.panel != b.panel:
                    continue
                (ax, ay, aw, ah), (bx, by, bw, bh) = a.box, b.box
                if min(ax + aw, bx + bw) - max(ax, bx) > 1e-3 and min(ay + ah, by + bh) - max(ay, by) > 1e-3:
                    r.error(("faces", fi, "regions", j, "box"), f"overlaps region '{a.name}' ({a.loc.path}:"
                                                                f"{a.loc.line}); one would print over the other: "
                                                                "move or shrink one of them")


def layout_from(doc: SourceDoc, name: str) -> Layout:
    """Validate a layout file into a Layout."""
    r = Reader(doc)
    keys = ("name", "sizes", "default_size", "bleed", "safe", "font", "styles", "faces", "home_sheet",
            "scale_text", "panels", "pages", "stock", "mirror", "grow")
    if not r.mapping((), keys, ("sizes", "styles"), "layout settings"):
        r.done()
    sizes: dict[str, tuple[float, float]] = {}
    if isinstance(r.get(("sizes",)), dict):
        for key in r.get(("sizes",)):
            pair = _lengths(r, ("sizes", key), 2)
            if pair:
                sizes[str(key)] = (pair[0], pair[1])
    elif r.get(("sizes",)) is not None:
        r.error(("sizes",), "must be a mapping of size names to [width, height]")
    default_size = r.text(("default_size",), required=True) or ""
    if sizes and default_size and default_size not in sizes:
        r.error(("default_size",), f"'{default_size}' is not one of the sizes: " + ", ".join(sizes))
    styles: dict[str, Style] = {}
    if isinstance(r.get(("styles",)), dict):
        for key in r.get(("styles",)):
            style = _style(r, ("styles", key))
            if style:
                styles[style.name] = style
    elif r.get(("styles",)) is not None:
        r.error(("styles",), "must be a mapping of style names to settings")
    faces = []
    for p in r.items(("faces",), required=True, min_items=1):
        if r.mapping(p, ("name", "optional", "background", "regions", "panels"), ("regions",), "face settings"):
            regions = tuple(filter(None, (_region(r, q, styles) for q in r.items((*p, "regions"), min_items=1))))
            panels = r.choice((*p, "panels"), ("outside", "inside"))
            for i, region in enumerate(regions):
                if region.panel is not None and not panels:
                    r.error((*p, "regions", i, "panel"), "a region on a panel needs 'panels: outside' or "
                                                         "'panels: inside' on its face")
            faces.append(Face(r.text((*p, "name"), required=True) or "", regions,
                              r.boolean((*p, "optional")), colour(r, (*p, "background")), panels))
    panels: dict[str, tuple[float, ...]] = {}
    if r.get(("panels",)) is not None and r.mapping(("panels",), sizes, sizes, "panel widths per size"):
        for key in sizes:
            widths = _lengths(r, ("panels", key)) if key in r.get(("panels",)) else None
            if widths and abs(sum(widths) - sizes[key][0]) > 0.5:
                r.error(("panels", key), f"the panels add up to {sum(widths):.1f} pt, but the size is "
                                         f"{sizes[key][0]:.1f} pt wide; make them add up to the width")
            elif widths:
                panels[key] = widths
    for fi, face in enumerate(faces):
        for ri, region in enumerate(face.regions):
            if region.panel is not None and panels and region.panel >= min(len(w) for w in panels.values()):
                r.error(("faces", fi, "regions", ri, "panel"), f"panel {region.panel} does not exist; panels are "
                                                               "numbered from 0, left to right")
    if any(face.panels for face in faces) and not panels:
        r.error(("faces",), "faces with panels need the layout's 'panels' widths for every size")
    safe = r.length(("safe",), default=9.0, low=0, high=MAX_PAGE)
    for key, (w, h) in sizes.items():
        if safe is not None and 2 * safe >= min(w, h) - MIN_PAGE:
            r.error(("safe",), f"a safe margin of {safe:g}pt leaves no room on size '{key}' ({w:g} x {h:g} pt); "
                               "make it smaller")
    _overlaps(r, faces)
    layout = Layout(r.text(("name",)) or name, doc.path, sizes, default_size,
                    r.length(("bleed",), default=0.0, low=0, high=MAX_BLEED) or 0.0, safe or 0.0,
                    r.text(("font",)) or "Atkinson Hyperlegible", styles, tuple(faces),
                    panels, _booklet(r, faces), r.text(("pages", "pad")) if r.get(("pages",)) else None,
                    r.text(("stock",)) or "",
                    r.choice(("home_sheet",), HOME_SHEETS, default="none") or "none", r.boolean(("scale_text",)),
                    r.choice(("mirror",), ("full", "none"), default="full") or "full",
                    r.number(("grow",), default=1.0, low=1.0, high=2.0) or 1.0)
    r.done()
    return layout
