"""Tagged PDF: marked content while faces are drawn, then the structure tree that gives their reading order.

Compose gives each text line, picture and QR code a Tag (its element, role and part); draw asks this module for the
operators around each one. In a tagged file each face is drawn straight into its page (not through a form XObject,
whose marked content some checkers and screen readers do not follow), so marked content is numbered (MCID) per
page, each page carries /StructParents, and the structure tree points at the content with marked-content
references (/Pg, /MCID). Everything else is an artifact. A file where a face is placed more than once (ten cards on
a sheet) is not tagged: one element cannot stand for ten copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pdf import Document, Name, Raw, Ref, text_string
from .plan import Tag

ARTIFACT = "/Artifact BMC"
END = "EMC"


@dataclass
class Element:
    """A structure element being built: its role and, in reading order, its content and child elements."""

    role: str
    alt: str = ""
    lang: str = ""
    kids: list[Element | tuple[int, int]] = field(default_factory=list)  # children or (page, MCID)
    parts: dict[str, Element] = field(default_factory=dict)  # a list item's Lbl and LBody


class Structure:
    """Marked content of every face of one file, and the structure tree built from it."""

    def __init__(self) -> None:
        self.top: list[Element] = []  # the document's elements in reading order
        self.elements: dict[int, Element] = {}  # compose's element number -> element
        self.mcids: dict[int, list[Element]] = {}  # page -> the element each MCID belongs to, by MCID
        self.pages: dict[int, Any] = {}  # page number (from 0) -> a reference to the page

    def begin(self, page: int, tag: Tag | None) -> str:
        """The operator that opens one operation's marked content (an artifact when it has no tag)."""
        if tag is None:
            return ARTIFACT
        owner = self.element(tag)
        if tag.role == "Figure" and tag.part:  # a step's picture: a figure inside its list item's body
            figure = Element("Figure", tag.alt, tag.lang)
            owner.kids.append(figure)
            owner, role = figure, "Figure"
        else:
            role = tag.part or tag.role
        mcids = self.mcids.setdefault(page, [])
        owner.kids.append((page, len(mcids)))
        mcids.append(owner)
        return f"/{role} <</MCID {len(mcids) - 1}>> BDC"

    def element(self, tag: Tag) -> Element:
        """The element a tag names (its list item part for Lbl and LBody), created in order of first use."""
        element = self.elements.get(tag.key)
        if element is None:
            role = "LI" if tag.part else tag.role
            element = self.elements[tag.key] = Element(role, tag.alt if not tag.part else "", tag.lang)
            if role == "LI" and self.top and self.top[-1].role == "L" and not tag.starts_list:
                self.top[-1].kids.append(element)  # the next item of the list just before it
            elif role == "LI":
                self.top.append(Element("L", kids=[element]))
            else:
                self.top.append(element)
        if not tag.part:
            return element
        if tag.part not in element.parts:
            part = element.parts[tag.part] = Element(tag.part)
            element.kids.append(part)
            # a label before the body, whichever is drawn first
            element.kids.sort(key=lambda k: 0 if isinstance(k, Element) and k.role == "Lbl" else 1)
        return element.parts[tag.part]

    def place(self, page: int, ref: Any) -> None:
        """Record a reference to the page about to be drawn."""
        self.pages[page] = ref

    def page_keys(self, page: int) -> dict[str, Any]:
        """A drawn page's /StructParents (its number, when it has marked content) and a tab order that follows the
        structure."""
        keys: dict[str, Any] = {"Tabs": Name("S")}
        if page in self.mcids:
            keys["StructParents"] = page
        return keys

    def write(self, doc: Document) -> dict[str, Any]:
        """Write the structure tree into the document; the catalog entries that point at it (and /MarkInfo)."""
        refs: dict[int, Ref] = {}
        root_ref = doc.reserve()
        document = Element("Document", kids=list(self.top))

        def write_element(element: Element, parent: Ref) -> Ref:
            # Written as bytes: a document has hundreds of elements and marked-content references.
            ref = refs[id(element)] = doc.reserve()
            parts = [b"<< /Type /StructElem /S /%s /P %d 0 R" % (element.role.encode("ascii"), parent.num)]
            if element.alt:
                parts += [b" /Alt ", text_string(element.alt)]
            if element.lang:
                parts += [b" /Lang ", text_string(element.lang)]
            parts.append(b" /K [")
            for kid in element.kids:
                if isinstance(kid, Element):
                    parts.append(b" %d 0 R" % write_element(kid, ref).num)
                else:
                    page, mcid = kid
                    parts.append(b" << /Type /MCR /Pg %d 0 R /MCID %d >>" % (self.pages[page].num, mcid))
            parts.append(b" ] >>")
            doc.set(ref, Raw(b"".join(parts)))
            return ref

        top = write_element(document, root_ref)
        # The parent tree: for each page (its /StructParents is its number), the element of each MCID.
        nums: list[Any] = []
        for page in sorted(self.mcids):
            nums += [page, [refs[id(owner)] for owner in self.mcids[page]]]
        doc.set(root_ref, {"Type": Name("StructTreeRoot"), "K": [top], "ParentTree": {"Nums": nums},
                           "ParentTreeNextKey": max(self.mcids, default=-1) + 1})
        return {"StructTreeRoot": root_ref, "MarkInfo": {"Marked": True}}
