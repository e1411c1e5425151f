"""The demo cooperative: a tiers-lieu SCIC SAS in Malakoff, modelled on the seed article
(coworking, fablab, four employees, monthly sociétaires meetings)."""

import random
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from ..models import (
    AgendaItem,
    Attendance,
    Category,
    College,
    CollegeWeight,
    CollegeWeightSet,
    ConvocationDelivery,
    Cooperative,
    Meeting,
    MeetingOfficer,
    Member,
    MemberCollegeChange,
    MemberStatusChange,
    RollEntry,
    ShareMovement,
)
from .accounts import create_user
from .audit import record_audit
from .demo_votes import add_demo_votes
from .planning import month_title

PASSWORD = "casaco-demo"
DEMO_LOGINS = [
    ("administrateur", "admin@casaco.example", PASSWORD),
    ("présidente (conseil)", "presidente@casaco.example", PASSWORD),
    ("secrétaire de séance", "secretaire@casaco.example", PASSWORD),
    ("sociétaire", "societaire@casaco.example", PASSWORD),
]
FOUNDED = date(2016, 5, 12)
NOMINAL = 5000  # 50,00 € a part
PARIS = ZoneInfo("Europe/Paris")

COLLEGES = [  # code, name, weight in hundredths of a percent
    ("SAL", "Salariés", 3000),
    ("USA", "Coworkers et usagers", 3000),
    ("HAB", "Habitants et partenaires", 2000),
    ("SOU", "Collectivités et soutiens", 2000),
]
CATEGORIES = [  # code, name, kind, public body, college code, how many
    ("salaries", "Salariés", "salaries", False, "SAL", 4),
    ("coworkers", "Coworkers (bénéficiaires)", "beneficiaires", False, "USA", 30),
    ("habitants", "Habitants du quartier", "autres", False, "HAB", 14),
    ("partenaires", "Associations et entreprises partenaires", "autres", False, "HAB", 6),
    ("collectivites", "Collectivités publiques", "collectivites", True, "SOU", 1),
    ("soutiens", "Soutiens", "autres", False, "SOU", 5),
]
FIRST = [
    "Aurélien",
    "Camille",
    "Nadia",
    "Julien",
    "Sophie",
    "Karim",
    "Léa",
    "Thomas",
    "Inès",
    "Mathieu",
    "Claire",
    "Yanis",
    "Élodie",
    "Hugo",
    "Fatou",
    "Romain",
    "Chloé",
    "Mehdi",
    "Pauline",
    "Lucas",
    "Amandine",
    "Samir",
    "Juliette",
    "Antoine",
    "Manon",
]
LAST = [
    "Denaes",
    "Martin",
    "Benali",
    "Lefèvre",
    "Moreau",
    "Haddad",
    "Garnier",
    "Rousseau",
    "Diallo",
    "Fontaine",
    "Chevalier",
    "Nguyen",
    "Perrin",
    "Lambert",
    "Traoré",
    "Girard",
    "Bonnet",
    "Mercier",
    "Faure",
    "Blanc",
    "Guérin",
    "Roux",
    "Vincent",
    "Morel",
    "Dupuis",
]
LEGAL = [
    "Les Fabriqueurs (association)",
    "La Ruche de Malakoff",
    "Atelier Graphique Coop",
    "Compagnie du Vélo Solidaire",
    "Repair Café Malakoff",
    "Studio Montage Sud",
]


def load_demo(session: Session, seed: int = 2017) -> Cooperative:
    rng = random.Random(seed)
    coop = Cooperative(
        name="Casaco",
        legal_form="SAS",
        head_office="Malakoff (92240), Hauts-de-Seine",
        siren="820000001",
        rcs_city="Nanterre",
        share_nominal_cents=NOMINAL,
        proxy_cap=3,
    )
    session.add(coop)
    colleges = _colleges(session)
    members = _members(session, rng, colleges)
    users = _users(session, members)
    past, upcoming = _meetings(session, members, users[1])
    add_demo_votes(session, past, upcoming, users[1])
    _planning(session, members, users[1])
    record_audit(session, users[0], "demo.load", coop, {"members": len(members)})
    return coop


