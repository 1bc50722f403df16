"""Good Samaritan cards that speak to the reader's state: the words match the law's strength."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pamphlets.jurisdictions import state_topic
from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import ROOT, cli, page_text

ENTRY = Path("content/demo/jurisdictions")


def profile_for(code: str | None) -> str:
    """A copy of the fixture profile with a jurisdiction."""
    text = Path("local/test.yaml").read_text()
    path = Path(f"local/{code or 'none'}.yaml")
    path.write_text(text + (f"jurisdiction: {code}\n" if code else ""))
    return str(path)


def card_text(code: str | None, lang: str = "en", fmt: str = "wallet-card") -> str:
    result = cli("build", "demo", "-f", fmt, "-l", lang, "--local", profile_for(code), "-o", "out")
    assert result.exit_code == 0, result.output
    return " ".join(" ".join(page_text(Path(f"out/demo.{fmt}.{lang}.pdf"))).split())


def test_a_defence_only_law_never_reads_as_protection_from_arrest(project: Path) -> None:
    text = card_text("US-TX")
    for expected in ("Texas law: a defense in court only. Arrest and charges are still possible.",
                     "You must: be the first to call, stay until help comes and cooperate with police and EMS.",
                     "Tex. Health & Safety Code § 481.115(g). Law checked November 22, 2026. Not legal advice."):
        assert expected in text
    assert not re.search(r"immun|no arrest|cannot be arrested", text, re.IGNORECASE)


def test_fact_sheet_spells_out_conditions_limits_and_what_is_unverified(project: Path) -> None:
    text = card_text("US-TX", fmt="fact-sheet")
    for expected in ("The law in Texas", "If you are charged, you can use this law as a defense in court",
                     "You must be the first person to call for help.", "Limits of the protection",
                     "It does not apply if police were already making an arrest or a search.",
                     "Not checked in the law's text: Other exclusions in the section.",
                     "This is not legal advice.", "Texas Legislature, HB 1694 (2021)"):
        assert expected in text, expected


def test_a_law_that_bars_prosecution_says_arrest_is_still_possible(project: Path) -> None:
    text = card_text("US-NC")
    assert "North Carolina law: no prosecution for what is covered. Arrest is still possible." in text
    assert "You must: be the first to call and give your name." in text


def test_spanish_state_card(project: Path) -> None:
    english = Path("content/demo/en.yaml").read_text()
    Path("content/demo/es.yaml").write_text(english + "translation: {from: en, method: machine}\n")
    text = card_text("US-TX", "es")
    assert "Ley de Texas: solo una defensa ante el juez. Aún te pueden arrestar y acusar." in text
    assert not re.search(r"inmunidad", text, re.IGNORECASE)


def test_a_state_without_an_entry_gets_the_general_card(project: Path) -> None:
    assert card_text("US-WY") == card_text(None)
    assert "Texas" not in card_text("US-WY")


def test_an_unknown_code_is_an_error_naming_the_known_ones(project: Path) -> None:
    result = cli("build", "demo", "-f", "wallet-card", "--local", profile_for("TX"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "local/TX.yaml:10:15: jurisdiction: 'TX' is not a US state code; write US- and the two-letter postal code "
        "(e.g. US-NC). States with their own Good Samaritan card: ")
    assert "US-NC" in result.stderr and "US-TX" in result.stderr


def test_an_entry_cannot_claim_both_a_bar_and_a_defence(project: Path) -> None:
    entry = ENTRY / "US-TX.yaml"
    entry.write_text(entry.read_text().replace("protection: [defense]", "protection: [arrest, defense]"))
    result = cli("build", "demo", "-f", "wallet-card", "--local", profile_for("US-TX"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/demo/jurisdictions/US-TX.yaml:5:13: protection: a law that bars arrest, charge or prosecution "
        "is more than a defence; list one or the other")


def test_conditions_from_the_statutes_print_as_fixed_phrases(project: Path) -> None:
    entry = ENTRY / "US-TX.yaml"
    entry.write_text(entry.read_text().replace(
        "conditions: [first-caller, stay, cooperate, not-during-search]",
        "conditions: [stay-until-police, give-name, not-during-search, connected-to-overdose, not-other-crime]"))
    sheet = card_text("US-TX", fmt="fact-sheet")
    for expected in ("You must stay there, or where the person was taken, until police arrive.",
                     "You must give your own name.",
                     "It does not apply if you were committing another crime when you called.",
                     "It does not apply if police were already making an arrest or a search.",
                     "It covers only drugs and drug supplies connected to the overdose."):
        assert expected in sheet, expected
    card = card_text("US-TX")
    assert "You must: stay until police come and give your name." in card
    # the card has room for one limit: the most consequential of them
    assert "Not if you are committing another crime." in card
    assert "Not if police were already arresting or searching." not in card


def test_a_limit_alone_is_the_one_the_card_prints(project: Path) -> None:
    entry = ENTRY / "US-TX.yaml"
    entry.write_text(entry.read_text().replace(
        "conditions: [first-caller, stay, cooperate, not-during-search]",
        "conditions: [first-caller, evidence-from-call, connected-to-overdose]"))
    assert "Covers only drugs connected to the overdose." in card_text("US-TX")
    Path("content/demo/es.yaml").write_text(Path("content/demo/en.yaml").read_text()
                                            + "translation: {from: en, method: machine}\n")
    assert "Solo cubre drogas ligadas a la sobredosis." in card_text("US-TX", "es")


def test_an_entry_cannot_ask_for_two_ways_of_staying(project: Path) -> None:
    entry = ENTRY / "US-TX.yaml"
    entry.write_text(entry.read_text().replace(
        "conditions: [first-caller, stay, cooperate, not-during-search]",
        "conditions: [first-caller, stay, stay-until-police]"))
    result = cli("build", "demo", "-f", "wallet-card", "--local", profile_for("US-TX"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/demo/jurisdictions/US-TX.yaml:10:13: conditions: 'stay-until-police' already says how long to "
        "stay; list one of 'stay' and 'stay-until-police'")


@pytest.mark.parametrize("sunset, today, line", [
    ("2026-06-30", "2026-11-22", "error: E702: sunset: this law was repealed on 2026-06-30 unless renewed; "
                                 "re-read the statute and update or remove the entry"),
    ("2027-03-01", "2026-11-22", "warning: W703: sunset: this law repeals itself on 2027-03-01, within 6 months; "
                                 "check whether it has been renewed"),
])
def test_check_reports_sunsets(project: Path, sunset: str, today: str, line: str) -> None:
    entry = ENTRY / "US-NC.yaml"
    entry.write_text(entry.read_text() + f"sunset: {sunset}\n")
    result = cli("check", "demo", "--local", "local/test.yaml", "--today", today)
    assert f"content/demo/jurisdictions/US-NC.yaml:15:9: {line}" in result.stdout.splitlines()


def test_check_reports_an_old_statute_check(project: Path) -> None:
    result = cli("check", "demo", "--local", "local/test.yaml", "--today", "2028-01-15")
    assert ("content/demo/jurisdictions/US-TX.yaml:14:10: warning: W701: checked: the statute was last checked "
            "2026-11-22, more than 12 months ago; re-read it and update checked") in result.stdout.splitlines()


def test_build_refuses_a_card_for_a_repealed_law(project: Path) -> None:
    entry = ENTRY / "US-NC.yaml"
    entry.write_text(entry.read_text() + "sunset: 2020-01-01\n")
    result = cli("build", "demo", "-f", "wallet-card", "--local", profile_for("US-NC"))
    assert result.exit_code == 1
    assert "E702" not in result.stderr  # build messages carry no codes, only what to do
    assert "this law was repealed on 2020-01-01 unless renewed" in result.stderr


def test_list_jurisdictions(project: Path) -> None:
    result = cli("list", "jurisdictions")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "state", "citation", "verified", "checked", "sunset"]
    assert any(line.startswith("US-TX  Texas") for line in lines)
    assert lines[-1].endswith("jurisdictions have a state card; the others get the general card "
                              "(laws differ by state)")


# ---- the built-in state entries ---------------------------------------------------------------------------
BUILT_IN = sorted(p.stem for p in (ROOT / "content/good-samaritan-law/jurisdictions").glob("US-*.yaml"))
EXPECTED = {  # what each card must say about the conditions that trip people up
    "US-TX": ["a defense in court only. Arrest and charges are still possible.", "be the first to call",
              "stay until help comes", "cooperate with police and EMS", "Not if you are committing another crime."],
    "US-NC": ["give your name", "be the first to call", "Arrest is still possible."],
    "US-TN": ["first overdose only"],
    "US-VA": ["You must: stay until police come and give your name.",
              "Not if police were already arresting or searching."],
    "US-CA": ["Covers only drugs connected to the overdose.", "Arrest is still possible."],
}
EXPECTED_ES = {  # the same conditions on the Spanish card
    "US-TX": ["Debes: ser quien llama primero, quedarte hasta que llegue la ayuda y cooperar con la policía y "
              "emergencias.", "No aplica si estás cometiendo otro delito."],
    "US-VA": ["Debes: quedarte hasta que llegue la policía y dar tu nombre.",
              "No aplica si la policía ya arrestaba o registraba."],
    "US-CA": ["Solo cubre drogas ligadas a la sobredosis."],
}


@pytest.fixture(scope="module")
def state_cards(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """Every built-in state's wallet card, in English and Spanish."""
    out = tmp_path_factory.mktemp("states")
    profile = (ROOT / "tests/data/project/local/test.yaml").read_text()  # real details: the build refuses examples
    texts = {}
    for code in BUILT_IN:
        path = out / f"{code}.yaml"
        path.write_text(profile + f"jurisdiction: {code}\n")
        result = cli("build", "good-samaritan-law", "-f", "wallet-card", "-l", "en", "-l", "es", "--local", str(path),
                     "--project", str(ROOT), "-o", str(out / code))
        assert result.exit_code == 0, result.output
        for lang in ("en", "es"):
            pdf = out / code / f"good-samaritan-law.wallet-card.{lang}.pdf"
            texts[(code, lang)] = " ".join(" ".join(page_text(pdf)).split())
    return texts


