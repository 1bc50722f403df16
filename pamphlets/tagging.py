"""Tagged PDF: marked content while faces are drawn, then the structure tree that gives their reading order.

Compose gives each text line, picture and QR code a Tag (its element, role and part); draw asks this module for the
operators around each one. Each face is a form XObject, so a face's marked content is numbered (MCID) within its
form, the form carries /StructParents, and the structure tree points at it with marked-content references that name
the form (/Stm) and the page it is placed on (/Pg). Everything else a face draws is an artifact. A file where a face
is placed more than once (ten cards on a sheet) is not tagged: one element cannot stand for ten copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .plan import Tag

ARTIFACT = "/Artifact BMC"
END = "EMC"


@dataclass
class Element:
    """A structure element being built: its role and, in reading order, its content and child elements."""

    role: str
    alt: str = ""
    lang: str = ""
    kids: list[Element | tuple[int, int]] = field(default_factory=list)  # children or (face, MCID)
    parts: dict[str, Element] = field(default_factory=dict)  # a list item's Lbl and LBody


class Structure:
    """Marked content of every face of one file, and the structure tree built from it."""

    def __init__(self) -> None:
        self.top: list[Element] = []  # the document's elements in reading order
        self.elements: dict[int, Element] = {}  # compose's element number -> element
        self.mcids: dict[int, list[Element]] = {}  # face -> the element each MCID belongs to, by MCID
        self.pages: dict[int, Any] = {}  # face -> (page reference, form reference) where it is placed

    def begin(self, face: int, tag: Tag | None) -> str:
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
        mcids = self.mcids.setdefault(face, [])
        owner.kids.append((face, len(mcids)))
        mcids.append(owner)
        return f"/{role} <</MCID {len(mcids) - 1}>> BDC"

    def element(self, tag: Tag) -> Element:
        """The element a tag names (its list item part for Lbl and LBody), created in order of first use."""
        element = self.elements.get(tag.key)
        if element is None:
            role = "LI" if tag.part else tag.role
            element = self.elements[tag.key] = Element(role, tag.alt if not tag.part else "", tag.lang)
            if role == "LI" and self.top and self.top[-1].role == "L":
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

    def place(self, face: int, page: Any, form: Any) -> None:
        """Record the page a face's form is drawn on (its marked content is referenced through both)."""
        self.pages[face] = (page, form)

    def write(self, doc: Any) -> None:
        """Write the structure tree, parent tree and MarkInfo into reportlab's document before it is saved."""
        from reportlab.pdfbase.pdfdoc import (
            PDFArray,
            PDFDictionary,
            PDFName,
            PDFObjectReference,
            PDFString,
        )

        refs: dict[int, PDFObjectReference] = {}
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root, "StructTreeRoot")
        document = Element("Document", kids=list(self.top))

        def write_element(element: Element, parent: PDFObjectReference) -> PDFObjectReference:
            node = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": parent})
            ref = refs[id(element)] = doc.Reference(node, f"StructElem{len(refs)}")
            if element.alt:
                node["Alt"] = PDFString(element.alt)
            if element.lang:
                node["Lang"] = PDFString(element.lang)
            kids = []
            for kid in element.kids:
                if isinstance(kid, Element):
                    kids.append(write_element(kid, ref))
                else:
                    face, mcid = kid
                    page, form = self.pages[face]
                    kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page, "Stm": form, "MCID": mcid}))
            node["K"] = PDFArray(kids)
            return ref

        root["K"] = PDFArray([write_element(document, root_ref)])
        # The parent tree: for each face's form (its /StructParents is the face's number), the element of each MCID.
        nums: list[Any] = []
        for face in sorted(self.mcids):
            nums += [face, PDFArray([refs[id(owner)] for owner in self.mcids[face]])]
        root["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
        root["ParentTreeNextKey"] = max(self.mcids, default=-1) + 1
        doc.Catalog.__NoDefault__ = [*doc.Catalog.__NoDefault__, "StructTreeRoot", "MarkInfo"]
        doc.Catalog.StructTreeRoot = root_ref
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})  # a str is written as it is: the boolean


def tag_form(doc: Any, name: str, face: int) -> Any:
    """Give a face's form XObject its /StructParents; return a reference to the form."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObjectReference, PDFStream, xObjectName

    form = doc.idToObject[xObjectName(name)]
    contents = PDFStream(PDFDictionary({"StructParents": face}))
    contents.content = form.stream  # reportlab fills in the rest of the form's dictionary when it writes it
    contents.__Comment__ = "xobject form stream"
    form.Contents = contents
    return PDFObjectReference(xObjectName(name))