def _colleges(session):
    colleges = {}
    for position, (code, name, _bp) in enumerate(COLLEGES):
        colleges[code] = College(code=code, name=name, position=position)
        session.add(colleges[code])
    weights = CollegeWeightSet(
        effective_from=FOUNDED, decision="Statuts constitutifs (AGE constitutive)"
    )
    session.add(weights)
    session.flush()
    for code, _name, bp in COLLEGES:
        session.add(
            CollegeWeight(weight_set_id=weights.id, college_id=colleges[code].id, weight_bp=bp)
        )
    return colleges


def _members(session, rng, colleges):
    members, number, legal = [], 0, iter(LEGAL)
    for code, name, kind, public, college_code, how_many in CATEGORIES:
        category = Category(code=code, name=name, kind=kind, is_public_body=public)
        session.add(category)
        session.flush()
        for _ in range(how_many):
            number += 1
            member = _member(rng, number, category, colleges[college_code], code, legal)
            session.add(member)
            members.append(member)
    session.flush()
    for member in members:
        _history(session, rng, member)
    return members


def _member(rng, number, category, college, code, legal):
    admitted = FOUNDED + timedelta(days=rng.randrange(0, 3000)) if number > 4 else FOUNDED
    first, last = FIRST[(number * 7) % len(FIRST)], LAST[(number * 11) % len(LAST)]
    if number == 1:
        first, last = "Aurélien", "Denaes"
    fields = {"person_kind": "natural", "first_name": first, "last_name": last}
    if code == "collectivites":
        fields = {
            "person_kind": "legal",
            "last_name": "Ville de Malakoff",
            "company_name": "Ville de Malakoff",
            "representative": "L'adjointe à l'ESS",
        }
    elif code == "partenaires":
        company = next(legal)
        fields = {
            "person_kind": "legal",
            "last_name": company,
            "company_name": company,
            "siren": f"{rng.randrange(10**8, 10**9)}",
            "representative": f"{first} {last}",
        }
    slug = _slug(f"{fields.get('first_name', '')}.{fields['last_name']}")
    email = f"{slug}.{number}@exemple.fr" if rng.random() < 0.9 else None
    return Member(
        number=number,
        email=email,
        address=f"{rng.randrange(1, 120)} rue Pierre-Larousse, 92240 Malakoff",
        convocation_by_email=email is not None,
        convocation_consent_at=datetime.combine(admitted, time(12), UTC) if email else None,
        category_id=category.id,
        college_id=college.id,
        status="admitted",
        applied_on=admitted - timedelta(days=20),
        admitted_on=admitted,
        admission_body="Conseil coopératif",
        **fields,
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() or c == "." else "-" for c in ascii_text.lower()).strip(".-")


def _history(session, rng, member):
    session.add(
        MemberStatusChange(
            member_id=member.id,
            status="candidate",
            effective_on=member.applied_on,
            deciding_body="",
        )
    )
    session.add(
        MemberStatusChange(
            member_id=member.id,
            status="admitted",
            effective_on=member.admitted_on,
            deciding_body="Conseil coopératif",
        )
    )
    session.add(
        MemberCollegeChange(
            member_id=member.id,
            college_id=member.college_id,
            effective_from=member.admitted_on,
            decision="Admission",
        )
    )
    parts = (
        20
        if member.person_kind == "legal" and member.siren is None
        else rng.choice([1, 1, 2, 2, 4, 10])
    )
    amount = parts * NOMINAL
    session.add(
        ShareMovement(
            member_id=member.id,
            kind="subscription",
            parts=parts,
            amount_cents=amount,
            occurred_on=member.admitted_on,
        )
    )
    paid = amount if rng.random() < 0.85 else amount // 4
    session.add(
        ShareMovement(
            member_id=member.id, kind="payment", amount_cents=paid, occurred_on=member.admitted_on
        )
    )


def _users(session, members):
    admin = create_user(
        session, "admin@casaco.example", "Administratrice Casaco", ["admin"], password=PASSWORD
    )
    chair = _linked(session, members[0], "presidente@casaco.example", ["member", "board"])
    secretary = _linked(session, members[1], "secretaire@casaco.example", ["member", "secretary"])
    member = _linked(session, members[10], "societaire@casaco.example", ["member"])
    return [admin, chair, secretary, member]


