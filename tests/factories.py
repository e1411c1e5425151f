"""Factory helpers: sensible defaults, overrides by keyword, committed rows."""

from datetime import date
from itertools import count

from sqlmodel import select

from scic.models import (
    Category,
    College,
    CollegeWeight,
    CollegeWeightSet,
    Cooperative,
    Member,
    ShareMovement,
)
from scic.services.accounts import create_user


class Factory:
    PASSWORD = "correct horse battery"

    def __init__(self, session):
        self.session = session
        self._numbers = count(1)
        self._category = None

    def _save(self, obj):
        self.session.add(obj)
        self.session.commit()
        return obj

    def cooperative(self, **overrides):
        values = {
            "name": "Coop Test",
            "legal_form": "SAS",
            "head_office": "1 rue de la Paix, 75002 Paris",
            "share_nominal_cents": 5000,
        }
        return self._save(Cooperative(**(values | overrides)))

    def category(self, **overrides):
        n = next(self._numbers)
        values = {"code": f"cat{n}", "name": f"Catégorie {n}", "kind": "beneficiaires"}
        return self._save(Category(**(values | overrides)))

    def colleges(self, weights=(("A", 3000), ("B", 3000), ("C", 4000)), effective_from=None):
        colleges = [
            self._save(College(code=code, name=f"Collège {code}", position=i))
            for i, (code, _bp) in enumerate(weights)
        ]
        weight_set = self._save(
            CollegeWeightSet(effective_from=effective_from or date(2020, 1, 1), decision="Statuts")
        )
        for college, (_code, bp) in zip(colleges, weights, strict=True):
            self.session.add(
                CollegeWeight(weight_set_id=weight_set.id, college_id=college.id, weight_bp=bp)
            )
        self.session.commit()
        return colleges

    def member(self, **overrides):
        if "category_id" not in overrides:
            self._category = self._category or self.category()
            overrides["category_id"] = self._category.id
        n = next(self._numbers)
        values = {
            "number": n,
            "first_name": "Prénom",
            "last_name": f"Associé{n}",
            "email": f"associe{n}@exemple.fr",
            "status": "admitted",
            "admitted_on": date(2021, 1, 1),
        }
        return self._save(Member(**(values | overrides)))

    def user(self, *roles, member=None, email=None, password=PASSWORD):
        roles = roles or ("member",)
        if "member" in roles and member is None:
            member = self.member()
        email = email or (member.email if member else f"staff{next(self._numbers)}@exemple.fr")
        user = create_user(
            self.session, email, email.split("@")[0], roles, member=member, password=password
        )
        self.session.commit()
        return user

    def subscribe(self, member, parts, paid_cents=None, on=None):
        """Put ``parts`` in the ledger for ``member`` (fully paid unless told), without the
        services' checks: a quick starting capital for a test."""
        coop = self.session.exec(select(Cooperative).order_by(Cooperative.id)).first()
        amount = parts * coop.share_nominal_cents
        on = on or member.admitted_on or date(2021, 1, 1)
        self.session.add(
            ShareMovement(
                member_id=member.id,
                kind="subscription",
                parts=parts,
                amount_cents=amount,
                occurred_on=on,
            )
        )
        paid = amount if paid_cents is None else paid_cents
        if paid:
            self.session.add(
                ShareMovement(
                    member_id=member.id, kind="payment", amount_cents=paid, occurred_on=on
                )
            )
        self.session.commit()
        return member

    def meeting(self, **overrides):
        """A meeting in 30 days (an AGO draft unless told), written directly."""
        from datetime import timedelta

        from scic.models import Meeting
        from scic.models.types import utcnow

        starts_at = overrides.pop("starts_at", None) or utcnow().replace(
            second=0, microsecond=0
        ) + timedelta(days=30)
        values = {
            "kind": "AGO",
            "title": "Assemblée de test",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "place": "Salle du jardin",
        }
        return self._save(Meeting(**(values | overrides)))

    def agenda_item(self, meeting, **overrides):
        from sqlmodel import func

        from scic.models import AgendaItem

        last = self.session.exec(
            select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
        ).one()
        n = (last or 0) + 1
        values = {"meeting_id": meeting.id, "position": n, "title": f"Point {n}"}
        return self._save(AgendaItem(**(values | overrides)))

    def resolution(self, meeting, **overrides):
        from sqlmodel import func

        from scic.models import Resolution

        last = self.session.exec(
            select(func.max(Resolution.number)).where(Resolution.meeting_id == meeting.id)
        ).one()
        values = {
            "meeting_id": meeting.id,
            "number": (last or 0) + 1,
            "title": "Approbation du budget",
            "text": "L'assemblée approuve le budget.",
        }
        return self._save(Resolution(**(values | overrides)))

    def roll(self, meeting, members=None, status="convened"):
        """Freeze ``meeting``'s roll on ``members`` (default: every admitted member) as a
        convocation would, without sending anything."""
        from scic.models import RollEntry
        from scic.models.types import utcnow

        if members is None:
            members = self.session.exec(select(Member).where(Member.status == "admitted")).all()
        for member in members:
            self.session.add(
                RollEntry(meeting_id=meeting.id, member_id=member.id, college_id=member.college_id)
            )
        meeting.roll_frozen_at = meeting.roll_frozen_at or utcnow()
        meeting.convened_at = meeting.convened_at or utcnow()
        meeting.status = status
        return self._save(meeting)
