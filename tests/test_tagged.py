"""Tagged PDF: a structure tree in reading order, every piece of content tagged or an artifact, alt text on figures."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from pamphlets.compose import compose
from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import ROOT, cli

PROFILE = ROOT / "tests/data/project/local/test.yaml"
LAYOUTS = ("fact-sheet", "wallet-card", "poster", "trifold", "booklet")


def build(tmp: Path, *args: str) -> Path:
    result = cli("build", *args, "--local", str(PROFILE), "--project", str(ROOT), "-o", str(tmp))
    assert result.exit_code == 0, result.output
    return tmp


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    args = [a for fmt in LAYOUTS for a in ("-f", fmt)]
    return build(tmp_path_factory.mktemp("tagged"), "naloxone", *args, "-l", "en", "-l", "es", "-l", "ar")


def marked_text(path: Path) -> tuple[dict[tuple[int, int], str], str]:
    """The text of each (page, MCID), and the text no MCID covers (which must be artifacts only)."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    loose = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for ch in page.chars:
                if ch.get("mcid") is not None:
                    texts[number, ch["mcid"]].append(ch["text"])
                elif ch.get("tag") != "Artifact":
                    loose.append(ch["text"])
    return {k: "".join(v) for k, v in texts.items()}, "".join(loose)


def walk(path: Path) -> list[dict[str, Any]]:
    """The structure tree's elements in document order: role, alt, lang, depth, and their own text."""
    reader = pypdf.PdfReader(path)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    texts, _ = marked_text(path)
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    out: list[dict[str, Any]] = []
    used: list[tuple[int, int]] = []

    def visit(node: Any, depth: int) -> None:
        node = node.get_object()
        entry = {"role": str(node["/S"])[1:], "alt": str(node.get("/Alt", "")), "lang": str(node.get("/Lang", "")),
                 "depth": depth, "text": ""}
        out.append(entry)
        for kid in node.get("/K", []):
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                key = (pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"]))
                used.append(key)
                entry["text"] += texts.get(key, "")
            else:
                visit(kid, depth + 1)

    for top in root["/K"]:
        visit(top, 0)
    assert len(used) == len(set(used)), "a piece of marked content belongs to two elements"
    return out


def reading_order(slug: str, fmt: str, lang: str) -> str:
    """The layout's reading order as compose records it (regions in order, their lines), without page numbers."""
    resolver = Resolver(Project.at(ROOT))
    plan = compose(resolver.job(slug, fmt, lang, resolver.profile(PROFILE)))
    lines = [line for face in plan.faces for region in face.regions if not region.name.startswith("folio")
             for line in region.lines]
    return squash(" ".join(re.sub(r"\[(picture|QR|write-in)[^\]]*\]", "", line) for line in lines))


def squash(text: str) -> str:
    """Text without spaces or soft hyphens (extraction and the plan space lines differently)."""
    return re.sub(r"[\s\u00ad\u2066-\u2069]", "", text)


@pytest.mark.parametrize("fmt", LAYOUTS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_structure_tree_reads_in_the_layouts_order_and_tags_all_text(built: Path, fmt: str, lang: str) -> None:
    path = built / f"naloxone.{fmt}.{lang}.pdf"
    tree = walk(path)
    assert tree[0]["role"] == "Document"
    tagged = squash("".join(e["text"] for e in tree))
    expected = reading_order("naloxone", fmt, lang)
    if lang == "ar":  # right-to-left lines extract in visual order run by run: compare the letters, not their order
        assert sorted(tagged) == sorted(expected)
    else:
        assert tagged == expected
    _, loose = marked_text(path)
    assert loose == "", f"text neither tagged nor an artifact: {loose[:80]!r}"


def test_headings_lists_and_paragraphs_have_their_roles(built: Path) -> None:
    tree = walk(built / "naloxone.fact-sheet.en.pdf")
    roles = [e["role"] for e in tree]
    assert roles.count("H1") == 1 and tree[roles.index("H1")]["text"].startswith("Naloxone")
    assert "Know this" in [e["text"] for e in tree if e["role"] == "H2"]
    lists = [i for i, r in enumerate(roles) if r == "L"]
    assert lists
    item = tree[lists[0] + 1]
    assert item["role"] == "LI" and [e["role"] for e in tree[lists[0] + 2: lists[0] + 4]] == ["Lbl", "LBody"]
    assert tree[lists[0] + 2]["text"] in ("•", "1.")
    assert all(e["depth"] == 1 for e in tree if e["role"] in ("H1", "H2", "L"))  # children of Document


def test_every_figure_has_alt_text_and_the_qr_code_says_where_it_goes(built: Path) -> None:
    for fmt in LAYOUTS:
        figures = [e for e in walk(built / f"naloxone.{fmt}.es.pdf") if e["role"] == "Figure"]
        assert figures and all(e["alt"].strip() for e in figures), fmt
    alts = [e["alt"] for e in walk(built / "naloxone.fact-sheet.en.pdf") if e["role"] == "Figure"]
    assert "QR code: link to https://findtreatment.gov/locator" in alts, alts
    es = [e["alt"] for e in walk(built / "naloxone.fact-sheet.es.pdf") if e["role"] == "Figure"]
    assert any(a.startswith("Código QR: enlace a https://") for a in es), es


def test_marks_and_backgrounds_are_artifacts_and_the_tree_is_declared(built: Path) -> None:
    reader = pypdf.PdfReader(built / "naloxone.trifold.en.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (pypdf reads a BooleanObject)
    root = catalog["/StructTreeRoot"].get_object()
    nums = root["/ParentTree"]["/Nums"]
    assert int(root["/ParentTreeNextKey"]) > max(int(n) for n in nums[::2])
    for page in reader.pages:  # the faces are drawn into the pages themselves (no form XObjects to follow)
        assert int(page["/StructParents"]) in [int(n) for n in nums[::2]] and page["/Tabs"] == "/S"
        assert "/XObject" not in page["/Resources"] or not any(
            x.get_object()["/Subtype"] == "/Form" for x in page["/Resources"]["/XObject"].values())
        content = page.get_contents().get_data()
        assert content.count(b"/Artifact BMC") > 0
        assert content.count(b" BDC") + content.count(b"BMC") == content.count(b"EMC")  # balanced


def test_card_sheets_with_repeated_faces_are_not_tagged(built: Path) -> None:
    catalog = pypdf.PdfReader(built / "naloxone.wallet-card.en.sheet-letter.pdf").trailer["/Root"]
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog


def test_an_outside_pdf_ua_checker_finds_no_errors(built: Path) -> None:
    """pdfua (the machine-checkable subset of PDF/UA-1) on every tagged layout; the only finding is that the files
    do not claim PDF/UA (pdfuaid:part), which they do not until a full validator has passed them."""
    pdfua = pytest.importorskip("pdfua")
    for fmt in LAYOUTS:
        for lang in ("en", "es", "ar"):
            report = pdfua.validate(str(built / f"naloxone.{fmt}.{lang}.pdf"))
            assert [f.rule_id for f in report.findings] == ["UA-28-004"], (fmt, lang, report.findings)
    # The checker does catch what is missing: a card sheet (ten copies of each face) is not tagged.
    sheet = pdfua.validate(str(built / "naloxone.wallet-card.en.sheet-letter.pdf"))
    assert {"UA-01-002", "UA-01-005"} <= {f.rule_id for f in sheet.findings}


def test_bullets_right_after_steps_are_a_list_of_their_own(tmp_path: Path) -> None:
    """Two lists with nothing between them (a section's bullets, then its steps) are two L elements, not one."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests/data/project", project)
    topic = project / "content/demo/en.yaml"
    topic.write_text(topic.read_text().replace(
        "    bullets: [One line means fentanyl was found., Two lines means none was found.]\n",
        "    bullets: [One line means fentanyl was found., Two lines means none was found.]\n"
        "    steps: [Read the strip after 5 minutes., Throw the strip away.]\n"))
    result = cli("build", "demo", "-f", "fact-sheet", "-l", "en", "--local", str(project / "local/test.yaml"),
                 "--project", str(project), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    tree = walk(tmp_path / "out/demo.fact-sheet.en.pdf")
    heading = next(i for i, e in enumerate(tree) if e["role"] == "H2" and squash(e["text"]) == "Readingtheresult")
    lists = [i for i, e in enumerate(tree) if e["role"] == "L" and i > heading][:2]
    items = [[squash(e["text"]) for e in tree[start + 1:] if e["role"] == "LBody"][:2] for start in lists]
    assert [tree[i]["depth"] for i in lists] == [1, 1] and lists[1] > lists[0]
    assert items[0] == ["Onelinemeansfentanylwasfound.", "Twolinesmeansnonewasfound."]
    assert items[1] == ["Readthestripafter5minutes.", "Throwthestripaway."]
    between = [e["role"] for e in tree[lists[0] + 1:lists[1]]]
    assert between.count("LI") == 2  # the first list holds only its own two items
