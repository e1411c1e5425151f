"""The PDF itself, read back with pypdf: every mandatory mention, page numbers, watermark,
the attached recount files recounted with `votes`, and the PDF/A archival metadata."""

import io

import pytest
from pypdf import PdfReader

from minutes import minutes_pdf
from minutes.fr import percent_fr
from minutes.render import TEMPLATES, LocalFetcher
from tests.minutes import samples
from votes import loads_recount


class Rendered:
    def __init__(self, snapshot, draft=False):
        self.document, self.output = minutes_pdf(snapshot, draft=draft)
        self.reader = PdfReader(io.BytesIO(self.output.pdf))
        self.pages = [" ".join(page.extract_text().split()) for page in self.reader.pages]
        self.text = " ".join(self.pages)
        self.compact = "".join(self.text.split())


@pytest.fixture(scope="module")
def sa():
    return Rendered(samples.snapshot())


@pytest.fixture(scope="module")
def sarl():
    return Rendered(samples.sarl_snapshot())


SA_MENTIONS = [
    # identity
    "Énergies Citoyennes du Rhône",
    "Société coopérative d'intérêt collectif, société anonyme (SA) à capital variable",
    "capital minimum statutaire 1 234,50 €",
    "Siège social : 12 rue de la République, 69002 Lyon",
    "123 456 789 RCS Lyon",
    # date, time, place, convocation
    "Procès-verbal de l'assemblée générale ordinaire",
    "Le mardi 3 mars 2026 à 19 h 00",
    "Salle Carnot, 3 place Carnot, 69002 Lyon",
    "par visioconférence (https://visio.example.org/ag-2026)",
    "sur première convocation du conseil d'administration",
    "par courrier électronique à 37 associés le 12 février 2026",
    "par lettre à 3 associés entre le 12 février 2026 et le 13 février 2026",
    # bureau
    "La séance est ouverte à 19 h 05 sous la présidence de Marie Durand",
    "Paul Martin et Aïcha Benali sont désignés scrutateurs",
    "Luc Petit est désigné secrétaire de séance",
    # attendance and quorum
    "12 associés participants : 6 présents, 2 à distance, 2 représentés "
    "(dont 1 par pouvoir en blanc au président) et 2 par un vote par correspondance",
    "Le quorum requis est de 1/5 (20 %) des 40 associés ayant le droit de vote, soit 8 ; "
    "avec 12 participants, il est atteint",
    # documents, agenda, debates
    "Rapport de gestion 2025",
    "Comptes annuels 2025",
    "Ordre du jour",
    "Indemnités des administrateurs",
    "Un associé demande le détail des subventions",
    # resolutions: full text, table, result, majority, verdict
    "approuve les comptes de l'exercice clos le 31 décembre 2025",
    "Elle donne quitus aux administrateurs.",
    "Collège Poids Pour Contre Abstentions Exprimés Taux « pour » Poids effectif",
    "Salariés 50,00 % 3 1 0 4 75,00 % 50,00 %",
    "Usagers 30,00 % 3 1 1 4 75,00 % 30,00 %",
    "Résultat pondéré : 73,33 % (11/15) des voix exprimées ; majorité requise : de plus de 50 %",
    "Cette résolution est ADOPTÉE.",
    "Cette résolution est REJETÉE.",
    "Usagers * 30,00 % — — — — — 30,00 %",
    "Répartition non publiée (vote à bulletin secret) : moins de 3 votants dans ce collège",
    # closing and signatures
    "la séance est levée à 21 h 40",
    "signé par les membres du bureau",
    "Le président de séance Marie Durand",
    "Scrutateur Paul Martin",
    "Le secrétaire de séance Luc Petit",
    # annex
    "Annexe — Feuille de présence",
    "Représenté par Paul Martin",
    "Pouvoir en blanc (au président)",
    "Vote par correspondance",
    "Total 6 2 2 2 12",
    "Feuille de présence arrêtée à 12 associés et certifiée exacte par le bureau",
    # register
    "Registre des procès-verbaux — entrée n° 12, à partir de la page 37",
]


@pytest.mark.parametrize("mention", SA_MENTIONS)
def test_sa_minutes_state_every_mandatory_mention(sa, mention):
    assert mention in sa.text


def test_the_audit_head_and_voting_roll_fingerprint_are_printed(sa):
    assert samples.AUDIT_HEAD in sa.compact
    assert samples.ROLL_FINGERPRINT in sa.compact


def test_each_attendee_is_listed_with_their_college(sa):
    for attendee in samples.attendees():
        assert f"{attendee.number} {attendee.name} {attendee.college}" in sa.text


def test_pages_are_numbered_from_the_register_offset(sa):
    assert sa.output.page_count == len(sa.pages) >= 3
    for index, page in enumerate(sa.pages):
        assert f"Page {37 + index}" in page


