"""Small meetings for the minutes tests: an SA cooperative's AGO and variants."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from minutes import (
    AgendaItem,
    Attendee,
    Bureau,
    Convocation,
    Cooperative,
    Director,
    Meeting,
    MinutesSnapshot,
    Resolution,
    Sending,
)
from minutes.paper import Addressee, Notice, ProposedResolution
from votes import EXTRAORDINARY, Ballot, BoardVote, College, Quorum, Recount, Rule, decide_board

AUDIT_HEAD = "3f1c9a7be04d5c2e8f60a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcd"
ROLL_FINGERPRINT = "9b8a7c6d5e4f30211203f4e5d6c7b8a9900112233445566778899aabbccddeef"
COLLEGES = (
    College("A", "Salariés", "50"),
    College("B", "Usagers", "30"),
    College("C", "Partenaires", "20"),
)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def cooperative(legal_form: str = "SA") -> Cooperative:
    return Cooperative(
        name="Énergies Citoyennes du Rhône",
        legal_form=legal_form,
        head_office="12 rue de la République, 69002 Lyon",
        siren="123456789",
        rcs_city="Lyon",
        capital_floor_cents=1_234_50,
    )


def attendees() -> tuple[Attendee, ...]:
    return (
        Attendee("Marie Durand", 1, "Salariés", "present"),
        Attendee("Paul Martin", 2, "Salariés", "present"),
        Attendee("Aïcha Benali", 3, "Usagers", "present"),
        Attendee("Jean Moreau", 4, "Usagers", "present"),
        Attendee("Sophie Laurent", 5, "Partenaires", "present"),
        Attendee("Karim Haddad", 6, "Salariés", "present"),
        Attendee("Léa Garnier", 7, "Usagers", "remote"),
        Attendee("Hugo Lefèvre", 8, "Partenaires", "remote"),
        Attendee("Nina Roux", 9, "Usagers", "represented", "Paul Martin"),
        Attendee("Yves Blanc", 10, "Salariés", "represented"),
        Attendee("Chloé Fabre", 11, "Partenaires", "postal"),
        Attendee("Omar Diallo", 12, "Usagers", "postal"),
    )


QUORUM = Quorum(eligible=40, present=6, remote=2, represented=2, postal=2, required="1/5")


def recount(title: str, choices: dict[str, list[str]], **options) -> Recount:
    ballots = [Ballot(code, choice) for code, picks in choices.items() for choice in picks]
    return Recount(title, COLLEGES, tuple(ballots), quorum=QUORUM, **options)


def resolutions() -> tuple[Resolution, ...]:
    accounts = recount(
        "Approbation des comptes 2025",
        {
            "A": ["for", "for", "for", "against"],
            "B": ["for", "for", "against", "abstain", "for"],
            "C": ["for", "against", "for"],
        },
        board_supports=True,
    )
    salary = recount(
        "Rémunération des administrateurs",
        {"A": ["against", "against", "for", "against"], "B": ["for", "against"], "C": ["for"]},
        min_published_voters=3,
    )
    return (
        Resolution.from_recount(
            1,
            "Approbation des comptes 2025",
            "L'assemblée générale, après avoir entendu le rapport de gestion,\n"
            "approuve les comptes de l'exercice clos le 31 décembre 2025.\n\n"
            "Elle donne quitus aux administrateurs.",
            accounts,
        ),
        Resolution.from_recount(
            2,
            "Rémunération des administrateurs",
            "L'assemblée générale fixe à 2 000 euros l'enveloppe annuelle des indemnités.",
            salary,
        ),
    )


def snapshot(**overrides) -> MinutesSnapshot:
    values = {
        "cooperative": cooperative(),
        "meeting": Meeting(
            kind="AGO",
            title="Assemblée générale annuelle 2026",
            starts_at=at(3, 18),
            place="Salle Carnot, 3 place Carnot, 69002 Lyon",
            video_url="https://visio.example.org/ag-2026",
        ),
        "bureau": Bureau(
            chair="Marie Durand",
            secretary="Luc Petit",
            scrutateurs=("Paul Martin", "Aïcha Benali"),
        ),
        "convocation": Convocation(
            rank=1,
            sendings=(
                Sending("email", 37, at(12, 9, month=2)),
                Sending("post", 3, at(12, 10, month=2), at(13, 16, month=2)),
            ),
        ),
        "attendees": attendees(),
        "quorum": QUORUM,
        "agenda": (
            AgendaItem(
                "Rapport de gestion et comptes 2025",
                "La trésorière présente les comptes.\n\nUn associé demande le détail des "
                "subventions ; il lui est répondu qu'elles figurent en annexe.",
            ),
            AgendaItem("Indemnités des administrateurs"),
        ),
        "documents": ("Rapport de gestion 2025", "Comptes annuels 2025"),
        "resolutions": resolutions(),
        "opened_at": at(3, 18, 5),
        "closed_at": at(3, 20, 40),
        "audit_head": AUDIT_HEAD,
        "roll_fingerprint": ROLL_FINGERPRINT,
        "first_page": 37,
        "entry_number": 12,
    }
    return MinutesSnapshot(**(values | overrides))


def sarl_snapshot() -> MinutesSnapshot:
    base = snapshot()
    return replace(
        base,
        cooperative=cooperative("SARL"),
        bureau=Bureau(chair="Marie Durand", gerants=("Marie Durand", "Bruno Caron")),
    )


def age_rule() -> Rule:
    return Rule(EXTRAORDINARY)


def monthly_snapshot(**overrides) -> MinutesSnapshot:
    people = attendees()[:8]
    opinion = Recount(
        "Horaires d'ouverture de l'épicerie",
        COLLEGES,
        tuple(Ballot(code, "for") for code in ("A", "A", "B", "B", "B", "C", "C")),
        min_published_voters=0,
    )
    values = {
        "meeting": Meeting(
            kind="MONTHLY",
            title="Réunion mensuelle de mars",
            starts_at=at(17, 17, 30),
            place="Local associatif, 5 rue Neuve, 69001 Lyon",
        ),
        "bureau": Bureau(chair="Marie Durand", secretary="Luc Petit"),
        "convocation": None,
        "attendees": people,
        "quorum": None,
        "agenda": (AgendaItem("Horaires d'ouverture", "Échange sur les horaires d'été."),),
        "documents": (),
        "resolutions": (
            Resolution.from_recount(
                1,
                "Horaires d'ouverture de l'épicerie",
                "Les sociétaires sont favorables à une ouverture le samedi matin.",
                opinion,
            ),
        ),
        "opened_at": None,
        "closed_at": at(17, 19),
        "entry_number": 13,
        "first_page": 41,
    }
    return snapshot(**(values | overrides))


def board_snapshot(**overrides) -> MinutesSnapshot:
    directors = (
        Director("Marie Durand", "present", "présidente"),
        Director("Paul Martin", "present"),
        Director("Aïcha Benali", "remote"),
        Director("Jean Moreau", "excused", proxy_holder="Paul Martin"),
        Director("Sophie Laurent", "absent"),
    )
    decision = decide_board(BoardVote(directors=5, present=3, represented=1, for_=3, against=1))
    values = {
        "meeting": Meeting(
            kind="BOARD",
            title="Conseil d'administration d'avril",
            starts_at=at(2, 16, month=4),
            video_url="https://visio.example.org/ca",
        ),
        "bureau": Bureau(chair="Marie Durand", secretary="Paul Martin"),
        "convocation": None,
        "attendees": (),
        "quorum": None,
        "agenda": (AgendaItem("Arrêté des comptes 2025", "Les comptes sont présentés."),),
        "documents": ("Projet de comptes annuels 2025",),
        "resolutions": (
            Resolution(
                1, "Arrêté des comptes 2025", "Le conseil arrête les comptes.", result=decision
            ),
        ),
        "opened_at": None,
        "closed_at": at(2, 18, month=4),
        "directors": directors,
        "board_signatory": "Paul Martin",
        "entry_number": 14,
        "first_page": 45,
    }
    return snapshot(**(values | overrides))


def notice(**overrides) -> Notice:
    values = {
        "cooperative": cooperative(),
        "meeting": snapshot().meeting,
        "sent_on": date(2026, 2, 12),
        "signatory": "Marie Durand",
        "signatory_title": "Présidente du conseil d'administration",
        "agenda": ("Rapport de gestion et comptes 2025", "Indemnités des administrateurs"),
        "resolutions": (
            ProposedResolution(
                1, "Approbation des comptes 2025", "L'assemblée approuve.", "ordinary", True
            ),
            ProposedResolution(
                2,
                "Modification des statuts",
                "L'assemblée modifie l'article 12.",
                "extraordinary",
                False,
            ),
        ),
        "documents": ("Rapport de gestion 2025",),
        "proxy_cap": 5,
        "postal_deadline": date(2026, 2, 28),
    }
    return Notice(**(values | overrides))


def addressees() -> tuple[Addressee, ...]:
    return (
        Addressee("Yves Blanc", 10, ("4 chemin des Vignes", "69300 Caluire"), "Salariés"),
        Addressee("Chloé Fabre", 11, ("8 rue Juiverie", "69005 Lyon"), "Partenaires"),
    )
