"""Paper documents for members convened by post: convocation letter, pouvoir, postal form."""

import io
import re
from dataclasses import replace
from datetime import date
from html import unescape

import pytest
from pypdf import PdfReader

from minutes import MinutesError, render_html, render_pdf
from minutes.paper import convocation_letters, paper_documents, postal_vote_forms, proxy_forms
from tests.minutes import samples


def pages_of(document) -> list[str]:
    reader = PdfReader(io.BytesIO(render_pdf(document).pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture(scope="module")
def pack():
    return pages_of(paper_documents(samples.notice(), samples.addressees()))


def test_each_member_gets_a_letter_a_proxy_and_a_postal_form(pack):
    assert len(pack) == 6
    assert [page.count("Yves Blanc") > 0 for page in pack] == [True] * 3 + [False] * 3
    assert "Objet : convocation à l'assemblée générale ordinaire" in pack[3]
    assert "Chloé Fabre, associé n° 11, collège « Partenaires »" in pack[4]


def test_the_letter_states_date_place_agenda_and_how_to_take_part(pack):
    letter = pack[0]
    for mention in [
        "Yves Blanc 4 chemin des Vignes 69300 Caluire",
        "Le 12 février 2026",
        "en votre qualité d'associé (n° 10, collège « Salariés »)",
        "le mardi 3 mars 2026 à 19 h 00 à l'adresse suivante : Salle Carnot",
        "par visioconférence (https://visio.example.org/ag-2026)",
        "Rapport de gestion et comptes 2025",
        "Modification des statuts (à titre extraordinaire)",
        "au plus tard le samedi 28 février 2026",
        "Un même associé ne peut détenir plus de 5 pouvoirs",
        "Marie Durand Présidente du conseil d'administration",
    ]:
        assert mention in letter


def test_the_proxy_form_explains_the_blank_proxy(pack):
    proxy = pack[1]
    assert "Pouvoir" in proxy
    assert "Je soussigné(e) Yves Blanc, associé n° 10, collège « Salariés »" in proxy
    assert (
        "un vote favorable aux projets de résolutions présentés ou agréés par le conseil" in proxy
    )
    assert "article L225-106" in proxy
    assert "« Bon pour pouvoir »" in proxy


def test_the_postal_form_offers_for_against_abstain_on_each_resolution(pack):
    postal = pack[2]
    assert "Formulaire de vote par correspondance" in postal
    assert "1 Approbation des comptes 2025 Agréée ☐ ☐ ☐" in postal
    assert "2 Modification des statuts (à titre extraordinaire) Non agréée ☐ ☐ ☐" in postal
    assert "n'est pas un vote exprimé" in postal
    assert "L'assemblée modifie l'article 12." in postal
    assert "Amendements ou résolutions nouvelles présentés en séance" in postal


def test_a_second_convocation_letter_recalls_the_first_meeting():
    notice = samples.notice(rank=2, first_meeting_at=samples.at(20, 18, month=2))
    html = render_html(convocation_letters(notice, samples.addressees()[:1]))
    letter = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "sur deuxième convocation" in letter
    assert "L'assemblée convoquée pour le vendredi 20 février 2026 à 19 h 00" in letter


def test_single_part_documents():
    members = samples.addressees()
    assert proxy_forms(samples.notice(), members).title.startswith("Pouvoir pour l'assemblée")
    assert postal_vote_forms(samples.notice(), members).kind == "paper"


def test_no_postal_form_when_the_statutes_do_not_allow_postal_votes():
    notice = samples.notice(postal_votes_allowed=False, postal_deadline=None)
    assert paper_documents(notice, samples.addressees()).context["parts"] == (
        "convocation",
        "proxy",
    )
    with pytest.raises(MinutesError, match="non prévu par les statuts"):
        postal_vote_forms(notice, samples.addressees())


def test_the_postal_deadline_is_required_and_before_the_meeting():
    with pytest.raises(MinutesError, match="date limite de réception"):
        samples.notice(postal_deadline=None)
    with pytest.raises(MinutesError, match="précède l'assemblée"):
        samples.notice(postal_deadline=date(2026, 3, 3))


def test_paper_is_for_general_meetings_with_an_agenda_and_addressees():
    monthly = replace(samples.snapshot().meeting, kind="MONTHLY")
    with pytest.raises(MinutesError, match="réservée aux assemblées générales"):
        samples.notice(meeting=monthly)
    with pytest.raises(MinutesError, match="ordre du jour est vide"):
        samples.notice(agenda=())
    with pytest.raises(MinutesError, match="aucun destinataire"):
        proxy_forms(samples.notice(), [])
