"""Colleges and their weights, validated by the tally engine's own rules."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

import scic.services.colleges as colleges_service
from scic.models import CollegeWeight, CollegeWeightSet
from scic.services import ServiceError
from scic.services.colleges import (
    college_overview,
    create_college,
    record_weights,
    save_category,
    update_college,
    weight_history,
    weights_in_force,
)
from votes import CollegeError


@pytest.fixture
def three(db, factory):
    factory.cooperative()
    return [create_college(db, code, f"Collège {code}") for code in ("sal", "usa", "sou")]


def weights(colleges, *values):
    return {
        c.id: (Decimal(v) if v is not None else None) for c, v in zip(colleges, values, strict=True)
    }


def sets(db) -> int:
    return db.exec(select(func.count()).select_from(CollegeWeightSet)).one()


def test_colleges_are_created_with_unique_upper_case_codes(db, three):
    assert [c.code for c in three] == ["SAL", "USA", "SOU"]
    assert [c.position for c in three] == [1, 2, 3]
    with pytest.raises(ServiceError, match="déjà utilisé"):
        create_college(db, "Sal", "Doublon")
    with pytest.raises(ServiceError, match="1 à 10"):
        create_college(db, "trop long code", "X")
    update_college(db, three[0], "Salariés", "Les quatre salariés", 5)
    assert (three[0].name, three[0].position) == ("Salariés", 5)


@pytest.mark.parametrize(
    "values",
    [("10", "40", "50"), ("33.34", "33.33", "33.33"), ("50", "40", "10")],
)
def test_weights_within_the_law_are_recorded(db, three, values):
    weight_set = record_weights(db, weights(three, *values), date(2024, 1, 1), "AGE du 1er janvier")
    in_force = weights_in_force(db, date(2024, 6, 1))
    assert [w for _, w in in_force] == [Decimal(v) for v in values]
    assert db.exec(select(CollegeWeight.weight_bp)).all() == [int(Decimal(v) * 100) for v in values]
    assert weight_set.decision == "AGE du 1er janvier"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (("9.99", "40.01", "50"), "entre 10 % et 50 %"),
        (("10", "39.99", "50.01"), "entre 10 % et 50 %"),
        (("10", "40", "49.99"), "exactement de 100 %"),
        (("50", "50", None), "au moins 3 collèges"),
        (("33.333", "33.333", "33.334"), "centième"),
    ],
)
def test_weights_outside_the_law_are_refused(db, three, values, message):
    with pytest.raises(ServiceError, match=message):
        record_weights(db, weights(three, *values), date(2024, 1, 1), "AGE")
    assert sets(db) == 0


def test_validation_is_the_tally_engines(db, three, monkeypatch):
    def engine(colleges):
        raise CollegeError("refusé par votes.validate_colleges")

    monkeypatch.setattr(colleges_service, "validate_colleges", engine)
    with pytest.raises(ServiceError, match="refusé par votes.validate_colleges"):
        record_weights(db, weights(three, "30", "30", "40"), date(2024, 1, 1), "AGE")


def test_weight_history_is_kept_and_dated(db, three):
    record_weights(db, weights(three, "30", "30", "40"), date(2020, 1, 1), "Statuts")
    record_weights(db, weights(three, "20", "30", "50"), date(2024, 7, 1), "AGE du 20 juin 2024")
    with pytest.raises(ServiceError, match="déjà effet à cette date"):
        record_weights(db, weights(three, "20", "30", "50"), date(2024, 7, 1), "AGE")
    with pytest.raises(ServiceError, match="décision"):
        record_weights(db, weights(three, "20", "30", "50"), date(2025, 1, 1), " ")
    assert [w for _, w in weights_in_force(db, date(2024, 6, 30))][0] == Decimal(30)
    assert [w for _, w in weights_in_force(db, date(2024, 7, 1))][0] == Decimal(20)
    history = weight_history(db)
    assert [s.decision for s, _ in history] == ["AGE du 20 juin 2024", "Statuts"]
    assert history[0][1][three[2].id] == Decimal(50)


def test_a_college_with_members_keeps_a_weight(db, factory, three):
    factory.member(college_id=three[0].id)
    fourth = create_college(db, "HAB", "Habitants")
    with pytest.raises(ServiceError, match="compte 1 associé"):
        record_weights(
            db, weights([*three, fourth], None, "30", "30", "40"), date(2024, 1, 1), "AGE"
        )
    record_weights(db, weights([*three, fourth], "25", "25", "25", "25"), date(2024, 1, 1), "AGE")
    assert [(c.code, n) for c, n in college_overview(db)][0] == ("SAL", 1)


def test_categories_are_created_and_checked(db, factory):
    factory.cooperative()
    values = {"name": "Habitants", "kind": "autres", "is_public_body": False, "min_parts": 1}
    category = save_category(db, None, values | {"code": "habitants"})
    with pytest.raises(ServiceError, match="déjà utilisé"):
        save_category(db, None, values | {"code": "habitants"})
    with pytest.raises(ServiceError, match="minuscules"):
        save_category(db, None, values | {"code": "Avec espace"})
    with pytest.raises(ServiceError, match="au moins 1"):
        save_category(db, category, values | {"min_parts": 0})
    save_category(db, category, values | {"name": "Habitants du quartier", "min_parts": 2})
    assert (category.code, category.name, category.min_parts) == (
        "habitants",
        "Habitants du quartier",
        2,
    )


def test_a_category_turned_public_passes_the_50_percent_check(db, factory):
    factory.cooperative()
    category = factory.category(code="asso", kind="autres")
    other = factory.category(code="usa", kind="beneficiaires")
    factory.subscribe(factory.member(category_id=category.id), 51)
    factory.subscribe(factory.member(category_id=other.id), 49)
    values = {"name": "Associations", "kind": "autres", "is_public_body": True, "min_parts": 1}
    with pytest.raises(ServiceError, match="50 %"):
        save_category(db, category, values)
    assert not category.is_public_body