def _linked(session, member, email, roles):
    member.email, member.convocation_by_email = email, True
    session.add(member)
    return create_user(session, email, member.display_name, roles, member=member, password=PASSWORD)


def _first_tuesday(year: int, month: int) -> datetime:
    day = date(year, month, 1)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return datetime.combine(day, time(19), PARIS).astimezone(UTC)


def _meetings(session, members, chair_user):
    today = date.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (today.replace(day=28) + timedelta(days=5)).replace(day=1)
    past = _monthly(
        session, _first_tuesday(last_month.year, last_month.month), "closed", chair_user
    )
    upcoming = _monthly(
        session, _first_tuesday(next_month.year, next_month.month), "convened", chair_user
    )
    for position, (title, summary) in enumerate(
        [
            (
                "Bilan du fablab",
                "Le fablab a accueilli 240 visiteurs ; l'équipe propose deux ateliers par mois.",
            ),
            (
                "Tarifs des salles de réunion",
                "Débat sur une grille solidaire pour les associations du quartier.",
            ),
        ],
        start=1,
    ):
        session.add(
            AgendaItem(meeting_id=past.id, position=position, title=title, debate_summary=summary)
        )
    for position, title in enumerate(
        [
            "Programme des ateliers de printemps",
            "Point sur la convention d'occupation avec la mairie",
            "Questions diverses",
        ],
        start=1,
    ):
        session.add(AgendaItem(meeting_id=upcoming.id, position=position, title=title))
    for member in members[:20]:
        session.add(Attendance(meeting_id=past.id, member_id=member.id, mode="present"))
    for member in members:
        session.add(
            RollEntry(meeting_id=upcoming.id, member_id=member.id, college_id=member.college_id)
        )
        by_email = member.convocation_by_email and member.email
        session.add(
            ConvocationDelivery(
                meeting_id=upcoming.id,
                member_id=member.id,
                mode="email" if by_email else "post",
                sent_at=upcoming.convened_at,
            )
        )
    upcoming.weight_set_id = session.exec(select(CollegeWeightSet.id)).first()
    for meeting in (past, upcoming):
        session.add(
            MeetingOfficer(
                meeting_id=meeting.id,
                role="chair",
                member_id=members[0].id,
                name=members[0].display_name,
            )
        )
        session.add(
            MeetingOfficer(
                meeting_id=meeting.id,
                role="secretary",
                member_id=members[1].id,
                name=members[1].display_name,
            )
        )
    session.flush()
    return past, upcoming


def _planning(session, members, chair_user):
    """The monthly rule (first Tuesday at 19:00), its drafts, and two proposals."""
    from .planning import plan_monthly_meetings, set_recurrence
    from .proposals import open_meetings, submit_proposal, support_proposal

    set_recurrence(
        session,
        chair_user,
        ordinal=1,
        weekday=1,
        start_minute=19 * 60,
        duration_minutes=120,
        place="Casaco, salle du jardin, Malakoff",
        video_url="",
        months_ahead=3,
    )
    plan_monthly_meetings(session, chair_user)
    target = open_meetings(session)[0]
    bike = submit_proposal(
        session,
        members[12],
        None,
        "Un atelier de réparation de vélos",
        "Un samedi par mois dans la cour, avec le **Repair Café** de Malakoff.",
        target,
    )
    for fan in members[13:19]:
        support_proposal(session, bike, fan)
    submit_proposal(
        session,
        members[20],
        None,
        "Horaires d'ouverture le dimanche",
        "Ouvrir le coworking le dimanche après-midi, à l'essai pendant trois mois.",
        None,
    )


def _monthly(session, starts_at, status, chair_user):
    label = starts_at.astimezone(PARIS)
    meeting = Meeting(
        kind="MONTHLY",
        title=f"Réunion mensuelle des sociétaires — {month_title(label.year, label.month)}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Casaco, salle du jardin, Malakoff",
        status=status,
        convened_at=starts_at - timedelta(days=16) if status != "draft" else None,
        roll_frozen_at=starts_at - timedelta(days=16) if status == "convened" else None,
        created_by_id=chair_user.id,
    )
    if status == "closed":
        meeting.opened_at, meeting.closed_at = starts_at, starts_at + timedelta(hours=2)
    session.add(meeting)
    session.flush()
    return meeting
