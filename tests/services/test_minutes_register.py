"""The register of minutes: finalising a real database meeting (the PDF read back with pypdf
for every mandatory mention, SA and SARL), drafts only while a vote is open, page numbering
across entries, rectifying entries, the chain and its verification, and who may do what."""

import hashlib
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, update
from sqlmodel import select

from minutes.fr import percent_fr
from scic.models import AuditEntry, MinutesEntry
from scic.services import ServiceError
from scic.services.minutes_register import (
    GENESIS,
    can_finalise,
    can_write,
    entry_digest,
    finalise_minutes,
    render_draft,
    verify_register,
    visible_entries,
)
from scic.services.minutes_snapshot import audit_head, roll_fingerprint
from votes import loads_recount

from .minutes_setup import held_meeting, register_entry


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _finalised(db, factory, **options):
    held = held_meeting(factory, db, **options)
    entry = finalise_minutes(db, held.meeting, None)
    db.commit()
    return held, entry, *_text(entry.pdf)


SA_MENTIONS = [
    # the cooperative
    "Énergies Partagées du Rhône",
    "Société coopérative d'intérêt collectif, société anonyme (SA) à capital variable",
    "capital minimum statutaire 1 500,00 €",
    "Siège social : 12 rue de la République, 69002 Lyon",
    "123 456 789 RCS Lyon",
    # date, time, place, convocation
    "Procès-verbal de l'assemblée générale ordinaire",
    "Le mardi 4 mars 2025 à 19 h 00",
    "Salle Carnot, 3 place Carnot, 69002 Lyon",
    "sur première convocation du conseil d'administration",
    "par courrier électronique à 6 associés le 12 février 2025",
    "par lettre à 3 associés le 13 février 2025",
    # bureau
    "La séance est ouverte à 19 h 05 sous la présidence de Marie Durand",
    "Paul Martin et Aïcha Benali sont désignés scrutateurs",
    "Luc Petit est désigné secrétaire de séance",
    # attendance and quorum
    "8 associés participants : 4 présents, 1 à distance, 2 représentés "
    "(dont 1 par pouvoir en blanc au président) et 1 par un vote par correspondance",
    "Le quorum requis est de 1/5 (20 %) des 9 associés ayant le droit de vote, soit 2 ; "
    "avec 8 participants, il est atteint",
    # documents, agenda, debates
    "Rapport de gestion 2025.pdf",
    "Indemnités des administrateurs",
    "Un associé demande le détail des subventions.",
    # resolutions: full text, per-college table, weighted result, majority, verdict
    "approuve les comptes de l'exercice clos le 31 décembre 2025",
    "Elle donne quitus aux administrateurs.",
    "fixe à 3 000 euros l'enveloppe annuelle des indemnités",
    "Collège Poids Pour Contre Abstentions Exprimés Taux « pour » Poids effectif",
    "Collège B 30,00 % 2 1 0 3 66,67 % 30,00 %",
    "Résultat pondéré : 70,00 % (7/10) des voix exprimées ; majorité requise : de plus de 50 %",
    "Cette résolution est ADOPTÉE.",
    "Résultat pondéré : 35,00 % (7/20)",
    "Cette résolution est REJETÉE.",
    # closing and signatures
    "la séance est levée à 21 h 40",
    "signé par les membres du bureau",
    "Le président de séance Marie Durand",
    "Scrutateur Paul Martin",
    "Le secrétaire de séance Luc Petit",
    # annex: the attendance sheet, with colleges and proxy holders
    "Annexe — Feuille de présence",
    "Collège A Représenté par Marie Durand",
    "Yves Blanc Collège B Pouvoir en blanc (au président)",
    "Chloé Fabre Collège B Vote par correspondance",
    "Total 4 1 2 1 8",
    "Feuille de présence arrêtée à 8 associés et certifiée exacte par le bureau",
    # the register
    "Registre des procès-verbaux — entrée n° 1, à partir de la page 1",
]


