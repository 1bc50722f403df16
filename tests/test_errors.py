"""Every kind of bad input gives its message word for word, exit code 1, no traceback, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, cli, where

LAYOUT = ROOT / "layouts/fact-sheet.yaml"  # built-in files outside the project are shown by their full path


def build(*extra: str) -> tuple[int, list[str], str]:
    """Build the demo topic as a fact sheet; return the exit code, the stderr lines and stdout."""
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", *extra)
    return result.exit_code, result.stderr.splitlines(), result.stdout


def replace(path: str, old: str, new: str) -> None:
    """Edit one file of the fixture project."""
    file = Path(path)
    text = file.read_text()
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new))


CONTENT_CASES = {
    "unknown key, with a suggestion": (
        "summary:", "sumary:",
        ["content/demo/en.yaml:1:1: missing required key 'summary'; add it",
         "content/demo/en.yaml:2:1: sumary: unknown key; did you mean 'summary'?"]),
    "a number where text belongs": (
        "  - Fentanyl can be in pills, powder and crystal.", "  - 0123",
        ["content/demo/en.yaml:4:5: key_points[0]: YAML reads 0123 as a number (83), not text; "
         'put it in quotes: "0123"']),
    "yes read as a boolean": (
        "  - Add water and mix.", "  - yes",
        ["content/demo/en.yaml:8:5: steps[1]: YAML reads yes as true/false (True), not text; "
         'put it in quotes: "yes"']),
    "duplicate key": (
        "reviewed: 2026-11-22", "reviewed: 2026-11-22\nreviewed: 2026-11-23",
        ["content/demo/en.yaml:18:1: reviewed: duplicate key (first set at line 17); keep one of them"]),
    "YAML syntax": (
        "bullets: [One line", "bullets: [One line: [",
        ["content/demo/en.yaml:12:3: YAML syntax: did not find expected ',' or ']' (while parsing a flow "
         "sequence that starts at line 11); check the indentation and quoting on this line"]),
    "impossible date": (
        "reviewed: 2026-11-22", "reviewed: 2026-13-01",
        ["content/demo/en.yaml:17:11: reviewed: '2026-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"]),
    "link that is not absolute": (
        'url: "https://www.cdc.gov/stop-overdose/caring/fentanyl-test-strips.html"', "url: www.cdc.gov",
        ["content/demo/en.yaml:16:56: sources[0].url: 'www.cdc.gov' is not an absolute link; "
         "write it in full, e.g. https://example.org/page"]),
    "placeholder for a field the profile lacks": (
        "{{ local.organization }}", "{{ local.fax }}",
        ["content/demo/en.yaml:14:17: call_to_action: uses local.fax, which local/test.yaml does not set; "
         "add 'fax' to local/test.yaml or remove the placeholder"]),
    "unclosed bold": (
        '"**One line** means', '"**One line means',
        ["content/demo/en.yaml:5:5: key_points[1]: '**' at character 1 is never closed; close it, "
         "or write \\* for a literal asterisk"]),
    "a character the font lacks": (
        "Add water and mix.", "Add water and mix \U0001f48a.",
        ['content/demo/en.yaml:8:5: steps[1]: the character \'\U0001f48a\' (U+1F48A PILL) in "Add water and mix '
         '\U0001f48a." is in no installed font for \'en\' (tried Atkinson Hyperlegible Regular and 9 fallback '
         "fonts); remove it or replace it with a character those fonts have"]),
    "a title too long for the header": (
        "title: Test your drugs for fentanyl", "title: " + "Test your drugs for fentanyl every time " * 8,
        ["content/demo/en.yaml:1:8: title: this text does not fit in region 'header' of layout 'fact-sheet', "
         f"size letter ({where(LAYOUT, 'name: header')}) even at the smallest allowed size (at title 20 pt); "
         "shorten the content or choose a larger size"]),
    "a paragraph too long for any page": (
        "body: Do not use alone.", "body: " + "Do not use alone. " * 400,
        ["content/demo/en.yaml:13:11: sections[1].body: this text does not fit in region 'body-continued-2' of "
         f"layout 'fact-sheet', size letter ({where(LAYOUT, 'name: body-continued-2')}) even at the smallest "
         "allowed size (at body 11 pt); shorten the content or choose a larger size"]),
}


@pytest.mark.parametrize("old, new, expected", CONTENT_CASES.values(), ids=CONTENT_CASES.keys())
def test_bad_content_is_reported_and_nothing_is_written(project: Path, old: str, new: str,
                                                        expected: list[str]) -> None:
    replace("content/demo/en.yaml", old, new)
    code, errors, _ = build()
    assert code == 1
    assert errors[: len(expected)] == expected
    assert errors[len(expected):] == ["  (not built: demo.fact-sheet.en.pdf)",
                                      "1 document(s) not built, 0 built; fix the problems above and build again "
                                      "(`pamphlets check` lists every problem)"]
    assert not (project / "output").exists()


def test_all_problems_in_a_file_are_reported_together(project: Path) -> None:
    Path("content/demo/en.yaml").write_text(
        "title: Test\nsumary: x\nkey_points:\n  - 12\nsources:\n  - {publisher: CDC, title: T, url: cdc.gov}\n"
        "reviewed: soon\n")
    code, errors, _ = build()
    assert code == 1
    assert errors[:5] == [
        "content/demo/en.yaml:1:1: missing required key 'summary'; add it",
        "content/demo/en.yaml:2:1: sumary: unknown key; did you mean 'summary'?",
        "content/demo/en.yaml:4:5: key_points[0]: YAML reads 12 as a number, not text; put it in quotes: \"12\"",
        "content/demo/en.yaml:6:37: sources[0].url: 'cdc.gov' is not an absolute link; write it in full, "
        "e.g. https://example.org/page",
        "content/demo/en.yaml:7:11: reviewed: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22",
    ]


def test_a_failed_rebuild_keeps_the_good_file_aside(project: Path) -> None:
    """The earlier file is not deleted, and not left looking like this build's: it moves to stale/."""
    assert build()[0] == 0
    pdf = project / "output/test/demo.fact-sheet.en.pdf"
    before = pdf.read_bytes()
    replace("content/demo/en.yaml", "summary:", "sumary:")
    code, _, out = build()
    assert code == 1
    assert not pdf.exists()
    assert (pdf.parent / "stale/demo.fact-sheet.en.pdf").read_bytes() == before
    assert "note: moved the earlier demo.fact-sheet.en.pdf to stale/: it does not have your latest changes" in out
    assert sorted(p.name for p in pdf.parent.iterdir()) == [".pamphlets-cache.json", "stale"]  # and no temp files