def test_the_attached_recount_files_give_the_printed_results(sa):
    files = sa.reader.attachments
    assert sorted(files) == ["resolution-01.recount.json", "resolution-02.recount.json"]
    sections = sa.text.split("Résolution n° ")[1:]
    for number, name in enumerate(sorted(files), start=1):
        result = loads_recount(files[name][0].decode("utf-8")).tally()
        section = next(s for s in sections if s.startswith(f"{number} —"))
        printed = f"{percent_fr(result.result)} ({result.result})"
        assert " ".join(printed.split()) in " ".join(section.split())
        verdict = "ADOPTÉE" if result.adopted else "REJETÉE"
        assert f"Cette résolution est {verdict}." in section


def test_the_pdf_is_pdf_a_3b_with_title_and_language(sa):
    root = sa.reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<dc:creator><rdf:Seq><rdf:li>Énergies Citoyennes du Rhône</rdf:li>" in xmp
    assert "Procès-verbal de l'assemblée générale ordinaire du 3 mars 2026" in xmp
    assert root["/Lang"] == "fr"  # the document language, in the catalog
    assert "/OutputIntents" in root
    info = sa.reader.metadata
    assert info.title == "Procès-verbal de l'assemblée générale ordinaire du 3 mars 2026"
    assert info.author == "Énergies Citoyennes du Rhône"
    assert "Procès-verbal" in info.subject


def test_the_recount_files_are_associated_files_of_the_pdf_a(sa):
    associated = {spec.idnum: spec.get_object() for spec in sa.reader.trailer["/Root"]["/AF"]}
    names = sorted(spec["/F"] for spec in associated.values())
    assert names == ["resolution-01.recount.json", "resolution-02.recount.json"]
    assert {spec["/AFRelationship"] for spec in associated.values()} == {"/Data"}


def test_every_font_is_embedded(sa):
    fonts = {}
    for page in sa.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name


def test_the_same_snapshot_gives_the_same_bytes(sa):
    again = Rendered(samples.snapshot())
    assert again.output.sha256 == sa.output.sha256


def test_a_draft_is_watermarked_on_every_page():
    draft = Rendered(samples.snapshot(), draft=True)
    assert all("PROJET" in page for page in draft.pages)


def test_final_minutes_carry_no_watermark(sa):
    assert "PROJET" not in sa.text


@pytest.mark.parametrize(
    "mention",
    [
        "société à responsabilité limitée (SARL) à capital variable",
        "sur première convocation de la gérance",
        "L'assemblée est présidée par Marie Durand, gérant",
        "Les gérants sont Marie Durand, Bruno Caron",
        "signé par le ou les gérants et le président de séance",
        "Gérant, président de séance Marie Durand",
        "Gérant Bruno Caron",
    ],
)
def test_sarl_minutes_are_signed_by_the_gerants_and_the_chair(sarl, mention):
    assert mention in sarl.text


def test_sarl_minutes_have_no_scrutateur(sarl):
    assert "Scrutateur" not in sarl.text


def test_a_monthly_meeting_gives_a_consultative_compte_rendu():
    monthly = Rendered(samples.monthly_snapshot())
    assert monthly.document.kind == "compte_rendu"
    for mention in [
        "Compte rendu de la réunion mensuelle des sociétaires",
        "AVIS CONSULTATIF. La réunion mensuelle des sociétaires n'est pas une assemblée générale",
        "aucune des décisions réservées à l'assemblée générale",
        "n'est soumise à aucune condition de quorum",
        "Avis consultatif des sociétaires : FAVORABLE.",
        "Annexe — Liste des participants",
        "Page 41",
    ]:
        assert mention in monthly.text
    assert "ADOPTÉE" not in monthly.text


def test_board_minutes_list_the_directors_and_their_decisions():
    board = Rendered(samples.board_snapshot())
    assert board.document.kind == "board_minutes"
    for mention in [
        "Procès-verbal de la réunion du conseil d'administration",
        "Présents : Marie Durand (présidente), Paul Martin.",
        "Participant à distance : Aïcha Benali.",
        "Excusés : Jean Moreau, représenté par Paul Martin.",
        "Absents : Sophie Laurent.",
        "3 administrateurs sur 5 sont présents ou participent à distance ; le quorum, "
        "la moitié des administrateurs soit 3, est atteint",
        "Délibération n° 1 — Arrêté des comptes 2025",
        "Cette délibération est ADOPTÉE.",
        "Le président du conseil Marie Durand",
        "Un administrateur Paul Martin",
    ]:
        assert mention in board.text
    assert "Annexe" not in board.text


def test_the_fetcher_loads_the_stylesheet_only():
    fetcher = LocalFetcher()
    response = fetcher.fetch((TEMPLATES / "minutes.css").as_uri())
    assert response.content_type == "text/css"
    for url in (
        "https://example.org/logo.png",
        "http://127.0.0.1:5000/admin",
        "file:///etc/passwd",
        (TEMPLATES / ".." / ".." / "pyproject.toml").as_uri(),
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError, match="Ressource refusée"):
            fetcher.fetch(url)
