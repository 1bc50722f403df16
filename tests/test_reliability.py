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


# ---- class 3: layout values that would draw over or off the page ---------------------------------------------
def project_layout(old: str, new: str) -> Path:
    """The built-in wallet card copied into the project with one value changed."""
    path = Path("layouts/wallet-card.yaml")
    path.parent.mkdir(exist_ok=True)
    text = (ROOT / "layouts/wallet-card.yaml").read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, text: str, anchor: str) -> str:
    """'path:line:col' of anchor on the line holding text."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if text in line:
            return f"{path}:{number}:{line.index(anchor) + 1}"
    raise AssertionError(text)


@pytest.mark.parametrize("old, new, anchor, message", [
    ("bleed: 0.125in", "bleed: 5in", "5in", "bleed: 5in is too large; it must be at most 1in (72pt)"),
    ("bleed: 0.125in", "bleed: -3mm", "-3mm", "bleed: -3mm is too small; it must be at least 0pt"),
    ("safe: 0.125in", "safe: 2in", "2in", "safe: a safe margin of 144pt leaves no room on size 'us' (252 x 144 "
                                          "pt); make it smaller"),
    ("us: [3.5in, 2in]", "us: [300in, 2in]", "300in", "sizes.us[0]: 300in is too large; it must be at most 200in "
                                                      "(14400pt)"),
])
def test_a_bad_layout_value_is_an_error_at_its_line(project: Path, old: str, new: str, anchor: str,
                                                   message: str) -> None:
    path = project_layout(old, new)
    result = build_card()
    assert result.exit_code == 1
    assert f"{line_of(path, new, anchor)}: {message}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.output and not Path("out").exists()


def test_a_not_a_number_is_refused(project: Path) -> None:
    path = project_layout("size: 17,", "size: .nan,")
    result = build_card()
    assert result.exit_code == 1
    assert ".nan is not a number a page can use; write a number" in result.stderr
    assert str(path) in result.stderr


def test_overlapping_regions_are_refused(project: Path) -> None:
    text = (ROOT / "layouts/wallet-card.yaml").read_text()
    boxes = [line.strip() for line in text.splitlines() if line.strip().startswith("box:")]
    path = project_layout(boxes[1], "box: [0, 0, 1, 1]")
    result = build_card()
    assert result.exit_code == 1
    assert "one would print over the other: move or shrink one of them" in result.stderr
    assert result.stderr.startswith(str(path))


def test_padding_that_leaves_no_room_blames_the_layout(project: Path) -> None:
    text = (ROOT / "layouts/wallet-card.yaml").read_text()
    box = next(line for line in text.splitlines() if line.strip().startswith("box:"))
    indent = box[: len(box) - len(box.lstrip())]
    path = project_layout(box + "\n", f"{box}\n{indent}padding: 100pt\n")
    result = build_card()
    assert result.exit_code == 1
    assert "inside its padding" in result.stderr and "reduce the padding or the safe margin" in result.stderr
    assert "shorten the content" not in result.stderr
    assert str(path) in result.stderr


# ---- class 6: placeholders that run for ever or fill memory ---------------------------------------------------
@pytest.mark.parametrize("template, message", [
    ('{{ "x" * 10000000 }}', "this placeholder repeats text to more than 20,000 characters"),
    ("{{ 10 ** 100000 }}", "this placeholder computes a power too large to print (10 ** 100000)"),
    ('{% include "secrets.yaml" %}', "this placeholder uses {% include %}, which placeholders cannot"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "this placeholder uses {% macro %}, which placeholders"),
    ("{{ local }}", "this placeholder prints the whole of local; name one value, e.g. {{ local.phone }}"),
    # Three loops: two (81 million turns of an empty loop) can finish inside the 2 s on a fast, idle machine.
    ('{% for a in "x" * 9000 %}{% for b in "y" * 9000 %}{% for c in "z" * 9000 %}{% endfor %}{% endfor %}'
     '{% endfor %}', "this placeholder runs for more than 2 s"),
])
def test_a_runaway_placeholder_is_stopped_at_its_line(project: Path, template: str, message: str) -> None:
    replace("content/demo/en.yaml", "Get free test strips at {{ local.organization }}.", f"'{template}'")
    result = build_card()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"content/demo/en.yaml:14:17: call_to_action: {message}"), result.stderr
    assert "Traceback" not in result.output


# ---- class 7: messages that point at the right file and show the character ------------------------------------
def test_a_character_from_the_profile_is_reported_at_the_profile_line(project: Path) -> None:
    replace("local/test.yaml", "organization: Riverside Outreach", "organization: Trung tâm Hỗ trợ Riverside 💊")
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "local/test.yaml:1:15: organization: the character '💊' (U+1F48A PILL) in \"Trung tâm Hỗ trợ Riverside 💊\" "
        "is in no installed font for 'en' (tried Atkinson Hyperlegible Bold and 9 fallback fonts); remove it or "
        "replace it with a character those fonts have")


def test_a_vietnamese_name_in_the_profile_prints_on_an_english_page(project: Path) -> None:
    replace("local/test.yaml", "organization: Riverside Outreach", "organization: Trung tâm Hỗ trợ Cộng đồng")
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "Trung tâm Hỗ trợ Cộng đồng" in " ".join(" ".join(page_text(Path("out/demo.fact-sheet.en.pdf"))).split())


def test_control_characters_are_never_echoed_raw(project: Path) -> None:
    replace("content/demo/en.yaml", "Add water and mix.", '"Add water\\u001b[31m and mix \\u0007."')
    result = build_card()
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert result.stderr.splitlines()[0] == ("content/demo/en.yaml:8:5: steps[1]: contains the control character "
                                             "U+001B; remove it")


# ---- class 8: silent nonsense ---------------------------------------------------------------------------------
def test_a_review_date_in_the_future_is_an_error(project: Path) -> None:
    replace("content/demo/en.yaml", "reviewed: 2026-11-22", "reviewed: 2999-01-01")
    result = build_card()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("content/demo/en.yaml:17:11: reviewed: 2999-01-01 is in the future; "
                                             "write the date the facts were checked")


def test_check_json_is_json_whatever_fails(project: Path) -> None:
    Path("pamphlets.yaml").write_text("profile: local/missing.yaml\n")
    result = cli("check", "--report", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["findings"][0]["message"].startswith("pamphlets.yaml: profile: local/missing.yaml does not exist")
    old = cli("check", "demo", "--format", "json", "--local", "local/test.yaml")  # the old spelling still works
    assert json.loads(old.stdout)["summary"]["errors"] == 0


def test_plain_placeholders_are_filled_exactly_as_jinja_fills_them() -> None:
    """templating fills {{ a.b }} itself (Jinja costs ~25 ms to import); every case must match Jinja's output,
    and whatever it cannot fill the same way goes to Jinja."""
    from pamphlets import templating
    from pamphlets.errors import Loc
    from pamphlets.templating import Marked, Scope

    context = {
        "local": Scope("local", "local/test.yaml", {"phone": "1-800 <24/7>", "organization": "A & B *Outreach*",
                                                    "hours": ["Mon", "Tue"], "name": "key, not attribute",
                                                    "items": "a dict method's name", "count": 3, "none": None}),
        "labels": Scope("labels", "labels/en.yaml", {"scan": Marked("**Scan** me", Loc("labels/en.yaml", 4, 7))}),
    }
    sources = ["Call {{ local.phone }} now", "{{local.organization}}", "{{ local.hours }}\n", "{{ local.count }}",
               "{{ local.none }}", "a {{ labels.scan }} b {{ local.phone }}", "{{ local.name }}", "{{ local.items }}",
               "{{ local.phone }}\n\n", "{{ local.phone.upper }}", "{{ local.phone | upper }}",
               "x }} y {{ local.count }}", "{% if local.count %}yes{% endif %}", "{{ local.missing }}",
               "{{ missing.phone }}", "{{ local }}"]
    filled = 0
    for source in sources:
        templating._used.clear()
        try:
            fast = templating._plain_fill(source, context)
        except templating.PlaceholderError as exc:
            fast = f"error: {exc}"
        fast_used = list(templating._used)
        templating._used.clear()
        slow = templating._render_jinja(source, context, Loc("t.yaml", 1, 1))
        slow = slow if isinstance(slow, str) else "error: " + slow.message.removeprefix("this placeholder ")
        if fast is not None:
            filled += 1
            assert (fast, fast_used) == (slow, list(templating._used)), source
    assert filled == 9  # the plain ones; attribute names (.name, .items, .upper), filters, tags and missing values
    # went to Jinja
