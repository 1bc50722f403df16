"""Shared content blocks: a repeated instruction written once (content/_shared/<name>/<lang>.yaml) and included."""

from __future__ import annotations

from pathlib import Path

from helpers import cli, page_text

BLOCK = """\
heading: If someone won't wake up
steps:
  - Shout their name. Rub their breastbone hard.
  - Call 911 and give naloxone.
sources:
  - {publisher: FDA, title: Naloxone label, url: "https://www.fda.gov/naloxone"}
reviewed: 2026-12-01
"""


def write_block(text: str = BLOCK) -> None:
    path = Path("content/_shared/respond/en.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def include(old: str, new: str) -> None:
    topic = Path("content/demo/en.yaml")
    topic.write_text(topic.read_text().replace(old, new))


STEPS = """steps:
  - Put a little of the drug in a clean, dry container.
  - Add water and mix.
"""


def test_a_topic_prints_the_shared_steps_and_cites_their_sources(project: Path) -> None:
    write_block()
    include(STEPS, "steps: {shared: respond}\n")
    include("sections:\n", "sections:\n  - shared: respond\n")
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_text(Path("out/demo.fact-sheet.en.pdf"))).split())
    assert "If someone won't wake up" in text  # the block as a section
    assert text.count("Call 911 and give naloxone.") == 2  # as the topic's steps and in the section
    assert "Add water and mix." not in text
    assert "FDA, Naloxone label, https://www.fda.gov/naloxone" in text  # the block's source is listed with the topic's


def test_changing_the_block_rebuilds_the_topics_that_include_it(project: Path) -> None:
    write_block()
    include(STEPS, "steps: {shared: respond}\n")
    args = ("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert cli(*args).exit_code == 0
    assert "nothing changed" in cli(*args).output.lower()
    write_block(BLOCK.replace("Call 911 and give naloxone.", "Call 911. Give naloxone."))
    assert cli(*args).exit_code == 0
    assert "Call 911. Give naloxone." in " ".join(page_text(Path("out/demo.fact-sheet.en.pdf")))


def test_an_unknown_block_is_an_error_at_the_reference(project: Path) -> None:
    write_block()
    include(STEPS, "steps: {shared: respnd}\n")
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/demo/en.yaml:6:17: steps.shared: no shared block 'respnd'; did you mean 'respond'? "
        "shared blocks here: ")
    assert not Path("out/demo.fact-sheet.en.pdf").exists()


def test_a_problem_inside_the_block_is_reported_in_the_block(project: Path) -> None:
    write_block(BLOCK.replace("heading:", "heding:"))
    include(STEPS, "steps: {shared: respond}\n")
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "content/_shared/respond/en.yaml:1:1: heding: unknown key; did you mean 'heading'?" in result.stderr


def test_a_block_language_that_is_missing_says_which_file_to_add(project: Path) -> None:
    write_block()
    spanish = Path("content/demo/es.yaml")
    spanish.write_text(Path("content/demo/en.yaml").read_text().replace(STEPS, "steps: {shared: respond}\n")
                       + "translation: {from: en, method: machine, reviewed_by: null}\n")
    result = cli("build", "demo", "--lang", "es", "--format", "fact-sheet", "--local", "local/test.yaml")
    assert result.exit_code == 1
    assert ("content/demo/es.yaml:6:17: steps.shared: shared block 'respond' is not written in 'es'; add "
            "content/_shared/respond/es.yaml") in result.stderr


def test_check_reads_the_block_words_in_each_topic(project: Path) -> None:
    write_block(BLOCK.replace("Call 911 and give naloxone.", "Call 911 and help the addict."))
    include(STEPS, "steps: {shared: respond}\n")
    result = cli("check", "demo", "--local", "local/test.yaml", "--today", "2026-12-02")
    assert ("content/_shared/respond/en.yaml:4:5: warning: W301: steps[1]: \"addict\" can stigmatise; say "
            "\"person who uses drugs\"") in result.stdout.splitlines()
