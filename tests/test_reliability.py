"""Nothing wrong reaches the printer: placeholder details, dead or look-alike links, bad layout values, runaway
placeholders and misleading messages, each a one-line error at its file:line, exit 1, no traceback, nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import ROOT, cli, page_text


def replace(path: str, old: str, new: str) -> None:
    file = Path(path)
    assert old in file.read_text(), old
    file.write_text(file.read_text().replace(old, new))


def build_card(*extra: str) -> object:
    return cli("build", "demo", "--format", "wallet-card", "--local", "local/test.yaml", "-o", "out", *extra)


# ---- class 1: placeholder details -------------------------------------------------------------------------
def test_an_init_profile_left_unedited_is_refused_naming_each_line(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "eastside").exit_code == 0
    monkeypatch.chdir(tmp_path / "eastside")
    result = cli("build", "naloxone", "--format", "wallet-card", "--local", "local/eastside.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:5] == [
        "local/eastside.yaml:4:8: phone: '(555) 010-0100' is a fictional 555 number; put in your program's real "
        "detail before printing",
        "local/eastside.yaml:5:12: text_line: '(555) 010-0101' is a fictional 555 number; put in your program's "
        "real detail before printing",
        "local/eastside.yaml:6:10: address: '100 Example Street, Springfield' is the example address `pamphlets "
        "init` writes; put in your program's real detail before printing",
        "local/eastside.yaml:8:10: website: 'https://example.org' is an example address (example.org and the like "
        "lead nowhere); put in your program's real detail before printing",
        "local/eastside.yaml:9:7: link: 'https://example.org/services' is an example address (example.org and the "
        "like lead nowhere); put in your program's real detail before printing",
    ]
    assert "Traceback" not in result.output
    assert not Path("output").exists()
    kit = cli("kit", "kits/starter.yaml")
    assert kit.exit_code == 1 and "is a fictional 555 number" in kit.stderr
    check = cli("check", "naloxone", "--local", "local/eastside.yaml", "--format", "json")
    assert "E107" in {f["code"] for f in json.loads(check.stdout)["findings"]}


@pytest.mark.parametrize("field, value", [("phone", '"206-555-0123"'), ("link", "https://www.example.com/x"),
                                          ("text_line", '"555 0199"')])
def test_any_placeholder_value_is_refused(project: Path, field: str, value: str) -> None:
    profile = Path("local/test.yaml")
    lines = [line for line in profile.read_text().splitlines() if not line.startswith(f"{field}:")]
    profile.write_text("\n".join([*lines, f"{field}: {value}"]) + "\n")
    result = build_card()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"local/test.yaml:{len(lines) + 1}:")
    assert "put in your program's real detail before printing" in result.stderr
    assert not Path("out").exists()


def test_the_built_in_sample_says_sample_on_every_page(tmp_path: Path) -> None:
    result = cli("build", "naloxone", "--format", "wallet-card", "--format", "fact-sheet", "--lang", "es",
                 "--local", str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 3  # the card, its home sheet and the fact sheet
    for pdf in pdfs:
        assert all("MUESTRA" in page for page in page_text(pdf)), pdf.name


def test_a_real_profile_prints_no_sample_stamp(project: Path) -> None:
    assert build_card().exit_code == 0
    assert not any("SAMPLE" in page for page in page_text(Path("out/demo.wallet-card.en.pdf")))


def test_a_project_folder_that_does_not_exist_is_a_usage_error(project: Path) -> None:
    result = cli("build", "--project", "no-such-folder")
    assert result.exit_code == 2
    assert "'--project': Directory 'no-such-folder' does not exist." in result.output


# ---- class 2: links that look right but do not work ---------------------------------------------------------
@pytest.mark.parametrize("link, message", [
    ("https://findtreatment.gov/\u200blocator", "contains an invisible character, U+200B ZERO WIDTH SPACE, at "
                                                "position 27; a QR code or a typed link with it leads nowhere: "
                                                "retype the link"),
    ("https://findtreatment.gov/loc\u202eator", "contains an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE, "
                                                "at position 30; a QR code or a typed link with it leads nowhere: "
                                                "retype the link"),
    ("https://findtre\u0430tment.gov/", "the name 'findtreаtment' mixes Cyrillic and Latin letters (U+0430 "
                                        "CYRILLIC SMALL LETTER A), so it leads somewhere else than it reads; "
                                        "retype it in one alphabet"),
])
def test_a_link_with_invisible_or_look_alike_characters_is_refused(project: Path, link: str, message: str) -> None:
    replace("local/test.yaml", "link: https://findtreatment.gov/locator", f'link: "{link}"')
    result = build_card()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"local/test.yaml:7:7: link: {message}"
    assert not Path("out").exists()


@pytest.mark.parametrize("link", ["tel:+18006624357", "sms:988"])
def test_tel_and_sms_links_are_accepted(project: Path, link: str) -> None:
    replace("local/test.yaml", "link: https://findtreatment.gov/locator", f"link: \"{link}\"")
    assert build_card().exit_code == 0


def test_an_invisible_character_in_a_phone_number_is_refused(project: Path) -> None:
    replace("local/test.yaml", '"1-800-662-4357"', '"1-800-662-\u20604357"')
    result = build_card()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "local/test.yaml:2:8: phone: contains an invisible character, U+2060 WORD JOINER; retype it")
