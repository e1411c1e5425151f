"""Factory helpers: sensible defaults, overrides by keyword, committed rows."""

from datetime import date
from itertools import count

from scic.models import Category, College, CollegeWeight, CollegeWeightSet, Cooperative, Member
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
