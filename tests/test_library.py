"""The built-in content library: all fifteen topics, both languages, sourced, and their key facts in print."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import DATA, ROOT, cli, page_text

TOPICS = ["fentanyl-test-strips", "naloxone", "overdose-response", "good-samaritan-law", "never-use-alone",
          "mixing-substances", "safer-injection", "syringe-services", "safer-smoking", "stimulants",
          "xylazine-wound-care", "testing-and-vaccines", "treatment-options", "overdose-prevention-sites",
          "peer-support"]

# One safety-critical fact per topic and language that the wallet card must print (its front or back).
KEY_FACTS = {
    "fentanyl-test-strips": ("Two lines mean none was found, even if one is faint.",
                             "Dos líneas quieren decir que no se encontró, aunque una sea débil."),
    "naloxone": ("Not breathing normally after 2 to 3 minutes? Give a new dose.",
                 "¿No respira bien a los 2 o 3 minutos? Dale otra dosis."),
    "overdose-response": ("Naloxone does not reverse stimulants, xylazine or medetomidine.",
                          "La naloxona no revierte estimulantes, xilacina ni medetomidina."),
    "good-samaritan-law": ("Some laws do not stop arrest. Some only lower the penalty.",
                           "Algunas leyes no evitan el arresto. Otras solo bajan la pena."),
    "never-use-alone": ("After a break, your body can handle less.",
                        "Después de un descanso, tu cuerpo aguanta menos."),
    "mixing-substances": ("Someone won't wake up? Call 911 and give naloxone.",
                          "¿Alguien no despierta? Llama al 911 y dale naloxona."),
    "safer-injection": ("Don't share syringes, cookers, cotton, water or tourniquets.",
                        "No compartas jeringas, cucharas, algodón, agua ni torniquetes."),
    "syringe-services": ("Get sterile supplies and drop off used syringes.",
                         "Consigue equipo estéril y entrega tus jeringas usadas."),
    "safer-smoking": ("You can overdose from smoking, including fentanyl.",
                      "Fumando te puede dar una sobredosis, también con fentanilo."),
    "stimulants": ("Chest pain, seizure, or hot and confused? Call 911.",
                   "¿Dolor de pecho, convulsión, o calor con confusión? Llama al 911."),
    "xylazine-wound-care": ("Naloxone won't reverse xylazine. Give it anyway.",
                            "La naloxona no revierte la xilacina. Dala de todos modos."),
    "testing-and-vaccines": ("Shared gear or sex without a condom? Get PEP within 72 hours.",
                             "¿Equipo compartido o sexo sin condón? Pide PEP antes de 72 horas."),
    "treatment-options": ("After any break, your usual amount can cause an overdose.",
                          "Tras cualquier pausa, tu cantidad de siempre puede causar sobredosis."),
    "overdose-prevention-sites": ("Trained staff can give naloxone and oxygen right away.",
                                  "El personal puede darte naloxona y oxígeno enseguida."),
    "peer-support": ("Learn how to use naloxone from a peer.", "Los pares te enseñan a usar naloxona."),
}


@pytest.fixture(scope="session")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every topic's wallet card in English and Spanish, built once."""
    out = tmp_path_factory.mktemp("cards")
    result = cli("build", *TOPICS, "--format", "wallet-card", "-l", "en", "-l", "es", "--local",
                 str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


CORE = ["fentanyl-test-strips", "naloxone", "overdose-response", "good-samaritan-law", "never-use-alone"]
MORE = ["ar", "fa", "ht", "hy", "ko", "ru", "tl", "vi", "zh-Hans", "zh-Hant"]


def test_every_topic_is_in_english_and_spanish_and_the_core_in_ten_more() -> None:
    project = Project.at(ROOT)
    assert project.topics() == sorted(TOPICS)
    for slug in TOPICS:
        assert project.languages(slug) == sorted(["en", "es", *MORE] if slug in CORE else ["en", "es"]), slug


@pytest.mark.parametrize("slug", TOPICS)
def test_topic_is_sourced_reviewed_and_spanish_is_marked_for_review(slug: str) -> None:
    resolver = Resolver(Project.at(ROOT))
    en, es = resolver.topic(slug, "en"), resolver.topic(slug, "es")
    for topic in (en, es):
        assert topic.sources and all(s.url.startswith(("https://", "http://")) for s in topic.sources)
        assert topic.reviewed.year >= 2026
        assert 3 <= len(topic.key_points) <= 5
        assert len(topic.sections) >= 3
        assert topic.call_to_action is not None
    assert en.translation is None
    assert es.translation is not None and es.translation.from_lang == "en"
    assert es.translation.method == "machine" and es.translation.reviewed_by is None  # until a fluent reviewer
    assert len(es.key_points) == len(en.key_points) and len(es.sections) == len(en.sections)


@pytest.mark.parametrize("slug", TOPICS)
def test_key_facts_are_printed_on_the_card(cards: Path, slug: str) -> None:
    for lang, fact in zip(("en", "es"), KEY_FACTS[slug], strict=True):
        text = " ".join(" ".join(page_text(cards / f"{slug}.wallet-card.{lang}.pdf")).split())
        for sentence in fact.split(". "):
            assert sentence.rstrip(".") in text, (slug, lang, sentence)


# ---- one response sequence, CPR, helplines (issue 12) --------------------------------------------------------
RESPONSE = "respond-to-overdose"


def flat(pdf: Path) -> str:
    return " ".join(" ".join(page_text(pdf)).split())


@pytest.fixture(scope="session")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every topic's fact sheet in English and Spanish, built once with a real (non-sample) profile."""
    out = tmp_path_factory.mktemp("sheets")
    result = cli("build", *TOPICS, "--format", "fact-sheet", "-l", "en", "-l", "es", "--local",
                 str(DATA / "project/local/test.yaml"), "--project", str(ROOT), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_topics_that_tell_how_to_give_naloxone_use_the_shared_response() -> None:
    """A topic's own steps never give the overdose response: they include the one shared block."""
    resolver = Resolver(Project.at(ROOT))
    users = set()
    for slug in TOPICS:
        for lang in ("en", "es"):
            topic = resolver.topic(slug, lang)
            if RESPONSE in topic.shared:
                users.add(slug)
            own = [t.source for t in topic.texts() if not t.loc.path.startswith("content/_shared")]
            for unsafe in ("until they wake", "hasta que despierte", "every 5 minutes"):
                assert not any(unsafe in text for text in own), (slug, lang, unsafe)
    assert {"naloxone", "overdose-response", "never-use-alone", "mixing-substances",
            "xylazine-wound-care"} <= users


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_including_topic_prints_the_same_sequence(sheets: Path, lang: str) -> None:
    resolver = Resolver(Project.at(ROOT))
    block = resolver.shared(RESPONSE, lang).section
    steps = [" ".join(s.source.replace("**", "").split()) for s in block.steps]
    for slug in TOPICS:
        if RESPONSE not in resolver.topic(slug, lang).shared:
            continue
        text = flat(sheets / f"{slug}.fact-sheet.{lang}.pdf")
        where = [text.find(step) for step in steps]
        assert -1 not in where, (slug, [s for s, w in zip(steps, where, strict=True) if w < 0])
        assert where == sorted(where), slug  # in the block's order


def test_the_printed_response_says_cpr_and_the_breathing_end_point(sheets: Path) -> None:
    text = flat(sheets / "naloxone.fact-sheet.en.pdf")
    assert "Not breathing normally? Give 1 breath every 5 seconds. Or do CPR: push hard and fast on the middle " \
           "of the chest. 911 can coach you." in text
    assert "Repeat every 2 to 3 minutes until they breathe normally or help comes." in text
    assert "Once they breathe on their own, roll them onto their side." in text
    assert "If two of you are there, one calls while the other gives naloxone." in text


HELPLINES = ("988", "1-800-662-4357", "1-800-222-1222")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fact_sheets_print_the_national_helplines(sheets: Path, lang: str) -> None:
    for slug in TOPICS:
        text = flat(sheets / f"{slug}.fact-sheet.{lang}.pdf")
        assert all(number in text for number in HELPLINES), slug


def test_a_profile_can_hide_the_helplines(tmp_path: Path) -> None:
    profile = tmp_path / "quiet.yaml"
    profile.write_text((DATA / "project/local/test.yaml").read_text() + "hide: [helplines]\n")
    result = cli("build", "naloxone", "--format", "fact-sheet", "--format", "trifold", "--lang", "en", "--local",
                 str(profile), "--project", str(ROOT), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for pdf in (tmp_path / "out").glob("*.pdf"):
        assert "1-800-222-1222" not in flat(pdf), pdf.name
    profile.write_text((DATA / "project/local/test.yaml").read_text() + "hide: [helpline]\n")
    result = cli("build", "naloxone", "--format", "fact-sheet", "--local", str(profile), "--project", str(ROOT),
                 "-o", str(tmp_path / "out2"))
    assert result.exit_code == 1
    assert "'helpline' is not a shared block; hide takes: helplines, respond-to-overdose" in result.stderr


def test_every_source_is_https() -> None:
    """Topics, shared blocks and state law entries: no plain http source reaches a card."""
    urls = [line.split("url:", 1)[1].strip().strip('"')
            for path in (ROOT / "content").rglob("*.yaml") for line in path.read_text().splitlines()
            if line.strip().startswith("url:")]
    assert len(urls) > 100
    assert [u for u in urls if not u.startswith("https://")] == []