def test_sa_minutes_from_the_database_state_every_mandatory_mention(db, factory, ctx):
    held, entry, reader, text = _finalised(db, factory)
    missing = [mention for mention in SA_MENTIONS if mention not in text]
    assert missing == []
    assert "PROJET" not in text
    assert (entry.number, entry.first_page, entry.page_count) == (1, 1, len(reader.pages))
    assert all(f"Page {n}" in text for n in range(1, entry.page_count + 1))
    compact = "".join(text.split())
    assert roll_fingerprint(db, held.meeting) in compact
    record = db.exec(select(AuditEntry).where(AuditEntry.action == "minutes.finalise")).one()
    payload = json.loads(record.payload)
    assert payload["audit_head"] in compact
    assert audit_head(db, upto=payload["audit_upto"]) == payload["audit_head"]
    assert (payload["sha256"], payload["entry_hash"]) == (entry.sha256, entry.entry_hash)
    assert reader.metadata.title == "Procès-verbal de l'assemblée générale ordinaire du 4 mars 2025"


def test_the_attached_recount_files_recount_to_the_printed_results(db, factory, ctx):
    held, entry, reader, text = _finalised(db, factory)
    files = reader.attachments
    assert sorted(files) == ["resolution-01.recount.json", "resolution-02.recount.json"]
    sections = text.split("Résolution n° ")[1:]
    for number, name in enumerate(sorted(files), start=1):
        result = loads_recount(files[name][0].decode("utf-8")).tally()
        section = next(s for s in sections if s.startswith(f"{number} —"))
        printed = " ".join(f"{percent_fr(result.result)} ({result.result})".split())
        assert f"Résultat pondéré : {printed}" in section
        verdict = "ADOPTÉE" if result.adopted else "REJETÉE"
        assert f"Cette résolution est {verdict}." in section
    assert [loads_recount(files[n][0].decode()).tally().adopted for n in sorted(files)] == [
        True,
        False,
    ]


SARL_MENTIONS = [
    "société à responsabilité limitée (SARL) à capital variable",
    "sur première convocation de la gérance",
    "L'assemblée est présidée par Marie Durand, gérant",
    "Les gérants sont Marie Durand, Paul Martin",
    "signé par le ou les gérants et le président de séance",
    "Gérant, président de séance Marie Durand",
    "Gérant Paul Martin",
]


def test_sarl_minutes_are_signed_by_the_gerants_and_the_chair(db, factory, ctx):
    held = held_meeting(factory, db, legal_form="SARL")
    factory.user("board", member=held["A1"])
    factory.user("board", member=held["B1"])
    entry = finalise_minutes(db, held.meeting, None)
    _reader, text = _text(entry.pdf)
    assert [mention for mention in SARL_MENTIONS if mention not in text] == []
    assert "Scrutateur" not in text


def test_while_a_vote_is_open_only_a_draft_is_possible(db, factory, ctx):
    held = held_meeting(factory, db, close=False)
    with pytest.raises(ServiceError) as refused:
        finalise_minutes(db, held.meeting, None)
    assert "La séance n'est pas close : seul un projet (PROJET) est possible." in str(refused.value)
    assert "Le vote de la résolution n° 1 est encore ouvert." in str(refused.value)
    assert db.exec(select(MinutesEntry)).all() == []
    document, pdf = render_draft(db, held.meeting)
    _reader, text = _text(pdf)
    assert document.draft and "PROJET" in text and "entrée n°" not in text


def test_a_vote_left_open_blocks_finalisation_even_when_the_session_is_closed(db, factory, ctx):
    held = held_meeting(factory, db, close=False)
    held.meeting.status = "closed"  # closed by hand: the open vote still blocks the register
    with pytest.raises(ServiceError, match="résolution n° 1 est encore ouvert"):
        finalise_minutes(db, held.meeting, None)