def test_fourteen_states_have_entries() -> None:
    assert BUILT_IN == ["US-AZ", "US-CA", "US-FL", "US-GA", "US-IL", "US-MA", "US-MI", "US-NC", "US-NY", "US-OR",
                        "US-TN", "US-TX", "US-VA", "US-WA"]


@pytest.mark.parametrize("code", BUILT_IN)
def test_state_card_matches_the_law(state_cards: dict[tuple[str, str], str], code: str) -> None:
    resolver = Resolver(Project.at(ROOT))
    entry = resolver.entry("good-samaritan-law", code)
    assert entry is not None
    en, es = state_cards[(code, "en")], state_cards[(code, "es")]
    en_month = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")[entry.checked.month - 1]
    es_month = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                "noviembre", "diciembre")[entry.checked.month - 1]
    day, year = entry.checked.day, entry.checked.year
    assert f"{entry.citation}. Law checked {en_month} {day}, {year}. Not legal advice." in en
    assert f"{entry.citation}. Ley revisada el {day} de {es_month} de {year}. No es asesoría legal." in es
    assert entry.state["en"] in en
    for phrase in EXPECTED.get(code, []):
        assert phrase in en, phrase
    for phrase in EXPECTED_ES.get(code, []):
        assert phrase in es, phrase
    assert not re.search(r"immun", en, re.IGNORECASE) and not re.search(r"inmun", es, re.IGNORECASE)
    if "arrest" not in entry.protection:  # never read as protection from arrest
        assert "Arrest is still possible." in en or "Arrest and charges are still possible." in en
        assert "no arrest" not in en.lower()
        assert "Aún te pueden arrestar" in es


def test_the_general_card_without_a_jurisdiction(state_cards: dict[tuple[str, str], str]) -> None:
    resolver = Resolver(Project.at(ROOT))
    general = resolver.topic("good-samaritan-law", "en")
    assert general.summary.source not in state_cards[("US-TX", "en")]


def test_a_state_card_cites_the_law_and_the_steps_it_keeps_not_the_general_card() -> None:
    resolver = Resolver(Project.at(ROOT))
    general = resolver.topic("good-samaritan-law", "en")
    entry = resolver.entry("good-samaritan-law", "US-VA")
    assert entry is not None
    state = state_topic(general, entry, resolver.labels("en"))
    assert state.steps == general.steps  # the one overdose response, from the shared block
    own = [s for s in general.sources if s.loc and s.loc.path == general.path]
    shared = [s for s in general.sources if s not in own]
    assert own and shared
    assert state.sources == entry.sources + tuple(shared)
