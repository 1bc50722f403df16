"""The built-in content library: all fifteen topics, both languages, sourced, and their key facts in print."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import ROOT, cli, page_text

TOPICS = ["fentanyl-test-strips", "naloxone", "overdose-response", "good-samaritan-law", "never-use-alone",
          "mixing-substances", "safer-injection", "syringe-services", "safer-smoking", "stimulants",
          "xylazine-wound-care", "testing-and-vaccines", "treatment-options", "overdose-prevention-sites",
          "peer-support"]

# One safety-critical fact per topic and language that the wallet card must print (its front or back).
KEY_FACTS = {
    "fentanyl-test-strips": ("One line means fentanyl was found. Two lines mean no fentanyl was found.",
                             "Una línea quiere decir que se encontró fentanilo."),
    "naloxone": ("No response after 2 to 3 minutes? Give another dose.",
                 "¿No responde en 2 a 3 minutos? Dale otra dosis."),
    "overdose-response": ("Naloxone does not reverse stimulants or xylazine.",
                          "La naloxona no revierte estimulantes ni xilacina."),
    "good-samaritan-law": ("Laws differ by state.", "Las leyes cambian según el estado."),
    "never-use-alone": ("After a break, your body can handle less.", "Consume con alguien y túrnense para consumir."),
    "mixing-substances": ("Downers together slow breathing more than one alone.",
                          "Dos depresores juntos frenan más la respiración que uno."),
    "safer-injection": ("Use new, sterile gear for every shot.", "Usa equipo nuevo y estéril en cada inyección."),
    "syringe-services": ("SSPs do not increase drug use or crime.",
                         "Consigue equipo estéril y entrega tus jeringas usadas."),
    "safer-smoking": ("You can overdose from smoking, including fentanyl.",
                      "Usa tu propia pipa y boquilla. No las compartas."),
    "stimulants": ("Chest pain, seizure or overheating? Call 911.", "Toma agua, come y duerme entre una vez y otra."),
    "xylazine-wound-care": ("No alcohol swabs or peroxide on the wound.",
                            "La naloxona no revierte la xilacina. Dala de todos modos."),
    "testing-and-vaccines": ("Hep C pills cure most people in 8-12 weeks.",
                             "¿Te inyectas? Hazte la prueba del VIH al menos una vez al año."),
    "treatment-options": ("Methadone and buprenorphine lower the risk of overdose death.",
                          "Metadona, buprenorfina y naltrexona tratan el trastorno por opioides."),
    "overdose-prevention-sites": ("You bring your own drugs. Staff do not supply them.",
                                  "Tú traes tus drogas. El personal no las da."),
    "peer-support": ("No judgment. You set your own goals.", "Los pares han estado donde tú estás."),
}


@pytest.fixture(scope="session")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every topic's wallet card in English and Spanish, built once."""
    out = tmp_path_factory.mktemp("cards")
    result = cli("build", *TOPICS, "--format", "wallet-card", "--local", str(ROOT / "local/example.yaml"),
                 "--project", str(ROOT), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_topic_is_in_english_and_spanish() -> None:
    project = Project.at(ROOT)
    assert project.topics() == sorted(TOPICS)
    for slug in TOPICS:
        assert project.languages(slug) == ["en", "es"], slug


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