def test_page_numbering_continues_from_the_previous_entry(db, factory, ctx):
    held = held_meeting(factory, db)
    first = register_entry(db, factory.meeting(status="closed"), pages=3)
    entry = finalise_minutes(db, held.meeting, None)
    db.commit()
    assert (entry.number, entry.first_page) == (2, 4)
    assert entry.previous_hash == first.entry_hash
    reader, text = _text(entry.pdf)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert all(f"Page {4 + i}" in page for i, page in enumerate(pages))
    assert "Registre des procès-verbaux — entrée n° 2, à partir de la page 4" in text
    report = verify_register(db)
    assert (report.checked, report.last_page, report.problem) == (2, 3 + entry.page_count, None)


def test_a_meeting_is_finalised_once_then_only_rectified(db, factory, ctx):
    held, entry, _reader, _text_ = _finalised(db, factory)
    with pytest.raises(ServiceError, match="déjà au registre \\(entrée n° 1\\)"):
        finalise_minutes(db, held.meeting, None)
    with pytest.raises(ServiceError, match="motif de la rectification"):
        finalise_minutes(db, held.meeting, None, rectifies=entry, reason="court")
    original = (entry.sha256, entry.entry_hash)
    fix = finalise_minutes(
        db, held.meeting, None, rectifies=entry, reason="Erreur matérielle dans les débats."
    )
    db.commit()
    assert (fix.number, fix.rectifies_id, fix.first_page) == (2, entry.id, 1 + entry.page_count)
    assert (db.get(MinutesEntry, entry.id).sha256, entry.entry_hash) == original
    _r, text = _text(fix.pdf)
    assert "Le présent document rectifie l'entrée n° 1 du registre, qui demeure inchangée." in text
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "minutes.rectify")).one()
    assert json.loads(audit.payload)["reason"] == "Erreur matérielle dans les débats."
    assert verify_register(db).problem is None


def test_a_finalised_entry_cannot_be_changed_through_the_application(db, factory, ctx):
    held = held_meeting(factory, db)
    entry = register_entry(db, held.meeting)
    entry.title = "Titre réécrit"
    with pytest.raises(ValueError, match="ne se modifie jamais"):
        db.flush()
    db.rollback()
    db.delete(db.get(MinutesEntry, entry.id))
    with pytest.raises(ValueError, match="ne se modifie jamais"):
        db.flush()
    db.rollback()


# -- verification: no rendering, entries written directly ------------------------------------


@pytest.fixture
def register(db, factory):
    meeting = factory.meeting(status="closed")
    return [register_entry(db, meeting, pages=n, pdf=f"%PDF {n}".encode()) for n in (2, 3, 4)]


def test_an_intact_register_is_reported_with_its_pages(db, register):
    report = verify_register(db)
    assert (report.checked, report.last_page, report.problem) == (3, 9, None)
    assert register[0].previous_hash == GENESIS
    assert register[2].previous_hash == register[1].entry_hash


def _problem(db):
    report = verify_register(db)
    assert report.problem is not None
    return report.problem.number, report.problem.reason, report.checked


def test_a_replaced_file_is_detected(db, register):
    db.exec(update(MinutesEntry).where(MinutesEntry.number == 2).values(pdf=b"%PDF forged"))
    assert _problem(db) == (2, "fichier PDF remplacé ou altéré (son SHA-256 ne correspond plus)", 1)


def test_a_replaced_file_with_its_new_hash_breaks_the_entry_hash(db, register):
    forged = b"%PDF forged"
    digest = hashlib.sha256(forged).hexdigest()
    db.exec(update(MinutesEntry).where(MinutesEntry.number == 2).values(pdf=forged, sha256=digest))
    assert _problem(db)[:2] == (2, "données de l'entrée modifiées (empreinte de l'entrée fausse)")


def test_a_broken_link_is_detected_even_when_the_entry_hash_is_recomputed(db, register):
    entry = register[2]
    entry_values = entry.model_dump() | {"previous_hash": "f" * 64}
    forged = MinutesEntry(**entry_values)
    db.exec(
        update(MinutesEntry)
        .where(MinutesEntry.number == 3)
        .values(previous_hash="f" * 64, entry_hash=entry_digest(forged))
    )
    assert _problem(db) == (3, "lien vers l'entrée précédente rompu", 2)


