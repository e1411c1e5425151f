"""A convened meeting with a frozen roll, colleges and resolutions, for voting tests."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import select

from scic.models import CollegeWeightSet, Meeting, Proxy, Resolution, RollEntry
from scic.models.types import utcnow


@dataclass
class Setup:
    meeting: Meeting
    colleges: list
    members: dict = field(default_factory=dict)  # college code -> [members]
    resolutions: list = field(default_factory=list)

    def all_members(self):
        return [m for group in self.members.values() for m in group]


def convened_meeting(
    factory,
    db,
    *,
    per_college=(3, 3, 3),
    weights=(("A", 3000), ("B", 3000), ("C", 4000)),
    kind="AGO",
    starts_in=timedelta(days=20),
    **coop,
):
    factory.cooperative(**coop)
    colleges = factory.colleges(weights)
    weight_set = db.exec(select(CollegeWeightSet)).one()
    now = utcnow()
    meeting = Meeting(
        kind=kind,
        title="Assemblée générale ordinaire",
        starts_at=now + starts_in,
        status="convened",
        convened_at=now,
        roll_frozen_at=now,
        weight_set_id=weight_set.id,
    )
    db.add(meeting)
    db.commit()
    setup = Setup(meeting, colleges)
    for college, how_many in zip(colleges, per_college, strict=True):
        group = [factory.member(college_id=college.id) for _ in range(how_many)]
        setup.members[college.code] = group
        for member in group:
            db.add(RollEntry(meeting_id=meeting.id, member_id=member.id, college_id=college.id))
    db.commit()
    return setup


def add_resolution(db, setup, *, number=None, status="open", **values):
    resolution = Resolution(
        meeting_id=setup.meeting.id,
        number=number or len(setup.resolutions) + 1,
        title=values.pop("title", "Approbation des comptes"),
        text=values.pop("text", "L'assemblée approuve les comptes de l'exercice."),
        status=status,
        opened_at=utcnow() if status == "open" else None,
        **values,
    )
    db.add(resolution)
    db.commit()
    setup.resolutions.append(resolution)
    return resolution


def give_proxy(db, setup, principal, holder=None):
    proxy = Proxy(
        meeting_id=setup.meeting.id,
        principal_id=principal.id,
        holder_id=holder.id if holder else None,
    )
    db.add(proxy)
    db.commit()
    return proxy
