"""A general meeting that really happened in the database, for the minutes tests.

Nine members in three colleges (30 / 30 / 40 %), A1..C3:
- present: A1, B1, C1, C2 (checked in); remote: A2; represented: A3 (by A1), B3 (blank proxy);
  postal: B2; absent: C3. Eight participants out of nine.
- Resolution 1 (the board supports it): A 3 for; B for, against (postal), blank proxy (for);
  C for, against. R = 0.3 + 0.3 × 2/3 + 0.4 × 1/2 = 70 % → adopted.
- Resolution 2 (the board opposes it): A 3 against; B for, abstention (postal), blank proxy
  (against); C for, against. R = 0.3 × 1/2 + 0.4 × 1/2 = 35 % → rejected.
Services that send e-mail need an app context: call inside ``app.test_request_context()``.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scic.models import AgendaItem, Attendance, ConvocationDelivery, Document
from scic.models.types import utcnow
from scic.services.attendance import check_in
from scic.services.ballots import cast_ballot
from scic.services.bureau import set_bureau
from scic.services.meetings import close_meeting, open_session
from scic.services.voting import close_vote

from .voting_setup import add_resolution, convened_meeting, give_proxy

COOPERATIVE = {
    "name": "Énergies Partagées du Rhône",
    "legal_form": "SA",
    "head_office": "12 rue de la République, 69002 Lyon",
    "siren": "123456789",
    "rcs_city": "Lyon",
    "statutory_capital_floor_cents": 1_500_00,
}
FIRST_TEXT = (
    "L'assemblée générale approuve les comptes de l'exercice clos le 31 décembre 2025.\n\n"
    "Elle donne quitus aux administrateurs."
)
SECOND_TEXT = "L'assemblée générale fixe à 3 000 euros l'enveloppe annuelle des indemnités."
STARTS_AT = datetime(2025, 3, 4, 18, 0, tzinfo=UTC)  # mardi 4 mars 2025, 19 h à Paris
NAMES = {
    "A1": ("Marie", "Durand"),
    "A2": ("Léa", "Garnier"),
    "A3": ("Nina", "Roux"),
    "B1": ("Paul", "Martin"),
    "B2": ("Chloé", "Fabre"),
    "B3": ("Yves", "Blanc"),
    "C1": ("Aïcha", "Benali"),
    "C2": ("Jean", "Moreau"),
    "C3": ("Omar", "Diallo"),
}
DEBATES = "La trésorière présente les comptes.\n\nUn associé demande le détail des subventions."


@dataclass
class Held:
    setup: object
    meeting: object
    resolutions: list
    members: dict  # "A1" -> Member

    def __getitem__(self, name):
        return self.members[name]


def held_meeting(factory, db, *, legal_form="SA", close=True, **coop) -> Held:
    """The meeting above, in session; with ``close`` its votes and the session are closed."""
    setup = convened_meeting(
        factory,
        db,
        starts_in=-timedelta(hours=3),
        **(COOPERATIVE | {"legal_form": legal_form} | coop),
    )
    meeting = setup.meeting
    meeting.title = "Assemblée générale annuelle"
    meeting.place = "Salle Carnot, 3 place Carnot, 69002 Lyon"
    meeting.starts_at = STARTS_AT
    db.add(meeting)
    members = {
        f"{code}{i + 1}": member
        for code, group in setup.members.items()
        for i, member in enumerate(group)
    }
    for name, member in members.items():
        member.first_name, member.last_name = NAMES[name]
        db.add(member)
    _prepare(db, meeting, members)
    open_session(db, meeting, None)
    held = Held(setup, meeting, [], members)
    _attend(db, held)
    _vote(db, held)
    if close:
        close_all(db, held)
    return held


def _prepare(db, meeting, m) -> None:
    for name, member in m.items():
        post = name.endswith("3")  # 3 letters posted on 13 February, 6 e-mails on the 12th
        sent = STARTS_AT - timedelta(days=19 if post else 20)
        mode = "post" if post else "email"
        db.add(
            ConvocationDelivery(meeting_id=meeting.id, member_id=member.id, mode=mode, sent_at=sent)
        )
    db.add(
        AgendaItem(meeting_id=meeting.id, position=1, title="Comptes 2025", debate_summary=DEBATES)
    )
    db.add(AgendaItem(meeting_id=meeting.id, position=2, title="Indemnités des administrateurs"))
    db.add(
        Document(
            meeting_id=meeting.id,
            filename="Rapport de gestion 2025.pdf",
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
            data=b"%PDF-1.4",
        )
    )
    db.commit()
    scrutateurs = [str(m["B1"].number), str(m["C1"].number)]
    set_bureau(db, meeting, None, str(m["A1"].number), "Luc Petit", scrutateurs)
    db.commit()


def _attend(db, held) -> None:
    for name in ("A1", "B1", "C1", "C2"):
        check_in(db, held.meeting, held[name], "present", None)
    check_in(db, held.meeting, held["A2"], "remote", None)
    give_proxy(db, held.setup, held["A3"], held["A1"])
    give_proxy(db, held.setup, held["B3"])
    db.commit()


def _vote(db, held) -> None:
    first = add_resolution(db, held.setup, title="Approbation des comptes 2025", text=FIRST_TEXT)
    first.board_supports = True
    second = add_resolution(
        db, held.setup, title="Indemnités des administrateurs", text=SECOND_TEXT
    )
    second.board_supports = False
    db.add_all([first, second])
    db.commit()
    held.resolutions = [first, second]
    postal_time = held.meeting.starts_at - timedelta(days=4)
    plan = [
        (first, ("for", "for", "for", "for", "against", "for", "against")),
        (second, ("against", "against", "against", "for", "abstain", "for", "against")),
    ]
    for resolution, (a1, a2, a3, b1, b2, c1, c2) in plan:
        cast_ballot(db, resolution, held["A1"], a1)
        cast_ballot(db, resolution, held["A2"], a2)
        cast_ballot(db, resolution, held["A1"], a3, principal=held["A3"])
        cast_ballot(db, resolution, held["B1"], b1)
        cast_ballot(db, resolution, held["B2"], b2, channel="postal", now=postal_time)
        cast_ballot(db, resolution, held["C1"], c1)
        cast_ballot(db, resolution, held["C2"], c2)
    db.commit()


def close_all(db, held) -> None:
    """Close the votes and the session; the session ran from 19 h 05 to 21 h 40."""
    for resolution in held.resolutions:
        if resolution.status == "open":
            close_vote(db, resolution, None)
    close_meeting(db, held.meeting, None)
    held.meeting.opened_at = STARTS_AT + timedelta(minutes=5)
    held.meeting.closed_at = STARTS_AT + timedelta(hours=2, minutes=40)
    db.add(held.meeting)
    db.commit()


def board_meeting(factory, db) -> Held:
    """A board of six directors: A1 (chair) and A2 (secretary) present, B1 remote, B2
    represented by A2, C1 excused, C2 absent. One deliberation, 2 for and 2 against: the
    chair voted for, so the casting vote adopts it."""
    setup = convened_meeting(
        factory,
        db,
        kind="BOARD",
        per_college=(2, 2, 2),
        starts_in=-timedelta(hours=2),
        **COOPERATIVE,
    )
    meeting = setup.meeting
    meeting.title, meeting.video_url = (
        "Conseil d'administration de mars",
        "https://visio.example.org/ca",
    )
    db.add(meeting)
    members = {
        f"{code}{i + 1}": member
        for code, group in setup.members.items()
        for i, member in enumerate(group)
    }
    db.commit()
    set_bureau(db, meeting, None, str(members["A1"].number), str(members["A2"].number), [])
    open_session(db, meeting, None)
    held = Held(setup, meeting, [], members)
    for name in ("A1", "A2"):
        check_in(db, meeting, held[name], "present", None)
    check_in(db, meeting, held["B1"], "remote", None)
    db.add(Attendance(meeting_id=meeting.id, member_id=held["C1"].id, mode="excused"))
    give_proxy(db, setup, held["B2"], held["A2"])
    resolution = add_resolution(
        db, setup, title="Arrêté des comptes", text="Le conseil arrête les comptes."
    )
    held.resolutions = [resolution]
    cast_ballot(db, resolution, held["A1"], "for")
    cast_ballot(db, resolution, held["A2"], "against")
    cast_ballot(db, resolution, held["B1"], "against")
    cast_ballot(db, resolution, held["A2"], "for", principal=held["B2"])
    db.commit()
    close_all(db, held)
    return held


def register_entry(db, meeting, pages=3, pdf=b"%PDF-1.7 fichier de test", rectifies=None):
    """A valid register entry written directly (no rendering), chained to the last one."""
    from sqlmodel import col, select

    from scic.models import MinutesEntry
    from scic.services.minutes_register import GENESIS, entry_digest

    last = db.exec(select(MinutesEntry).order_by(col(MinutesEntry.number).desc())).first()
    entry = MinutesEntry(
        number=last.number + 1 if last else 1,
        meeting_id=meeting.id,
        kind="proces_verbal",
        title=f"Procès-verbal de test n° {last.number + 1 if last else 1}",
        first_page=last.first_page + last.page_count if last else 1,
        page_count=pages,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        previous_hash=last.entry_hash if last else GENESIS,
        rectifies_id=rectifies.id if rectifies else None,
        finalised_at=utcnow().replace(microsecond=0),
    )
    entry.entry_hash = entry_digest(entry)
    db.add(entry)
    db.commit()
    return entry