def test_a_removed_entry_is_detected(db, register):
    db.exec(delete(MinutesEntry).where(MinutesEntry.number == 2))
    assert _problem(db)[:2] == (3, "numéro 2 attendu : une entrée manque ou a été retirée")


def test_a_gap_in_the_page_numbering_is_detected(db, register):
    db.exec(update(MinutesEntry).where(MinutesEntry.number == 3).values(first_page=7))
    assert _problem(db)[:2] == (3, "pages non continues (page 6 attendue, page 7 trouvée)")


def test_the_cli_checks_the_register(app, db, register):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["verify-register"])
    assert result.exit_code == 0
    assert "Registre des procès-verbaux intact : 3 entrée(s) vérifiée(s), pages 1 à 9." in (
        result.output
    )
    db.exec(update(MinutesEntry).where(MinutesEntry.number == 1).values(pdf=b"%PDF forged"))
    db.commit()
    result = runner.invoke(args=["verify-register"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert lines == [
        "Erreur : Registre des procès-verbaux altéré à l'entrée n° 1 : fichier PDF remplacé "
        "ou altéré (son SHA-256 ne correspond plus) (0 entrée(s) valide(s) avant)."
    ]
    assert "Traceback" not in result.output


# -- who may do what ---------------------------------------------------------------------------


def test_the_chair_or_the_board_finalise_and_the_staff_write(db, factory, ctx):
    held = held_meeting(factory, db)
    chair = factory.user("member", member=held["A1"])  # the chair officer of the meeting
    member = factory.user("member", member=held["B2"])
    secretary = factory.user("secretary", email="secretaire@exemple.fr")
    board = factory.user("board", email="ca@exemple.fr")
    admin = factory.user("admin", email="admin@exemple.fr")
    may = {u.email: can_finalise(db, u, held.meeting) for u in (chair, member, secretary, board)}
    assert may == {
        chair.email: True,
        member.email: False,
        secretary.email: False,
        board.email: True,
    }
    assert not can_finalise(db, admin, held.meeting)
    assert [can_write(u) for u in (chair, member, secretary, board, admin)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_members_see_the_entries_of_the_meetings_they_may_view(db, factory, ctx):
    held = held_meeting(factory, db)
    general = register_entry(db, held.meeting)
    register_entry(db, factory.meeting(kind="BOARD", status="closed"))
    member = factory.user("member", member=held["B2"])
    staff = factory.user("secretary", email="secretaire@exemple.fr")
    seen = {u.email: [e.number for e, _m in db.exec(visible_entries(u))] for u in (member, staff)}
    assert seen == {member.email: [general.number], staff.email: [1, 2]}


def test_two_finalisations_at_once_keep_one_entry_per_number(db, factory, ctx, monkeypatch):
    """The second of two concurrent finalisations computed the same number: the unique
    constraint refuses it with a clear message and the register keeps a single chain."""
    from scic.services import minutes_register
    from scic.services.minutes_snapshot import RegisterPosition

    held = held_meeting(factory, db)
    first = register_entry(db, factory.meeting(status="closed"), pages=2)
    rendered = minutes_register.minutes.RenderedPdf(b"%PDF concurrent", 1)
    document = minutes_register.minutes.Document("proces_verbal", "x.html", "PV", "", "", {})
    monkeypatch.setattr(minutes_register, "_render", lambda *_a, **_k: (document, rendered))
    monkeypatch.setattr(minutes_register, "register_position", lambda _s: RegisterPosition(1, 1))
    with pytest.raises(ServiceError, match="Une autre entrée vient d'être ajoutée"):
        finalise_minutes(db, held.meeting, None)
    db.commit()
    assert [e.number for e in db.exec(select(MinutesEntry))] == [first.number]
    assert verify_register(db).problem is None