def test_unquoted_phone_number_in_profile(project: Path) -> None:
    replace("local/test.yaml", 'phone: "1-800-662-4357"', "phone: 0100")
    code, errors, _ = build()
    assert code == 1
    assert errors == ["local/test.yaml:2:8: phone: YAML reads 0100 as a number (64), not text; "
                      'put it in quotes: "0100"']


def test_layout_in_the_project_overrides_and_is_checked(project: Path) -> None:
    layout = LAYOUT.read_text()
    Path("layouts").mkdir()
    Path("layouts/fact-sheet.yaml").write_text(layout.replace("color: white, space_after",
                                                              "colour: white, space_after"))
    code, errors, _ = build()
    assert code == 1
    column = where(LAYOUT, "color: white, space_after").rsplit(":", 2)
    assert errors[0] == (f"layouts/fact-sheet.yaml:{column[1]}:{column[2]}: styles.title.colour: unknown key; "
                         "did you mean 'color'?")


TOPICS = ", ".join(sorted(["demo", *(p.name for p in (ROOT / "content").iterdir()
                                     if p.name[0] != "_" and any(p.glob("*.yaml")))]))
FORMATS = ", ".join(sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml")))


@pytest.mark.parametrize("args, message", [
    (("build", "nalox", "--local", "local/test.yaml"),
     f"unknown topic 'nalox'; did you mean 'naloxone'? topics here: {TOPICS}. Topics are folders under content/."),
    (("build", "demo", "--format", "fact-shet", "--local", "local/test.yaml"),
     f"unknown format 'fact-shet'; did you mean 'fact-sheet'? formats here: {FORMATS}. "
     "Formats are files under layouts/."),
    (("build", "demo", "--local", "local/nowhere.yaml"),
     "local/nowhere.yaml: no such local profile; pass --local with a file such as local/example.yaml"),
])
def test_unknown_names(project: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]


def test_missing_language(project: Path) -> None:
    code, errors, _ = build("--lang", "fr")
    assert code == 1
    assert errors[0] == ("topic 'demo' is not written in 'fr' (it has: en); add content/demo/fr.yaml "
                         "or choose another --lang")
