"""`pamphlets check`: one planted problem of each kind, and the exact line each produces."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import DATA, ROOT, cli

TODAY = "2026-11-22"
PLANTED = ["good", "wordy", "broken", "nofax", "toolong", "glyph", "markup"]


@pytest.fixture
def checkproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/data/check (one planted problem of each kind) as the working directory."""
    path = tmp_path / "check"
    shutil.copytree(DATA / "check", path)
    monkeypatch.chdir(path)
    return path


def run_check(*args: str) -> tuple[int, list[str]]:
    result = cli("check", "--local", "local/check.yaml", "--layout", "tiny-card", "--today", TODAY, *args)
    return result.exit_code, result.stdout.splitlines()


EXPECTED = [
    "content/broken/en.yaml:1:1: error: E101: missing required key 'key_points'; add a list",
    "content/broken/en.yaml:3:1: error: E101: key_ponts: unknown key; did you mean 'key_points'?",
    "content/glyph/en.yaml:1:8: error: E105: title: the character '\U0001f48a' (U+1F48A PILL) in "
    "\"Trung t\u00e2m H\u1ed7 tr\u1ee3 \U0001f48a\" is in no installed font for 'en' (tried Atkinson Hyperlegible "
    "Bold and 9 fallback fonts); remove it or replace it with a character those fonts have",
    "content/good/es.yaml:9:3: warning: W501: translation: content/good/en.yaml changed since this translation "
    "(source_hash 000000000000, now {hash}); bring the translation up to date and set source_hash: {hash}",
    "content/good/es.yaml:9:3: warning: W502: translation: machine translation not yet reviewed; have a fluent "
    "speaker review it and set reviewed_by to their name",
    "content/markup/en.yaml:2:10: error: E106: summary: '**' at character 1 is never closed; close it, or write "
    "\\* for a literal asterisk",
    "content/nofax/en.yaml:2:10: error: E103: summary: uses local.fax, which local/check.yaml does not set; add "
    "'fax' to local/check.yaml or remove the placeholder",
    "content/toolong/en.yaml:2:10: error: E104: summary: this text does not fit in region 'message' of layout "
    "'tiny-card', size card (layouts/tiny-card.yaml:15:9) even at the smallest allowed size (at body 5 pt); "
    "shorten the content or choose a larger size",
    "content/wordy/en.yaml: warning: W201: reading grade 12 (Flesch-Kincaid 10.9, SMOG 12) is above 8; use "
    "shorter sentences and words of fewer syllables (aim for 6)",
    "content/wordy/en.yaml:4:5: warning: W301: key_points[0]: \"addicts\" can stigmatise; say \"person who uses "
    "drugs\"",
    "content/wordy/en.yaml:5:5: warning: W203: key_points[1]: \"READ THIS NOW\" is in capitals, which is harder to "
    "read; use ordinary capitals and **bold** for emphasis",
    "content/wordy/en.yaml:6:5: error: E401: key_points[2]: out of date: \"You need a prescription to get "
    "naloxone.\"; Narcan 4 mg nasal spray is sold over the counter in the US since March 29, 2023 (FDA); no "
    "prescription is needed",
    "content/wordy/en.yaml:8:5: warning: W202: steps[0]: sentence of 23 words (\"Talk with someone you trust "
    "about ...\"); keep sentences to 20 words or fewer: split it",
    "content/wordy/en.yaml:11:11: warning: W402: reviewed: facts last reviewed 2024-01-01, more than 12 months "
    "ago; re-check them against the sources and update the date",
    "layouts/tiny-card.yaml:10:9: warning: W601: styles.body: min_size 5 pt is below 7 pt, too small to read in "
    "print; raise it",
    "layouts/tiny-card.yaml:22:19: warning: W602: faces[0].regions[0].blocks[2].text: style 'faint' (#BBBBBB) on "
    "#FFFFFF has contrast 1.9:1, below 4.5:1; darken the text or lighten the background",
    "layouts/tiny-card.yaml:27:17: warning: W603: faces[0].regions[1].blocks[0].qr: QR link "
    "'http://samhsa.gov/check' is not https:, tel: or sms:; phones warn about plain http links, so use https://",
    "layouts/tiny-card.yaml:27:17: warning: W604: faces[0].regions[1].blocks[0].qr: QR code prints 15.2 mm wide "
    "with 0.46 mm modules; make it at least 20 mm with 0.4 mm modules, or use a shorter link",
]


def test_each_planted_problem_gives_its_line(checkproject: Path) -> None:
    from pamphlets.preflight import source_hash

    code, lines = run_check(*PLANTED)
    expected = [line.format(hash=source_hash(Path("content/good/en.yaml"))) for line in EXPECTED]
    findings = [line for line in lines if not line.startswith(("reading grade:", "7 error"))]
    assert findings == expected
    assert lines[-1] == "7 error(s), 11 warning(s) in 7 document(s) checked"
    assert code == 1
    assert not Path("output").exists()  # check writes nothing


def test_unknown_topic_and_language(checkproject: Path) -> None:
    code, lines = run_check("nosuch")
    assert code == 1
    assert lines[0].startswith("content/nosuch: error: E102: unknown topic 'nosuch'; ")
    code, lines = run_check("good", "--lang", "fr")
    assert lines[0] == ("content/good/fr.yaml: error: E102: topic 'good' is not written in 'fr' (it has: en, es); "
                        "add content/good/fr.yaml or choose another --lang")


def test_json_report_has_the_documented_shape(checkproject: Path) -> None:
    result = cli("check", "--local", "local/check.yaml", "--layout", "tiny-card", "--today", TODAY,
                 "--format", "json", *PLANTED)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"version", "findings", "summary", "reading_grades"}
    assert report["version"] == 1
    assert report["summary"] == {"errors": 7, "warnings": 11, "documents": 7}
    for finding in report["findings"]:
        assert set(finding) == {"path", "line", "col", "key", "severity", "code", "message"}
        assert isinstance(finding["line"], int) and isinstance(finding["col"], int)
        assert finding["severity"] == {"E": "error", "W": "warning"}[finding["code"][0]]
    assert {f["code"] for f in report["findings"]} == {line.split(": ")[2] for line in EXPECTED}
    wordy = next(g for g in report["reading_grades"] if g["topic"] == "wordy")
    assert wordy == {"topic": "wordy", "lang": "en", "grade": 12.0, "formula": "SMOG",
                     "formulas": {"Flesch-Kincaid": 10.9, "SMOG": 12.0},
                     "words": wordy["words"], "sentences": wordy["sentences"]}


def test_strict_fails_on_warnings_only(checkproject: Path) -> None:
    code, lines = run_check("good")
    assert lines[-1] == "0 error(s), 6 warning(s) in 2 document(s) checked"
    assert code == 0
    assert run_check("good", "--strict")[0] == 1


def test_a_clean_project_passes(project: Path) -> None:
    """No errors; the only warnings say the demo topic, a few lines long, leaves the trifold's inside bare."""
    result = cli("check", "demo", "--local", "local/test.yaml", "--today", TODAY)
    assert result.stdout.splitlines()[-1].startswith("0 error(s), 2 warning(s) in ")
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert [w.split(": ")[2:4] for w in warnings] == [["W606", "trifold a4"], ["W606", "trifold letter"]]
    assert result.exit_code == 0


def test_build_refuses_a_stale_claim(project: Path) -> None:
    topic = Path("content/demo/en.yaml")
    topic.write_text(topic.read_text().replace("Have naloxone ready.", "You need a prescription for naloxone."))
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/demo/en.yaml:13:11: sections[1].body: out of date: \"You need a prescription for naloxone.\"")
    assert not Path("output").exists()


def test_built_in_library_has_no_errors_and_only_explained_warnings() -> None:
    """Every remaining warning is W502 (machine translations awaiting review; see README)."""
    result = cli("check", "--local", str(ROOT / "local/example.yaml"), "--project", str(ROOT), "--today", TODAY,
                 "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0, report["findings"]
    assert {f["code"] for f in report["findings"]} <= {"W502"}
    assert result.exit_code == 0
    # Both formulas ran for every topic in English and Spanish, and the higher is at grade 8 or below; the other
    # languages have no validated formula and say so (grade None) rather than borrow one.
    graded = {g["lang"]: tuple(g["formulas"]) for g in report["reading_grades"]}
    assert graded["en"] == ("Flesch-Kincaid", "SMOG") and graded["es"] == ("Crawford", "SOL")
    assert all(formulas == () for lang, formulas in graded.items() if lang not in ("en", "es"))
    assert all(g["grade"] == max(g["formulas"].values()) <= 8 for g in report["reading_grades"] if g["formulas"])
    assert all(g["grade"] is None for g in report["reading_grades"] if not g["formulas"])
